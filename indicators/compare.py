"""A unit's rank and whether it is better, worse or about the same as Norway.

The two rules are stated here once; the details panel, ``breakdown --json`` and the
one-page profile all use them, so they never disagree.

**Rank.** Among the units of the same level on the same map that have a value of
their own for the *same period* (a missing value or a partial sum does not take part).
Where the indicator has a direction (``worse = "higher"`` or ``"lower"``), **1 is the
best**: for "share of patients without a GP" the lowest share is number 1. Without a
direction (population, list ceilings), 1 is the highest value. Ties share the best
position they hold together (competition ranking, "1224"): 230 municipalities at
0,0 % are all number 1, and the next is number 231. ``tied`` says how many units share
the position. A municipality is ranked within its county ("12. av 41 i Nordland")
and within the country ("210. av 351 i landet"); larger units only within the country.

**Better / worse / about the same as Norway.** Only for indicators with a direction
and for shares and rates: a municipality's count is not comparable with the
country's total, so counts get a rank but no marker. Norway's value for the same
period is used; where that is partial (some municipalities have no figure), the ratio
of sums over the municipalities that have one is used instead, and the comparison
says so ("mot 351 av 357 kommuner"). *About the same* means the difference is at most
:data:`SAME_RELATIVE` (5 %) of Norway's value, or at most one step of the last decimal
shown (0,1 percentage points for shares), whichever is larger; otherwise the
indicator's direction decides.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from geo.levels import LAND, LAND_CODE
from indicators import format as fmt
from indicators.catalogue import Indicator
from indicators.session import Session

#: "about the same as Norway": within this share of Norway's value (or one shown decimal step)
SAME_RELATIVE = 0.05
#: indicator kinds whose unit value can be set against Norway's
COMPARABLE_KINDS = ("ratio", "rate")
BEST_FIRST, HIGHEST_FIRST = "best_first", "highest_first"
_EQUAL = 1e-9


@dataclass(frozen=True)
class Rank:
    """Position ``position`` of ``of`` units with a value; ``tied`` units share it (1 = alone)."""

    position: int
    of: int
    tied: int = 1

    def as_list(self) -> list[int]:
        return [self.position, self.of]


@dataclass(frozen=True)
class NorwayReference:
    """Norway's value for a period; ``have``/``of`` are set when it is a ratio of partial sums."""

    value: float
    have: int | None = None
    of: int | None = None

    @property
    def partial(self) -> bool:
        return self.have is not None and self.of is not None and self.have < self.of


@dataclass(frozen=True)
class Assessment:
    indicator: str
    period: str
    order: str
    county: Rank | None = None
    country: Rank | None = None
    #: "better" | "worse" | "same", or None (no direction, a count, or no Norway figure)
    vs_norway: str | None = None
    norway: NorwayReference | None = None
    #: why there is no comparison with Norway ("" when there is one, or no direction at all)
    vs_norway_note: str = ""

    def to_dict(self) -> dict:
        """The keys ``breakdown --json`` adds to an own value."""
        d: dict = {}
        ranks = {k: r for k, r in (("county", self.county), ("country", self.country)) if r is not None}
        if ranks:
            d["rank"] = {k: r.as_list() for k, r in ranks.items()}
            d["rank_order"] = self.order
            d["rank_ties"] = {k: r.tied for k, r in ranks.items()}
        if self.vs_norway is not None:
            d["vs_norway"] = self.vs_norway
            d["norway_value"] = self.norway.value if self.norway else None
            if self.norway is not None and self.norway.partial:
                d["vs_norway_basis"] = {"have": self.norway.have, "of": self.norway.of}
        elif self.vs_norway_note:
            d["vs_norway_note"] = self.vs_norway_note
        return d


def has_direction(indicator: Indicator) -> bool:
    return indicator.worse in ("higher", "lower")


def rank_order(indicator: Indicator) -> str:
    return BEST_FIRST if has_direction(indicator) else HIGHEST_FIRST


def rank_of(value: float, values: np.ndarray, indicator: Indicator) -> Rank | None:
    """Competition rank of ``value`` among ``values`` (which hold it), by the rule above."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    if values.size == 0 or value is None or np.isnan(value):
        return None
    if indicator.worse == "higher":
        ahead = int((values < value - _EQUAL).sum())  # lower is better: the lower ones are ahead
    else:  # "lower" (higher is better) and no direction (highest first)
        ahead = int((values > value + _EQUAL).sum())
    tied = int((np.abs(values - value) <= _EQUAL).sum())
    return Rank(ahead + 1, int(values.size), max(tied, 1))


def same_tolerance(reference: float, unit: str) -> float:
    """How far from Norway's value still counts as about the same (see the module text)."""
    step = 10.0 ** -fmt.decimals_for(unit, reference)
    return max(SAME_RELATIVE * abs(reference), step)


def versus(value: float, reference: float, indicator: Indicator) -> str | None:
    """'better' | 'worse' | 'same' against ``reference`` by the indicator's direction."""
    if not has_direction(indicator) or value is None or reference is None:
        return None
    diff = value - reference
    if abs(diff) <= same_tolerance(reference, indicator.unit) + _EQUAL:
        return "same"
    return "worse" if (diff > 0) == (indicator.worse == "higher") else "better"


def level_values(session: Session, indicator_id: str, level: str, period: str) -> dict[str, float]:
    """code → own value of every unit of ``level`` with a plain value in ``period``."""
    return dict(_plain_values(session, level).get((indicator_id, period), {}))


def _plain_values(session: Session, level: str) -> dict[tuple[str, str], dict[str, float]]:
    """(indicator, period) → code → value at ``level`` on the session's map, built in one pass.

    A profile ranks ~20 indicators and a county batch 41 municipalities; filtering the
    whole observation table per indicator took most of a profile's time. The table is
    rebuilt when the observations change (an import, an SSB update) or the map does.
    """
    obs = session.observations
    key = (level, session.map_vintage)
    entry = _PLAIN.get(id(obs))
    if entry is None or entry[0] is not obs or entry[1] != obs.version:
        entry = (obs, obs.version, {})
        _PLAIN.clear()  # one session at a time is the common case; keep memory bounded
        _PLAIN[id(obs)] = entry
    hit = entry[2].get(key)
    if hit is None:
        hit = _build_plain(obs, level, session.map_vintage)
        entry[2][key] = hit
    return hit


def _build_plain(obs, level: str, vintage: str) -> dict[tuple[str, str], dict[str, float]]:
    import numpy as np

    from geo.levels import VINTAGED_LEVELS

    c = obs.columns
    with np.errstate(invalid="ignore"):
        partial = ~np.isnan(c["members_of"]) & (c["members_have"] < c["members_of"])
    m = (c["level"] == level) & ~np.isnan(c["value"]) & (c["category"] == "") & ~partial
    if level in VINTAGED_LEVELS:
        m &= c["vintage"] == vintage
    rows = c.take(m)
    if rows.empty:
        return {}
    # one row per cell as the map shows it: printed before derived, then the preferred source
    prios = [obs.source_priority.get(i, ()) for i in rows["indicator"].tolist()]
    src_rank = np.array([p.index(s) if s in p else len(p) for p, s in zip(prios, rows["source"].tolist(), strict=True)])
    order = np.lexsort((src_rank, rows["derived"].astype(int)))
    out: dict[tuple[str, str], dict[str, float]] = {}
    for ind, period, code, value in zip(rows["indicator"][order].tolist(), rows["period"][order].tolist(),
                                        rows["code"][order].tolist(), rows["value"][order].tolist(), strict=True):
        out.setdefault((ind, period), {}).setdefault(str(code), float(value))  # the first row of a cell wins
    return out


_PLAIN: dict[int, tuple[object, int, dict]] = {}


def norway_reference(session: Session, indicator: Indicator, period: str) -> NorwayReference | None:
    """Norway's value for ``period``; when partial, the ratio of sums over the members that have one."""
    from indicators.breakdown import unit_values

    v = unit_values(session, LAND, LAND_CODE, indicator, period=period, exact=True)
    if v is None or v.missing:
        return None
    if v.is_partial:
        part = v.partial_value(indicator)
        return None if part is None else NorwayReference(part, v.members_have, v.members_of)
    return None if v.value is None else NorwayReference(float(v.value))


def assess(session: Session, indicator: Indicator, level: str, code: str, value: float | None, period: str,
           county: str | None = None) -> Assessment | None:
    """Rank and comparison with Norway of one own value (None for a category or no number)."""
    if value is None or indicator.is_category:
        return None
    values = level_values(session, indicator.id, level, period)
    if code not in values:
        values[code] = float(value)
    everyone = np.fromiter(values.values(), dtype=float)
    country = rank_of(float(value), everyone, indicator)
    county_rank = None
    if level == "kommune" and county:
        members = _county_members(session, county)
        inside = np.array([v for c, v in values.items() if c in members], dtype=float)
        county_rank = rank_of(float(value), inside, indicator)
    result = Assessment(indicator.id, period, rank_order(indicator), county_rank, country)
    if not has_direction(indicator):
        return result
    if indicator.kind not in COMPARABLE_KINDS:
        return _with(result, note="count: not comparable with Norway's total")
    ref = norway_reference(session, indicator, period)
    if ref is None:
        return _with(result, note=f"Norway has no figure for {period}")
    return _with(result, vs=versus(float(value), ref.value, indicator), ref=ref)


def _with(a: Assessment, vs: str | None = None, ref: NorwayReference | None = None, note: str = "") -> Assessment:
    from dataclasses import replace

    return replace(a, vs_norway=vs, norway=ref, vs_norway_note=note)


def _county_members(session: Session, county: str) -> frozenset[str]:
    gaz = session.gazetteer()
    cache = _MEMBERS.setdefault(gaz.vintage or session.map_vintage, {})
    hit = cache.get(county)
    if hit is None:
        hit = frozenset(u.code for u in gaz.members("fylke", county))
        cache[county] = hit
    return hit


_MEMBERS: dict[str, dict[str, frozenset[str]]] = {}
