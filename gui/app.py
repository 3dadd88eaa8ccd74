"""Start the Qt application and open the main window."""

from __future__ import annotations

import sys


def preload_data_layer() -> None:
    """Import the headless layers the window uses (pandas, numpy, shapely come with them) before Qt.

    Why: once PySide6 is imported, shiboken's import hook inspects the source of every
    module imported after it (looking for ``from __feature__ import …``); pandas, numpy
    and shapely are some 600 modules, and that inspection cost the window's start more
    than importing them (python -X importtime on bench.probe cold). Imported first (and
    marked by :func:`skip_feature_scan`, as the hook also reads a module's source when a
    later import statement names it), they are never inspected. The same goes for the
    smaller modules Session() and the window import at start anyway (issue 15).
    """
    import geo.boundaries  # noqa: F401  (numpy, shapely)
    import geo.disk_cache  # noqa: F401
    import indicators.breakdown  # noqa: F401  (pandas, the session, the gazetteer)
    import indicators.bundle  # noqa: F401
    import indicators.change  # noqa: F401
    import indicators.note_text  # noqa: F401
    import indicators.ssb.bundled  # noqa: F401
    import indicators.ssb.store  # noqa: F401
    import indicators.view_data  # noqa: F401
    import indicators.view_model  # noqa: F401  (psygnal)


def skip_feature_scan() -> None:
    """Tell shiboken's import hook that the modules imported so far use no PySide ``__feature__``.

    Why: once PySide6 is imported, the hook reads the whole source (``inspect.getsource``) of
    every module the first time an import statement names it, however long ago it was
    imported: numpy, typing, logging, the data layer — some 57 modules and ~14 ms of the cold
    start (issue 15), to learn whether the text says "PySide6". A module imported before this
    window's Qt set-up selected no feature (that needs ``from __feature__ import``, which this
    project never uses), so it gets the hook's own answer for such modules, -1 ("ignore").
    The window's own modules (~30 read at start, ~6 ms) get the answer the hook gives a module
    that names PySide6, 0 ("no feature"), before they are imported. ``shibokensupport.feature``
    is PySide's internal module (PySide 6.8–6.11); without it this does nothing.
    """
    try:
        from shibokensupport.feature import pyside_feature_dict
    except ImportError:  # pragma: no cover - another PySide layout
        return
    own = ("gui", "PySide6", "shiboken6", "shibokensupport", "__main__", "__feature__")
    for name in list(sys.modules):
        if name.partition(".")[0] not in own:
            pyside_feature_dict.setdefault(name, -1)
    import os

    root = os.path.dirname(os.path.abspath(__file__))
    for folder, package in ((root, "gui"), (os.path.join(root, "render"), "gui.render")):
        for entry in os.scandir(folder):  # pkgutil.walk_packages took ~15 ms for the same names
            if entry.name.endswith(".py"):
                pyside_feature_dict.setdefault(f"{package}.{entry.name[:-3]}".removesuffix(".__init__"), 0)


def application(argv: list[str] | None = None):
    """The QApplication, created once (tests and the CLI reuse it)."""
    preload_data_layer()
    from gui.qt_support_code import remembered_compiles

    with remembered_compiles():
        from PySide6.QtWidgets import QApplication

    skip_feature_scan()

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
    from gui.qt_support_code import remembered_compiles

    with remembered_compiles():
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
