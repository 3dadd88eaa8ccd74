"""A global exception hook: a short Norwegian message, details behind a button, a log file,
and the app keeps running."""

from __future__ import annotations

import sys
import traceback

from gui.i18n import tr
from indicators.logfile import log_exception

_installed = False


def show_error(exc: BaseException, parent=None) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    where = log_exception(exc)
    if QApplication.instance() is None:
        return
    box = QMessageBox(parent or QApplication.activeWindow())
    box.setIcon(QMessageBox.Warning)
    box.setWindowTitle(tr("error.title"))
    box.setText(tr("error.unexpected"))
    # the one sentence above is for the planner; the exception itself only behind "Vis detaljer"
    box.setInformativeText(f"Logg: {where}")
    box.setDetailedText(f"{type(exc).__name__}: {exc}\n\n" + "".join(traceback.format_exception(exc)))
    box.setObjectName("errorDialog")
    box.open()  # non-blocking: the app keeps running


def install() -> None:
    """Route uncaught exceptions (including those raised in Qt slots) to ``show_error``."""
    global _installed
    if _installed:
        return

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        show_error(exc.with_traceback(tb))

    sys.excepthook = hook
    _installed = True
