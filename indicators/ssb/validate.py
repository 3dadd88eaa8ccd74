"""Check a decoded SSB table before anything is written: codes, years, ranges, pairs.

Why so strict: an update replaces the figures a planner relies on, so a table SSB has
restructured, a query that came back with other variables, or a value no municipality
can have must stop the update with a reason — never reach the map. What is only
outside Legekart's reach (codes from before 2019, SSB's own county and KOSTRA-group
aggregates, years before the table's first) is left out and listed in the report.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from functools import cache

from indicators.ssb.errors import SsbError
from indicators.ssb.query import spec
from indicators.ssb.snapshot import Snapshot

#: 4-digit codes SSB uses beside the municipalities (Svalbard, Jan Mayen, unknown municipality)
SPECIAL_CODES = frozenset({"2100", "2111", "2121", "2131", "2211", "2311", "2321", "9999"})

#: (part, whole): part must not exceed whole; whole may be a sum of variables
PAIRS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "12005": (
        ("KOSantallavtaler0000", ("KOSantallavtaler0002",)),  # lists without a GP ≤ all lists
        ("KOSantallpasient0001", ("KOSantallpasient0000", "KOSantallpasient0001")),  # patients without ≤ all
        ("KOSantallkvinnel0000", ("KOSantallavtaler0001",)),  # women GPs ≤ GP agreements
    ),
}

UPPER_LIMIT = 1e8  # no municipal count reaches this; a larger number is a unit or layout error
MIN_KNOWN_SHARE = 0.5  # fewer known codes than this means the region dimension is something else
SHOWN = 3
_YEAR = re.compile(r"^\d{4}$")


@cache
def known_codes(vintages: tuple[str, ...]) -> frozenset[str]:
    from geo.crosswalk import municipality_codes

    out: set[str] = set()
    for v in vintages:
        out |= set(municipality_codes(v))
    return frozenset(out)


@dataclass
class Checked:
    """A validated snapshot and what was left out of it (for the report)."""

    snapshot: Snapshot
    dropped_codes: dict[str, str] = field(default_factory=dict)  # code -> name, codes Legekart cannot place
    special_codes: list[str] = field(default_factory=list)
    dropped_years: list[str] = field(default_factory=list)


def _problem(problems: list[str], text: str) -> None:
    problems.append(text)


def check(snap: Snapshot, *, today: _dt.date | None = None) -> Checked:
    """Return the snapshot restricted to known codes and kept years, or raise SsbError."""
    s = spec(snap.table)
    today = today or _dt.date.today()
    requested = set(s.variables)
    got = {v.code for v in snap.variables}
    if requested - got:
        raise SsbError("layout", detail=f"variables missing: {', '.join(sorted(requested - got))}")
    if got - requested:
        raise SsbError("layout", detail=f"unexpected variables: {', '.join(sorted(got - requested))}")

    # -- years ------------------------------------------------------------------------
    years = sorted({y for by_region in snap.values.values() for series in by_region.values() for y in series}
                   | {y for by_region in snap.missing.values() for series in by_region.values() for y in series})
    bad = [y for y in years if not _YEAR.match(y)]
    if bad:
        raise SsbError("layout", detail=f"time codes are not years: {', '.join(bad[:SHOWN])}")
    future = [y for y in years if int(y) > today.year + 1]
    if future:
        raise SsbError("invalid", detail=f"year {future[0]} lies in the future")
    dropped_years = [y for y in years if int(y) < s.first_year]

    # -- region codes -------------------------------------------------------------------
    known = known_codes(s.region_vintages)
    codes = snap.regions()
    if not codes:
        raise SsbError("invalid", detail="the answer holds no municipality values")
    unknown = [c for c in codes if c not in known]
    if len(codes) - len(unknown) < MIN_KNOWN_SHARE * len(codes):
        raise SsbError("layout", detail=f"{len(unknown)} of {len(codes)} region codes are no municipality "
                                        f"Legekart knows (e.g. {', '.join(unknown[:SHOWN])})")
    special = sorted(c for c in unknown if c in SPECIAL_CODES)
    dropped = {c: snap.region_names.get(c, "") for c in unknown if c not in SPECIAL_CODES}

    keep_years = {y for y in years if y not in dropped_years}
    values = {
        var: {r: {y: x for y, x in series.items() if y in keep_years}
              for r, series in by_region.items() if r in known}
        for var, by_region in snap.values.items()
    }
    values = {var: {r: ser for r, ser in by_region.items() if ser} for var, by_region in values.items()}
    missing = {
        var: {r: {y: m for y, m in series.items() if y in keep_years} for r, series in by_region.items() if r in known}
        for var, by_region in snap.missing.items()
    }

    # -- ranges and pairs ---------------------------------------------------------------------
    problems: list[str] = []
    units = {v.code: v.unit.strip().lower() for v in snap.variables}
    for var, by_region in values.items():
        share = units.get(var) in ("prosent", "percent", "%")
        for r, series in by_region.items():
            for y, x in series.items():
                if x < 0 or (share and x > 100) or x > UPPER_LIMIT:
                    what = "a share (0–100)" if share else "a count (≥ 0)"
                    _problem(problems, f"{var} {r} {y} = {x:g} is not {what}")
    for part, whole in PAIRS.get(snap.table, ()):
        for r, series in values.get(part, {}).items():
            for y, x in series.items():
                parts = [values.get(w, {}).get(r, {}).get(y) for w in whole]
                if any(p is None for p in parts):
                    continue
                if x > sum(parts) + 1e-9:  # type: ignore[arg-type]
                    _problem(problems, f"{part} {r} {y} = {x:g} exceeds {' + '.join(whole)} = {sum(parts):g}")  # type: ignore[arg-type]
    if problems:
        more = f" (and {len(problems) - SHOWN} more)" if len(problems) > SHOWN else ""
        raise SsbError("invalid", detail="; ".join(problems[:SHOWN]) + more)

    names = {c: n for c, n in snap.region_names.items() if c in known}
    clean = Snapshot(table=snap.table, retrieved=snap.retrieved, via=snap.via, variables=snap.variables,
                     values=values, missing={k: v for k, v in missing.items() if v}, region_names=names,
                     query=snap.query)
    return Checked(clean, dropped, special, dropped_years)
