"""The column mapping: which column is the key, which are values, and what they mean.

:func:`guess_plan` proposes a mapping from the table alone (the dialog shows it
and lets the planner change any of it); :class:`ImportPlan` is what analysis and
apply act on, and what a project file stores next to the table.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from indicators.catalogue import CLASSIFICATIONS, KINDS
from indicators.importer.errors import ImportFailure
from indicators.importer.messages import Msg
from indicators.importer.numbers import parse_series
from indicators.importer.status import SCHEMES, STATUS, match_share

if TYPE_CHECKING:
    from indicators.importer.table import ParsedTable

PROFILE_ROWS = 20_000
WORSE = ("higher", "lower", "none")
DUPLICATE_POLICIES = ("first", "last", "sum", "drop")
UNKNOWN_PERIOD = "ukjent"

_PERCENT_WORDS = re.compile(r"%|\bandel|prosent|\bpst\b|\bshare\b|percent", re.IGNORECASE)
_RATE = re.compile(r"\b(?:per|pr\.?)\s*(1|10|100)?\s?(000)\b", re.IGNORECASE)
_STATUS_WORDS = re.compile(r"status|nivå|niva|rekrutt|vurdering|situasjon|utfordr|skala|level|\bks\b", re.IGNORECASE)
_WORSE_WORDS = re.compile(r"uten fast lege|ledig|mangl|vikar|ubesatt|vakan|without|vacan|missing|shortage",
                          re.IGNORECASE)
_PERIOD_HEADER = re.compile(r"^(?:år|aar|årstall|year|periode|period|tid|time|statistikkår)$", re.IGNORECASE)
_PERIOD_VALUE = re.compile(r"^(?:19|20)\d\d(?:\s?[KkHhMmQq]\d{1,2}|-\d\d)?$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


@dataclass
class ValueSpec:
    """One value column and the indicator it becomes."""

    column: str
    include: bool = True
    name: str = ""
    unit: str = ""
    kind: str = "count"  # count | ratio | rate | category
    worse: str = "higher"  # higher | lower | none
    scheme: str = ""  # for kind == category
    numerator: str = ""  # column holding the numerator (ratio/rate)
    denominator: str = ""  # column holding the denominator
    scale: float = 1.0  # value = numerator / denominator * scale
    classification: str = "quantiles"
    classes: int = 5
    palette: str = ""
    id: str = ""  # indicator id; assigned on apply when empty
    period: str = ""  # this column's period (a year in its header); '' = the plan's period

    def validate(self, columns: list[str]) -> None:
        if self.column not in columns:
            raise ImportFailure("file.unknown_column", column=self.column)
        for c in (self.numerator, self.denominator):
            if c and c not in columns:
                raise ImportFailure("file.unknown_column", column=c)
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if self.kind == "category" and self.scheme not in SCHEMES:
            raise ValueError(f"category column {self.column!r} needs a scheme ({', '.join(SCHEMES)})")
        if self.worse not in WORSE:
            raise ValueError(f"worse must be one of {', '.join(WORSE)}")


@dataclass
class ImportPlan:
    """The whole mapping of one table."""

    key_column: str
    level: str
    value_columns: list[ValueSpec] = field(default_factory=list)
    period_column: str = ""
    period: str = ""
    vintage: str | None = None  # None: detect
    duplicates: str = "first"
    exclude_out_of_range: bool = False
    #: other columns of the table and what they look like (text, empty)
    ignored: dict[str, str] = field(default_factory=dict)
    #: True when no column looked like a key and the first column was proposed
    no_key: bool = False

    @property
    def included(self) -> list[ValueSpec]:
        return [v for v in self.value_columns if v.include]

    def spec(self, column: str) -> ValueSpec:
        for v in self.value_columns:
            if v.column == column:
                return v
        raise KeyError(column)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> ImportPlan:
        d = dict(d)
        d["value_columns"] = [ValueSpec(**v) for v in d.get("value_columns", [])]
        return cls(**d)


@dataclass
class ColumnProfile:
    column: str
    kind: str  # count | ratio | rate | category | text | empty
    unit: str = ""
    scale: float = 1.0
    scheme: str = ""
    worse: str = "higher"


def profile_column(name: str, series) -> ColumnProfile:
    """What a column looks like: numbers of some kind, status classes, or text.

    ``series`` is a column's cells (an object array or a Series); no pandas is needed."""
    s = np.asarray(series, dtype=object)[:PROFILE_ROWS]
    nums = parse_series(s)
    present = ~nums.missing
    n_present = int(present.sum())
    if n_present == 0:
        return ColumnProfile(name, "empty")
    # error values (#DIV/0!, NaN, inf) are reported cell by cell; they do not make a column text
    errors = np.asarray(nums.errors, dtype=bool)  # never None after ParsedNumbers.__post_init__
    failed = int((nums.failed & ~errors).sum())
    n_present -= int((errors & ~nums.missing).sum())
    texts = [str(v) for v in list(dict.fromkeys(s))[:2000]]
    if n_present > 0 and failed <= 0.1 * n_present:
        vals = nums.values[~np.isnan(nums.values)]
        integers = bool(len(vals)) and bool(np.all(np.equal(np.mod(vals, 1), 0)))
        on_scale = float(np.mean((vals >= 1) & (vals <= 7))) if len(vals) else 0.0
        if integers and on_scale >= 0.8 and _STATUS_WORDS.search(name):
            return ColumnProfile(name, "category", "", 1.0, STATUS, "higher")
        if nums.percent[present].any() or _PERCENT_WORDS.search(name):
            return ColumnProfile(name, "ratio", "%", 100.0, "", "higher")
        m = _RATE.search(name)
        if m:
            scale = float(int(m.group(1) or "1") * 1000)
            return ColumnProfile(name, "rate", f"per {int(scale):,}".replace(",", " "), scale, "", "higher")
        if integers:  # negative counts are reported as out of range, not re-typed
            worse = "higher" if _WORSE_WORDS.search(name) else "none"
            return ColumnProfile(name, "count", "antall", 1.0, "", worse)
        return ColumnProfile(name, "ratio", "", 1.0, "", "higher")
    shares = {sid: match_share(texts, sid) for sid in SCHEMES}
    best = max(shares, key=lambda k: (shares[k], k == STATUS))
    if shares[best] >= 0.8:
        return ColumnProfile(name, "category", "", 1.0, best, "higher")
    return ColumnProfile(name, "text")


def guess_period(table: ParsedTable, column: str | None = None) -> tuple[str, Msg]:
    """A year for a table without a period column: header, then sheet, then file name."""
    places = []
    if column:
        places.append((column, "column header"))
    places += [(table.sheet, "sheet name"), (Path(table.path).stem, "file name")]
    for text, where in places:
        m = _YEAR.findall(text or "")
        if m:
            return m[-1], Msg("note.period_guess", {"period": m[-1], "where": where})
    return UNKNOWN_PERIOD, Msg("note.period_unknown", {"period": UNKNOWN_PERIOD})


def find_period_column(table: ParsedTable, exclude: set[str]) -> str:
    for c in table.columns:
        if c in exclude:
            continue
        vals = [v for v in dict.fromkeys(table.column(c)[:PROFILE_ROWS]) if str(v).strip()]
        if not vals or len(vals) > 200:
            continue
        if _PERIOD_HEADER.match(c.strip()) and all(_PERIOD_VALUE.match(str(v).strip()) for v in vals):
            return c
    return ""


def _key_score(column: str, series, level: str | None, layer) -> tuple[float, str | None]:
    from collections import Counter

    from indicators.importer.resolve import LayerIndex, guess_level, resolve_layer_keys

    counts = Counter(v for v in np.asarray(series, dtype=object)[:PROFILE_ROWS] if str(v).strip() != "")
    if not counts:
        return 0.0, None
    # most frequent first, ties in the order of first appearance (as Series.value_counts)
    texts = {str(k): int(n) for k, n in sorted(counts.items(), key=lambda kv: -kv[1])}
    if layer is not None:
        res = resolve_layer_keys(texts, layer if isinstance(layer, LayerIndex) else LayerIndex.from_layer(layer))
        hit = sum(n for t, n in texts.items() if res.results[t].match)
        return hit / sum(texts.values()), res.level
    from indicators.importer.resolve import clear_caches

    try:
        best, level_counts = guess_level(texts)
    finally:
        clear_caches()
    lv = level or best
    if lv is None:
        return 0.0, None
    score = level_counts.get(lv, 0) / sum(texts.values())
    if lv == "fylke" and all(t.strip().isdigit() for t in texts) and not _COUNTY_HEADER.search(column):
        score *= 0.2  # small whole numbers (counts!) look like county numbers: trust only a telling header
    return score, lv


_CODE_DIGITS = re.compile(r"\d{3,4}")
_COUNTY_HEADER = re.compile(r"fylke|fnr|\bnr\b|nummer|kode|code|county|region", re.IGNORECASE)


_KEY_HEADER = re.compile(r"kommune|knr|komnr|fylke|fnr|region|helseforetak|\bhf\b|\bnr\b|nummer|navn|name|code|kode|"
                         r"municipality|county|enhet|område", re.IGNORECASE)


def find_key_column(table: ParsedTable, level: str | None = None, layer=None,
                    exclude: Set[str] = frozenset()) -> tuple[str, str | None, float]:
    """(column, level, share of rows that look like keys) — the best key column."""
    best: tuple[str, str | None, float] = ("", None, 0.0)
    best_rank: tuple = (False, -1, -1.0, -1)
    for c in table.columns:
        if c in exclude:
            continue
        score, lv = _key_score(c, table.column(c), level, layer)
        if score <= 0:
            continue
        head = table.column(c)[:200]
        has_codes = bool(len(head)) and sum(1 for v in head if _CODE_DIGITS.search(str(v))) / len(head) > 0.5
        # numbers are unambiguous, so a mostly-matching code column beats a name column
        rank = (score >= 0.5, 1 if has_codes else 0, round(score, 1), 1 if _KEY_HEADER.search(c) else 0)
        if rank > best_rank:
            best, best_rank = (c, lv, score), rank
    return best


def _key_for_level(table: ParsedTable, level: str, exclude: Set[str]) -> tuple[str, str | None, float]:
    """Key column when the planner chose the level.

    The table's own key column wins if its keys fit the level; otherwise a column
    whose header names a key and whose cells fit; otherwise the table's own key
    column anyway, so the report says row by row what its keys are.
    """
    key, _, score = find_key_column(table, None, None, exclude)
    if key and _key_score(key, table.column(key), level, None)[0] >= 0.3:
        return key, level, score
    for c in table.columns:
        if c == key or c in exclude or not _KEY_HEADER.search(c):
            continue
        if _key_score(c, table.column(c), level, None)[0] >= 0.5:
            return c, level, _key_score(c, table.column(c), level, None)[0]
    return key, level, score


def guess_plan(table: ParsedTable, level: str | None = None, layer=None, strict: bool = False) -> ImportPlan:
    """Propose a mapping.

    When no column looks like a key, ``strict`` raises ImportFailure; otherwise the
    first column is proposed (the report then says row by row why nothing matches,
    and the dialog lets the planner pick the right column).
    """
    # a year column ('År': 2021, 2022) must not be taken for 2019 municipality codes
    period_column = find_period_column(table, set())
    exclude = {period_column} if period_column else set()
    lv: str | None
    if level and layer is None:
        key, lv, score = _key_for_level(table, level, exclude)
    else:
        key, lv, score = find_key_column(table, level, layer, exclude)
    no_key = not key or score < 0.3
    if no_key:
        if strict:
            raise ImportFailure("file.no_key")
        key = table.columns[0]
        lv = level or (None if layer is None else lv)
    if layer is not None:
        lv = layer.id if hasattr(layer, "id") else layer.layer_id
    specs: list[ValueSpec] = []
    ignored: dict[str, str] = {}
    for c in table.columns:
        if c in (key, period_column):
            continue
        prof = profile_column(c, table.column(c))
        if prof.kind in ("text", "empty"):
            ignored[c] = prof.kind
            continue
        specs.append(ValueSpec(
            column=c, name=c, unit=prof.unit, kind=prof.kind, worse=prof.worse, scheme=prof.scheme,
            scale=prof.scale, classification="categorical" if prof.kind == "category" else "quantiles",
            palette="" if prof.kind == "category" else ("Blues" if prof.worse == "none" else "YlOrRd"),
        ))
    _pair_ratios(table, specs, _key_rows(table, key, lv, layer))
    if period_column:
        period = ""
    else:
        period, _ = guess_period(table, specs[0].column if len(specs) == 1 else None)
        years = {s.column: _YEAR.findall(s.column) for s in specs}
        if len(specs) > 1 and len({y[-1] for y in years.values() if y}) > 1:
            # wide table ('2019', '2020', … as columns): each column keeps its own year
            for s in specs:
                if years[s.column]:
                    s.period = years[s.column][-1]
    plan = ImportPlan(key_column=key, level=lv or "kommune", value_columns=specs, period_column=period_column,
                      period=period, ignored=ignored, no_key=no_key)
    adjust = getattr(table, "adjust_plan", None)  # a table that knows its layout (SSB StatBank) corrects the guess
    if adjust is not None:
        adjust(plan)
    return plan


def _key_rows(table: ParsedTable, key: str, level: str | None, layer) -> np.ndarray:
    """Which of the first rows have a key that resolves (junk rows must not spoil guesses)."""
    from indicators.importer.resolve import LayerIndex, resolve_keys, resolve_layer_keys

    keys = [str(v) for v in table.column(key)[:PROFILE_ROWS]]
    texts = dict.fromkeys(keys, 1)
    if layer is not None:
        res = resolve_layer_keys(texts, LayerIndex.from_layer(layer))
    else:
        res = resolve_keys(texts, level)
    ok = {t for t, r in res.results.items() if r.match}
    return np.fromiter((k in ok for k in keys), dtype=bool, count=len(keys))


def _pair_ratios(table: ParsedTable, specs: list[ValueSpec], rows: np.ndarray) -> None:
    """Find numerator and denominator columns whose quotient reproduces a ratio column."""
    counts = [s for s in specs if s.kind == "count"][:12]
    if len(counts) < 2:
        return
    n = min(len(table), PROFILE_ROWS)
    parsed = {s.column: np.where(rows, parse_series(table.column(s.column)[:n]).values, np.nan) for s in specs}
    for r in specs:
        if r.kind not in ("ratio", "rate"):
            continue
        v = parsed[r.column]
        best = None
        for a in counts:
            for b in counts:
                if a is b:
                    continue
                num, den = parsed[a.column], parsed[b.column]
                ok = ~np.isnan(v) & ~np.isnan(num) & ~np.isnan(den) & (den != 0)
                if ok.sum() < 3:
                    continue
                for scale in ((r.scale,) if r.scale != 1.0 else (1.0, 100.0, 1000.0, 10000.0, 100000.0)):
                    q = num[ok] / den[ok] * scale
                    # printed values are rounded: allow half a unit of the last shown decimal
                    tol = np.maximum(np.abs(v[ok]) * 0.02, 0.051 if scale >= 100 else 0.0051)
                    share = float(np.mean(np.abs(q - v[ok]) <= tol))
                    if share >= 0.75 and (best is None or share > best[0]):
                        best = (share, a.column, b.column, scale)
        if best:
            _, r.numerator, r.denominator, r.scale = best
            if r.kind == "ratio" and r.scale == 100.0 and not r.unit:
                r.unit = "%"


__all__ = ["ImportPlan", "ValueSpec", "guess_plan", "profile_column", "guess_period", "CLASSIFICATIONS"]
