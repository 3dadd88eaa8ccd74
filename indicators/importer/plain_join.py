"""The one-column import of a plain table without pandas (``main.py export --data … --column …``).

Why: importing pandas is a third of a second, about as long as drawing the whole A4
page, and the export of a table never seen before paid it for a join of a few hundred
rows. This module does what :func:`~indicators.importer.analysis.analyse` and
:func:`~indicators.importer.apply.build` do for the common case (one number column
keyed by unit codes or names, no period column, no unit given twice, nothing out of
range, no aggregation up) and shares their steps where they are not pandas:
:func:`~indicators.importer.match_keys.match_keys`, the column and match reports, and
:func:`~indicators.importer.harmonise.harmonise_columns` onto both maps (or, for the
export, only onto the map it draws). Any other table returns ``None`` and goes through
the pipeline. ``tests/test_plain_join.py`` holds the two equal: same indicator, rows,
mapping and report.
"""

from __future__ import annotations

import logging

import numpy as np

from geo.levels import LEVELS, MAP_VINTAGES
from indicators.columns import Columns
from indicators.importer.analyse_report import build_report
from indicators.importer.analyse_rows import column_report
from indicators.importer.harmonise import SOURCE_COLUMNS, harmonise_columns
from indicators.importer.match_keys import match_keys
from indicators.importer.messages import Msg
from indicators.importer.naming import indicator_id, make_indicator
from indicators.importer.numbers import parse_series
from indicators.importer.plan import UNKNOWN_PERIOD, ImportPlan, ValueSpec
from indicators.importer.table import ParsedTable
from indicators.observations import COLUMNS, FLAG_COLUMNS, NUMBER_COLUMNS, TEXT_COLUMNS
from indicators.session import ImportedDataset, Session

log = logging.getLogger(__name__)


def join_plain(session: Session, table: ParsedTable, plan: ImportPlan,
               maps: tuple[str, ...] = MAP_VINTAGES) -> str | None:
    """Add the plan's one included column to ``session`` as the pipeline would (no
    aggregates up); returns the indicator id, or ``None`` for a table it leaves to
    the pipeline.

    ``maps`` are the map vintages that get rows. The window keeps both, so the planner
    can switch maps; an export draws one map and needs only the session's (which is
    always harmonised, for the report). Harmonising onto the other map and loading its
    gazetteer was ~30 ms of the export of a table never seen."""
    spec = _simple_spec(session, table, plan)
    if spec is None:
        return None
    keys = match_keys(table, plan, session.boundary_layers)
    idx = np.flatnonzero(keys.matched)
    if keys.lost or keys.other_level or not len(idx) or len(set(keys.code_id[idx].tolist())) < len(idx):
        return None  # notes about lost or mixed keys, nothing matched, or a unit given twice
    parsed = dict.fromkeys(c for v in plan.value_columns for c in (v.column, v.numerator, v.denominator) if c)
    numbers = {c: parse_series(table.column(c)) for c in parsed}  # every value column is reported
    values = numbers[spec.column].values
    with np.errstate(invalid="ignore"):
        shares = spec.kind == "ratio" and (spec.unit.strip() == "%" or spec.scale == 100)
        bad = keys.matched & (((values < 0) | (values > 100)) if shares else (values < 0))
    if bad.any():
        return None  # out-of-range values are listed (and maybe left out) by the pipeline
    map_vintage = session.map_vintage
    vintage = keys.res.vintage.vintage
    src = _source_rows(table, plan, spec, keys.code_id, keys.code_values, idx, values)
    by_map: dict[str, dict[str, np.ndarray]] = {}
    harm_notes: list[Msg] = []
    vintaged = keys.res.level in ("kommune", "fylke")
    home = "2024" if vintage == "2024" else "2020"
    kept = [m for m in MAP_VINTAGES if m in maps] if vintaged else [home]  # the maps that get rows
    for m in dict.fromkeys([*kept, map_vintage]):  # and the session's, for the report
        out, notes = harmonise_columns(src, plan.level, vintage, spec.kind, spec.scale, keys.layer_names, m)
        by_map[m] = out if isinstance(out, dict) else _from_records(out)
        if m == map_vintage:
            harm_notes += [n for n in notes if n not in harm_notes]
    reports = [column_report(table, v, numbers, {}) for v in plan.value_columns]
    on_map = by_map[map_vintage]
    reports[plan.value_columns.index(spec)].units = int((~np.isnan(on_map["value"].astype(float))).sum())
    periods = [plan.period or UNKNOWN_PERIOD]
    report = build_report(table, plan, keys.res, keys.matched, keys.reason_index, keys.reasons.items, keys.key,
                          reports, [], 0, 0, [], 0, harm_notes, periods, {spec.column: on_map},
                          map_vintage)
    level = keys.res.level
    ind = make_indicator(spec, spec.id or indicator_id(session, table.name, spec.column), table, level)
    parts = [_base_rows(by_map[m], ind.id, level, m if vintaged else "", table) for m in kept]
    filled = [p for p in parts if len(p)]
    if not filled:
        return None  # the pipeline says why no indicator came of it
    session.add_indicator(ind, Columns.concat(filled, COLUMNS))
    session.imports.append(ImportedDataset(name=table.name, path=str(table.path), indicator_ids=[ind.id],
                                           table=None, mapping=plan.to_dict(), report=report.to_dict("en")))
    log.info("%s: %r joined without pandas (%d rows)", table.name, spec.column, len(idx))
    return ind.id


def _simple_spec(session: Session, table: ParsedTable, plan: ImportPlan) -> ValueSpec | None:
    """The one number column of a table this module joins, or None."""
    if session.boundary_layers or plan.level not in LEVELS or plan.period_column or plan.no_key:
        return None
    if getattr(table, "statbank", None) is not None or table.extra_fields:
        return None
    included = plan.included
    if len(included) != 1 or any(v.kind == "category" for v in plan.value_columns):
        return None  # (status classes are read with pandas)
    spec = included[0]
    if spec.kind not in ("count", "ratio", "rate") or spec.numerator or spec.denominator or spec.period:
        return None
    return spec


def _source_rows(table: ParsedTable, plan: ImportPlan, spec: ValueSpec, code_id: np.ndarray,
                 code_values: np.ndarray, idx: np.ndarray, values: np.ndarray) -> dict[str, np.ndarray]:
    """One row per matched unit, in the order of the pipeline's unit groups (by unit id)."""
    pick = idx[np.argsort(code_id[idx], kind="stable")]
    n = len(pick)
    value = values[pick]
    seed = np.empty(n, dtype=object)
    seed[:] = [f"row {r}" for r in table.row_numbers[pick]]
    return {
        "code": code_values[code_id[pick]], "period": np.full(n, plan.period or UNKNOWN_PERIOD, dtype=object),
        "value": value, "numerator": value.copy() if spec.kind == "count" else np.full(n, np.nan),
        "denominator": np.full(n, np.nan), "category": np.full(n, "", dtype=object), "seed_lines": seed,
    }


def _from_records(records: list[dict]) -> dict[str, np.ndarray]:
    """Harmonised records as columns (what a DataFrame of them holds)."""
    names = [*SOURCE_COLUMNS, "unit_name", "approximate", "derived", "note"]
    out = {}
    for c in names:
        col = np.empty(len(records), dtype=object)
        col[:] = [r[c] for r in records]
        out[c] = col
    return out


def _base_rows(rows: dict[str, np.ndarray], indicator: str, level: str, vintage: str,
               table: ParsedTable) -> Columns:
    """The observation rows of one map: units with a value or a note, in the schema's types
    (what :func:`indicators.observations.normalise` makes of the pipeline's frame)."""
    value = rows["value"].astype(float)
    note = np.asarray([_text(v) for v in rows["note"]], dtype=object)
    keep = np.flatnonzero(~np.isnan(value) | (note != ""))
    n = len(keep)
    fixed = {"indicator": indicator, "level": level, "vintage": vintage,
             "source": getattr(table, "source", table.name), "table": table.sheet or "",
             "origin": f"import:{table.name}"}
    data: dict[str, np.ndarray] = {}
    for c in COLUMNS:
        if c in fixed:
            data[c] = _texts([fixed[c]] * n)
        elif c in TEXT_COLUMNS:
            data[c] = _texts([_text(v) for v in rows[c][keep]]) if c in rows else _texts([""] * n)
        elif c in NUMBER_COLUMNS:
            data[c] = rows[c][keep].astype(float) if c in rows else np.full(n, np.nan)
        elif c in FLAG_COLUMNS:
            data[c] = rows[c][keep].astype(bool)
    return Columns(data)


def _text(v: object) -> str:
    """A text cell as the schema has it: missing (None, NaN) is ''."""
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    return str(v)


def _texts(values: list[str]) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out
