"""Turn an analysed table into session indicators: the only step that changes anything.

Each included value column becomes an :class:`~indicators.catalogue.Indicator`
(theme "import", marked with its file) plus observation rows at the imported
level and rows aggregated to every higher level, built with the same
:func:`indicators.aggregate.aggregate` as the bundled data, so the map, the
breakdown and exports treat imported and bundled numbers alike. Everything is
built first and added last, so a failure leaves the session as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from geo.gazetteer import gazetteer
from geo.levels import LAND, LAND_CODE, MAP_VINTAGES
from indicators.aggregate import aggregate
from indicators.catalogue import Indicator
from indicators.importer.analysis import Analysis, analyse
from indicators.importer.naming import indicator_id, make_indicator
from indicators.importer.plan import ImportPlan
from indicators.importer.table import ParsedTable
from indicators.observations import normalise
from indicators.session import ImportedDataset, Session

#: the levels a value imported at one level is aggregated to
HIGHER_LEVELS = {
    "kommune": ("fylke", "helseforetak", "helseregion", LAND),
    "fylke": ("helseregion", LAND),
    "helseforetak": ("helseregion", LAND),
    "helseregion": (LAND,),
}


def _base_rows(rows: pd.DataFrame, ind: Indicator, level: str, vintage: str, table: ParsedTable) -> pd.DataFrame:
    df = rows.copy()
    if ind.is_category:
        df = df[df["category"].astype(str) != ""]
        df["value"] = np.nan
        df["denominator"] = np.nan
        df["numerator"] = np.nan
    else:
        df = df[df["value"].notna() | (df["note"].astype(str) != "")]
    df["indicator"] = ind.id
    df["level"] = level
    df["vintage"] = vintage
    df["source"] = getattr(table, "source", table.name)  # e.g. "Statistisk sentralbyrå, tabell 12005"
    df["table"] = table.sheet or ""
    df["origin"] = f"import:{table.name}"
    return normalise(df)


def _aggregates(base: pd.DataFrame, ind: Indicator, level: str, names: dict[str, str], vintage: str,
                targets: tuple[str, ...] | None = None) -> list[pd.DataFrame]:
    """Rows of the levels above ``level`` on the ``vintage`` map (``targets`` limits which)."""
    gaz = gazetteer(vintage)
    out = []
    wanted = HIGHER_LEVELS.get(level, ())
    if targets is not None:
        wanted = tuple(t for t in wanted if t in targets)
    if level == "kommune":
        units = gaz.level_units("kommune")
        for target in wanted:
            mapping = {u.code: (LAND_CODE if target == LAND else getattr(u, target)) for u in units}
            out.append(_agg(base, ind, mapping, target, names, vintage))
    elif level in ("fylke", "helseforetak"):
        units = gaz.level_units(level)
        for target in wanted:
            mapping = {u.code: (LAND_CODE if target == LAND else u.helseregion) for u in units}
            out.append(_agg(base, ind, mapping, target, names, vintage))
    elif level == "helseregion" and LAND in wanted:
        mapping = {u.code: LAND_CODE for u in gaz.level_units("helseregion")}
        out.append(_agg(base, ind, mapping, LAND, names, vintage))
    return out


def _agg(base: pd.DataFrame, ind: Indicator, mapping: dict[str, str | None], target: str,
         names: dict[str, str], vintage: str) -> pd.DataFrame:
    present: dict[str, str] = {k: v for k, v in mapping.items() if v}
    expected: dict[str, int] = {}
    for v in present.values():
        expected[v] = expected.get(v, 0) + 1
    rows = base[base["value"].notna() | (base["category"] != "")] if not ind.is_category else base
    agg = aggregate(
        rows, present, kind=ind.kind, scale=ind.scale, to_level=target,
        to_vintage=vintage if target == "fylke" else "", expected_members=expected, names=names,
        note_prefix="Derived by Legekart from the imported rows: ",
    )
    if not agg.empty:
        agg["origin"] = base["origin"].iloc[0] if len(base) else ""
    return agg


def build(session: Session, table: ParsedTable, analysis: Analysis,
          aggregate_up: bool = True) -> list[tuple[Indicator, pd.DataFrame]]:
    """Indicators and observation rows for every included column (session unchanged).

    ``aggregate_up=False`` skips the rows for the levels above (a one-level batch export
    does not need them).
    """
    level = analysis.level
    bundled = level in HIGHER_LEVELS and aggregate_up
    vintaged = level in ("kommune", "fylke")
    by_map = analysis.rows_by_map or {analysis.map_vintage: analysis.unit_rows}
    # the levels that are the same on both maps are summed once, from the map nearest the table's codes
    home = "2024" if analysis.vintage == "2024" else "2020"
    home = home if home in by_map else analysis.map_vintage
    maps = [m for m in MAP_VINTAGES if m in by_map] if vintaged else [home]
    out = []
    taken: set[str] = set()
    for spec in analysis.plan.included:
        ind_id = spec.id or indicator_id(session, table.name, spec.column, taken)
        taken.add(ind_id)
        ind = make_indicator(spec, ind_id, table, level)
        parts = []
        for m in maps:
            base = _base_rows(by_map[m][spec.column], ind, level, m if vintaged else "", table)
            parts.append(base)
            if bundled and not base.empty:
                names = dict(zip(base["code"], base["unit_name"]))
                targets = None if m == home else ("fylke",)  # other map: only its own counties
                parts += _aggregates(base, ind, level, names, m, targets)
        filled = [p for p in parts if not p.empty]
        rows = normalise(pd.concat(filled, ignore_index=True)) if filled else normalise(parts[0])
        out.append((ind, rows))
    return out


def summarise(built: list[tuple[Indicator, pd.DataFrame]], map_vintage: str = "2024") -> list[dict]:
    """What apply would add: per indicator, units with a value at each level of the ``map_vintage`` map."""
    out = []
    for ind, rows in built:
        on_map = rows[~rows["level"].isin(["kommune", "fylke"]) | (rows["vintage"] == map_vintage)]
        have = on_map[on_map["value"].notna() | (on_map["category"] != "")]
        out.append({
            "id": ind.id, "name": ind.name_nb, "kind": ind.kind, "unit": ind.unit, "scheme": ind.scheme,
            "levels": {lv: int(g["code"].nunique()) for lv, g in have.groupby("level")},
            "periods": sorted(set(rows["period"])),
            "approximate_rows": int(rows["approximate"].sum()),
        })
    return out


def apply_import(session: Session, table: ParsedTable, plan: ImportPlan | None = None,
                 analysis: Analysis | None = None, aggregate_up: bool = True) -> list[str]:
    """Add the table's value columns to the session; returns the new indicator ids.

    Either pass the ``analysis`` the planner saw, or a ``plan`` to analyse now.
    """
    if analysis is None:
        if plan is None:
            raise ValueError("apply_import needs a plan or an analysis")
        analysis = analyse(table, plan, layers=session.boundary_layers, map_vintage=session.map_vintage)
    built = [(ind, rows) for ind, rows in build(session, table, analysis, aggregate_up) if not rows.empty]
    if not built:  # nothing matched: nothing to add (the report says why, row by row)
        return []
    added: list[str] = []
    try:
        for ind, rows in built:
            session.add_indicator(ind, rows)
            added.append(ind.id)
    except Exception:
        for ind_id in added:
            session.remove_indicator(ind_id)
        raise
    session.imports.append(ImportedDataset(
        name=table.name, path=str(table.path), indicator_ids=added, table=table.frame,
        mapping=analysis.plan.to_dict(), report=analysis.report.to_dict("en"),
    ))
    return added


def import_file(session: Session, path: str | Path, *, sheet: str | None = None, level: str | None = None,
                plan: ImportPlan | None = None, apply: bool = True, progress=None, cancel=None,
                ) -> tuple[list[str], Analysis, ParsedTable]:
    """Read, guess a mapping (unless given), analyse and — if ``apply`` — add to the session."""
    from indicators.importer.plan import guess_plan
    from indicators.importer.reader import read_table

    table = read_table(path, sheet=sheet, progress=progress, cancel=cancel)
    layers: Mapping[str, object] = session.boundary_layers
    if plan is None:
        layer = layers.get(level) if level else None
        plan = guess_plan(table, level=level if layer is None else None, layer=layer)
    analysis = analyse(table, plan, layers=layers, cancel=cancel, map_vintage=session.map_vintage)
    ids = apply_import(session, table, analysis=analysis) if apply else []
    return ids, analysis, table
