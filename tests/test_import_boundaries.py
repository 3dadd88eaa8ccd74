"""Planners' own boundary files (2024 municipalities) as an extra map level."""

from __future__ import annotations

import json
import os
import warnings
import zipfile

import numpy as np
import pytest
import shapely
from import_files import write_csv
from shapely.geometry import Polygon

from geo import boundaries
from geo.crosswalk import crosswalk
from indicators.importer import import_file
from indicators.importer.boundaries import BoundaryImportError, inspect, list_layers, load_boundary_layer, report_text
from indicators.mapdata import map_frame
from indicators.session import Session

CODES_2020 = ["0301", "3001", "3002", "5401", "4601"]


@pytest.fixture(scope="module")
def k2024():
    """A few 2020 municipalities re-coded to their 2024 numbers, in EPSG:4326, plus one bow-tie."""
    import geopandas as gpd

    k = boundaries.load("kommune", "2020")
    cw = crosswalk("2020", "2024")
    to2024 = dict(zip(cw[cw["primary"]]["code_from"], cw[cw["primary"]]["code_to"]))
    sub = k[k["code"].isin(CODES_2020)].copy()
    sub["geometry"] = sub.geometry.simplify(500)
    gdf = gpd.GeoDataFrame({"kommunenummer": [to2024[c] for c in sub["code"]], "kommunenavn": list(sub["name"])},
                           geometry=list(sub.geometry), crs=sub.crs).to_crs(4326)
    bow = Polygon([(10.0, 60.0), (10.2, 60.2), (10.2, 60.0), (10.0, 60.2), (10.0, 60.0)])  # self-intersecting
    extra = gpd.GeoDataFrame({"kommunenummer": ["9901"], "kommunenavn": ["Sløyfe"]}, geometry=[bow], crs=4326)
    import pandas as pd

    return gpd.GeoDataFrame(pd.concat([gdf, extra], ignore_index=True), crs=4326)


def _quiet_write(gdf, path, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gdf.to_file(path, engine="pyogrio", **kw)


def _zip_shapefile(gdf, folder, name="kommuner", drop_prj=False):
    folder.mkdir(exist_ok=True)
    _quiet_write(gdf, folder / f"{name}.shp")
    if drop_prj:
        (folder / f"{name}.prj").unlink()
    target = folder.parent / f"{name}.zip"
    with zipfile.ZipFile(target, "w") as z:
        for f in sorted(os.listdir(folder)):
            z.write(folder / f, f"Kommuner2024/{f}")
    return target


def test_geojson_in_4326_is_reprojected_and_repaired(tmp_path, k2024):
    path = tmp_path / "kommuner2024.geojson"
    _quiet_write(k2024, path, driver="GeoJSON")
    src = inspect(path)
    assert (src.code_field, src.name_field, src.crs, src.count) == ("kommunenummer", "kommunenavn", "EPSG:4326", 6)
    layer = load_boundary_layer(path)
    f = layer.frame
    assert f.crs.to_string() == "EPSG:25833" and list(f.columns) == ["code", "name", "geometry"]
    assert f["code"].tolist() == ["0301", "3101", "3103", "4601", "5501", "9901"]
    assert f.set_index("code").loc["5501", "name"] == "Tromsø"
    assert layer.report["repaired"] == 1 and layer.report["repaired_codes"] == ["9901"]
    assert shapely.is_valid(f.geometry.values).all()
    assert set(f.geom_type) <= {"Polygon", "MultiPolygon"}
    # same territory as the bundled 2020 Tromsø (up to simplification)
    tromso_2020 = boundaries.load("kommune", "2020").set_index("code").loc["5401", "geometry"]
    assert f.set_index("code").loc["5501", "geometry"].intersection(tromso_2020).area / tromso_2020.area > 0.97
    assert any("reparert" in line and "9901" in line for line in report_text(layer.report, "nb"))


def test_zipped_shapefile_with_truncated_field_names(tmp_path, k2024):
    path = _zip_shapefile(k2024, tmp_path / "shp")
    assert list_layers(path) == ["Kommuner2024/kommuner.shp"]
    src = inspect(path)
    assert (src.code_field, src.name_field) == ("kommunenum", "kommunenav")
    layer = load_boundary_layer(path, layer_id="k24")
    assert layer.id == "k24" and len(layer.frame) == 6 and layer.frame.crs.to_string() == "EPSG:25833"


def test_shapefile_without_crs_is_recognised_from_coordinates(tmp_path, k2024):
    layer = load_boundary_layer(_zip_shapefile(k2024, tmp_path / "noprj", drop_prj=True))
    assert layer.report["assumed_crs"] == "EPSG:4326"
    assert layer.frame.total_bounds[1] > 6_000_000  # northing in metres: reprojected


def test_geopackage_layer_choice(tmp_path, k2024):
    path = tmp_path / "grenser.gpkg"
    lines = k2024.copy()
    lines["geometry"] = lines.boundary
    _quiet_write(lines, path, layer="kommunegrense")
    _quiet_write(k2024.rename(columns={"kommunenummer": "nr", "kommunenavn": "navn"}), path, layer="kommune", mode="a")
    assert sorted(list_layers(path)) == ["kommune", "kommunegrense"]
    assert inspect(path).layer == "kommune"  # areas preferred over boundary lines
    layer = load_boundary_layer(path, layer="kommune", code_field="nr", name_field="navn")
    assert len(layer.frame) == 6
    with pytest.raises(BoundaryImportError) as info:
        load_boundary_layer(path, layer="kommunegrense", code_field="kommunenummer")
    assert info.value.key == "no_polygons" and "flater" in info.value.message("nb")
    with pytest.raises(BoundaryImportError, match="no layer named 'fylke'"):
        load_boundary_layer(path, layer="fylke")
    with pytest.raises(BoundaryImportError, match="no attribute named 'kode'"):
        load_boundary_layer(path, layer="kommune", code_field="kode")


def test_kartverket_wrapped_geojson_with_name_lists(tmp_path, k2024):
    feats = json.loads(k2024.iloc[:5].to_json())["features"]
    for f in feats:
        f["properties"]["kommunenavn"] = [{"sprak": "nor", "navn": f["properties"]["kommunenavn"]}]
    feats[4]["properties"]["kommunenavn"].append({"sprak": "sme", "navn": "Romsa"})
    doc = {"Kommune": {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "EPSG:4326"}},
                       "features": feats},
           "Kommunegrense": {"type": "FeatureCollection", "features": []}}
    path = tmp_path / "Basisdata_Kommuner.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert list_layers(path) == ["Kommune", "Kommunegrense"]
    layer = load_boundary_layer(path)
    names = layer.frame.set_index("code")["name"]
    assert names["3101"] == "Halden" and names["5501"] == "Tromsø - Romsa"


def test_not_a_boundary_file(tmp_path):
    csv_path = write_csv(tmp_path / "tabell.csv", [["a", "b"], ["1", "2"]])
    with pytest.raises(BoundaryImportError) as info:
        load_boundary_layer(csv_path)
    assert info.value.key in ("unreadable", "no_polygons", "no_layers")
    points = tmp_path / "punkter.geojson"
    points.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"nr": "1"}, "geometry": {"type": "Point", "coordinates": [10, 60]}}]}))
    with pytest.raises(BoundaryImportError, match="not areas"):
        load_boundary_layer(points)


def test_2024_table_maps_on_the_2024_layer(tmp_path, k2024):
    path = tmp_path / "kommuner2024.geojson"
    _quiet_write(k2024, path, driver="GeoJSON")
    s = Session(map_vintage="2020")
    layer = load_boundary_layer(path)
    s.add_boundary_layer(layer)
    table = write_csv(tmp_path / "hjemler_2024.csv", [
        ["Kommune", "Ledige hjemler"], ["3101 Halden", 3], ["3103", 2], ["Tromsø", 4], ["301", 10], ["1508", 1]])
    ids, a, _ = import_file(s, table, level=layer.id)
    assert a.report.level == layer.id and a.report.matched == 4
    assert a.report.unmatched[0][1] == "1508" and "boundary layer" in a.report.unmatched[0][2].text("en")
    mf = map_frame(s, layer.id, ids[0])
    assert mf.values.to_dict(into=dict) == pytest.approx(
        {"0301": 10.0, "3101": 3.0, "3103": 2.0, "4601": np.nan, "5501": 4.0, "9901": np.nan}, nan_ok=True)
    assert mf.frame.loc["5501", "origin"] == "import:hjemler_2024.csv"
    # the same table against the bundled 2020 map goes through the crosswalk instead
    ids2, a2, _ = import_file(s, table)
    assert a2.report.vintage == "2024"
    assert map_frame(s, "kommune", ids2[0]).values[["3001", "3002", "5401", "1507"]].tolist() == [3, 2, 4, 1]
