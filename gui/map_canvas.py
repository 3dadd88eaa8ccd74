"""The interactive map widget: paint, zoom, pan, hover and click.

Drawing is delegated to :func:`gui.render.map_painter.paint_map` (the same code
that makes exported images); this widget only keeps the view (centre and metres
per pixel) and turns mouse and keyboard input into view changes and unit picks.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from gui.render.map_painter import Extent, MapContent, MapStyle, device_to_map, fit_transform
from gui.render.raster_cache import ChoroplethCache
from gui.selection_layer import SelectionLayer, paint_canvas_map

ZOOM_STEP = 1.25
CLICK_SLOP = 4  # pixels of movement still counted as a click


class MapCanvas(QWidget):
    unitClicked = Signal(str)  # "" when the click hit no unit (sea, abroad)
    unitHovered = Signal(str)
    viewChanged = Signal()
    #: once, just after the first frame (a zero-timer posted by the first paint): what
    #: the window left for later can be built then (gui/window_startup.py)
    firstPainted = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.setMinimumSize(320, 320)
        # the map image covers the widget: Qt need not paint the window beneath it first
        self.setAttribute(Qt.WA_OpaquePaintEvent, True)
        self.content: MapContent | None = None
        self.style_ = MapStyle()
        self.center: tuple[float, float] | None = None
        self.mpp: float | None = None  # metres per pixel
        self.full_extent: Extent | None = None
        self.tooltip_for: Callable[[str], str] | None = None
        #: extra painting on top of the map (legend, source line), in widget pixels
        self.overlay_painter: Callable[[QPainter, QRectF], None] | None = None
        self._press: QPointF | None = None
        self._drag_offset: QPointF | None = None
        self._dragging = False
        self.cache = ChoroplethCache(start_view=True)  # the first view may come from the user cache
        self.selection_layer = SelectionLayer()
        self._hover = ""
        self._painted = False
        self.setAccessibleName("Kart")

    # -- content and view ------------------------------------------------------
    def set_content(self, content: MapContent, reset: bool = False) -> None:
        self.content = content
        self.full_extent = content.geometry.bounds
        if reset or self.center is None:
            self.reset_view()
        self.update()

    def map_rect(self) -> QRectF:
        return QRectF(self.rect())

    def reset_view(self) -> None:
        if self.full_extent:
            self.zoom_to(self.full_extent, margin=0.04)

    def zoom_to(self, extent: Extent, margin: float = 0.08) -> None:
        xmin, ymin, xmax, ymax = extent
        w, h = max(xmax - xmin, 1.0), max(ymax - ymin, 1.0)
        rect = self.map_rect()
        self.center = ((xmin + xmax) / 2, (ymin + ymax) / 2)
        self.mpp = max(w / max(rect.width(), 1.0), h / max(rect.height(), 1.0)) * (1 + 2 * margin)
        self.viewChanged.emit()
        self.update()

    def extent(self) -> Extent:
        """The map area currently visible."""
        if self.center is None or self.mpp is None:
            return self.full_extent or (0.0, 0.0, 1.0, 1.0)
        rect = self.map_rect()
        cx, cy = self.center
        hw, hh = rect.width() * self.mpp / 2, rect.height() * self.mpp / 2
        return (cx - hw, cy - hh, cx + hw, cy + hh)

    def transform(self):
        return fit_transform(self.extent(), self.map_rect())

    def to_map(self, pos: QPointF) -> tuple[float, float]:
        return device_to_map(self.transform(), pos)

    def to_widget(self, x: float, y: float) -> QPointF:
        return self.transform().map(QPointF(x, -y))

    def zoom(self, factor: float, anchor: QPointF | None = None) -> None:
        if self.center is None or self.mpp is None:
            return
        anchor = anchor or self.map_rect().center()
        ax, ay = self.to_map(anchor)
        new_mpp = min(max(self.mpp / factor, 5.0), 20000.0)
        f = new_mpp / self.mpp
        cx, cy = self.center
        self.center = (ax + (cx - ax) * f, ay + (cy - ay) * f)
        self.mpp = new_mpp
        self.viewChanged.emit()
        self.update()

    def pan_pixels(self, dx: float, dy: float) -> None:
        if self.center is None or self.mpp is None:
            return
        cx, cy = self.center
        self.center = (cx - dx * self.mpp, cy + dy * self.mpp)
        self.viewChanged.emit()
        self.update()

    def unit_at(self, pos: QPointF) -> str:
        if self.content is None:
            return ""
        x, y = self.to_map(pos)
        return self.content.geometry.hit(x, y) or ""

    # -- painting ----------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        try:
            rect = self.map_rect()
            if self.content is None:
                painter.fillRect(rect, self.palette().window())
            else:
                paint_canvas_map(painter, rect, self.extent(), self.content, self.cache, self.selection_layer,
                                 self.style_, drag_offset=self._drag_offset)
            if self.overlay_painter is not None:
                self.overlay_painter(painter, rect)
        finally:
            painter.end()
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self.firstPainted.emit)  # dropped if the canvas goes first

    def resizeEvent(self, event) -> None:  # noqa: N802
        if self.center is None and self.full_extent:
            self.reset_view()
        super().resizeEvent(event)

    # -- input -------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom(ZOOM_STEP ** steps, event.position())
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.LeftButton:
            self._press = event.position()
            self._dragging = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pos = event.position()
        if self._press is not None and event.buttons() & Qt.LeftButton:
            d = pos - self._press
            if self._dragging or abs(d.x()) + abs(d.y()) > CLICK_SLOP:
                # while dragging, only shift the cached map image; the view moves on release
                self._dragging = True
                self.setCursor(Qt.ClosedHandCursor)
                self._drag_offset = d
                self.update()
            return
        code = self.unit_at(pos)
        if code != self._hover:
            self._hover = code
            self.unitHovered.emit(code)
        if code and self.tooltip_for is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_for(code), self)
        elif not code:
            QToolTip.hideText()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.LeftButton and self._press is not None:
            if not self._dragging:
                self.unitClicked.emit(self.unit_at(event.position()))
            elif self._drag_offset is not None:
                offset = self._drag_offset
                self._drag_offset = None
                self.pan_pixels(offset.x(), offset.y())
            self._press = None
            self._dragging = False
            self.unsetCursor()
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        step = 60
        if key in (Qt.Key_Plus, Qt.Key_Equal):
            self.zoom(ZOOM_STEP)
        elif key == Qt.Key_Minus:
            self.zoom(1 / ZOOM_STEP)
        elif key == Qt.Key_Left:
            self.pan_pixels(step, 0)
        elif key == Qt.Key_Right:
            self.pan_pixels(-step, 0)
        elif key == Qt.Key_Up:
            self.pan_pixels(0, step)
        elif key == Qt.Key_Down:
            self.pan_pixels(0, -step)
        elif key in (Qt.Key_Home, Qt.Key_0):
            self.reset_view()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def visible_codes(self) -> list[str]:
        """Codes of the units that intersect the visible extent."""
        if self.content is None:
            return []
        import shapely

        geo = self.content.geometry
        hits = geo.tree.query(shapely.box(*self.extent()), predicate="intersects")
        return [geo.codes[int(i)] for i in sorted(hits)]
