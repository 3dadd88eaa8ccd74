"""Issue 13: report pages that go into a county report untouched, and styled GeoPackages.

North arrow (named in SVG, PDF and PNG), subtitle/note/source, locator and Oslo inset
rules, labels or a stated rule for every unit, "kart + rangering", point maps with a
size key, capped titles, own boundary files, honest classes and the QGIS style.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QImage

from geo.gazetteer import gazetteer
from geo.regions import find_region
from gui.export_image import export_image, render_image
from gui.render.document import build
from gui.render.page import PageOptions, page_size
from indicators.session import Session
from indicators.view import ViewState
from tests.conftest import ROOT

SVG = "{http://www.w3.org/2000/svg}"


def run(*args: str, timeout: int = 180) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if "--map" not in args:  # these pages were drawn for the 2020 map
        args = (*args, "--map", "2020")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "export", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=timeout)


@pytest.fixture(scope="module")
def session(qapp) -> Session:
    return Session(map_vintage="2020")


def nordland_table(path, values) -> None:
    codes = [u.code for u in gazetteer("2020").level_units("kommune") if u.fylke == "18"]
    rows = [f"{c};{str(v).replace('.', ',')}" for c, v in zip(codes, values)]
    path.write_text("kommunenummer;verdi\n" + "\n".join(rows) + "\n", encoding="utf-8")


# -- the contracts ----------------------------------------------------------------------------------


def test_county_pdf_has_subtitle_note_and_a_named_north_arrow(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "n.pdf"
    r = run("--level", "kommune", "--region", "18", "--indicator", "ks_rekruttering", "--format", "pdf",
            "--out", str(out), "--subtitle", "Til fylkestinget", "--note", "Tall for 2025 fra fire filer",
            "--dpi", "150")
    assert r.returncode == 0, r.stderr
    reader = pypdf.PdfReader(str(out))
    text = reader.pages[0].extract_text()
    assert "Til fylkestinget" in text and "Tall for 2025" in text
    # no ligature glyphs: a search for "filer" in the report must find the page's text
    assert "fire filer" in text and "\ufb01" not in text
    content = reader.pages[0].get_contents().get_data()
    m = re.search(rb"/Figure <</Name \(north-arrow\)[^>]*>> BDC(.*?)EMC", content, re.S)
    assert m and re.search(rb"\b(f|f\*|B|b)\b", m.group(1)), "the arrow's marked content draws filled shapes"
    xmp = reader.xmp_metadata.stream.get_data().decode("utf-8")
    box = [float(v) for v in re.search(r"<legekart:northArrow>([^<]+)<", xmp).group(1).split()]
    assert len(box) == 4 and box[2] > 5 and box[3] > 10  # points, on the page
    assert 0 < box[0] < 595 and 0 < box[1] < 842


def test_svg_north_arrow_is_a_named_group_and_png_records_it(tmp_path, session):
    doc = build(session, ViewState(map_vintage="2020", level="kommune", indicator="ks_rekruttering", period="2019"))
    options = PageOptions(page_size("a4", 96), region=find_region("18", gazetteer("2020")))
    svg = tmp_path / "n.svg"
    layout = export_image(svg, session, doc, options)
    root = ET.parse(svg).getroot()
    groups = [g for g in root.iter(f"{SVG}g") if g.get("id") == "north-arrow"]
    assert len(groups) == 1 and list(groups[0].iter(f"{SVG}polygon")) + list(groups[0].iter(f"{SVG}path"))
    image, _ = render_image(session, doc, options)
    x, y, w, h, _angle = (float(v) for v in image.text("legekart:north-arrow").split())
    r = layout.north_arrow.rect
    assert (x, y, w, h) == pytest.approx((r.x(), r.y(), r.width(), r.height()), abs=0.1)
    dark = sum(1 for i in range(int(x), int(x + w)) for j in range(int(y), int(y + h))
               if image.pixelColor(i, j).lightness() < 80)
    assert dark > 20  # something is drawn there
    assert not r.intersects(layout.map_rect)


def test_fylke_gpkg_has_a_default_qgis_style(tmp_path):
    out = tmp_path / "f.gpkg"
    r = run("--level", "fylke", "--indicator", "lister_uten_fast_lege_andel", "--format", "gpkg", "--out", str(out))
    assert r.returncode == 0, r.stderr
    con = sqlite3.connect(out)
    rows = con.execute("SELECT f_table_name, styleQML, styleSLD, useAsDefault FROM layer_styles").fetchall()
    assert len(rows) == 1
    name, qml, sld, default = rows[0]
    assert name == "lister_uten_fast_lege_andel" and default == 1
    assert 'type="graduatedSymbol"' in qml and "Ingen data" in qml
    ET.fromstring(qml.split("'SYSTEM'>", 1)[1])  # well-formed
    ET.fromstring(sld.split("?>", 1)[1])
    assert (con.execute("SELECT data_type FROM gpkg_contents WHERE table_name='layer_styles'").fetchone()
            == ("attributes",))


def test_categorical_gpkg_style_is_categorized_with_no_data(tmp_path, session):
    from indicators.view_data import frame_and_classes
    from indicators.writers.gpkg import write_gpkg

    frame, cls = frame_and_classes(session, ViewState(map_vintage="2020", level="kommune", indicator="ks_rekruttering"))
    out = write_gpkg(tmp_path / "k.gpkg", session, frame, "nb", None, cls)
    qml = sqlite3.connect(out).execute("SELECT styleQML FROM layer_styles").fetchone()[0]
    assert 'type="categorizedSymbol"' in qml and 'attr="category"' in qml
    assert '<category value="" ' in qml  # the no-data class


def _system_qgis() -> str | None:
    exe = shutil.which("python3", path="/usr/bin")
    if exe is None:
        return None
    ok = subprocess.run([exe, "-c", "import qgis.core"], capture_output=True, timeout=60)
    return exe if ok.returncode == 0 else None


@pytest.mark.skipif(_system_qgis() is None, reason="python3-qgis not installed (apt-get install python3-qgis)")
def test_qgis_opens_the_gpkg_with_legekarts_classes_and_colours(tmp_path, session):
    from indicators.view_data import frame_and_classes

    out = tmp_path / "f.gpkg"
    r = run("--level", "fylke", "--indicator", "lister_uten_fast_lege_andel", "--format", "gpkg", "--out", str(out))
    assert r.returncode == 0, r.stderr
    units = gazetteer("2020").level_units("fylke")
    coords = [f"{v:.0f}" for u in units for v in u.label_xy]
    q = subprocess.run([_system_qgis(), str(ROOT / "tests" / "qgis_render.py"), str(out),
                        "lister_uten_fast_lege_andel", str(tmp_path / "qgis.png"), *coords],
                       capture_output=True, text=True, timeout=240, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert q.returncode == 0, q.stderr[-2000:]
    report = json.loads(q.stdout.strip().splitlines()[-1])
    _, cls = frame_and_classes(session,
                               ViewState(map_vintage="2020", level="fylke", indicator="lister_uten_fast_lege_andel"))
    assert report["valid"] and report["renderer"] == "graduatedSymbol"
    labels = {c[0] for c in report["classes"]}
    assert {e.label for e in cls.legend} <= labels
    assert report["samples"] == [cls.colour_of(u.code) for u in units]


def test_own_boundaries_png_credits_the_file_not_kartverket(tmp_path):
    boxes = {"A": (200_000, 6_600_000), "B": (260_000, 6_600_000), "C": (200_000, 6_660_000)}
    feats = [{"type": "Feature", "properties": {"id": k, "navn": f"Sone {k}"},
              "geometry": {"type": "Polygon", "coordinates": [[[x, y], [x + 60_000, y], [x + 60_000, y + 60_000],
                                                               [x, y + 60_000], [x, y]]]}}
             for k, (x, y) in boxes.items()]
    geo = tmp_path / "B.geojson"
    geo.write_text(json.dumps({"type": "FeatureCollection", "features": feats,
                               "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::25833"}}}),
                   encoding="utf-8")
    table = tmp_path / "T.csv"
    table.write_text("id,v\nA,1.5\nB,3.0\nC,7.25\n", encoding="utf-8")
    out = tmp_path / "m.png"
    r = run("--boundaries", str(geo), "--key", "id", "--data", str(table), "--column", "v", "--out", str(out),
            "--dpi", "96")
    assert r.returncode == 0, r.stderr
    source = QImage(str(out)).text("Description")
    assert "B.geojson" in source and "Kartverket" not in source
    out2 = tmp_path / "m2.png"
    r = run("--boundaries", str(geo), "--key", "id", "--data", str(table), "--column", "v", "--out", str(out2),
            "--dpi", "96", "--boundary-credit", "Kartverket og Nordland fylkeskommune")
    assert r.returncode == 0, r.stderr
    assert "Kartgrunnlag: Kartverket og Nordland fylkeskommune" in QImage(str(out2)).text("Description")


def _ranges(labels: list[str]) -> list[tuple[float, float]]:
    out = []
    for label in labels:
        label = re.sub(r"\s*\(\d+\)\s*$", "", label)  # the count
        nums = [float(n.replace("\u00a0", "").replace(",", "."))
                for n in re.findall(r"-?\d[\d\u00a0]*(?:,\d+)?", label)]
        out.append((nums[0], nums[-1]))
    return out


def test_many_ties_give_honest_non_overlapping_classes(tmp_path):
    values = [0] * 23 + [round(0.7 + 1.9 * i, 1) for i in range(18)]
    data = tmp_path / "T.csv"
    nordland_table(data, values)
    out = tmp_path / "q.svg"
    r = run("--level", "kommune", "--region", "18", "--data", str(data), "--column", "verdi", "--method",
            "quantiles", "--classes", "5", "--out", str(out), "--dpi", "96")
    assert r.returncode == 0, r.stderr
    texts = ["".join(t.itertext()) for t in ET.parse(out).getroot().iter(f"{SVG}text")]
    legend = [t for t in texts if re.fullmatch(r"[\d\u00a0,\s–]+(\s\S+)?\s+\(\d+\)", t.strip())]
    ranges = _ranges(legend)
    assert len(ranges) >= 3
    for (lo1, hi1), (lo2, hi2) in zip(ranges, ranges[1:]):
        assert lo1 <= hi1 < lo2 <= hi2, legend
    assert any("klasser" in t and "5 valgt" in t for t in texts)  # says how many, and why fewer
    assert any(re.fullmatch(r"0,0\s+\(23\)", t.strip()) for t in legend)  # the zeros: one value, one class
    counts = [int(re.search(r"\((\d+)\)", t).group(1)) for t in legend]
    assert sum(counts) == 41


# -- the page's other rules -------------------------------------------------------------------------


def test_ten_thousand_character_title_is_wrapped_and_capped(tmp_path, session):
    doc = build(session, ViewState(map_vintage="2020", level="fylke", indicator="lister_uten_fast_lege_andel"))
    title = ("Veldig lang tittel " * 600)[:10_000]
    options = PageOptions(page_size("a4", 96), title=title)
    layout = export_image(tmp_path / "t.svg", session, doc, options)
    ET.parse(tmp_path / "t.svg")
    image, layout = render_image(session, doc, options)
    head = [b for b in layout.texts if b.role == "title"][0]
    assert len(head.lines) == 3 and head.lines[-1].endswith("…")
    assert layout.map_rect.height() > 0.6 * layout.page.height
    assert layout.legend_rect().top() >= layout.map_rect.top() > head.top_left.y()  # not over the title
    long_word = "x" * 10_000
    _, layout = render_image(session, doc, PageOptions(page_size("a4", 72), title=long_word, note=long_word))
    assert all(len(b.lines) <= 4 for b in layout.texts)


def test_locator_on_county_pages_and_oslo_inset_only_on_national_municipality_maps(qapp, session):
    kommune = build(session, ViewState(map_vintage="2020", level="kommune", indicator="ks_rekruttering", period="2019"))
    fylke = build(session, ViewState(map_vintage="2020", level="fylke", indicator="lister_uten_fast_lege_andel"))
    _, county = render_image(session, kommune,
                             PageOptions(page_size("a4", 72), region=find_region("18", gazetteer("2020"))))
    assert county.locator is not None and county.inset is None
    assert not county.locator.frame.intersects(county.legend_rect())
    assert county.map_rect.contains(county.locator.frame)
    _, national_k = render_image(session, kommune, PageOptions(page_size("a4", 72)))
    assert national_k.inset is not None and national_k.locator is None
    _, national_f = render_image(session, fylke, PageOptions(page_size("a4", 72)))
    assert national_f.inset is None and national_f.locator is None
    _, region_f = render_image(session, fylke,
                               PageOptions(page_size("a4", 72), region=find_region("helse-nord", gazetteer("2020"))))
    assert region_f.locator is not None and region_f.inset is None


def test_every_unit_of_a_county_page_is_labelled_or_left_out_by_the_stated_rule(qapp, session):
    doc = build(session, ViewState(map_vintage="2020", level="kommune", indicator="ks_rekruttering", period="2019"))
    _, layout = render_image(session, doc,
                             PageOptions(page_size("a4", 150), region=find_region("18", gazetteer("2020"))))
    plan = layout.labels
    names = {u.short_name for u in gazetteer("2020").level_units("kommune") if u.fylke == "18"}
    placed = {p.text for p in plan.labels}
    assert placed | set(plan.too_small) | set(plan.no_room) == names
    assert {"Værøy", "Moskenes", "Røst"} <= placed  # small islands: beside their unit, with a leader
    leaders = [p for p in plan.labels if p.anchor is not None]
    assert any(p.text == "Værøy" for p in leaders)
    boxes = [p.box for p in plan.labels]
    assert not any(a.intersects(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert all(layout.map_rect.contains(b) for b in boxes)
    if plan.too_small or plan.no_room:
        assert "mm²" in layout.text() or "Ikke plass" in layout.text()


@pytest.mark.parametrize("preset", ["a4-landscape", "a4", "a3-landscape", "a3"])
def test_map_and_ranking_layout(qapp, session, preset):
    doc = build(session, ViewState(map_vintage="2020", level="fylke", indicator="lister_uten_fast_lege_andel"))
    _, layout = render_image(session, doc, PageOptions(page_size(preset, 72), layout="map+ranking"))
    panel = layout.ranking
    assert panel is not None and len(panel.rows) == 11 and panel.left_out == 0
    assert not panel.rect.intersects(layout.map_rect)
    assert [r.value for r in panel.rows] == sorted((r.value for r in panel.rows), reverse=True)
    assert panel.references and panel.references[0][0] == "Norge"
    if layout.page.landscape:
        assert panel.rect.left() > layout.map_rect.right()
    else:
        assert panel.rect.top() > layout.map_rect.bottom()


def test_ranking_on_a_county_page_has_county_and_norway_lines(qapp, session, tmp_path):
    doc = build(session, ViewState(map_vintage="2020", level="helseforetak", indicator="lister_uten_fast_lege_andel"))
    if not doc.frame.has_data:
        doc = build(session, ViewState(map_vintage="2020", level="fylke", indicator="lister_uten_fast_lege_andel"))
    _, layout = render_image(session, doc, PageOptions(page_size("a4-landscape", 72), layout="map+ranking",
                                                       region=find_region("helse-nord", gazetteer("2020"))))
    labels = [r[0] for r in layout.ranking.references]
    assert "Norge" in labels and any("Nord" in x for x in labels)


def test_lis1_point_page_has_a_size_key_and_sources_and_no_banner(qapp, session):
    doc = build(session, ViewState(map_vintage="2020", level="helseregion", indicator="lis1_utlyste_halvaar"))
    assert doc.content.points
    _, layout = render_image(session, doc, PageOptions(page_size("a4", 72)))
    assert layout.notice is None and layout.size_key is not None
    assert len(layout.size_key.values) >= 2
    vmax = max(p.value for p in doc.content.points)
    big = max(doc.content.points, key=lambda p: p.value)
    small = min((p for p in doc.content.points if p.value > 0), key=lambda p: p.value)
    assert (small.size / big.size) ** 2 == pytest.approx(small.value / vmax, rel=1e-6)  # area ∝ value
    assert "Kilde:" in layout.text() and "Helsedirektoratet" in layout.text()
