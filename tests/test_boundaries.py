"""Invariants of the bundled boundaries: counts, nesting, coverage, no overlaps."""

from __future__ import annotations

import pytest
import shapely

from geo import boundaries
from geo.gazetteer import gazetteer
from geo.levels import CRS, LEVELS


@pytest.fixture(scope="module")
def layers():
    return {lv: boundaries.load(lv, "2020") for lv in LEVELS}


def test_unit_counts(layers):
    assert len(layers["kommune"]) == 356
    assert len(layers["fylke"]) == 11
    assert len(layers["helseregion"]) == 4
    assert set(layers["helseregion"]["code"]) == {"helse-sor-ost", "helse-vest", "helse-midt-norge", "helse-nord"}
    assert 15 <= len(layers["helseforetak"]) <= 25


def test_codes_are_four_digit_and_span_the_2020_range(layers):
    codes = layers["kommune"]["code"]
    assert codes.str.fullmatch(r"\d{4}").all()
    assert codes.min() == "0301" and codes.max() == "5444"
    assert codes.is_unique


def test_crs_and_validity(layers):
    for lv, gdf in layers.items():
        assert gdf.crs.to_string() == CRS, lv
        assert gdf.is_valid.all(), lv
        assert set(gdf.geom_type) == {"MultiPolygon"}, lv


def test_every_municipality_in_exactly_one_parent(layers):
    k = layers["kommune"]
    assert k["fylke"].isin(layers["fylke"]["code"]).all()
    assert k["helseregion"].isin(layers["helseregion"]["code"]).all()
    assert k["helseforetak"].isin(layers["helseforetak"]["code"]).all()
    assert (k["fylke"] == k["code"].str[:2]).all()


@pytest.mark.parametrize("level", ["fylke", "helseregion", "helseforetak"])
def test_union_of_each_level_equals_union_of_municipalities(layers, level):
    base = shapely.union_all(layers["kommune"].geometry.values)
    other = shapely.union_all(layers[level].geometry.values)
    diff = shapely.symmetric_difference(base, other).area
    assert diff / base.area < 1e-4


@pytest.mark.parametrize("level", list(LEVELS))
def test_no_overlaps(layers, level):
    geoms = list(layers[level].geometry.values)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    overlap = sum(
        shapely.intersection(geoms[i], geoms[j]).area for i, j in zip(left, right) if i < j
    )
    assert overlap < 1.0  # square metres, over the whole country


def test_label_points_inside_units(layers):
    for lv, gdf in layers.items():
        pts = shapely.points(gdf["label_x"].values, gdf["label_y"].values)
        assert shapely.contains(gdf.geometry.values, pts).all() or shapely.intersects(
            gdf.geometry.values, pts
        ).all(), lv


def test_metadata_names_source_and_licence():
    meta = boundaries.metadata("2020")
    assert "Kartverket" in meta["source"]
    assert "CC BY 4.0" in meta["licence"]


def test_light_reader_matches_geopandas(layers):
    s = boundaries.shapes("kommune", "2020")
    assert s.codes == tuple(layers["kommune"]["code"])
    assert shapely.equals_exact(s.geometries, layers["kommune"].geometry.values, tolerance=0).all()


def test_parallel_names():
    gaz = gazetteer("2020")
    assert "Kárášjohka" in gaz.get("kommune", "5437").parallel_names
    assert gaz.get("kommune", "5436").name == "Porsanger - Porsáŋgu - Porsanki"
    assert gaz.get("kommune", "5437").short_name == "Karasjok"


def test_oslo_health_trust_area_says_what_it_is():
    gaz = gazetteer("2020")
    oslo = gaz.get("kommune", "0301")
    area = gaz.get("helseforetak", oslo.helseforetak)
    assert "Oslo" in area.name
    for hf in ("OUS", "Lovisenberg", "Diakonhjemmet"):
        assert hf in area.name or hf in area.note
