"""Observation rows from an SSB snapshot: the bundled one or a planner's update.

Each row keeps SSB's own value for the municipality, with the table, the ContentsCode
(in ``seed_lines``, the column that says *where* in a source a number stands) and the
year. Where the catalogue names the counts behind a ratio (``ssb_numerator`` /
``ssb_denominator``), they are attached, so larger units get ratios of sums (see
:mod:`indicators.map_rows`). Nothing is invented: a municipality without a value in
the snapshot's latest year gets a row with no value and the reason.

Series across the 2024 code change: SSB keeps the years before a renumbering under the
old code. When a snapshot holds such codes (an update asks for them), their years are
carried to the 2024 code where the territory is the same (marked derived †), summed
where several old units make one new (marked ≈), and left out where an old unit was
divided.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.crosswalk import crosswalk, municipality_codes
from indicators.catalogue import Catalogue, Indicator
from indicators.map_rows import on_both_maps
from indicators.observations import normalise
from indicators.ssb.snapshot import SYMBOL_TEXT, Snapshot, source_id

NO_VALUE = "SSB's table has no value for this municipality (table {table}, {year})"
_DERIVED_SHARE = "Derived by Legekart: share computed from SSB's counts"


def indicators_of(snapshot: Snapshot, catalogue: Catalogue) -> list[Indicator]:
    return [i for i in catalogue if i.ssb_table == snapshot.table]


def _successors() -> dict[str, tuple[str, str, list[str]]]:
    """Old code → (its vintage, relation, 2024 codes) for codes not valid in 2024."""
    now = set(municipality_codes("2024"))
    to24: dict[str, set[str]] = {}
    for r in crosswalk("2020", "2024").itertuples():
        to24.setdefault(r.code_from, set()).add(r.code_to)
    out: dict[str, tuple[str, str, list[str]]] = {}
    for code, targets in to24.items():
        if code not in now:
            out[code] = ("2020", "split" if len(targets) > 1 else "renumbered", sorted(targets))
    for r in crosswalk("2019", "2020").itertuples():
        if r.code_from in now or r.code_from in out:
            continue
        new_codes = sorted(to24.get(r.code_to, {r.code_to}))
        relation = "split" if len(new_codes) > 1 or r.relation == "split" else r.relation
        out.setdefault(r.code_from, ("2019", str(relation), new_codes))
    return out


def _series(snapshot: Snapshot, code: str) -> dict[str, dict[str, float]]:
    return snapshot.values.get(code, {}) if code else {}


def kommune_rows(snapshot: Snapshot, catalogue: Catalogue) -> pd.DataFrame:
    """Rows on 2024 municipality codes (the native rows of SSB's tables since 2024)."""
    valid = municipality_codes("2024")
    succ = _successors()
    records: list[dict] = []
    for ind in indicators_of(snapshot, catalogue):
        values = _series(snapshot, ind.ssb_code)
        nums = [_series(snapshot, c) for c in ind.ssb_numerator]
        dens = [_series(snapshot, c) for c in ind.ssb_denominator]
        codes = set(values) | {r for s in nums for r in s}
        base = {"indicator": ind.id, "level": "kommune", "vintage": "2024", "category": "",
                "source": source_id(snapshot.table), "table": snapshot.table,
                "seed_lines": ind.ssb_code or "/".join((*ind.ssb_numerator, *ind.ssb_denominator)),
                "approximate": False, "derived": not ind.ssb_code, "origin": "ssb"}

        # the loop's series are bound as defaults: each closure belongs to this indicator only
        def cell(region: str, year: str, nums=nums, dens=dens, values=values, ind=ind) -> tuple[float, float, float]:
            num = _sum([s.get(region, {}).get(year) for s in nums]) if nums else np.nan
            den = _sum([s.get(region, {}).get(year) for s in dens]) if dens else np.nan
            value = values.get(region, {}).get(year, np.nan) if ind.ssb_code else (
                num / den * ind.scale if den and not np.isnan(num) and not np.isnan(den) else np.nan)
            return value, num, den

        def years_of(region: str, nums=nums, values=values) -> set[str]:
            return set(values.get(region, {})) | {y for s in nums for y in s.get(region, {})}

        own: dict[str, set[str]] = {}
        for region in sorted(c for c in codes if c in valid):
            years = years_of(region)
            own[region] = years
            for year in sorted(years):
                value, num, den = cell(region, year)
                if np.isnan(value) and np.isnan(num):
                    continue
                records.append(dict(base, code=region, unit_name=valid[region], period=year, value=value,
                                    numerator=num, denominator=den,
                                    note="" if ind.ssb_code else _DERIVED_SHARE))
        records += _stitched(ind, base, codes - set(valid), succ, own, cell, years_of, valid)
        latest = max((y for s in [values, *nums] for by in s.values() for y in by), default=None)
        if latest:
            for region, name in valid.items():
                if latest not in own.get(region, set()):
                    symbol = snapshot.missing.get(ind.ssb_code, {}).get(region, {}).get(latest, "")
                    reason = SYMBOL_TEXT.get(symbol) or NO_VALUE.format(table=snapshot.table, year=latest)
                    records.append(dict(base, code=region, unit_name=name, period=latest, value=np.nan,
                                        numerator=np.nan, denominator=np.nan, note=reason))
    return normalise(pd.DataFrame(records)) if records else normalise(pd.DataFrame())


def _stitched(ind, base, old_codes, succ, own, cell, years_of, valid) -> list[dict]:
    """Years a snapshot holds under codes valid before 2024, carried to the 2024 code."""
    out: list[dict] = []
    into: dict[str, list[str]] = {}
    for old in sorted(old_codes):
        if old not in succ:
            continue
        vintage, relation, targets = succ[old]
        if relation == "split" or len(targets) != 1:
            continue  # a divided unit's values cannot be divided
        into.setdefault(targets[0], []).append(old)
    for new, olds in into.items():
        years = sorted(set().union(*(years_of(o) for o in olds)) - own.get(new, set()))
        for year in years:
            cells = [cell(o, year) for o in olds]
            if len(olds) == 1:
                value, num, den = cells[0]
                note = f"Re-coded: SSB gives {year} under the earlier code {olds[0]}, the same territory as {new}"
                approx = False
            else:
                nums, dens = [c[1] for c in cells], [c[2] for c in cells]
                if any(np.isnan(n) for n in nums) or (ind.kind != "count" and any(np.isnan(d) for d in dens)):
                    continue
                num, den = float(sum(nums)), float(sum(dens)) if ind.kind != "count" else np.nan
                value = num if ind.kind == "count" else (num / den * ind.scale if den else np.nan)
                note = (f"Derived by Legekart: SSB gives {year} under the earlier codes {' + '.join(olds)}, "
                        f"summed for {new}")
                approx = True
            if np.isnan(value):
                continue
            out.append(dict(base, code=new, unit_name=valid[new], period=year, value=value, numerator=num,
                            denominator=den, derived=True, approximate=approx, note=note))
    return out


def _sum(parts: list[float | None]) -> float:
    if not parts or any(p is None for p in parts):
        return np.nan
    return float(sum(parts))  # type: ignore[arg-type]


#: SSB table 07459 (population) is read into the bundled indicator ``folketall``
POPULATION = ("07459", "Personer1", "folketall")


def population_observations(snapshot: Snapshot, catalogue: Catalogue) -> pd.DataFrame:
    """Rows of an applied update of table 07459 (population from 2021, 2024 codes) for ``folketall``.

    The bundled population (2015–2020, 2020 borders) stays as it is; an update adds the later
    years, derived like table 12005 (on both maps, summed to counties, HF areas, regions, Norway).
    """
    from dataclasses import replace

    table, code, indicator = POPULATION
    if snapshot.table != table:
        raise ValueError(f"not a snapshot of table {table}")
    own = catalogue.copy()
    own.indicators = {indicator: replace(catalogue.get(indicator), ssb_table=table, ssb_code=code)}
    return observations(snapshot, own)


def observations(snapshot: Snapshot, catalogue: Catalogue) -> pd.DataFrame:
    """Every row of the snapshot on both maps, with county/HF/region/Norway sums."""
    native = kommune_rows(snapshot, catalogue)
    if native.empty:
        return native
    return on_both_maps(native, "2024", catalogue)
