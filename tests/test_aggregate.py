"""Aggregation recomputes ratios from counts and never averages percentages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.aggregate import CANNOT_RATIO, aggregate


def rows(values):
    return pd.DataFrame(
        [{"indicator": "x", "level": "kommune", "code": c, "period": "2020", "value": v, "numerator": n,
          "denominator": d, "source": "test"} for c, v, n, d in values]
    )


def test_ratio_is_recomputed_not_averaged():
    df = rows([("a", 50.0, 1, 2), ("b", 10.0, 10, 100)])
    out = aggregate(df, {"a": "T", "b": "T"}, kind="ratio", scale=100, to_level="fylke")
    r = out.iloc[0]
    assert r.value == pytest.approx(11 / 102 * 100)  # not (50 + 10) / 2
    assert (r.numerator, r.denominator) == (11, 102)
    assert r.derived and "a + b" in r.note


def test_ratio_without_counts_cannot_be_aggregated():
    df = rows([("a", 50.0, np.nan, np.nan), ("b", 10.0, 10, 100)])
    out = aggregate(df, {"a": "T", "b": "T"}, kind="ratio", scale=100, to_level="fylke")
    assert np.isnan(out.iloc[0].value) and CANNOT_RATIO in out.iloc[0].note


def test_counts_with_missing_members_are_partial_not_the_units_value():
    """Issue 11 §4: a sum over 2 of 3 members is not the unit's value (it was shown as one)."""
    df = rows([("a", 3, np.nan, np.nan), ("b", 4, np.nan, np.nan)])
    out = aggregate(df, {"a": "T", "b": "T"}, kind="count", to_level="fylke", expected_members={"T": 3})
    r = out.iloc[0]
    assert np.isnan(r.value) and r.numerator == 7 and "only 2 of 3" in r.note
    assert (r.members_have, r.members_of) == (2, 3)
    full = aggregate(df, {"a": "T", "b": "T"}, kind="count", to_level="fylke", expected_members={"T": 2}).iloc[0]
    assert full.value == 7 and (full.members_have, full.members_of) == (2, 2)


def test_categories_become_distributions():
    df = pd.DataFrame([{"indicator": "s", "level": "kommune", "code": c, "period": "2021", "category": k}
                       for c, k in [("a", "rod"), ("b", "rod"), ("c", "gul")]])
    out = aggregate(df, {"a": "T", "b": "T", "c": "T"}, kind="category", to_level="fylke").set_index("category")
    assert out.loc["rod", "numerator"] == 2 and out.loc["rod", "denominator"] == 3
    assert out.loc["rod", "value"] == pytest.approx(200 / 3)


counts = st.lists(st.tuples(st.integers(0, 10_000), st.integers(1, 10_000)), min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(counts)
def test_property_aggregated_ratio_equals_ratio_of_sums(pairs):
    pairs = [(min(n, d), d) for n, d in pairs]
    df = rows([(f"u{i}", n / d * 100, n, d) for i, (n, d) in enumerate(pairs)])
    out = aggregate(df, {f"u{i}": "T" for i in range(len(pairs))}, kind="ratio", scale=100, to_level="fylke")
    num = sum(n for n, _ in pairs)
    den = sum(d for _, d in pairs)
    assert out.iloc[0].value == pytest.approx(num / den * 100)
    assert 0 <= out.iloc[0].value <= 100
