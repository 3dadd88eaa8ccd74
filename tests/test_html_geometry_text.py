"""The page's GeoJSON written from the cached geometry text is what ``json.dumps`` writes (issue 15)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from geo.boundaries import map_level
from gui.exporter import ExportJob, run_job
from indicators.session import Session
from indicators.view import ViewState
from indicators.writers import html_geometry as hg
from indicators.writers.html import _features

pytest.importorskip("js_lib_leaflet", reason="Leaflet files come from django-js-lib-leaflet (pip install -e .)")

IDS = re.compile(r"[0-9a-f]{32}")


@pytest.fixture()
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("LEGEKART_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _collection(level: str = "kommune", tolerance: float = 400.0) -> tuple[hg.LevelGeometry, hg.FeatureCollection]:
    geo = hg.level_geometry(map_level(level, "2020"), tolerance)
    props = {c: {"name": f"<{c}> ø", "value": 1.5, "popup": "<b>x</b> & 'y'"} for c in geo.codes}
    return geo, _features(geo.codes, geo.geojson, props, hg.geometry_texts(geo))


def test_the_collection_writes_what_json_dumps_writes(cache):
    geo, fc = _collection()
    assert geo.geojson_text is not None and len(fc.texts) == len(fc["features"])
    assert fc.dumps(sort_keys=True) == json.dumps(fc, sort_keys=True)
    assert json.loads(fc.dumps(sort_keys=True)) == fc
    # the same from the disk cache, whose texts were written by the first call
    again = hg.level_geometry(map_level("kommune", "2020"), 400.0)
    assert again.geojson_text == geo.geojson_text


def test_the_cached_text_is_used_only_for_the_geometry_it_was_made_from(cache):
    geo, fc = _collection("fylke", 600.0)
    first = fc["features"][0]["geometry"]
    fc.texts[id(first)] = (first, '"TEXT"')  # proves the text is taken when the object is the same
    assert '{"geometry": "TEXT", ' in fc.dumps(sort_keys=True)
    fc["features"][0]["geometry"] = dict(first)  # an equal but other object: dumped afresh
    assert fc.dumps(sort_keys=True) == json.dumps(fc, sort_keys=True)
    fc["features"].append({2: "keys that are not strings", 1: None})
    fc["extra"] = [1, {"b": 2, "a": None}]
    assert fc.dumps(sort_keys=True) == json.dumps(fc, sort_keys=True)


def test_other_dump_settings_are_json_dumps(cache):
    _, fc = _collection("helseregion", 800.0)
    assert fc.dumps(sort_keys=True, indent=1) == json.dumps(fc, sort_keys=True, indent=1)
    assert fc.dumps() == json.dumps(fc)


def test_the_page_is_the_same_without_the_geometry_text(tmp_path, cache, monkeypatch):
    def export(name: str) -> str:
        view = ViewState(map_vintage="2020", level="kommune", indicator="ks_rekruttering")
        run_job(Session(map_vintage="2020"), ExportJob(tmp_path / name, "html", view))
        return IDS.sub("ID", (tmp_path / name).read_text(encoding="utf-8"))

    fast = export("fast.html")
    monkeypatch.setattr(hg.FeatureCollection, "dumps", lambda self, **kw: json.dumps(self, **kw))
    assert export("plain.html") == fast


def test_the_cache_key_names_the_installed_pyproj():
    from importlib.metadata import version

    assert f"pyproj{version('pyproj')}" in hg._versions()
