"""Legekart — start the window, or run a headless subcommand.

    python main.py                 opens the map window
    python main.py info --json     lists levels and indicators
    python main.py --help          lists every subcommand
"""

from cli.main import entry

if __name__ == "__main__":
    raise SystemExit(entry())
