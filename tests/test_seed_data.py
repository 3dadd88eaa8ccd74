"""The bundled numbers equal what the seed documents print, and carry their source."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from indicators import catalogue
from indicators.observations import OBSERVATIONS_CSV, bundled
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "data" / "scripts"))
import build_indicators  # noqa: E402

PROJ = ROOT / "data" / "indicators" / "projection_inputs.csv"


@pytest.fixture(scope="module")
def obs() -> pd.DataFrame:
    return bundled()


def printed(obs, indicator, level="fylke", vintage="2019"):
    df = obs[(obs.indicator == indicator) & (obs.level == level) & (~obs.derived)]
    if vintage is not None:
        df = df[df.vintage == vintage]
    return df


@pytest.mark.parametrize(
    "indicator,total",
    [("fastlegelister", 5010), ("lister_uten_fast_lege", 126), ("lister_med_vikar", 1115),
     ("lister_uten_fast_lege_uten_vikar", 32)],
)
def test_tabell3_counties_sum_to_printed_totals(obs, indicator, total):
    counties = printed(obs, indicator)
    assert len(counties) == 18
    assert counties["value"].sum() == total
    national = obs[(obs.indicator == indicator) & (obs.level == "land") & (obs.period == "2019")
                   & (obs.source == "001")]
    assert total in set(national["value"])


def test_tabell3_shares_equal_counts_over_all_lists(obs):
    shares = printed(obs, "lister_uten_fast_lege_andel")
    for _, r in shares.iterrows():
        assert round(r.numerator / r.denominator * 100, 1) == pytest.approx(r.value, abs=0.05)


def test_harmonised_counties_sum_counts_and_recompute_shares(obs):
    d = obs[(obs.indicator == "lister_uten_fast_lege_andel") & (obs.level == "fylke") & (obs.vintage == "2020")]
    assert len(d) == 11 and d.derived.all()
    viken = d[d.code == "30"].iloc[0]
    assert (viken.numerator, viken.denominator) == (6, 1026)  # Østfold + Akershus + Buskerud
    assert viken.value == pytest.approx(6 / 1026 * 100)
    assert viken.approximate and "Jevnaker" in viken.note
    # counties no municipality moved into or out of stay exact
    assert not d.set_index("code").loc[["03", "11", "42"], "approximate"].any()
    assert d.numerator.sum() == 126 and d.denominator.sum() == 5010


def test_health_regions_flag_only_the_border_that_moved(obs):
    d = obs[(obs.indicator == "lister_uten_fast_lege") & (obs.level == "helseregion")].set_index("code")
    assert d.value.sum() == 126
    # Hornindal moved from Sogn og Fjordane (Helse Vest) to Møre og Romsdal (Helse Midt-Norge)
    assert d.loc["helse-vest", "approximate"] and d.loc["helse-midt-norge", "approximate"]
    assert not d.loc["helse-sor-ost", "approximate"] and not d.loc["helse-nord", "approximate"]


def test_lis1_positions_by_region_sum_to_940(obs):
    d = obs[(obs.indicator == "lis1_stillinger") & (obs.level == "helseregion")]
    assert d.set_index("code")["value"].to_dict() == {
        "helse-nord": 170, "helse-midt-norge": 170, "helse-vest": 182, "helse-sor-ost": 418}
    assert d.value.sum() == 940


def test_psychiatry_by_region(obs):
    d = obs[(obs.indicator == "psykiatri_ekstra_stillinger") & (obs.level == "helseregion")].set_index("code")
    assert d.value.to_dict() == {"helse-nord": 33.5, "helse-vest": 28.5, "helse-sor-ost": 34, "helse-midt-norge": 52.5}
    per = obs[(obs.indicator == "psykiatri_ekstra_stillinger_per_enhet") & (obs.level == "helseregion")]
    assert sorted(per.value) == [1.9, 2.4, 3.4, 3.8]


def test_projection_tables_sum_to_printed_totals():
    p = pd.read_csv(PROJ, dtype=str, keep_default_na=False)
    p["v"] = pd.to_numeric(p["value"], errors="coerce")

    def total(model, names):
        rows = p[(p.model == model) & p.parameter.isin(names) & (p.scenario != "tekst")]
        return rows

    gp = p[(p.model == "fastleger_behov_2035") & (p.scenario != "tekst")]
    psy = p[(p.model == "psykiatere_behov_2035") & (p.scenario != "tekst")]
    assert 3622 in set(gp.v) and 1399 in set(psy.v)
    for frame, parts, whole in ((gp, (1770, 1621, 231), 3622), (psy, (494, 623, 282), 1399)):
        assert set(parts) <= set(frame.v)
        assert sum(parts) == whole


def test_every_row_has_provenance(obs):
    assert (obs.source != "").all()
    assert (obs.table != "").all()
    assert (obs.seed_lines != "").all()
    # a derived number says how it was derived; a row without a number says why
    with_number = obs.value.notna() | obs.numerator.notna() | (obs.category != "")
    assert obs[obs.derived & with_number].note.str.contains("Derived|Re-coded|Value for").all()
    assert (obs[~with_number].note != "").all()


def test_every_indicator_is_in_the_catalogue(obs):
    cat = catalogue.bundled()
    assert set(obs.indicator) <= set(cat.indicators)
    for required in ("lister_uten_fast_lege_andel", "lister_med_vikar_andel", "psykiatri_ekstra_stillinger",
                     "psykiatri_ekstra_stillinger_per_enhet", "lis1_stillinger", "rekruttering_status"):
        assert required in cat
    status = cat.scheme_of(cat.get("rekruttering_status"))
    assert status.keys() == ["gronn", "gul", "rod", "ikke_svart"]
    assert status.get("rod").vg_levels == (6, 7)


def test_observations_file_is_reproducible():
    rebuilt = build_indicators.build()
    committed = pd.read_csv(OBSERVATIONS_CSV, dtype=str, keep_default_na=False)
    rebuilt_csv = rebuilt.to_csv(index=False, float_format="%.10g")
    assert rebuilt_csv == OBSERVATIONS_CSV.read_text(encoding="utf-8"), "run python data/scripts/build_indicators.py"
    assert len(committed) == len(rebuilt)


def test_printed_numbers_match_the_seed_lines(seeds_dir):
    """Optional extra check: every printed figure occurs on its cited seed line."""
    result = subprocess.run([sys.executable, str(ROOT / "data" / "scripts" / "verify_seeds.py"), str(seeds_dir)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_shipped_class_breaks_equal_mapclassify():
    """The breaks table shipped for fast start-up is exactly what mapclassify computes."""
    import json

    import numpy as np

    from indicators.classify import BREAKS_JSON, breaks_key, mapclassify_bins
    from indicators.mapdata import map_frame
    from indicators.session import Session

    shipped = json.loads(BREAKS_JSON.read_text(encoding="utf-8"))
    assert shipped == build_indicators.class_breaks(bundled())
    # and spot-check the default opening map directly
    s = Session(map_vintage="2020")
    y = map_frame(s, "fylke", "lister_uten_fast_lege_andel", "2019").values.dropna().to_numpy()
    key = breaks_key("quantiles", 5, y)
    assert shipped[key] == list(mapclassify_bins("quantiles", 5, y))
    assert np.allclose(shipped[key][-1], y.max())
