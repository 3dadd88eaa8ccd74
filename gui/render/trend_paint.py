"""A trend chart: the unit, its county and Norway over the years, drawn with QPainter.

The one drawing for the window's trend chart, the details' sparklines and the
profile page, so they look alike. Values are points joined by lines, and a missing
year breaks the line (never bridged). A partial county or Norway figure (not every
municipality has one) is drawn as a hollow marker at its ratio of partial sums,
never joined to the line. A code change that starts the unit's series is a dashed
vertical line labelled with the year ("nytt nr. 2024").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPen

from gui.render.legend import font
from indicators import format as fmt

if TYPE_CHECKING:  # only named here: the window's start need not import the series (issue 15)
    from indicators.series import Line, Point, Trend

STYLE = {  # colour, width, dash
    "unit": ("#08519c", 2.0, Qt.SolidLine),
    "county": ("#d95f02", 1.4, Qt.DashLine),
    "norway": ("#333333", 1.4, Qt.DotLine),
}
BREAK_COLOUR = "#7a7a7a"


@dataclass
class Hit:
    """A point on the chart and what hovering it says."""

    rect: QRectF
    text: str


def nice_ticks(lo: float, hi: float, n: int = 4) -> list[float]:
    """About ``n`` round tick values covering [lo, hi]."""
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step) * step
    ticks, v = [], start
    while v <= hi + step * 0.5 and len(ticks) < 12:
        ticks.append(round(v, 10))
        v += step
    return ticks


def _value_range(trend: Trend) -> tuple[float, float]:
    vals = [v for ln in trend.lines for p in ln.points for v in (p.value, p.partial_value) if v is not None]
    if not vals:
        return 0.0, 1.0
    lo, hi = min(vals), max(vals)
    lo = min(lo, 0.0) if lo >= 0 and (hi - lo) > 0.3 * hi else lo  # shares start at 0 unless flat
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    return lo, hi


def point_text(trend: Trend, line: Line, p: Point, session_sources: dict[str, str], lang: str) -> str:
    """Hover text: who, year, value (or why there is none) and the source."""
    unit = trend.indicator.unit
    if p.value is not None:
        value = fmt.with_unit(p.value, unit, lang)
        value = ("≈ " if p.approximate else "† " if p.derived else "") + value
    elif p.partial:
        of = f"{p.have} {'of' if lang == 'en' else 'av'} {p.of}"
        value = (f"partial ({of} municipalities)" if lang == "en" else f"delvis ({of} kommuner)")
        if p.partial_value is not None:
            value += f": {fmt.with_unit(p.partial_value, unit, lang)}"
    else:
        value = "no value" if lang == "en" else "ingen verdi"
    lines = [f"{line.label} {p.period}: {value}"]
    src = "; ".join(session_sources.get(s, s) for s in p.source.split(";") if s)
    if src:
        lines.append(("Source: " if lang == "en" else "Kilde: ") + src)
    return "\n".join(lines)


def paint_trend(painter: QPainter, rect: QRectF, trend: Trend, lang: str = "nb", u: float = 1.0,
                title: str | None = None, sources: dict[str, str] | None = None, legend: bool = True,
                px: float = 9.0) -> list[Hit]:
    """Paint the chart into ``rect`` (``u`` = device pixels per 96-dpi pixel); returns hover targets."""
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, True)
    f = font(px * u)
    fm = QFontMetricsF(f)
    top = rect.top()
    if title:
        tf = font(px * 1.1 * u, True)
        painter.setFont(tf)
        painter.setPen(QColor("#111111"))
        tfm = QFontMetricsF(tf)
        painter.drawText(QPointF(rect.left(), top + tfm.ascent()),
                         tfm.elidedText(title, Qt.ElideRight, rect.width()))
        top += tfm.height() + 2 * u
    painter.setFont(f)
    if legend:
        top = _paint_legend(painter, QPointF(rect.left(), top), trend, fm, u, lang, rect.width()) + 2 * u
    lo, hi = _value_range(trend)
    ticks = nice_ticks(lo, hi)
    lo, hi = min(ticks[0], lo), max(ticks[-1], hi)
    label_w = max(fm.horizontalAdvance(fmt.number(t, lang, _tick_decimals(ticks))) for t in ticks) + 4 * u
    plot = QRectF(rect.left() + label_w, top + fm.height() / 2, rect.width() - label_w - 4 * u,
                  rect.bottom() - top - fm.height() * 1.6 - fm.height() / 2)
    if plot.height() < 10 * u or plot.width() < 20 * u:
        painter.restore()
        return []
    n = len(trend.periods)

    def x_of(i: int) -> float:
        return plot.left() + (plot.width() * (i + 0.5) / n if n else 0)

    def y_of(v: float) -> float:
        return plot.bottom() - (v - lo) / (hi - lo) * plot.height()

    # grid and axes
    painter.setPen(QPen(QColor("#e2e2e2"), 0.8 * u))
    for tv in ticks:
        painter.drawLine(QPointF(plot.left(), y_of(tv)), QPointF(plot.right(), y_of(tv)))
    painter.setPen(QColor("#555555"))
    dec = _tick_decimals(ticks)
    for tv in ticks:
        text = fmt.number(tv, lang, dec)
        painter.drawText(QPointF(plot.left() - 3 * u - fm.horizontalAdvance(text), y_of(tv) + fm.ascent() / 2.6), text)
    every = max(1, math.ceil(n * fm.horizontalAdvance("2025 ") / max(plot.width(), 1)))
    for i, period in enumerate(trend.periods):
        if i % every == 0 or i == n - 1:
            text = period if every == 1 else period[2:] if len(period) == 4 and i not in (0, n - 1) else period
            w = fm.horizontalAdvance(text)
            painter.drawText(QPointF(x_of(i) - w / 2, plot.bottom() + fm.ascent() + 3 * u), text)
    painter.setPen(QPen(QColor("#999999"), 0.8 * u))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    hits: list[Hit] = []
    sources = sources or {}
    index = {p: i for i, p in enumerate(trend.periods)}
    if trend.code_break is not None and trend.code_break.period in index:
        _paint_break(painter, plot, x_of(index[trend.code_break.period]) - plot.width() / n / 2, trend, fm, u, lang)
    for ln in reversed(trend.lines):  # the unit last, on top
        hits += _paint_line(painter, ln, trend, index, x_of, y_of, u, sources, lang)
    painter.restore()
    return hits


def _tick_decimals(ticks: list[float]) -> int:
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1
    return 0 if step >= 1 else 1 if step >= 0.1 else 2


def _paint_line(painter: QPainter, ln: Line, trend: Trend, index: dict[str, int], x_of, y_of, u: float,
                sources: dict[str, str], lang: str) -> list[Hit]:
    colour, width, dash = STYLE.get(ln.role, STYLE["norway"])
    pen = QPen(QColor(colour), width * u, dash)
    pen.setCapStyle(Qt.RoundCap)
    path, drawing = QPainterPath(), False
    hits = []
    r = (2.6 if ln.role == "unit" else 2.2) * u
    for p in ln.points:
        i = index[p.period]
        if p.value is None:
            drawing = False
            continue
        pt = QPointF(x_of(i), y_of(p.value))
        if drawing:
            path.lineTo(pt)
        else:
            path.moveTo(pt)
            drawing = True
    painter.setPen(pen)
    painter.setBrush(Qt.NoBrush)
    painter.drawPath(path)
    for p in ln.points:
        i = index[p.period]
        v = p.value if p.value is not None else p.partial_value
        if v is None:
            continue
        pt = QPointF(x_of(i), y_of(v))
        painter.setPen(QPen(QColor(colour), 1.2 * u))
        painter.setBrush(QColor(colour) if p.value is not None else QColor("#ffffff"))  # hollow = partial
        painter.drawEllipse(pt, r, r)
        box = QRectF(pt.x() - 6 * u, pt.y() - 6 * u, 12 * u, 12 * u)
        hits.append(Hit(box, point_text(trend, ln, p, sources, lang)))
    return hits


def _paint_break(painter: QPainter, plot: QRectF, x: float, trend: Trend, fm: QFontMetricsF, u: float,
                 lang: str) -> None:
    br = trend.code_break
    painter.setPen(QPen(QColor(BREAK_COLOUR), 1.0 * u, Qt.DashLine))
    painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
    label = (f"new no. {br.year}" if lang == "en" else f"nytt nr. {br.year}") if br.old_codes else (
        "series starts" if lang == "en" else "serien starter")
    painter.setPen(QColor(BREAK_COLOUR))
    w = fm.horizontalAdvance(label)
    tx = x - w - 2 * u if x - w - 2 * u > plot.left() else x + 2 * u
    painter.drawText(QPointF(tx, plot.top() + fm.ascent()), label)


def _paint_legend(painter: QPainter, at: QPointF, trend: Trend, fm: QFontMetricsF, u: float, lang: str,
                  width: float) -> float:
    """One line of keys: '— Bodø  - - Nordland  ··· Norge  ○ delvis'; returns the y below it."""
    x, y = at.x(), at.y()
    items = [(ln.role, ln.label) for ln in trend.lines if ln.has_values]
    if any(p.partial and p.partial_value is not None for ln in trend.lines for p in ln.points):
        items.append(("partial", "partial" if lang == "en" else "delvis"))
    for role, label in items:
        need = 18 * u + fm.horizontalAdvance(label) + 8 * u
        if x + need > at.x() + width and x > at.x():
            x, y = at.x(), y + fm.height()
        mid = y + fm.height() / 2
        if role == "partial":
            painter.setPen(QPen(QColor("#333333"), 1.0 * u))
            painter.setBrush(QColor("#ffffff"))
            painter.drawEllipse(QPointF(x + 7 * u, mid), 2.4 * u, 2.4 * u)
        else:
            colour, w, dash = STYLE.get(role, STYLE["norway"])
            painter.setPen(QPen(QColor(colour), w * u, dash))
            painter.drawLine(QPointF(x, mid), QPointF(x + 14 * u, mid))
        painter.setPen(QColor("#333333"))
        painter.drawText(QPointF(x + 18 * u, y + fm.ascent()), label)
        x += need
    return y + fm.height()


def paint_sparkline(painter: QPainter, rect: QRectF, values: list[float | None], colour: str = "#08519c",
                    u: float = 1.0) -> None:
    """A tiny line of the unit's own values (gaps kept), the last point marked."""
    vals = [v for v in values if v is not None]
    if len(vals) < 2:
        return
    lo, hi = min(vals), max(vals)
    span = (hi - lo) or 1.0
    n = len(values)
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, True)
    path, drawing, last = QPainterPath(), False, None
    for i, v in enumerate(values):
        if v is None:
            drawing = False
            continue
        pt = QPointF(rect.left() + rect.width() * i / max(n - 1, 1),
                     rect.bottom() - (v - lo) / span * rect.height() if hi != lo else rect.center().y())
        path.lineTo(pt) if drawing else path.moveTo(pt)
        drawing, last = True, pt
    painter.setPen(QPen(QColor(colour), 1.2 * u))
    painter.setBrush(Qt.NoBrush)
    painter.drawPath(path)
    if last is not None:
        painter.setPen(Qt.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawEllipse(last, 1.8 * u, 1.8 * u)
    painter.restore()
