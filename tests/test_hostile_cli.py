"""Issue 17: every hostile or broken input from the campaign, each in its own bounded process.

Refusals exit 2 with at most two lines and no raw exception, within 20 s of CPU and
1 GB of memory; what is read is read with every left-out cell and column counted in
the report. The inputs are generated here (tests/hostile_files.py).
"""

from __future__ import annotations

import json

import hostile_files as hf
import pytest
from hostile_runner import run_main, run_many

IMPORT = ["import", "--json"]

#: name -> (generator, words the one-line refusal must hold)
REFUSED_TABLES = {
    "xlsx_damaged_deflate": (hf.xlsx_damaged_deflate, "damaged"),
    "xlsx_shared_string_out_of_range": (hf.xlsx_shared_string_out_of_range, "damaged"),
    "xlsx_malformed_xml": (hf.xlsx_malformed_xml, "malformed"),
    "xlsx_billion_laughs": (hf.xlsx_billion_laughs, "DTD"),
    "xlsx_member_of_zeros": (hf.xlsx_member_of_zeros, "damaged"),
    "xlsx_shared_string_bomb": (hf.xlsx_shared_string_bomb, "unpack"),
    "xlsx_thirty_million_rows": (hf.xlsx_thirty_million_rows, "row 1048576"),
    "xlsx_far_row_undeclared": (hf.xlsx_far_row_undeclared, "row 1048576"),
    "xlsx_many_empty_rows": (hf.xlsx_many_empty_rows, "row 1048576"),
    "xlsx_encrypted_member": (hf.xlsx_encrypted_member, "encrypted"),
    "xlsx_truncated": (hf.xlsx_truncated, "incomplete"),
    "ods_truncated": (hf.ods_truncated, "incomplete"),
    "ods_repeat_bomb": (hf.ods_repeat_bomb, "columns"),
    "csv_ten_thousand_columns": (hf.csv_ten_thousand_columns, "at most 2000"),
    "long_path": (hf.long_path, "too long"),
}
REFUSED_PROJECTS = {
    "flipped_bit": "damaged", "encrypted": "encrypted", "deep_json": "nested", "deep_boundary": "nested",
    "infinite_boundary": "finite", "builtin_id": "built-in", "wrong_columns": "columns", "bomb_member": "compressed",
    "view_layer": "lag_finnes_ikke", "view_indicator": "nope", "view_classes": "-5", "view_palette": "Regnbue",
}
REFUSED_BOUNDARIES = {
    "deep_wrapped": "nested", "utm_declared_wgs84": "look like metres", "lonlat_declared_utm": "not in or near Norway",
    "huge_coordinates": "outside any map", "prj_contradicts": "look like metres", "shapefile_without_dbf": ".dbf",
}
ACCEPTED_TABLES = {
    "csv_few_error_cells": hf.csv_few_error_cells, "csv_many_error_cells": hf.csv_many_error_cells,
    "csv_stray_quote": hf.csv_stray_quote, "csv_decimal_commas": hf.csv_decimal_commas,
    "csv_mixed_utf8_first": lambda d: hf.csv_mixed_encodings(d, True),
    "csv_mixed_cp1252_first": lambda d: hf.csv_mixed_encodings(d, False),
    "csv_stray_byte": hf.csv_stray_byte, "csv_lost_characters": hf.csv_lost_characters,
    "csv_huge_values": hf.csv_huge_values, "xlsx_named_csv": hf.xlsx_named_csv,
    "xlsx_error_cells_and_formulas": hf.xlsx_error_cells_and_formulas,
}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    """Generate every case, then run them all, two at a time."""
    root = tmp_path_factory.mktemp("hostile")
    cases: dict[str, tuple[str, object]] = {}
    for name, (make, _) in REFUSED_TABLES.items():
        d = root / name
        d.mkdir()
        cases[name] = ("cli", ["import", str(make(d)), "--json"])
    for name in REFUSED_PROJECTS:
        d = root / f"project_{name}"
        d.mkdir()
        cases[f"project_{name}"] = ("cli", ["open", str(hf.project_variant(d, name)), "--check"])
    for name in REFUSED_BOUNDARIES:
        d = root / f"boundary_{name}"
        d.mkdir()
        cases[f"boundary_{name}"] = ("boundary", str(hf.boundary_variant(d, name)))
    d = root / "boundary_ok"
    d.mkdir()
    cases["boundary_utm_undeclared"] = ("boundary", str(hf.boundary_variant(d, "utm_undeclared")))
    for name, make in ACCEPTED_TABLES.items():
        d = root / name
        d.mkdir()
        cases[name] = ("cli", ["import", str(make(d)), "--json"])
    d = root / "project_ok"
    d.mkdir()
    cases["project_good"] = ("cli", ["open", str(hf.good_project(d)), "--check"])
    d = root / "export"
    d.mkdir()
    cases["export_empty_region"] = ("cli", ["export", "--indicator", "lister_uten_fast_lege_andel", "--level",
                                            "fylke", "--region", "", "--out", str(d / "x.png")])
    cases["export_long_out"] = ("cli", ["export", "--indicator", "lister_uten_fast_lege_andel", "--level", "fylke",
                                        "--out", str(hf.long_path(d, ".png"))])
    cases["export_data_pipe"] = ("cli", ["export", "--level", "kommune", "--data", str(hf.named_pipe(d)), "--column",
                                         "antall", "--out", str(d / "y.csv")])
    table = hf.write_csv(d / "t.csv", hf.table_rows(10))
    cases["export_onto_its_data"] = ("cli", ["export", "--level", "kommune", "--data", str(table), "--column",
                                             "antall", "--format", "csv", "--out", str(table), "--force"])
    before = _digests(root)
    results = run_many(cases, root / "_runs")
    results["_changed"] = sorted(k for k, v in _digests(root).items() if before.get(k) != v)
    return results


def _digests(root) -> dict[str, str]:
    """Every file the cases read, by content: nothing may be changed by reading it."""
    import hashlib

    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*")
            if p.is_file() and "_runs" not in p.parts}


def test_no_file_was_changed_or_added(outcomes):
    assert outcomes["_changed"] == []


def _refused(o, words: str) -> None:
    assert o.code is not None, "the process did not finish (hang)"
    assert o.one_line_refusal, (o.code, o.out[:300], o.err[:600])
    assert not o.raw, o.err
    assert words in o.err, o.err


@pytest.mark.parametrize("name", sorted(REFUSED_TABLES))
def test_bad_tables_are_refused_in_one_line(outcomes, name):
    _refused(outcomes[name], REFUSED_TABLES[name][1])


@pytest.mark.parametrize("name", sorted(REFUSED_PROJECTS))
def test_bad_projects_are_refused_in_one_line(outcomes, name):
    _refused(outcomes[f"project_{name}"], REFUSED_PROJECTS[name])


@pytest.mark.parametrize("name", sorted(REFUSED_BOUNDARIES))
def test_bad_boundary_files_are_refused_in_both_languages(outcomes, name):
    o = outcomes[f"boundary_{name}"]
    _refused(o, REFUSED_BOUNDARIES[name])
    assert o.lines[1].startswith("nb: ") and len(o.lines[1]) > 10


def test_utm_without_a_stated_crs_is_read_as_utm(outcomes):
    o = outcomes["boundary_utm_undeclared"]
    assert o.code == 0, o.err
    d = json.loads(o.out)
    assert d["units"] == 2 and d["report"]["assumed_crs"] == "EPSG:25833"


def test_good_project_still_checks_ok(outcomes):
    o = outcomes["project_good"]
    assert o.code == 0 and o.out.startswith("OK "), o.err


@pytest.mark.parametrize("name, words", [("export_empty_region", "--region is empty"),
                                         ("export_long_out", "too long"), ("export_onto_its_data", "--data table"),
                                         ("export_data_pipe", "named pipe")])
def test_export_refusals(outcomes, name, words):
    _refused(outcomes[name], words)


# -- accepted: every row, cell and column accounted for --------------------------------------
def _report(outcomes, name) -> dict:
    o = outcomes[name]
    assert o.code == 0 and not o.raw, (o.code, o.err[:600])
    d = json.loads(o.out)
    assert_accounted(d)
    return d


def assert_accounted(d: dict) -> None:
    """Every row matched or unmatched, every cell a value, missing or failure, every column used or named."""
    assert d["matched"] + d["unmatched_count"] == d["rows"]
    for v in d["value_columns"]:
        assert v["values"] + v["missing"] + v["failures"] == d["rows"], v
        assert len(v["failure_examples"]) == min(5, v["failures"])
    used = {d["key_column"], d["period_column"]} | {v["column"] for v in d["value_columns"]}
    assert set(d["columns"]) <= used | {c["column"] for c in d["ignored_columns"]}
    noted = " ".join(d["notes"])
    assert all(c["column"] in noted for c in d["ignored_columns"][:20])


def _column(d: dict, name: str) -> dict:
    return next(v for v in d["value_columns"] if v["column"] == name)


def test_few_error_cells_keep_the_column_and_are_shown(outcomes):
    d = _report(outcomes, "csv_few_error_cells")
    antall = _column(d, "antall")
    assert antall["failures"] == 3 and {e["text"] for e in antall["failure_examples"]} == {"#DIV/0!", "NaN"}
    assert all("not a number" in e["reason"] for e in antall["failure_examples"])


def test_many_error_cells_keep_the_column(outcomes):
    d = _report(outcomes, "csv_many_error_cells")
    assert _column(d, "antall")["failures"] == 10 and _column(d, "antall")["values"] == 20


def test_stray_quote_keeps_every_row(outcomes):
    d = _report(outcomes, "csv_stray_quote")
    assert d["rows"] == 30 and any("never closed" in n for n in d["notes"])


def test_decimal_commas_invent_no_column(outcomes):
    d = _report(outcomes, "csv_decimal_commas")
    assert d["columns"] == ["kommunenr", "navn", "andel"] and d["rows"] == 30
    assert any("decimal commas" in n for n in d["notes"]) and _column(d, "andel")["failures"] == 0


@pytest.mark.parametrize("name", ["csv_mixed_utf8_first", "csv_mixed_cp1252_first"])
def test_mixed_encodings_read_every_row_with_its_year(outcomes, name):
    d = _report(outcomes, name)
    assert d["period_column"] == "År" and d["matched"] == 1500 and d["duplicates_count"] == 0
    assert any("mixes UTF-8 and Windows-1252" in n for n in d["notes"])


def test_stray_byte_is_counted_not_a_codec_error(outcomes):
    d = _report(outcomes, "csv_stray_byte")
    assert any("not text in any encoding" in n for n in d["notes"]) and d["matched"] == 3


def test_lost_characters_match_by_the_intact_part(outcomes):
    d = _report(outcomes, "csv_lost_characters")
    assert d["matched"] == 3 and any("characters lost" in n and "Porsanger" in n for n in d["notes"])


def test_huge_values_are_failures_not_infinite_totals(outcomes):
    d = _report(outcomes, "csv_huge_values")
    antall = _column(d, "antall")
    assert antall["failures"] == 2 and all("too large" in e["reason"] for e in antall["failure_examples"])
    assert "Infinity" not in outcomes["csv_huge_values"].out


def test_workbook_named_csv_is_read_as_a_workbook(outcomes):
    d = _report(outcomes, "xlsx_named_csv")
    assert d["format"] == "xlsx" and d["matched"] == 30


def test_error_cells_and_unsaved_formulas_are_counted(outcomes):
    d = _report(outcomes, "xlsx_error_cells_and_formulas")
    antall = _column(d, "antall")
    assert antall["failures"] == 4
    assert {e["text"] for e in antall["failure_examples"]} >= {"#DIV/0!", "#N/A", "=1+1"}
    assert any("formula cell(s) have no saved result" in n for n in d["notes"])


# -- the real entry point --------------------------------------------------------------------
def test_named_pipe_is_refused_by_import_and_open(tmp_path):
    pipe = hf.named_pipe(tmp_path)
    for args in (["import", pipe, "--json"], ["open", pipe, "--check"]):
        o = run_main(args)
        _refused(o, "named pipe")


def test_ten_thousand_columns_through_main_py(tmp_path):
    o = run_main(["import", hf.csv_ten_thousand_columns(tmp_path)])
    _refused(o, "at most 2000")
