"""Join a parsed table to units under a mapping, and report on every row.

Nothing here changes a session: :func:`analyse` returns the per-unit rows each
value column would add and the :class:`MatchReport` the planner reads before
deciding. Work is done on distinct key texts and vectorised per column, with a
cancel check between columns, so a 1 000 000-row table takes seconds.

The analysis runs in named steps over one :class:`_Run` (keys, periods, values,
out-of-range, per-unit rows on both maps, report); the per-row helpers are in
:mod:`indicators.importer.analyse_rows`, the report in :mod:`.analyse_report`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo.levels import MAP_VINTAGES
from indicators.importer.analyse_report import Reasons, build_report
from indicators.importer.analyse_rows import (
    Groups,
    cell_values,
    column_report,
    find_duplicates,
    num_text,
    source_rows,
)
from indicators.importer.errors import ImportCancelled, ImportFailure
from indicators.importer.harmonise import harmonise
from indicators.importer.match_keys import match_keys
from indicators.importer.messages import Msg
from indicators.importer.numbers import ParsedNumbers, parse_series
from indicators.importer.plan import UNKNOWN_PERIOD, ImportPlan
from indicators.importer.report import LIST_LIMIT, MatchReport, ValueColumnReport
from indicators.importer.resolve import (
    Resolution,
)
from indicators.importer.status import parse_categories
from indicators.importer.table import Cancel, ParsedTable, Progress

_PERIOD_SPACE = re.compile(r"\s+")


@dataclass
class Analysis:
    """Outcome of matching one table under one plan."""

    plan: ImportPlan
    report: MatchReport
    level: str
    vintage: str
    #: value column -> rows at the imported level on the analysis' map (observation columns, no id yet)
    unit_rows: dict[str, pd.DataFrame]
    #: per table row: matched to a unit
    matched: np.ndarray
    #: per table row: index into ``reasons`` (-1 when matched)
    reason_index: np.ndarray
    reasons: list[Msg] = field(default_factory=list)
    #: the map the report speaks of ("2020" or "2024")
    map_vintage: str = "2024"
    #: map vintage -> value column -> rows on that map (both maps, so a project can switch)
    rows_by_map: dict[str, dict[str, pd.DataFrame]] = field(default_factory=dict)

    def reason_of(self, i: int) -> Msg:
        j = int(self.reason_index[i])
        return self.reasons[j] if j >= 0 else Msg("")


def _check(cancel: Cancel | None, progress: Progress | None, done: int, total: int) -> None:
    if cancel is not None and cancel():
        raise ImportCancelled()
    if progress is not None:
        progress(done, total)


@dataclass
class _Run:
    """What the steps of one analysis share (filled in step by step)."""

    table: ParsedTable
    plan: ImportPlan
    progress: Progress | None
    cancel: Cancel | None
    steps: int
    # set by the matching and period steps before any later step reads them (init=False: unset until then,
    # so a step run out of order fails loudly instead of reading None)
    res: Resolution = field(init=False)
    layer_names: dict[str, str] | None = None
    reasons: Reasons = field(init=False)
    key: np.ndarray = field(init=False)  # the key cells as written
    code_id: np.ndarray = field(init=False)
    code_values: np.ndarray = field(init=False)
    code_names: dict[str, str] = field(default_factory=dict)
    matched: np.ndarray = field(init=False)
    reason_index: np.ndarray = field(init=False)
    other_level: dict[str, int] = field(default_factory=dict)
    lost: list[Msg] = field(default_factory=list)
    period_id: np.ndarray = field(init=False)
    period_values: np.ndarray = field(init=False)
    numbers: dict[str, ParsedNumbers] = field(default_factory=dict)
    cats: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=dict)
    reports: list[ValueColumnReport] = field(default_factory=list)
    oor_list: list[dict] = field(default_factory=list)
    oor_count: int = 0
    excluded: dict[str, np.ndarray] = field(default_factory=dict)

    def check(self, done: int) -> None:
        _check(self.cancel, self.progress, done, self.steps)


def analyse(table: ParsedTable, plan: ImportPlan, *, layers: Mapping[str, object] | None = None,
            progress: Progress | None = None, cancel: Cancel | None = None,
            map_vintage: str = "2024") -> Analysis:
    """Match every row and build the per-unit rows of each included value column, on both maps.

    The report's harmonisation notes speak of the ``map_vintage`` map."""
    columns = table.columns
    if plan.key_column not in columns:
        raise ImportFailure("file.unknown_column", column=plan.key_column)
    if plan.period_column and plan.period_column not in columns:
        raise ImportFailure("file.unknown_column", column=plan.period_column)
    for spec in plan.value_columns:
        spec.validate(columns)
    run = _Run(table, plan, progress, cancel, steps=3 + len(plan.value_columns))
    run.check(0)
    _match_keys(run, layers)
    run.check(1)
    _periods(run)
    _parse_values(run)
    _out_of_range(run)
    run.check(run.steps - 1)
    idx, dups, rows_by_map, harm_notes = _unit_rows(run, map_vintage)
    return _finish(run, idx, dups, rows_by_map, harm_notes, map_vintage)


def _match_keys(run: _Run, layers: Mapping[str, object] | None) -> None:
    """Each distinct key text resolved once (:func:`match_keys`); integer ids per row."""
    m = match_keys(run.table, run.plan, layers, run.cancel)
    run.res, run.reasons, run.key, run.layer_names = m.res, m.reasons, m.key, m.layer_names
    run.code_id, run.code_values, run.code_names = m.code_id, m.code_values, m.code_names
    run.matched, run.reason_index, run.other_level, run.lost = m.matched, m.reason_index, m.other_level, m.lost


def _periods(run: _Run) -> None:
    plan, table = run.plan, run.table
    if plan.period_column:
        raw_ids, raw = pd.factorize(table.frame[plan.period_column].astype(object), use_na_sentinel=False)
        norm = pd.Series([_PERIOD_SPACE.sub("", str(v)).upper() for v in raw], dtype=object)
        n_ids, period_values = pd.factorize(norm, use_na_sentinel=False)
        run.period_id = n_ids[raw_ids]
        blank = (np.asarray(period_values, dtype=object) == "")[run.period_id] & run.matched
        if blank.any():
            run.reason_index[blank] = run.reasons.add(Msg("row.blank_period", {"column": plan.period_column}))
            run.matched &= ~blank
    else:
        period_values = pd.Index([plan.period or UNKNOWN_PERIOD], dtype=object)
        run.period_id = np.zeros(len(table), dtype=np.intp)
    run.period_values = np.asarray(period_values, dtype=object)


def _parse_values(run: _Run) -> None:
    for k, spec in enumerate(run.plan.value_columns):
        run.check(2 + k)
        needed = [spec.column] if spec.kind != "category" else []
        needed += [c for c in (spec.numerator, spec.denominator) if c]
        for c in needed:
            if c not in run.numbers:
                run.numbers[c] = parse_series(run.table.frame[c])
        if spec.kind == "category":
            run.cats[spec.column] = parse_categories(run.table.frame[spec.column], spec.scheme)
        run.reports.append(column_report(run.table, spec, run.numbers, run.cats))


def _out_of_range(run: _Run) -> None:
    """Shares outside 0–100 and negative counts: listed, and left out when the plan says so."""
    rownum = run.table.row_numbers
    keys_shown = run.key
    for spec in run.plan.included:
        if spec.kind == "category":
            continue
        v = run.numbers[spec.column].values
        if spec.kind == "ratio" and (spec.unit.strip() == "%" or spec.scale == 100):
            bad = run.matched & ((v < 0) | (v > 100))
            msg_key = "value.share_range"
        else:
            bad = run.matched & (v < 0)
            msg_key = "value.negative"
        bad &= ~np.isnan(v)
        n_bad = int(bad.sum())
        run.oor_count += n_bad
        for i in np.flatnonzero(bad)[: max(0, LIST_LIMIT - len(run.oor_list))]:
            run.oor_list.append({"row": int(rownum[i]), "key": str(keys_shown[i]), "column": spec.column,
                                 "value": float(v[i]),
                                 "reason": Msg(msg_key, {"value": num_text(v[i]), "kind": spec.kind})})
        if run.plan.exclude_out_of_range and n_bad:
            run.excluded[spec.column] = bad


def _unit_rows(run: _Run, map_vintage: str):
    """Per source unit: duplicates resolved, then harmonised onto each map."""
    plan = run.plan
    rownum = run.table.row_numbers
    idx = np.flatnonzero(run.matched)
    values = {spec.column: cell_values(spec, run.numbers, run.cats, run.excluded)[idx] for spec in plan.included}
    groups = Groups(run.code_id[idx], run.code_values, run.period_id[idx], run.period_values)
    dups = find_duplicates(groups, values, rownum[idx], run.code_names)
    conflict = dups[3]
    harm_notes: list[Msg] = []
    rows_by_map: dict[str, dict[str, pd.DataFrame]] = {m: {} for m in MAP_VINTAGES}
    for spec in plan.included:
        src = source_rows(groups, conflict, spec, idx, rownum[idx], run.numbers, run.cats, run.excluded,
                           plan.duplicates)
        if spec.period and not plan.period_column:  # a wide table: the year is in the column header
            src["period"] = spec.period
        for m in MAP_VINTAGES:
            rows, notes = harmonise(src, plan.level, run.res.vintage.vintage, spec.kind, spec.scale, run.layer_names,
                                    target_map=m)
            rows_by_map[m][spec.column] = rows
            if m == map_vintage:
                harm_notes += [n for n in notes if n not in harm_notes]
    for spec in plan.included:
        rows = rows_by_map[map_vintage][spec.column]
        rep = next(r for r in run.reports if r.column == spec.column)
        rep.units = int(rows["category"].astype(bool).sum()) if spec.kind == "category" else int(
            rows["value"].notna().sum()) if not rows.empty else 0
    return idx, dups, rows_by_map, harm_notes


def _finish(run: _Run, idx: np.ndarray, dups, rows_by_map, harm_notes: list[Msg], map_vintage: str) -> Analysis:
    plan, res = run.plan, run.res
    dup_list, dup_count, repeated, _ = dups
    unit_rows = rows_by_map[map_vintage]
    periods = sorted({str(p) for p in run.period_values[np.unique(run.period_id[idx])]}) if len(idx) else []
    if not plan.period_column and plan.included and all(s.period for s in plan.included):
        periods = sorted({s.period for s in plan.included})
    elif not plan.period_column:
        periods = sorted(set(periods) | {s.period for s in plan.included if s.period})
    report: MatchReport = build_report(run.table, plan, res, run.matched, run.reason_index, run.reasons.items,
                                  run.key, run.reports, dup_list, dup_count, repeated,
                                  run.oor_list, run.oor_count, harm_notes, periods, unit_rows, map_vintage)
    run.check(run.steps)
    report.mixed_levels = bool(run.other_level)
    if run.lost:
        report.notes.append(Msg(run.lost[0].key, {**run.lost[0].params, "n": len(run.lost)}))
    if run.other_level:
        detail = ", ".join([f"{res.level}: {report.matched}"] + [f"{lv}: {n}" for lv, n in run.other_level.items()])
        report.notes.append(Msg("note.mixed_levels", {"detail": detail, "level": res.level}))
    return Analysis(plan, report, res.level, res.vintage.vintage, unit_rows, run.matched, run.reason_index,
                    run.reasons.items, map_vintage, rows_by_map)
