"""Floor for the cold start: a bare PySide6 window with nothing on it, shown and painted.

    python bench/peers/qt_window.py

Why: what the toolkit alone costs on this machine, so the cold start can be read as
Legekart's own part above it.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402

app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
window.show()
window.repaint()
app.processEvents()
print("painted", flush=True)
