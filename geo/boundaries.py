"""Read the bundled boundary GeoPackage.

Two read paths on purpose: :func:`load` gives a GeoDataFrame for analysis and
exports; :func:`read_shapes` reads the same file with ``sqlite3`` + shapely only, so the
window can open without paying for the geopandas import, and :func:`shapes` keeps what
it read in the user cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import shapely

from geo.levels import CREDIT, CRS, LEVELS, MapLevel, check_vintage
from geo.levels import level as check_level

if TYPE_CHECKING:
    import sqlite3

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def gpkg_path(vintage: str) -> Path:
    """The bundled GeoPackage of one map vintage (built by data/build_boundaries*.py)."""
    return DATA_DIR / "boundaries" / f"legekart_{check_vintage(vintage)}.gpkg"

_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def gpkg_wkb(blob: bytes) -> bytes:
    """Strip the GeoPackage binary header and return the standard WKB body."""
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry blob")
    flags = blob[3]
    envelope = _ENVELOPE_BYTES[(flags >> 1) & 0b111]
    return blob[8 + envelope :]


def _connect(path: Path) -> sqlite3.Connection:
    import sqlite3  # only when the user cache lacks what is read (~8 ms of imports at every start)

    if not path.exists():
        raise FileNotFoundError(
            f"boundary file missing: {path} (rebuild with python data/scripts/build_boundaries.py)"
        )
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in con.execute(f'PRAGMA table_info("{table}")')]


@cache
def attributes(level: str, vintage: str) -> tuple[dict, ...]:
    """Attribute rows (no geometry) of one level of one map vintage, sorted by code."""
    check_level(level)
    with _connect(gpkg_path(vintage)) as con:
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

    @classmethod
    def from_geometries(cls, level: str, codes, names, geometries) -> LevelShapes:
        """Shapes of an imported layer (label points computed here), sorted by code."""
        order = sorted(range(len(codes)), key=lambda i: str(codes[i]))
        geoms = np.asarray([geometries[i] for i in order], dtype=object)
        pts = shapely.point_on_surface(geoms)
        return cls(level=level, codes=tuple(str(codes[i]) for i in order),
                   names=tuple(str(names[i]) for i in order), geometries=geoms,
                   label_points=np.column_stack([shapely.get_x(pts), shapely.get_y(pts)]).astype(float)
                   if len(geoms) else np.empty((0, 2)))

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return tuple(shapely.total_bounds(self.geometries))  # type: ignore[return-value]


@cache
def shapes(level: str, vintage: str) -> LevelShapes:
    """One level of one map, from the user cache while the GeoPackage and this module are
    unchanged (geo/disk_cache.py).

    Why cached: reading the WKB through sqlite and parsing it was ~26 ms for the 2024
    municipalities in every export; the cache keeps the coordinates as shapely's ragged
    arrays, which rebuild the same geometries (every bundled unit is a MultiPolygon) in
    ~8 ms. A level of mixed geometry types keeps its WKB instead."""
    from geo.disk_cache import cached

    kept = cached(f"shapes-{level}-{vintage}", _key(level, vintage), lambda: _kept(read_shapes(level, vintage)),
                  kind=tuple)
    codes, names, label_points, how, parts = kept
    geoms = shapely.from_ragged_array(*parts) if how == "ragged" else shapely.from_wkb(parts)
    return LevelShapes(level=level, codes=codes, names=names, geometries=geoms, label_points=label_points)


def _kept(s: LevelShapes) -> tuple:
    """What the cache keeps of ``s``: its fields, and the geometry as ragged arrays or WKB."""
    kinds = set(shapely.get_type_id(s.geometries).tolist())
    if len(kinds) == 1 and len(s.geometries):
        return s.codes, s.names, s.label_points, "ragged", shapely.to_ragged_array(s.geometries)
    return s.codes, s.names, s.label_points, "wkb", list(shapely.to_wkb(s.geometries))


def read_shapes(level: str, vintage: str) -> LevelShapes:
    """One level of one map read from the GeoPackage (what :func:`shapes` keeps)."""
    check_level(level)
    with _connect(gpkg_path(vintage)) as con:
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


@cache
def codes(level: str, vintage: str) -> tuple[str, ...]:
    """The unit codes of one level in code order, as :func:`shapes` gives them, without the
    geometry; kept in the user cache with the GeoPackage's sha256, as the shapes are."""
    from geo.disk_cache import cached

    def read() -> tuple[str, ...]:
        with _connect(gpkg_path(vintage)) as con:
            return tuple(r[0] for r in con.execute(f'SELECT code FROM "{level}" ORDER BY code'))

    return cached(f"codes-{level}-{vintage}", _key(level, vintage), read, kind=tuple)


def _key(level: str, vintage: str) -> str:
    """The user-cache key of what is kept of one level: the GeoPackage's and this module's sha256."""
    from geo.disk_cache import key_of

    check_level(level)
    return key_of([gpkg_path(vintage), Path(__file__)], level)


@cache
def load(level: str, vintage: str):
    """GeoDataFrame of one level of one map vintage (imports geopandas lazily)."""
    import geopandas as gpd

    check_level(level)
    gdf = gpd.read_file(gpkg_path(vintage), layer=level, engine="pyogrio")
    if gdf.crs is None or gdf.crs.to_string() != CRS:
        gdf = gdf.set_crs(CRS, allow_override=True)
    return gdf.sort_values("code").reset_index(drop=True)


def metadata(vintage: str) -> dict[str, str]:
    """Layer metadata written by the build script (source, licence, checksums)."""
    import pyogrio

    info = pyogrio.read_info(gpkg_path(vintage), layer="kommune")
    return dict(info.get("layer_metadata") or {})


@cache
def map_level(level: str, vintage: str) -> MapLevel:
    """The bundled level ``level`` of the ``vintage`` map (one object per pair)."""
    kind = check_level(level)
    vintage = check_vintage(vintage)
    nb, en = CREDIT[vintage]
    return MapLevel(id=kind.id, vintage=vintage, name_nb=kind.name_nb, name_en=kind.name_en,
                    parent=kind.parent, credit_nb=nb, credit_en=en, bundled=True,
                    _load=lambda: shapes(kind.id, vintage), _codes=lambda: codes(kind.id, vintage))


def map_levels(vintage: str) -> list[MapLevel]:
    """The four bundled levels of one map, in drill-down order."""
    return [map_level(lv, vintage) for lv in LEVELS]


