"""Issue 17 in the window: the same refusals reach the import and boundary dialogs in
Norwegian (never an exception's text), and the dialog and the window stay usable."""

from __future__ import annotations

import hostile_files as hf
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

import gui.boundary_dialog as bd
import gui.import_dialog as idlg
from indicators.importer import ImportFailure, read_table
from indicators.importer.boundaries import BoundaryImportError, load_boundary_layer
from indicators.session import Session

WAIT = 30_000


@pytest.fixture(autouse=True)
def shown(monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(idlg, "_warn", lambda parent, title, text: seen.append(text))
    monkeypatch.setattr(bd, "_warn", lambda parent, title, text: seen.append(text))
    monkeypatch.setattr(bd, "_info", lambda parent, title, text: seen.append(text))
    return seen


def _nb_failure(path) -> str:
    with pytest.raises(ImportFailure) as info:
        read_table(path)
    return info.value.message("nb")


@pytest.mark.parametrize("make", [hf.xlsx_damaged_deflate, hf.xlsx_billion_laughs, hf.xlsx_thirty_million_rows,
                                  hf.csv_ten_thousand_columns, hf.named_pipe, hf.long_path])
def test_import_dialog_says_the_cli_reason_in_norwegian_and_stays_usable(qtbot, tmp_path, shown, make):
    path = make(tmp_path)
    expected = _nb_failure(path)
    s = Session()
    dlg = idlg.ImportDialog(None, s, str(path), lang="nb")
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: bool(dlg.error), timeout=WAIT)
    assert expected in dlg.error and shown == [dlg.error]
    assert "Error" not in dlg.error and "Traceback" not in dlg.error  # no exception text
    assert not dlg.buttons.button(QDialogButtonBox.Ok).isEnabled() and s.imports == []
    good = hf.write_csv(tmp_path / "ok.csv", hf.table_rows(10))
    dlg.load(str(good))
    qtbot.waitUntil(lambda: dlg.ready, timeout=WAIT)
    assert dlg.analysis.report.matched == 10 and dlg.error == ""


def test_import_dialog_reports_what_was_repaired(qtbot, tmp_path):
    dlg = idlg.ImportDialog(None, Session(), str(hf.csv_few_error_cells(tmp_path)), lang="nb")
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.ready, timeout=WAIT)
    antall = next(v for v in dlg.analysis.report.value_columns if v.column == "antall")
    assert antall.failures == 3 and "feilverdi" in antall.failure_examples[0]["reason"].text("nb")


@pytest.mark.parametrize("kind", ["utm_declared_wgs84", "lonlat_declared_utm", "shapefile_without_dbf",
                                  "deep_wrapped"])
def test_boundary_dialog_says_the_loader_reason_in_norwegian(qtbot, tmp_path, shown, kind):
    path = hf.boundary_variant(tmp_path, kind)
    with pytest.raises(BoundaryImportError) as info:
        load_boundary_layer(path)
    expected = info.value.message("nb")
    s = Session()
    dlg = bd.BoundaryDialog(None, s, str(path), lang="nb")
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.ready or bool(dlg.error), timeout=WAIT)
    if not dlg.error:  # the file could be inspected: the refusal comes when the layer is loaded
        dlg.accept()
        qtbot.waitUntil(lambda: bool(dlg.error), timeout=WAIT)
    assert expected in dlg.error and shown == [dlg.error] and s.boundary_layers == {}
    ok = tmp_path / "ok"
    ok.mkdir()
    dlg.open_file(str(hf.boundary_variant(ok, "utm_undeclared")))  # the dialog is still usable
    qtbot.waitUntil(lambda: dlg.ready, timeout=WAIT)
    dlg.accept()
    qtbot.waitUntil(lambda: bool(s.boundary_layers), timeout=WAIT)


def test_window_keeps_its_work_when_a_project_is_refused_and_says_what_it_fixed(qtbot, tmp_path, monkeypatch):
    from gui import project_actions
    from gui.main_window import MainWindow, finish_warm_up

    boxes: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: boxes.append(("warning", text)))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: boxes.append(("info", text)))
    w = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat), restore=False)
    qtbot.addWidget(w)
    session = w.session
    (tmp_path / "a").mkdir()
    assert not project_actions.open_project(w, str(hf.project_variant(tmp_path / "a", "flipped_bit")))
    assert boxes[-1][0] == "warning" and "skadet" in boxes[-1][1] and "uendret" in boxes[-1][1]
    assert w.session is session
    (tmp_path / "b").mkdir()
    assert project_actions.open_project(w, str(hf.project_variant(tmp_path / "b", "view_layer")))
    from indicators.view import DEFAULT_LEVEL

    assert boxes[-1][0] == "info" and "lag_finnes_ikke" in boxes[-1][1] and f"viser {DEFAULT_LEVEL}" in boxes[-1][1]
    assert w.view.level == DEFAULT_LEVEL and "lag_test" in w.session.boundary_layers
    finish_warm_up()  # the window's background import must not be cut off when the tests end
