"""Key cells: codes with or without leading zero, combined cells, names, ambiguity, levels."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.crosswalk import municipality_codes
from indicators.importer.keys import kommune_code, split_key
from indicators.importer.resolve import guess_level, resolve_keys

ALL_CODES = sorted({(c, n) for v in ("2019", "2020", "2024") for c, n in municipality_codes(v).items()})


@pytest.mark.parametrize("text", ["301", "0301", "301.0", "301,0", "K-0301", "K 0301", "Knr 0301", "0301 Oslo",
                                  "Oslo (0301)", "Oslo [0301]", "0301 - Oslo", "0301: Oslo", "0301Oslo", " 0301 "])
def test_oslo_in_every_spelling(text):
    k = split_key(text)
    assert kommune_code(k.code) == "0301" and k.code_level == "kommune"
    r = resolve_keys({text: 1}, "kommune").results[text]
    assert r.match is not None and r.match.code == "0301"


FORMATS = [
    lambda c, n: c, lambda c, n: c.lstrip("0"), lambda c, n: f"{int(c)}.0", lambda c, n: f"K-{c}",
    lambda c, n: f"{c} {n}", lambda c, n: f"{n} ({c})", lambda c, n: f"  {c}\u00a0", lambda c, n: f"{n} [{c}]",
    lambda c, n: f"{c} - {n}",
]


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(ALL_CODES), st.sampled_from(FORMATS))
def test_property_code_parser(code_name, fmt):
    """Every municipality code of 2019/2020/2024, in every common spelling, parses to itself."""
    code, name = code_name
    k = split_key(fmt(code, name))
    assert k.code is not None and kommune_code(k.code) == code
    assert k.code_level == "kommune"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=99), st.booleans())
def test_property_short_codes_are_counties(n, pad):
    k = split_key(f"{n:02d}" if pad else str(n))
    assert k.code_level == "fylke"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå -", min_size=1, max_size=20))
def test_property_names_without_digits_have_no_code(name):
    assert split_key(name).code is None


def _resolve(keys, level=None, vintage=None):
    return resolve_keys({k: 1 for k in keys}, level, vintage)


def test_names_case_accent_space_insensitive_and_parallel_names():
    keys = ["  TROMSØ ", "tromso", "Kárášjohka", "karasjok", "Porsanger - Porsáŋgu - Porsanki", "Porsáŋgu",
            "porsanki", "Guovdageaidnu", "Bodø kommune", "Herøy (Nordland)", "Herøy i Møre og Romsdal",
            "Indre Østfold"]
    res = _resolve(keys)
    got = {k: (r.match.code if r.match else None) for k, r in res.results.items()}
    assert got == {"  TROMSØ ": "5401", "tromso": "5401", "Kárášjohka": "5437", "karasjok": "5437",
                   "Porsanger - Porsáŋgu - Porsanki": "5436", "Porsáŋgu": "5436", "porsanki": "5436",
                   "Guovdageaidnu": "5430", "Bodø kommune": "1804", "Herøy (Nordland)": "1818",
                   "Herøy i Møre og Romsdal": "1515", "Indre Østfold": "3014"}
    assert res.level == "kommune" and res.vintage.vintage == "2020"


@pytest.mark.parametrize("name", ["Herøy", "Våler"])
def test_ambiguous_names_are_reported_not_guessed(name):
    r = _resolve(["Oslo", name, "Indre Østfold"]).results[name]
    assert r.match is None
    text = r.reason.text("en")
    assert "ambiguous" in text and name in text
    assert "tvetydig" in r.reason.text("nb").lower()


def test_bo_is_ambiguous_when_the_year_is_unknown():
    # 'Bø' is one municipality in 2020 (Nordland) but two in 2019 (Telemark, Nordland)
    r = _resolve(["Oslo", "Bergen", "Bø"]).results["Bø"]
    assert r.match is None and "0821" in r.reason.text("en") and "1867" in r.reason.text("en")
    # a table with a 2019-only name (Rygge) is 2019: Bø is still ambiguous there
    r = _resolve(["Oslo", "Rygge", "Bø"]).results["Bø"]
    assert r.match is None and "ambiguous" in r.reason.text("en")
    # a table that is clearly post-2020 (Indre Østfold) has only one Bø
    r = _resolve(["Oslo", "Indre Østfold", "Bø"]).results["Bø"]
    assert r.match is not None and r.match.code == "1867"


def test_totals_unknown_and_special_codes_have_reasons():
    res = _resolve(["0301", "Hele landet", "Norge", "9999", "2111", "030101", "Atlantis", ""], "kommune")
    reasons = {k: r.reason.text("en") for k, r in res.results.items() if r.reason}
    assert "total row" in reasons["Hele landet"] and "total row" in reasons["Norge"]
    assert "not on the map" in reasons["9999"] and "Svalbard" in reasons["2111"]
    assert "6 digits" in reasons["030101"]
    assert "no municipality is called 'Atlantis'" == reasons["Atlantis"]
    assert "empty" in reasons[""]


def test_mixed_levels_in_one_column_are_reported():
    keys = ["0301", "1103", "4601", "03", "11", "Rogaland"]
    texts = {k: 1 for k in keys}
    level, counts = guess_level(texts)
    assert level == "kommune" and counts["fylke"] == 3 and counts["kommune"] == 3
    res = resolve_keys(texts, "kommune")
    for k in ("03", "11", "Rogaland"):
        r = res.results[k]
        assert r.match is None and r.other_level == "fylke" and "mixed levels" in r.reason.text("en")


def test_code_and_name_that_disagree_are_not_matched():
    r = _resolve(["Oslo (4601)"], "kommune").results["Oslo (4601)"]
    assert r.match is None and "4601 is Bergen" in r.reason.text("en")


def test_mojibake_names_are_repaired():
    res = _resolve(["TromsÃ¸", "BÃ¦rum", "Ã…lesund"], "kommune")
    assert [r.match.code for r in res.results.values()] == ["5401", "3024", "1507"]


def test_county_keys_codes_names_and_years():
    res = _resolve(["03", "11", "Vestland", "troms og finnmark", "Nordlánnda"])
    assert res.level == "fylke"
    assert {k: r.match.code for k, r in res.results.items()} == {
        "03": "03", "11": "11", "Vestland": "46", "troms og finnmark": "54", "Nordlánnda": "18"}
    res = _resolve(["01", "02", "12", "14", "19", "20", "50"], "fylke")
    assert res.vintage.vintage == "2019" and all(r.match for r in res.results.values())
    res = _resolve(["31", "32", "33", "55", "56"], "fylke")
    assert res.vintage.vintage == "2024"


def test_health_regions_and_trusts_by_name():
    res = _resolve(["Helse Sør-Øst RHF", "Helse Vest", "Helse Midt-Norge RHF", "helse nord"])
    assert res.level == "helseregion"
    assert sorted(r.match.code for r in res.results.values()) == [
        "helse-midt-norge", "helse-nord", "helse-sor-ost", "helse-vest"]
    res = _resolve(["Akershus universitetssykehus HF", "UNN", "Helse Bergen HF", "St. Olavs hospital"], "helseforetak")
    assert [r.match.code for r in res.results.values()] == ["ahus", "unn", "helse-bergen", "st-olavs"]
