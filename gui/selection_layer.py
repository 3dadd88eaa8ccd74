"""The selected and marked units' outlines on screen, as a kept transparent image.

The selected unit is outlined with a wide halo, which the shared renderer builds from
several antialiased passes over the unit's whole border: ~4.5 ms for Nordland's coast
on every repaint of the canvas (each click, each re-colour, each hover repaint). The
outlines change only with the selection, the marks and the view, so the canvas draws
them once into an image of the same size as its cached map layers and blits it. They
are drawn with :func:`gui.render.map_painter.paint_decorations` itself, in the same
order as before: fills, outlines, then point symbols. With name labels on, the
canvas keeps the plain path (a label of the selected unit is placed differently).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from gui.render.map_painter import Extent, MapContent, MapStyle, fit_transform, paint_decorations
from gui.render.raster_cache import ChoroplethCache, paint_map_screen
from gui.render.scene import LevelGeometry


class SelectionLayer:
    """One kept image of the outlines for the current view, selection and marks."""

    def __init__(self) -> None:
        self._key: tuple | None = None
        self._geometry: LevelGeometry | None = None  # held, so the id in the key stays its own
        self._image: QImage | None = None

    def image(self, content: MapContent, extent: Extent, width: int, height: int, style: MapStyle) -> QImage:
        geo = content.geometry
        key = (id(geo), tuple(round(v, 3) for v in extent), width, height, style, content.highlight,
               frozenset(content.marked))
        if self._image is None or self._key != key or self._geometry is not geo:
            image = QImage(width, height, QImage.Format_ARGB32_Premultiplied)
            image.fill(Qt.transparent)
            p = QPainter(image)
            rect = QRectF(0, 0, width, height)
            outlines = replace(content, points=[], labels=None)
            paint_decorations(p, rect, fit_transform(extent, rect), outlines, style)
            p.end()
            self._key, self._geometry, self._image = key, geo, image
        return self._image


def paint_canvas_map(painter: QPainter, rect: QRectF, extent: Extent, content: MapContent, cache: ChoroplethCache,
                     layer: SelectionLayer, style: MapStyle, drag_offset: QPointF | None = None) -> None:
    """:func:`gui.render.raster_cache.paint_map_screen` with the outlines from ``layer``."""
    if content.labels or not (content.highlight or content.marked):
        paint_map_screen(painter, rect, extent, content, cache, style, drag_offset=drag_offset)
        return
    plain = replace(content, highlight=None, marked=frozenset())
    t = paint_map_screen(painter, rect, extent, replace(plain, points=[]), cache, style, drag_offset=drag_offset)
    w, h = max(int(rect.width()), 1), max(int(rect.height()), 1)
    origin = rect.topLeft() + (drag_offset or QPointF(0, 0))
    painter.save()
    painter.setClipRect(rect)
    painter.drawImage(origin, layer.image(content, extent, w, h, style))
    painter.restore()
    if plain.points:
        paint_decorations(painter, rect, t, plain, style)
