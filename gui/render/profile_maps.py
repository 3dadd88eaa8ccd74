"""The profile's locator: the municipality in its county, and the county in Norway.

Drawn from the same bundled geometry as every map (the municipalities of the
session's map vintage). The county's municipalities are grey with white borders, the
profiled one red; a small map of Norway in the corner fills the county the same red
(:func:`gui.render.page_insets.paint_locator`, as on county pages).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from geo.gazetteer import Unit
from gui.render.map_painter import fit_transform, is_vector, stroke
from gui.render.page_insets import LOCATOR_FILL, LOCATOR_REGION, Locator, paint_locator
from gui.render.page_place import visible_extent
from gui.render.scene import level_geometry

SEA = "#eef3f7"


def paint_county_locator(painter: QPainter, rect: QRectF, unit: Unit, county: Unit | None, vintage: str,
                         u: float = 1.0) -> None:
    """The county's municipalities with ``unit`` filled red, and Norway in the lower-right corner."""
    kgeo = level_geometry("kommune", vintage)
    if unit.code not in kgeo.index:
        return
    members = [unit.code]
    if county is not None:
        from geo.gazetteer import gazetteer

        members = [m.code for m in gazetteer(vintage).members("fylke", county.code) if m.code in kgeo.index]
    xmin, ymin, xmax, ymax = kgeo.extent_of(members)
    pad = 0.04 * max(xmax - xmin, ymax - ymin)
    extent = (xmin - pad, ymin - pad, xmax + pad, ymax + pad)
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.fillRect(rect, QColor(SEA))
    painter.setClipRect(rect)
    t = fit_transform(extent, rect)
    painter.setTransform(t, True)
    detail = kgeo.detail_for(1.0 / t.m11())
    painter.setPen(Qt.NoPen)
    for code in members:
        colour = LOCATOR_REGION if code == unit.code else LOCATOR_FILL
        painter.fillPath(detail.unit_path(kgeo.index[code]), QColor(colour))
    painter.setBrush(Qt.NoBrush)
    vector = is_vector(painter)
    for code in members:
        stroke(painter, detail.unit_path(kgeo.index[code]), "#ffffff", 0.6 * u, vector, u >= 2)
    stroke(painter, detail.unit_path(kgeo.index[unit.code]), "#7f0000", 1.2 * u, vector, u >= 2)
    painter.restore()
    i = kgeo.index[unit.code]
    b = kgeo.unit_bounds[i]
    box = t.mapRect(QRectF(b[0], -b[3], b[2] - b[0], b[3] - b[1]))
    if max(box.width(), box.height()) < 14 * u:  # a small island municipality: ring it so it is found
        x, y = kgeo.label_points[i]
        c = t.map(QPointF(x, -y))
        painter.save()
        painter.setRenderHint(QPainter.Antialiasing, True)
        painter.setBrush(Qt.NoBrush)
        painter.setPen(QPen(QColor("#ffffff"), 3.2 * u))
        painter.drawEllipse(c, 10 * u, 10 * u)
        painter.setPen(QPen(QColor(LOCATOR_REGION), 1.8 * u))
        painter.drawEllipse(c, 10 * u, 10 * u)
        painter.restore()
    painter.save()
    painter.setPen(QPen(QColor("#9a9a9a"), 0.8 * u))
    painter.setBrush(Qt.NoBrush)
    painter.drawRect(rect)
    painter.restore()
    if county is not None:
        _paint_norway(painter, rect, county, extent, u)


def _paint_norway(painter: QPainter, rect: QRectF, county: Unit, county_extent, u: float) -> None:
    norway = level_geometry("fylke", county.vintage or "2024").bounds
    aspect = (norway[2] - norway[0]) / (norway[3] - norway[1])
    h = rect.height() * 0.48
    w = h * aspect
    frame = QRectF(rect.right() - w - 4 * u, rect.bottom() - h - 4 * u, w, h)
    inner = frame.adjusted(2 * u, 2 * u, -2 * u, -2 * u)
    lt = fit_transform(norway, inner)
    loc = Locator(frame, inner, visible_extent(lt, inner), lt, county, county_extent)
    paint_locator(painter, loc, u)
