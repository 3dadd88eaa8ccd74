"""Command-line interface: headless subcommands that share the app's numbers."""
