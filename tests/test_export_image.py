"""Map pages as PNG, SVG and PDF: size, colours at known points, legend text, one PDF page."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtGui import QColor, QImage

from geo.gazetteer import gazetteer
from geo.regions import find_region
from gui.export_image import ExportCancelled, export_image, render_image
from gui.render.document import build
from gui.render.page import PageOptions, page_size, pixel_size
from indicators.session import Session
from indicators.view import ViewState


@pytest.fixture(scope="module")
def session() -> Session:
    return Session(map_vintage="2020")


@pytest.fixture()
def fylke_doc(qapp, session):
    return build(session, ViewState(map_vintage="2020", level="fylke", indicator="lister_uten_fast_lege_andel",
                                    period="2019"))


def colour_at(image: QImage, p) -> str:
    return QColor(image.pixel(int(p.x()), int(p.y()))).name()


def off_label_point(level: str, code: str, half_w: float = 12_000, half_h: float = 4_000) -> tuple[float, float]:
    """A point inside the unit but clear of its name (county pages label their units)."""
    import shapely

    from gui.render.scene import level_geometry

    geo = level_geometry(level, "2020")
    x, y = gazetteer("2020").get(level, code).label_xy
    rest = shapely.difference(geo.geoms[geo.index[code]], shapely.box(x - half_w, y - half_h, x + half_w, y + half_h))
    inner = shapely.buffer(rest, -1500)  # and clear of the borders
    p = shapely.point_on_surface(inner if not inner.is_empty else rest)
    return p.x, p.y


def test_page_presets_have_exact_pixel_sizes():
    assert (page_size("a4", 300).width, page_size("a4", 300).height) == (2480, 3508)
    assert (page_size("a4-landscape", 300).width, page_size("a4-landscape", 300).height) == (3508, 2480)
    assert (page_size("a3", 150).width, page_size("a3", 150).height) == (1754, 2480)
    with pytest.raises(ValueError):
        page_size("a4", 700)
    with pytest.raises(ValueError):
        page_size("letter", 300)
    with pytest.raises(ValueError):
        pixel_size(10, 10)


def test_png_a4_300dpi_size_and_dpi_metadata(tmp_path, session, fylke_doc):
    out = tmp_path / "kart.png"
    export_image(out, session, fylke_doc, PageOptions(page_size("a4", 300)))
    img = QImage(str(out))
    assert (img.width(), img.height()) == (2480, 3508)
    assert img.dotsPerMeterX() == pytest.approx(300 / 0.0254, abs=1)
    assert [p.name for p in tmp_path.iterdir()] == ["kart.png"]  # no temporary file left


def test_pixel_colour_at_interior_points_is_the_class_colour(session, fylke_doc):
    image, layout = render_image(session, fylke_doc, PageOptions(page_size("a4", 150)))
    gaz = gazetteer("2020")
    cls = fylke_doc.classification
    checked = 0
    for code in ("34", "18", "54", "46", "50", "42", "11"):
        p = layout.to_device(*gaz.get("fylke", code).label_xy)
        assert layout.map_rect.contains(p)
        if layout.covered(p):
            continue
        assert colour_at(image, p) == QColor(cls.colour_of(code)).name(), code
        checked += 1
    assert checked >= 5
    # issue 13: a national county map has no Oslo inset (Oslo is one polygon there)
    assert layout.inset is None


def test_oslo_inset_on_national_municipality_maps_shows_oslo_in_its_colour(qapp, session):
    doc = build(session, ViewState(map_vintage="2020", level="kommune", indicator="ks_rekruttering", period="2019"))
    image, layout = render_image(session, doc, PageOptions(page_size("a4", 150)))
    cls = doc.classification
    # the Oslo inset shows Oslo at a larger scale, in Oslo's class colour
    assert layout.inset is not None and not layout.inset.frame.intersects(layout.legend_rect())
    import shapely

    from gui.render.scene import level_geometry

    geo = level_geometry("kommune", "2020")
    x, y = gazetteer("2020").get("kommune", "0301").label_xy
    y -= 6000  # below the name drawn at the label point
    assert shapely.contains_xy(geo.geoms[geo.index["0301"]], x, y)
    q = layout.inset_to_device(x, y)
    assert layout.inset.map_rect.contains(q)
    assert colour_at(image, q) == QColor(cls.colour_of("0301")).name()


def test_categorical_municipality_colours_in_a_county_export(qapp, session):
    doc = build(session, ViewState(map_vintage="2020", level="kommune", indicator="ks_rekruttering", period="2019"))
    region = find_region("50", gazetteer("2020"))  # Trøndelag: Trondheim has a value of its own
    image, layout = render_image(session, doc, PageOptions(page_size("a4", 150), region=region))
    p = layout.to_device(*off_label_point("kommune", "5001"))
    assert colour_at(image, p) == QColor(doc.classification.colour_of("5001")).name()
    assert layout.inset is None  # no Oslo inset on a county map
    counts = {e.label: e.count for e in layout.legend.legend}
    n_trondelag = len([u for u in gazetteer("2020").level_units("kommune") if u.fylke == "50"])
    assert sum(counts.values()) == n_trondelag


def test_county_export_counts_and_veils_the_neighbours(qapp, session):
    doc = build(session, ViewState(map_vintage="2020", level="kommune", indicator="ks_rekruttering", period="2019"))
    image, layout = render_image(session, doc,
                                 PageOptions(page_size("a4", 100), region=find_region("18", gazetteer("2020"))))
    assert int(layout.shown.sum()) == 41  # Nordland's municipalities
    assert sum(e.count for e in layout.legend.legend) == 41
    gaz = gazetteer("2020")
    inside = colour_at(image, layout.to_device(*off_label_point("kommune", "1804")))  # Bodø
    outside = colour_at(image, layout.to_device(*gaz.get("kommune", "5402").label_xy))  # Harstad (Troms)
    assert QColor(outside).lightness() > QColor(inside).lightness()
    assert "Nordland" in layout.texts[1].lines[0]


def test_current_view_extent_and_free_pixel_size(session, fylke_doc):
    gaz = gazetteer("2020")
    x, y = gaz.get("fylke", "50").label_xy
    extent = (x - 150_000, y - 120_000, x + 150_000, y + 120_000)
    image, layout = render_image(session, fylke_doc, PageOptions(pixel_size(1200, 800, 96), extent=extent))
    assert (image.width(), image.height()) == (1200, 800)
    assert layout.inset is None
    p = layout.to_device(x, y)
    assert layout.map_rect.contains(p)
    assert colour_at(image, p) == QColor(fylke_doc.classification.colour_of("50")).name()


def test_footnote_flags_approximate_values_and_sources_are_named(session, fylke_doc):
    _, layout = render_image(session, fylke_doc, PageOptions(page_size("a4", 96)))
    text = " ".join(line for block in layout.texts for line in block.lines)
    assert "≈" in text and "Nordland" in text  # Nordland's 2019 value is approximate for 2020 borders
    assert "Kilde: Helsedirektoratet" in text and "Kartgrunnlag: Kartverket" in text
    assert "Nivå: Fylke" in text and "Periode: 2019" in text


def test_svg_parses_and_holds_the_legend_as_text(tmp_path, session, fylke_doc):
    out = tmp_path / "kart.svg"
    layout = export_image(out, session, fylke_doc, PageOptions(page_size("a4", 96)))
    root = ET.parse(out).getroot()
    texts = " ".join("".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text"))
    assert layout.legend_title in texts
    for entry in fylke_doc.classification.legend:
        if entry.count:
            assert entry.label in texts
    assert "Kartgrunnlag: Kartverket" in texts
    assert 'vector-effect="non-scaling-stroke"' not in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("preset,points", [("a4", (595.3, 841.9)), ("a3-landscape", (1190.6, 841.9))])
def test_pdf_has_one_page_of_the_chosen_size(tmp_path, session, fylke_doc, preset, points):
    pypdf = pytest.importorskip("pypdf", reason="pypdf is a test extra (pip install -e '.[test]')")
    out = tmp_path / "kart.pdf"
    export_image(out, session, fylke_doc, PageOptions(page_size(preset, 150)))
    reader = pypdf.PdfReader(str(out))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(points, abs=1.0)
    assert "Tegnforklaring" in reader.pages[0].extract_text()


def test_cancelled_export_leaves_nothing(tmp_path, session, fylke_doc):
    for suffix in ("png", "svg", "pdf"):
        with pytest.raises(ExportCancelled):
            export_image(tmp_path / f"kart.{suffix}", session, fylke_doc, PageOptions(page_size("a4", 72)),
                         cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_english_page(qapp, session):
    doc = build(session, ViewState(map_vintage="2020", level="fylke", indicator="lister_uten_fast_lege_andel",
                                   period="2019", lang="en"))
    _, layout = render_image(session, doc, PageOptions(page_size("a4", 72)))
    text = " ".join(line for block in layout.texts for line in block.lines)
    assert "Source:" in text and "Base map: Kartverket" in text
    assert layout.legend_title == "Legend (number of counties)"


def test_county_page_names_its_units_and_says_when_it_has_no_values(qapp, session):
    doc = build(session, ViewState(map_vintage="2020", level="kommune", indicator="ks_rekruttering", period="2019"))
    _, layout = render_image(session, doc,
                             PageOptions(page_size("a4", 96), region=find_region("18", gazetteer("2020"))))
    assert layout.content.labels.get("1804") == "Bodø"
    assert set(layout.content.labels) <= {u.code for u in gazetteer("2020").level_units("kommune") if u.fylke == "18"}
    assert layout.notice and "Nordland" in layout.notice  # no municipality in Nordland has a KS rating


def test_no_oslo_inset_where_one_unit_covers_the_oslo_area(qapp, session):
    doc = build(session, ViewState(map_vintage="2020", level="helseregion", indicator="lis1_stillinger"))
    _, layout = render_image(session, doc, PageOptions(page_size("a4", 72)))
    assert layout.inset is None and layout.notice is None
