"""The json-stat2 decoder: positions from id/size, sparse values, status symbols, layout errors."""

from __future__ import annotations

import copy

import pytest
from ssb_fake import encode, synthetic_12005

from indicators.ssb import jsonstat
from indicators.ssb.errors import SsbError


def _doc(ids, sizes, dims, value, status=None):
    d = {"version": "2.0", "class": "dataset", "id": ids, "size": sizes,
         "dimension": {k: {"label": k, "category": {"index": v}} for k, v in dims.items()}, "value": value}
    if status is not None:
        d["status"] = status
    return d


def test_row_major_positions_whatever_the_dimension_order():
    # Tid first, region last: cell (Tid=2025, ContentsCode=B, Region=1804) is 1*4 + 1*2 + 0
    doc = _doc(["Tid", "ContentsCode", "Region"], [2, 2, 2],
               {"Tid": ["2024", "2025"], "ContentsCode": ["A", "B"], "Region": ["1804", "1806"]},
               [0, 1, 2, 3, 4, 5, 6, 7])
    snap = jsonstat.to_snapshot(jsonstat.decode(doc), "t", via="test")
    assert snap.value("B", "1804", "2025") == 6.0
    assert snap.value("A", "1806", "2024") == 1.0
    assert snap.value("B", "1806", "2024") == 3.0


def test_index_as_array_or_object_and_sparse_values_decode_alike():
    dense = _doc(["Region", "ContentsCode", "Tid"], [2, 1, 2],
                 {"Region": {"1804": 0, "1806": 1}, "ContentsCode": {"A": 0}, "Tid": {"2024": 0, "2025": 1}},
                 [1.5, None, 3, 4], status={"1": ":"})
    sparse = copy.deepcopy(dense)
    sparse["value"] = {"0": 1.5, "2": 3, "3": 4}
    for d in sparse["dimension"].values():
        idx = d["category"]["index"]
        d["category"]["index"] = sorted(idx, key=idx.get)
    a = jsonstat.to_snapshot(jsonstat.decode(dense), "t", via="x", retrieved="2026-01-01")
    b = jsonstat.to_snapshot(jsonstat.decode(sparse), "t", via="x", retrieved="2026-01-01")
    assert a.values == b.values == {"A": {"1804": {"2024": 1.5}, "1806": {"2024": 3.0, "2025": 4.0}}}
    assert a.missing == {"A": {"1804": {"2025": ":"}}}


def test_symbols_stay_missing_with_their_reason_and_dash_is_zero():
    doc = _doc(["Region", "ContentsCode", "Tid"], [1, 1, 4],
               {"Region": ["1804"], "ContentsCode": ["A"], "Tid": ["2022", "2023", "2024", "2025"]},
               [None, None, None, 7], status=["..", ":", "-", None])
    snap = jsonstat.to_snapshot(jsonstat.decode(doc), "t", via="x")
    assert snap.values["A"]["1804"] == {"2024": 0.0, "2025": 7.0}
    assert snap.missing["A"]["1804"] == {"2022": "..", "2023": ":"}


def test_aggregates_are_left_out_and_units_and_names_kept():
    snap = synthetic_12005(["1804", "3101"], ["2024", "2025"])
    back = jsonstat.to_snapshot(jsonstat.decode(encode(snap)), "12005", via="x")
    assert back.regions() == ["1804", "3101"]  # EAK, EKA18, EKG13 dropped
    assert back.values == snap.values
    assert back.variable("KOSandelpasiente0000").unit == "prosent"
    assert back.region_names["1804"] == "Kommune 1804"


def test_a_total_dimension_is_fine_but_a_breakdown_is_a_layout_error():
    snap = synthetic_12005(["1804"], ["2025"])
    ok = encode(snap, extra_dims={"Kjonn": ["0"]})
    assert jsonstat.to_snapshot(jsonstat.decode(ok), "12005", via="x").values == snap.values
    bad = encode(snap, extra_dims={"Kjonn": ["1", "2"]})
    with pytest.raises(SsbError) as e:
        jsonstat.to_snapshot(jsonstat.decode(bad), "12005", via="x")
    assert e.value.key == "layout" and "Kjonn" in e.value.message("en")


@pytest.mark.parametrize("mutate, words", [
    (lambda d: d.update(value=d["value"][:-1]), "values for"),
    (lambda d: d.update(size=[1, 1]), "id and size"),
    (lambda d: d.pop("dimension"), "no id/size/dimension"),
    (lambda d: d.update({"class": "collection"}), "collection"),
    (lambda d: d["value"].__setitem__(0, "12,5"), "not a number"),
    (lambda d: d["dimension"]["Tid"]["category"].update(index={"2024": 0, "2025": 5}), "gaps"),
])
def test_broken_documents_are_layout_errors(mutate, words):
    doc = _doc(["Region", "ContentsCode", "Tid"], [1, 1, 2],
               {"Region": ["1804"], "ContentsCode": ["A"], "Tid": ["2024", "2025"]}, [1, 2])
    mutate(doc)
    with pytest.raises(SsbError) as e:
        jsonstat.to_snapshot(jsonstat.decode(doc), "t", via="x")
    assert e.value.key == "layout"
    assert words in e.value.message("en")
    assert "Legekart kjenner" in e.value.message("nb")


def test_no_region_dimension_is_named_in_the_error():
    doc = _doc(["Kjonn", "ContentsCode", "Tid"], [1, 1, 1],
               {"Kjonn": ["0"], "ContentsCode": ["A"], "Tid": ["2025"]}, [1])
    doc.pop("role", None)
    with pytest.raises(SsbError) as e:
        jsonstat.to_snapshot(jsonstat.decode(doc), "t", via="x")
    assert "no geo dimension" in str(e.value)
