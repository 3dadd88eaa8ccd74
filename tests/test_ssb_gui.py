"""Fil → Oppdater tall fra SSB…: report before apply, Norwegian failures, cancel, revert, window reload."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from ssb_fake import FakeSsb, encode, synthetic_12005
from test_ssb_update import CODES, OLD_YEARS, served

from gui.ssb_dialog import SsbUpdateDialog
from indicators.ssb import store
from indicators.ssb.snapshot import Snapshot, user_snapshot_path

WAIT = 30_000


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("LEGEKART_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def fake():
    f = FakeSsb(encode(served())).start()
    yield f
    f.stop()


def _dialog(qtbot, fake, **kw) -> SsbUpdateDialog:
    dlg = SsbUpdateDialog(None, lang="nb", base=fake.base, **kw)
    qtbot.addWidget(dlg)
    return dlg


def _fetch(qtbot, dlg):
    dlg.fetch()
    assert dlg.busy and dlg.cancel_button.isVisibleTo(dlg) and not dlg.fetch_button.isEnabled()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=WAIT)


def test_report_first_then_apply(qtbot, fake, data_dir):
    dlg = _dialog(qtbot, fake)
    assert not dlg.apply_button.isEnabled() and not dlg.revert_button.isEnabled()
    _fetch(qtbot, dlg)
    text = dlg.report_view.toPlainText()
    assert "351 kommuner" in text and "Nye år:" in text and "2026" in text
    assert "Ingenting er endret før du trykker" in dlg.status_label.text()
    assert not user_snapshot_path("12005").exists()  # nothing written before apply
    assert dlg.apply_button.isEnabled()
    dlg.apply_button.click()
    assert dlg.changed and "De nye tallene er tatt i bruk" in dlg.status_label.text()
    assert "2026" in Snapshot.read(user_snapshot_path("12005")).years()
    assert "din oppdatering" in dlg.in_use_label.text() and dlg.revert_button.isEnabled()
    dlg.revert_button.click()
    assert not user_snapshot_path("12005").exists() and "medfølgende tallene igjen" in dlg.status_label.text()


@pytest.mark.parametrize("mode, words", [
    ("http500", "SSBs API svarte med feil 500"),
    ("garbage", "Svaret fra SSB er ikke JSON"),
    ("layout", "annen form enn Legekart kjenner"),
    ("truncated", "ble avbrutt underveis"),
])
def test_failures_are_one_norwegian_sentence_and_change_nothing(qtbot, fake, data_dir, mode, words):
    before_snap = synthetic_12005(CODES, OLD_YEARS)
    path = store.apply(before_snap)
    before = path.read_bytes()
    fake.mode = mode
    dlg = _dialog(qtbot, fake)
    _fetch(qtbot, dlg)
    assert words in dlg.status_label.text() and "Ingenting er endret" in dlg.status_label.text()
    assert "Error" not in dlg.status_label.text() and not dlg.apply_button.isEnabled()
    assert path.read_bytes() == before and not dlg.changed


def test_slow_answer_times_out_in_norwegian(qtbot, fake, data_dir):
    fake.mode, fake.delay = "slow", 5.0
    dlg = _dialog(qtbot, fake, timeout=0.3)
    _fetch(qtbot, dlg)
    assert "svarte ikke innen 0,3 sekunder" in dlg.status_label.text()


def test_cancel_while_waiting(qtbot, fake, data_dir):
    fake.mode, fake.delay = "slow", 3.0
    dlg = _dialog(qtbot, fake, timeout=10)
    dlg.fetch()
    dlg.cancel_button.click()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=WAIT)
    assert "avbrutt" in dlg.status_label.text() and dlg.prepared is None
    assert not user_snapshot_path("12005").exists()


def test_window_menu_opens_the_dialog_and_reloads_after_apply(qtbot, tmp_path, fake, data_dir, monkeypatch):
    import mapclassify  # noqa: F401  (the window's warm-up import then has nothing left to do at exit)

    from gui import ssb_dialog
    from gui.main_window import MainWindow

    w = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat), restore=False)
    qtbot.addWidget(w)
    act = w._actions["action.ssb_update"]
    assert act.text() == "Oppdater tall fra &SSB…"
    assert act in w.file_menu.actions()
    reloaded = []
    monkeypatch.setattr(w, "reload_ssb_data", lambda: reloaded.append(True))
    monkeypatch.setattr(ssb_dialog, "run_ssb_update", lambda parent: True)
    act.trigger()
    assert reloaded == [True]
    monkeypatch.setattr(ssb_dialog, "run_ssb_update", lambda parent: False)
    act.trigger()
    assert reloaded == [True]


def test_the_window_shows_the_new_year_after_an_update(qtbot, tmp_path, fake, data_dir):
    import mapclassify  # noqa: F401  (the window's warm-up import then has nothing left to do at exit)

    from gui.main_window import MainWindow
    from indicators import observations
    from indicators.ssb import update

    observations._bundled.cache_clear()
    try:
        w = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat), restore=False)
        qtbot.addWidget(w)
        w.view.indicator, w.view.period = "ssb_andel_pasienter_uten_lege", None
        w.refresh_map()
        assert w.doc.frame.period == "2025"
        update.apply(update.prepare("12005", base=fake.base))
        w.reload_ssb_data()
        assert w.doc.frame.period == "2026" and "2026" in w.session.periods("ssb_andel_pasienter_uten_lege")
        store.revert("12005")
        w.reload_ssb_data()
        assert w.doc.frame.period == "2025"
    finally:
        observations._bundled.cache_clear()
