"""Two indicators per unit, side by side: the data of the bivariate view.

Each unit of the level with a value of both indicators is one point, each
indicator in its own latest period (or the one asked for), as the maps show them.
A category indicator (SSB's centrality class) becomes its class's position in the
scheme, so classes 1–6 lie on an axis in order. Units missing either value are
left out and counted, never placed at zero.
"""

from __future__ import annotations

from dataclasses import dataclass

from indicators.mapdata import map_frame
from indicators.session import Session


@dataclass(frozen=True)
class ScatterPoint:
    code: str
    name: str
    x: float
    y: float
    approximate: bool = False


@dataclass(frozen=True)
class Scatter:
    level: str
    x_id: str
    y_id: str
    x_period: str | None
    y_period: str | None
    points: tuple[ScatterPoint, ...]
    #: units of the level without a value of one of the two
    left_out: int
    #: for a category axis: position → class label
    x_classes: dict[int, str] | None = None
    y_classes: dict[int, str] | None = None

    def point(self, code: str) -> ScatterPoint | None:
        return next((p for p in self.points if p.code == code), None)

    def codes_in(self, x0: float, x1: float, y0: float, y1: float) -> set[str]:
        """Codes of the points inside a data rectangle (the rubber band)."""
        lo_x, hi_x, lo_y, hi_y = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        return {p.code for p in self.points if lo_x <= p.x <= hi_x and lo_y <= p.y <= hi_y}


def _axis(session: Session, level: str, ind_id: str, period: str | None, lang: str):
    mf = map_frame(session, level, ind_id, period)
    ind = mf.indicator
    f = mf.frame
    if ind.is_category:
        scheme = session.catalogue.scheme_of(ind)
        order = {k: i + 1 for i, k in enumerate(scheme.keys())} if scheme else {}
        values = {c: float(order[k]) for c, k in zip(f.index, f["category"], strict=True) if k in order}
        classes = {i: scheme.get(k).label(lang) for k, i in order.items()} if scheme else None
    else:
        values = {c: float(v) for c, v in zip(f.index, f["value"], strict=True) if v == v}
        classes = None
    approx = {c for c, a in zip(f.index, f["approximate"], strict=True) if a}
    return mf.period, values, approx, classes


def scatter(session: Session, level: str, x_id: str, y_id: str, x_period: str | None = None,
            y_period: str | None = None, lang: str = "nb") -> Scatter:
    """Points of every unit with both values (KeyError/ValueError for an unknown indicator or level)."""
    xp, xv, xa, xc = _axis(session, level, x_id, x_period, lang)
    yp, yv, ya, yc = _axis(session, level, y_id, y_period, lang)
    names = {u.code: u.short_name for u in session.gazetteer().level_units(level)} if session.has_level(level) \
        and level in ("kommune", "fylke", "helseregion", "helseforetak") else {}
    codes = list(session.level(level).codes)
    points = tuple(ScatterPoint(c, names.get(c, c), xv[c], yv[c], c in xa or c in ya) for c in codes
                   if c in xv and c in yv)
    return Scatter(level, x_id, y_id, xp, yp, points, len(codes) - len(points), xc, yc)
