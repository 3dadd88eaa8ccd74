"""The HTML writer's fast paths give the page the slow paths gave (issue 15).

Geometry comes from a per-user cache, folium's templates from a compile cache, rendered
elements stay text, requests is deferred: each is checked against the plain computation.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from geo.boundaries import map_level
from gui.exporter import ExportJob, run_job
from indicators.observations import _LazyCells, _plain
from indicators.session import Session
from indicators.view import ViewState
from indicators.writers import html_geometry as hg

pytest.importorskip("js_lib_leaflet", reason="Leaflet files come from django-js-lib-leaflet (pip install -e .)")

ROOT = Path(__file__).resolve().parent.parent
IDS = re.compile(r"[0-9a-f]{32}")


@pytest.fixture()
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("LEGEKART_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "derived"  # geo.disk_cache, which every derived cache uses


def test_cached_geometry_is_the_computed_geometry(cache):
    level = map_level("fylke", "2020")
    first = hg.level_geometry(level, 600.0)
    files = list(cache.glob("html-2020-fylke-fills-600-*.pkl"))
    assert len(files) == 1
    again = hg.level_geometry(level, 600.0)  # from the file
    shapes = level.shapes()
    plain = hg.as_geojson(hg.simplified_lonlat(np.asarray(shapes.geometries, dtype=object), 600.0))
    assert first.geojson == again.geojson == plain
    assert again.codes == shapes.codes
    np.testing.assert_array_equal(again.total_bounds(), hg.shapely.total_bounds(
        hg.simplified_lonlat(np.asarray(shapes.geometries, dtype=object), 600.0)))
    # coordinates are rounded to the stated precision
    ring = again.geojson[0]["coordinates"][0][0]
    assert all(round(x, hg.DECIMALS) == x for x in ring[0])


def test_a_damaged_geometry_cache_is_rebuilt(cache):
    level = map_level("helseregion", "2020")
    good = hg.level_geometry(level, 400.0, borders=True)
    [path] = cache.glob("html-2020-helseregion-borders-400-*.pkl")
    path.write_bytes(b"not a pickle")
    assert hg.level_geometry(level, 400.0, borders=True).geojson == good.geojson
    assert path.read_bytes() != b"not a pickle"  # written again


def test_other_tolerances_and_levels_keep_their_own_entries(cache):
    hg.level_geometry(map_level("fylke", "2020"), 600.0)
    hg.level_geometry(map_level("fylke", "2020"), 240.0)
    hg.level_geometry(map_level("fylke", "2024"), 600.0)
    assert len(list(cache.glob("*-fylke-fills-*.pkl"))) == 3


def _export(path: Path, title: str | None = None) -> str:
    view = ViewState(map_vintage="2020", level="fylke", indicator="lister_uten_fast_lege_andel")
    run_job(Session(map_vintage="2020"), ExportJob(path, "html", view, title=title))
    return path.read_text(encoding="utf-8")


def test_a_title_with_template_braces_is_shown_as_written(tmp_path, cache):
    text = _export(tmp_path / "t.html", title="{{ 7*7 }} {% raw %}")
    assert "<h1>{{ 7*7 }} {% raw %}</h1>" in text
    assert "<h1>49" not in text


def test_the_page_is_the_same_from_the_geometry_cache(tmp_path, cache):
    cold = _export(tmp_path / "cold.html")
    assert list(cache.glob("*.pkl"))
    warm = _export(tmp_path / "warm.html")
    assert IDS.sub("ID", cold) == IDS.sub("ID", warm)


def test_templates_from_the_compile_cache_render_as_compiled(cache):
    from jinja2 import Template

    from indicators.writers.html_import import cached_templates

    source = "{% for x in items %}<b>{{ x|tojson }}</b>{% endfor %}{{ this }}"
    expected = Template(source).render(items=[1, "<a>"], this="t")
    with cached_templates():
        assert Template(source).render(items=[1, "<a>"], this="t") == expected
    [path] = cache.glob("jinja-*.marshal")
    written = path.read_bytes()
    with cached_templates():  # now from the file, which is left as it was
        assert Template(source).render(items=[1, "<a>"], this="t") == expected
    assert path.read_bytes() == written
    path.write_bytes(b"damaged")
    with cached_templates():
        assert Template(source).render(items=[1, "<a>"], this="t") == expected


def test_rendered_elements_stay_text_as_jinja_would_render_them():
    from branca.element import Element

    from indicators.writers.html_furniture import _Rendered

    for text in ["a\r\nb\rc\n", "x\n\n", "plain", "{ not: 'a template' }\n"]:
        assert _Rendered(text).render() == Element(text).render()
    assert _Rendered("{{ 1 + 1 }}").render() == "{{ 1 + 1 }}"  # never evaluated


def test_folium_imports_without_loading_requests_and_can_still_use_it():
    script = ("import sys; from indicators.writers.html_import import import_folium; folium = import_folium();"
              "print('requests' in sys.modules); import folium.features as f; print(callable(f.requests.get));"
              "print('requests' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "True", "True"]


def test_cells_hold_plain_python_values_as_before():
    s = Session(map_vintage="2020")
    frame = s.observations.frame
    cells = s.observations._cells()
    keys = list(cells._positions)[:: max(1, len(cells._positions) // 200)]
    for key in keys:
        pos = cells._positions[key]
        expected = [{c: _plain(frame[c].to_numpy()[i]) for c in frame.columns} for i in pos]
        got = cells.get(key)

        def shown(rows):  # NaN != NaN, so compare what each value is and how it prints
            return [[(k, type(v), repr(v)) for k, v in r.items()] for r in rows]

        assert shown(got) == shown(expected)


def test_cells_of_an_object_column_convert_numpy_scalars():
    frame = pd.DataFrame({"a": pd.Series([np.float64(1.5), "x"], dtype=object), "b": [1.0, 2.0]})
    cells = _LazyCells(frame, {"k": np.array([0, 1])})
    rows = cells.get("k")
    assert rows == [{"a": 1.5, "b": 1.0}, {"a": "x", "b": 2.0}]
    assert type(rows[0]["a"]) is float and type(rows[0]["b"]) is float


def _run(script: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_folium_imports_without_pandas_and_sees_dataframes_once_pandas_is_loaded():
    script = ("import sys; from indicators.writers.html_import import import_folium; import_folium();"
              "import folium.utilities as u; print('pandas' in sys.modules);"
              "print(u.validate_locations([[60.0, 10.0]]) == [[60.0, 10.0]]);"
              "print(isinstance(u.if_pandas_df_convert_to_numpy([1]), list)); print('pandas' in sys.modules);"
              "import numpy as np, pandas as pd; df = pd.DataFrame([[60.0, 10.0]]);"
              "print(isinstance(u.if_pandas_df_convert_to_numpy(df), np.ndarray));"
              "print(u.validate_locations(df) == [[60.0, 10.0]]); print(u.pd.DataFrame is pd.DataFrame)")
    assert _run(script) == ["False", "True", "True", "False", "True", "True", "True"]


def test_folium_gets_the_real_pandas_when_it_is_loaded_first():
    script = ("import pandas as pd; from indicators.writers.html_import import import_folium; import_folium();"
              "import folium.utilities as u; print(u.pd is pd)")
    assert _run(script) == ["True"]


def test_an_html_export_never_loads_pandas(tmp_path):
    out = tmp_path / "kart.html"
    script = ("import sys; from pathlib import Path; from indicators.session import Session;"
              "from indicators.view import ViewState; from indicators.writers.jobs import ExportJob, write_data;"
              "view = ViewState(map_vintage='2020', level='kommune', indicator='lister_uten_fast_lege_andel');"
              f"write_data(Session(map_vintage='2020'), ExportJob(Path({str(out)!r}), 'html', view));"
              "print('pandas' in sys.modules, 'folium' in sys.modules)")
    assert _run(script) == ["False", "True"]
    assert "Til sammenligning" in out.read_text(encoding="utf-8")


def _entries(cache: Path) -> int:
    import marshal

    [path] = cache.glob("jinja-*.marshal")
    return len(marshal.loads(path.read_bytes()))


def test_template_files_of_a_plain_environment_come_from_the_cache_others_never(cache):
    from jinja2 import DictLoader, Environment

    from indicators.writers.html_import import cached_templates

    files = {"t.js": "var a = {{ x|tojson }};", "u.js": "{{ x|own }}"}
    expected = Environment(loader=DictLoader(files)).get_template("t.js").render(x=[1, "<"])
    for _ in range(2):  # compiled, then from the file
        with cached_templates():
            assert Environment(loader=DictLoader(files)).get_template("t.js").render(x=[1, "<"]) == expected
        assert _entries(cache) == 1
    own = Environment(loader=DictLoader(files))
    own.filters["own"] = lambda v: f"own {v}"
    with cached_templates():  # its own filter: the code may differ, so it is compiled and not kept
        assert own.get_template("u.js").render(x=2) == "own 2"
        assert own.get_template("t.js").render(x=[1, "<"]) == expected
    assert _entries(cache) == 1


def test_the_template_cache_is_cut_to_one_run_when_it_grows(cache, monkeypatch):
    from jinja2 import Template

    from indicators.writers import html_import

    monkeypatch.setattr(html_import, "MAX_ENTRIES", 2)
    with html_import.cached_templates():
        for i in range(3):
            Template(f"{{{{ {i} }}}}")
    assert _entries(cache) == 3  # all used by this run
    with html_import.cached_templates():
        assert Template("{{ 9 }}").render() == "9"
    assert _entries(cache) == 1


def test_folium_imports_without_xyzservices_and_a_named_tile_layer_still_loads_it():
    script = ("import sys; from indicators.writers.html_import import import_folium; folium = import_folium();"
              "print('xyzservices' in sys.modules); layer = folium.TileLayer('OpenStreetMap');"
              "print(layer.tiles.startswith('https://tile.openstreetmap.org/')); print('xyzservices' in sys.modules)")
    assert _run(script) == ["False", "True", "True"]


def test_folium_imports_without_urllib_request_and_branca_can_still_open_a_url(tmp_path):
    page = tmp_path / "x.js"
    page.write_text("var x = 1;", encoding="utf-8")
    script = ("import sys; from indicators.writers.html_import import import_folium; import_folium();"
              "import branca.element as b; print('urllib.request' in sys.modules);"
              f"print(b.urlopen({page.as_uri()!r}).read() == b'var x = 1;'); print('urllib.request' in sys.modules)")
    assert _run(script) == ["False", "True", "True"]
