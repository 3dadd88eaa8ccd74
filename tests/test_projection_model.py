"""The regional projection model: seed tables reproduced, sums exact, scenarios monotone."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.gazetteer import gazetteer
from indicators.catalogue import Indicator
from indicators.projection import (
    LEVELS,
    Scenario,
    ScenarioError,
    UnknownRegion,
    hours_factor,
    national_components,
    parse,
    project,
    project_all,
    retirement_scale,
)
from indicators.projection import national as nat
from indicators.projection.apportion import largest_remainder, spread
from indicators.projection.errors import KeyBuildError
from indicators.projection.inputs import inputs
from indicators.session import Session

SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def session() -> Session:
    return Session(map_vintage="2020")


def national(topic: str, **changes) -> dict[str, int]:
    sc = Scenario.base(topic).with_(**changes)
    return {c.id: c.value for c in national_components(sc)}


# -- the seed tables --------------------------------------------------------------------------
def test_tabell_4_1_reproduced_exactly(session):
    p = project(session, "land", "NO", "fastleger")
    assert p.component_totals == {"growth": 1770, "retirements": 1621, "shortage": 231,
                                  "working_hours": 0, "list_norm": 0}
    assert p.total == 3622
    assert p.total == inputs().value("fastleger_behov_2035", "sum_totalt")


def test_tabell_4_2_reproduced_exactly(session):
    p = project(session, "land", "NO", "psykiatere")
    assert p.component_totals == {"growth": 494, "retirements": 623, "shortage": 282}
    assert p.total == 1399 == inputs().value("psykiatere_behov_2035", "sum_totalt")


@pytest.mark.parametrize("topic,param", [
    ("fastleger", "netto_okning_behov"), ("fastleger", "pensjonsavgang"), ("fastleger", "mangel_hjemler"),
    ("psykiatere", "netto_okning_behov"), ("psykiatere", "pensjonsavgang"), ("psykiatere", "mangel"),
])
def test_annual_figures_match_the_tables_per_year_column(session, topic, param):
    """The even spread over 14 years gives the table's own annual figures (to rounding)."""
    comp = {"netto_okning_behov": "growth", "pensjonsavgang": "retirements"}.get(param, "shortage")
    p = project(session, "land", "NO", topic)
    per_year = inputs().value(nat.MODEL[topic], f"{param}_per_ar")
    assert all(abs(v - per_year) <= 1 for v in p.components[comp])
    assert abs(sum(p.components[comp]) / len(p.years) - per_year) <= 0.5  # 231 / 14 = 16,5 is printed 17


def test_period_is_fourteen_years_to_2035():
    assert nat.years() == list(range(2022, 2036))
    age, young = (inputs().value("pensjonsavgang", p, "tekst") for p in ("pensjonsalder",
                                                                         "alder_2021_gar_av_innen_horisont"))
    assert age - young == nat.years_count() == 14


@pytest.mark.parametrize("attrition,inflow,expected", [
    ("hoy", "samme", 1190), ("lav", "samme", 1040), ("hoy", "alle_norge", 1240), ("lav", "alle_norge", 1090),
])
def test_tabell_7_chain(attrition, inflow, expected):
    comps = national("lis1", attrition=attrition, inflow=inflow)
    assert sum(comps.values()) == expected
    column = "hoy_avgang" if attrition == "hoy" else "lav_avgang"
    inp = inputs()
    assert comps["net_growth"] + comps["attrition"] == inp.value("lis1_behov", "bruttobehov", column)
    if inflow == "samme":
        assert (comps["net_growth"] + comps["attrition"] + comps["converted_specialists"]
                == inp.value("lis1_behov", "behov_spesialistutdanning", column))
        assert sum(comps.values()) == inp.value("lis1_behov", "lis1_samme_tilgang", column)
    else:
        assert sum(comps.values()) == inp.value("lis1_behov", "lis1_alle_utdannet_i_norge", column)


@pytest.mark.parametrize("attrition,printed", [("lav", 1220), ("hoy", 1370)])
def test_lis1_2017_growth_sensitivity_is_within_the_texts_rounding(attrition, printed):
    total = sum(national("lis1", growth="vekst_2017", attrition=attrition).values())
    assert abs(total - printed) <= 1  # the text adds "omtrent 180"; the chain gives 181 more


def test_lis1_range_brackets_today_and_recommended():
    inp = inputs()
    low = sum(national("lis1", attrition="lav").values())
    high = sum(national("lis1", attrition="hoy", inflow="alle_norge").values())
    assert inp.value("lis1_dimensjonering", "lis1_stillinger", "dagens") < low
    assert low <= inp.value("lis1_dimensjonering", "lis1_stillinger", "anbefalt") <= high


def test_menon_hours_function():
    inp = inputs()
    h0 = inp.value("fastleger_normativ_arbeidstid", "arbeidstimer_per_uke", "dagens")
    h1 = inp.value("fastleger_normativ_arbeidstid", "maltimer_per_uke", "normativ")
    assert hours_factor(h0, h1) == pytest.approx(0.2356, abs=1e-4)  # printed "24 prosent"
    extra = national("fastleger", hours=h1)["working_hours"]
    assert abs(extra - inp.value("fastleger_normativ_arbeidstid", "behov_flere_fastleger", "normativ")) <= 5
    assert hours_factor(h0, h0) == 0


# -- sums stay exact ----------------------------------------------------------------------------
def _check_sums(results, nat_values):
    gaz = gazetteer("2020")
    for level in LEVELS:
        units = [p for (lv, _), p in results.items() if lv == level]
        assert len(units) == len(gaz.level_units(level))
        for comp, value in nat_values.items():
            assert sum(p.component_totals[comp] for p in units) == value * (1 if units[0].topic != "lis1"
                                                                             else len(units[0].years))
    for (level, code), _p in results.items():
        if level == "helseregion":
            continue
        region = results[("helseregion", gaz.get(level, code).helseregion)]
        siblings = [q for (lv, c), q in results.items() if lv == level and gaz.get(lv, c).helseregion == region.code]
        assert sum(q.total for q in siblings) == region.total


@pytest.mark.parametrize("topic", ["fastleger", "psykiatere", "lis1"])
def test_regions_sum_to_national_tables_at_every_level(session, topic):
    results = project_all(session, Scenario.base(topic))
    _check_sums(results, national(topic))
    totals = {lv: sum(p.total for (level, _), p in results.items() if level == lv) for lv in LEVELS}
    expected = {"fastleger": 3622, "psykiatere": 1399, "lis1": 1190 * 14}[topic]
    assert set(totals.values()) == {expected}


@SLOW
@given(hours=st.floats(35, 70), age=st.floats(62, 72), norm=st.floats(700, 1400), pct=st.floats(0, 200),
       years=st.integers(1, 14))
def test_sums_stay_exact_under_any_scenario(session, hours, age, norm, pct, years):
    sc = parse("fastleger", [f"hours={hours}", f"retirement_age={age}", f"list_norm={norm}", f"growth_pct={pct}",
                             f"shortage_years={years}", f"phase_in_years={years}"])
    _check_sums(project_all(session, sc), {c.id: c.value for c in national_components(sc)})


# -- monotonicity -------------------------------------------------------------------------------
@SLOW
@given(a=st.floats(35, 70), b=st.floats(35, 70))
def test_shorter_week_means_more_need(session, a, b):
    long_, short = max(a, b), min(a, b)
    for level, code in (("land", "NO"), ("fylke", "18"), ("helseregion", "helse-nord")):
        need_long = project(session, level, code, "fastleger", parse("fastleger", [f"hours={long_}"])).total
        need_short = project(session, level, code, "fastleger", parse("fastleger", [f"hours={short}"])).total
        assert need_short >= need_long


@SLOW
@given(a=st.floats(60, 75), b=st.floats(60, 75), topic=st.sampled_from(["fastleger", "psykiatere"]))
def test_later_retirement_means_fewer_retirements(session, a, b, topic):
    early, late = min(a, b), max(a, b)
    for level, code in (("land", "NO"), ("fylke", "18"), ("helseforetak", "nordlandssykehuset")):
        r_early = project(session, level, code, topic, parse(topic, [f"retirement_age={early}"]))
        r_late = project(session, level, code, topic, parse(topic, [f"retirement_age={late}"]))
        assert r_late.component_totals["retirements"] <= r_early.component_totals["retirements"]


def test_retirement_scale():
    assert retirement_scale(14, 67, 67) == 1
    assert retirement_scale(14, 69, 67) == pytest.approx(12 / 14)
    assert retirement_scale(14, 90, 67) == 0
    assert retirement_scale(14, 65, 67) > 1


# -- regions, keys, local figures -----------------------------------------------------------------
def test_nordland_and_helse_nord(session):
    nordland = project(session, "fylke", "18")
    nord = project(session, "helseregion", "helse-nord")
    assert nordland.name == "Nordland" and nord.name == "Helse Nord"
    assert 0 < nordland.total < nord.total < 3622
    d = nordland.to_dict()
    assert d["approximate"] is True
    assert any("Legekarts egen modell" in a["nb"] and "Legekart's own model" in a["en"] for a in d["assumptions"])
    text = " ".join(a["nb"] for a in d["assumptions"])
    assert "Tabell 4.1" in text and "linje 6264–6267" in text and "Tjeldsund" in text
    assert "1 900" in text  # the text/table disagreement is named


def test_hf_areas_say_which_split_they_use(session):
    """Issue 11 §3: the old counties' figures are divided among municipalities by population
    (SSB 07459); the equal split is still offered, and called a crude proxy."""
    p = project(session, "helseforetak", "helgelandssykehuset")
    assert any("folketallet 1. januar 2020" in s for s in p.sentences("nb"))
    assert any("population on 1 January 2020" in s for s in p.sentences("en"))
    crude = project(session, "helseforetak", "helgelandssykehuset", "fastleger", parse("fastleger", ["split=kommuner"]))
    assert any("grov tilnærming" in s for s in crude.sentences("nb"))
    assert any("crude proxy" in s for s in crude.sentences("en"))
    assert crude.total != p.total


def test_local_figure_replaces_the_regional_share(session):
    sc = parse("fastleger", ["local_retirements=120"])
    p = project(session, "fylke", "18", "fastleger", sc)
    assert p.component_totals["retirements"] == 120
    assert any("lagt inn av brukeren" in s for s in p.sentences("nb"))


def _population_session() -> Session:
    s = Session(map_vintage="2020")
    units = gazetteer("2020").level_units("kommune")
    rows = pd.DataFrame({
        "indicator": "folketall", "level": "kommune", "vintage": "2020", "code": [u.code for u in units],
        "period": "2020", "value": [1000.0 + int(u.code) % 97 * 100 for u in units], "origin": "import",
    })
    s.add_indicator(Indicator("folketall", "import", "Folketall", "Population", "personer", "count",
                              origin="folketall.csv"), rows)
    return s


def test_imported_population_as_key_and_as_hf_split():
    s = _population_session()
    by_pop = project_all(s, parse("fastleger", ["key=indicator:folketall", "retirement_key=indicator:folketall"]))
    _check_sums(by_pop, national("fastleger"))
    split = project_all(s, parse("fastleger", ["split=indicator:folketall"]))
    base = project_all(s, parse("fastleger", ["split=kommuner"]))
    assert all(split[("fylke", c)].total == base[("fylke", c)].total for c in ("18", "54", "46"))
    assert any(split[("helseforetak", c)].total != base[("helseforetak", c)].total
               for c in ("helse-bergen", "helse-forde", "helse-fonna"))
    p = project(s, "helseforetak", "helse-forde", "fastleger", parse("fastleger", ["split=indicator:folketall"]))
    assert any("Folketall" in t for t in p.sentences("nb"))


@pytest.mark.parametrize("items", [["hours=abc"], ["nope=1"], ["hours=5"], ["growth=unknown_alt"], ["hours"],
                                   ["shortage_years=2.5"]])
def test_bad_scenarios_raise(items):
    with pytest.raises(ScenarioError):
        parse("fastleger", items)


def test_bad_key_and_region_raise(session):
    with pytest.raises(KeyBuildError):
        project(session, "fylke", "18", "fastleger", parse("fastleger", ["key=nope"]))
    with pytest.raises(UnknownRegion):
        project(session, "fylke", "99")
    with pytest.raises(ScenarioError):
        parse("psykiatere", ["hours=45"])


def test_base_and_custom_compare(session):
    from indicators.projection import compare

    base = project(session, "helseregion", "helse-nord")
    custom = project(session, "helseregion", "helse-nord", "fastleger", parse("fastleger", ["hours=45"]))
    c = compare(base, custom)
    assert c["total"]["difference"] == custom.total - base.total > 0
    assert c["changed"] == {"hours": 45.0}


# -- apportionment ------------------------------------------------------------------------------
@given(total=st.integers(-5000, 5000),
       weights=st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=30).filter(lambda w: sum(w) > 0))
def test_largest_remainder_is_exact_and_fair(total, weights):
    w = {str(i): x for i, x in enumerate(weights)}
    parts = largest_remainder(total, w)
    assert sum(parts.values()) == total
    wsum = sum(weights)
    for k, v in parts.items():
        assert abs(v - total * w[k] / wsum) < 1 + 1e-6


@given(total=st.integers(0, 10000), years=st.integers(1, 20), active=st.integers(1, 20))
def test_spread_is_exact(total, years, active):
    s = spread(total, years, active)
    assert len(s) == years and sum(s) == total
    assert max(s[: min(active, years)]) - min(s[: min(active, years)]) <= 1


# -- provenance of the horizon and retirement rows -------------------------------------------------
def test_horizon_and_retirement_age_come_from_the_inputs_file():
    """2035, 67 and 53 are read from projection_inputs.csv (checked against the seed by verify_seeds)."""
    assert inputs().get("framskrivning", "horisont", "tabell").value == 2035
    assert inputs().get("pensjonsavgang", "pensjonsalder", "tekst").value == 67
    assert inputs().get("pensjonsavgang", "alder_2021_gar_av_innen_horisont", "tekst").value == 53


