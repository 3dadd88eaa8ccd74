"""The match report: what the import would do, shown before anything is applied.

Every row is accounted for — matched, or unmatched with a reason — and the
report says which rows collide, which values are out of range, which year the
codes follow and what harmonisation did. Long lists are capped in the report
(the counts are always complete); unmatched rows can be written out in full.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from indicators.importer.messages import Msg

LIST_LIMIT = 1000
DUPLICATE_LIMIT = 200


@dataclass
class ValueColumnReport:
    column: str
    kind: str
    unit: str = ""
    scheme: str = ""
    included: bool = True
    numerator: str = ""
    denominator: str = ""
    values: int = 0  # cells holding a value (matched or not)
    missing: int = 0  # cells meaning "no value"
    failures: int = 0  # cells that could not be read
    failure_examples: list[dict] = field(default_factory=list)
    percent_cells: int = 0
    units: int = 0  # units with a value after harmonisation

    def to_dict(self, lang: str = "en") -> dict:
        d = dict(self.__dict__)
        d["failure_examples"] = [
            {"row": e["row"], "text": e["text"], "reason": e["reason"].text(lang)} for e in self.failure_examples
        ]
        return d


@dataclass
class MatchReport:
    file: str
    format: str
    key_column: str
    level: str
    rows: int = 0
    matched: int = 0
    unmatched: list[tuple[int, str, Msg]] = field(default_factory=list)
    unmatched_count: int = 0
    duplicates: list[dict] = field(default_factory=list)
    duplicates_count: int = 0
    repeated_rows: int = 0
    out_of_range: list[dict] = field(default_factory=list)
    out_of_range_count: int = 0
    vintage: str | None = None
    vintage_info: dict = field(default_factory=dict)
    #: the map the harmonisation notes speak of
    map_vintage: str = "2024"
    harmonisation: list[Msg] = field(default_factory=list)
    level_counts: dict[str, int] = field(default_factory=dict)
    mixed_levels: bool = False
    value_columns: list[ValueColumnReport] = field(default_factory=list)
    period_column: str = ""
    periods: list[str] = field(default_factory=list)
    units: int = 0
    notes: list[Msg] = field(default_factory=list)
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    header_row: int | None = None
    #: columns left out of the import and why ('text', 'empty')
    ignored: dict[str, str] = field(default_factory=dict)
    #: every column of the table, so a reader can check that none went unmentioned
    columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.matched > 0

    def to_dict(self, lang: str = "en") -> dict:
        """Plain JSON-ready dict (the CLI prints it; projects store it)."""
        return {
            "file": self.file, "format": self.format, "sheet": self.sheet, "sheets": list(self.sheets),
            "encoding": self.encoding, "delimiter": self.delimiter, "header_row": self.header_row,
            "rows": self.rows, "matched": self.matched,
            "unmatched": [{"row": r, "key": k, "reason": m.text(lang)} for r, k, m in self.unmatched],
            "unmatched_count": self.unmatched_count,
            "unmatched_truncated": self.unmatched_count > len(self.unmatched),
            "duplicates": [_dup(d, lang) for d in self.duplicates],
            "duplicates_count": self.duplicates_count,
            "repeated_identical_rows": self.repeated_rows,
            "out_of_range": [_oor(o, lang) for o in self.out_of_range],
            "out_of_range_count": self.out_of_range_count,
            "vintage": self.vintage, "vintage_detail": dict(self.vintage_info), "map": self.map_vintage,
            "harmonisation": [_harm(m, lang) for m in self.harmonisation[:LIST_LIMIT]],
            "key_column": self.key_column, "level": self.level, "level_counts": dict(self.level_counts),
            "mixed_levels": self.mixed_levels,
            "value_columns": [v.to_dict(lang) for v in self.value_columns],
            "period_column": self.period_column, "periods": list(self.periods), "units": self.units,
            "columns": list(self.columns),
            "ignored_columns": [{"column": c, "reason": k} for c, k in self.ignored.items()],
            "notes": [m.text(lang) for m in self.notes],
        }

    def summary(self, lang: str = "en") -> str:
        if lang == "nb":
            return (f"{self.rows} rader lest, {self.matched} med treff, {self.unmatched_count} uten treff, "
                    f"{self.duplicates_count} dubletter, {self.out_of_range_count} utenfor gyldig område")
        return (f"{self.rows} rows read, {self.matched} matched, {self.unmatched_count} unmatched, "
                f"{self.duplicates_count} duplicates, {self.out_of_range_count} out of range")


def _dup(d: dict, lang: str) -> dict:
    return {k: v for k, v in d.items()}


def _oor(o: dict, lang: str) -> dict:
    out = {k: v for k, v in o.items() if k != "reason"}
    out["reason"] = o["reason"].text(lang)
    return out


def _harm(m: Msg, lang: str) -> dict:
    p = m.params
    return {"code": p.get("target"), "name": p.get("name"), "period": p.get("period"),
            "from": p.get("sources"), "approximate": p.get("approximate"),
            "note": p.get("note_nb") if lang == "nb" else p.get("note")}


def write_unmatched_csv(table, analysis, path: str | Path, lang: str = "nb", force: bool = False) -> int:
    """Write every unmatched row (reason first, then the original cells). Returns the count.

    Semicolon-separated UTF-8 with BOM, so Norwegian Excel opens it as written. Never
    writes onto the table being imported, replaces an existing file only with
    ``force``, and writes atomically: a full disk or a kill leaves the old file whole.
    """
    import os

    import numpy as np

    from indicators.atomic_file import atomic_path, check_target

    check_target(path, [table.path], force=force)
    idx = np.flatnonzero(~analysis.matched)
    cols = table.columns
    header = (["rad", "årsak"] if lang == "nb" else ["row", "reason"]) + cols
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f, delimiter=";")
            w.writerow(header)
            values = [table.frame[c].to_numpy() for c in cols]
            for i in idx:
                reason = analysis.reason_of(int(i)).text(lang)
                w.writerow([int(table.row_numbers[i]), reason, *(v[i] for v in values)])
            f.flush()
            os.fsync(f.fileno())
    return len(idx)
