"""Place every element of a printable map page; no painting.

:func:`layout_page` is kept apart from painting so the export dialog and the tests can
ask where a map point lands on the page (:meth:`PageLayout.to_device`). The page, top
to bottom: title and subtitle; the map (with the legend or size key, the Oslo inset
or the locator in free corners, and on "kart + rangering" the ranked panel beside or
below it); the scale-bar row with the north arrow; the free note, footnotes and the
source line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFontMetricsF, QTransform

from geo.gazetteer import Unit
from gui.render.document import MapDocument
from gui.render.legend import font, legend_size
from gui.render.map_painter import Extent, MapContent, MapStyle, fit_transform
from gui.render.page_furniture import NorthArrow, ScaleBar, SizeKey, north_arrow_at
from gui.render.page_insets import (
    Inset,
    Locator,
    layout_locator,
    layout_oslo_inset,
    oslo_has_small_units,
    wants_locator,
    wants_oslo_inset,
)
from gui.render.page_labels import MIN_AREA_MM2, LabelPlan, plan_labels
from gui.render.page_place import FREE_SHARE, corner_rects, device_box, land_share, nice_length, pad, shown_mask
from gui.render.page_points import point_key, point_sources
from gui.render.page_ranking import LAYOUTS, RankingPanel, layout_ranking, ranking_rows, reference_values
from gui.render.page_size import PageSize
from gui.render.scene import level_geometry
from gui.render.text_fit import clean, page_lines
from indicators.classify import Classification
from indicators.session import Session
from indicators.writers import page_text as words
from indicators.writers.table import unit_short_names

#: MapStyle is frozen, so one shared default instance is safe
_DEFAULT_STYLE = MapStyle()


@dataclass(frozen=True)
class PageOptions:
    """What to put on the page beyond the map document itself."""

    page: PageSize
    #: an explicit map extent (the current view); None = whole country or ``region``
    extent: Extent | None = None
    #: zoom to this unit (county, health region, health-trust area or municipality)
    region: Unit | None = None
    #: None = automatic (what the map shows); the texts below likewise
    title: str | None = None
    #: None = automatic: an Oslo inset on national municipality maps
    inset: bool | None = None
    date: dt.date | None = None
    #: None = "Nivå · Periode · Utsnitt"; "" = none
    subtitle: str | None = None
    #: None = the sources of the data shown and "Kartgrunnlag: …" of the boundaries used
    source: str | None = None
    #: a free note printed above the sources
    note: str | None = None
    #: "map" or "map+ranking" (ranked bars and values beside or below the map)
    layout: str = "map"
    #: None = automatic: a locator on county, region and own-view pages
    locator: bool | None = None
    north_arrow: bool = True


@dataclass
class TextBlock:
    top_left: QPointF
    lines: list[str]
    px: float
    colour: str = "#222222"
    bold: bool = False
    role: str = ""


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
    north_arrow: NorthArrow | None = None
    locator: Locator | None = None
    ranking: RankingPanel | None = None
    #: proportional symbols' key, drawn instead of the class legend on a point map
    size_key: SizeKey | None = None
    labels: LabelPlan | None = None

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
        """True if ``p`` on the page is hidden by the legend, an inset or the locator."""
        if self.legend_rect().contains(p):
            return True
        return any(box is not None and box.frame.contains(p) for box in (self.inset, self.locator))

    def text(self) -> str:
        return " ".join(line for block in self.texts for line in block.lines)


def _block(texts: list[TextBlock], x: float, y: float, lines: list[str], px: float, colour: str,
           role: str, bold: bool = False) -> float:
    if lines:
        texts.append(TextBlock(QPointF(x, y), lines, px, colour, bold, role))
    return len(lines) * QFontMetricsF(font(px, bold)).height()


def _footer(texts: list[TextBlock], area: QRectF, u: float, parts: list[tuple[str, str, float, str]]) -> float:
    """Footer blocks bottom-up (last part lowest); returns the top of the footer."""
    bottom = area.bottom()
    for kind, text, px, colour in reversed(parts):
        lines = page_lines(text, kind, QFontMetricsF(font(px)), area.width())
        if not lines:
            continue
        h = len(lines) * QFontMetricsF(font(px)).height()
        texts.append(TextBlock(QPointF(area.left(), bottom - h), lines, px, colour, False, kind))
        bottom -= h + 3 * u
    return bottom


def layout_page(session: Session, doc: MapDocument, options: PageOptions,
                style: MapStyle = _DEFAULT_STYLE) -> PageLayout:
    """Place every element of the page; no painting."""
    page = options.page
    if options.layout not in LAYOUTS:
        raise ValueError(f"unknown page layout {options.layout!r}; choose one of {', '.join(LAYOUTS)}")
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

    # -- header (title and subtitle are capped: see gui.render.text_fit) -------------------------
    title = clean(options.title, "title") or doc.frame.label(session, lang)
    y = area.top()
    y += _block(texts, area.left(), y, page_lines(title, "title", QFontMetricsF(font(22 * u, True)), width),
                22 * u, "#111111", "title", True) + 3 * u
    subtitle = options.subtitle if options.subtitle is not None else words.subtitle(session, doc.frame, where, lang)
    y += _block(texts, area.left(), y, page_lines(subtitle, "subtitle", QFontMetricsF(font(13 * u)), width),
                13 * u, "#444444", "subtitle") + 10 * u
    map_top = y

    # -- what the map shows -----------------------------------------------------------------
    if region is not None:
        extent = pad(level_geometry(region.level, region.vintage or session.map_vintage).extent_of([region.code]), 0.05)
    elif options.extent is not None:
        extent = tuple(float(v) for v in options.extent)  # type: ignore[assignment]
    else:
        extent = pad(geo.bounds, 0.02)
    shown = shown_mask(geo, region, options.extent if custom else None)
    shown_codes = None if shown is None else {c for c, s in zip(geo.codes, shown) if s}
    names = unit_short_names(session, level)
    legend = doc.classification.restricted(shown_codes)
    point_map = bool(content.points) and not legend_has_data(legend)
    if point_map:  # the polygons are only the base map: plain grey, no "no data" hatching
        content = replace(content, classification=None)

    # -- footer (bottom up): note, footnote, label rule, sources ------------------------------------
    cites = doc.sources(session) or (point_sources(session, doc) if point_map else [])
    source = options.source if options.source is not None else words.source_line(
        cites, lang, words.map_credit(session, level, lang))
    foot = words.approximate_footnote(doc.frame, names, shown_codes, lang)
    label_names = _label_names(content, names, shown_codes, region is not None)

    def footer(rule: str) -> float:
        del texts[footer_from:]
        return _footer(texts, area, u, [("note", options.note or "", 10.5 * u, "#222222"),
                                        ("footnote", foot, 9.5 * u, "#333333"),
                                        ("footnote", rule, 9.5 * u, "#333333"),
                                        ("source", source, 10 * u, "#333333")])

    footer_from = len(texts)
    rule = ""
    for _ in range(3):  # the label rule's sentence takes room from the map, which moves the labels
        bar_row_top = footer(rule) - 36 * u
        frame_rect = QRectF(area.left(), map_top, width, bar_row_top - 4 * u - map_top)
        parts = _place_map(session, doc, content, legend, frame_rect, extent, shown, shown_codes, region, custom,
                           region_name, options, point_map, names, label_names, style, u, lang, page)
        plan = parts["labels"]
        new_rule = words.label_rule(plan.too_small, plan.no_room, MIN_AREA_MM2, lang) if plan is not None else ""
        if new_rule == rule:
            break
        rule = new_rule
    else:
        footer(rule)  # still moving after three passes: print the last plan's rule
    map_rect, t = parts["map_rect"], parts["t"]
    notice = None
    if not legend_has_data(legend) and not point_map:
        notice = words.no_data_notice(level_labels_plural(session, level, lang), where, doc.frame.period, lang)

    # -- scale-bar row: north arrow, scale bar (left), date (right) ---------------------------------
    mpp = 1.0 / t.m11()
    arrow = None
    bar_left = map_rect.left() + 1 * u
    if options.north_arrow:
        cx, cy = (extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2
        arrow = north_arrow_at(map_rect.left() + 2 * u, bar_row_top + 3 * u, u, (cx, cy))
        bar_left = arrow.rect.right() + 12 * u
    length_m = nice_length(min(map_rect.width() * 0.25, 260 * u) * mpp)
    lead = int(f"{length_m:e}"[0])
    bar = ScaleBar(QPointF(bar_left, bar_row_top + 10 * u), length_m / mpp, length_m, 5 if lead == 5 else 4,
                   5 * u, 9.5 * u)
    made = words.made_line(options.date or dt.date.today(), lang)
    fm = QFontMetricsF(font(9.5 * u))
    texts.append(TextBlock(QPointF(area.right() - fm.horizontalAdvance(made), bar_row_top + 8 * u), [made],
                           9.5 * u, "#555555", False, "made"))
    content = replace(parts["content"], labels=plan.codes() if plan is not None else parts["content"].labels)
    return PageLayout(page, map_rect, extent, t, texts, parts["legend_pos"], parts["legend_size"], legend,
                      parts["legend_title"], u * 1.1, bar, parts["inset"], region, shown, content, lang,
                      parts["placements"], notice, arrow, parts["locator"], parts["ranking"], parts["size_key"], plan)


def _label_names(content: MapContent, names: dict[str, str], shown: set[str] | None,
                 region_page: bool) -> dict[str, str] | None:
    """Names to place: all labels asked for, or on a region page its own units' names."""
    if content.labels:
        return {c: n for c, n in content.labels.items() if shown is None or c in shown}
    if region_page:
        # a county page names its units (the reader is asked "which one is Bodø?")
        return {c: n for c, n in names.items() if shown is None or c in shown}
    return None


def _place_map(session: Session, doc: MapDocument, content: MapContent, legend: Classification,
               frame_rect: QRectF, extent: Extent, shown, shown_codes, region, custom: bool,
               region_name: str | None, options: PageOptions, point_map: bool, names: dict[str, str],
               label_names: dict[str, str] | None, style: MapStyle, u: float, lang: str, page: PageSize) -> dict:
    """The map rectangle inside ``frame_rect`` and everything drawn on or beside it."""
    geo = doc.geometry
    level = doc.view.level
    map_rect = QRectF(frame_rect)
    ranking = None
    if options.layout == "map+ranking":
        gap = 14 * u
        if page.landscape:
            panel = QRectF(map_rect.left() + map_rect.width() * 0.58 + gap, map_rect.top(),
                           map_rect.width() * 0.42 - gap, map_rect.height())
            map_rect.setWidth(map_rect.width() * 0.58)
        else:
            panel = QRectF(map_rect.left(), map_rect.top() + map_rect.height() * 0.6 + gap, map_rect.width(),
                           map_rect.height() * 0.4 - gap)
            map_rect.setHeight(map_rect.height() * 0.6)
        rows = ranking_rows(session, doc.frame, doc.classification.colour_map(), names, shown_codes, lang)
        refs = reference_values(session, doc.frame, region, lang)
        n_units = len(shown_codes) if shown_codes is not None else len(geo.codes)
        ranking = layout_ranking(panel, rows, refs, doc.frame.indicator.name(lang), n_units, u, lang,
                                 doc.frame.mode == "categorical")

    # -- legend or size key: in a free corner of the map, else beside/below it ------------------------
    lscale = u * 1.1
    legend_title = words.legend_title(session, level, region_name, custom, lang)
    size_key = point_key(session, doc, content.points, u, lang) if point_map else None
    if size_key is not None:
        lw, lh = size_key.size
    else:
        lsize = legend_size(legend, legend_title, lang, lscale, True, 230 * lscale)
        lw, lh = lsize.width(), lsize.height()
    land_mask = shown if region is not None else None
    t = fit_transform(extent, map_rect)
    corners = corner_rects(map_rect, lw, lh, 8 * u)
    scores = {k: land_share(geo, device_box(t, r), land_mask) for k, r in corners.items()}
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
    if size_key is not None:
        size_key.pos = legend_pos

    # -- Oslo inset (national municipality maps) or locator (a part of Norway) -----------------------
    national = region is None and options.extent is None
    inset = None
    taken = [legend_rect]
    if (wants_oslo_inset(level, national, options.inset) and session.level(level).bundled
            and oslo_has_small_units(geo, session.map_vintage)):
        inset = layout_oslo_inset(content, geo, t, map_rect, taken, placements, u, lang, names, style,
                                  session.map_vintage)
        taken.append(inset.frame)
    locator = None
    if session.level(level).bundled and wants_locator(extent, region, custom, options.locator):
        locator = layout_locator(geo, t, map_rect, taken, land_mask, placements, u, region, extent)
        taken.append(locator.frame)

    labels = None
    if label_names:
        labels = plan_labels(geo, label_names, t, map_rect, style, u, page.px_per_mm(), taken,
                             leaders=region is not None or custom, max_overhang=1.0 if region is not None else 1.6)
    return {"map_rect": map_rect, "t": t, "legend_pos": legend_pos, "legend_size": (lw, lh),
            "legend_title": legend_title, "inset": inset, "locator": locator, "placements": placements,
            "labels": labels, "ranking": ranking, "size_key": size_key, "content": content}


def legend_has_data(cls: Classification) -> bool:
    return any(e.count for e in cls.legend if not e.no_data)


def level_labels_plural(session: Session, level: str, lang: str) -> str:
    return words.level_labels(session, level, lang)[1]
