"""Rebuild ``data/boundaries/legekart_2024.gpkg``: the 2024 map (357 municipalities, 15 counties).

Why a second map: Norway has had 357 municipalities and 15 counties since 1 January
2024, and SSB's municipality statistics use those codes. The 2020 map stays beside it
for the tables printed for the 2020 structure.

Source: Kartverket's 2024 municipality boundaries (CC BY 4.0), vendored byte-identical
in ``data/sources/kartverket-2024/`` and checked against its sha256 pin. The build
repairs invalid rings, projects to EPSG:25833, gives each sliver of overlap to one
neighbour, and dissolves counties, health regions and health-trust areas from the
one municipality coverage, so shared borders coincide exactly (as the 2020 build does).

Parents, all derived from tables already in ``data/reference`` (nothing typed by hand):
* county = the first two digits of the 2024 kommunenummer; its name from Kartverket's
  county file; its health region (RHF) is the RHF of the 2020 county that contains it
  (``fylke_2024_2020.csv`` → ``fylker_2020.csv``);
* health-trust area (HF) = the 2020 municipality → HF table carried through the
  2020 → 2024 crosswalk; 1580 Haram follows 1507 Ålesund, the 2020 municipality it was
  part of.
Parallel Sami/Kven names are taken from the 2020 map for every code with the same
territory (same or renumbered); 1508 Ålesund and 1580 Haram have only Norwegian names.

Run:  python data/scripts/build_boundaries_2024.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sqlite3
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

SCRIPTS = Path(__file__).resolve().parent
HERE = SCRIPTS.parent  # data/: the bundled datasets these scripts build
sys.path.insert(0, str(SCRIPTS))
sys.path.insert(0, str(HERE.parent))

from build_boundaries import dissolve, polygonal, remove_overlaps, with_label_points  # noqa: E402
from build_common import REFERENCE, manifest, pinned  # noqa: E402

from geo.levels import CRS, LEVELS  # noqa: E402

OUT = HERE / "boundaries" / "legekart_2024.gpkg"
GPKG_2020 = HERE / "boundaries" / "legekart_2020.gpkg"
KOMMUNER = "kartverket-2024/Kommuner-M.geojson"
FYLKER = "kartverket-2024/Fylker-M.geojson"

SOURCE_TEXT = (
    "Kommunegrenser 2024: Kartverket, Administrative enheter 2024 (GeoJSON via "
    "github.com/robhop/fylker-og-kommuner, fil Kommuner-M.geojson). Fylke, helseregion og "
    "helseforetaksområde er slått sammen (dissolve) fra kommunene."
)
LICENCE_TEXT = "Kartverket, CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
HF_NOTE = (
    "Municipality → HF after SKDE's boområder for 2020 (kommune_helseforetak_2020.csv), carried to the "
    "2024 codes through kommune_2020_2024.csv; 1580 Haram follows 1507 Ålesund, the 2020 municipality it was "
    "part of (split on 1 Jan 2024)."
)


def _attributes_2020(level: str) -> pd.DataFrame:
    with sqlite3.connect(f"file:{GPKG_2020}?mode=ro", uri=True) as con:
        cols = [r[1] for r in con.execute(f'PRAGMA table_info("{level}")') if r[1] not in ("fid", "geom")]
        return pd.read_sql(f'SELECT {", ".join(cols)} FROM "{level}"', con).astype(str)


def read_kommuner() -> tuple[gpd.GeoDataFrame, dict]:
    gdf = gpd.read_file(pinned(KOMMUNER), engine="pyogrio")
    if gdf.crs is None:  # RFC 7946: a GeoJSON without a crs member is WGS 84 lon/lat
        gdf = gdf.set_crs(4326)
    gdf = gdf.rename(columns={"kommunenummer": "code", "kommunenavn": "name_source"})
    gdf["code"] = gdf["code"].astype(str).str.zfill(4)
    invalid_before = int((~gdf.is_valid).sum())
    gdf = gdf.to_crs(CRS)
    gdf["geometry"] = [polygonal(g) for g in shapely.make_valid(gdf.geometry.values)]
    gdf = gdf.sort_values("code").reset_index(drop=True)
    gdf, overlaps = remove_overlaps(gdf)
    return gdf[["code", "name_source", "geometry"]], {"invalid_before_repair": invalid_before,
                                                      "overlaps_removed": overlaps}


def attach_names(kommuner: gpd.GeoDataFrame, crosswalk: pd.DataFrame) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Official name from Kartverket 2024; Norwegian and parallel names from the same 2020 unit."""
    k20 = _attributes_2020("kommune").set_index("code")
    same = crosswalk[crosswalk["relation"].isin(["same", "renumbered"])].set_index("code_2024")["code_2020"]
    rows, notes = [], []
    for code, official in zip(kommuner["code"], kommuner["name_source"]):
        if code in same.index:
            old = k20.loc[same[code]]
            if old["name"] != official:
                notes.append(f"{code}: 2024 name {official!r} differs from 2020 {old['name']!r}; Kartverket 2024 kept")
            rows.append({"code": code, "name": official, "name_no": old["name_no"],
                         "names_parallel": old["names_parallel"], "sami_admin_area": old["sami_admin_area"] == "1"})
        else:  # new territory in 2024 (the Ålesund split): Norwegian name only
            rows.append({"code": code, "name": official, "name_no": official,
                         "names_parallel": json.dumps([{"name": official, "language": "Norwegian"}]),
                         "sami_admin_area": False})
    return kommuner.merge(pd.DataFrame(rows), on="code", validate="one_to_one"), notes


def county_table(crosswalk_fylke: pd.DataFrame) -> pd.DataFrame:
    fylker_2020 = pd.read_csv(REFERENCE / "fylker_2020.csv", dtype=str, keep_default_na=False)
    rhf = dict(zip(fylker_2020["fylke"], fylker_2020["helseregion"]))
    official = gpd.read_file(pinned(FYLKER), engine="pyogrio", ignore_geometry=True)
    official = official.assign(fylke=official["fylkesnummer"].astype(str).str.zfill(2)).set_index("fylke")
    rows = []
    for r in crosswalk_fylke.itertuples():
        full = official.loc[r.code_2024, "fylkesnavn"]
        parts = [p.strip() for p in full.split(" - ")]
        parallel = " - ".join(p for p in parts if p != official.loc[r.code_2024, "name"])
        rows.append({
            "fylke": r.code_2024, "name": official.loc[r.code_2024, "name"], "name_parallel": parallel,
            "helseregion": rhf[r.code_2020], "note": "",
            "source": (f"County number and names: Kartverket 2024 (Fylker-M.geojson, fylkesnavn {full!r}); RHF: "
                       f"that of the 2020 county {r.code_2020} {r.name_2020} that contains it "
                       "(fylke_2024_2020.csv, fylker_2020.csv)"),
        })
    return pd.DataFrame(rows).sort_values("fylke").reset_index(drop=True)


def hf_table_2024(crosswalk: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    hf20 = pd.read_csv(REFERENCE / "kommune_helseforetak_2020.csv", dtype=str, keep_default_na=False)
    hf_of = dict(zip(hf20["code"], hf20["helseforetak"]))
    rows = []
    for r in crosswalk.sort_values("code_2024").itertuples():
        note = "follows 1507 Ålesund (2020), of which it was part" if r.code_2024 == "1580" else ""
        rows.append({"code": r.code_2024, "name": names[r.code_2024], "helseforetak": hf_of[r.code_2020],
                     "code_2020": r.code_2020, "note": note, "source": HF_NOTE})
    out = pd.DataFrame(rows)
    if out["code"].duplicated().any():
        raise SystemExit("a 2024 municipality has two health-trust areas")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    crosswalk = pd.read_csv(REFERENCE / "kommune_2020_2024.csv", dtype=str, keep_default_na=False)
    crosswalk_fylke = pd.read_csv(REFERENCE / "fylke_2024_2020.csv", dtype=str, keep_default_na=False)
    kommuner, report = read_kommuner()
    if set(kommuner["code"]) != set(crosswalk["code_2024"]):
        raise SystemExit("Kartverket's 2024 codes differ from kommune_2020_2024.csv")
    kommuner, name_notes = attach_names(kommuner, crosswalk)
    kommuner["fylke"] = kommuner["code"].str[:2]
    fylker = county_table(crosswalk_fylke)
    hf = hf_table_2024(crosswalk, dict(zip(kommuner["code"], kommuner["name_no"])))
    kommuner = kommuner.merge(fylker[["fylke", "helseregion"]], on="fylke", how="left", validate="many_to_one")
    kommuner = kommuner.merge(hf[["code", "helseforetak"]], on="code", how="left", validate="one_to_one")
    for col in ("helseregion", "helseforetak"):
        if kommuner[col].isna().any():
            raise SystemExit(f"no {col} for {kommuner[kommuner[col].isna()]['code'].tolist()}")

    regions = pd.read_csv(REFERENCE / "helseregioner.csv", dtype=str)
    hf_units = pd.read_csv(REFERENCE / "helseforetak_2020.csv", dtype=str, keep_default_na=False)
    counts = hf["helseforetak"].value_counts()
    hf_units["note"] = [_recount(n, int(counts.get(c, 0))) for c, n in zip(hf_units["helseforetak"], hf_units["note"])]
    layers = {
        "kommune": kommuner[["code", "name", "name_no", "names_parallel", "sami_admin_area", "fylke",
                             "helseregion", "helseforetak", "geometry"]],
        "fylke": dissolve(kommuner, "fylke", fylker.drop(columns=["source"]).rename(columns={"fylke": "code"})),
        "helseregion": dissolve(kommuner, "helseregion", regions.rename(columns={"helseregion": "code"})),
        "helseforetak": dissolve(kommuner, "helseforetak", hf_units.rename(columns={"helseforetak": "code"})),
    }
    fylker.to_csv(REFERENCE / "fylker_2024.csv", index=False)
    hf.to_csv(REFERENCE / "kommune_helseforetak_2024.csv", index=False)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.out.exists():
        args.out.unlink()
    src = manifest()[KOMMUNER]
    for level in LEVELS:
        gdf = with_label_points(gpd.GeoDataFrame(layers[level], crs=CRS))
        gdf = gdf.sort_values("code").reset_index(drop=True)
        gdf.to_file(args.out, layer=level, driver="GPKG", engine="pyogrio", layer_metadata={
            "source": SOURCE_TEXT, "licence": LICENCE_TEXT, "vintage": "2024",
            "source_file": f"data/sources/{KOMMUNER}", "source_sha256": src["sha256"], "origin": src["origin"],
            "built": dt.date.today().isoformat(), "build_script": "data/scripts/build_boundaries_2024.py",
        })
        print(f"{level}: {len(gdf)} units")
    report["name_notes"] = name_notes
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


def _recount(note: str, n: int) -> str:
    """'… 20 municipalities (2020).' → '… 20 municipalities (2024).' with the 2024 count."""
    return re.sub(r"\d+ municipalities \(2020\)", f"{n} municipalities (2024)", note)


if __name__ == "__main__":
    raise SystemExit(main())
