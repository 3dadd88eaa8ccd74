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
from typing import Any

import numpy as np
import shapely

from geo.levels import CRS, MapLevel
from indicators.deferred_import import installed_version

log = logging.getLogger(__name__)

#: decimals of lon/lat in the page (see the module's docstring for why 4)
DECIMALS = 4
#: bump when what is cached (or how it is computed) changes
FORMAT = 2
#: how the page's data are written (Jinja's ``tojson`` with its default policy), and so the
#: geometry text kept beside each geometry
DUMPS_KWARGS: dict[str, Any] = {"sort_keys": True}


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
    #: each geometry as ``json.dumps(geometry, **DUMPS_KWARGS)`` writes it (None where empty)
    geojson_text: tuple[str | None, ...] | None = None

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
    geojson = as_geojson(lonlat)
    text = tuple(None if g is None else json.dumps(g, **DUMPS_KWARGS) for g in geojson)
    return LevelGeometry(codes=tuple(codes), geojson=geojson, bounds=shapely.bounds(lonlat), wkb=wkb,
                         geojson_text=text)


# -- writing ----------------------------------------------------------------------------------


class FeatureCollection(dict):
    """A GeoJSON FeatureCollection (a plain dict to folium) that writes itself as
    ``json.dumps(self, **DUMPS_KWARGS)`` does, taking each geometry's text from the cache.

    Why: dumping the ~300 000 coordinates of the municipality map took 60–90 ms of every
    export, for text that depends on the cached geometry alone. A geometry is taken as text
    only while the feature still holds the very object the text was made from; the cached
    geometries are never changed (:class:`LevelGeometry` is read-only by contract).
    """

    def __init__(self, features: list[dict], texts: dict[int, tuple[dict, str]] | None = None):
        super().__init__(type="FeatureCollection", features=features)
        #: id(geometry) → (the geometry, its text); holding the geometry keeps its id its own
        self.texts = texts or {}

    def dumps(self, **kwargs) -> str:
        """``json.dumps(self, **kwargs)``, the same text."""
        if kwargs != DUMPS_KWARGS or not _str_keys(self):
            return json.dumps(self, **kwargs)
        return _object(self, lambda k, v: self._features(v) if k == "features" else json.dumps(v, **kwargs))

    def _features(self, features) -> str:
        if type(features) is not list:
            return json.dumps(features, **DUMPS_KWARGS)
        return "[" + ", ".join(self._feature(f) for f in features) + "]"

    def _feature(self, feature) -> str:
        if type(feature) is not dict or not _str_keys(feature):
            return json.dumps(feature, **DUMPS_KWARGS)
        return _object(feature, lambda k, v: self._geometry(v) if k == "geometry" else json.dumps(v, **DUMPS_KWARGS))

    def _geometry(self, geometry) -> str:
        hit = self.texts.get(id(geometry))
        return hit[1] if hit is not None and hit[0] is geometry else json.dumps(geometry, **DUMPS_KWARGS)


def _str_keys(d: dict) -> bool:
    return all(type(k) is str for k in d)


def _object(d: dict, value) -> str:
    """A JSON object as ``json.dumps(d, sort_keys=True)`` writes it, each value written by ``value``."""
    return "{" + ", ".join(f"{json.dumps(k)}: {value(k, v)}" for k, v in sorted(d.items())) + "}"


def geometry_texts(geometry: LevelGeometry, keep: list[int] | None = None) -> dict[int, tuple[dict, str]]:
    """The texts of the level's geometries (those at ``keep``), for a :class:`FeatureCollection`."""
    if geometry.geojson_text is None:
        return {}
    idx = range(len(geometry.codes)) if keep is None else keep
    return {id(g): (g, t) for i in idx if (g := geometry.geojson[i]) is not None and (t := geometry.geojson_text[i])}


# -- caching ---------------------------------------------------------------------------------


def _versions() -> str:
    return f"geos{shapely.geos_version_string}-pyproj{installed_version('pyproj') or '?'}"


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
