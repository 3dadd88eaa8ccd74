"""The boundaries kept in the user cache are exactly the GeoPackage's: same codes, names,
label points and geometry (byte for byte as WKB), read back from a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely

from geo import boundaries
from geo.levels import LEVELS

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("vintage", ["2020", "2024"])
def test_kept_shapes_equal_the_geopackages(vintage, tmp_path):
    code = (
        "import sys, pickle, shapely\n"
        "import geo.boundaries as b\n"
        "from geo.levels import LEVELS\n"
        f"out = {{lv: b.shapes(lv, {vintage!r}) for lv in LEVELS}}\n"
        "kept = {lv: (s.codes, s.names, s.label_points, list(shapely.to_wkb(s.geometries)))"
        " for lv, s in out.items()}\n"
        "sys.stdout.buffer.write(pickle.dumps(kept))\n"
    )
    env = {**os.environ, "LEGEKART_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # the first process builds the cache, the second reads it
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr.decode()
    assert list((tmp_path / "cache" / "derived").glob(f"shapes-kommune-{vintage}-*.pkl"))
    import pickle

    kept = pickle.loads(done.stdout)
    for level in LEVELS:
        read = boundaries.read_shapes(level, vintage)
        codes, names, points, wkb = kept[level]
        assert codes == read.codes and names == read.names
        assert np.array_equal(points, read.label_points)
        assert wkb == list(shapely.to_wkb(read.geometries)), level


def test_a_level_of_mixed_geometry_types_is_kept_as_wkb():
    poly = shapely.box(0, 0, 1, 1)
    multi = shapely.MultiPolygon([shapely.box(2, 2, 3, 3), shapely.box(4, 4, 5, 5)])
    s = boundaries.LevelShapes("kommune", ("1", "2"), ("a", "b"), np.array([poly, multi], dtype=object),
                               np.zeros((2, 2)))
    kept = boundaries._kept(s)
    assert kept[3] == "wkb"
    back = shapely.from_wkb(kept[4])
    assert [g.geom_type for g in back] == ["Polygon", "MultiPolygon"]
    assert bool(shapely.equals_exact(back, s.geometries, 0).all())
