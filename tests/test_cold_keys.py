"""Cold start (issue 15): a bundled level's drawing key names its GeoPackage by path, size and
modification time (as Python checks a .pyc), so a start does not hash the 5 MB file, and a
rebuilt or replaced GeoPackage still gets a new key."""

from __future__ import annotations

import os
import shutil

import geo.boundaries
from geo.boundaries import gpkg_path, map_level
from gui.render import scene


def test_the_geopackage_is_not_read_for_the_key(monkeypatch):
    import geo.disk_cache

    read = []
    real = geo.disk_cache._file_digest.__wrapped__
    monkeypatch.setattr(geo.disk_cache, "_file_digest", lambda path, *a: read.append(path) or real(path, *a))
    name, key = scene._bundled_key(map_level("kommune", "2024"))
    assert name == "kommune-2024" and key
    assert str(gpkg_path("2024")) not in read and read  # the drawing code is still hashed


def test_a_changed_geopackage_gets_a_new_key(monkeypatch, tmp_path):
    copy = tmp_path / "legekart_2024.gpkg"
    shutil.copy2(gpkg_path("2024"), copy)
    monkeypatch.setattr(geo.boundaries, "gpkg_path", lambda vintage: copy)
    level = map_level("kommune", "2024")
    first = scene._bundled_key(level)
    assert scene._bundled_key(level) == first
    st = copy.stat()
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # rebuilt: a new modification time
    touched = scene._bundled_key(level)
    assert touched != first
    with copy.open("ab") as f:  # another size
        f.write(b"\0")
    os.utime(copy, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert scene._bundled_key(level) not in (first, touched)
    assert scene._bundled_key(map_level("fylke", "2024"))[0] == "fylke-2024"
