"""Imported columns behave like bundled indicators: map, breakdown, provenance, report."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest
from import_files import ten_municipalities, write_csv

from indicators.breakdown import breakdown
from indicators.importer import (
    ImportPlan,
    analyse,
    apply_import,
    build,
    guess_plan,
    import_file,
    read_table,
    write_unmatched_csv,
)
from indicators.mapdata import map_frame
from indicators.session import Session


@pytest.fixture
def ten(tmp_path):
    rows = [["Kommunenummer", "Kommunenavn", "Lister uten fast lege", "Lister i alt", "Andel uten fast lege (%)"]]
    for code, name, num, den in ten_municipalities():
        rows.append([code.lstrip("0"), name, num, den, f"{num / den * 100:.1f}".replace(".", ",")])
    return write_csv(tmp_path / "fastleger_2023.csv", rows)


def test_ten_municipalities_on_the_map(ten):
    s = Session(map_vintage="2020")
    before = set(s.catalogue.indicators)
    ids, a, t = import_file(s, ten)
    assert len(ids) == 3 and not set(ids) & before
    rep = a.report.to_dict()
    assert (rep["rows"], rep["matched"], rep["unmatched"], rep["duplicates"]) == (10, 10, [], [])
    assert rep["key_column"] == "Kommunenummer" and rep["vintage"] == "2020" and rep["periods"] == ["2023"]
    share = next(i for i in ids if s.indicator(i).unit == "%")
    ind = s.indicator(share)
    assert (ind.theme, ind.origin, ind.sources, ind.kind) == ("import", "fastleger_2023.csv", ("fastleger_2023.csv",),
                                                              "ratio")
    mf = map_frame(s, "kommune", share)
    expected = {c: round(n / d * 100, 1) for c, _, n, d in ten_municipalities()}
    assert mf.values.dropna().round(1).to_dict() == expected  # exactly the 10 values …
    assert mf.values.isna().sum() == 356 - 10  # … and no data (NaN, not 0) everywhere else
    row = mf.frame.loc["4601"]
    assert (row["source"], row["origin"], row["seed_lines"]) == ("fastleger_2023.csv", "import:fastleger_2023.csv",
                                                                 "row 3")
    # county: the ratio recomputed from the summed counts (never an average of percentages)
    fy = map_frame(s, "fylke", share).frame
    vest = [(n, d) for c, _, n, d in ten_municipalities() if c.startswith("46")]
    # 9 of Vestland's 43 municipalities: partial, so no county value (issue 11 §4), but the sums are kept
    assert np.isnan(fy.loc["46", "value"]) and "only 9 of 43" in fy.loc["46", "note"]
    assert fy.loc["46", "numerator"] == sum(n for n, _ in vest)
    assert fy.loc["46", "denominator"] == sum(d for _, d in vest)
    assert (fy.loc["46", "members_have"], fy.loc["46", "members_of"]) == (9, 43)
    # Oslo is one municipality: complete, the county's value
    assert fy.loc["03", "value"] == pytest.approx(30 / 1200 * 100) and not fy.loc["03", "approximate"]
    assert fy["value"].notna().sum() == 1
    # health region, health-trust area and Norway are derived the same way, and are partial too
    assert map_frame(s, "helseregion", share).values.notna().sum() == 0
    assert map_frame(s, "helseforetak", share).values.notna().sum() >= 1  # Oslo's own area
    land = s.select(share, "land")
    assert np.isnan(land.iloc[0]["value"]) and land.iloc[0]["members_have"] == 10
    assert land.iloc[0]["numerator"] == sum(n for _, _, n, _ in ten_municipalities())


def test_breakdown_shows_imported_values_with_context(ten):
    s = Session(map_vintage="2020")
    ids, _, _ = import_file(s, ten)
    share = next(i for i in ids if s.indicator(i).unit == "%")
    b = breakdown(s, "kommune", "4601")
    assert b.has_own_values and share in b.own
    assert b.own[share].value == pytest.approx(2.0) and b.own[share].source == "fastleger_2023.csv"
    assert share in b.context["fylke"] and b.context["fylke"][share].derived
    d = b.to_dict(s)
    assert any(v["indicator"] == share and v["text"] == "2,0\u00a0%" for v in d["own_values"])
    # a municipality without an imported row still says it has no own values for it
    assert share not in breakdown(s, "kommune", "1103").own


def test_imported_dataset_is_kept_whole(ten):
    s = Session(map_vintage="2020")
    ids, a, t = import_file(s, ten)
    (ds,) = s.imports
    assert ds.name == "fastleger_2023.csv" and ds.indicator_ids == ids and ds.path == str(ten)
    assert isinstance(ds.table, pd.DataFrame) and len(ds.table) == 10
    assert ds.mapping["key_column"] == "Kommunenummer" and ds.report["matched"] == 10
    assert ImportPlan.from_dict(ds.mapping) == a.plan
    import json

    assert json.loads(json.dumps(ds.report))["rows"] == 10 and json.loads(json.dumps(ds.mapping))


def test_same_file_twice_gets_new_ids(ten):
    s = Session(map_vintage="2020")
    a, _, _ = import_file(s, ten)
    b, _, _ = import_file(s, ten)
    assert not set(a) & set(b) and all(i in s.catalogue for i in a + b)


def test_nothing_changes_before_apply_or_on_failure(ten, monkeypatch):
    s = Session(map_vintage="2020")
    n_obs, n_ind = len(s.observations.frame), len(s.catalogue.indicators)
    t = read_table(ten)
    a = analyse(t, guess_plan(t))
    build(s, t, a)
    assert (len(s.observations.frame), len(s.catalogue.indicators), s.imports) == (n_obs, n_ind, [])
    calls = {"n": 0}
    real = s.add_indicator

    def flaky(ind, rows):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        real(ind, rows)

    monkeypatch.setattr(s, "add_indicator", flaky)
    with pytest.raises(RuntimeError):
        apply_import(s, t, analysis=a)
    assert (len(s.observations.frame), len(s.catalogue.indicators), s.imports) == (n_obs, n_ind, [])


def test_duplicates_out_of_range_and_unmatched_report(tmp_path):
    rows = [["knr", "andel (%)", "antall"], ["0301", "5", 1], ["0301", "7", 1], ["1103", "120", 2],
            ["4601", "-3", -1], ["1103", "120", 2], ["9999", "1", 1], ["Atlantis", "2", 2], ["", "3", 3]]
    path = write_csv(tmp_path / "rot.csv", rows)
    t = read_table(path)
    plan = guess_plan(t)
    a = analyse(t, plan)
    rep = a.report.to_dict()
    assert rep["rows"] == 8 and rep["matched"] == 5
    assert [(u["row"], u["key"]) for u in rep["unmatched"]] == [(7, "9999"), (8, "Atlantis"), (9, "")]
    assert all(u["reason"] for u in rep["unmatched"])
    (dup,) = rep["duplicates"]
    assert dup["code"] == "0301" and dup["rows"] == [2, 3] and dup["values"] == {"andel (%)": [5.0, 7.0]}
    assert rep["repeated_identical_rows"] == 1  # 1103 twice with the same values
    oor = {(o["row"], o["column"]) for o in rep["out_of_range"]}
    assert oor == {(4, "andel (%)"), (5, "andel (%)"), (5, "antall"), (6, "andel (%)")}
    # first row wins by default; 'drop' leaves the colliding unit out; 'sum' adds counts
    assert a.unit_rows["andel (%)"].set_index("code").loc["0301", "value"] == 5
    plan.duplicates = "drop"
    assert "0301" not in set(analyse(t, plan).unit_rows["andel (%)"]["code"])
    plan.duplicates = "sum"
    assert analyse(t, plan).unit_rows["antall"].set_index("code").loc["0301", "value"] == 2
    plan.duplicates = "first"
    plan.exclude_out_of_range = True
    cleaned = analyse(t, plan).unit_rows["andel (%)"].set_index("code")
    assert np.isnan(cleaned.loc["1103", "value"]) and cleaned.loc["0301", "value"] == 5
    # unmatched rows written in full, reason first
    out = tmp_path / "uten_treff.csv"
    assert write_unmatched_csv(t, a, out, lang="nb") == 3
    with open(out, encoding="utf-8-sig", newline="") as f:
        got = list(csv.reader(f, delimiter=";"))
    assert got[0] == ["rad", "årsak", "knr", "andel (%)", "antall"]
    assert [r[0] for r in got[1:]] == ["7", "8", "9"] and "Atlantis" in got[2][1]


def test_long_format_with_a_period_column(tmp_path):
    rows = [["År", "Kommune", "Ledige hjemler"], ["2021", "Oslo", 3], ["2022", "Oslo", 5], ["2021", "Bergen", 1],
            ["2022", "Bergen", 2], ["2022", "Bergen", 4]]
    s = Session(map_vintage="2020")
    ids, a, _ = import_file(s, write_csv(tmp_path / "lang.csv", rows))
    assert a.plan.period_column == "År" and a.report.periods == ["2021", "2022"]
    assert a.report.duplicates_count == 1 and a.report.duplicates[0]["period"] == "2022"
    (i,) = ids
    assert s.periods(i, "kommune") == ["2021", "2022"]
    assert map_frame(s, "kommune", i).values["0301"] == 5  # latest period by default
    assert map_frame(s, "kommune", i, "2021").values["0301"] == 3


def test_value_columns_can_be_renamed_and_set(ten):
    t = read_table(ten)
    plan = guess_plan(t)
    spec = plan.spec("Lister uten fast lege")
    spec.name, spec.worse, spec.unit = "Lister uten lege", "higher", "lister"
    plan.spec("Lister i alt").include = False
    s = Session(map_vintage="2020")
    ids = apply_import(s, t, plan)
    assert len(ids) == 2
    ind = s.indicator(ids[0])
    assert (ind.name_nb, ind.unit, ind.worse) == ("Lister uten lege", "lister", "higher")


def test_helseforetak_level_import(tmp_path):
    rows = [["Helseforetak", "Ledige psykiaterstillinger"], ["Helse Bergen HF", 4], ["UNN", 6], ["Ahus", 3]]
    s = Session(map_vintage="2020")
    ids, a, _ = import_file(s, write_csv(tmp_path / "hf_2022.csv", rows), level="helseforetak")
    assert a.report.level == "helseforetak" and a.report.matched == 3 and a.report.vintage is None
    mf = map_frame(s, "helseforetak", ids[0])
    assert mf.values[["helse-bergen", "unn", "ahus"]].tolist() == [4, 6, 3]
    vest = map_frame(s, "helseregion", ids[0]).frame.loc["helse-vest"]  # 1 of Helse Vest's 4 areas: partial
    assert np.isnan(vest["value"]) and vest["numerator"] == 4 and vest["members_have"] == 1


def test_wide_table_keeps_each_columns_year(tmp_path):
    rows = [["Region", "2019", "2020", "2021"], ["0301 Oslo", 10, 12, ".."], ["5001 Trondheim", 4, 5, 6]]
    s = Session(map_vintage="2020")
    ids, a, _ = import_file(s, write_csv(tmp_path / "ssb_tabell.csv", rows))
    assert a.report.key_column == "Region" and a.report.periods == ["2019", "2020", "2021"]
    assert [s.periods(i, "kommune") for i in ids] == [["2019"], ["2020"], ["2021"]]
    assert map_frame(s, "kommune", ids[1]).values["5001"] == 5
    assert np.isnan(map_frame(s, "kommune", ids[2]).values["0301"])  # '..' is missing, not 0


def test_nothing_matched_adds_nothing(tmp_path):
    s = Session(map_vintage="2020")
    n = len(s.observations.frame)
    ids, a, _ = import_file(s, write_csv(tmp_path / "x.csv", [["knr", "antall"], ["9999", 1], ["Atlantis", 2]]))
    assert ids == [] and a.report.matched == 0 and a.report.unmatched_count == 2
    assert len(s.observations.frame) == n and s.imports == []
