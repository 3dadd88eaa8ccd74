"""Write a map page as PNG, SVG or PDF, atomically.

All three paint the same :mod:`gui.render.page` onto a different device: a QImage of
the exact pixel size (PNG, with its dpi stored), QSvgGenerator (text stays text, so
the legend is searchable and editable) and QPdfWriter (one page of the paper size).
The file is written to a temporary name in the target folder and renamed at the
end, so a cancelled or failed export never leaves a half-written file behind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from gui.render.document import MapDocument
from gui.render.page import PageLayout, PageOptions, layout_page, paint_page
from gui.render.page_furniture import paint_north_arrow
from indicators.atomic_file import atomic_path
from indicators.session import Session

IMAGE_FORMATS = ("png", "svg", "pdf")
#: how each format names the north arrow (see the README's export section)
NORTH_ARROW_ID = "north-arrow"
PNG_NORTH_ARROW_KEY = "legekart:north-arrow"
XMP_NS = "urn:legekart:page:1"


class ExportCancelled(Exception):
    """The user cancelled; nothing was written."""


def _checker(cancelled: Callable[[], bool] | None) -> Callable[[], None] | None:
    if cancelled is None:
        return None

    def check() -> None:
        if cancelled():
            raise ExportCancelled()

    return check


def render_image(session: Session, doc: MapDocument, options: PageOptions,
                 cancelled: Callable[[], bool] | None = None):
    """The page as a QImage of exactly ``options.page`` pixels, with its dpi set."""
    from PySide6.QtGui import QImage, QPainter

    page = options.page
    layout = layout_page(session, doc, options)
    image = QImage(page.width, page.height, QImage.Format_RGB32)
    dpm = round(page.dpi / 0.0254)
    image.setDotsPerMeterX(dpm)
    image.setDotsPerMeterY(dpm)
    painter = QPainter(image)
    try:
        paint_page(painter, doc, layout, check=_checker(cancelled))
    finally:
        painter.end()
    # PNG text chunks: the page's title and source line, and where the north arrow is (page pixels)
    image.setText("Title", " ".join(line for b in layout.texts if b.role == "title" for line in b.lines))
    image.setText("Description", _source_text(layout))
    if layout.north_arrow is not None:
        r = layout.north_arrow.rect
        image.setText(PNG_NORTH_ARROW_KEY, f"{r.x():.1f} {r.y():.1f} {r.width():.1f} {r.height():.1f} "
                                           f"{layout.north_arrow.angle:.2f}")
    return image, layout


def write_png(path: Path, session: Session, doc: MapDocument, options: PageOptions,
              cancelled: Callable[[], bool] | None = None) -> PageLayout:
    image, layout = render_image(session, doc, options, cancelled)
    with atomic_path(path) as tmp:
        if cancelled and cancelled():
            raise ExportCancelled()
        # unfiltered rows at a chosen zlib level (gui/png_writer.py): a third of QImage.save's
        # time at quality 80, and smaller, for a national A4 map at 300 dpi
        from gui.png_writer import write_png as write_png_file

        write_png_file(image, tmp, in_place=True)  # the page is not drawn on again
    return layout


def write_svg(path: Path, session: Session, doc: MapDocument, options: PageOptions,
              cancelled: Callable[[], bool] | None = None) -> PageLayout:
    from PySide6.QtCore import QRect, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    page = options.page
    layout = layout_page(session, doc, options)
    with atomic_path(path) as tmp:
        gen = QSvgGenerator()
        gen.setFileName(str(tmp))
        gen.setSize(QSize(page.width, page.height))
        gen.setViewBox(QRect(0, 0, page.width, page.height))
        gen.setResolution(round(page.dpi))
        gen.setTitle(layout.texts[0].lines[0] if layout.texts and layout.texts[0].lines else "Legekart")
        gen.setDescription("Legekart – " + _source_text(layout))
        painter = QPainter(gen)
        try:
            paint_page(painter, doc, layout, check=_checker(cancelled), north_arrow=False)
        finally:
            painter.end()
        svg = scaling_strokes(tmp.read_text(encoding="utf-8"))
        if layout.north_arrow is not None:
            svg = _with_group(svg, NORTH_ARROW_ID, "Nordpil" if layout.lang != "en" else "North arrow",
                              _svg_body(lambda p: paint_north_arrow(p, layout.north_arrow, layout.scale, layout.lang),
                                        page))
        tmp.write_text(svg, encoding="utf-8")
    return layout


def _source_text(layout: PageLayout) -> str:
    return " ".join(line for b in layout.texts if b.role == "source" for line in b.lines)


def _svg_body(draw: Callable, page) -> str:
    """What ``draw`` paints, as SVG elements (without the document around them)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    gen.setSize(QSize(page.width, page.height))
    gen.setViewBox(QRect(0, 0, page.width, page.height))
    gen.setResolution(round(page.dpi))
    painter = QPainter(gen)
    try:
        draw(painter)
    finally:
        painter.end()
    text = scaling_strokes(bytes(data).decode("utf-8"))
    start = text.find("</defs>")
    start = start + len("</defs>") if start >= 0 else text.find(">", text.find("<svg")) + 1
    return text[start:text.rfind("</svg>")]


def _with_group(svg: str, group_id: str, label: str, body: str) -> str:
    """``body`` appended to ``svg`` as one named group (findable by its id)."""
    from html import escape

    end = svg.rfind("</svg>")
    group = f'<g id="{group_id}" aria-label="{escape(label)}">{body}</g>\n'
    return svg[:end] + group + svg[end:]


_GROUP = re.compile(r'<g (?P<head>[^>]*?)stroke-width="(?P<w>[-0-9.e+]+)"(?P<mid>[^>]*?)'
                    r'transform="matrix\((?P<a>[-0-9.e+]+),(?P<b>[-0-9.e+]+),(?P<c>[-0-9.e+]+),(?P<d>[-0-9.e+]+),')


def scaling_strokes(svg: str) -> str:
    """Make the renderer's cosmetic (device-pixel) lines scale with the page.

    QSvgGenerator writes a cosmetic pen as ``vector-effect="non-scaling-stroke"``, so
    in a viewer the borders keep the same screen width at every zoom and look heavy
    on a small preview. On a page they should be part of the drawing: we turn each
    such line into a normal stroke whose width is the device width divided by the
    group's scale.
    """
    out = []
    for chunk in svg.split("<g "):
        if 'vector-effect="non-scaling-stroke"' in chunk:
            m = _GROUP.match("<g " + chunk)
            if m:
                a, b, c, d = (float(m.group(k)) for k in "abcd")
                det = abs(a * d - b * c) ** 0.5
                if det > 0:
                    width = float(m.group("w")) / det
                    chunk = chunk.replace(f'stroke-width="{m.group("w")}"', f'stroke-width="{width:.6g}"', 1)
                    chunk = chunk.replace('vector-effect="non-scaling-stroke"', 'vector-effect="none"')
        out.append(chunk)
    return "<g ".join(out)


def write_pdf(path: Path, session: Session, doc: MapDocument, options: PageOptions,
              cancelled: Callable[[], bool] | None = None) -> PageLayout:
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    page = options.page
    w_mm, h_mm = page.size_mm
    with atomic_path(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(round(page.dpi))
        size = QPageSize(QSizeF(w_mm, h_mm), QPageSize.Millimeter, "", QPageSize.ExactMatch)
        writer.setPageLayout(QPageLayout(size, QPageLayout.Portrait, QMarginsF(0, 0, 0, 0)))
        writer.setTitle("Legekart")
        writer.setCreator("Legekart")
        painter = QPainter(writer)
        try:
            # lay out on the device's own pixel grid (mm → pixels rounds the same way)
            device_page = type(page)(writer.width(), writer.height(), page.dpi, page.preset)
            layout = layout_page(session, doc, _with_page(options, device_page))
            paint_page(painter, doc, layout, check=_checker(cancelled), north_arrow=False)
        finally:
            painter.end()
        from gui.pdf_finish import finish_pdf

        arrow = None
        if layout.north_arrow is not None:
            arrow = _pdf_drawing(lambda p: paint_north_arrow(p, layout.north_arrow, layout.scale, layout.lang),
                                 page, size)
        finish_pdf(tmp, _xmp(layout), arrow, "Nordpil" if layout.lang != "en" else "North arrow")
    return layout


def _pdf_drawing(draw: Callable, page, size) -> bytes:
    """A one-page PDF of what ``draw`` paints, on the same page and resolution."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
    from PySide6.QtGui import QPageLayout, QPainter, QPdfWriter

    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.WriteOnly)
    writer = QPdfWriter(buf)
    writer.setResolution(round(page.dpi))
    writer.setPageLayout(QPageLayout(size, QPageLayout.Portrait, QMarginsF(0, 0, 0, 0)))
    painter = QPainter(writer)
    try:
        draw(painter)
    finally:
        painter.end()
    buf.close()
    return bytes(data)


def _xmp(layout: PageLayout) -> bytes:
    """XMP metadata naming the page's title, sources and where its north arrow is drawn.

    ``legekart:northArrow`` is the arrow's box in PDF points from the page's top-left
    corner ("x y width height"), ``legekart:northArrowAngle`` its turn to true north.
    """
    from html import escape

    title = " ".join(line for b in layout.texts if b.role == "title" for line in b.lines) or "Legekart"
    arrow = ""
    if layout.north_arrow is not None:
        r, k = layout.north_arrow.rect, 72.0 / layout.page.dpi
        arrow = (f"<legekart:northArrow>{r.x() * k:.2f} {r.y() * k:.2f} {r.width() * k:.2f} {r.height() * k:.2f}"
                 f"</legekart:northArrow><legekart:northArrowAngle>{layout.north_arrow.angle:.2f}"
                 "</legekart:northArrowAngle>")
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:legekart="{XMP_NS}">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(_source_text(layout))}</rdf:li></rdf:Alt>'
        f'</dc:description><dc:creator><rdf:Seq><rdf:li>Legekart</rdf:li></rdf:Seq></dc:creator>{arrow}'
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def _with_page(options: PageOptions, page) -> PageOptions:
    from dataclasses import replace

    return replace(options, page=page)


WRITERS = {"png": write_png, "svg": write_svg, "pdf": write_pdf}


def export_image(path: str | Path, session: Session, doc: MapDocument, options: PageOptions,
                 fmt: str | None = None, cancelled: Callable[[], bool] | None = None) -> PageLayout:
    """Write ``doc`` on ``options.page`` as PNG/SVG/PDF (format from ``fmt`` or the suffix)."""
    path = Path(path)
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt not in WRITERS:
        raise ValueError(f"not an image format: {fmt!r} (choose {', '.join(IMAGE_FORMATS)})")
    return WRITERS[fmt](path, session, doc, options, cancelled)
