"""A printable map page: title, map, legend, scale bar, Oslo inset, footnotes and sources.

PNG, SVG and PDF export and the export dialog's preview are all drawn by
:func:`paint_page`, which draws the map with the shared renderer (``paint_map``), so
the page shows the map exactly as on screen. Sizes are 96-dpi screen pixels times the
page's ``scale`` (= dpi / 96): a 300-dpi A4 page has the layout of a 96-dpi one, only
sharper. :func:`layout_page` is kept apart from painting so the dialog and the tests
can ask where a map point lands on the page (:meth:`PageLayout.to_device`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPaintEngine, QPen, QTransform

from geo.gazetteer import Unit
from geo.regions import units_in_region
from gui.render.document import MapDocument
from gui.render.legend import font, legend_size, paint_legend, paint_text_lines, wrap
from gui.render.map_painter import (
    Extent, MapContent, MapStyle, paint_labels, device_to_map, fit_transform, paint_map,
)
from gui.render.scene import LevelGeometry, from_geometries, level_geometry
from indicators import format as fmt
from indicators import page_text as words
from indicators.classify import Classification
from indicators.export_table import unit_short_names
from indicators.session import Session

#: paper sizes in millimetres (width, height)
PRESETS_MM: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "a4-landscape": (297.0, 210.0),
    "a3": (297.0, 420.0),
    "a3-landscape": (420.0, 297.0),
}
MIN_DPI, MAX_DPI = 72, 600
#: the largest free pixel size (per side) and page (A3 at 600 dpi is 70 Mpx)
MAX_SIDE, MAX_PIXELS = 20000, 80_000_000
#: the municipality the national inset is centred on, and how much around it is shown
OSLO_CODE = "0301"
OSLO_INSET_SIDE_M = 62_000.0
OSLO_CAPTION = {"nb": "Oslo-området", "en": "Oslo area"}
#: a corner is "free" for the legend or inset when at most this share of it covers drawn units
FREE_SHARE = 0.03

# -- page sizes --------------------------------------------------------------------------


@dataclass(frozen=True)
class PageSize:
    """A page in device pixels at ``dpi``; ``preset`` names the paper ('a4', …) if any."""

    width: int
    height: int
    dpi: float = 96.0
    preset: str | None = None

    @property
    def scale(self) -> float:
        """Device pixels per 96-dpi screen pixel (what ``paint_map`` calls ``scale``)."""
        return self.dpi / 96.0

    @property
    def size_mm(self) -> tuple[float, float]:
        if self.preset in PRESETS_MM:
            return PRESETS_MM[self.preset]
        return (self.width / self.dpi * 25.4, self.height / self.dpi * 25.4)

    def resized(self, width: int) -> "PageSize":
        """The same page with ``width`` pixels (a preview): layout identical, fewer pixels."""
        f = width / self.width
        return PageSize(max(1, round(self.width * f)), max(1, round(self.height * f)), self.dpi * f, self.preset)


def check_dpi(dpi: float) -> float:
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise ValueError(f"dpi must be between {MIN_DPI} and {MAX_DPI}, got {dpi:g}")
    return float(dpi)


def page_size(preset: str = "a4", dpi: float = 300) -> PageSize:
    """A paper preset at ``dpi``: A4 at 300 dpi is 2480 × 3508 pixels."""
    if preset not in PRESETS_MM:
        raise ValueError(f"unknown page {preset!r}; choose one of {', '.join(PRESETS_MM)}")
    check_dpi(dpi)
    w_mm, h_mm = PRESETS_MM[preset]
    return PageSize(round(w_mm / 25.4 * dpi), round(h_mm / 25.4 * dpi), float(dpi), preset)


def pixel_size(width: int, height: int, dpi: float = 96) -> PageSize:
    """A free pixel size (slides, web); ``dpi`` only sets how large text and lines are."""
    check_dpi(dpi)
    if not (64 <= width <= MAX_SIDE and 64 <= height <= MAX_SIDE) or width * height > MAX_PIXELS:
        raise ValueError(f"pixel size must be 64–{MAX_SIDE} per side and at most {MAX_PIXELS // 1_000_000} Mpx")
    return PageSize(int(width), int(height), float(dpi), None)


# -- options and layout -----------------------------------------------------------------------


@dataclass(frozen=True)
class PageOptions:
    """What to put on the page beyond the map document itself."""

    page: PageSize
    #: an explicit map extent (the current view); None = whole country or ``region``
    extent: Extent | None = None
    #: zoom to this unit (county, health region, health-trust area or municipality)
    region: Unit | None = None
    title: str | None = None
    #: None = automatic: an Oslo inset on national maps
    inset: bool | None = None
    date: dt.date | None = None


@dataclass
class TextBlock:
    top_left: QPointF
    lines: list[str]
    px: float
    colour: str = "#222222"
    bold: bool = False


@dataclass
class ScaleBar:
    origin: QPointF  # left end of the bar's baseline
    length_px: float
    length_m: float
    segments: int
    height: float
    label_px: float


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
class PageLayout:
    page: PageSize
    map_rect: QRectF
    extent: Extent
    #: map (x, -y) → page device pixels, exactly the transform ``paint_map`` uses
    transform: QTransform
    texts: list[TextBlock]
    legend_pos: QPointF
    legend_size: tuple[float, float]
    legend: Classification
    legend_title: str
    legend_scale: float
    scale_bar: ScaleBar
    inset: Inset | None = None
    region: Unit | None = None
    #: units of the map level inside the region / view (True) — what the legend counts
    shown: np.ndarray | None = None
    content: MapContent | None = None
    lang: str = "nb"
    placements: dict[str, str] = field(default_factory=dict)
    #: said on the map when none of its units has a value
    notice: str | None = None

    @property
    def scale(self) -> float:
        return self.page.scale

    def to_device(self, x: float, y: float) -> QPointF:
        """Page pixel position of map point (x, y) in EPSG:25833 on the main map."""
        return self.transform.map(QPointF(x, -y))

    def inset_to_device(self, x: float, y: float) -> QPointF | None:
        return self.inset.transform.map(QPointF(x, -y)) if self.inset else None

    def legend_rect(self) -> QRectF:
        return QRectF(self.legend_pos.x(), self.legend_pos.y(), *self.legend_size)

    def covered(self, p: QPointF) -> bool:
        """True if ``p`` on the page is hidden by the legend or the inset."""
        if self.legend_rect().contains(p):
            return True
        return bool(self.inset and self.inset.frame.contains(p))


def _pad(extent: Extent, share: float) -> Extent:
    xmin, ymin, xmax, ymax = extent
    dx, dy = (xmax - xmin) * share, (ymax - ymin) * share
    return (xmin - dx, ymin - dy, xmax + dx, ymax + dy)


def _visible_extent(t: QTransform, rect: QRectF) -> Extent:
    x0, y1 = device_to_map(t, rect.topLeft())
    x1, y0 = device_to_map(t, rect.bottomRight())
    return (x0, y0, x1, y1)


def _wrapped(texts: list[str], px: float, width: float, bold: bool = False) -> tuple[list[str], float]:
    fm = QFontMetricsF(font(px, bold))
    lines = [line for t in texts if t for line in (wrap(t, fm, width) or [""])]
    return lines, len(lines) * fm.height()


def _land_share(geo: LevelGeometry, box: shapely.Geometry, mask: np.ndarray | None) -> float:
    """Share of ``box`` (map coordinates) covered by drawn units (only ``mask`` units if given)."""
    hits = geo.tree.query(box, predicate="intersects")
    if mask is not None and len(hits):
        hits = hits[mask[hits]]
    if not len(hits):
        return 0.0
    covered = shapely.area(shapely.intersection(geo.geoms[hits], box)).sum()
    return float(covered / max(box.area, 1e-9))


def _corner_rects(area: QRectF, w: float, h: float, pad: float) -> dict[str, QRectF]:
    left, right = area.left() + pad, area.right() - pad - w
    top, bottom = area.top() + pad, area.bottom() - pad - h
    return {
        "bottom-right": QRectF(right, bottom, w, h),
        "top-left": QRectF(left, top, w, h),
        "bottom-left": QRectF(left, bottom, w, h),
        "top-right": QRectF(right, top, w, h),
    }


def _device_box(t: QTransform, r: QRectF) -> shapely.Geometry:
    x0, y1 = device_to_map(t, r.topLeft())
    x1, y0 = device_to_map(t, r.bottomRight())
    return shapely.box(x0, y0, x1, y1)


def nice_length(max_m: float) -> float:
    """The longest 1/2/5 × 10ⁿ metres not above ``max_m``."""
    if max_m <= 0:
        return 1.0
    exp = math.floor(math.log10(max_m))
    best = 10.0 ** exp
    for m in (1, 2, 5, 10):
        if m * 10.0 ** exp <= max_m:
            best = m * 10.0 ** exp
    return best


def _shown_mask(geo: LevelGeometry, region: Unit | None, extent: Extent | None) -> np.ndarray | None:
    """Units of the map level that the page is about (None = all of them)."""
    pts = geo.label_points
    if region is not None:
        return units_in_region(region, pts, geo.geoms, vintage=region.vintage)
    if extent is not None:
        xmin, ymin, xmax, ymax = extent
        return (pts[:, 0] >= xmin) & (pts[:, 0] <= xmax) & (pts[:, 1] >= ymin) & (pts[:, 1] <= ymax)
    return None


def fitting_labels(geo: LevelGeometry, labels: dict[str, str], t: QTransform, rect: QRectF, style: MapStyle,
                   scale: float, avoid: list[QRectF] = (), max_overhang: float | None = None) -> dict[str, str]:
    """Labels whose text lies wholly inside ``rect`` and off ``avoid`` (no names cut by a frame).

    With ``max_overhang`` a label may be at most that many times as wide as its unit, so a
    small unit's name does not sit on its neighbour.
    """
    f = font(style.label_pt * 96 / 72 * scale)
    fm = QFontMetricsF(f)
    out = {}
    inner = rect.adjusted(5 * scale, 5 * scale, -5 * scale, -5 * scale)
    widths = (geo.unit_bounds[:, 2] - geo.unit_bounds[:, 0]) * t.m11()
    for code, label in labels.items():
        i = geo.index.get(code)
        if i is None or not label:
            continue
        c = t.map(QPointF(geo.label_points[i][0], -geo.label_points[i][1]))
        w = fm.horizontalAdvance(label)
        if max_overhang is not None and w > widths[i] * max_overhang:
            continue
        box = QRectF(c.x() - w / 2, c.y() - fm.height() / 2, w, fm.height())
        if inner.contains(box) and not any(a.intersects(box) for a in avoid):
            out[code] = label
    return out


def layout_page(session: Session, doc: MapDocument, options: PageOptions, style: MapStyle = MapStyle()) -> PageLayout:
    """Place every element of the page; no painting."""
    page = options.page
    u = page.scale
    lang = doc.view.lang
    geo = doc.geometry
    level = doc.view.level
    content = replace(doc.content, highlight=None)  # the selection is interaction, not a map fact
    margin = 36 * u
    area = QRectF(margin, margin, page.width - 2 * margin, page.height - 2 * margin)
    width = area.width()
    texts: list[TextBlock] = []
    region = options.region
    custom = options.extent is not None and region is None
    region_name = (region.short_name if region.level == "kommune" else region.name) if region else None
    where = words.where_text(region_name, custom, lang)

    # -- header ---------------------------------------------------------------------
    title = options.title or doc.frame.label(session, lang)
    title_lines, title_h = _wrapped([title], 22 * u, width, True)
    sub_lines, sub_h = _wrapped([words.subtitle(session, doc.frame, where, lang)], 13 * u, width)
    y = area.top()
    texts.append(TextBlock(QPointF(area.left(), y), title_lines, 22 * u, "#111111", True))
    y += title_h + 3 * u
    texts.append(TextBlock(QPointF(area.left(), y), sub_lines, 13 * u, "#444444"))
    y += sub_h + 10 * u
    map_top = y

    # -- what the map shows -----------------------------------------------------------------
    if region is not None:
        extent = _pad(level_geometry(region.level, region.vintage).extent_of([region.code]), 0.05)
    elif options.extent is not None:
        extent = tuple(float(v) for v in options.extent)  # type: ignore[assignment]
    else:
        extent = _pad(geo.bounds, 0.02)
    shown = _shown_mask(geo, region, options.extent if custom else None)
    shown_codes = None if shown is None else {c for c, s in zip(geo.codes, shown) if s}
    names = unit_short_names(session, level)

    # -- footer (bottom up): sources, footnote, scale-bar row ---------------------------------
    src_lines, src_h = _wrapped([words.source_line(doc.sources(session), lang)], 10 * u, width)
    foot = words.approximate_footnote(doc.frame, names, shown_codes, lang)
    foot_lines, foot_h = _wrapped([foot], 9.5 * u, width) if foot else ([], 0.0)
    bottom = area.bottom()
    texts.append(TextBlock(QPointF(area.left(), bottom - src_h), src_lines, 10 * u, "#333333"))
    bottom -= src_h + (4 * u if foot_lines else 0)
    if foot_lines:
        texts.append(TextBlock(QPointF(area.left(), bottom - foot_h), foot_lines, 9.5 * u, "#333333"))
        bottom -= foot_h
    bar_row_top = bottom - 6 * u - 30 * u
    map_rect = QRectF(area.left(), map_top, width, bar_row_top - 4 * u - map_top)

    # -- legend: in a free corner of the map, else beside/below it ----------------------------------
    legend_title = words.legend_title(session, level, region_name, custom, lang)
    legend = words.restrict_legend(doc.classification, shown_codes)
    lscale = u * 1.1
    lsize = legend_size(legend, legend_title, lang, lscale, True, 230 * lscale)
    lw, lh = lsize.width(), lsize.height()
    land_mask = shown if region is not None else None
    t = fit_transform(extent, map_rect)
    corners = _corner_rects(map_rect, lw, lh, 8 * u)
    scores = {k: _land_share(geo, _device_box(t, r), land_mask) for k, r in corners.items()}
    placements: dict[str, str] = {}
    best = min(scores, key=lambda k: (scores[k], list(corners).index(k)))
    if scores[best] <= FREE_SHARE:
        legend_pos = corners[best].topLeft()
        placements["legend"] = best
    elif map_rect.width() > map_rect.height() * 1.15:  # landscape: a column on the right
        map_rect.setWidth(map_rect.width() - lw - 10 * u)
        legend_pos = QPointF(map_rect.right() + 10 * u, map_rect.top())
        placements["legend"] = "right"
        t = fit_transform(extent, map_rect)
    else:  # portrait: a band under the map
        map_rect.setHeight(map_rect.height() - lh - 8 * u)
        legend_pos = QPointF(map_rect.left(), map_rect.bottom() + 8 * u)
        placements["legend"] = "below"
        t = fit_transform(extent, map_rect)
    legend_rect = QRectF(legend_pos.x(), legend_pos.y(), lw, lh)

    # -- Oslo inset on national maps -----------------------------------------------------
    inset = None
    want_inset = options.inset if options.inset is not None else (region is None and options.extent is None)
    if want_inset and _oslo_has_small_units(geo):
        inset = _layout_inset(content, geo, t, map_rect, placements, u, lang, names, style)
    avoid = [legend_rect] + ([inset.frame] if inset else [])
    if content.labels:
        content = replace(content, labels=fitting_labels(geo, content.labels, t, map_rect, style, u, avoid))
    elif region is not None:
        # a county page names its units (the reader is asked "which one is Bodø?"); only
        # names that fit inside their unit, so none sits on a neighbour
        own = {c: n for c, n in names.items() if shown_codes is None or c in shown_codes}
        content = replace(content, labels=fitting_labels(geo, own, t, map_rect, style, u, avoid, max_overhang=1.0))
    notice = None
    if not legend_has_data(legend):
        notice = words.no_data_notice(level_labels_plural(session, level, lang), where, doc.frame.period, lang)

    # -- scale bar (bottom-left under the map) and date (right) ---------------------------------
    mpp = 1.0 / t.m11()
    length_m = nice_length(min(map_rect.width() * 0.25, 260 * u) * mpp)
    lead = int(f"{length_m:e}"[0])
    bar = ScaleBar(QPointF(map_rect.left() + 1 * u, bar_row_top + 10 * u), length_m / mpp, length_m,
                   5 if lead == 5 else 4, 5 * u, 9.5 * u)
    made = words.made_line(options.date or dt.date.today(), lang)
    fm = QFontMetricsF(font(9.5 * u))
    texts.append(TextBlock(QPointF(area.right() - fm.horizontalAdvance(made), bar_row_top + 8 * u), [made],
                           9.5 * u, "#555555"))
    return PageLayout(page, map_rect, extent, t, texts, legend_pos, (lw, lh), legend, legend_title, lscale, bar,
                      inset, region, shown, content, lang, placements, notice)


def legend_has_data(cls: Classification) -> bool:
    return any(e.count for e in cls.legend if not e.no_data)


def level_labels_plural(session: Session, level: str, lang: str) -> str:
    return words.level_labels(session, level, lang)[1]


def _oslo_extent() -> Extent:
    kgeo = level_geometry("kommune", "2024")  # Oslo (0301) is the same on both maps
    b = kgeo.unit_bounds[kgeo.index[OSLO_CODE]]
    cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    half = OSLO_INSET_SIDE_M / 2
    return (cx - half, cy - half, cx + half, cy + half)


def _oslo_has_small_units(geo: LevelGeometry) -> bool:
    """An inset helps only where the Oslo area is split between units (not for health regions)."""
    return len(geo.tree.query(shapely.box(*_oslo_extent()), predicate="intersects")) >= 2


def _layout_inset(content: MapContent, geo: LevelGeometry, t: QTransform, map_rect: QRectF,
                  placements: dict[str, str], u: float, lang: str, names: dict[str, str],
                  style: MapStyle) -> Inset:
    side = min(map_rect.width(), map_rect.height()) * 0.32
    cap_px = 11 * u
    cap_h = QFontMetricsF(font(cap_px, True)).height() + 6 * u
    corners = _corner_rects(map_rect, side, side + cap_h, 8 * u)
    free = {k: r for k, r in corners.items() if k != placements.get("legend")}
    scores = {k: _land_share(geo, _device_box(t, r), None) for k, r in free.items()}
    order = ["top-left", "top-right", "bottom-left", "bottom-right"]
    best = min(scores, key=lambda k: (scores[k] > FREE_SHARE, scores[k], order.index(k)))
    frame = free[best]
    placements["inset"] = best
    inner = QRectF(frame.left() + 4 * u, frame.top() + cap_h, frame.width() - 8 * u, frame.height() - cap_h - 4 * u)
    it = fit_transform(_oslo_extent(), inner)
    visible = _visible_extent(it, inner)
    local = replace(content, geometry=_subset(geo, visible),
                    overlay=_subset(content.overlay, visible) if content.overlay is not None else None)
    labels = fitting_labels(local.geometry, content.labels or names, it, inner, style, u, max_overhang=1.0)
    return Inset(frame, inner, visible, it, OSLO_CAPTION["en" if lang == "en" else "nb"],
                 cap_px, replace(local, labels=labels))


@lru_cache(maxsize=16)
def _subset(geo: LevelGeometry, extent: Extent) -> LevelGeometry:
    """The units of ``geo`` that touch ``extent``: the inset then draws (and an SVG/PDF
    stores) a few dozen polygons instead of the whole country at full detail."""
    hits = np.sort(geo.tree.query(shapely.box(*extent), predicate="intersects"))
    return from_geometries(geo.level, [geo.codes[i] for i in hits], [geo.names[i] for i in hits],
                           geo.geoms[hits], geo.label_points[hits])


# -- painting -----------------------------------------------------------------------------------


def paint_page(painter: QPainter, doc: MapDocument, layout: PageLayout, style: MapStyle = MapStyle(),
               check: Callable[[], None] | None = None) -> None:
    """Draw the laid-out page. ``check`` is called between steps (it may raise to cancel)."""
    u = layout.scale
    page_rect = QRectF(0, 0, layout.page.width, layout.page.height)
    painter.save()
    painter.fillRect(page_rect, QColor("#ffffff"))
    for block in layout.texts:
        paint_text_lines(painter, block.top_left, block.lines, block.px, block.colour, bold=block.bold)
    content = layout.content or doc.content
    svg = _is_svg(painter)
    if svg:  # QSvgGenerator writes no clip paths: clip the geometry itself
        content = clipped_content(content, _visible_extent(layout.transform, layout.map_rect))
    veil = layout.region is not None
    # with a veil, names go on top of it (else the part of a name over a neighbour fades)
    paint_map(painter, layout.map_rect, layout.extent, replace(content, labels=None) if veil else content, style, u)
    if check:
        check()
    if veil:
        _paint_region_focus(painter, layout)
        if content.labels:
            painter.save()
            painter.setClipRect(layout.map_rect)
            painter.setRenderHint(QPainter.Antialiasing, True)
            paint_labels(painter, layout.transform, content.geometry, content.labels, style, u, None)
            painter.restore()
    if layout.inset is not None:
        _paint_extent_marker(painter, layout.transform, layout.inset.extent, layout.map_rect, u)
    paint_legend(painter, layout.legend_pos, layout.legend, layout.legend_title, layout.lang, layout.legend_scale,
                 True, True, 230 * layout.legend_scale)
    if layout.inset is not None:
        _paint_inset(painter, layout.inset, style, u, svg)
        if check:
            check()
    if layout.notice:
        _paint_notice(painter, layout, u)
    painter.setPen(QPen(QColor("#7a7a7a"), 0.8 * u))
    painter.setBrush(Qt.NoBrush)
    painter.drawRect(layout.map_rect)
    _paint_scale_bar(painter, layout.scale_bar, layout.lang)
    painter.restore()


def _paint_notice(painter: QPainter, layout: PageLayout, u: float) -> None:
    """A plain sentence at the top of the map when it holds no values at all."""
    width = min(layout.map_rect.width() * 0.7, 420 * u)
    lines, height = _wrapped([layout.notice], 12 * u, width - 20 * u)
    box = QRectF(layout.map_rect.center().x() - width / 2, layout.map_rect.top() + 14 * u, width, height + 16 * u)
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.setPen(QPen(QColor("#b8a040"), 0.8 * u))
    painter.setBrush(QColor("#fff7d6"))
    painter.drawRoundedRect(box, 4 * u, 4 * u)
    painter.restore()
    paint_text_lines(painter, QPointF(box.left() + 10 * u, box.top() + 8 * u), lines, 12 * u, "#3d3200")


def _is_svg(painter: QPainter) -> bool:
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
    rgeo = level_geometry(region.level, region.vintage)
    detail = rgeo.detail_for(1.0 / layout.transform.m11())
    outline = detail.unit_path(rgeo.index[region.code])
    xmin, ymin, xmax, ymax = _visible_extent(layout.transform, layout.map_rect)
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


def _paint_extent_marker(painter: QPainter, t: QTransform, extent: Extent, clip: QRectF, u: float) -> None:
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


def _paint_inset(painter: QPainter, inset: Inset, style: MapStyle, u: float, svg: bool = False) -> None:
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.setPen(QPen(QColor("#7a7a7a"), 0.8 * u))
    painter.setBrush(QColor("#ffffff"))
    painter.drawRect(inset.frame)
    painter.restore()
    paint_text_lines(painter, QPointF(inset.frame.left() + 5 * u, inset.frame.top() + 3 * u), [inset.caption],
                     inset.caption_px, "#111111", bold=True)
    content = clipped_content(inset.content, inset.extent) if svg else inset.content
    paint_map(painter, inset.map_rect, inset.extent, content, style, u)
    painter.save()
    painter.setPen(QPen(QColor("#111111"), 1.0 * u))
    painter.setBrush(Qt.NoBrush)
    painter.drawRect(inset.map_rect)
    painter.restore()


def _paint_scale_bar(painter: QPainter, bar: ScaleBar, lang: str) -> None:
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
