"""Do a boundary file's coordinates fit its coordinate system, and do they land in Norway?

A GeoJSON without a ``crs`` member is WGS 84 by the standard, yet Norwegian files
often hold UTM metres; a Shapefile's .prj may name the wrong system; coordinates of
1e300 overflow to infinity when reprojected. Each of these used to become a layer
that draws nothing (or a 6 m speck) and was saved into projects as ``Infinity``.
They are refused with a sentence that says what the coordinates look like.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from geo.levels import CRS

#: the ranges in which a coordinate pair is recognisably UTM metres in Norway
_UTM_X = (-2_500_000, 3_500_000)
_UTM_Y = (6_000_000, 9_500_000)
#: EPSG:25833 extent that counts as "in or near Norway" (mainland, with a wide margin; Svalbard included)
NORWAY_25833 = (-1_200_000.0, 6_000_000.0, 2_300_000.0, 9_500_000.0)
#: no coordinate system on Earth has coordinates this large (metres or degrees)
ABSURD = 1e8


def near_norway(bounds) -> bool:
    """Do the bounds (EPSG:25833: minx, miny, maxx, maxy) lie in or near Norway?"""
    minx, miny, maxx, maxy = (float(b) for b in bounds)
    x0, y0, x1, y1 = NORWAY_25833
    return x0 <= minx <= maxx <= x1 and y0 <= miny <= maxy <= y1 and (maxx - minx) + (maxy - miny) > 1_000


def _error(key: str, **params):
    from geo.boundary_messages import BoundaryImportError

    return BoundaryImportError(key, **params)


def _bounds(gdf) -> np.ndarray:
    import shapely

    coords = shapely.get_coordinates(np.asarray(gdf.geometry.values, dtype=object))
    if not len(coords):
        return np.array([np.nan] * 4)
    if not np.isfinite(coords).all():
        raise _error("not_finite")
    if np.abs(coords).max() > ABSURD:
        raise _error("absurd", value=f"{np.abs(coords).max():.3g}")
    return np.array([coords[:, 0].min(), coords[:, 1].min(), coords[:, 0].max(), coords[:, 1].max()])


def _where(b) -> str:
    return f"x {b[0]:.0f}–{b[2]:.0f}, y {b[1]:.0f}–{b[3]:.0f}"


def defaulted_geojson_crs(path: Path, gdf) -> bool:
    """A GeoJSON that states no ``crs`` but holds UTM metres: WGS 84 was only assumed by the reader."""
    if path.suffix.lower() not in (".json", ".geojson") or gdf.crs is None or not gdf.crs.is_geographic:
        return False
    try:
        with open(path, "rb") as f:
            head = f.read(8192)
            f.seek(max(0, path.stat().st_size - 8192))
            tail = f.read(8192)
    except OSError:
        return False
    if b'"crs"' in head or b'"crs"' in tail:
        return False
    b = _bounds(gdf)
    return (bool(np.isfinite(b).all()) and _UTM_X[0] <= b[0] <= b[2] <= _UTM_X[1]
            and _UTM_Y[0] <= b[1] <= b[3] <= _UTM_Y[1])


def check_coordinates(gdf) -> None:
    """Finite coordinates, and degrees where the file declares a geographic system."""
    b = _bounds(gdf)
    if not np.isfinite(b).all():
        return  # no coordinates at all: the polygon checks say so
    if (gdf.crs is not None and gdf.crs.is_geographic
            and not (-180 <= b[0] <= b[2] <= 180 and -90 <= b[1] <= b[3] <= 90)):
        raise _error("crs_mismatch", crs=gdf.crs.to_string(), sample=_where(b))


def check_projected(frame, source_crs) -> None:
    """After reprojection to EPSG:25833: finite, and in or near Norway."""
    b = _bounds(frame)
    if not np.isfinite(b).all():
        raise _error("not_finite")
    if near_norway(b):
        return
    crs = source_crs.to_string() if source_crs is not None else CRS
    raw_degrees = False
    if source_crs is not None and not source_crs.is_geographic:
        try:
            back = frame.to_crs(source_crs)
            rb = _bounds(back)
            raw_degrees = bool(-180 <= rb[0] <= rb[2] <= 180 and -90 <= rb[1] <= rb[3] <= 90)
        except Exception:  # noqa: BLE001 - only used for the hint
            raw_degrees = False
    hint, hint_nb = ((" (the coordinates look like longitude/latitude in degrees: EPSG:4326 or EPSG:4258?)",
                      " (koordinatene ser ut som lengde-/breddegrad i grader: EPSG:4326 eller EPSG:4258?)")
                     if raw_degrees else ("", ""))
    where = f"at {_where(b)} (EPSG:25833)"
    raise _error("not_norway", crs=crs, where=where, where_nb=where.replace("at x", "ved x", 1),
                 hint=hint, hint_nb=hint_nb)
