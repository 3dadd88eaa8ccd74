"""The joined table as CSV (Norwegian Excel) and XLSX, and the GeoPackage round trip."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from geo.gazetteer import gazetteer
from geo.regions import find_region, region_codes
from indicators.mapdata import map_frame
from indicators.session import Session
from indicators.writers.gpkg import write_gpkg
from indicators.writers.table import COLUMNS, table, write_csv, write_xlsx


@pytest.fixture(scope="module")
def session() -> Session:
    return Session(map_vintage="2020")


@pytest.fixture(scope="module")
def frame(session):
    return map_frame(session, "fylke", "lister_uten_fast_lege_andel", "2019")


def test_table_has_every_unit_with_provenance(session, frame):
    t = table(session, frame)
    assert list(t.columns) == COLUMNS
    assert len(t) == 11 and t["code"].tolist()[0] == "03"
    row = t.set_index("code").loc["18"]
    assert row["name"] == "Nordland" and row["value"] == pytest.approx(24 / 286 * 100)
    assert row["numerator"] == 24 and row["denominator"] == 286
    assert row["approximate"] and row["derived"] and row["period"] == "2019" and row["unit"] == "%"
    assert row["source"] == "001" and "Helsedirektoratet" in row["source_title"] and row["note"]


def test_csv_opens_in_norwegian_excel(tmp_path, session, frame):
    out = write_csv(tmp_path / "tabell.csv", session, frame)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    text = raw.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.split(";") == COLUMNS
    assert "8,39" in text and "Møre og Romsdal" in text  # decimal comma, UTF-8 letters
    back = pd.read_csv(io.StringIO(text), sep=";", decimal=",", dtype={"code": str})
    assert back["code"].tolist()[:2] == ["03", "11"]
    assert back.set_index("code").loc["18", "value"] == pytest.approx(24 / 286 * 100)
    assert set(back["approximate"]) <= {"ja", "nei"}


def test_xlsx_has_data_and_sources(tmp_path, session, frame):
    from openpyxl import load_workbook

    out = write_xlsx(tmp_path / "tabell.xlsx", session, frame)
    wb = load_workbook(out)
    assert wb.sheetnames == ["Data", "Kilder"]
    ws = wb["Data"]
    assert [c.value for c in ws[1]] == COLUMNS
    assert ws["A2"].value == "03"  # unit numbers stay text
    values = {r[0]: r[2] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert values["18"] == pytest.approx(24 / 286 * 100)
    info = {r[0]: r[1] for r in wb["Kilder"].iter_rows(values_only=True)}
    assert "Helsedirektoratet" in info["Kilde 001"]
    assert "Kartverket" in info["Kart"]


def test_gpkg_round_trip(tmp_path, session, frame):
    import geopandas as gpd
    import pyogrio

    out = write_gpkg(tmp_path / "kart.gpkg", session, frame)
    layers = dict(pyogrio.list_layers(out))
    assert "lister_uten_fast_lege_andel" in layers and "kilder" in layers
    gdf = gpd.read_file(out, layer="lister_uten_fast_lege_andel")
    assert gdf.crs.to_epsg() == 25833
    expected = table(session, frame)
    assert gdf["code"].tolist() == expected["code"].tolist()
    assert gdf["value"].tolist() == pytest.approx(expected["value"].tolist())
    assert gdf["approximate"].tolist() == expected["approximate"].tolist()
    assert gdf["source_title"].iloc[0].startswith("Helsedirektoratet")
    assert gdf.geometry.notna().all() and gdf.geometry.is_valid.all()
    info = pyogrio.read_info(out, layer="lister_uten_fast_lege_andel")
    assert "Kartverket" in info["layer_metadata"]["DESCRIPTION"]
    assert list(tmp_path.iterdir()) == [out]


def test_county_tables_hold_only_the_county(tmp_path, session):
    kommune = map_frame(session, "kommune", "ks_rekruttering", "2019")
    codes = region_codes(session.level("kommune"), find_region("18", gazetteer("2020")))
    assert len(codes) == 41
    out = write_csv(tmp_path / "nordland.csv", session, kommune, codes=codes)
    back = pd.read_csv(out, sep=";", decimal=",", dtype={"code": str}, encoding="utf-8-sig")
    assert len(back) == 41 and back["code"].str.startswith("18").all()
