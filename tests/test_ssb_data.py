"""SSB table 12005 on both maps: values equal to the vendored file, ratios of sums, honest coverage."""

from __future__ import annotations

import json

import numpy as np
import pytest

from indicators.breakdown import breakdown
from indicators.catalogue import bundled as bundled_catalogue
from indicators.mapdata import map_frame
from indicators.session import Session
from tests.conftest import ROOT

FILE = ROOT / "data" / "sources" / "ssb-12005" / "fastlege.json"
SHARE = "ssb_andel_pasienter_uten_lege"
MISSING = {"1853", "3336", "4220", "5514", "5518", "5528"}


@pytest.fixture(scope="module")
def raw() -> dict:
    return json.loads(FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def s24() -> Session:
    return Session(map_vintage="2024")


@pytest.fixture(scope="module")
def s20() -> Session:
    return Session(map_vintage="2020")


def test_every_ssb_indicator_names_its_table_and_code():
    cat = bundled_catalogue()
    ssb = [i for i in cat if i.ssb_table]
    assert len(ssb) == 15  # the 14 non-empty ContentsCodes + Legekart's share of lists without a GP
    codes = {i.ssb_code for i in ssb if i.ssb_code}
    assert len(codes) == 14 and "KOSandelpasiente0000" in codes
    assert cat.get(SHARE).ssb() == {"table": "12005", "code": "KOSandelpasiente0000",
                                    "numerator": ["KOSantallpasient0001"],
                                    "denominator": ["KOSantallpasient0000", "KOSantallpasient0001"]}


def test_all_351_municipalities_equal_the_file_for_the_share(raw, s24):
    mf = map_frame(s24, "kommune", SHARE, "2025")
    got = mf.values.dropna()
    assert len(got) == 351 and set(mf.values.index[mf.values.isna()]) == MISSING
    for code, entry in raw["kommuner"].items():
        assert got[code] == pytest.approx(entry["latest"]["KOSandelpasiente0000"]), code


@pytest.mark.parametrize("code", ["1804", "0301", "4601", "3101", "1508", "1580", "5601", "1857"])
def test_sample_municipalities_every_variable_and_year(raw, s24, code):
    cat = bundled_catalogue()
    entry = raw["kommuner"][code]
    for ind in (i for i in cat if i.ssb_code):
        want = entry["latest"].get(ind.ssb_code)
        mf = map_frame(s24, "kommune", ind.id, "2025")
        assert mf.frame.loc[code, "value"] == pytest.approx(want), (code, ind.id)
        assert mf.frame.loc[code, "table"] == "12005" and mf.frame.loc[code, "seed_lines"] == ind.ssb_code
    for var, series in entry["trend"].items():
        ind = next(i for i in cat if i.ssb_code == var)
        for point in series:
            assert map_frame(s24, "kommune", ind.id, point["year"]).frame.loc[code, "value"] == pytest.approx(
                point["value"]), (code, var, point["year"])


def test_printed_shares_equal_the_ratio_of_the_counts(s24):
    """The catalogue's numerator/denominator reproduce SSB's printed values (what the sums rely on)."""
    cat = bundled_catalogue()
    for ind in (i for i in cat if i.ssb_code and i.ssb_numerator):
        f = map_frame(s24, "kommune", ind.id, "2025").frame.dropna(subset=["value"])
        recomputed = f["numerator"] / f["denominator"] * ind.scale
        tol = 0.051 if ind.unit == "%" else 0.5
        assert (recomputed - f["value"]).abs().max() <= tol + 1e-9, ind.id


def test_county_values_are_ratios_of_sums_only_with_full_coverage(s24, raw):
    f = map_frame(s24, "fylke", SHARE, "2025").frame
    # Rogaland (11): all 23 municipalities have a value → the county's value, derived
    members = [c for c in raw["kommuner"] if c[:2] == "11"]
    num = sum(raw["kommuner"][c]["latest"]["KOSantallpasient0001"] for c in members)
    den = sum(raw["kommuner"][c]["latest"]["KOSantallpasient0000"] + raw["kommuner"][c]["latest"][
        "KOSantallpasient0001"] for c in members)
    assert len(members) == 23
    assert f.loc["11", "value"] == pytest.approx(num / den * 100)
    assert f.loc["11", "derived"] and (f.loc["11", "members_have"], f.loc["11", "members_of"]) == (23, 23)
    # Nordland (18): Evenes has no value → partial, no value, but the partial counts are kept
    assert np.isnan(f.loc["18", "value"]) and (f.loc["18", "members_have"], f.loc["18", "members_of"]) == (40, 41)
    assert f.loc["18", "numerator"] > 0 and "only 40 of 41" in f.loc["18", "note"]
    # Norway: 351 of 357 → partial
    land = s24.select(SHARE, "land", "2025").iloc[0]
    assert np.isnan(land["value"]) and (land["members_have"], land["members_of"]) == (351, 357)


def test_years_without_counts_give_no_county_value_and_say_why(s24):
    f = map_frame(s24, "fylke", SHARE, "2019").frame
    assert f["value"].isna().all()
    assert f.loc["11", "note"].endswith("not given for this year")


def test_municipalities_without_a_value_say_why(s24):
    bd = breakdown(s24, "kommune", "1853")
    assert SHARE not in bd.own
    reason = bd.own_missing[SHARE].missing
    assert "SSB's table has no value for this municipality" in reason and "2025" in reason
    assert map_frame(s24, "kommune", SHARE, "2025").frame.loc["1853", "note"] == reason


def test_the_2020_map_gets_the_same_values_recoded(s20, s24):
    f20 = map_frame(s20, "kommune", SHARE, "2025").frame
    f24 = map_frame(s24, "kommune", SHARE, "2025").frame
    assert len(f20) == 356
    assert f20.loc["3001", "value"] == f24.loc["3101", "value"]  # Halden renumbered
    assert f20.loc["3001", "derived"] and "3101" in f20.loc["3001", "note"]
    # 1507 Ålesund (2020) = 1508 Ålesund + 1580 Haram (2024): the ratio of their summed counts, flagged
    a, h = f24.loc["1508"], f24.loc["1580"]
    assert f20.loc["1507", "value"] == pytest.approx((a.numerator + h.numerator) / (a.denominator + h.denominator)
                                                     * 100)
    assert f20.loc["1507", "approximate"] and f20.loc["1507", "derived"]
    # the 2020 counties are summed from the 2020-coded rows
    assert map_frame(s20, "fylke", SHARE, "2025").frame.loc["30", "members_of"] == 51  # Viken


def test_breakdown_compares_within_the_same_period(s24):
    bd = breakdown(s24, "kommune", "1804")
    own = bd.own[SHARE]
    assert own.period == "2025" and own.value == 0.0
    for lv in ("fylke", "helseregion", "land"):
        ctx = bd.context[lv][SHARE]
        assert ctx.period == own.period, lv
    # Nordland's 2019 list share (seed tables) next to Norway's: the same year or said otherwise
    seed = "lister_uten_fast_lege_andel"
    fylke = breakdown(s24, "fylke", "18")
    own = fylke.own[seed]
    land = fylke.context["land"][seed]
    assert own.period == "2019" and land.period == "2019"
    assert land.value is not None  # Norway's 2019 value is bundled (it was shown with 2021 before)


def test_context_without_the_period_says_so_with_its_nearest_year():
    """A unit's 2023 value next to a Norway that has only 2021: no silent comparison across years."""
    import pandas as pd

    from indicators.catalogue import Indicator

    s = Session(map_vintage="2024")
    ind = Indicator(id="t_share", theme="import", name_nb="T", name_en="T", unit="%", kind="ratio", scale=100,
                    origin="t.csv", sources=("t.csv",))
    rows = pd.DataFrame([
        {"indicator": "t_share", "level": "kommune", "vintage": "2024", "code": "1804", "period": "2023",
         "value": 5.0, "source": "t.csv", "table": "", "seed_lines": "row 2"},
        {"indicator": "t_share", "level": "land", "vintage": "", "code": "NO", "period": "2021",
         "value": 3.5, "source": "t.csv", "table": "", "seed_lines": "row 3"},
    ])
    s.add_indicator(ind, rows)
    bd = breakdown(s, "kommune", "1804")
    assert bd.own["t_share"].period == "2023"
    norway = bd.context["land"]["t_share"]
    assert norway.missing and norway.period == "2023" and norway.value is None
    assert norway.nearest is not None and (norway.nearest.period, norway.nearest.value) == ("2021", 3.5)
    assert norway.text(ind, s) == "Ingen verdi for 2023 (2021: 3,5\u00a0%)"
    d = bd.to_dict(s)
    ctx = next(v for v in d["context"]["land"]["values"] if v["indicator"] == "t_share")
    assert ctx["value"] is None and ctx["period"] == "2023" and ctx["nearest"]["period"] == "2021"


def test_population_sums_to_norways_published_total(s20, s24):
    land = s20.select("folketall", "land", "2020").iloc[0]
    assert land["value"] == 5_367_580 and (land["members_have"], land["members_of"]) == (356, 356)
    f24 = map_frame(s24, "kommune", "folketall", "2020").frame
    assert np.isnan(f24.loc["1508", "value"]) and "divided" in f24.loc["1508", "note"]
    assert f24.loc["3101", "value"] == map_frame(s20, "kommune", "folketall", "2020").frame.loc["3001", "value"]


def test_centrality_classes_on_both_maps(s20, s24):
    c24 = map_frame(s24, "kommune", "sentralitet_klasse").frame
    c20 = map_frame(s20, "kommune", "sentralitet_klasse").frame
    assert (c24["category"] != "").sum() == 357 and (c20["category"] != "").sum() == 356
    assert c24.loc["0301", "category"] == "1" and c24.loc["1580", "category"] == "5"
    assert map_frame(s24, "kommune", "sentralitetsindeks").frame.loc["0301", "value"] == 1000
