"""The kept images of a repaint (filled map, overlay) always show the map that is drawn."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from geo.gazetteer import gazetteer
from gui.main_window import MainWindow
from gui.window_overlay import paint_overlay
from indicators.view import ViewState

A, B = "lister_uten_fast_lege_andel", "lister_med_vikar_andel"


@pytest.fixture()
def window(make_window):
    return make_window((1200, 800), view=ViewState(level="fylke", indicator=A))


def _pixel(w: MainWindow, code: str) -> QColor:
    x, y = gazetteer(w.view.map_vintage).get("fylke", code).label_xy
    p = w.canvas.to_widget(x, y)
    img = w.canvas.grab().toImage()
    dpr = img.devicePixelRatio()
    return QColor(img.pixel(int(p.x() * dpr), int(p.y() * dpr)))


def _close(a: QColor, b: QColor, tol: int = 6) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a.getRgb()[:3], b.getRgb()[:3]))


def _overlay(w: MainWindow, direct: bool) -> QImage:
    size = w.canvas.size()
    img = QImage(size, QImage.Format_ARGB32_Premultiplied)
    img.fill(Qt.transparent)
    p = QPainter(img)
    rect = QRectF(0, 0, size.width(), size.height())
    if direct:
        paint_overlay(p, rect, w.doc, w.session, w.view)
    else:
        w.overlay.paint(p, rect, w.doc, w.session, w.view)
    p.end()
    return img


def test_flipping_indicators_paints_each_ones_colours(window):
    codes = ["18", "34", "46", "50", "55"]
    first = {c: _pixel(window, c) for c in codes}
    for indicator in (B, A, B):
        window.model.set_indicator(indicator)
        for c in codes:
            assert _close(_pixel(window, c), QColor(window.doc.classification.colour_of(c))), (indicator, c)
    window.model.set_indicator(A)
    assert all(_close(_pixel(window, c), first[c]) for c in codes)


def test_kept_overlay_is_the_overlay_of_the_map_shown(window):
    for indicator in (B, A, B):
        window.model.set_indicator(indicator)
        assert _overlay(window, direct=False) == _overlay(window, direct=True), indicator
    window.set_language("en")
    assert _overlay(window, direct=False) == _overlay(window, direct=True)


def test_new_data_repaint_new_colours(window):
    """Importing the shown indicator again gives a new frame, so nothing kept is reused."""
    import pandas as pd

    from indicators.catalogue import Indicator

    counties = ["18", "34", "46", "50", "55", "03", "11", "15", "31", "32", "33", "39", "40", "42", "56"]

    def load(values: list[float]) -> None:
        ind = Indicator(id="test_repaint", theme="import", name_nb="Omfarging", name_en="Repaint", unit="%",
                        kind="ratio", worse="higher", origin="r.csv", sources=())
        rows = pd.DataFrame([{"indicator": ind.id, "level": "fylke", "vintage": "2024", "code": c, "period": "2025",
                              "value": v, "source": "r.csv", "origin": "import"} for c, v in zip(counties, values)])
        window.session.add_indicator(ind, rows)

    load([float(i) for i in range(len(counties))])  # Nordland lowest
    window.model.set_indicator("test_repaint")
    low = QColor(window.doc.classification.colour_of("18"))
    assert _close(_pixel(window, "18"), low)
    load([float(-i) for i in range(len(counties))])  # Nordland highest
    window.model.set_indicator(A)
    window.model.set_indicator("test_repaint")
    high = QColor(window.doc.classification.colour_of("18"))
    assert not _close(high, low) and _close(_pixel(window, "18"), high)


def test_empty_canvas_paints_the_window_colour(qtbot):
    from gui.map_canvas import MapCanvas

    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(400, 400)
    img = canvas.grab().toImage()
    assert _close(QColor(img.pixel(200, 200)), canvas.palette().window().color(), tol=0)


def _map_image(w: MainWindow, kept: bool) -> QImage:
    from gui.render.raster_cache import ChoroplethCache, paint_map_screen
    from gui.selection_layer import SelectionLayer, paint_canvas_map

    c = w.canvas
    img = QImage(c.size(), QImage.Format_RGB32)
    p = QPainter(img)
    rect = c.map_rect()
    if kept:
        paint_canvas_map(p, rect, c.extent(), c.content, ChoroplethCache(), SelectionLayer(), c.style_)
    else:
        paint_map_screen(p, rect, c.extent(), c.content, ChoroplethCache(), c.style_)
    p.end()
    return img


def _largest_difference(a: QImage, b: QImage) -> int:
    import numpy as np

    def pixels(img: QImage) -> np.ndarray:
        img = img.convertToFormat(QImage.Format_RGB32)
        return np.frombuffer(img.constBits(), dtype=np.uint8).reshape(img.height(), img.bytesPerLine())[
            :, : img.width() * 4].astype(int)

    return int(np.abs(pixels(a) - pixels(b)).max())


def test_kept_outlines_look_like_the_drawn_ones(window):
    window.select_unit("fylke", "18")
    window.views.marks = {"46", "50"}
    window.canvas.content.marked = frozenset(window.views.marks)
    assert _largest_difference(_map_image(window, kept=True), _map_image(window, kept=False)) <= 3
    # and the outline follows the selection on the canvas itself
    before = window.canvas.grab().toImage()
    window.select_unit("fylke", "34")
    assert _largest_difference(window.canvas.grab().toImage(), before) > 50
    window.clear_selection()
    window.canvas.content.marked = frozenset()
    assert _largest_difference(_map_image(window, kept=True), _map_image(window, kept=False)) == 0
