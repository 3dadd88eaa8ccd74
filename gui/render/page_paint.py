"""Paint a laid-out page (:mod:`gui.render.page_layout`) onto any QPainter device.

PNG, SVG and PDF export and the export dialog's preview all call :func:`paint_page`,
which draws the map with the shared renderer (``paint_map``), so the page shows the
map exactly as on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

import numpy as np
import shapely
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPaintEngine, QPainter, QPainterPath, QPen

from gui.render.document import MapDocument
from gui.render.legend import paint_legend, paint_text_lines
from gui.render.map_painter import Extent, MapContent, MapStyle, paint_map
from gui.render.page_furniture import paint_north_arrow, paint_notice, paint_scale_bar, paint_size_key
from gui.render.page_insets import paint_extent_marker, paint_inset, paint_locator
from gui.render.page_labels import paint_planned_labels
from gui.render.page_layout import PageLayout
from gui.render.page_place import visible_extent
from gui.render.page_ranking import paint_ranking
from gui.render.scene import LevelGeometry, from_geometries, level_geometry

#: MapStyle is frozen, so one shared default instance is safe
_DEFAULT_STYLE = MapStyle()


def paint_page(painter: QPainter, doc: MapDocument, layout: PageLayout, style: MapStyle = _DEFAULT_STYLE,
               check: Callable[[], None] | None = None, north_arrow: bool = True) -> None:
    """Draw the laid-out page. ``check`` is called between steps (it may raise to cancel).

    ``north_arrow=False`` leaves the arrow out, for the SVG writer, which draws it into
    its own named group.
    """
    u = layout.scale
    page_rect = QRectF(0, 0, layout.page.width, layout.page.height)
    painter.save()
    painter.fillRect(page_rect, QColor("#ffffff"))
    for block in layout.texts:
        paint_text_lines(painter, block.top_left, block.lines, block.px, block.colour, bold=block.bold)
    content = layout.content or doc.content
    svg = is_svg(painter)
    if svg:  # QSvgGenerator writes no clip paths: clip the geometry itself
        content = clipped_content(content, visible_extent(layout.transform, layout.map_rect))
    veil = layout.region is not None
    planned = layout.labels is not None
    # planned names (and, with a veil, all names) go on top of everything on the map
    paint_map(painter, layout.map_rect, layout.extent, replace(content, labels=None) if veil or planned else content,
              style, u)
    if check:
        check()
    if veil:
        _paint_region_focus(painter, layout)
    if layout.inset is not None:
        paint_extent_marker(painter, layout.transform, layout.inset.extent, layout.map_rect, u)
    if planned:
        painter.save()
        painter.setClipRect(layout.map_rect)
        paint_planned_labels(painter, layout.labels, style, u)
        painter.restore()
    if layout.size_key is not None:
        paint_size_key(painter, layout.size_key, u)
    else:
        paint_legend(painter, layout.legend_pos, layout.legend, layout.legend_title, layout.lang,
                     layout.legend_scale, True, True, 230 * layout.legend_scale)
    if layout.inset is not None:
        paint_inset(painter, layout.inset, style, u, clipped_content if svg else None)
        if check:
            check()
    if layout.locator is not None:
        paint_locator(painter, layout.locator, u)
    if layout.notice:
        paint_notice(painter, layout.map_rect, layout.notice, u)
    painter.setPen(QPen(QColor("#7a7a7a"), 0.8 * u))
    painter.setBrush(Qt.NoBrush)
    painter.drawRect(layout.map_rect)
    if layout.ranking is not None:
        paint_ranking(painter, layout.ranking, u)
    paint_scale_bar(painter, layout.scale_bar, layout.lang)
    if north_arrow and layout.north_arrow is not None:
        paint_north_arrow(painter, layout.north_arrow, u, layout.lang)
    painter.restore()


def is_svg(painter: QPainter) -> bool:
    engine = painter.paintEngine()
    return engine is not None and engine.type() == QPaintEngine.SVG


def clipped_content(content: MapContent, extent: Extent) -> MapContent:
    """``content`` with its polygons cut to ``extent`` (for devices that cannot clip)."""
    geo = _clipped(content.geometry, extent)
    overlay = _clipped(content.overlay, extent) if content.overlay is not None else None
    xmin, ymin, xmax, ymax = extent
    points = [p for p in content.points if xmin <= p.x <= xmax and ymin <= p.y <= ymax]
    return replace(content, geometry=geo, overlay=overlay, points=points)


@lru_cache(maxsize=8)
def _clipped(geo: LevelGeometry, extent: Extent) -> LevelGeometry:
    gx0, gy0, gx1, gy1 = geo.bounds
    xmin, ymin, xmax, ymax = extent
    if gx0 >= xmin and gy0 >= ymin and gx1 <= xmax and gy1 <= ymax:
        return geo  # nothing sticks out
    cut = shapely.clip_by_rect(geo.geoms, xmin, ymin, xmax, ymax)
    # keep polygons only (a unit touching the edge can leave a line in a collection)
    cut = np.array([shapely.union_all([p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")])
                    if g.geom_type == "GeometryCollection" else g for g in cut], dtype=object)
    keep = np.flatnonzero(~shapely.is_empty(cut) & (shapely.area(cut) > 0))
    return from_geometries(geo.level, [geo.codes[i] for i in keep], [geo.names[i] for i in keep], cut[keep],
                           geo.label_points[keep])


def _paint_region_focus(painter: QPainter, layout: PageLayout) -> None:
    """Veil what lies outside the chosen region (its borders are already drawn by the map)."""
    region = layout.region
    rgeo = level_geometry(region.level, region.vintage or "2024")
    detail = rgeo.detail_for(1.0 / layout.transform.m11())
    outline = detail.unit_path(rgeo.index[region.code])
    xmin, ymin, xmax, ymax = visible_extent(layout.transform, layout.map_rect)
    veil = QPainterPath()
    veil.addRect(QRectF(xmin, -ymax, xmax - xmin, ymax - ymin))
    veil.addPath(outline)
    veil.setFillRule(Qt.OddEvenFill)
    painter.save()
    painter.setClipRect(layout.map_rect)
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.setTransform(layout.transform, True)
    painter.setPen(Qt.NoPen)
    painter.fillPath(veil, QColor(255, 255, 255, 150))
    painter.restore()
