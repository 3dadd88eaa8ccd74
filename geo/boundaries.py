"""Read the bundled boundary GeoPackage.

Two read paths on purpose: :func:`load` gives a GeoDataFrame for analysis and
exports; :func:`shapes` reads the same file with ``sqlite3`` + shapely only, so the
window can open without paying for the geopandas import.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely

from geo.levels import CRS, level as check_level

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
GPKG = DATA_DIR / "boundaries" / "legekart_2020.gpkg"

_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def gpkg_wkb(blob: bytes) -> bytes:
    """Strip the GeoPackage binary header and return the standard WKB body."""
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry blob")
    flags = blob[3]
    envelope = _ENVELOPE_BYTES[(flags >> 1) & 0b111]
    return blob[8 + envelope :]


def _connect(path: Path) -> sqlite3.Connection:
    if not path.exists():
        raise FileNotFoundError(
            f"boundary file missing: {path} (rebuild with python data/build_boundaries.py)"
        )
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in con.execute(f'PRAGMA table_info("{table}")')]


@lru_cache(maxsize=None)
def attributes(level: str, path: Path = GPKG) -> tuple[dict, ...]:
    """Attribute rows (no geometry) of one level, sorted by code."""
    check_level(level)
    with _connect(path) as con:
        cols = [c for c in _columns(con, level) if c not in ("fid", "geom", "geometry")]
        sql = f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)} FROM "{level}" ORDER BY code'
        return tuple(dict(zip(cols, row)) for row in con.execute(sql))


@dataclass(frozen=True)
class LevelShapes:
    """Geometry of one level in EPSG:25833, aligned with ``codes``."""

    level: str
    codes: tuple[str, ...]
    names: tuple[str, ...]
    geometries: np.ndarray  # shapely geometries
    label_points: np.ndarray  # (n, 2) float, a point inside each unit

    def index(self, code: str) -> int:
        return self.codes.index(code)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return tuple(shapely.total_bounds(self.geometries))  # type: ignore[return-value]


@lru_cache(maxsize=None)
def shapes(level: str, path: Path = GPKG) -> LevelShapes:
    check_level(level)
    with _connect(path) as con:
        geom_col = next(c for c in _columns(con, level) if c in ("geom", "geometry"))
        rows = con.execute(
            f'SELECT code, name, label_x, label_y, "{geom_col}" FROM "{level}" ORDER BY code'
        ).fetchall()
    geoms = shapely.from_wkb([gpkg_wkb(r[4]) for r in rows])
    return LevelShapes(
        level=level,
        codes=tuple(r[0] for r in rows),
        names=tuple(r[1] for r in rows),
        geometries=geoms,
        label_points=np.array([[r[2], r[3]] for r in rows], dtype=float),
    )


@lru_cache(maxsize=None)
def load(level: str, path: Path = GPKG):
    """GeoDataFrame of one level (imports geopandas lazily)."""
    import geopandas as gpd

    check_level(level)
    gdf = gpd.read_file(path, layer=level, engine="pyogrio")
    if gdf.crs is None or gdf.crs.to_string() != CRS:
        gdf = gdf.set_crs(CRS, allow_override=True)
    return gdf.sort_values("code").reset_index(drop=True)


def metadata(path: Path = GPKG) -> dict[str, str]:
    """Layer metadata written by the build script (source, licence, checksums)."""
    import pyogrio

    info = pyogrio.read_info(path, layer="kommune")
    return dict(info.get("layer_metadata") or {})


