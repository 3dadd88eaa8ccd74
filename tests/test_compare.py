"""Rank and better/worse/about the same as Norway, on known values (issue 12)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from geo.gazetteer import gazetteer
from indicators.breakdown import breakdown
from indicators.compare import (
    BEST_FIRST,
    HIGHEST_FIRST,
    SAME_RELATIVE,
    Rank,
    level_values,
    norway_reference,
    rank_of,
    same_tolerance,
    versus,
)
from indicators.session import Session
from tests.conftest import ROOT

SHARE = "ssb_andel_pasienter_uten_lege"


@pytest.fixture(scope="module")
def session() -> Session:
    return Session()


@pytest.fixture(scope="module")
def share(session):
    return session.indicator(SHARE)


# -- the rank rule -----------------------------------------------------------------------
def test_rank_one_is_best_when_higher_is_worse(share):
    values = np.array([0.0, 0.0, 1.0, 2.0, 5.0])
    assert rank_of(0.0, values, share) == Rank(1, 5, 2)  # ties share the best place
    assert rank_of(1.0, values, share) == Rank(3, 5, 1)  # competition ranking: 1, 1, 3
    assert rank_of(5.0, values, share) == Rank(5, 5, 1)


def test_rank_one_is_best_when_lower_is_worse(share):
    better_high = replace(share, worse="lower")
    values = np.array([0.0, 0.0, 1.0, 2.0, 5.0])
    assert rank_of(5.0, values, better_high) == Rank(1, 5, 1)
    assert rank_of(0.0, values, better_high) == Rank(4, 5, 2)


def test_rank_one_is_highest_without_direction(session):
    population = session.indicator("folketall")
    assert population.worse == "none"
    assert rank_of(100.0, np.array([5.0, 100.0, 40.0, np.nan]), population) == Rank(1, 3, 1)  # NaN takes no part


def test_rank_order_is_stated(session, share):
    bd = breakdown(session, "kommune", "1804")
    assert bd.assessment(session, SHARE).order == BEST_FIRST
    assert bd.assessment(session, "folketall").order == HIGHEST_FIRST


# -- the "about the same" rule -----------------------------------------------------------
def test_about_the_same_tolerance(share, session):
    listelengde = session.indicator("ssb_listelengde")
    norway = 2.097
    assert same_tolerance(norway, "%") == pytest.approx(max(SAME_RELATIVE * norway, 0.1))
    assert versus(0.0, norway, share) == "better"
    assert versus(2.2, norway, share) == "same"  # 0.103 pp away: within one shown decimal
    assert versus(2.25, norway, share) == "worse"  # 0.153 pp away: beyond 5 % and one decimal
    assert versus(1.9, norway, share) == "better"
    # list length (worse = higher): within 5 % of 957.8 is the same
    assert versus(926.0, 957.8, listelengde) == "same"
    assert versus(900.0, 957.8, listelengde) == "better"
    assert versus(1010.0, 957.8, listelengde) == "worse"
    assert versus(5.0, 5.0, session.indicator("folketall")) is None  # no direction, no marker


# -- on the bundled data --------------------------------------------------------------
def test_bodo_share_rank_and_marker(session, share):
    bd = breakdown(session, "kommune", "1804")
    a = bd.assessment(session, SHARE)
    values = level_values(session, SHARE, "kommune", "2025")
    nordland = {u.code for u in gazetteer("2024").members("fylke", "18")}
    zeros_nl = sum(1 for c, v in values.items() if c in nordland and v == 0.0)
    zeros = sum(1 for v in values.values() if v == 0.0)
    assert bd.own[SHARE].value == 0.0
    assert a.county == Rank(1, sum(1 for c in values if c in nordland), zeros_nl)
    assert a.country == Rank(1, 351, zeros)
    assert a.vs_norway == "better"
    # Norway is partial (351 of 357): compared with the ratio of sums over those 351
    ref = norway_reference(session, share, "2025")
    assert (ref.have, ref.of) == (351, 357)
    assert a.norway == ref and ref.value == pytest.approx(117899 / 5622286 * 100)


def test_nesna_is_worse_and_ranked_from_the_bottom(session):
    bd = breakdown(session, "kommune", "1828")
    v = bd.own[SHARE].value
    values = level_values(session, SHARE, "kommune", "2025")
    a = bd.assessment(session, SHARE)
    assert v == pytest.approx(56.6)
    assert a.vs_norway == "worse"
    assert a.country.position == 1 + sum(1 for x in values.values() if x < v)
    assert a.country.position == 351 - sum(1 for x in values.values() if x >= v) + 1  # among the last
    assert a.country.position > 340


def test_list_length_rank_counts_the_shorter_lists(session):
    ind = "ssb_listelengde"
    bd = breakdown(session, "kommune", "1804")
    values = level_values(session, ind, "kommune", "2025")
    nordland = {u.code for u in gazetteer("2024").members("fylke", "18")}
    mine = bd.own[ind].value
    a = bd.assessment(session, ind)
    assert a.county.position == 1 + sum(1 for c, x in values.items() if c in nordland and x < mine)
    assert a.country.position == 1 + sum(1 for x in values.values() if x < mine)


def test_counts_are_ranked_but_not_compared_with_norway(session):
    bd = breakdown(session, "kommune", "1804")
    a = bd.assessment(session, "ssb_pasienter_uten_lege")
    assert a.country is not None and a.vs_norway is None and "not comparable" in a.vs_norway_note


def test_breakdown_json_has_rank_and_vs_norway(session):
    r = subprocess.run([sys.executable, str(ROOT / "main.py"), "breakdown", "1804", "--json"], capture_output=True,
                       text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 0, r.stderr
    own = {v["indicator"]: v for v in json.loads(r.stdout)["own_values"]}
    share = own[SHARE]
    assert share["rank"]["county"][0] == 1 and share["rank"]["country"] == [1, 351]
    assert share["vs_norway"] == "better"
    assert share["vs_norway_basis"] == {"have": 351, "of": 357}
    assert share["rank_order"] == "best_first"
    for v in own.values():  # an own share or rate of an indicator with a direction says how it stands
        ind = session.indicator(v["indicator"])
        if ind.worse in ("higher", "lower") and ind.kind in ("ratio", "rate"):
            assert v.get("vs_norway") in ("better", "worse", "same") or "vs_norway_note" in v, v["indicator"]
        else:
            assert "vs_norway" not in v, v["indicator"]
    assert "rank" not in own["ks_rekruttering"]  # a category has no rank


def test_key_figures_show_a_county_partial_sum_as_partial_without_vis_alle(session):
    """Nordland's SSB rows cover 40 of 41 municipalities: listed by default, as partial, not as a value."""
    from indicators.key_figures import key_figures
    from indicators.key_text import value_text

    bd = breakdown(session, "fylke", "18")
    rows = {kf.indicator.id: kf for g in key_figures(session, bd, show_all=False, with_spark=False) for kf in g.rows}
    kf = rows["ssb_andel_pasienter_uten_lege"]
    assert kf.own is None and kf.missing is not None and kf.missing.is_partial
    assert value_text(kf.missing, kf.indicator, session, "nb").startswith("Delvis: 40 av 41 kommuner (")


def test_legend_says_partial_units_are_among_no_data(session):
    """At fylke level in 2025, four counties are partial sums: drawn as no data, and the legend says so."""
    from indicators.mapdata import map_frame

    county = map_frame(session, "fylke", "ssb_andel_pasienter_uten_lege", "2025").classify(session)
    entry = next(e for e in county.legend if e.no_data)
    assert (entry.label, entry.count) == ("Ingen data eller delvis", 4)
    kommune = map_frame(session, "kommune", "ssb_andel_pasienter_uten_lege", "2025").classify(session, lang="en")
    assert next(e for e in kommune.legend if e.no_data).label == "No data"
