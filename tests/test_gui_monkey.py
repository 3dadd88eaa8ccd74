"""A GUI monkey: a fixed-seed run of random clicks, keys, switches, imports of generated
files (good and bad) and undo/redo. Any unhandled exception fails the test (pytest-qt
reports exceptions raised inside Qt handlers)."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from geo.gazetteer import gazetteer
from gui import import_dialog as idlg
from gui.main_window import MainWindow

STEPS = 160
KEYS = [Qt.Key_Plus, Qt.Key_Minus, Qt.Key_Left, Qt.Key_Right, Qt.Key_Up, Qt.Key_Down, Qt.Key_Home]


def generated_file(tmp_path, rnd: random.Random, i: int):
    """Synthetic test files: a good municipality table, or a hostile one."""
    kind = rnd.choice(["good", "good", "empty", "binary", "pdf", "headers"])
    path = tmp_path / f"fil_{i}.csv"
    if kind == "good":
        codes = rnd.sample([u.code for u in gazetteer("2020").level_units("kommune")], 40)
        df = pd.DataFrame({"Kommunenr": [c.lstrip("0") for c in codes],
                           "Andel (%)": [f"{v:.1f}".replace(".", ",")
                                         for v in np.random.default_rng(i).uniform(0, 30, 40)]})
        df.to_csv(path, sep=";", index=False, encoding="utf-8-sig")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "binary":
        path.write_bytes(bytes(rnd.getrandbits(8) for _ in range(400)))
    elif kind == "pdf":
        path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n")
    else:
        path.write_text("Kommunenr;Verdi\n", encoding="utf-8")
    return path, kind


@pytest.fixture()
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("LEGEKART_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setattr(idlg, "_warn", lambda *a: None)  # the Norwegian message box, recorded by other tests
    w = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat), restore=False)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


def drive_import_dialog(qtbot, accept: bool) -> None:
    def step():
        dlg = QApplication.activeModalWidget()  # the dialog import_data is executing
        if dlg is None or dlg.objectName() != "importDialog":
            return
        qtbot.waitUntil(lambda: dlg.ready or bool(dlg.error), timeout=20000)
        if accept and dlg.ready:
            dlg.accept()
        else:
            dlg.reject()

    QTimer.singleShot(0, step)


def test_monkey(window, qtbot, tmp_path):
    rnd = random.Random(2020)
    canvas = window.canvas
    imported = 0
    for i in range(STEPS):
        action = rnd.choice(["click", "click", "key", "level", "indicator", "period", "style", "import",
                             "undo", "undo", "redo", "search", "wheel", "lang", "remove"])
        if action == "click":
            pos = QPoint(rnd.randrange(canvas.width()), rnd.randrange(canvas.height()))
            qtbot.mouseClick(canvas, Qt.LeftButton, pos=pos)
        elif action == "key":
            qtbot.keyClick(canvas, rnd.choice(KEYS))
        elif action == "wheel":
            canvas.zoom(rnd.choice([1.25, 0.8]))
        elif action == "level":
            window.controls.level.setCurrentIndex(rnd.randrange(window.controls.level.count()))
        elif action == "indicator":
            combo = window.controls.indicator
            combo.setCurrentIndex(rnd.randrange(combo.count()))
        elif action == "period":
            if window.controls.period.count():
                window.controls.period.setCurrentIndex(rnd.randrange(window.controls.period.count()))
        elif action == "style":
            if window.controls.method.isEnabled():
                window.controls.method.setCurrentIndex(rnd.randrange(window.controls.method.count()))
                window.controls.classes.setValue(rnd.randint(3, 7))
                window.controls.breaks.setText(rnd.choice(["", "1; 2; 3", "x", "5,5"]))
                window.controls.breaks.editingFinished.emit()
        elif action == "import":
            path, kind = generated_file(tmp_path, rnd, i)
            drive_import_dialog(qtbot, accept=True)
            before = len([x for x in window.session.catalogue if x.is_imported])
            window.import_data(str(path))
            after = len([x for x in window.session.catalogue if x.is_imported])
            if kind != "good":
                assert after == before, kind  # a bad file never changes the session
            imported += after > before
        elif action == "undo":
            window.undo()
        elif action == "redo":
            window.redo()
        elif action == "search":
            window.search.search(rnd.choice(["Kárášjohka", "bodø", "50", "helse nord", "zzz", "Oslo"]))
        elif action == "lang":
            window.set_language(rnd.choice(["nb", "en"]))
        elif action == "remove":
            window.remove_imported_indicator() if window.session.catalogue.get(window.view.indicator).is_imported \
                else None
        QApplication.processEvents()
        # the window stays consistent after every step
        assert window.view.indicator in window.session.catalogue
        assert window.doc is not None and window.doc.view is window.view
    assert imported >= 1  # the run exercised successful imports too
    window.close()


def test_undo_actions_follow_the_stack(window):
    undo, redo = window._actions["action.undo"], window._actions["action.redo"]
    assert not undo.isEnabled() and not redo.isEnabled()
    start = window.view.level
    window.controls.set_level("helseregion")
    assert undo.isEnabled() and not redo.isEnabled()
    window.undo()
    assert window.view.level == start and redo.isEnabled() and not undo.isEnabled()
    window.redo()
    assert window.view.level == "helseregion"
