"""Classification: mapclassify's classes, 'no data' apart, legends, and the breaks cache."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from indicators import classify
from indicators.catalogue import bundled
from indicators.classify import NO_DATA, classify_categories, classify_continuous


@pytest.fixture()
def share():
    return bundled().get("lister_uten_fast_lege_andel")


def values(n=40, seed=1, missing=3):
    v = pd.Series(np.random.default_rng(seed).uniform(0, 10, n), index=[f"{i:04d}" for i in range(n)])
    v.iloc[:missing] = np.nan
    return v


@pytest.mark.parametrize("method,cls", [("quantiles", "Quantiles"), ("equal_interval", "EqualInterval"),
                                        ("natural_breaks", "FisherJenks")])
@pytest.mark.filterwarnings("ignore:Numba not installed")
def test_breaks_are_mapclassifys(share, method, cls):
    import mapclassify

    v = values(seed=7)
    c = classify_continuous(v, share, method, 5)
    expected = getattr(mapclassify, cls)(v.dropna().to_numpy(), k=5)
    assert np.allclose(c.bins, expected.bins)
    assert [e.count for e in c.legend if not e.no_data] == list(expected.counts)


def test_no_data_is_its_own_class_and_colour(share):
    c = classify_continuous(values(), share, "quantiles", 4)
    assert c.class_index[:3] == (NO_DATA,) * 3
    assert c.legend[-1].no_data and c.legend[-1].count == 3
    assert c.no_data_colour not in c.colours


def test_manual_breaks_and_one_decimal_count_per_legend(share):
    c = classify_continuous(values(missing=0), share, "manual", manual_breaks=[2.5, 5])
    labels = [e.label for e in c.legend if not e.no_data]
    assert labels[0].endswith("2,5\u00a0%") and "5,0" in labels[1]
    assert all(lbl.count(",") == 2 for lbl in labels)  # "a,b – c,d %": same decimals on every line


def test_categories_keep_scheme_order_and_count_no_data():
    cat = bundled()
    scheme = cat.schemes["rekruttering_status"]
    s = pd.Series(["rod", "gronn", "", "gul", "rod"], index=list("abcde"))
    c = classify_categories(s, scheme)
    assert [e.key for e in c.legend[:-1]] == ["gronn", "gul", "rod", "ikke_svart"]
    assert [e.count for e in c.legend] == [1, 1, 2, 0, 1]
    safe = classify_categories(s, scheme, colour_blind=True)
    assert safe.colour_of("a") != c.colour_of("a")  # deuteranopia-safe palette differs


def test_new_breaks_are_cached_for_the_next_process(share, monkeypatch, tmp_path):
    monkeypatch.setenv("LEGEKART_CACHE_DIR", str(tmp_path))
    classify._memo.clear()
    v = values(seed=99)
    first = classify_continuous(v, share, "quantiles", 5).bins
    classify._flush()
    classify._memo.clear()
    monkeypatch.setattr(classify, "mapclassify_bins", lambda *a: pytest.fail("should come from the cache"))
    assert classify_continuous(v, share, "quantiles", 5).bins == first
