"""geo.utm33 (the north arrow's conversions without pyproj) agrees with PROJ across Norway."""

from __future__ import annotations

import math

import pytest

from geo.utm33 import to_lonlat, to_xy

pyproj = pytest.importorskip("pyproj")

#: Lindesnes, Bergen, Oslo, Bodø, Tromsø, Vardø, Kirkenes, a point far west of the zone
POINTS = [(7.05, 57.98), (5.32, 60.39), (10.75, 59.91), (14.40, 67.28), (18.96, 69.65), (31.11, 70.37),
          (30.05, 69.73), (4.6, 61.5)]


@pytest.mark.parametrize("lon,lat", POINTS)
def test_round_trip_matches_proj(lon, lat):
    fwd = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:25833", always_xy=True)
    x, y = fwd.transform(lon, lat)
    ox, oy = to_xy(lon, lat)
    assert abs(ox - x) < 1e-3 and abs(oy - y) < 1e-3
    lo, la = to_lonlat(x, y)
    assert math.isclose(lo, lon, abs_tol=1e-9) and math.isclose(la, lat, abs_tol=1e-9)


def test_north_arrow_turns_east_of_the_central_meridian():
    from gui.render.page_furniture import grid_convergence

    assert abs(grid_convergence(500000.0, 6650000.0)) < 1e-6  # on 15° E grid north is true north
    assert grid_convergence(1000000.0, 7800000.0) < -5  # Finnmark: true north lies left of grid north
    assert grid_convergence(0.0, 6700000.0) > 5  # west coast: to the right
