"""The HTML map's geometry: coverage-simplified, in lon/lat, as GeoJSON — cached per GeoPackage.

Why a cache: simplifying the coverage, reprojecting it and converting it to GeoJSON took
about half of an offline HTML export (0.5–1 s of ~2 s), yet the result depends only on the
bundled GeoPackage, the level and the tolerance. So the finished GeoJSON geometries are kept
in the user's cache folder under a key made of the GeoPackage's SHA-256, the level, the
tolerance, the coordinate precision, this file's format version and the GEOS and PROJ
versions that computed them; any change of those builds a new entry. Imported boundary
layers are computed every time (they are not files Legekart knows in advance).

Coordinates are rounded to :data:`DECIMALS` decimals of a degree: 1e-4° is 11 m north–south
and 4–6 m east–west in Norway, below a screen pixel up to zoom 13 (a municipality filling the
window) and far below the simplification tolerance (200–800 m), so rounding adds no visible
error at the zoom levels the simplified map is meant for.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

import numpy as np
import shapely

from geo.levels import CRS, MapLevel

log = logging.getLogger(__name__)

#: decimals of lon/lat in the page (see the module's docstring for why 4)
DECIMALS = 4
#: bump when what is cached (or how it is computed) changes
FORMAT = 1


@dataclass(frozen=True)
class LevelGeometry:
    """One level's simplified lon/lat geometry, aligned with ``codes``."""

    codes: tuple[str, ...]
    #: GeoJSON geometry objects (None where the geometry is empty)
    geojson: tuple[dict | None, ...]
    #: (n, 4) minx, miny, maxx, maxy per unit (NaN where empty)
    bounds: np.ndarray
    #: WKB of the lon/lat geometries, kept for the overlay lines that a county export clips
    wkb: tuple[bytes | None, ...] | None = None

    def total_bounds(self, keep: list[int] | None = None) -> np.ndarray:
        """Extent of the units at ``keep`` (all by default), as ``shapely.total_bounds`` gives it."""
        b = self.bounds if keep is None else self.bounds[keep]
        if not len(b) or np.isnan(b).all():
            return np.full(4, np.nan)
        return np.array([np.nanmin(b[:, 0]), np.nanmin(b[:, 1]), np.nanmax(b[:, 2]), np.nanmax(b[:, 3])])


# -- computing ------------------------------------------------------------------------------


def _simplified(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    simple = shapely.coverage_simplify(geoms, tolerance) if tolerance > 0 else geoms
    empty = shapely.is_empty(simple)
    return np.where(empty, geoms, simple) if empty.any() else simple  # tiny islands may vanish


def _lonlat(geoms: np.ndarray) -> np.ndarray:
    from pyproj import Transformer

    to_ll = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)

    def project(xy: np.ndarray) -> np.ndarray:
        lon, lat = to_ll.transform(xy[:, 0], xy[:, 1])
        return np.round(np.column_stack([lon, lat]), DECIMALS)

    return shapely.transform(geoms, project)


def simplified_lonlat(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """Coverage-simplified geometries (EPSG:25833 → EPSG:4326, lon/lat, rounded to DECIMALS)."""
    return _lonlat(_simplified(geoms, tolerance))


def inner_borders_lonlat(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """Borders between the units only (no coastline), as lon/lat lines: the outline of the
    level above stays light and adds a tenth of the vertices a full outline would."""
    simple = _simplified(geoms, tolerance)
    outer = shapely.boundary(shapely.coverage_union_all(simple))
    return _lonlat(np.array([shapely.difference(shapely.boundary(g), outer) for g in simple], dtype=object))


def as_geojson(geoms: np.ndarray) -> tuple[dict | None, ...]:
    """GeoJSON geometry objects, None for missing or empty geometries (they are not drawn)."""
    return tuple(None if g is None or shapely.is_empty(g) else json.loads(shapely.to_geojson(g)) for g in geoms)


def _compute(codes: tuple[str, ...], geoms: np.ndarray, tolerance: float, borders: bool) -> LevelGeometry:
    lonlat = inner_borders_lonlat(geoms, tolerance) if borders else simplified_lonlat(geoms, tolerance)
    wkb = tuple(shapely.to_wkb(lonlat).tolist()) if borders else None
    return LevelGeometry(codes=tuple(codes), geojson=as_geojson(lonlat), bounds=shapely.bounds(lonlat), wkb=wkb)


# -- caching ---------------------------------------------------------------------------------


def _versions() -> str:
    try:
        proj = version("pyproj")
    except PackageNotFoundError:
        proj = "?"
    return f"geos{shapely.geos_version_string}-pyproj{proj}"


def level_geometry(level: MapLevel, tolerance: float, borders: bool = False) -> LevelGeometry:
    """The level's units (``borders=False``) or the borders between them (``True``), simplified
    with ``tolerance`` metres over the whole coverage; from the disk cache for bundled levels."""

    def compute() -> LevelGeometry:
        shapes = level.shapes()
        return _compute(shapes.codes, np.asarray(shapes.geometries, dtype=object), tolerance, borders)

    if not level.bundled or not level.vintage:  # an imported layer: not a file known in advance
        return compute()
    from geo.boundaries import gpkg_path
    from geo.disk_cache import cached, key_of

    kind = "borders" if borders else "fills"
    key = key_of([gpkg_path(level.vintage)], str(FORMAT), str(DECIMALS), _versions())
    return cached(f"html-{level.vintage}-{level.id}-{kind}-{tolerance:g}", key, compute, kind=LevelGeometry)
