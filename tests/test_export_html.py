"""The offline HTML map: no network references, escaped names, and a real browser check."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pandas as pd
import pytest
import shapely

from geo.gazetteer import gazetteer
from geo.regions import find_region
from gui.exporter import ExportJob, run_job
from indicators.catalogue import Indicator
from indicators.session import BoundaryLayer, Session
from indicators.view import ViewState
from tests import browser_check

pytest.importorskip("js_lib_leaflet", reason="Leaflet files come from django-js-lib-leaflet (pip install -e .)")

XSS = "<script>alert(1)</script>"


class _Attrs(HTMLParser):
    """Every src/href/url attribute of every tag (script bodies are not tags)."""

    def __init__(self):
        super().__init__()
        self.refs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.refs += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href", "data", "action", "poster")]


def references(text: str) -> list[str]:
    parser = _Attrs()
    parser.feed(text)
    return parser.refs


def assert_offline(text: str) -> None:
    refs = references(text)
    assert not [r for r in refs if r.strip().lower().startswith(("http:", "https:", "//"))], refs
    # and no http(s) URL in any src/href anywhere in the file, inlined code included
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I)
    assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", text, re.I)  # CSS
    assert "@import" not in text and "@font-face" not in text


@pytest.fixture(scope="module")
def national_html(tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "kart.html"
    run_job(Session(map_vintage="2020"),
            ExportJob(out, "html", ViewState(map_vintage="2020", level="kommune", indicator="ks_rekruttering",
                                             period="2019")))
    return out


def test_html_is_self_contained(national_html):
    text = national_html.read_text(encoding="utf-8")
    assert_offline(text)
    assert "L.map(" in text and "Leaflet" in text  # Leaflet inlined, not linked
    assert "Kartgrunnlag: Kartverket" in text and "Kilde: Helsedirektoratet" in text
    assert "Tegnforklaring (antall kommuner)" in text
    assert "L.tileLayer(" not in text  # no tile layer: nothing to fetch


@pytest.fixture()
def xss_session() -> Session:
    session = Session(map_vintage="2020")
    boxes = [shapely.box(200_000, 6_600_000, 260_000, 6_660_000), shapely.box(260_000, 6_600_000, 320_000, 6_660_000)]
    import geopandas as gpd

    frame = gpd.GeoDataFrame({"code": ["A1", "B2"], "name": [XSS, 'Trygg & "sikker"']}, geometry=boxes,
                             crs="EPSG:25833")
    session.add_boundary_layer(BoundaryLayer("egne", XSS, "egne.geojson", frame))
    ind = Indicator(id="xss", theme="import", name_nb=XSS, name_en=XSS, unit="%", kind="ratio", origin="x.csv",
                    sources=("egen",))
    rows = pd.DataFrame({"indicator": "xss", "level": "egne", "code": ["A1", "B2"], "unit_name": [XSS, "Trygg"],
                         "period": "2024", "value": [12.5, 30.0], "source": "egen", "origin": "x.csv",
                         "note": [XSS, ""]})
    session.add_indicator(ind, rows)
    return session


def test_html_escapes_imported_names(tmp_path, xss_session):
    out = tmp_path / "xss.html"
    run_job(xss_session, ExportJob(out, "html",
                                   ViewState(map_vintage="2020", level="egne", indicator="xss", period="2024"),
                                   title=XSS))
    text = out.read_text(encoding="utf-8")
    assert XSS not in text
    assert "alert(1)" in text  # present, but only escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert_offline(text)
    # the injected name added no element: the page's own script tags are all there is
    parser = _Attrs()
    parser.feed(text)
    clean = tmp_path / "clean.html"
    run_job(xss_session, ExportJob(clean, "html",
                                   ViewState(map_vintage="2020", level="egne", indicator="xss", period="2024"),
                                   title="Trygt"))
    reference = _Attrs()
    reference.feed(clean.read_text(encoding="utf-8"))
    assert parser.tags == reference.tags


def test_html_county_export_has_only_the_county(tmp_path):
    out = tmp_path / "nordland.html"
    run_job(Session(map_vintage="2020"),
            ExportJob(out, "html", ViewState(map_vintage="2020", level="kommune", indicator="ks_rekruttering"),
                      region=find_region("18", gazetteer("2020"))))
    text = out.read_text(encoding="utf-8")
    assert '"id": "1804"' in text and '"id": "0301"' not in text
    assert "i Nordland" in text


@pytest.mark.skipif(browser_check.chromium() is None,
                    reason="Chromium is not installed (apt-get install chromium); .ci/run installs it")
def test_html_opens_offline_in_chromium(national_html):
    report = browser_check.open_offline(national_html)
    assert report["loaded"] and report["scripts_run"]
    assert report["requests"] == [national_html.resolve().as_uri()], report["requests"]
    assert report["failed"] == [] and report["console_errors"] == [] and report["exceptions"] == []
    assert report["paths"] == 356  # one polygon per municipality
    assert not [a for a in report["attrs"] if a.lower().startswith(("http:", "https:", "//"))]
    assert "Tegnforklaring" in report["legend"]
    assert "<b>" in report["popup"] and "Til sammenligning" in report["popup"]
    assert report["fits"] and report["scale_inside"]  # issue 13: whole extent in view, scale bar visible


@pytest.mark.skipif(browser_check.chromium() is None, reason="Chromium is not installed")
def test_html_ranked_bars_with_norway_and_the_whole_country_in_view(tmp_path):
    out = tmp_path / "fylke.html"
    run_job(Session(map_vintage="2020"),
            ExportJob(out, "html", ViewState(map_vintage="2020", level="fylke", indicator="lister_uten_fast_lege_andel",
                                             period="2019"), subtitle="Til fylkestinget"))
    text = out.read_text(encoding="utf-8")
    assert_offline(text)
    assert "Til fylkestinget" in text
    report = browser_check.open_offline(out)
    assert report["requests"] == [out.resolve().as_uri()]
    assert report["fits"] and report["scale_inside"]
    assert report["rank_rows"] == 11 and "Norge" in report["rank"] and report["rank"].index("Nordland") < \
        report["rank"].index("Oslo")


@pytest.mark.skipif(browser_check.chromium() is None, reason="Chromium is not installed")
def test_browser_check_notices_network_requests(tmp_path):
    """The offline check is not vacuous: a page with a CDN script is caught."""
    page = tmp_path / "cdn.html"
    page.write_text('<html><head><script src="https://cdn.example.com/x.js"></script></head>'
                    '<body><img src="http://example.org/a.png"></body></html>', encoding="utf-8")
    report = browser_check.open_offline(page)
    assert "https://cdn.example.com/x.js" in report["requests"]
    assert len(report["failed"]) == 2
