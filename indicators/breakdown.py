"""The breakdown of one unit: its own values next to its county, region and Norway.

A municipality with no values of its own must say so plainly; values of the units
around it are returned as *context*, labelled with the unit they belong to, never
as the municipality's own.

Comparisons are between values of the same period: each context value is the one for
the period of the unit's own value (or, without an own value, the period the map
shows). A context unit without that period says so, and its nearest period is given
beside, marked with its year. A context value summed from only some municipalities
is partial and has no plain value ("40 av 41 kommuner").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from geo.gazetteer import Gazetteer, Unit
from geo.levels import LAND, LAND_CODE, LEVELS, VINTAGED_LEVELS
from indicators.catalogue import Indicator
from indicators.observations import TEXT_COLUMNS, _plain_list, period_key, preference
from indicators.session import Session
from indicators.value import Value, _count, _num, _share  # Value re-exported: the breakdown's own type

#: context levels shown for a unit at each level, nearest first; a municipality is also
#: compared with the seeds' figures for its kind (SSB centrality class, and the three
#: groups of document 000 by Legekart's own 6 → 3 assumption, see indicators.centrality)
CENTRALITY_LEVELS = ("sentralitet", "sentralitet3")
CONTEXT_LEVELS = {
    "kommune": ("fylke", "helseforetak", "helseregion", LAND, *CENTRALITY_LEVELS),
    "fylke": ("helseregion", LAND),
    "helseforetak": ("helseregion", LAND),
    "helseregion": (LAND,),
}

NO_OWN_VALUES = {
    "nb": "Ingen egne tall for {name} i Legekarts kilder. Tallene under gjelder fylket, "
          "helseregionen og landet, og vises som sammenligning – ikke som kommunens egne tall.",
    "en": "Legekart's sources hold no figures of {name}'s own. The figures below belong to "
          "the county, the health region and Norway and are shown as context – not as the "
          "municipality's own figures.",
}


def unit_values(session: Session, level: str, code: str, indicator: Indicator, period: str | None = None,
                exact: bool = False, vintage: str | None = None) -> Value | None:
    """Value of one indicator for one unit in ``period`` (default: its latest).

    ``exact`` gives None when the unit has no row for ``period``. A row that only
    carries a reason (no number) comes back with ``missing`` set.
    """
    rows = session.observations.unit_rows(indicator.id, level, code, period,
                                          vintage=vintage or session.map_vintage, exact=exact)
    if not rows:
        return None
    return _value_of(session, level, code, indicator, rows)


def _value_of(session: Session, level: str, code: str, indicator: Indicator, rows: list[dict]) -> Value:
    """The :class:`Value` of one unit's chosen rows (one per category, as ``unit_rows`` gives them)."""
    first = rows[0]
    distribution: tuple[dict, ...] = ()
    category = None
    value = _num(first["value"])
    if indicator.is_category:
        own = [r for r in rows if r["category"] and _num(r["denominator"]) is None and _num(r["value"]) is None]
        dist = [r for r in rows
                if _num(r["denominator"]) is not None or (_num(r["value"]) is not None and r["category"])]
        value = None
        if own:
            category = own[0]["category"]
        elif dist:
            scheme = session.catalogue.scheme_of(indicator)
            order = {k: i for i, k in enumerate(scheme.keys())} if scheme else {}
            distribution = tuple(
                {"category": r["category"], "count": _num(r["numerator"]), "n": _num(r["denominator"]),
                 "share": _share(r)}
                for r in sorted(dist, key=lambda r: order.get(r["category"], 99))
            )

    def joined(col: str) -> str:
        return ";".join(dict.fromkeys(r[col] for r in rows if r[col]))

    no_number = value is None and category is None and not distribution
    partial = _count(first.get("members_of")) is not None and (_count(first.get("members_have")) or 0) < (
        _count(first.get("members_of")) or 0)
    missing = ""
    if no_number and not partial:
        missing = first["note"] or "no value"
    return Value(
        indicator=indicator.id, level=level, code=code, period=first["period"],
        value=value, numerator=_num(first["numerator"]) if not indicator.is_category else None,
        denominator=_num(first["denominator"]) if not indicator.is_category else None,
        category=category, distribution=distribution, source=joined("source"),
        table=joined("table"), seed_lines=joined("seed_lines"),
        approximate=any(bool(r["approximate"]) for r in rows), derived=any(bool(r["derived"]) for r in rows),
        note=" ".join(dict.fromkeys(r["note"] for r in rows if r["note"])), origin=first["origin"],
        members_have=_count(first.get("members_have")), members_of=_count(first.get("members_of")),
        missing=missing,
    )


def latest_values(session: Session, level: str, indicator: Indicator, vintage: str | None = None
                  ) -> dict[str, Value]:
    """``unit_values(session, level, code, indicator, vintage=vintage)`` for every code of the
    level that has a row, in one pass over the indicator's rows (code → value).

    Why: the HTML popups ask for every indicator at every unit (~7 000 questions for the
    municipalities); one cell lookup each took 0.3–0.6 s. The rows are chosen as
    :meth:`Observations.unit_rows` chooses them: the latest period (the first row of the
    greatest period key), printed before derived, then the preferred source, one per category.
    """
    return latest_values_of(session, level, [indicator], vintage)[indicator.id]


def latest_values_of(session: Session, level: str, indicators: list[Indicator], vintage: str | None = None
                     ) -> dict[str, dict[str, Value]]:
    """:func:`latest_values` of several indicators (indicator id → code → value), the level's
    rows found once (each comparison of a text column costs ~0.7 ms)."""
    obs = session.observations
    c = obs.columns
    mask = c["level"] == level
    if level in VINTAGED_LEVELS:
        mask &= c["vintage"] == (vintage or session.map_vintage)
    here = np.flatnonzero(mask)
    ids = c["indicator"][here]
    return {ind.id: _latest(session, level, ind, here[ids == ind.id]) for ind in indicators}


def _latest(session: Session, level: str, indicator: Indicator, pos: np.ndarray) -> dict[str, Value]:
    """The values of ``indicator`` from its rows at ``pos`` (the level's, of the map's vintage)."""
    obs = session.observations
    c = obs.columns
    if not len(pos):
        return {}
    codes = c["code"][pos].tolist()
    periods = c["period"][pos].tolist()
    keys = {p: period_key(p) for p in set(periods)}
    latest: dict[str, str] = {}
    for code, p in zip(codes, periods):  # max(): the first of the greatest keys wins
        best = latest.get(code)
        if best is None or keys[p] > keys[best]:
            latest[code] = p
    chosen = np.array([i for i, (code, p) in enumerate(zip(codes, periods)) if p == latest[code]], dtype=np.intp)
    names = c.names
    at = pos[chosen]
    col = {n: _plain_list(c[n][at], c[n].dtype == object and n not in TEXT_COLUMNS) for n in names}
    groups: dict[str, list[int]] = {}
    for i, code in enumerate(col["code"]):
        groups.setdefault(code, []).append(i)
    prio = {src: i for i, src in enumerate(obs.source_priority.get(indicator.id, ()))}
    derived, source, category = col["derived"], col["source"], col["category"]
    converted: dict[str, list] = dict(col)
    converted.update({n: _numbers(col[n]) for n in ("value", "numerator", "denominator")})
    converted.update({n: _counts(col[n]) for n in ("members_have", "members_of")})
    out: dict[str, Value] = {}
    for code, idx in groups.items():
        if len(idx) > 1:
            picked: dict[str, int] = {}
            for i in sorted(idx, key=lambda i: preference(derived[i], source[i], prio)):
                picked.setdefault(category[i], i)
            idx = list(picked.values())
        if len(idx) == 1 and not indicator.is_category:
            out[code] = _one_number(level, code, indicator, converted, idx[0])
        else:
            out[code] = _value_of(session, level, code, indicator, [{n: col[n][i] for n in names} for i in idx])
    return out


def _numbers(values: list) -> list[float | None]:
    """``_num`` of each value, a float at a time without the call (~35 000 of them for a map)."""
    return [(None if v != v else v) if type(v) is float else _num(v) for v in values]


def _counts(values: list) -> list[int | None]:
    """``_count`` of each value."""
    return [None if v is None else int(v) for v in _numbers(values)]


def _one_number(level: str, code: str, indicator: Indicator, col: dict[str, list], i: int) -> Value:
    """What :func:`_value_of` gives for a single row of a number indicator, read from the
    columns without building the row (a quarter of the time; most popup values are such).
    ``col`` holds the number columns converted by :func:`_numbers` and :func:`_counts`."""
    value = col["value"][i]
    have, of = col["members_have"][i], col["members_of"][i]
    note = col["note"][i]
    partial = of is not None and (have or 0) < (of or 0)
    return Value(
        indicator=indicator.id, level=level, code=code, period=col["period"][i], value=value,
        numerator=col["numerator"][i], denominator=col["denominator"][i], category=None,
        distribution=(), source=col["source"][i] or "", table=col["table"][i] or "",
        seed_lines=col["seed_lines"][i] or "", approximate=bool(col["approximate"][i]),
        derived=bool(col["derived"][i]), note=note or "", origin=col["origin"][i],
        members_have=have, members_of=of, missing=(note or "no value") if value is None and not partial else "",
    )


@dataclass
class Breakdown:
    """One unit's figures beside its county, region and Norway in the same period, with what is missing and why."""

    unit: Unit
    parents: dict[str, Unit]
    own: dict[str, Value]
    context: dict[str, dict[str, Value]]  # level -> indicator -> value (same period as own)
    indicators: list[Indicator]
    #: indicators mapped at the unit's level for which the unit has no value, and why
    own_missing: dict[str, Value] | None = None
    #: the map vintage the codes belong to
    vintage: str = ""

    @property
    def has_own_values(self) -> bool:
        return bool(self.own)

    def assessment(self, session: Session, indicator_id: str):
        """Rank and comparison with Norway of an own value (see :mod:`indicators.compare`), or None."""
        cache = self.__dict__.setdefault("_assessments", {})
        if indicator_id not in cache:
            from indicators.compare import assess

            v = self.own.get(indicator_id)
            cache[indicator_id] = None if v is None else assess(
                session, session.indicator(indicator_id), self.unit.level, self.unit.code, v.value, v.period,
                self.unit.fylke)
        return cache[indicator_id]

    @staticmethod
    def _missing_entry(ind: Indicator, v: Value, session: Session, lang: str) -> dict:
        """An own value that is not the unit's value: why, and for a partial sum its coverage and text."""
        entry: dict[str, Any] = {"indicator": ind.id, "name": ind.name(lang), "period": v.period,
                                 "reason": v.missing}
        if v.is_partial:
            entry["reason"] = (f"partial: {v.members_have} of {v.members_of} municipalities have a value"
                               if lang == "en" else
                               f"delvis: {v.members_have} av {v.members_of} kommuner har verdi")
            entry["coverage"] = {"have": v.members_have, "of": v.members_of}
            entry["text"] = v.text(ind, session, lang)
            entry["approximate"] = v.approximate
        if ind.ssb():
            entry["ssb"] = ind.ssb()
        return entry

    def no_own_values_text(self, lang: str = "nb") -> str:
        return NO_OWN_VALUES[lang].format(name=self.unit.short_name)

    def to_dict(self, session: Session, lang: str = "nb") -> dict:
        def unit_ref(u: Unit) -> dict:
            return {"level": u.level, "code": u.code, "name": u.name}

        def values(vals: dict[str, Value]) -> list[dict]:
            out = []
            for ind in self.indicators:
                v = vals.get(ind.id)
                if v is None:
                    continue
                d = v.to_dict()
                d["name"] = ind.name(lang)
                if ind.ssb():
                    d["ssb"] = ind.ssb()
                d["unit"] = ind.unit
                d["text"] = v.text(ind, session, lang)
                d["source_title"] = _source_title(session, v.source)
                if vals is self.own:  # rank and better/worse than Norway (indicators.compare)
                    a = self.assessment(session, ind.id)
                    d.update(a.to_dict() if a is not None else {})
                out.append(d)
            return out

        result: dict[str, Any] = {
            "level": self.unit.level,
            "code": self.unit.code,
            "name": self.unit.name,
            "short_name": self.unit.short_name,
            "parallel_names": list(self.unit.parallel_names),
        }
        for lv in ("fylke", "helseregion", "helseforetak"):
            if lv in self.parents:
                result[lv] = unit_ref(self.parents[lv])
        if "sentralitet" in self.parents:
            result["sentralitet"] = {"class": self.parents["sentralitet"].code,
                                     "group": self.parents.get("sentralitet3", self.parents["sentralitet"]).code}
            if "sentralitet3" in self.parents:
                from indicators.centrality import ASSUMPTION

                result["sentralitet"]["group_assumption"] = ASSUMPTION[lang]
        if self.unit.note:
            result["note"] = self.unit.note
        result["map"] = self.vintage
        result["own_values"] = values(self.own)
        if not self.own:
            result["own_values_note"] = self.no_own_values_text(lang)
        result["own_missing"] = [self._missing_entry(ind, v, session, lang) for ind in self.indicators
                                 if (v := (self.own_missing or {}).get(ind.id)) is not None]
        result["context"] = {}
        for lv, vals in self.context.items():
            ref = (unit_ref(self.parents[lv]) if lv in self.parents
                   else {"level": LAND, "code": LAND_CODE, "name": "Norge"})
            result["context"][lv] = dict(ref, values=values(vals))
            if lv == "sentralitet3" and lv in self.parents:
                from indicators.centrality import ASSUMPTION

                result["context"][lv]["assumption"] = ASSUMPTION[lang]
        return result


def _source_title(session: Session, source_ids: str) -> str:
    titles = []
    for sid in source_ids.split(";"):
        src = session.catalogue.sources.get(sid)
        if src:
            titles.append(src.citation())
        elif sid:
            titles.append(sid)
    return "; ".join(titles)


def _centrality_units(session: Session, code: str) -> dict[str, Unit]:
    """Pseudo-units for the municipality's centrality class and its (assumed) group."""
    from indicators.centrality import ASSUMPTION, GROUP_NAMES, class_of, group_of

    klass = class_of(session, code)
    if klass is None:
        return {}
    group = group_of(klass)
    out = {"sentralitet": Unit("sentralitet", klass, f"Sentralitetsklasse {klass}", f"Klasse {klass}",
                               note="SSB KLASS 128")}
    if group:
        nb, _ = GROUP_NAMES[group]
        out["sentralitet3"] = Unit("sentralitet3", group, nb, nb, note=ASSUMPTION["nb"])
    return out


def breakdown(session: Session, level: str, code: str, gaz: Gazetteer | None = None) -> Breakdown:
    """Own and context values of a unit for every catalogue indicator, period by period.

    Raises KeyError for an unknown unit.
    """
    gaz = gaz or session.gazetteer()
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    unit = gaz.get(level, code)
    parents = gaz.parents(unit)
    if level == "kommune":
        parents.update(_centrality_units(session, unit.code))
    indicators = list(session.catalogue)
    vintage = gaz.vintage or session.map_vintage
    own: dict[str, Value] = {}
    missing: dict[str, Value] = {}
    periods: dict[str, str | None] = {}
    for ind in indicators:
        v = unit_values(session, level, unit.code, ind, vintage=vintage)
        if v is not None and v.has_value:
            own[ind.id] = v
            periods[ind.id] = v.period
        else:
            if v is not None:
                missing[ind.id] = v
            # no own value: compare in the period the map of this level shows
            found = session.observations.periods(ind.id, level, vintage=vintage)
            periods[ind.id] = v.period if v is not None else (found[-1] if found else None)
    context: dict[str, dict[str, Value]] = {}
    for lv in CONTEXT_LEVELS[level]:
        if lv != LAND and lv not in parents:
            continue
        ctx_code = LAND_CODE if lv == LAND else parents[lv].code
        vals = {}
        for ind in indicators:
            period = periods.get(ind.id)
            if period is None:  # nothing at the unit's level: the context's latest, said as such
                v = unit_values(session, lv, ctx_code, ind, vintage=vintage)
            else:
                v = unit_values(session, lv, ctx_code, ind, period=period, exact=True, vintage=vintage)
                if v is None:
                    nearest = unit_values(session, lv, ctx_code, ind, vintage=vintage)
                    if nearest is None:
                        continue
                    v = replace(nearest, period=period, value=None, numerator=None, denominator=None, category=None,
                                distribution=(), members_have=None, members_of=None,
                                missing=f"no value for {period}", nearest=nearest)
            if v is not None:
                vals[ind.id] = v
        context[lv] = vals
    return Breakdown(unit=unit, parents=parents, own=own, context=context, indicators=indicators,
                     own_missing=missing, vintage=vintage)
