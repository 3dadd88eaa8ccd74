"""Autosave, crash recovery and project open/save in the window."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from gui import recovery
from gui.main_window import MainWindow
from indicators import project_file
from indicators.project_file import Project
from indicators.view import ViewState
from tests.test_project_file import imported_session


@pytest.fixture()
def state(tmp_path, monkeypatch):
    monkeypatch.setenv("LEGEKART_STATE_DIR", str(tmp_path / "state"))
    return tmp_path


def window(qtbot, tmp_path, **kw):
    w = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat), restore=False, **kw)
    qtbot.addWidget(w)
    return w


def test_unclean_exit_offers_restore_and_brings_work_back(qtbot, state, monkeypatch):
    # a "previous run": autosaved work and a lock left by a process that no longer exists
    recovery.state_dir()
    view = ViewState(map_vintage="2020", level="kommune", indicator="test_andel", period="2000", selection="1841")
    recovery.autosave(Project(imported_session(), view))
    recovery.lock_path().write_text(json.dumps({"pid": 2 ** 22 + 12345}))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.Yes)
    w = window(qtbot, state)
    recovery.install(w)
    assert asked, "the user was asked"
    assert w.view.indicator == "test_andel" and w.view.selection == "1841"
    assert "test_andel" in w.session.catalogue
    assert w.doc.frame.has_data
    # and this window now holds the lock and keeps autosaving
    assert json.loads(recovery.lock_path().read_text())["pid"] > 0
    w.close()
    assert not recovery.lock_path().exists() and not recovery.recovery_path().exists()


def test_clean_start_does_not_ask(qtbot, state, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("should not ask"))
    w = window(qtbot, state)
    recovery.install(w)
    assert recovery.recovery_path().exists()  # first autosave happened
    w.close()


def test_autosave_after_import(qtbot, state):
    w = window(qtbot, state)
    recovery.install(w)
    s = imported_session()
    ind = s.catalogue.get("test_andel")
    w.session.add_indicator(ind, s.observations.frame[s.observations.frame.indicator == "test_andel"])
    w.after_session_change("test_andel")
    saved = project_file.load(recovery.recovery_path())
    assert "test_andel" in saved.session.catalogue
    w.close()


def test_save_and_open_project_in_window(qtbot, state, monkeypatch):
    from gui import project_actions

    w = window(qtbot, state, session=imported_session())
    w.controls.set_level("kommune")
    w.controls.set_indicator("test_andel")
    w.select_unit("kommune", "5001")
    target = state / "arbeid.legekart"
    monkeypatch.setattr("gui.project_actions.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), ""))
    assert project_actions.save_project(w)
    w2 = window(qtbot, state)
    assert project_actions.open_project(w2, str(target))
    assert (w2.view.level, w2.view.indicator, w2.view.selection) == ("kommune", "test_andel", "5001")
    assert w2.breakdown.current.unit.code == "5001"


def test_opening_a_bad_file_keeps_current_work(qtbot, state, monkeypatch):
    from gui import project_actions

    w = window(qtbot, state, session=imported_session())
    w.controls.set_indicator("test_andel")
    bad = state / "bad.legekart"
    bad.write_bytes(b"%PDF-1.4 renamed")
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    assert not project_actions.open_project(w, str(bad))
    assert shown and "ikke et Legekart-prosjekt" in shown[0]
    assert w.view.indicator == "test_andel" and "test_andel" in w.session.catalogue
