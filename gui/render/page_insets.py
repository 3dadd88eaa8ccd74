"""The two small maps a page may carry: the Oslo-area inset and the locator.

- **Oslo inset**: on a national *municipality* map the Oslo area's units are a few
  pixels wide at page scale, so they are shown again, larger, in a corner. Only
  there: on county, region or health-trust maps Oslo is one or two polygons that
  the main map already shows legibly, so an inset would be one yellow square.
- **Locator**: a page about a county, region or a view of its own shows where that
  lies in Norway: the counties in grey, the region filled, the page's extent outlined.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QTransform

from geo.gazetteer import Unit
from gui.render.legend import font, paint_text_lines
from gui.render.map_painter import Extent, MapContent, MapStyle, fit_transform, paint_map
from gui.render.page_labels import fitting_labels
from gui.render.page_place import FREE_SHARE, best_corner, corner_rects, visible_extent
from gui.render.scene import LevelGeometry, from_geometries, level_geometry

#: the municipality the national inset is centred on, and how much around it is shown
OSLO_CODE = "0301"
OSLO_INSET_SIDE_M = 62_000.0
OSLO_CAPTION = {"nb": "Oslo-området", "en": "Oslo area"}
#: the levels whose national map gets the Oslo inset
OSLO_INSET_LEVELS = ("kommune",)
#: a view counts as "a part of Norway" (and gets a locator) below this share of the country's width
LOCATOR_MAX_SHARE = 0.6
LOCATOR_FILL, LOCATOR_REGION, LOCATOR_EXTENT = "#d9d9d9", "#e34a33", "#7f0000"


@dataclass
class Inset:
    frame: QRectF  # white box with caption and map
    map_rect: QRectF
    extent: Extent  # what the inset map shows (aspect of map_rect)
    transform: QTransform
    caption: str
    caption_px: float
    content: MapContent


@dataclass
class Locator:
    frame: QRectF
    map_rect: QRectF
    extent: Extent
    transform: QTransform
    #: the region filled on the locator (None for a free view)
    region: Unit | None
    #: the page's map extent, outlined
    outline: Extent


def oslo_extent(vintage: str) -> Extent:
    """The inset's square around Oslo, from the map drawn: 0301 is the same unit on both
    maps (bounds within a metre), and the other map's shapes would cost ~10 ms to read."""
    kgeo = level_geometry("kommune", vintage)
    b = kgeo.unit_bounds[kgeo.index[OSLO_CODE]]
    cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    half = OSLO_INSET_SIDE_M / 2
    return (cx - half, cy - half, cx + half, cy + half)


def wants_oslo_inset(level: str, national: bool, asked: bool | None) -> bool:
    """Automatic rule: municipality level, whole country. ``asked`` overrides it."""
    return asked if asked is not None else (national and level in OSLO_INSET_LEVELS)


def oslo_has_small_units(geo: LevelGeometry, vintage: str) -> bool:
    """An inset helps only where the Oslo area is split between units (not for health regions)."""
    return len(geo.tree.query(shapely.box(*oslo_extent(vintage)), predicate="intersects")) >= 2


def layout_oslo_inset(content: MapContent, geo: LevelGeometry, t: QTransform, map_rect: QRectF,
                      taken: list[QRectF], placements: dict[str, str], u: float, lang: str,
                      names: dict[str, str], style: MapStyle, vintage: str) -> Inset:
    side = min(map_rect.width(), map_rect.height()) * 0.32
    cap_px = 11 * u
    cap_h = QFontMetricsF(font(cap_px, True)).height() + 6 * u
    corners = corner_rects(map_rect, side, side + cap_h, 8 * u)
    order = ("top-left", "top-right", "bottom-left", "bottom-right")
    found = best_corner(geo, t, corners, None, taken, order) or (order[0], 1.0)
    frame = corners[found[0]]
    placements["inset"] = found[0]
    inner = QRectF(frame.left() + 4 * u, frame.top() + cap_h, frame.width() - 8 * u, frame.height() - cap_h - 4 * u)
    it = fit_transform(oslo_extent(vintage), inner)
    visible = visible_extent(it, inner)
    local = replace(content, geometry=subset(geo, visible),
                    overlay=subset(content.overlay, visible) if content.overlay is not None else None)
    labels = fitting_labels(local.geometry, content.labels or names, it, inner, style, u, max_overhang=1.0)
    return Inset(frame, inner, visible, it, OSLO_CAPTION["en" if lang == "en" else "nb"],
                 cap_px, replace(local, labels=labels))


@lru_cache(maxsize=16)
def subset(geo: LevelGeometry, extent: Extent) -> LevelGeometry:
    """The units of ``geo`` that touch ``extent``: the inset then draws (and an SVG/PDF
    stores) a few dozen polygons instead of the whole country at full detail."""
    hits = np.sort(geo.tree.query(shapely.box(*extent), predicate="intersects"))
    return from_geometries(geo.level, [geo.codes[i] for i in hits], [geo.names[i] for i in hits],
                           geo.geoms[hits], geo.label_points[hits])


def wants_locator(extent: Extent, region: Unit | None, custom: bool, asked: bool | None) -> bool:
    """Automatic rule: a page about a region, or a view much smaller than Norway."""
    if asked is not None:
        return asked
    if region is not None:
        return True
    if not custom:
        return False
    nx0, _, nx1, _ = level_geometry("fylke", "2024").bounds  # Norway's outline: the same on both maps
    return (extent[2] - extent[0]) < LOCATOR_MAX_SHARE * (nx1 - nx0)


def layout_locator(geo: LevelGeometry, t: QTransform, map_rect: QRectF, taken: list[QRectF],
                   mask: np.ndarray | None, placements: dict[str, str], u: float, region: Unit | None,
                   outline: Extent) -> Locator:
    norway = level_geometry("fylke", "2024").bounds
    aspect = (norway[2] - norway[0]) / (norway[3] - norway[1])
    h = min(map_rect.height() * 0.27, map_rect.width() * 0.34 / aspect, 200 * u)
    w = h * aspect
    corners = corner_rects(map_rect, w + 6 * u, h + 6 * u, 8 * u)
    order = ("top-left", "top-right", "bottom-left", "bottom-right")
    found = best_corner(geo, t, corners, mask, taken, order)
    if found is None or found[1] > FREE_SHARE * 4:
        # no free corner inside the map: let the locator overlap the least-covered one
        found = best_corner(geo, t, corners, mask, [], order) or (order[0], 1.0)
    frame = corners[found[0]]
    placements["locator"] = found[0]
    inner = frame.adjusted(3 * u, 3 * u, -3 * u, -3 * u)
    lt = fit_transform(norway, inner)
    return Locator(frame, inner, visible_extent(lt, inner), lt, region, outline)


def paint_locator(painter: QPainter, loc: Locator, u: float) -> None:
    """Norway's counties in grey, the region in red, the page's extent outlined."""
    fylke = level_geometry("fylke", loc.region.vintage if loc.region is not None and loc.region.vintage else "2024")
    detail = fylke.detail_for(1.0 / loc.transform.m11())
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.setPen(QPen(QColor("#7a7a7a"), 0.8 * u))
    painter.setBrush(QColor("#ffffff"))
    painter.drawRect(loc.frame)
    painter.setClipRect(loc.map_rect)
    painter.setTransform(loc.transform, True)
    painter.setPen(Qt.NoPen)
    painter.fillPath(detail.outline(), QColor(LOCATOR_FILL))
    if loc.region is not None:
        rgeo = level_geometry(loc.region.level, loc.region.vintage or "2024")
        if loc.region.code in rgeo.index:
            rdetail = rgeo.detail_for(1.0 / loc.transform.m11())
            painter.fillPath(rdetail.unit_path(rgeo.index[loc.region.code]), QColor(LOCATOR_REGION))
    pen = QPen(QColor("#ffffff"), 0.5 * u)
    pen.setCosmetic(True)
    painter.setPen(pen)
    painter.setBrush(Qt.NoBrush)
    painter.drawPath(detail.inner())
    painter.restore()
    xmin, ymin, xmax, ymax = loc.outline
    a, b = loc.transform.map(QPointF(xmin, -ymax)), loc.transform.map(QPointF(xmax, -ymin))
    box = QRectF(a, b).intersected(loc.map_rect)
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.setBrush(Qt.NoBrush)
    painter.setPen(QPen(QColor(LOCATOR_EXTENT), 1.1 * u))
    painter.drawRect(box)
    painter.restore()


def paint_extent_marker(painter: QPainter, t: QTransform, extent: Extent, clip: QRectF, u: float) -> None:
    """Where the Oslo inset's extent lies on the main map."""
    xmin, ymin, xmax, ymax = extent
    a, b = t.map(QPointF(xmin, -ymax)), t.map(QPointF(xmax, -ymin))
    painter.save()
    painter.setClipRect(clip)
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.setBrush(Qt.NoBrush)
    painter.setPen(QPen(QColor("#ffffff"), 3.0 * u))
    painter.drawRect(QRectF(a, b))
    painter.setPen(QPen(QColor("#111111"), 1.2 * u))
    painter.drawRect(QRectF(a, b))
    painter.restore()


def paint_inset(painter: QPainter, inset: Inset, style: MapStyle, u: float, clip_content) -> None:
    """The Oslo inset: white box, caption, the map at a larger scale. ``clip_content`` cuts
    the polygons for devices that cannot clip (SVG) or is None."""
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.setPen(QPen(QColor("#7a7a7a"), 0.8 * u))
    painter.setBrush(QColor("#ffffff"))
    painter.drawRect(inset.frame)
    painter.restore()
    paint_text_lines(painter, QPointF(inset.frame.left() + 5 * u, inset.frame.top() + 3 * u), [inset.caption],
                     inset.caption_px, "#111111", bold=True)
    content = clip_content(inset.content, inset.extent) if clip_content else inset.content
    paint_map(painter, inset.map_rect, inset.extent, content, style, u)
    painter.save()
    painter.setPen(QPen(QColor("#111111"), 1.0 * u))
    painter.setBrush(Qt.NoBrush)
    painter.drawRect(inset.map_rect)
    painter.restore()
