"""Unit names on a page: inside the unit, beside it with a leader line, or left out by rule.

The rule, stated on the page when it leaves a name out:

- a unit smaller than :data:`MIN_AREA_MM2` on the printed page gets no name (at
  that size a name cannot be tied to its unit legibly);
- a name is written inside its unit when it fits within the unit's width and
  collides with nothing, larger units first;
- otherwise (small islands, narrow fjord municipalities) it is written beside the
  unit, over the sea where possible, with a dot on the unit and a thin leader line —
  on pages with at most :data:`LEADER_MAX_UNITS` units (a county, a region);
- a name that finds no free place is left out and counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import shapely
from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPen

from gui.render.legend import font
from gui.render.map_painter import MapStyle
from gui.render.page_place import device_box
from gui.render.scene import LevelGeometry

MIN_AREA_MM2 = 1.0
LEADER_MAX_UNITS = 120
#: how far from its unit a leader label may sit, in 96-dpi pixels
LEADER_STEPS = (8.0, 16.0, 28.0, 44.0)
_DIRECTIONS = ((1, 0), (-1, 0), (1, -1), (-1, -1), (1, 1), (-1, 1), (0, -1), (0, 1))


@dataclass
class PlacedLabel:
    code: str
    text: str
    box: QRectF
    #: the unit's point when the name sits beside it (dot and leader line), else None
    anchor: QPointF | None = None


@dataclass
class LabelPlan:
    labels: list[PlacedLabel] = field(default_factory=list)
    too_small: list[str] = field(default_factory=list)  # names, below MIN_AREA_MM2
    no_room: list[str] = field(default_factory=list)
    px: float = 10.0

    def codes(self) -> dict[str, str]:
        return {p.code: p.text for p in self.labels}


def _label_font_px(style: MapStyle, scale: float) -> float:
    return style.label_pt * 96 / 72 * scale


def plan_labels(geo: LevelGeometry, names: dict[str, str], t, rect: QRectF, style: MapStyle, scale: float,
                px_per_mm: float, avoid: list[QRectF] = (), leaders: bool = True,
                max_overhang: float = 1.0) -> LabelPlan:
    """Decide where each name goes (see the module's rule)."""
    px = _label_font_px(style, scale)
    fm = QFontMetricsF(font(px))
    inner = rect.adjusted(5 * scale, 5 * scale, -5 * scale, -5 * scale)
    s = t.m11()
    items = [(geo.index[c], c, n) for c, n in names.items() if n and c in geo.index]
    areas = {i: float(shapely.area(geo.geoms[i])) * s * s / (px_per_mm * px_per_mm) for i, _, _ in items}
    items.sort(key=lambda it: -areas[it[0]])
    plan = LabelPlan(px=px)
    placed: list[QRectF] = []
    blocked = list(avoid)
    leaders = leaders and len(items) <= LEADER_MAX_UNITS
    pending = []
    for i, code, text in items:
        if areas[i] < MIN_AREA_MM2:
            plan.too_small.append(text)
            continue
        c = t.map(QPointF(geo.label_points[i][0], -geo.label_points[i][1]))
        w, h = fm.horizontalAdvance(text), fm.height()
        box = QRectF(c.x() - w / 2, c.y() - h / 2, w, h)
        unit_w = (geo.unit_bounds[i, 2] - geo.unit_bounds[i, 0]) * s
        if w <= unit_w * max_overhang and inner.contains(box) and not _hits(box, placed, blocked):
            plan.labels.append(PlacedLabel(code, text, box))
            placed.append(box.adjusted(-2 * scale, -1 * scale, 2 * scale, 1 * scale))
        else:
            pending.append((i, code, text, c, w, h))
    # dots of every leader unit are known before any name is moved beside them
    dots = [QRectF(c.x() - 2 * scale, c.y() - 2 * scale, 4 * scale, 4 * scale) for *_, c, _w, _h in pending]
    for i, code, text, c, w, h in pending:
        spot = _beside(geo, i, c, w, h, t, inner, placed, blocked + dots, scale) if leaders else None
        if spot is None:
            plan.no_room.append(text)
            continue
        plan.labels.append(PlacedLabel(code, text, spot, c))
        placed.append(spot.adjusted(-2 * scale, -1 * scale, 2 * scale, 1 * scale))
    return plan


def _hits(box: QRectF, placed: list[QRectF], blocked: list[QRectF]) -> bool:
    return any(box.intersects(p) for p in placed) or any(box.intersects(b) for b in blocked)


def _beside(geo: LevelGeometry, i: int, c: QPointF, w: float, h: float, t, inner: QRectF,
            placed: list[QRectF], blocked: list[QRectF], scale: float) -> QRectF | None:
    """A free place near the unit, preferring one over the sea (covering fewest other units)."""
    best, best_key = None, None
    for step_i, step in enumerate(LEADER_STEPS):
        d = step * scale
        for k, (dx, dy) in enumerate(_DIRECTIONS):
            x = c.x() + dx * d + (0 if dx > 0 else -w if dx < 0 else -w / 2)
            y = c.y() + dy * d + (-h / 2 if dy == 0 else 0 if dy > 0 else -h)
            box = QRectF(x, y, w, h)
            if not inner.contains(box) or _hits(box, placed, blocked):
                continue
            hits = geo.tree.query(device_box(t, box), predicate="intersects")
            others = int(sum(1 for j in hits if j != i))
            key = (others, step_i, k)
            if best_key is None or key < best_key:
                best, best_key = box, key
        if best_key is not None and best_key[0] == 0:
            break  # a place over the sea this close: take it
    return best


def paint_planned_labels(painter: QPainter, plan: LabelPlan, style: MapStyle, scale: float) -> None:
    """Names with a white halo; leader labels with a dot on the unit and a thin line."""
    f = font(plan.px)
    fm = QFontMetricsF(f)
    halo = QPainterPathStroker()
    halo.setWidth(3.0 * scale)
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, True)
    for p in plan.labels:
        if p.anchor is not None:
            end = _nearest_on_box(p.box, p.anchor)
            painter.setPen(QPen(QColor("#ffffff"), 2.2 * scale))
            painter.drawLine(QLineF(p.anchor, end))
            painter.setPen(QPen(QColor("#333333"), 0.8 * scale))
            painter.drawLine(QLineF(p.anchor, end))
            painter.setPen(QPen(QColor("#ffffff"), 0.8 * scale))
            painter.setBrush(QColor("#1e1e1e"))
            painter.drawEllipse(p.anchor, 1.8 * scale, 1.8 * scale)
        path = QPainterPath()
        path.addText(QPointF(p.box.left(), p.box.top() + fm.ascent()), f, p.text)
        painter.fillPath(halo.createStroke(path), QColor(style.label_halo))
        painter.fillPath(path, QColor(style.label))
    painter.restore()


def _nearest_on_box(box: QRectF, p: QPointF) -> QPointF:
    x = min(max(p.x(), box.left()), box.right())
    y = min(max(p.y(), box.top() + box.height() * 0.25), box.bottom() - box.height() * 0.25)
    return QPointF(x, y)


def fitting_labels(geo: LevelGeometry, labels: dict[str, str], t, rect: QRectF, style: MapStyle,
                   scale: float, avoid: list[QRectF] = (), max_overhang: float | None = None) -> dict[str, str]:
    """Labels whose text lies wholly inside ``rect`` and off ``avoid`` (no names cut by a frame).

    With ``max_overhang`` a label may be at most that many times as wide as its unit, so a
    small unit's name does not sit on its neighbour. Used by the Oslo inset.
    """
    fm = QFontMetricsF(font(_label_font_px(style, scale)))
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
