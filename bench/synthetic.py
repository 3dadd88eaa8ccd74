"""Synthetic finer layers made reproducibly from the real municipality coverage.

For scale tests only (never shipped in the app's data): every municipality is cut
by a square grid whose cell size gives about the wanted number of polygons, with a
seeded random grid offset. The result is a valid coverage like grunnkretser:
small units that tile the country exactly.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import shapely

OUT = Path(__file__).resolve().parent / "out"


def subdivide(target: int, seed: int = 2020):
    """GeoDataFrame of about ``target`` polygons (code, name, geometry), EPSG:25833."""
    import geopandas as gpd

    from geo.boundaries import load

    cache = OUT / f"synthetic_{target}_{seed}.gpkg"
    if cache.exists():
        return gpd.read_file(cache)
    kommuner = load("kommune", "2020")
    if target <= len(kommuner):
        return kommuner[["code", "name", "geometry"]].copy()
    total_area = float(kommuner.area.sum())
    rng = np.random.default_rng(seed)
    offset = rng.uniform(0, 1, 2)
    cell = math.sqrt(total_area / target)
    for _ in range(4):  # coastlines and islands add pieces: calibrate the cell size
        geoms, codes = _cut(kommuner, cell, offset)
        ratio = len(geoms) / target
        if abs(ratio - 1) < 0.06:
            break
        cell *= math.sqrt(ratio)
    out = gpd.GeoDataFrame({"code": codes, "name": codes}, geometry=geoms, crs=kommuner.crs)
    OUT.mkdir(exist_ok=True)
    out.to_file(cache, driver="GPKG")
    return out


def _cut(kommuner, cell: float, offset: np.ndarray):
    xmin, ymin, xmax, ymax = kommuner.total_bounds
    ox, oy = offset * cell
    xs = np.arange(xmin - ox, xmax + cell, cell)
    ys = np.arange(ymin - oy, ymax + cell, cell)
    gx, gy = np.meshgrid(xs[:-1], ys[:-1])
    cells = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + cell, gy.ravel() + cell)
    tree = shapely.STRtree(cells)
    geoms, codes = [], []
    for code, geom in zip(kommuner["code"], kommuner.geometry.values):
        idx = tree.query(geom, predicate="intersects")
        parts = shapely.intersection(cells[idx], geom)
        parts = parts[~shapely.is_empty(parts) & (shapely.area(parts) > 1.0)]
        for i, part in enumerate(parts):
            polys = [p for p in shapely.get_parts(part) if p.geom_type == "Polygon"]
            if polys:
                geoms.append(shapely.MultiPolygon(polys))
                codes.append(f"{code}{i:04d}")
    return geoms, codes
