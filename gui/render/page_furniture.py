"""Page furniture drawn outside the map's polygons: scale bar, north arrow, notice, size key.

The north arrow points to true north at the centre of the map: the page is drawn in
UTM zone 33 (EPSG:25833), whose grid north departs from true north by up to ~10°
in Finnmark and ~3° in the south-west, so a page of Finnmark gets a tilted arrow.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QPolygonF

from geo import utm33
from gui.render.legend import font, paint_text_lines
from gui.render.text_fit import wrap_words
from indicators import format as fmt

NORTH = {"nb": "N", "en": "N"}


@dataclass
class ScaleBar:
    origin: QPointF  # left end of the bar's baseline
    length_px: float
    length_m: float
    segments: int
    height: float
    label_px: float


@dataclass
class NorthArrow:
    rect: QRectF  # the box the arrow and its "N" stand in
    #: degrees clockwise from the page's up to true north
    angle: float


@dataclass
class SizeKey:
    """Proportional circles: a few round values and the circle each would get."""

    pos: QPointF
    size: tuple[float, float]
    title_lines: list[str]
    values: list[float]
    diameters: list[float]  # device pixels
    colour: str
    unit: str
    lang: str
    px: float
    notes: list[str] = field(default_factory=list)

    def rect(self) -> QRectF:
        return QRectF(self.pos.x(), self.pos.y(), *self.size)


@lru_cache(maxsize=256)
def grid_convergence(x: float, y: float) -> float:
    """Degrees clockwise from grid north (up on the page) to true north at map point (x, y)."""
    # the page's CRS is EPSG:25833 (geo.levels.CRS); geo.utm33 converts it without pyproj's import
    lon, lat = utm33.to_lonlat(x, y)
    nx, ny = utm33.to_xy(lon, min(lat + 0.05, 89.9))
    return math.degrees(math.atan2(nx - x, ny - y))


def north_arrow_at(left: float, top: float, u: float, centre_xy: tuple[float, float]) -> NorthArrow:
    return NorthArrow(QRectF(left, top, 16 * u, 30 * u), grid_convergence(round(centre_xy[0], -2),
                                                                           round(centre_xy[1], -2)))


def paint_north_arrow(painter: QPainter, arrow: NorthArrow, u: float, lang: str = "nb") -> None:
    """A split arrowhead (dark west half, white east half) under an "N", turned to true north."""
    r = arrow.rect
    f = font(10 * u, True)
    fm = QFontMetricsF(f)
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, True)
    cx = r.center().x()
    head_top = r.top() + fm.height() * 0.9
    length = r.bottom() - head_top
    painter.translate(cx, head_top + length / 2)
    painter.rotate(arrow.angle)
    half_w, half_h = r.width() * 0.32, length / 2
    west = QPolygonF([QPointF(0, -half_h), QPointF(-half_w, half_h), QPointF(0, half_h * 0.55)])
    east = QPolygonF([QPointF(0, -half_h), QPointF(half_w, half_h), QPointF(0, half_h * 0.55)])
    painter.setPen(QPen(QColor("#222222"), 0.8 * u))
    painter.setBrush(QColor("#222222"))
    painter.drawPolygon(west)
    painter.setBrush(QColor("#ffffff"))
    painter.drawPolygon(east)
    letter = NORTH.get(lang, "N")
    # the letter stays upright, just beyond the tip
    painter.translate(0, -half_h - 1.5 * u)
    painter.rotate(-arrow.angle)
    painter.setFont(f)
    painter.setPen(QColor("#222222"))
    painter.drawText(QPointF(-fm.horizontalAdvance(letter) / 2, -fm.descent()), letter)
    painter.restore()


def paint_scale_bar(painter: QPainter, bar: ScaleBar, lang: str) -> None:
    km = bar.length_m >= 1000
    div = 1000.0 if km else 1.0
    unit = "km" if km else "m"
    f = font(bar.label_px)
    fm = QFontMetricsF(f)
    x0, y0 = bar.origin.x(), bar.origin.y()
    seg = bar.length_px / bar.segments
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, False)
    painter.setPen(QPen(QColor("#222222"), max(1.0, 0.6 * bar.height / 5)))
    for i in range(bar.segments):
        painter.setBrush(QColor("#222222") if i % 2 == 0 else QColor("#ffffff"))
        painter.drawRect(QRectF(x0 + i * seg, y0, seg, bar.height))
    painter.setFont(f)
    painter.setPen(QColor("#222222"))
    ty = y0 + bar.height + 2 + fm.ascent()
    for value, x in ((0.0, x0), (bar.length_m / 2, x0 + bar.length_px / 2), (bar.length_m, x0 + bar.length_px)):
        label = fmt.number(value / div, lang, 0 if (value / div).is_integer() else 1)
        if value == bar.length_m:
            label = f"{label} {unit}"
            painter.drawText(QPointF(x - fm.horizontalAdvance(label.split(" ")[0]) / 2, ty), label)
        else:
            painter.drawText(QPointF(x - fm.horizontalAdvance(label) / 2, ty), label)
    painter.restore()


def paint_notice(painter: QPainter, map_rect: QRectF, notice: str, u: float) -> None:
    """A plain sentence at the top of the map when it holds no values at all."""
    width = min(map_rect.width() * 0.7, 420 * u)
    fm = QFontMetricsF(font(12 * u))
    lines = wrap_words(notice, fm, width - 20 * u)
    box = QRectF(map_rect.center().x() - width / 2, map_rect.top() + 14 * u, width,
                 len(lines) * fm.height() + 16 * u)
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.setPen(QPen(QColor("#b8a040"), 0.8 * u))
    painter.setBrush(QColor("#fff7d6"))
    painter.drawRoundedRect(box, 4 * u, 4 * u)
    painter.restore()
    paint_text_lines(painter, QPointF(box.left() + 10 * u, box.top() + 8 * u), lines, 12 * u, "#3d3200")


def key_values(vmax: float) -> list[float]:
    """Three round values for a size key: about the largest, a middle and a small one."""
    if vmax <= 0:
        return []
    exp = math.floor(math.log10(vmax))
    top = max(m * 10.0 ** exp for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10) if m * 10.0 ** exp <= vmax * 1.0001)
    vals = [top]
    for share in (0.25, 0.05):
        v = float(f"{top * share:.1g}")
        if 0 < v < vals[-1]:
            vals.append(v)
    return vals


def paint_size_key(painter: QPainter, key: SizeKey, u: float) -> QRectF:
    """Nested circles on one baseline, each value written to its right."""
    rect = key.rect()
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.setPen(QPen(QColor("#b0b0b0"), 0.8 * u))
    painter.setBrush(QColor(255, 255, 255, 235))
    painter.drawRoundedRect(rect, 4 * u, 4 * u)
    painter.restore()
    tfm = QFontMetricsF(font(12 * u, True))
    y = rect.top() + 7 * u
    paint_text_lines(painter, QPointF(rect.left() + 8 * u, y), key.title_lines, 12 * u, "#111111", bold=True)
    y += len(key.title_lines) * tfm.height() + 6 * u
    dmax = max(key.diameters) if key.diameters else 0
    base = y + dmax
    cx = rect.left() + 8 * u + dmax / 2
    f = font(key.px)
    fm = QFontMetricsF(f)
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, True)
    for d in key.diameters:
        painter.setPen(QPen(QColor("#ffffff"), 1.0 * u))
        painter.setBrush(QColor(key.colour))
        painter.setOpacity(0.85)
        painter.drawEllipse(QPointF(cx, base - d / 2), d / 2, d / 2)
        painter.setOpacity(1.0)
    painter.setBrush(Qt.NoBrush)
    label_y = -1e9
    for v, d in zip(key.values, key.diameters):  # largest first: labels go down, never on each other
        top = base - d
        label_y = max(top, label_y + fm.height() * 0.9)
        painter.setPen(QPen(QColor("#333333"), 0.6 * u))
        painter.drawPolyline([QPointF(cx, top), QPointF(cx + dmax / 2 + 2 * u, top),
                              QPointF(cx + dmax / 2 + 6 * u, label_y)])
        painter.setFont(f)
        painter.setPen(QColor("#111111"))
        painter.drawText(QPointF(cx + dmax / 2 + 8 * u, label_y + fm.ascent() / 2.5),
                         fmt.number(v, key.lang, 0 if float(v).is_integer() else 1))
    painter.restore()
    if key.notes:
        paint_text_lines(painter, QPointF(rect.left() + 8 * u, base + 6 * u), key.notes, key.px * 0.9, "#444444")
    return rect
