"""Draw a choropleth with QPainter onto any paint device.

This is the single renderer: the map canvas calls it in ``paintEvent``, image export
calls it on a QImage, QSvgGenerator or QPdfWriter, and the command line calls it
offscreen. Sizes in :class:`MapStyle` are in screen pixels at 96 dpi and are scaled
by ``scale`` so a 300-dpi export looks like the screen, only sharper.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPaintEngine,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QTransform,
)

from gui.render.scene import LevelGeometry
from indicators.classify import Classification
from indicators.palettes import NO_DATA, NO_DATA_HATCH

Extent = tuple[float, float, float, float]  # xmin, ymin, xmax, ymax in EPSG:25833 metres


@dataclass(frozen=True)
class MapStyle:
    """Colours and line widths of a map, shared by the screen and every page."""

    sea: str = "#e6eef4"
    border: str = "#ffffff"
    border_width: float = 0.6
    coast: str = "#7d8b98"
    coast_width: float = 0.7
    overlay: str = "#3a3a3a"
    overlay_width: float = 1.3
    highlight: str = "#111111"
    highlight_halo: str = "#ffffff"
    highlight_width: float = 1.6
    label: str = "#1e1e1e"
    label_halo: str = "#ffffff"
    label_pt: float = 8.0
    hatch: str = NO_DATA_HATCH
    font_family: str = "DejaVu Sans"


@dataclass
class PointSymbol:
    """A proportional symbol drawn at a point (e.g. a hospital's LIS1 positions)."""

    x: float
    y: float
    colour: str
    size: float  # diameter in screen pixels
    label: str = ""
    #: the value the symbol stands for (its area is proportional to it)
    value: float | None = None


#: outline of the units marked in the bivariate view (the scatter's marked colour)
MARKED = "#ff7f0e"
#: diameter in screen pixels of the largest proportional symbol
POINT_MAX_D = 30.0


def proportional_diameter(value: float, vmax: float, max_d: float = POINT_MAX_D) -> float:
    """Diameter whose circle area is proportional to ``value`` (the largest gets ``max_d``)."""
    if vmax <= 0 or value <= 0:
        return 0.0
    return max_d * (value / vmax) ** 0.5


@dataclass
class MapContent:
    """Everything one map paints: geometry, classes, overlay, highlight, labels and symbols."""

    geometry: LevelGeometry
    classification: Classification | None
    overlay: LevelGeometry | None = None
    highlight: str | None = None
    labels: dict[str, str] | None = None
    points: list[PointSymbol] = field(default_factory=list)
    #: units marked in the bivariate view (outlined, beside the one highlighted unit)
    marked: frozenset[str] = frozenset()


def fit_transform(extent: Extent, rect: QRectF, margin: float = 0.0) -> QTransform:
    """Map coordinates (x, -y) → device coordinates, keeping the aspect ratio, centred."""
    xmin, ymin, xmax, ymax = extent
    w = max(xmax - xmin, 1e-9)
    h = max(ymax - ymin, 1e-9)
    avail_w = max(rect.width() - 2 * margin, 1.0)
    avail_h = max(rect.height() - 2 * margin, 1.0)
    s = min(avail_w / w, avail_h / h)
    dx = rect.left() + margin + (avail_w - w * s) / 2 - xmin * s
    dy = rect.top() + margin + (avail_h - h * s) / 2 + ymax * s
    return QTransform(s, 0, 0, s, dx, dy)


def map_to_device(t: QTransform, x: float, y: float) -> QPointF:
    return t.map(QPointF(x, -y))


def device_to_map(t: QTransform, p: QPointF) -> tuple[float, float]:
    inv, ok = t.inverted()
    q = inv.map(p)
    return q.x(), -q.y()


def hatch_brush(colour: str, scale: float, world_scale: float) -> QBrush:
    brush = QBrush(QColor(colour), Qt.BDiagPattern)
    # patterns are in device pixels; undo the world transform and follow the dpi scale
    brush.setTransform(QTransform.fromScale(scale / world_scale, scale / world_scale))
    return brush


def _pen(colour: str, width: float, cosmetic: bool = True) -> QPen:
    pen = QPen(QColor(colour))
    pen.setWidthF(width)
    pen.setCosmetic(cosmetic)
    pen.setJoinStyle(Qt.RoundJoin)
    pen.setCapStyle(Qt.RoundCap)
    return pen


def is_vector(painter: QPainter) -> bool:
    engine = painter.paintEngine()
    return engine is not None and engine.type() in (QPaintEngine.SVG, QPaintEngine.Pdf, QPaintEngine.Picture)


def stroke(painter: QPainter, path: QPainterPath, colour: str, width: float, vector: bool,
           print_resolution: bool = False) -> None:
    """Stroke a path ``width`` device pixels wide, quickly.

    Qt's antialiased stroker is very slow for wide pens on paths with tens of
    thousands of vertices (1.8 s for the county borders). On screen we therefore
    build a wide line from a few 1-pixel antialiased passes, offset by half a pixel
    (a few milliseconds). At print resolution (>= 2 device pixels per screen pixel)
    the staircase of an aliased line is far below what the eye resolves, so one
    aliased wide pen is used. Vector devices get one true wide pen.
    """
    if vector or width <= 1.05:
        painter.setPen(_pen(colour, width))
        painter.drawPath(path)
        return
    if print_resolution:
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing, False)
        pen = _pen(colour, width)
        # the border paths are single edges (one subpath each), so every edge gets two caps:
        # round caps made the stroker build a polygon per end (0.57 → 0.34 s for a national
        # A4 page at 300 dpi); square caps close the corners between edges just the same
        pen.setCapStyle(Qt.SquareCap)
        painter.setPen(pen)
        painter.drawPath(path)
        painter.restore()
        return
    base = painter.transform()
    if width <= 3.2:
        # the centre and four diagonal shifts: five passes make a solid band up to ~3 px
        d = (width - 1.0) / (2 * 2 ** 0.5)
        offsets = [(0.0, 0.0), (d, d), (-d, -d), (d, -d), (-d, d)]
    else:
        steps = int(np.ceil((width - 1.0) / 0.75)) + 1
        grid = np.linspace(-(width - 1.0) / 2, (width - 1.0) / 2, steps)
        offsets = [(dx, dy) for dx in grid for dy in grid]
    painter.setPen(_pen(colour, 1.0))
    for dx, dy in offsets:
        painter.setTransform(base * QTransform.fromTranslate(dx, dy))
        painter.drawPath(path)
    painter.setTransform(base)


def paint_map(
    painter: QPainter,
    rect: QRectF,
    extent: Extent,
    content: MapContent,
    style: MapStyle = MapStyle(),
    scale: float = 1.0,
    background: bool = True,
) -> QTransform:
    """Paint the map into ``rect`` showing ``extent``; returns the map→device transform."""
    vector = is_vector(painter)
    painter.save()
    painter.setClipRect(rect)
    painter.setRenderHint(QPainter.Antialiasing, True)
    if background:
        painter.fillRect(rect, QColor(style.sea))
    t = fit_transform(extent, rect)
    painter.setTransform(t, combine=True)
    world = t.m11()
    device_mpp = 1.0 / world if world else 1.0
    geo = content.geometry
    detail = geo.detail_for(device_mpp)
    cls = content.classification
    # the coast is drawn first, twice as wide, and the fills cover its inner half: the line
    # looks as before, but an island one or two device pixels wide keeps its class colour
    # instead of disappearing under the coast (Røst, Værøy and Utsira at national scale)
    stroke(painter, detail.coast(), style.coast, 2 * style.coast_width * scale, vector, scale >= 2)
    if not vector and scale >= 2:
        # at print resolution the antialiased fill costs up to a second and the border
        # strokes cover every edge anyway (a 1:1 crop at 300 dpi looks the same)
        painter.setRenderHint(QPainter.Antialiasing, False)
    if cls is not None:
        idx = geo.aligned(cls.codes, cls.class_index)
        per_class, no_data = detail.class_paths(idx, len(cls.colours))
        painter.setPen(Qt.NoPen)
        for path, colour in zip(per_class, cls.colours):
            if not path.isEmpty():
                painter.fillPath(path, QColor(colour))
        if not no_data.isEmpty():
            painter.fillPath(no_data, QColor(cls.no_data_colour or NO_DATA))
            painter.fillPath(no_data, hatch_brush(style.hatch, scale, world))
    else:
        painter.fillPath(detail.outline(), QColor(NO_DATA))
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.setBrush(Qt.NoBrush)
    stroke(painter, detail.inner(), style.border, style.border_width * scale, vector, scale >= 2)
    if content.overlay is not None:
        overlay = content.overlay.inner_borders(device_mpp)
        stroke(painter, overlay, style.overlay, style.overlay_width * scale, vector, scale >= 2)
    painter.restore()
    paint_decorations(painter, rect, t, content, style, scale, vector)
    return t


def paint_decorations(painter: QPainter, rect: QRectF, t: QTransform, content: MapContent,
                      style: MapStyle = MapStyle(), scale: float = 1.0, vector: bool | None = None) -> None:
    """What is drawn over the fills: the selected unit, point symbols and labels."""
    vector = is_vector(painter) if vector is None else vector
    geo = content.geometry
    painter.save()
    painter.setClipRect(rect)
    painter.setRenderHint(QPainter.Antialiasing, True)
    if content.marked:
        painter.save()
        painter.setTransform(t, combine=True)
        detail = geo.detail_for(1.0 / t.m11() if t.m11() else 1.0)
        painter.setBrush(Qt.NoBrush)
        for code in content.marked:
            if code in geo.index and code != content.highlight:
                stroke(painter, detail.unit_path(geo.index[code]), MARKED, 1.6 * scale, vector, scale >= 2)
        painter.restore()
    if content.highlight and content.highlight in geo.index:
        painter.save()
        painter.setTransform(t, combine=True)
        detail = geo.detail_for(1.0 / t.m11() if t.m11() else 1.0)
        path = detail.unit_path(geo.index[content.highlight])
        painter.setBrush(Qt.NoBrush)
        stroke(painter, path, style.highlight_halo, (style.highlight_width + 1.4) * scale, vector, scale >= 2)
        stroke(painter, path, style.highlight, style.highlight_width * scale, vector, scale >= 2)
        painter.restore()
    if content.points:
        _paint_points(painter, t, content.points, scale)
    if content.labels:
        paint_labels(painter, t, geo, content.labels, style, scale, content.highlight)
    painter.restore()


def _paint_points(painter: QPainter, t: QTransform, points: list[PointSymbol], scale: float) -> None:
    painter.setPen(_pen("#ffffff", 1.0 * scale))
    # largest first, so a small site next to a large one stays visible on top
    for p in sorted(points, key=lambda q: -q.size):
        c = map_to_device(t, p.x, p.y)
        r = p.size * scale / 2
        painter.setBrush(QColor(p.colour))
        painter.drawEllipse(c, r, r)


def paint_labels(painter: QPainter, t: QTransform, geo: LevelGeometry, labels: dict[str, str],
                  style: MapStyle, scale: float, highlight: str | None) -> None:
    """Names at interior points: largest units first, skipping labels that would collide
    or that are much wider than their unit on screen, so what is drawn stays legible."""
    font = QFont(style.font_family)
    font.setPointSizeF(style.label_pt)
    font.setPixelSize(max(1, int(round(style.label_pt * 96 / 72 * scale))))
    painter.setFont(font)
    fm = QFontMetricsF(font)
    s = t.m11()
    widths = (geo.unit_bounds[:, 2] - geo.unit_bounds[:, 0]) * s
    order = np.argsort(-widths)
    placed: list[QRectF] = []
    visible = painter.clipBoundingRect() if painter.hasClipping() else None
    halo = QPainterPathStroker()
    halo.setWidth(3.0 * scale)
    for i in order:
        code = geo.codes[i]
        text = labels.get(code)
        if not text:
            continue
        tw = fm.horizontalAdvance(text)
        if code != highlight and tw > widths[i] * 1.6:
            continue
        c = map_to_device(t, *geo.label_points[i])
        box = QRectF(c.x() - tw / 2, c.y() - fm.height() / 2, tw, fm.height())
        if visible is not None and not visible.intersects(box):
            continue
        if any(box.intersects(p) for p in placed):
            continue
        placed.append(box.adjusted(-2 * scale, -1 * scale, 2 * scale, 1 * scale))
        path = QPainterPath()
        path.addText(QPointF(box.left(), box.top() + fm.ascent()), font, text)
        painter.fillPath(halo.createStroke(path), QColor(style.label_halo))
        painter.fillPath(path, QColor(style.label))
