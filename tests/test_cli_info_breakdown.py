"""The `info` and `breakdown` command-line contracts."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


@pytest.fixture(scope="module")
def info() -> dict:
    r = run("info", "--json", "--map", "2020")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_info_levels(info):
    assert info["levels"]["kommune"] == 356
    assert info["levels"]["fylke"] == 11
    assert info["levels"]["helseregion"] == 4
    assert info["levels"]["helseforetak"] == 19


def test_info_indicators_have_levels_periods_sources(info):
    by_id = {i["id"]: i for i in info["indicators"]}
    andel = by_id["lister_uten_fast_lege_andel"]
    assert {"fylke", "helseregion", "land"} <= set(andel["levels"])
    assert "2019" in andel["periods"]
    assert any(s["id"] == "001" for s in andel["sources"])
    assert by_id["lis1_stillinger"]["levels"][0] == "helseregion"
    for ind in info["indicators"]:
        assert {"id", "levels", "periods", "sources"} <= set(ind)


def test_breakdown_trondheim():
    r = run("breakdown", "5001", "--json")
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["name"].startswith("Trondheim")
    assert d["fylke"]["name"] == "Trøndelag"
    assert d["helseregion"]["code"] == "helse-midt-norge"
    assert d["helseforetak"]["name"].startswith("St. Olav")
    # Trondheim's own value: the KS 2019 rating the seed names (approximate: Klæbu merged in 2020)
    own = {v["indicator"]: v for v in d["own_values"]}
    assert own["ks_rekruttering"]["category"] == "ganske"
    assert own["ks_rekruttering"]["approximate"] is True
    county = {v["indicator"]: v for v in d["context"]["fylke"]["values"]}
    share = county["lister_uten_fast_lege_andel"]
    assert share["value"] == pytest.approx(15 / 454 * 100)
    assert share["approximate"] is True and share["period"] == "2019" and share["source"] == "001"
    norway = {v["indicator"]: v for v in d["context"]["land"]["values"]}
    assert norway["lis1_stillinger"]["value"] == 940


def test_breakdown_municipality_own_values_and_county_context():
    """Fauske had no figures of its own before SSB's table was bundled; now it has, and the
    county's 2019 list share (no Fauske value that year) is still context, never its own."""
    d = json.loads(run("breakdown", "1841", "--json").stdout)
    own = {v["indicator"]: v for v in d["own_values"]}
    assert own["ssb_andel_pasienter_uten_lege"]["period"] == "2025"
    assert "lister_uten_fast_lege_andel" not in own
    assert d["context"]["fylke"]["name"] == "Nordland"
    nordland = {v["indicator"]: v for v in d["context"]["fylke"]["values"]}
    assert nordland["lister_uten_fast_lege_andel"]["value"] == pytest.approx(24 / 286 * 100)


def test_breakdown_other_levels():
    d = json.loads(run("breakdown", "--level", "fylke", "50", "--json").stdout)
    assert d["name"] == "Trøndelag" and d["helseregion"]["code"] == "helse-midt-norge"
    d = json.loads(run("breakdown", "--level", "helseregion", "helse-nord", "--json").stdout)
    own = {v["indicator"]: v for v in d["own_values"]}
    assert own["lis1_stillinger"]["value"] == 170
    assert own["psykiatri_ekstra_stillinger"]["value"] == 33.5
    assert own["lister_uten_fast_lege"]["value"] == 41
    assert set(d["context"]) == {"land"}


@pytest.mark.parametrize("args", [("breakdown", "9999"), ("breakdown", "--level", "fylke", "77"),
                                  ("breakdown", "--level", "helseregion", "helse-x"),
                                  ("breakdown", "--level", "planet", "1")])
def test_unknown_code_exits_2_with_one_line(args):
    r = run(*args, "--json")
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr


def test_breakdown_county_shows_its_partial_sum_with_coverage():
    """Nordland has 40 of its 41 municipalities in SSB's 2025 figures (Evenes 1853 missing): the
    county's own line says so, with the ratio of the sums over those 40, and never as its value."""
    r = run("breakdown", "18", "--level", "fylke", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert "ssb_andel_pasienter_uten_lege" not in {v["indicator"] for v in data["own_values"]}
    entry = next(v for v in data["own_missing"] if v["indicator"] == "ssb_andel_pasienter_uten_lege")
    assert entry["coverage"] == {"have": 40, "of": 41} and entry["period"] == "2025"
    assert entry["reason"] == "delvis: 40 av 41 kommuner har verdi"
    # the ratio of sums over the 40 municipalities, from their own rows
    from indicators.session import Session

    session = Session()
    obs = session.observations.frame
    rows = obs[(obs["level"] == "kommune") & (obs["vintage"] == "2024") & (obs["period"] == "2025")
               & (obs["code"].str[:2] == "18")]
    without = rows.loc[rows["indicator"] == "ssb_pasienter_uten_lege", "value"].sum()
    with_gp = rows.loc[rows["indicator"] == "ssb_pasienter_med_lege", "value"].sum()
    shown = entry["text"].split("(")[1].split("\u00a0%")[0].replace(",", ".")
    assert float(shown) == pytest.approx(round(without / (without + with_gp) * 100, 1))
    text = run("breakdown", "18", "--level", "fylke").stdout
    own_part = text.split("  -- ")[0]
    assert "Andel pasienter på liste uten lege: Delvis: 40 av 41 kommuner (" in own_part
