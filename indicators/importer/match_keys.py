"""Match a table's key column to units: each distinct key text resolved once.

Shared by :func:`indicators.importer.analysis.analyse` and the pandas-free one-column
join (:mod:`indicators.importer.plain_join`), so both read keys, vintages, reasons
and mixed levels the same way. Plain Python and numpy: no pandas.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from indicators.importer.analyse_report import Reasons
from indicators.importer.errors import ImportCancelled, ImportFailure
from indicators.importer.keys import repair_mojibake
from indicators.importer.messages import Msg
from indicators.importer.plan import ImportPlan
from indicators.importer.resolve import (
    BUNDLED_LEVELS,
    LayerIndex,
    Resolution,
    VintageInfo,
    clear_caches,
    prepare,
    resolve_layer_one,
    resolve_one,
)
from indicators.importer.table import Cancel, ParsedTable


@dataclass
class KeyMatch:
    """Per table row: which unit (integer id into ``code_values``), matched or why not."""

    res: Resolution
    reasons: Reasons
    key: np.ndarray  # the key cells as written (object array)
    code_id: np.ndarray
    code_values: np.ndarray  # object array of unit codes ('' for no unit)
    matched: np.ndarray
    reason_index: np.ndarray
    code_names: dict[str, str] = field(default_factory=dict)
    other_level: dict[str, int] = field(default_factory=dict)
    lost: list[Msg] = field(default_factory=list)
    layer_names: dict[str, str] | None = None


def factorize(values: Iterable) -> tuple[np.ndarray, list]:
    """``pandas.factorize(values, use_na_sentinel=False)`` for hashable cells: ids in
    the order of first appearance."""
    index: dict = {}
    ids = [index.setdefault(v, len(index)) for v in values]
    return np.asarray(ids, dtype=np.intp), list(index)


def match_keys(table: ParsedTable, plan: ImportPlan, layers: Mapping[str, object] | None,
               cancel: Cancel | None = None) -> KeyMatch:
    """Each distinct key text resolved once; integer ids per row (bounded memory)."""
    key = table.column(plan.key_column)
    codes, uniques = factorize(key)
    counts = np.bincount(codes, minlength=len(uniques))
    texts = {str(u): int(c) for u, c in zip(uniques, counts)}
    layer_index: LayerIndex | None = None
    layer_names = None
    if plan.level in BUNDLED_LEVELS:
        res = prepare(texts, plan.level, plan.vintage)
    elif layers and plan.level in layers:
        layer_index = LayerIndex.from_layer(layers[plan.level])
        res = Resolution(layer_index.layer_id, VintageInfo("", "high", ""), {}, {})
        layer_names = layer_index.names
    else:
        raise ImportFailure("file.unknown_level", level=plan.level)
    del texts
    reasons = Reasons(plan.level)
    u_code = np.empty(len(uniques), dtype=object)
    u_reason = np.full(len(uniques), -1, dtype=np.int32)
    u_other = np.full(len(uniques), "", dtype=object)
    code_names: dict[str, str] = {}
    lost: list[Msg] = []
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
    u_code_id, code_values = factorize(u_code)
    matched = (u_code != "")[codes]
    reason_index = u_reason[codes]
    for i, n in table.extra_fields.items():
        reason_index[i] = reasons.add(Msg("row.extra_fields", {"n": n, "m": len(table.columns)}))
        matched[i] = False
    row_other = u_other[codes] if (u_other != "").any() else None
    values = np.empty(len(code_values), dtype=object)
    values[:] = code_values
    return KeyMatch(res, reasons, np.asarray(key, dtype=object), u_code_id[codes], values, matched, reason_index,
                    code_names, count_other_levels(row_other, matched), lost, layer_names)


def count_other_levels(row_other: np.ndarray | None, matched: np.ndarray) -> dict[str, int]:
    """Rows whose key belongs to another level than the one imported (mixed levels),
    most first (ties in the order of first appearance, as ``Series.value_counts``)."""
    if row_other is None:
        return {}
    counts = Counter(str(v) for v in row_other[~matched] if v != "")
    return dict(sorted(counts.items(), key=lambda kv: -kv[1]))
