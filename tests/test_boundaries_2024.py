"""The 2024 map: counts, codes, nesting, coverage, and the counties against Kartverket's own file."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely

from geo import boundaries
from geo.crosswalk import municipality_codes
from geo.gazetteer import gazetteer
from geo.levels import CRS, LEVELS
from tests.conftest import ROOT

FYLKER_2024 = {"03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56"}


@pytest.fixture(scope="module")
def layers():
    return {lv: boundaries.load(lv, "2024") for lv in LEVELS}


def test_unit_counts_and_county_codes(layers):
    assert len(layers["kommune"]) == 357
    assert set(layers["fylke"]["code"]) == FYLKER_2024
    assert set(layers["helseregion"]["code"]) == {"helse-sor-ost", "helse-vest", "helse-midt-norge", "helse-nord"}
    assert len(layers["helseforetak"]) == len(boundaries.load("helseforetak", "2020"))


def test_codes_are_the_2024_codes(layers):
    assert set(layers["kommune"]["code"]) == set(municipality_codes("2024"))
    assert (layers["kommune"]["fylke"] == layers["kommune"]["code"].str[:2]).all()


def test_crs_validity_and_multipolygons(layers):
    for lv, gdf in layers.items():
        assert gdf.crs.to_string() == CRS, lv
        assert gdf.is_valid.all(), lv
        assert set(gdf.geom_type) == {"MultiPolygon"}, lv


@pytest.mark.parametrize("level", ["fylke", "helseregion", "helseforetak"])
def test_each_level_is_dissolved_from_the_municipalities(layers, level):
    base = shapely.union_all(layers["kommune"].geometry.values)
    other = shapely.union_all(layers[level].geometry.values)
    assert shapely.symmetric_difference(base, other).area / base.area < 1e-4


@pytest.mark.parametrize("level", list(LEVELS))
def test_no_overlaps(layers, level):
    geoms = list(layers[level].geometry.values)
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    assert sum(shapely.intersection(geoms[i], geoms[j]).area for i, j in zip(left, right) if i < j) < 1.0


def test_label_points_inside_units(layers):
    for lv, gdf in layers.items():
        pts = shapely.points(gdf["label_x"].values, gdf["label_y"].values)
        assert shapely.intersects(gdf.geometry.values, pts).all(), lv


def test_counties_match_kartverkets_county_file(layers):
    """The dissolved counties cover what Kartverket's own 2024 county file covers, county by county."""
    official = gpd.read_file(ROOT / "data" / "sources" / "kartverket-2024" / "Fylker-M.geojson").set_crs(
        4326, allow_override=True).to_crs(CRS)
    official["code"] = official["fylkesnummer"].astype(str).str.zfill(2)
    ours = layers["fylke"].set_index("code")
    assert set(official["code"]) == set(ours.index)
    for _, row in official.iterrows():
        theirs = shapely.make_valid(row.geometry)
        mine = ours.loc[row["code"], "geometry"]
        # the two files are generalised independently ('M' detail), so borders differ by metres
        overlap = shapely.intersection(theirs, mine).area
        assert overlap / mine.area > 0.97 and overlap / theirs.area > 0.97, row["code"]
        # each county's label point lies in Kartverket's county of the same number
        assert shapely.contains_xy(theirs.buffer(500), ours.loc[row["code"], "label_x"],
                                   ours.loc[row["code"], "label_y"]), row["code"]


def test_metadata_states_source_licence_and_pin():
    meta = boundaries.metadata("2024")
    assert "Kartverket" in meta["source"] and "CC BY 4.0" in meta["licence"]
    assert meta["vintage"] == "2024" and len(meta["source_sha256"]) == 64


def test_parents_and_names():
    gaz = gazetteer("2024")
    halden = gaz.get("kommune", "3101")
    assert (halden.short_name, halden.fylke, halden.helseregion, halden.helseforetak) == (
        "Halden", "31", "helse-sor-ost", "ostfold")
    assert gaz.get("kommune", "1580").helseforetak == gaz.get("kommune", "1508").helseforetak == "helse-more-og-romsdal"
    assert gaz.get("fylke", "55").name == "Troms" and "Romsa" in gaz.get("fylke", "55").parallel_names
    assert "Kárášjohka" in gaz.get("kommune", "5610").parallel_names  # Karasjok, renumbered 5437 → 5610
    assert gaz.get("kommune", "1853").name == "Evenes - Evenášši"


def test_health_trust_areas_hold_the_same_municipalities_as_in_2020():
    """2024 municipalities inherit the HF of the 2020 unit they lie in, so each area keeps its territory."""
    g20, g24 = gazetteer("2020"), gazetteer("2024")
    for code in g24.units["helseforetak"]:
        a = boundaries.shapes("helseforetak", "2020")
        b = boundaries.shapes("helseforetak", "2024")
        ga, gb = a.geometries[a.index(code)], b.geometries[b.index(code)]
        assert shapely.intersection(ga, gb).area / ga.area > 0.97, code
    assert set(g20.units["helseforetak"]) == set(g24.units["helseforetak"])


def test_every_2020_municipality_stays_in_a_child_of_its_2020_county():
    """No municipality crossed a county border between 2020 and 2024 (only counties were split)."""
    import pandas as pd

    kids = pd.read_csv(ROOT / "data" / "reference" / "fylke_2024_2020.csv", dtype=str).groupby("code_2020")[
        "code_2024"].apply(set).to_dict()
    cw = pd.read_csv(ROOT / "data" / "reference" / "kommune_2020_2024.csv", dtype=str)
    for a, b in zip(cw["code_2020"], cw["code_2024"]):
        assert b[:2] in kids[a[:2]], (a, b)
