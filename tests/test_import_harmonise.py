"""2019- and 2024-coded tables are carried over to the 2020 units on the map."""

from __future__ import annotations

import numpy as np
import pytest
from import_files import write_csv

from geo.crosswalk import municipality_codes
from indicators.importer import ImportPlan, ValueSpec, analyse, import_file, read_table
from indicators.mapdata import map_frame
from indicators.session import Session


def _imp(tmp_path, rows, name="t.csv", **kw):
    s = Session(map_vintage="2020")
    ids, a, t = import_file(s, write_csv(tmp_path / name, rows), **kw)
    return s, {s.indicator(i).name_nb: i for i in ids}, a


def test_2019_table_counts_summed_ratios_recomputed(tmp_path):
    rows = [["knr", "uten", "alle", "andel", "andel_uten_tellere"],
            ["0104", 2, 100, "2,0", "2,0"], ["0136", 3, 50, "6,0", "6,0"],  # Moss + Rygge -> 3002 Moss
            ["0101", 1, 80, "1,25", "1,25"],  # Halden renumbered -> 3001
            ["1850", 1, 10, "10,0", "10,0"]]  # Tysfjord split -> primary 1806 Narvik
    s, ids, a = _imp(tmp_path, rows, "tabell_2019.csv")
    assert a.report.vintage == "2019" and a.report.vintage_info["confidence"] == "high"
    count = map_frame(s, "kommune", ids["uten"]).frame
    assert count.loc["3002", "value"] == 5 and bool(count.loc["3002", "approximate"])
    assert "0104 Moss + 0136 Rygge" in count.loc["3002", "note"]
    assert count.loc["3001", "value"] == 1 and not count.loc["3001", "approximate"]
    assert "re-coded" in count.loc["3001", "note"]
    assert count.loc["1806", "value"] == 1 and bool(count.loc["1806", "approximate"])
    assert "divided" in count.loc["1806", "note"]
    ratio = map_frame(s, "kommune", ids["andel"]).frame
    assert ratio.loc["3002", "value"] == pytest.approx(5 / 150 * 100)
    assert (ratio.loc["3002", "numerator"], ratio.loc["3002", "denominator"]) == (5, 150)
    assert ratio.loc["3001", "value"] == pytest.approx(1.25)
    # the same share without numerator/denominator columns cannot be carried to a merged unit
    plan = a.plan
    only = ImportPlan(plan.key_column, "kommune", [ValueSpec("andel_uten_tellere", kind="ratio", unit="%", scale=100)],
                      period="2019")
    a2 = analyse(read_table(tmp_path / "tabell_2019.csv"), only, map_vintage="2020")
    rows2 = a2.unit_rows["andel_uten_tellere"].set_index("code")
    assert np.isnan(rows2.loc["3002", "value"]) and "cannot harmonise without weights" in rows2.loc["3002", "note"]
    assert rows2.loc["3001", "value"] == pytest.approx(1.25)


def test_2019_categories_carry_only_when_members_agree(tmp_path):
    rows = [["knr", "status"], ["0104", "gul"], ["0136", "gul"], ["0211", "rød"], ["0213", "grønn"]]
    # 0211 Vestby (same unit), 0213 Ski -> 3020 Nordre Follo with 0217 Oppegård (missing)
    s, ids, a = _imp(tmp_path, rows, "status_2019.csv")
    mf = map_frame(s, "kommune", ids["status"])
    assert mf.categories["3002"] == "gul" and bool(mf.frame.loc["3002", "approximate"])
    assert mf.categories["3019"] == "rod"
    nf = a.unit_rows["status"].set_index("code").loc["3020"]
    assert nf["category"] == "" and "only 1 of 2" in nf["note"]  # Oppegård is missing: class unknown
    assert mf.categories["3020"] == ""


def test_2024_table_aalesund_and_haram(tmp_path):
    rows = [["kommunenummer", "antall", "andel (%)"], ["1508", 5, "10"], ["1580", 3, "5"], ["3101", 2, "1"],
            ["5501", 7, "2"]]
    s, ids, a = _imp(tmp_path, rows, "hjemler_2024.csv")
    assert a.report.vintage == "2024"
    count = map_frame(s, "kommune", ids["antall"]).frame
    assert count.loc["1507", "value"] == 8 and bool(count.loc["1507", "approximate"])
    assert "1580 Haram" in count.loc["1507", "note"] and "1507 Ålesund" in count.loc["1507", "note"]
    assert count.loc["3001", "value"] == 2 and count.loc["5401", "value"] == 7
    share = map_frame(s, "kommune", ids["andel (%)"]).frame
    assert np.isnan(share.loc["1507", "value"]) and "without weights" in share.loc["1507", "note"]
    assert share.loc["5401", "value"] == 2 and not share.loc["5401", "approximate"]
    assert map_frame(s, "kommune", ids["antall"]).period == "2024"


def test_2024_haram_alone_is_flagged_incomplete(tmp_path):
    s, ids, a = _imp(tmp_path, [["knr", "antall"], ["1580", 3], ["3101", 1]], "t2024.csv")
    f = map_frame(s, "kommune", ids["antall"]).frame
    assert f.loc["1507", "value"] == 3 and "only 1 of 2" in f.loc["1507", "note"]


@pytest.mark.parametrize("vintage, n_units", [("2019", 422), ("2024", 357)])
def test_every_code_of_a_whole_table_lands_on_a_2020_unit(tmp_path, vintage, n_units):
    codes = sorted(municipality_codes(vintage))
    assert len(codes) == n_units
    rows = [["kommunenr", "antall"]] + [[c, 1] for c in codes]
    s, ids, a = _imp(tmp_path, rows, f"alle_{vintage}.csv")
    assert a.report.vintage == vintage and a.report.matched == n_units and a.report.unmatched_count == 0
    f = map_frame(s, "kommune", ids["antall"]).frame
    assert f["value"].notna().all() and len(f) == 356  # every 2020 municipality has a value
    assert f["value"].sum() == n_units  # counts are carried, never lost or doubled
    assert map_frame(s, "fylke", ids["antall"]).values.sum() == n_units


def test_2019_county_table(tmp_path):
    rows = [["fylke", "lister"], ["12", 100], ["14", 40], ["03", 500], ["01", 30], ["02", 60], ["06", 20]]
    s, ids, a = _imp(tmp_path, rows, "fylker_2019.csv")
    assert a.report.level == "fylke" and a.report.vintage == "2019"
    f = map_frame(s, "fylke", ids["lister"]).frame
    assert f.loc["46", "value"] == 140 and bool(f.loc["46", "approximate"])
    assert f.loc["30", "value"] == 110 and f.loc["03", "value"] == 500
    r = map_frame(s, "helseregion", ids["lister"]).frame
    # Helse Vest is Rogaland + Vestland; the table has no Rogaland, so the sum is partial (issue 11 §4)
    assert np.isnan(r.loc["helse-vest", "value"]) and r.loc["helse-vest", "numerator"] == 140
    assert (r.loc["helse-vest", "members_have"], r.loc["helse-vest", "members_of"]) == (1, 2)


def test_user_can_force_the_year(tmp_path):
    path = write_csv(tmp_path / "t.csv", [["knr", "antall"], ["0301", 1], ["1103", 2]])
    t = read_table(path)
    plan = ImportPlan("knr", "kommune", [ValueSpec("antall")], period="2019", vintage="2019")
    a = analyse(t, plan)
    assert a.report.vintage == "2019" and a.report.vintage_info["from"] == "user"
    assert a.report.matched == 2
