"""Start the Qt application and open the main window."""

from __future__ import annotations

import sys


def preload_data_layer() -> None:
    """Import the headless layers the window uses (pandas, numpy, shapely come with them) before Qt.

    Why: once PySide6 is imported, shiboken's import hook inspects the source of every
    module imported after it (looking for ``from __feature__ import …``); pandas, numpy
    and shapely are some 600 modules, and that inspection cost the window's start more
    than importing them (python -X importtime on bench.probe cold). Imported first,
    they are never inspected.
    """
    import geo.boundaries  # noqa: F401  (numpy, shapely)
    import indicators.breakdown  # noqa: F401  (pandas, the session, the gazetteer)
    import indicators.view_data  # noqa: F401
    import indicators.view_model  # noqa: F401  (psygnal)


def application(argv: list[str] | None = None):
    """The QApplication, created once (tests and the CLI reuse it)."""
    preload_data_layer()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
        app.setOrganizationName("Legekart")
        app.setApplicationName("Legekart")
    return app


def painting_app():
    """A headless QGuiApplication for fonts and painting (no window, no display needed).

    The command line's image exports use it; a QApplication already running serves too."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication(["legekart-export"])
    return app


def scratch_settings(folder: str):
    """Settings in a throwaway INI file, so a command never reads or changes the user's own."""
    from pathlib import Path

    from PySide6.QtCore import QSettings

    return QSettings(str(Path(folder) / "settings.ini"), QSettings.IniFormat)


def quiet_offscreen_warnings() -> None:
    """Drop the offscreen platform's harmless warnings so CLI stderr stays one line on error."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind, context, message):
        if "propagateSizeHints" in message or "This plugin does not support" in message:
            return
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            sys.stderr.write(message + "\n")

    qInstallMessageHandler(handler)


def run(argv: list[str] | None = None) -> int:
    app = application(argv)
    from gui import errors
    from gui.main_window import MainWindow

    errors.install()
    window = MainWindow()
    window.show()
    from gui import recovery

    recovery.install(window)
    return app.exec()
