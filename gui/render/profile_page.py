"""The one-page municipality profile painted on an A4 page (PDF, PNG, preview).

Its words come whole from :func:`indicators.profile.build_profile`; here they are
only placed. From the top: name and county; the locator (municipality in its county,
county in Norway) beside the lead figure and the population and centrality facts;
the key figures table by theme; up to four trend charts; sources, notes, the map
credit and the date. Sizes are 96-dpi pixels times ``u`` (= dpi / 96). When the
table is long (many imports) the table, charts and notes shrink together, down to
:data:`MIN_FIT`, so everything stays on the one page.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from gui.render.legend import font as _base_font
from gui.render.page_size import PageSize
from gui.render.profile_maps import paint_county_locator
from gui.render.text_fit import fit_lines
from gui.render.trend_paint import paint_trend
from indicators.key_text import VERSUS_COLOUR
from indicators.profile import Profile, ProfileRow

MARGIN = 32.0
#: the smallest shrink factor for a long table (below it rows would be unreadable in print)
MIN_FIT = 0.72
#: relative column widths of the key figures table (the indicator name takes the rest)
COLUMNS = (76, 32, 126, 126, 66, 52, 60)
TEXT, GREY, RULE, BAND = "#111111", "#555555", "#d0d0d0", "#eef2f6"


def font(px: float, bold: bool = False):
    """The page font (without ligatures, so the PDF's text reads 'profil', not 'proﬁl')."""
    return _base_font(px, bold)


@dataclass
class _Pen:
    """Where the next block goes; ``painter`` None only measures."""

    painter: QPainter | None
    u: float
    f: float  # shrink factor of the table, charts and notes
    left: float
    width: float
    y: float
    #: extra height for the trend charts when the page has room
    grow: float = 0.0


def _lines(pen: _Pen, text: str, px: float, width: float, max_lines: int = 6, bold: bool = False,
           colour: str = TEXT, x: float | None = None, y: float | None = None) -> float:
    """Wrapped text at (x, y); returns its height."""
    fnt = font(px * pen.u, bold)
    fm = QFontMetricsF(fnt)
    lines = fit_lines(text, fm, width, max_lines) if text else []
    if pen.painter is not None and lines:
        p = pen.painter
        p.setFont(fnt)
        p.setPen(QColor(colour))
        yy = pen.y if y is None else y
        for line in lines:
            p.drawText(QPointF(pen.left if x is None else x, yy + fm.ascent()), line)
            yy += fm.height()
    return len(lines) * fm.height()


def _header(pen: _Pen, prof: Profile) -> None:
    u = pen.u
    h = _lines(pen, prof.title, 24, pen.width * 0.6, 1, bold=True)
    right = pen.left + pen.width
    for i, text in enumerate((prof.kind, prof.made)):
        fnt = font(9 * u, i == 0)
        fm = QFontMetricsF(fnt)
        if pen.painter is not None:
            pen.painter.setFont(fnt)
            pen.painter.setPen(QColor(GREY if i else TEXT))
            pen.painter.drawText(QPointF(right - fm.horizontalAdvance(text), pen.y + (4 + i * 13) * u + fm.ascent()),
                                 text)
    pen.y += h
    pen.y += _lines(pen, prof.subtitle, 11, pen.width, 2, colour=GREY) + 4 * u
    if pen.painter is not None:
        pen.painter.setPen(QPen(QColor("#08519c"), 1.6 * u))
        pen.painter.drawLine(QPointF(pen.left, pen.y), QPointF(right, pen.y))
    pen.y += 8 * u


def _top(pen: _Pen, prof: Profile) -> None:
    """Locator on the left; lead figure, facts and the marker key on the right."""
    u = pen.u
    map_w, map_h = pen.width * 0.36, 190 * u
    if pen.painter is not None:
        paint_county_locator(pen.painter, QRectF(pen.left, pen.y, map_w, map_h), prof.unit, prof.county,
                             prof.vintage or "2024", u)
    x = pen.left + map_w + 14 * u
    w = pen.width - map_w - 14 * u
    y = pen.y
    h = prof.headline
    if h is not None:
        y += _lines(pen, f"{h.name}, {h.period}", 11, w, 2, bold=True, x=x, y=y) + 2 * u
        vf = font(26 * u, True)
        vfm = QFontMetricsF(vf)
        if pen.painter is not None:
            p = pen.painter
            p.setFont(vf)
            p.setPen(QColor(TEXT))
            p.drawText(QPointF(x, y + vfm.ascent()), h.value)
        vw = vfm.horizontalAdvance(h.value) + 12 * u
        if h.versus:
            _marker(pen, x + vw, y + vfm.height() / 2 - 8 * u, h.versus, h.versus_text, 10, w - vw)
        y += vfm.height() + 2 * u
        y += _lines(pen, h.context, 10, w, 2, x=x, y=y) + 1 * u
        y += _lines(pen, h.ranks, 10, w, 2, colour=GREY, x=x, y=y) + 8 * u
    for fact in prof.facts:
        y += _lines(pen, fact, 10, w, 2, x=x, y=y) + 1 * u
    pen.y += max(map_h, y - pen.y) + 10 * u


def _marker(pen: _Pen, x: float, y: float, key: str, text: str, px: float, width: float) -> float:
    """A coloured dot and its words ('Bedre'); returns the width used."""
    u = pen.u
    fnt = font(px * u, px > 9)
    fm = QFontMetricsF(fnt)
    text = fm.elidedText(text, Qt.ElideRight, max(width - 12 * u, 10 * u))
    if pen.painter is not None:
        p = pen.painter
        p.setPen(Qt.NoPen)
        p.setBrush(QColor(VERSUS_COLOUR[key]))
        r = px * 0.36 * u
        p.drawEllipse(QPointF(x + r, y + fm.height() / 2), r, r)
        p.setFont(fnt)
        p.setPen(QColor(VERSUS_COLOUR[key]))
        p.drawText(QPointF(x + 2 * r + 4 * u, y + fm.ascent()), text)
    return fm.horizontalAdvance(text) + 12 * u


def _widths(pen: _Pen) -> list[float]:
    fixed = [c * pen.u * (0.85 + 0.15 * pen.f) for c in COLUMNS]
    return [pen.width - sum(fixed), *fixed]


def _table(pen: _Pen, prof: Profile) -> None:
    u, f = pen.u, pen.f
    px = 8.6 * f
    widths = _widths(pen)
    pad = 3 * u
    # header
    hf = QFontMetricsF(font(px * u, True))
    head_h = 0.0
    x = pen.left
    for text, w in zip(prof.columns, widths, strict=True):
        head_h = max(head_h, _lines(pen, text, px, w - pad, 2, bold=True, x=x, y=pen.y, colour=GREY))
        x += w
    pen.y += head_h + 2 * u
    if pen.painter is not None:
        pen.painter.setPen(QPen(QColor(TEXT), 0.8 * u))
        pen.painter.drawLine(QPointF(pen.left, pen.y), QPointF(pen.left + pen.width, pen.y))
    pen.y += 2 * u
    for title, rows in prof.groups:
        band = hf.height() + 3 * u
        if pen.painter is not None:
            pen.painter.fillRect(QRectF(pen.left, pen.y, pen.width, band), QColor(BAND))
        _lines(pen, title, px, pen.width - 6 * u, 1, bold=True, x=pen.left + 3 * u, y=pen.y + 1.5 * u)
        pen.y += band + 1 * u
        for row in rows:
            _row(pen, row, widths, px, pad)


def _row(pen: _Pen, row: ProfileRow, widths: list[float], px: float, pad: float) -> None:
    u = pen.u
    name = row.name + (f" — {row.imported_from}" if row.imported_from else "")
    cells = [name, row.own, row.period, row.county, row.norway, "", row.rank_county, row.rank_country]
    x, h = pen.left, 0.0
    for i, (text, w) in enumerate(zip(cells, widths, strict=True)):
        colour = "#6a3d9a" if i == 0 and row.imported_from else TEXT if i in (0, 1) else GREY if i == 2 else TEXT
        lines = 3 if i in (3, 4) else 2  # the county's and Norway's values may need a third line
        h = max(h, _lines(pen, text, px, w - pad, lines, bold=(i == 1), x=x + (1 * u if i else 3 * u),
                          y=pen.y + 1 * u, colour=colour))
        x += w
    if row.versus:
        vx = pen.left + sum(widths[:5])
        _marker(pen, vx, pen.y + 1 * u, row.versus, row.versus_text, px, widths[5])
    pen.y += h + 2 * u
    if pen.painter is not None:
        pen.painter.setPen(QPen(QColor(RULE), 0.5 * u))
        pen.painter.drawLine(QPointF(pen.left, pen.y), QPointF(pen.left + pen.width, pen.y))
    pen.y += 1 * u


def _trends(pen: _Pen, prof: Profile, sources: dict[str, str]) -> None:
    if not prof.trends:
        return
    u, f = pen.u, pen.f
    pen.y += 8 * u
    pen.y += _lines(pen, "Utvikling" if prof.lang != "en" else "Trends", 11, pen.width, 1, bold=True) + 3 * u
    n = len(prof.trends)
    gap = 12 * u
    w = (pen.width - gap * (n - 1)) / n
    h = 128 * u * f + pen.grow
    title_h = 0.0
    for i, tr in enumerate(prof.trends):
        x = pen.left + i * (w + gap)
        title_h = max(title_h, _lines(pen, f"{tr.indicator.name(prof.lang)}", 8.6 * f, w, 2, bold=True, x=x))
    for i, tr in enumerate(prof.trends):
        x = pen.left + i * (w + gap)
        if pen.painter is not None:
            paint_trend(pen.painter, QRectF(x, pen.y + title_h + 1 * u, w, h), tr, prof.lang, u, None, sources,
                        px=7.6 * f)
    pen.y += title_h + h + 3 * u
    for note in prof.trend_notes:
        pen.y += _lines(pen, note, 7.4 * f, pen.width, 2, colour=GREY)


def _footer_block(pen: _Pen, prof: Profile) -> None:
    u, f = pen.u, pen.f
    pen.y += 8 * u
    pen.y += _lines(pen, "Kilder" if prof.lang != "en" else "Sources", 9.5, pen.width, 1, bold=True) + 1 * u
    for src in prof.sources:
        pen.y += _lines(pen, src, 7.4 * f, pen.width, 3)
    pen.y += 3 * u
    for note in prof.notes:
        pen.y += _lines(pen, note, 7.4 * f, pen.width, 3, colour=GREY)


def _credit(pen: _Pen, prof: Profile, bottom: float) -> None:
    u = pen.u
    text = f"{prof.credit} · {prof.made}"
    fm = QFontMetricsF(font(8 * u))
    y = bottom - fm.height()
    if pen.painter is not None:
        pen.painter.setPen(QPen(QColor(RULE), 0.6 * u))
        pen.painter.drawLine(QPointF(pen.left, y - 3 * u), QPointF(pen.left + pen.width, y - 3 * u))
    _lines(pen, text, 8, pen.width, 1, colour=GREY, y=y)


def _compose(painter: QPainter | None, prof: Profile, page: PageSize, f: float, sources: dict[str, str],
             grow: float = 0.0) -> float:
    u = page.scale
    pen = _Pen(painter, u, f, MARGIN * u, page.width - 2 * MARGIN * u, MARGIN * u, grow)
    _header(pen, prof)
    _top(pen, prof)
    _table(pen, prof)
    _trends(pen, prof, sources)
    _footer_block(pen, prof)
    return pen.y


def _bottom(page: PageSize) -> float:
    u = page.scale
    return page.height - MARGIN * u - QFontMetricsF(font(8 * u)).height() - 8 * u


def fit_factor(prof: Profile, page: PageSize) -> float:
    """The largest shrink factor (1 = none) at which the page's blocks fit above the credit line."""
    f = 1.0
    while f > MIN_FIT and _compose(None, prof, page, f, {}) > _bottom(page):
        f -= 0.04
    return max(f, MIN_FIT)


def spare_height(prof: Profile, page: PageSize, f: float) -> float:
    """Room left at the bottom: up to 110 px of it makes the trend charts taller."""
    if not prof.trends:
        return 0.0
    return max(0.0, min(_bottom(page) - _compose(None, prof, page, f, {}), 110 * page.scale))


def paint_profile(painter: QPainter, prof: Profile, page: PageSize, sources: dict[str, str] | None = None) -> float:
    """Paint the whole page; returns the shrink factor used."""
    painter.save()
    painter.fillRect(QRectF(0, 0, page.width, page.height), QColor("#ffffff"))
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.setRenderHint(QPainter.TextAntialiasing, True)
    f = fit_factor(prof, page)
    _compose(painter, prof, page, f, sources or {}, spare_height(prof, page, f))
    u = page.scale
    _credit(_Pen(painter, u, f, MARGIN * u, page.width - 2 * MARGIN * u, 0), prof, page.height - MARGIN * u)
    painter.restore()
    return f
