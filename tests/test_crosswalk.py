"""Completeness and consistency of the municipality crosswalks and the HF table."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.crosswalk import (
    REFERENCE,
    VINTAGES,
    crosswalk,
    detect_vintage,
    municipality_codes,
    normalise_code,
)


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(REFERENCE / name, dtype=str, keep_default_na=False)


def test_vintage_sizes():
    assert len(municipality_codes("2019")) == 422
    assert len(municipality_codes("2020")) == 356
    assert len(municipality_codes("2024")) == 357
    for v in VINTAGES:
        assert all(len(c) == 4 and c.isdigit() for c in municipality_codes(v))


def test_2019_to_2020_complete():
    cw = crosswalk("2019", "2020")
    assert cw["code_from"].nunique() == 422
    assert set(cw["code_from"]) == set(municipality_codes("2019"))
    assert set(cw["code_to"]) == set(municipality_codes("2020"))
    assert set(cw["relation"]) <= {"same", "renumbered", "merged", "split"}
    # exactly one primary row per 2019 unit
    assert cw.groupby("code_from")["primary"].sum().eq(1).all()


def test_2019_splits_are_flagged():
    cw = crosswalk("2019", "2020")
    split = cw[cw["relation"] == "split"]
    assert set(split["code_from"]) == {"1850", "5012"}  # Tysfjord, Snillfjord
    assert split["approximate"].all()
    assert set(split.loc[split["code_from"] == "1850", "code_to"]) == {"1806", "1875"}
    assert set(split.loc[split["code_from"] == "5012", "code_to"]) == {"5055", "5056", "5059"}
    assert not cw.loc[cw["relation"] != "split", "approximate"].any()


def test_2020_to_2024_complete():
    cw = crosswalk("2020", "2024")
    assert set(cw["code_from"]) == set(municipality_codes("2020"))
    assert set(cw["code_to"]) == set(municipality_codes("2024"))
    assert cw["code_to"].nunique() == 357
    assert set(cw.loc[cw["code_from"] == "1507", "code_to"]) == {"1508", "1580"}
    assert cw.loc[cw["code_from"] == "1507", "approximate"].all()
    assert cw.groupby("code_from")["primary"].sum().eq(1).all()


def test_2024_maps_back_to_exactly_one_2020_code():
    fwd = crosswalk("2020", "2024")
    assert fwd.groupby("code_to")["code_from"].nunique().eq(1).all()
    back = crosswalk("2024", "2020")
    assert back["code_from"].is_unique
    assert set(back["code_from"]) == set(municipality_codes("2024"))
    assert set(back["code_to"]) == set(municipality_codes("2020"))
    assert not back["approximate"].any()
    assert back.set_index("code_from").loc[["1508", "1580"], "code_to"].eq("1507").all()


@pytest.mark.parametrize("pair", [("2019", "2020"), ("2020", "2024"), ("2024", "2020")])
def test_shares_sum_to_one_where_given(pair):
    cw = crosswalk(*pair)
    given = cw.dropna(subset=["share"])
    sums = given.groupby("code_from")["share"].sum()
    complete = cw.groupby("code_from")["share"].apply(lambda s: s.notna().all())
    assert (sums[complete[complete].index] - 1).abs().le(0.01).all()
    # only approximate (split) rows may lack a share
    assert cw.loc[cw["share"].isna(), "approximate"].all()


def test_unsupported_pair_raises():
    with pytest.raises(ValueError):
        crosswalk("2024", "2019")
    with pytest.raises(ValueError):
        municipality_codes("2018")


@pytest.mark.parametrize("vintage", VINTAGES)
def test_detect_vintage_full_lists(vintage):
    guess = detect_vintage(municipality_codes(vintage))
    assert guess.vintage == vintage
    assert not guess.ambiguous
    assert guess.confidence == "high"
    assert guess.matched[vintage] == len(municipality_codes(vintage))


def test_detect_vintage_examples_and_normalisation():
    assert detect_vintage(["101", "1101", "0301"]).vintage == "2019"  # 0101 Halden
    assert detect_vintage(["3001", "1103"]).vintage == "2020"
    assert detect_vintage(["3101", "1508", "1580", "5501"]).vintage == "2024"
    assert detect_vintage([301.0, "1101"]).vintage is None  # valid in all three: no evidence
    assert normalise_code(301) == "0301" and normalise_code("abc") is None


def test_detect_vintage_flags_mixed_list():
    guess = detect_vintage(["0101", "3001", "1103", "1124"])
    assert guess.ambiguous
    assert guess.confidence == "low"
    assert guess.unique_seen["2019"] == ("0101",)
    assert guess.unique_seen["2020"] == ("3001",)


def test_kommune_helseforetak_matches_2020_list():
    hf = read("kommune_helseforetak_2020.csv")
    assert list(hf.columns) == ["code", "name", "helseforetak", "note", "source"]
    assert len(hf) == 356 and hf["code"].is_unique
    assert set(hf["code"]) == set(municipality_codes("2020"))
    assert (hf["source"].str.len() > 0).all()
    ids = read("helseforetak_2020.csv")
    assert ids["helseforetak"].is_unique
    assert set(hf["helseforetak"]) <= set(ids["helseforetak"])
    assert set(ids["helseforetak"]) == set(hf["helseforetak"])  # no unused ids
    regions = set(read("helseregioner.csv")["helseregion"])
    assert set(ids["helseregion"]) <= regions
    assert hf.set_index("code").loc["0301", "helseforetak"] == "oslo"


def test_hf_outside_county_rhf_is_noted():
    hf = read("kommune_helseforetak_2020.csv")
    rhf_of_hf = read("helseforetak_2020.csv").set_index("helseforetak")["helseregion"]
    rhf_of_county = read("fylker_2020.csv").set_index("fylke")["helseregion"]
    differs = hf["helseforetak"].map(rhf_of_hf) != hf["code"].str[:2].map(rhf_of_county)
    assert hf.loc[differs, "note"].str.contains("DIFFERS FROM COUNTY RHF").all()


def test_fylke_2024_2020_consistent_with_municipalities():
    fy = read("fylke_2024_2020.csv")
    assert len(fy) == 15 and fy["code_2024"].is_unique
    parent = fy.set_index("code_2024")["code_2020"]
    cw = crosswalk("2024", "2020")
    assert (cw["code_from"].str[:2].map(parent) == cw["code_to"].str[:2]).all()


def test_2019_to_2024_follows_both_steps_and_places_the_alesund_parts():
    cw = crosswalk("2019", "2024").set_index("code_from")
    assert cw.loc["0101", "code_to"] == "3101" and cw.loc["0101", "relation"] == "renumbered"  # Halden
    assert cw.loc["1534", "code_to"] == "1580" and not cw.loc["1534", "approximate"]  # Haram is Haram again
    assert cw.loc["1504", "code_to"] == "1508" and cw.loc["1504", "relation"] == "merged"
    assert set(cw["code_to"]) == set(municipality_codes("2024"))
