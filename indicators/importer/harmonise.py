"""Carry values coded in 2017/2019/2020/2024 units over to the units of a map (2020 or 2024).

Counts are summed over the old units that make up a 2020 unit. Ratios and rates
are recomputed from summed numerators and denominators when the table has them;
otherwise a merged unit gets no value and says it cannot be harmonised without
weights (averaging percentages would be wrong). Categories carry over only when
every old unit inside agrees. Anything that went through a crosswalk that is not
one-to-one is flagged approximate, with a note saying what was done.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from geo.gazetteer import gazetteer
from indicators.importer.messages import Msg
from indicators.importer.units import Structure, map_vintage_of, structure

if TYPE_CHECKING:
    import pandas as pd

#: columns of the per-unit frames passed in and out
SOURCE_COLUMNS = ["code", "period", "value", "numerator", "denominator", "category", "seed_lines"]


def unit_name(level: str, code: str, target: str = "2020") -> str:
    u = gazetteer(target).find(level, code) if level in ("kommune", "fylke", "helseregion", "helseforetak") else None
    return u.short_name if u else ""


def _members_text(st: Structure, codes: list[str]) -> str:
    return " + ".join(f"{c} {st.names.get(c, '')}".strip() for c in codes)


def harmonise(rows: pd.DataFrame, level: str, vintage: str, kind: str, scale: float = 1.0,
              names: dict[str, str] | None = None, target_map: str = "2020") -> tuple[pd.DataFrame, list[Msg]]:
    """Source-unit rows → rows of the units on the ``target_map`` map ("2020" or "2024").

    ``rows`` has :data:`SOURCE_COLUMNS`; the result adds unit_name, approximate,
    derived and note. ``names`` gives unit names for imported boundary layers.
    """
    import pandas as pd

    if rows.empty:
        return _empty(), []
    columns = {c: rows[c].to_numpy() for c in rows.columns}
    out, notes = harmonise_columns(columns, level, vintage, kind, scale, names, target_map)
    if isinstance(out, dict):  # the same units: the frame with the added columns
        frame = rows.copy()
        for c in ("unit_name", "approximate", "derived", "note"):
            frame[c] = out[c]
        return frame, notes
    return pd.DataFrame(out), notes


def harmonise_columns(rows: Mapping[str, np.ndarray], level: str, vintage: str, kind: str, scale: float = 1.0,
                      names: dict[str, str] | None = None, target_map: str = "2020",
                      ) -> tuple[dict[str, np.ndarray] | list[dict], list[Msg]]:
    """:func:`harmonise` on plain columns (no pandas), for one or more source rows.

    When the codes are already the map's units, returns the columns with unit_name,
    approximate, derived and note added; otherwise one record per target unit and
    period, in (target, period) order."""
    if level not in ("kommune", "fylke") or vintage in ("", map_vintage_of(level, target_map)):
        out = dict(rows)
        n = len(out["code"])
        unit_names = np.empty(n, dtype=object)
        unit_names[:] = [(names or {}).get(c) or unit_name(level, c, target_map) for c in out["code"]]
        out["unit_name"] = unit_names
        out["approximate"] = np.zeros(n, dtype=bool)
        out["derived"] = np.zeros(n, dtype=bool)
        out["note"] = np.full(n, "", dtype=object)
        return out, []
    st = structure(level, vintage, target_map)
    target = np.empty(len(rows["code"]), dtype=object)
    target[:] = [st.links[c].target for c in rows["code"]]
    records: list[dict] = []
    notes: list[Msg] = []
    for src in sorted({c for c, t in zip(rows["code"], target) if t == ""}):  # divided on this map
        notes.append(Msg("harm.divided", {"src": f"{src} {st.names.get(src, '')}".strip(), "vintage": vintage,
                                          "map": target_map}))
    keep = target != ""
    columns = {c: np.asarray(a)[keep] for c, a in rows.items()}
    columns["target"] = target[keep]
    for (tgt, period), g in _groups(columns):
        rec, note_msgs, approx = _one_target(st, level, vintage, tgt, g, kind, scale)
        rec.update(code=tgt, period=period, unit_name=unit_name(level, tgt, target_map), approximate=approx,
                   derived=True, note="; ".join(m.text("en") for m in note_msgs),
                   seed_lines="; ".join(s for s in g["seed_lines"] if s))
        records.append(rec)
        if approx or len(g) > 1:
            notes.append(Msg("harm.entry", {
                "target": tgt, "name": rec["unit_name"], "period": period,
                "sources": ", ".join(g["code"]), "note": rec["note"],
                "note_nb": "; ".join(m.text("nb") for m in note_msgs),
                "approximate": approx,
            }))
    return records, notes


class _Group:
    """The rows of one (target, period) as plain numpy columns.

    Why not the DataFrame groupby gives: a pandas sub-frame per unit cost ~0.5 ms each,
    most of the time of mapping a 356-row table onto the other map.
    """

    def __init__(self, columns: Mapping[str, np.ndarray], rows: np.ndarray):
        self._columns = columns
        self._rows = rows

    def __getitem__(self, column: str) -> np.ndarray:
        return self._columns[column][self._rows]

    def __len__(self) -> int:
        return len(self._rows)


def _groups(columns: Mapping[str, np.ndarray]):
    """``((target, period), group)`` in the order and with the rows of
    ``DataFrame.groupby(["target", "period"], sort=True)``: keys sorted, rows in
    table order inside a group."""
    groups: dict[tuple, list[int]] = {}
    for i, key in enumerate(zip(columns["target"], columns["period"])):
        groups.setdefault(key, []).append(i)
    for key in sorted(groups):
        yield key, _Group(columns, np.asarray(groups[key], dtype=np.intp))


def _nan_sum(values: np.ndarray) -> float:
    """Series.sum(): missing values count as nothing."""
    v = values.astype(float)
    return float(np.where(np.isnan(v), 0.0, v).sum())


def _one_target(st: Structure, level: str, vintage: str, target: str, g: _Group, kind: str,
                scale: float) -> tuple[dict, list[Msg], bool]:
    expected = st.members.get(target, [])
    present = list(g["code"])
    links = [st.links[c] for c in present]
    name = unit_name(level, target, st.target)
    split = [lk for lk in links if lk.relation == "split"]
    one_to_one = len(expected) == 1 and not split and target not in st.partial
    approx = (not one_to_one) or any(lk.approximate for lk in links)
    notes: list[Msg] = []
    members = _members_text(st, present)
    if level == "kommune" and vintage == "2024" and target == "1507" and st.target == "2020":
        notes.append(Msg("harm.aalesund"))
    if one_to_one:
        if present[0] != target:
            notes.append(Msg("harm.renumbered", {"vintage": vintage, "src": present[0], "dst": target}))
    for lk in split:
        notes.append(Msg("harm.split", {"src": f"{lk.source} {st.names.get(lk.source, '')}".strip(),
                                        "vintage": vintage, "name": name, "map": st.target}))
    if target in st.partial:
        notes.append(Msg("harm.partial", {"vintage": vintage, "name": name}))
    if len(present) < len(expected):
        notes.append(Msg("harm.incomplete", {"k": len(present), "n": len(expected), "vintage": vintage,
                                             "name": name}))
    rec = {"value": np.nan, "numerator": np.nan, "denominator": np.nan, "category": ""}
    if kind == "category":
        cats = [c for c in g["category"] if c]
        complete = len(present) >= len(expected)
        if len(expected) <= 1 and len(present) == 1:
            rec["category"] = cats[0] if cats else ""
        elif complete and cats and len(set(cats)) == 1 and len(cats) == len(present):
            rec["category"] = cats[0]
            notes.append(Msg("harm.category_same", {"vintage": vintage, "name": name}))
        elif len(set(cats)) > 1:
            notes.append(Msg("harm.category_disagree", {"vintage": vintage, "name": name,
                                                        "classes": ", ".join(sorted(set(cats)))}))
        # incomplete: the note above already says how many members are missing
        return rec, notes, approx
    if kind == "count":
        value, numerator = g["value"].astype(float), g["numerator"].astype(float)
        vals = np.where(np.isnan(value), numerator, value)
        rec["value"] = _nan_sum(vals) if (~np.isnan(vals)).any() else np.nan
        rec["numerator"] = rec["value"]
        if len(present) > 1:
            notes.append(Msg("harm.merged_sum", {"members": members, "vintage": vintage, "name": name}))
        return rec, notes, approx
    # ratio / rate
    if len(expected) == 1 and len(present) == 1:
        rec.update(value=g["value"][0], numerator=g["numerator"][0], denominator=g["denominator"][0])
        return rec, notes, approx
    numerator, denominator = g["numerator"].astype(float), g["denominator"].astype(float)
    if not np.isnan(numerator).any() and not np.isnan(denominator).any():
        num, den = float(numerator.sum()), float(denominator.sum())
        rec.update(numerator=num, denominator=den, value=num / den * scale if den else np.nan)
        notes.append(Msg("harm.merged_ratio", {"members": members, "vintage": vintage, "name": name}))
        return rec, notes, approx
    notes.append(Msg("harm.no_weights", {"name": name, "vintage": vintage,
                                         "members": _members_text(st, expected)}))
    return rec, notes, approx


def _empty() -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(columns=[*SOURCE_COLUMNS, "unit_name", "approximate", "derived", "note"])
