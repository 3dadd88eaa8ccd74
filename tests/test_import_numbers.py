"""Norwegian number cells: decimal comma, percent, thousands spaces, and missing ≠ zero."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.importer.numbers import MISSING_TOKENS, has_percent, is_missing, parse_number, parse_series

THOUSANDS = ["", " ", "\u00a0", "\u2009", "\u202f"]


@pytest.mark.parametrize("text, value", [
    ("2,5", 2.5), ("2.5", 2.5), ("2,5 %", 2.5), ("2,5%", 2.5), ("1 234", 1234.0), ("1\u00a0234,5", 1234.5),
    ("1\u2009234\u2009567", 1234567.0), ("−3", -3.0), ("-3,25", -3.25), ("+4", 4.0), ("0", 0.0), ("0,0", 0.0),
    ("1.234,5", 1234.5), ("1,234.5", 1234.5), ("1.234.567", 1234567.0), ("301.0", 301.0), (" 12 ", 12.0),
    ("1e3", 1000.0), ("１２", 12.0),
])
def test_norwegian_formats(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", " ", "-", "−", "–", "..", ":", ".", "...", "nan", "NaN", "N/A"])
def test_missing_tokens_are_missing_not_zero(text):
    v = parse_number(text)
    assert math.isnan(v) and is_missing(text)


@pytest.mark.parametrize("text", ["abc", "12 34", "1,2,3,4x", "%", "--5", "1 2345", "inf", "5 kr"])
def test_unreadable_cells_raise(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_series_keeps_missing_and_failures_apart():
    p = parse_series(pd.Series(["1", "2,5 %", "..", "", "abc", "0", None], dtype=object))
    assert p.values[0] == 1 and p.values[1] == 2.5 and p.values[5] == 0.0
    assert list(p.missing) == [False, False, True, True, False, False, True]
    assert list(p.failed) == [False, False, False, False, True, False, False]
    assert list(p.percent) == [False, True, False, False, False, False, False]
    assert p.n_values == 3


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=-10**9, max_value=10**9),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(THOUSANDS),
    st.booleans(),
    st.sampled_from(["", " ", "  "]),
    st.sampled_from(["-", "−"]),
)
def test_property_norwegian_round_trip(units, decimals, sep, percent, pad, minus):
    """Any number written the Norwegian way parses back to itself."""
    value = units / 10**decimals
    body = f"{abs(value):,.{decimals}f}".replace(",", "\x00").replace(".", ",").replace("\x00", sep)
    text = pad + (minus if value < 0 else "") + body + (" %" if percent else "") + pad
    parsed = parse_number(text)
    assert parsed == pytest.approx(value, rel=1e-12, abs=1e-12)
    assert has_percent(text) == percent


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789,. -−%e:", max_size=12))
def test_property_vectorised_equals_scalar(text):
    """The fast column parser and the cell parser never disagree (value, missing or failure)."""
    p = parse_series(pd.Series([text], dtype=object))
    try:
        v = parse_number(text)
    except ValueError:
        assert p.failed[0] and np.isnan(p.values[0])
        return
    assert not p.failed[0]
    if math.isnan(v):
        assert p.missing[0] and np.isnan(p.values[0])
    else:
        assert p.values[0] == pytest.approx(v) and not p.missing[0]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(MISSING_TOKENS)), st.sampled_from(["", " ", "\u00a0"]))
def test_property_missing_is_never_zero(token, pad):
    assert math.isnan(parse_number(pad + token + pad))
