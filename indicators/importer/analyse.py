"""Join a parsed table to units under a mapping, and report on every row.

Nothing here changes a session: :func:`analyse` returns the per-unit rows each
value column would add and the :class:`MatchReport` the planner reads before
deciding. Work is done on distinct key texts and vectorised per column, with a
cancel check between columns, so a 1 000 000-row table takes seconds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from geo.levels import MAP_VINTAGES
from indicators.importer.errors import ImportCancelled, ImportFailure
from indicators.importer.harmonise import harmonise
from indicators.importer.keys import repair_mojibake
from indicators.importer.messages import Msg
from indicators.importer.numbers import ParsedNumbers, parse_series
from indicators.importer.plan import UNKNOWN_PERIOD, ImportPlan, ValueSpec
from indicators.importer.report import DUPLICATE_LIMIT, LIST_LIMIT, MatchReport, ValueColumnReport
from indicators.importer.resolve import (
    BUNDLED_LEVELS, LayerIndex, Resolution, VintageInfo, resolve_layer_one, clear_caches, prepare, resolve_one,
)
from indicators.importer.status import parse_categories
from indicators.importer.table import Cancel, ParsedTable, Progress

_PERIOD_SPACE = re.compile(r"\s+")
SEED_LIMIT = 10


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
    steps = 3 + len(plan.value_columns)
    _check(cancel, progress, 0, steps)

    # -- keys ------------------------------------------------------------------------
    key = table.frame[plan.key_column].astype(object)
    codes, uniques = pd.factorize(key, use_na_sentinel=False)
    counts = np.bincount(codes, minlength=len(uniques))
    texts = {str(u): int(c) for u, c in zip(uniques, counts)}
    layer_names: dict[str, str] | None = None
    layer_index: LayerIndex | None = None
    if plan.level in BUNDLED_LEVELS:
        res = prepare(texts, plan.level, plan.vintage)
    elif layers and plan.level in layers:
        layer_index = LayerIndex.from_layer(layers[plan.level])
        res = Resolution(layer_index.layer_id, VintageInfo("", "high", ""), {}, {})
        layer_names = layer_index.names
    else:
        raise ImportFailure("file.unknown_level", level=plan.level)
    del texts
    reasons = _Reasons(plan.level)
    u_code = np.empty(len(uniques), dtype=object)
    u_reason = np.full(len(uniques), -1, dtype=np.int32)
    u_other = np.full(len(uniques), "", dtype=object)
    code_names: dict[str, str] = {}
    lost: list[Msg] = []  # keys matched by the intact part of a name
    try:
        for i, u in enumerate(uniques):
            if i % 10_000 == 9_999 and cancel is not None and cancel():
                raise ImportCancelled()
            t = str(u)
            r = resolve_layer_one(t, layer_index) if layer_index is not None else resolve_one(t, res.level, res.vintage)
            if r.match:
                u_code[i] = r.match.code
                code_names.setdefault(r.match.code, r.match.name)
                if r.note is not None:
                    lost.append(r.note)
            else:
                u_code[i] = ""
                u_reason[i] = reasons.add(r.reason or Msg("row.unknown_name", {"key": t, "level": plan.level}))
                u_other[i] = r.other_level or ""
            if not res.mojibake and repair_mojibake(t) != t:
                res.mojibake = True
    finally:
        clear_caches()
    # integer ids per row; strings only per distinct value (bounded memory)
    u_code_id, code_values = pd.factorize(pd.Series(u_code, dtype=object), use_na_sentinel=False)
    code_id = u_code_id[codes]
    matched = (u_code != "")[codes]
    reason_index = u_reason[codes]
    for i, n in table.extra_fields.items():
        reason_index[i] = reasons.add(Msg("row.extra_fields", {"n": n, "m": len(columns)}))
        matched[i] = False
    row_other = u_other[codes] if (u_other != "").any() else None
    other_level = _count_other_levels(row_other, matched)
    del codes
    _check(cancel, progress, 1, steps)

    # -- periods ------------------------------------------------------------------------
    if plan.period_column:
        raw_ids, raw = pd.factorize(table.frame[plan.period_column].astype(object), use_na_sentinel=False)
        norm = pd.Series([_PERIOD_SPACE.sub("", str(v)).upper() for v in raw], dtype=object)
        n_ids, period_values = pd.factorize(norm, use_na_sentinel=False)
        period_id = n_ids[raw_ids]
        blank = (np.asarray(period_values, dtype=object) == "")[period_id] & matched
        if blank.any():
            reason_index[blank] = reasons.add(Msg("row.blank_period", {"column": plan.period_column}))
            matched &= ~blank
    else:
        period_values = pd.Index([plan.period or UNKNOWN_PERIOD], dtype=object)
        period_id = np.zeros(len(table), dtype=np.intp)
    period_values = np.asarray(period_values, dtype=object)
    code_values = np.asarray(code_values, dtype=object)

    # -- values -------------------------------------------------------------------------
    numbers: dict[str, ParsedNumbers] = {}
    cats: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    reports: list[ValueColumnReport] = []
    for k, spec in enumerate(plan.value_columns):
        _check(cancel, progress, 2 + k, steps)
        needed = [spec.column] if spec.kind != "category" else []
        needed += [c for c in (spec.numerator, spec.denominator) if c]
        for c in needed:
            if c not in numbers:
                numbers[c] = parse_series(table.frame[c])
        if spec.kind == "category":
            cats[spec.column] = parse_categories(table.frame[spec.column], spec.scheme)
        reports.append(_column_report(table, spec, numbers, cats))
    rownum = table.row_numbers

    # -- out of range ---------------------------------------------------------------------
    oor_list: list[dict] = []
    oor_count = 0
    keys_shown = key.to_numpy(dtype=object)
    excluded: dict[str, np.ndarray] = {}
    for spec in plan.included:
        if spec.kind == "category":
            continue
        v = numbers[spec.column].values
        if spec.kind == "ratio" and (spec.unit.strip() == "%" or spec.scale == 100):
            bad = matched & ((v < 0) | (v > 100))
            msg_key = "value.share_range"
        else:
            bad = matched & (v < 0)
            msg_key = "value.negative"
        bad &= ~np.isnan(v)
        n_bad = int(bad.sum())
        oor_count += n_bad
        for i in np.flatnonzero(bad)[: max(0, LIST_LIMIT - len(oor_list))]:
            oor_list.append({"row": int(rownum[i]), "key": str(keys_shown[i]), "column": spec.column,
                             "value": float(v[i]), "reason": Msg(msg_key, {"value": _num_text(v[i]), "kind": spec.kind})})
        if plan.exclude_out_of_range and n_bad:
            excluded[spec.column] = bad

    # -- per source unit: duplicates, then harmonisation ---------------------------------
    _check(cancel, progress, steps - 1, steps)
    idx = np.flatnonzero(matched)
    values = {spec.column: _cell_values(spec, numbers, cats, excluded)[idx] for spec in plan.included}
    groups = _Groups(code_id[idx], code_values, period_id[idx], period_values)
    dups, dup_count, repeated, conflict = _duplicates(groups, values, rownum[idx], code_names)
    harm_notes: list[Msg] = []
    vintage = res.vintage.vintage
    rows_by_map: dict[str, dict[str, pd.DataFrame]] = {m: {} for m in MAP_VINTAGES}
    for spec in plan.included:
        src = _source_rows(groups, conflict, spec, idx, rownum[idx], numbers, cats, excluded, plan.duplicates)
        if spec.period and not plan.period_column:  # a wide table: the year is in the column header
            src["period"] = spec.period
        for m in MAP_VINTAGES:
            rows, notes = harmonise(src, plan.level, vintage, spec.kind, spec.scale, layer_names, target_map=m)
            rows_by_map[m][spec.column] = rows
            if m == map_vintage:
                harm_notes += [n for n in notes if n not in harm_notes]
    unit_rows = rows_by_map[map_vintage]
    for spec in plan.included:
        rows = unit_rows[spec.column]
        rep = next(r for r in reports if r.column == spec.column)
        rep.units = int(rows["category"].astype(bool).sum()) if spec.kind == "category" else int(
            rows["value"].notna().sum()) if not rows.empty else 0

    # -- report -----------------------------------------------------------------------------
    periods = sorted({str(p) for p in period_values[np.unique(period_id[idx])]}) if len(idx) else []
    if not plan.period_column and plan.included and all(s.period for s in plan.included):
        periods = sorted({s.period for s in plan.included})
    elif not plan.period_column:
        periods = sorted(set(periods) | {s.period for s in plan.included if s.period})
    report = _report(table, plan, res, matched, reason_index, reasons.items, keys_shown, reports,
                     dups, dup_count, repeated, oor_list, oor_count, harm_notes, periods, unit_rows,
                     map_vintage)
    _check(cancel, progress, steps, steps)
    report.mixed_levels = bool(other_level)
    if lost:
        report.notes.append(Msg(lost[0].key, {**lost[0].params, "n": len(lost)}))
    if other_level:
        detail = ", ".join([f"{res.level}: {report.matched}"] + [f"{lv}: {n}" for lv, n in other_level.items()])
        report.notes.append(Msg("note.mixed_levels", {"detail": detail, "level": res.level}))
    return Analysis(plan, report, res.level, vintage, unit_rows, matched, reason_index, reasons.items,
                    map_vintage, rows_by_map)


def _num_text(v: float) -> str:
    return f"{v:g}"


def _column_report(table: ParsedTable, spec: ValueSpec, numbers, cats) -> ValueColumnReport:
    rep = ValueColumnReport(column=spec.column, kind=spec.kind, unit=spec.unit, scheme=spec.scheme,
                            included=spec.include, numerator=spec.numerator, denominator=spec.denominator)
    cells = table.frame[spec.column].to_numpy(dtype=object)
    if spec.kind == "category":
        keys, blank, failed = cats[spec.column]
        rep.values = int((keys != "").sum())
        rep.missing = int(blank.sum())
        rep.failures = int(failed.sum())
        msg = lambda t, i: Msg("value.not_class", {"text": t, "scheme": spec.scheme})  # noqa: E731
    else:
        p = numbers[spec.column]
        rep.values = p.n_values
        rep.missing = int((p.missing & ~p.errors).sum())
        failed = p.unreadable  # error values and NaN are counted and shown, not taken for blanks
        rep.failures = int(failed.sum())
        rep.percent_cells = int(p.percent.sum())

        def msg(t: str, i: int) -> Msg:
            key = "value.error_cell" if p.errors[i] else "value.too_large" if p.too_large[i] else "value.not_number"
            return Msg(key, {"text": t})
    for i in np.flatnonzero(failed)[:5]:
        rep.failure_examples.append({"row": int(table.row_numbers[i]), "text": str(cells[i]),
                                     "reason": msg(str(cells[i]), i)})
    return rep


def _cell_values(spec: ValueSpec, numbers, cats, excluded) -> np.ndarray:
    """Comparable per-row values of a column (for duplicate detection)."""
    if spec.kind == "category":
        return cats[spec.column][0]
    v = numbers[spec.column].values.copy()
    if spec.column in excluded:
        v[excluded[spec.column]] = np.nan
    return v


class _Groups:
    """Matched rows grouped by (unit, period) with integer keys — cheap for 1 000 000 rows."""

    def __init__(self, code_id: np.ndarray, code_values: np.ndarray, period_id: np.ndarray,
                 period_values: np.ndarray):
        key = code_id.astype(np.int64) * max(1, len(period_values)) + period_id
        self.order = np.argsort(key, kind="stable")
        sk = key[self.order]
        self.starts = np.flatnonzero(np.r_[True, sk[1:] != sk[:-1]]) if len(sk) else np.zeros(0, dtype=np.int64)
        self.sizes = np.diff(np.r_[self.starts, len(sk)])
        first = self.order[self.starts]
        self.code = code_values[code_id[first]] if len(first) else np.array([], dtype=object)
        self.period = period_values[period_id[first]] if len(first) else np.array([], dtype=object)

    def __len__(self) -> int:
        return len(self.starts)

    def members(self, g: int) -> np.ndarray:
        s = self.starts[g]
        return self.order[s: s + self.sizes[g]]

    def differs(self, v: np.ndarray) -> np.ndarray:
        """Per group: do its rows disagree on ``v``?"""
        if not len(self.starts):
            return np.zeros(0, dtype=bool)
        sv = v[self.order]
        first = np.repeat(sv[self.starts], self.sizes)
        if sv.dtype.kind == "f":
            eq = (sv == first) | (np.isnan(sv) & np.isnan(first))
        else:
            eq = sv == first
        return ~np.logical_and.reduceat(eq, self.starts)


def _duplicates(groups: _Groups, values: dict[str, np.ndarray], rownum: np.ndarray, code_names: dict[str, str]):
    """Units given more than once (per period) with different values, and identical repeats."""
    multi = groups.sizes > 1
    differs_by = {c: groups.differs(v) for c, v in values.items()}
    conflict = np.zeros(len(groups), dtype=bool)
    for d in differs_by.values():
        conflict |= d
    conflict &= multi
    repeated = int((groups.sizes[multi & ~conflict] - 1).sum())
    dups: list[dict] = []
    for g in np.flatnonzero(conflict)[:DUPLICATE_LIMIT]:
        m = groups.members(g)
        dups.append({
            "code": str(groups.code[g]), "name": code_names.get(str(groups.code[g]), ""),
            "period": str(groups.period[g]), "rows": [int(r) for r in rownum[m[:20]]], "count": int(len(m)),
            "values": {c: [_plain(x) for x in values[c][m[:20]]] for c in values if differs_by[c][g]},
        })
    return dups, int(conflict.sum()), repeated, conflict
def _plain(v):
    if isinstance(v, float):
        return None if np.isnan(v) else v
    return v


def _seed(rows: pd.Series) -> str:
    rows = list(rows)
    text = "; ".join(f"row {r}" for r in rows[:SEED_LIMIT])
    if len(rows) > SEED_LIMIT:
        text += f"; … ({len(rows)} rows)"
    return text


def _source_rows(groups: _Groups, conflict: np.ndarray, spec: ValueSpec, idx: np.ndarray, rownum: np.ndarray,
                 numbers, cats, excluded, policy: str) -> pd.DataFrame:
    """One row per source unit and period for one value column, duplicates resolved by ``policy``."""
    def col(name: str) -> np.ndarray:
        v = numbers[name].values[idx]
        if name in excluded:
            v = np.where(excluded[name][idx], np.nan, v)
        return v

    n = len(groups)
    value = col(spec.column) if spec.kind != "category" else np.full(len(idx), np.nan)
    category = cats[spec.column][0][idx] if spec.kind == "category" else np.full(len(idx), "", dtype=object)
    num = numbers[spec.numerator].values[idx] if spec.numerator else (value if spec.kind == "count" else np.full(len(idx), np.nan))
    den = numbers[spec.denominator].values[idx] if spec.denominator else np.full(len(idx), np.nan)
    if policy == "sum" and spec.kind != "category" and n:
        out = pd.DataFrame({"code": groups.code, "period": groups.period})
        for name, arr in (("value", value), ("numerator", num), ("denominator", den)):
            sv = arr[groups.order]
            sums = np.add.reduceat(np.nan_to_num(sv), groups.starts)
            have = np.add.reduceat(~np.isnan(sv), groups.starts)
            out[name] = np.where(have > 0, sums, np.nan)
        if spec.kind in ("ratio", "rate"):
            with np.errstate(divide="ignore", invalid="ignore"):
                out["value"] = np.where(out["denominator"] > 0, out["numerator"] / out["denominator"] * spec.scale, np.nan)
        out["category"] = ""
        out["seed_lines"] = [_seed(rownum[groups.members(g)]) for g in range(n)]
        return out[["code", "period", "value", "numerator", "denominator", "category", "seed_lines"]]
    if policy == "last":
        pick = groups.order[groups.starts + groups.sizes - 1]
        keep_groups = np.arange(n)
    else:
        pick = groups.order[groups.starts]
        keep_groups = np.arange(n) if policy != "drop" else np.flatnonzero(~conflict)
        pick = pick[keep_groups]
    return pd.DataFrame({
        "code": groups.code[keep_groups], "period": groups.period[keep_groups], "value": value[pick],
        "numerator": num[pick], "denominator": den[pick], "category": category[pick],
        "seed_lines": [f"row {r}" for r in rownum[pick]],
    })


def _report(table, plan, res, matched, reason_index, reasons, keys_shown, reports, dups, dup_count, repeated,
            oor_list, oor_count, harm_notes, periods, unit_rows, map_vintage: str = "2024") -> MatchReport:
    rep = MatchReport(file=table.name, format=table.format, key_column=plan.key_column, level=res.level or plan.level,
                      sheet=table.sheet, sheets=list(table.sheets), encoding=table.encoding,
                      delimiter=table.delimiter, header_row=table.header_row)
    rep.rows = len(table)
    rep.matched = int(matched.sum())
    un = np.flatnonzero(~matched)
    rep.unmatched_count = len(un)
    rep.unmatched = [(int(table.row_numbers[i]), str(keys_shown[i]), reasons[reason_index[i]]) for i in un[:LIST_LIMIT]]
    rep.duplicates, rep.duplicates_count, rep.repeated_rows = dups, dup_count, repeated
    rep.out_of_range, rep.out_of_range_count = oor_list, oor_count
    if plan.level in ("kommune", "fylke"):
        rep.vintage = res.vintage.vintage or None
        rep.vintage_info = res.vintage.to_dict()
    rep.harmonisation = harm_notes
    rep.map_vintage = map_vintage
    rep.level_counts = dict(res.level_counts)
    rep.value_columns = reports
    rep.period_column = plan.period_column
    rep.periods = periods
    rep.units = len({c for rows in unit_rows.values() for c in rows.get("code", [])})
    notes = list(table.notes)
    if plan.no_key:
        notes.insert(0, Msg("file.no_key"))
    if rep.vintage and res.vintage.confidence != "none" and rep.vintage != map_vintage:
        notes.append(Msg("note.vintage", {"vintage": rep.vintage, "confidence": res.vintage.confidence,
                                          "map": map_vintage}))
    elif rep.vintage and res.vintage.confidence == "none":
        notes.append(Msg("note.vintage_none"))
    if res.vintage.mixed:
        detail = "; ".join(f"{v}: {', '.join(c)}" for v, c in res.vintage.evidence.items() if c)
        notes.append(Msg("note.vintage_mixed", {"detail": detail}))
    if any(m.key == "note.mojibake" for m in notes) is False and getattr(res, "mojibake", False):
        notes.append(Msg("note.mojibake"))
    if dup_count:
        notes.append(Msg("note.duplicates_policy", {"n": dup_count, "policy": plan.duplicates}))
    if plan.exclude_out_of_range and oor_count:
        notes.append(Msg("note.out_of_range_dropped", {"n": oor_count}))
    if any(r.missing for r in reports if r.kind != "category") and getattr(table, "statbank", None) is None:
        notes.append(Msg("note.dash_missing"))  # (a StatBank table reads SSB's "-" as zero and says so)
    for what, shown, total in (("unmatched rows", len(rep.unmatched), rep.unmatched_count),
                               ("duplicates", len(dups), dup_count), ("out-of-range values", len(oor_list), oor_count)):
        if total > shown:
            notes.append(Msg("note.truncated", {"what": what, "shown": shown, "total": total}))
    rep.ignored = dict(plan.ignored)
    rep.columns = list(table.columns)
    notes += _ignored_notes(table, plan)
    rep.notes = notes
    return rep


IGNORED_NOTE_LIMIT = 20


def _ignored_notes(table: ParsedTable, plan: ImportPlan) -> list[Msg]:
    """Every column left out is named with its reason: a drop is never silent."""
    from indicators.importer.messages_limits import IGNORED_WHY
    from indicators.importer.plan import PROFILE_ROWS

    out = []
    for column, kind in list(plan.ignored.items())[:IGNORED_NOTE_LIMIT]:
        why, why_nb = IGNORED_WHY.get(kind, (kind, kind))
        if kind == "text" and column in table.columns:
            p = parse_series(table.frame[column].iloc[:PROFILE_ROWS])
            filled = ~p.missing
            k = int((filled & ~p.failed).sum())
            if k:
                bad = table.frame[column].iloc[:PROFILE_ROWS].to_numpy(dtype=object)[p.failed]
                examples = ", ".join(repr(str(t)[:20]) for t in pd.unique(bad)[:3])
                why, why_nb = (t.format(k=k, n=int(filled.sum()), examples=examples) for t in IGNORED_WHY["mostly_text"])
        out.append(Msg("note.ignored_column", {"column": column, "why": why, "why_nb": why_nb}))
    if len(plan.ignored) > IGNORED_NOTE_LIMIT:
        out.append(Msg("note.truncated", {"what": "columns left out", "shown": IGNORED_NOTE_LIMIT,
                                          "total": len(plan.ignored)}))
    return out


def _count_other_levels(row_other: np.ndarray | None, matched: np.ndarray) -> dict[str, int]:
    """Rows whose key belongs to another level than the one imported (mixed levels)."""
    if row_other is None:
        return {}
    s = pd.Series(row_other[~matched])
    s = s[s != ""]
    return {str(k): int(v) for k, v in s.value_counts().items()}


class _Reasons:
    """Distinct reasons, shared by every row that has them; bounded for junk-key files."""

    LIMIT = 20_000

    def __init__(self, level: str):
        self.items: list[Msg] = []
        self._index: dict[tuple, int] = {}
        self.level = level

    def add(self, msg: Msg) -> int:
        key = (msg.key, tuple(sorted((k, str(v)) for k, v in msg.params.items())))
        i = self._index.get(key)
        if i is not None:
            return i
        if len(self.items) >= self.LIMIT:  # a million distinct junk keys: one generic reason
            msg = Msg("row.not_a_unit", {"level": self.level})
            key = (msg.key, ())
            i = self._index.get(key)
            if i is not None:
                return i
        self.items.append(msg)
        self._index[key] = len(self.items) - 1
        return len(self.items) - 1
