"""The import dialogs, driven programmatically: nothing changes before OK; errors in Norwegian."""

from __future__ import annotations

import warnings

import pytest
from import_files import big_csv, ten_municipalities, write_csv, write_xlsx
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox

import gui.boundary_dialog as bd
import gui.import_dialog as idlg
from indicators.session import Session

WAIT = 30_000


def _state(s: Session):
    return len(s.observations.frame), sorted(s.catalogue.indicators), len(s.imports), sorted(s.boundary_layers)


@pytest.fixture
def table(tmp_path):
    rows = [["Statistikk over fastleger 2023"], [], ["Kommunenr", "Kommune", "Lister uten fast lege", "Lister"]]
    rows += [[c, n, num, den] for c, n, num, den in ten_municipalities()]
    rows += [["9999", "Uoppgitt", 1, 1]]
    return write_csv(tmp_path / "lister_2023.csv", rows, encoding="cp1252")


@pytest.fixture(autouse=True)
def warnings_shown(monkeypatch):
    shown = []
    monkeypatch.setattr(idlg, "_warn", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(bd, "_warn", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(bd, "_info", lambda parent, title, text: shown.append(text))
    return shown


def _open(qtbot, session, path, **kw):
    dlg = idlg.ImportDialog(None, session, str(path), lang="nb", **kw)
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.ready or bool(dlg.error), timeout=WAIT)
    return dlg


def test_ok_imports_with_the_chosen_names(qtbot, table):
    s = Session(map_vintage="2020")
    before = _state(s)
    dlg = _open(qtbot, s, table)
    assert dlg.preview_model.rowCount() == 11 and dlg.preview_model.columnCount() == 4
    assert dlg.preview_model.headerData(0, Qt.Vertical) == "4"  # file row numbers
    assert dlg.key_combo.currentText() == "Kommunenr" and dlg.level_combo.currentData() == "kommune"
    report = dlg.report_view.toPlainText()
    assert "10 av 11 rader har treff" in report and "9999" in report and "Rader uten treff" in report
    assert "Windows-1252" in report
    # the planner renames the first value column and leaves the second out
    row = next(r for r in range(dlg.values_table.rowCount())
               if dlg.values_table.item(r, idlg.C_COLUMN).text() == "Lister uten fast lege")
    other = next(r for r in range(dlg.values_table.rowCount())
                 if dlg.values_table.item(r, idlg.C_COLUMN).text() == "Lister")
    dlg.values_table.item(row, idlg.C_NAME).setText("Lister uten fast lege (egne tall)")
    dlg.values_table.item(other, idlg.C_USE).setCheckState(Qt.Unchecked)
    qtbot.waitUntil(lambda: dlg.ready, timeout=WAIT)
    assert _state(s) == before  # nothing applied while mapping
    assert dlg.buttons.button(QDialogButtonBox.Ok).isEnabled()
    dlg.buttons.button(QDialogButtonBox.Ok).click()
    assert dlg.result() == QDialog.Accepted and len(dlg.new_ids) == 1
    ind = s.indicator(dlg.new_ids[0])
    assert ind.name_nb == "Lister uten fast lege (egne tall)" and ind.origin == "lister_2023.csv"
    assert len(s.imports) == 1


def test_cancel_changes_nothing(qtbot, table):
    s = Session(map_vintage="2020")
    before = _state(s)
    dlg = _open(qtbot, s, table)
    dlg.buttons.button(QDialogButtonBox.Cancel).click()
    assert dlg.result() == QDialog.Rejected and dlg.new_ids == [] and _state(s) == before


def test_pdf_renamed_shows_a_norwegian_error(qtbot, tmp_path, warnings_shown):
    path = tmp_path / "rapport.csv"
    path.write_bytes(b"%PDF-1.4\n")
    s = Session(map_vintage="2020")
    before = _state(s)
    dlg = _open(qtbot, s, path)
    assert "PDF-dokument" in dlg.error and warnings_shown == [dlg.error]
    assert not dlg.buttons.button(QDialogButtonBox.Ok).isEnabled() and dlg.table is None
    assert "PDF" in dlg.status_label.text()
    dlg.accept()  # pressing OK anyway does nothing
    assert _state(s) == before and dlg.result() != QDialog.Accepted
    # the dialog stays usable: load a good file next
    good = write_csv(tmp_path / "ok.csv", [["knr", "antall"], ["0301", 1], ["1103", 2]])
    dlg.load(str(good))
    qtbot.waitUntil(lambda: dlg.ready, timeout=WAIT)
    assert dlg.analysis.report.matched == 2 and dlg.error == ""


@pytest.mark.parametrize("content, words", [(b"", "tom"), (b"knr;antall\n", "ingen datarader"),
                                            (bytes(range(256)) * 10, "binærdata")])
def test_bad_files_give_norwegian_reasons(qtbot, tmp_path, warnings_shown, content, words):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    dlg = _open(qtbot, Session(map_vintage="2020"), path)
    assert words in dlg.error.lower() and len(warnings_shown) == 1


def test_sheet_choice_rereads(qtbot, tmp_path):
    path = write_xlsx(tmp_path / "bok.xlsx", {
        "Forklaring": [["Tallene står i arket 2023"]],
        "2022": [["knr", "antall"], ["0301", 1]],
        "2023": [["Tabell"], ["knr", "antall"], ["0301", 5], ["4601", 7]],
    })
    s = Session(map_vintage="2020")
    dlg = _open(qtbot, s, path)
    assert [dlg.sheet_combo.itemText(i) for i in range(dlg.sheet_combo.count())] == ["Forklaring", "2022", "2023"]
    assert dlg.table.sheet == "2022" and dlg.period_edit.text() == "2022"  # the cover sheet has no table
    dlg.sheet_combo.setCurrentText("2023")
    dlg.sheet_combo.activated.emit(2)
    qtbot.waitUntil(lambda: dlg.ready and dlg.table.sheet == "2023", timeout=WAIT)
    assert dlg.analysis.report.matched == 2 and dlg.period_edit.text() == "2023"
    dlg.accept()
    from indicators.mapdata import map_frame

    assert map_frame(s, "kommune", dlg.new_ids[0]).values["4601"] == 7
    assert s.observations.frame[s.observations.frame["indicator"] == dlg.new_ids[0]]["table"].iloc[0] == "2023"


def test_level_change_is_reported_row_by_row(qtbot, table):
    dlg = _open(qtbot, Session(map_vintage="2020"), table)
    dlg.level_combo.setCurrentIndex(dlg.level_combo.findData("fylke"))
    qtbot.waitUntil(lambda: dlg.ready and dlg.analysis.plan.level == "fylke", timeout=WAIT)
    assert dlg.analysis.report.matched == 0
    assert not dlg.buttons.button(QDialogButtonBox.Ok).isEnabled()
    assert "0301 er en kommune (Oslo), ikke et fylke" in dlg.report_view.toPlainText()


def test_save_unmatched_rows(qtbot, table, tmp_path):
    dlg = _open(qtbot, Session(map_vintage="2020"), table)
    out = tmp_path / "uten_treff.csv"
    assert dlg.save_unmatched(str(out)) == 1
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("rad;årsak;") and "9999" in text


def test_long_read_can_be_cancelled(qtbot, tmp_path):
    path = big_csv(tmp_path / "stor.csv", 400_000)
    s = Session(map_vintage="2020")
    before = _state(s)
    dlg = idlg.ImportDialog(None, s, str(path), lang="nb")
    qtbot.addWidget(dlg)
    assert dlg.busy and dlg.progress.isVisible() is False or dlg.cancel_read_button is not None
    dlg.cancel_read_button.click()
    qtbot.waitUntil(lambda: not dlg.busy, timeout=WAIT)
    assert "Avbrutt" in dlg.status_label.text() and dlg.table is None
    assert _state(s) == before


def test_progress_is_reported(qtbot, tmp_path):
    path = big_csv(tmp_path / "stor.csv", 200_000)
    dlg = idlg.ImportDialog(None, Session(map_vintage="2020"), str(path), lang="nb")
    qtbot.addWidget(dlg)
    seen = []
    dlg._task.progressed.connect(lambda d, n: seen.append((d, n)))
    qtbot.waitUntil(lambda: dlg.ready, timeout=WAIT)
    assert seen and seen[-1][0] == seen[-1][1] > 0
    assert dlg.analysis.report.rows == 200_000


def test_run_import_entry_point(qtbot, table):
    s = Session(map_vintage="2020")

    def drive():
        dlg = QApplication.activeModalWidget()  # the dialog run_import is executing
        assert dlg is not None and dlg.objectName() == "importDialog"
        qtbot.waitUntil(lambda: dlg.ready, timeout=WAIT)
        dlg.accept()

    QTimer.singleShot(0, drive)
    ids = idlg.run_import(None, s, str(table))
    assert len(ids) == 2 and all(i in s.catalogue for i in ids)

    def cancel():
        dlg = QApplication.activeModalWidget()  # the dialog run_import is executing
        assert dlg is not None and dlg.objectName() == "importDialog"
        qtbot.waitUntil(lambda: dlg.ready, timeout=WAIT)
        dlg.reject()

    before = _state(s)
    QTimer.singleShot(0, cancel)
    assert idlg.run_import(None, s, str(table)) == [] and _state(s) == before


# -- boundaries ---------------------------------------------------------------------------
@pytest.fixture
def geojson(tmp_path):
    import geopandas as gpd

    from geo import boundaries

    k = boundaries.load("kommune", "2020")
    sub = k[k["code"].isin(["0301", "3001", "5401"])].copy()
    gdf = gpd.GeoDataFrame({"kommunenummer": ["0301", "3101", "5501"], "kommunenavn": ["Oslo", "Halden", "Tromsø"]},
                           geometry=list(sub.sort_values("code").geometry.simplify(1000)), crs=sub.crs).to_crs(4326)
    path = tmp_path / "kommuner2024.geojson"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gdf.to_file(path, driver="GeoJSON", engine="pyogrio")
    return path


def _open_boundary(qtbot, s, path):
    dlg = bd.BoundaryDialog(None, s, str(path), lang="nb")
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.ready or bool(dlg.error), timeout=WAIT)
    return dlg


def test_boundary_dialog_adds_a_layer_only_on_ok(qtbot, geojson):
    s = Session(map_vintage="2020")
    dlg = _open_boundary(qtbot, s, geojson)
    assert dlg.code_combo.currentText() == "kommunenummer" and dlg.name_combo.currentData() == "kommunenavn"
    assert dlg.sample.rowCount() == 3 and dlg.sample.item(1, 0).text() == "3101"
    assert "EPSG:4326" in dlg.info_label.text()
    assert s.boundary_layers == {}
    dlg.name_edit.setText("Kommuner 2024")
    dlg.accept()
    qtbot.waitUntil(lambda: dlg.result() == QDialog.Accepted, timeout=WAIT)
    layer = s.boundary_layers[dlg.layer_id]
    assert layer.name == "Kommuner 2024" and layer.codes == ["0301", "3101", "5501"]
    assert "Omregnet fra EPSG:4326" in dlg.report_view.toPlainText()
    # tables can now be imported against the new level
    dlg2 = idlg.ImportDialog(None, s, None, lang="nb")
    qtbot.addWidget(dlg2)
    assert dlg2.level_combo.findData(dlg.layer_id) >= 0


def test_boundary_dialog_cancel_and_errors(qtbot, geojson, tmp_path, warnings_shown):
    s = Session(map_vintage="2020")
    dlg = _open_boundary(qtbot, s, geojson)
    dlg.reject()
    assert s.boundary_layers == {}
    bad = write_csv(tmp_path / "ikke_grenser.csv", [["a", "b"], ["1", "2"]])
    dlg = _open_boundary(qtbot, s, bad)
    assert dlg.error.startswith("Kan ikke bruke «ikke_grenser.csv»") and warnings_shown
    assert not dlg.buttons.button(QDialogButtonBox.Ok).isEnabled() and s.boundary_layers == {}


def test_run_boundary_import_entry_point(qtbot, geojson, warnings_shown):
    s = Session(map_vintage="2020")

    def drive():
        dlg = QApplication.activeModalWidget()  # the dialog run_boundary_import is executing
        assert dlg is not None and dlg.objectName() == "boundaryDialog"
        qtbot.waitUntil(lambda: dlg.ready, timeout=WAIT)
        dlg.accept()

    QTimer.singleShot(0, drive)
    layer_id = bd.run_boundary_import(None, s, str(geojson))
    assert layer_id in s.boundary_layers and any("3 enheter" in w for w in warnings_shown)
