"""Tables downloaded by hand from SSB's StatBank, imported as they are (every layout PxWeb writes).

The planner's case from issue 16: Nordland, two variables × 40 municipalities × 2023–2025.
Read as an ordinary table, half the rows were dropped as duplicates; here every
variable is a column named by its label, every year a period, and nothing is dropped.
"""

from __future__ import annotations

import json
import random

import pytest
from import_files import write_xlsx

from cli.main import main
from geo.crosswalk import municipality_codes
from indicators.importer import analyse, guess_plan, import_file, read_table
from indicators.importer.statbank import StatbankTable, split_label
from indicators.session import Session

TITLE = "12005: Fastlegeordningen - nøkkeltall, etter region, statistikkvariabel og år"
SHARE = "Andel pasienter på liste uten lege (prosent)"
LENGTH = "Gjennomsnittlig listelengde (antall)"
YEARS = ["2023", "2024", "2025"]
NORDLAND = [(c, n) for c, n in municipality_codes("2024").items() if c.startswith("18")][:40]


def _value(code: str, var: str, year: str) -> str:
    r = random.Random(f"{code}{var}{year}")
    if var == SHARE:
        return f"{r.randint(0, 300) / 10:.1f}".replace(".", ",")
    return str(r.randint(500, 1300))


def _cells():
    """(region, variable, year) -> cell text, with SSB's symbols in a few places."""
    out = {}
    for c, n in NORDLAND:
        for var in (SHARE, LENGTH):
            for y in YEARS:
                out[(f"{c} {n}", var, y)] = _value(c, var, y)
    out[(f"{NORDLAND[0][0]} {NORDLAND[0][1]}", SHARE, "2025")] = ".."
    out[(f"{NORDLAND[1][0]} {NORDLAND[1][1]}", SHARE, "2025")] = ":"
    out[(f"{NORDLAND[2][0]} {NORDLAND[2][1]}", SHARE, "2025")] = "-"
    return out


def _write(path, lines: list[list[str]], encoding="utf-8"):
    text = "\n".join(";".join(f'"{c}"' if c and not c[0].isdigit() and c not in ("..", ":", "-") else c
                              for c in row) for row in lines)
    path.write_text(text + "\n", encoding=encoding)
    return path


def years_as_columns(path):
    cells = _cells()
    rows = [[TITLE], [], ["region", "statistikkvariabel", *YEARS]]
    for c, n in NORDLAND:
        for var in (SHARE, LENGTH):
            rows.append([f"{c} {n}", var, *[cells[(f"{c} {n}", var, y)] for y in YEARS]])
    return _write(path, rows)


def _check_nordland(d: dict, layout: str) -> None:
    assert [v["column"] for v in d["value_columns"]] == [SHARE, LENGTH]
    assert d["periods"] == YEARS and d["period_column"] == "år"
    assert d["duplicates_count"] == 0 and d["matched"] == 120 and d["unmatched_count"] == 0
    assert d["statbank"]["table"] == "12005" and d["statbank"]["layout"] == layout
    share, length = d["value_columns"]
    assert (share["kind"], share["unit"]) == ("ratio", "%")
    assert length["unit"] == "antall"
    assert share["values"] == 118 and share["missing"] == 2  # '-' is a zero value, '..' and ':' missing
    assert length["values"] == 120
    assert ({v["bundled"]["code"] for v in d["statbank"]["variables"]}
            == {"KOSandelpasiente0000", "KOSgjsnlisteleng0000"})


def _dry_run(capsys, path) -> dict:
    code = main(["import", str(path), "--dry-run", "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def test_statbank_csv_contract_one_column_per_variable_years_as_periods_no_duplicates(capsys, tmp_path):
    d = _dry_run(capsys, years_as_columns(tmp_path / "nordland.csv"))
    _check_nordland(d, "years_as_columns")
    notes = " ".join(d["notes"])
    assert "1 cells with '-' read as 0" in notes and "2 cells with '..', '...' or ':' are missing" in notes
    assert "read as missing values, not zero" not in notes
    assert "bundled SSB indicator KOSandelpasiente0000" in notes


def test_values_zero_and_missing_reach_the_session_with_the_ssb_source(tmp_path):
    s = Session()
    ids, analysis, table = import_file(s, years_as_columns(tmp_path / "nordland.csv"))
    assert isinstance(table, StatbankTable) and len(ids) == 2
    share = s.catalogue.get(ids[0])
    assert share.name_nb == "Andel pasienter på liste uten lege" and share.unit == "%"
    assert share.sources == ("Statistisk sentralbyrå, tabell 12005",)
    obs = s.observations.frame
    rows = obs[(obs["indicator"] == ids[0]) & (obs["level"] == "kommune") & (obs["period"] == "2025")]
    c0, c2 = NORDLAND[0][0], NORDLAND[2][0]
    from geo.crosswalk import crosswalk

    to2020 = dict(zip(crosswalk("2024", "2020")["code_from"], crosswalk("2024", "2020")["code_to"]))
    by_code = dict(zip(rows["code"], rows["value"]))
    assert by_code.get(to2020[c2]) == 0.0  # '-' is zero
    assert to2020[c0] not in by_code or by_code[to2020[c0]] != by_code[to2020[c0]]  # '..' stays missing
    assert set(rows.loc[rows["code"].isin([to2020[c2]]), "source"]) == {"Statistisk sentralbyrå, tabell 12005"}


def test_regions_as_columns(capsys, tmp_path):
    cells = _cells()
    regions = [f"{c} {n}" for c, n in NORDLAND]
    rows = [[TITLE], [], ["statistikkvariabel", "år", *regions]]
    for var in (SHARE, LENGTH):
        for y in YEARS:
            rows.append([var, y, *[cells[(r, var, y)] for r in regions]])
    _check_nordland(_dry_run(capsys, _write(tmp_path / "t.csv", rows)), "regions_as_columns")


def test_long_layout_from_the_api_csv(capsys, tmp_path):
    cells = _cells()
    rows = [["region", "statistikkvariabel", "år", TITLE]]
    for (r, var, y), v in cells.items():
        rows.append([r, var, y, v])
    _check_nordland(_dry_run(capsys, _write(tmp_path / "long.csv", rows)), "long")


def test_variables_as_columns(capsys, tmp_path):
    cells = _cells()
    rows = [[TITLE], [], ["region", "år", SHARE, LENGTH]]
    for c, n in NORDLAND:
        for y in YEARS:
            rows.append([f"{c} {n}", y, cells[(f"{c} {n}", SHARE, y)], cells[(f"{c} {n}", LENGTH, y)]])
    _check_nordland(_dry_run(capsys, _write(tmp_path / "vars.csv", rows)), "variables_as_columns")


def test_xlsx_with_merged_region_cells_and_a_footer(capsys, tmp_path):
    cells = _cells()
    rows = [[TITLE], [], ["region", "statistikkvariabel", *YEARS]]
    for c, n in NORDLAND:
        for k, var in enumerate((SHARE, LENGTH)):
            vals = []
            for y in YEARS:
                t = cells[(f"{c} {n}", var, y)]
                vals.append(float(t.replace(",", ".")) if t[0].isdigit() else t)
            rows.append([f"{c} {n}" if k == 0 else None, var, *vals])  # merged cell: blank below
    rows += [[], ["Kilde: Statistisk sentralbyrå"], ["Merknad: tallene for 2025 er foreløpige"]]
    d = _dry_run(capsys, write_xlsx(tmp_path / "nordland.xlsx", {"Tabell": rows}))
    _check_nordland(d, "years_as_columns")
    assert d["statbank"]["footer_rows"] == 2 and "2 line(s) below the table" in " ".join(d["notes"])


def test_json_stat2_file_saved_from_the_api_console(capsys, tmp_path):
    from ssb_fake import encode, synthetic_12005

    snap = synthetic_12005([c for c, _ in NORDLAND], YEARS)
    snap.region_names.update({c: n for c, n in NORDLAND})
    doc = encode(snap, aggregates=False)
    doc["label"] = TITLE
    path = tmp_path / "12005.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    d = _dry_run(capsys, path)
    assert len(d["value_columns"]) == 18 and d["periods"] == YEARS
    assert d["matched"] == 120 and d["duplicates_count"] == 0
    assert d["statbank"]["layout"] == "json-stat2"
    codes = {v["code"] for v in d["statbank"]["variables"]}
    assert codes == set(v.code for v in snap.variables)
    assert all(v["bundled"] and v["bundled"]["code"] == v["code"] for v in d["statbank"]["variables"])
    share = next(v for v in d["value_columns"] if v["column"].startswith("Andel pasienter"))
    assert share["column"] == SHARE and share["unit"] == "%"


def test_an_ordinary_table_with_a_region_column_is_left_alone(tmp_path):
    rows = [["region", "år", "Lister uten fast lege"], *[[f"{c} {n}", "2024", "3"] for c, n in NORDLAND]]
    table = read_table(_write(tmp_path / "mine.csv", rows))
    assert not isinstance(table, StatbankTable)
    plan = guess_plan(table)
    assert analyse(table, plan).report.matched == 40


@pytest.mark.parametrize("label, name, unit", [
    (SHARE, "Andel pasienter på liste uten lege", "prosent"),
    ("Befolkning 1. januar (personer)", "Befolkning 1. januar", "personer"),
    ("Legeårsverk", "Legeårsverk", ""),
])
def test_unit_from_the_label_parenthesis(label, name, unit):
    assert split_label(label) == (name, unit)


def test_update_the_bundled_indicator_from_the_file_instead_of_a_copy(capsys, tmp_path, monkeypatch):
    """main.py update --from-file FILE: the matched variables go into the SSB snapshot in use."""
    from ssb_fake import synthetic_12005

    from indicators.ssb import store
    from indicators.ssb.snapshot import Snapshot, user_snapshot_path

    monkeypatch.setenv("LEGEKART_DATA_DIR", str(tmp_path / "data"))
    store.apply(synthetic_12005(sorted(municipality_codes("2024")), ["2022", "2023"]))
    path = years_as_columns(tmp_path / "nordland.csv")
    assert main(["update", "--from-file", str(path), "--dry-run", "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    assert r["new_years"] == ["2024", "2025"] and r["applied"] is False
    # 2023 is in both: 40 × 2 values replaced; 2024 and 2025 are new (2 missing, '-' is a zero)
    assert r["added"] == 40 * 2 * 2 - 2 and r["modified"] == 40 * 2 and r["removed"] == 0
    assert main(["update", "--from-file", str(path), "--json"]) == 0
    r = json.loads(capsys.readouterr().out)
    snap = Snapshot.read(user_snapshot_path("12005"))
    bodo = NORDLAND[0][0]
    assert snap.value("KOSgjsnlisteleng0000", bodo, "2024") == float(_value(bodo, LENGTH, "2024"))
    assert snap.value("KOSandelpasiente0000", NORDLAND[2][0], "2025") == 0.0
    assert snap.missing["KOSandelpasiente0000"][NORDLAND[1][0]]["2025"] == ":"
    assert "updated from the StatBank file nordland.csv" in snap.via
    assert len(snap.variables) == 18 and snap.value("KOSkapasitet0000", bodo, "2023") is not None


def test_update_from_a_file_that_is_no_statbank_table_exits_2(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("LEGEKART_DATA_DIR", str(tmp_path / "data"))
    rows = [["Kommune", "Lister"], *[[f"{c} {n}", "3"] for c, n in NORDLAND]]
    assert main(["update", "--from-file", str(_write(tmp_path / "mine.csv", rows))]) == 2
    assert "not a table downloaded from SSB's StatBank" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()


def test_the_import_dialog_shows_the_statbank_layout_in_norwegian(qtbot, tmp_path):
    import gui.import_dialog as idlg

    dlg = idlg.ImportDialog(None, Session(), str(years_as_columns(tmp_path / "nordland.csv")), lang="nb")
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.ready or bool(dlg.error), timeout=30_000)
    report = dlg.report_view.toPlainText()
    assert "Tabell fra SSBs statistikkbank 12005 gjenkjent (år som kolonner)" in report
    assert "kan oppdateres i stedet for å importeres som en kopi" in report
    assert dlg.analysis.report.duplicates_count == 0 and dlg.analysis.report.matched == 120


def test_a_dropped_json_stat2_file_goes_to_the_table_import(qtbot, tmp_path, monkeypatch):
    import mapclassify  # noqa: F401  (the window's warm-up import then has nothing left to do at exit)
    from PySide6.QtCore import QMimeData, QSettings, QUrl
    from ssb_fake import encode, synthetic_12005

    from gui.main_window import MainWindow

    path = tmp_path / "12005.json"
    path.write_text(json.dumps(encode(synthetic_12005(["1804"], ["2025"]))), encoding="utf-8")
    w = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat), restore=False)
    qtbot.addWidget(w)
    called = []
    monkeypatch.setattr(w, "import_data", lambda p=None: called.append(("table", p)))
    monkeypatch.setattr(w, "import_boundaries", lambda p=None: called.append(("boundary", p)))

    class Drop:
        def __init__(self, p):
            self.data = QMimeData()
            self.data.setUrls([QUrl.fromLocalFile(str(p))])

        def mimeData(self):  # noqa: N802
            return self.data

        def acceptProposedAction(self):  # noqa: N802
            pass

    w.dropEvent(Drop(path))
    geo = tmp_path / "k.json"
    geo.write_text('{"type": "FeatureCollection", "features": []}', encoding="utf-8")
    w.dropEvent(Drop(geo))
    assert called == [("table", str(path)), ("boundary", str(geo))]
