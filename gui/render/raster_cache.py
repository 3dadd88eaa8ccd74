"""Screen-speed re-colouring for the map canvas.

Re-colouring only changes which colour each unit has, so the canvas keeps, per view
(extent × size × level), an image of unit ids (each unit filled with its index as
RGB, without antialiasing) and an image of the border lines. A new colouring is
then one numpy lookup ``colours[ids]`` plus two image blits — a few milliseconds,
independent of the number of polygons. The unit edges are aliased in the id image,
but the antialiased border layer is drawn on top of every edge. Both layers are
drawn with the shared renderer's own functions; exports keep using the vector path
of :func:`gui.render.map_painter.paint_map`.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QTransform

from gui.render.map_painter import Extent, MapContent, MapStyle, fit_transform, stroke
from gui.render.scene import LevelGeometry
from indicators.classify import Classification

HATCH_PERIOD = 7  # pixels between hatch lines for "no data"


def _argb(hex_colour: str) -> int:
    return QColor(hex_colour).rgba() | 0xFF000000


@dataclass
class _Layers:
    """The screen's kept rasters for one extent and size: unit ids, lines and no-data hatching."""

    key: tuple
    ids: np.ndarray  # (h, w) integers (int32, or uint16 from the start view): 0 = outside every unit, i + 1 = unit i
    lines: QImage
    transform: QTransform
    hatch: np.ndarray  # (h, w) bool


class ChoroplethCache:
    """Id and line layers for one view; rebuilt only when the view changes.

    ``start_view``: the first view's layers are looked up in (and else written to) the user
    cache, and :meth:`keep_view` writes the current ones (gui/render/start_view.py).
    """

    def __init__(self, kept: int = 3, start_view: bool = False) -> None:
        self._layers: _Layers | None = None
        self._start_view = start_view
        #: what the current layers were drawn from (geometry, overlay, extent, width, height, style)
        self._drawn_from: tuple | None = None
        self._kept_key: str | None = None  # the start-view key the current layers are kept under
        #: the filled images of the last ``kept`` classifications of this view, each with the
        #: buffer that holds its pixels: flipping between indicators then only blits
        self.kept = kept
        self._images: OrderedDict[tuple, tuple[np.ndarray, QImage]] = OrderedDict()
        self._unit_paths: dict[int, list[QPainterPath]] = {}

    def invalidate(self) -> None:
        self._layers = None
        self._drawn_from = None
        self._images.clear()  # their keys hold ids of geometry that may be gone

    def _paths(self, geo: LevelGeometry, detail) -> list[QPainterPath]:
        key = id(detail)
        paths = self._unit_paths.get(key)
        if paths is None:
            paths = detail.unit_paths()
            self._unit_paths = {key: paths}  # keep only the current detail level
        return paths

    def layers(self, geo: LevelGeometry, overlay: LevelGeometry | None, extent: Extent, width: int, height: int,
               style: MapStyle) -> _Layers:
        key = (id(geo), id(overlay), tuple(round(v, 3) for v in extent), width, height, style)
        if self._layers is not None and self._layers.key == key:
            return self._layers
        rect = QRectF(0, 0, width, height)
        t = fit_transform(extent, rect)
        self._drawn_from, self._kept_key = (geo, overlay, extent, width, height, style), None
        start_key = None
        if self._start_view:  # the first view: drawn at an earlier start, perhaps
            self._start_view = False
            from gui.render import start_view

            start_key = start_view.view_key(geo, overlay, extent, width, height, style)
            kept = start_view.load(start_key, width, height) if start_key else None
            if kept is not None:
                self._kept_key = start_key
                self._layers = _Layers(key, kept[0], kept[1], t, _hatch(width, height))
                return self._layers
        mpp = 1.0 / t.m11()
        detail = geo.detail_for(mpp)
        # unit ids, no antialiasing so every pixel holds exactly one id
        id_img = QImage(width, height, QImage.Format_RGB32)
        id_img.fill(0)
        p = QPainter(id_img)
        p.setRenderHint(QPainter.Antialiasing, False)
        p.setTransform(t)
        p.setPen(Qt.NoPen)
        for i, path in enumerate(self._paths(geo, detail)):
            p.fillPath(path, QColor.fromRgb(i + 1))
        p.end()
        bits = np.frombuffer(id_img.constBits(), dtype=np.uint32, count=id_img.bytesPerLine() // 4 * height)
        ids = (bits.reshape(height, id_img.bytesPerLine() // 4)[:, :width] & 0x00FFFFFF).astype(np.int32)
        # border lines, antialiased, on a transparent layer
        lines = QImage(width, height, QImage.Format_ARGB32_Premultiplied)
        lines.fill(Qt.transparent)
        p = QPainter(lines)
        p.setRenderHint(QPainter.Antialiasing, True)
        p.setTransform(t)
        stroke(p, detail.outline(), style.border, style.border_width, False)
        stroke(p, detail.coast(), style.coast, style.coast_width, False)
        if overlay is not None:
            stroke(p, overlay.inner_borders(mpp), style.overlay, style.overlay_width, False)
        p.end()
        self._layers = _Layers(key, ids, lines, t, _hatch(width, height))
        if start_key:
            self.keep_view()
        return self._layers

    def keep_view(self) -> None:
        """Keep the current layers as the start view (the window closing: the next start shows them)."""
        if self._layers is None or self._drawn_from is None:
            return
        from gui.render import start_view

        key = start_view.view_key(*self._drawn_from)
        if key and key != self._kept_key:
            start_view.save(key, self._layers.ids, self._layers.lines)
            self._kept_key = key

    def colour_image(self, layers: _Layers, geo: LevelGeometry, cls: Classification | None, style: MapStyle) -> QImage:
        """The filled map for a classification: one lookup through the id image
        (kept for the last few classifications of the view, e.g. while only the
        selection moves or the planner flips between two indicators)."""
        key = (layers.key, None if cls is None else (cls.codes, cls.class_index, cls.colours, cls.no_data_colour),
               style)
        hit = self._images.get(key)
        if hit is not None:
            self._images.move_to_end(key)
            return hit[1]
        n = len(geo.codes)
        lut = np.empty(n + 1, dtype=np.uint32)
        lut[0] = _argb(style.sea)
        nodata = np.zeros(n + 1, dtype=bool)
        if cls is None:
            lut[1:] = _argb("#dcdcdc")
        else:
            idx = np.asarray(geo.aligned(cls.codes, cls.class_index), dtype=int)
            colours = np.array([_argb(c) for c in cls.colours] + [_argb(cls.no_data_colour)], dtype=np.uint32)
            lut[1:] = colours[np.where(idx < 0, len(cls.colours), idx)]
            nodata[1:] = idx < 0
        # take, not fancy indexing: the same values in about half the time (~2 ms of a new view)
        out = lut.take(layers.ids)
        if nodata.any():
            out[nodata.take(layers.ids) & layers.hatch] = _argb(style.hatch)
        buffer = np.ascontiguousarray(out)
        h, w = buffer.shape
        image = QImage(buffer.data, w, h, w * 4, QImage.Format_RGB32)  # reads ``buffer``: kept beside it
        self._images[key] = (buffer, image)
        while len(self._images) > self.kept:
            self._images.popitem(last=False)
        return image


def _hatch(width: int, height: int) -> np.ndarray:
    """The diagonal hatch of "no data": HATCH_PERIOD distinct rows, repeated down the image
    (two full mgrid arrays and a modulo over every pixel took ~25 ms of each new view)."""
    rows = (np.arange(width)[None, :] + np.arange(HATCH_PERIOD)[:, None]) % HATCH_PERIOD == 0
    return rows[(height - np.arange(height)) % HATCH_PERIOD]


def paint_map_screen(painter: QPainter, rect: QRectF, extent: Extent, content: MapContent, cache: ChoroplethCache,
                     style: MapStyle = MapStyle(), drag_offset: QPointF | None = None) -> QTransform:
    """Screen version of :func:`paint_map`: cached layers, then the same highlight, points
    and labels. During a drag the cached layers are only shifted."""
    from gui.render.map_painter import paint_decorations

    w, h = max(int(rect.width()), 1), max(int(rect.height()), 1)
    layers = cache.layers(content.geometry, content.overlay, extent, w, h, style)
    image = cache.colour_image(layers, content.geometry, content.classification, style)
    painter.save()
    painter.setClipRect(rect)
    origin = rect.topLeft() + (drag_offset or QPointF(0, 0))
    if drag_offset is not None:
        painter.fillRect(rect, QColor(style.sea))
    painter.drawImage(origin, image)
    painter.drawImage(origin, layers.lines)
    painter.restore()
    t = layers.transform * QTransform.fromTranslate(origin.x(), origin.y())
    paint_decorations(painter, rect, t, content, style)
    return t
