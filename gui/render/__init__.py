"""The one map renderer: QPainter drawing shared by the screen, PNG/SVG/PDF export and the CLI."""
