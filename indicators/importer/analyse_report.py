"""The match report of an analysis: counts, reasons, notes (nothing here changes a session)."""

from __future__ import annotations

import numpy as np

from indicators.importer.messages import Msg
from indicators.importer.numbers import parse_series
from indicators.importer.plan import ImportPlan
from indicators.importer.report import LIST_LIMIT, MatchReport
from indicators.importer.table import ParsedTable


def build_report(table, plan, res, matched, reason_index, reasons, keys_shown, reports, dups, dup_count, repeated,
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
    notes += ignored_notes(table, plan)
    rep.notes = notes
    return rep


IGNORED_NOTE_LIMIT = 20


def ignored_notes(table: ParsedTable, plan: ImportPlan) -> list[Msg]:
    """Every column left out is named with its reason: a drop is never silent."""
    from indicators.importer.messages_limits import IGNORED_WHY
    from indicators.importer.plan import PROFILE_ROWS

    out = []
    for column, kind in list(plan.ignored.items())[:IGNORED_NOTE_LIMIT]:
        why, why_nb = IGNORED_WHY.get(kind, (kind, kind))
        if kind == "text" and column in table.columns:
            cells = table.column(column)[:PROFILE_ROWS]
            p = parse_series(cells)
            filled = ~p.missing
            k = int((filled & ~p.failed).sum())
            if k:
                bad = cells[p.failed]
                examples = ", ".join(repr(str(t)[:20]) for t in list(dict.fromkeys(bad))[:3])
                why, why_nb = (t.format(k=k, n=int(filled.sum()), examples=examples)
                               for t in IGNORED_WHY["mostly_text"])
        out.append(Msg("note.ignored_column", {"column": column, "why": why, "why_nb": why_nb}))
    if len(plan.ignored) > IGNORED_NOTE_LIMIT:
        out.append(Msg("note.truncated", {"what": "columns left out", "shown": IGNORED_NOTE_LIMIT,
                                          "total": len(plan.ignored)}))
    return out


class Reasons:
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
