"""An indicator over the years: the unit, its county and Norway, period by period.

What the trend chart, the sparklines of the details and the profile's charts draw.
Each point keeps the honesty rules of single values: a partial county or Norway
figure (not every municipality has one) is no value; where the counts allow it, its
ratio of sums over the members that have one is kept beside as ``partial_value``,
drawn hollow and said so. Missing years are gaps, never interpolated.

A municipality whose number changed (Halden 3001 → 3101 in 2024, Bergen 1201 → 4601
in 2020) has SSB figures under its new number only from the change on; the
:class:`CodeBreak` says where the series starts and under which number it ran before.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from geo.levels import LAND, LAND_CODE
from indicators.breakdown import Value, unit_values
from indicators.catalogue import Indicator
from indicators.observations import period_key
from indicators.session import Session


@dataclass(frozen=True)
class Point:
    period: str
    value: float | None
    approximate: bool = False
    derived: bool = False
    #: a sum over only some members: no value; the ratio of the partial sums, where known
    partial: bool = False
    partial_value: float | None = None
    have: int | None = None
    of: int | None = None
    source: str = ""
    table: str = ""
    note: str = ""


@dataclass(frozen=True)
class Line:
    role: str  # "unit" | "county" | "norway"
    level: str
    code: str
    label: str
    points: tuple[Point, ...]

    def values(self) -> list[float | None]:
        return [p.value for p in self.points]

    @property
    def has_values(self) -> bool:
        return any(p.value is not None or p.partial_value is not None for p in self.points)


@dataclass(frozen=True)
class CodeBreak:
    """The unit's series starts at ``period``: its number changed then (``old_codes``), or
    (``old_codes`` empty) the series simply starts later than the country's."""

    period: str
    code: str
    old_codes: tuple[str, ...] = ()
    year: str = ""

    def text(self, lang: str = "nb") -> str:
        if self.old_codes:
            old = ", ".join(self.old_codes)
            if lang == "en":
                return (f"New municipality number {self.code} from {self.year} (before: {old}); the figures "
                        "under the old number are not in Legekart's SSB data.")
            return (f"Nytt kommunenummer {self.code} fra {self.year} (før: {old}); tallene under det gamle "
                    "nummeret er ikke med i Legekarts SSB-tall.")
        if lang == "en":
            return f"The series for {self.code} starts in {self.period}; earlier years may be under another number."
        return f"Serien for {self.code} starter {self.period}; tidligere år kan stå under et annet kommunenummer."


@dataclass(frozen=True)
class Trend:
    indicator: Indicator
    periods: tuple[str, ...]
    lines: tuple[Line, ...]
    code_break: CodeBreak | None = None

    def line(self, role: str) -> Line | None:
        return next((ln for ln in self.lines if ln.role == role), None)

    @property
    def has_series(self) -> bool:
        unit = self.line("unit")
        return unit is not None and sum(p.value is not None for p in unit.points) >= 2


def _point(v: Value | None, period: str, indicator: Indicator) -> Point:
    if v is None or v.missing:
        return Point(period, None, note=v.missing if v is not None else "")
    if v.is_partial:
        return Point(period, None, v.approximate, v.derived, True, v.partial_value(indicator), v.members_have,
                     v.members_of, v.source, v.table, v.note)
    return Point(period, None if v.value is None else float(v.value), v.approximate, v.derived, source=v.source,
                 table=v.table, note=v.note)


def periods_of(session: Session, indicator_id: str, levels: tuple[str, ...] = ("kommune", "fylke", LAND)) -> list[str]:
    """Every period of an indicator at any of ``levels`` on the session's map, in order."""
    found: set[str] = set()
    for lv in levels:
        found.update(session.periods(indicator_id, lv))
    return sorted(found, key=period_key)


def has_trend(session: Session, indicator_id: str, level: str = "kommune") -> bool:
    """At least two periods at the level: a line can be drawn."""
    return len(session.periods(indicator_id, level)) >= 2


def line(session: Session, indicator: Indicator, level: str, code: str, periods: list[str], role: str,
         label: str) -> Line:
    vintage = session.map_vintage
    have = set(session.observations.unit_periods(indicator.id, level, code, vintage=vintage))
    points = tuple(
        _point(unit_values(session, level, code, indicator, p, exact=True) if p in have else None, p, indicator)
        for p in periods)
    return Line(role, level, code, label, points)


def sparkline(session: Session, indicator: Indicator, level: str, code: str) -> tuple[tuple[str, float | None], ...]:
    """The unit's own values over the periods of its level (empty when fewer than two)."""
    periods = session.periods(indicator.id, level)
    if len(periods) < 2:
        return ()
    pts = line(session, indicator, level, code, periods, "unit", code).points
    if sum(p.value is not None for p in pts) < 2:
        return ()
    return tuple((p.period, p.value) for p in pts)


def trend(session: Session, level: str, code: str, indicator_id: str, lang: str = "nb") -> Trend:
    """The unit, its county (for a municipality) and Norway over every period available.

    For a count only the unit: the county's and the country's totals are of another size."""
    ind = session.indicator(indicator_id)
    gaz = session.gazetteer()
    unit = gaz.get(level, code)
    levels = (level, "fylke", LAND) if level == "kommune" else (level, LAND)
    periods = periods_of(session, ind.id, levels)
    lines = [line(session, ind, level, unit.code, periods, "unit", unit.short_name)]
    if ind.kind == "count":  # a county's or the country's total is not on the unit's scale
        return Trend(ind, tuple(periods), tuple(lines), code_break(session, level, lines[0], ind))
    if level == "kommune" and unit.fylke:
        county = gaz.get("fylke", unit.fylke)
        lines.append(line(session, ind, "fylke", county.code, periods, "county", county.short_name))
    lines.append(line(session, ind, LAND, LAND_CODE, periods, "norway", "Norway" if lang == "en" else "Norge"))
    return Trend(ind, tuple(periods), tuple(lines), code_break(session, level, lines[0], ind))


def code_break(session: Session, level: str, unit_line: Line, indicator: Indicator) -> CodeBreak | None:
    """Where the unit's own series starts later than the level's, and why if a code change says so."""
    if level != "kommune":
        return None
    code = unit_line.code
    level_periods = session.periods(indicator.id, level)
    own = [p.period for p in unit_line.points if p.value is not None]
    if len(level_periods) < 2 or len(own) < 1 or period_key(own[0]) <= period_key(level_periods[0]):
        return None
    change = code_change(session.map_vintage, code)
    if change is not None and period_key(change[0]) <= period_key(own[0]):
        return CodeBreak(own[0], code, change[1], change[0])
    return CodeBreak(own[0], code)


@lru_cache(maxsize=4096)
def code_change(vintage: str, code: str) -> tuple[str, tuple[str, ...]] | None:
    """The latest change of a municipality's number: (year, earlier numbers), after SSB Klass 131."""
    from geo.crosswalk import crosswalk

    steps = (("2020", "2024"), ("2019", "2020")) if vintage == "2024" else (("2019", "2020"),)
    current = [code]
    for old, new in steps:
        cw = crosswalk(old, new)
        rows = cw[cw["code_to"].isin(current)]
        if rows.empty:
            return None
        if (rows["relation"] != "same").any():
            return new, tuple(sorted(set(rows["code_from"].astype(str))))
        current = list(rows["code_from"].astype(str))
    return None
