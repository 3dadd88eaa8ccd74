"""Test setup: Qt runs offscreen; paths to the optional shared seed folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LEGEKART_LOG_DIR", str(Path(__file__).resolve().parent / ".logs"))
os.environ.setdefault("LEGEKART_CACHE_DIR", str(Path(__file__).resolve().parent / ".logs" / "cache"))
# a planner's own SSB updates must never leak into the tests (and tests never write to theirs)
os.environ.setdefault("LEGEKART_DATA_DIR", str(Path(__file__).resolve().parent / ".logs" / "data"))

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the checkout (optional extra check)")
    return SEEDS


@pytest.fixture(autouse=True)
def _norwegian_by_default():
    """The UI language is process-wide; a test that switches to English must not leak it."""
    yield
    try:
        from gui import i18n
    except ImportError:  # pragma: no cover - Qt-free test runs
        return
    i18n.set_language("nb")


@pytest.fixture()
def make_window(qtbot, tmp_path):
    """A main window on a fresh session with its own settings file, shown and exposed."""

    def make(size: tuple[int, int] = (1024, 700), view=None, session=None, reset_view: bool = True):
        from PySide6.QtCore import QSettings

        from gui.main_window import MainWindow
        from indicators.session import Session

        extra = {} if view is None else {"view": view}
        w = MainWindow(session=session or Session(), settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat),
                       restore=False, **extra)
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        qtbot.waitExposed(w)
        if reset_view:
            w.canvas.reset_view()
        return w

    return make


@pytest.fixture()
def unshown(qtbot, tmp_path):
    """A window built but never shown (so never painted): the cold-start tests' window."""
    from PySide6.QtCore import QSettings

    from gui.main_window import MainWindow
    from indicators.session import Session

    def make(view=None):
        w = MainWindow(session=Session(), settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat),
                       restore=False, **({} if view is None else {"view": view}))
        qtbot.addWidget(w)
        return w

    return make
