"""Aggregate unit values to larger units without statistical shortcuts.

Counts are summed. Ratios and rates are recomputed from summed numerators and
denominators — percentages are never averaged; a group where any member lacks its
counts gets no value and says why. Category values become distributions (units per
class). Every output row says which units went into it and whether it is
approximate (a territory that does not match its members).

A sum is the larger unit's value only when every member has a value: with
``expected_members`` given and fewer members present, the row is *partial* — it keeps
the partial numerator and denominator and the coverage (``members_have`` of
``members_of``) but no value, so nobody reads 40 of 41 municipalities as the county.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from indicators.observations import normalise

CANNOT_RATIO = "cannot aggregate: numerator and denominator missing for some members"
PARTIAL = "partial: only {have} of {of} units have data, so this is not the unit's value"


def _fmt_members(names: list[str], limit: int = 6) -> str:
    if len(names) <= limit:
        return " + ".join(names)
    return " + ".join(names[:limit]) + f" + {len(names) - limit} more"


def aggregate(
    rows: pd.DataFrame,
    mapping: Mapping[str, str],
    *,
    kind: str,
    scale: float = 1.0,
    to_level: str,
    to_vintage: str = "",
    approximate_targets: set[str] | frozenset[str] = frozenset(),
    expected_members: Mapping[str, int] | None = None,
    names: Mapping[str, str] | None = None,
    note_prefix: str = "",
) -> pd.DataFrame:
    """Aggregate observation rows of one indicator and period to a higher level.

    ``mapping`` sends each source code to its target code (codes missing from the
    mapping are skipped). ``approximate_targets`` are targets whose territory does
    not match their members exactly. ``expected_members`` (target → number of
    source units it should have) marks targets with missing members.
    """
    rows = normalise(rows)
    if rows.empty:
        return rows
    rows = rows[rows["code"].isin(mapping.keys())].copy()
    rows["target"] = rows["code"].map(mapping)
    # a member row without a number (a reason only) does not count as a member with data
    has_data = rows["value"].notna() | rows["numerator"].notna() | (rows["category"] != "")
    rows = rows[has_data]
    out = []
    group_keys = ["indicator", "period", "target"]
    for (indicator, period, target), g in rows.groupby(group_keys, sort=True):
        members = sorted(g["code"].unique())
        member_names = [
            (names or {}).get(c) or (g.loc[g["code"] == c, "unit_name"].iloc[0] or c) for c in members
        ]
        n_expected = (expected_members or {}).get(target)
        incomplete = n_expected is not None and len(members) < n_expected
        approx = bool(target in approximate_targets or g["approximate"].any())
        note = f"{note_prefix}sum of {_fmt_members(member_names)}"
        if incomplete:
            note += "; " + PARTIAL.format(have=len(members), of=n_expected)
        base = {
            "indicator": indicator, "level": to_level, "vintage": to_vintage, "code": target,
            "unit_name": "", "period": period, "source": ";".join(sorted(set(g["source"]) - {""})),
            "table": ";".join(sorted(set(g["table"]) - {""})),
            "seed_lines": ";".join(s for s in dict.fromkeys(g["seed_lines"]) if s),
            "approximate": approx, "derived": True, "origin": ";".join(sorted(set(g["origin"]) - {""})),
            "members_have": float(len(members)),
            "members_of": float(n_expected) if n_expected is not None else np.nan,
        }
        if kind == "category":
            out += _aggregate_category(g, base, note)
            continue
        row = dict(base, category="", note=note)
        if kind == "count":
            vals = g["value"].where(g["value"].notna(), g["numerator"])
            row["value"] = float(vals.sum()) if vals.notna().any() else np.nan
            row["numerator"] = row["value"]
            row["denominator"] = np.nan
        else:  # ratio / rate: recompute from counts, never average
            if g["numerator"].notna().all() and g["denominator"].notna().all():
                num, den = float(g["numerator"].sum()), float(g["denominator"].sum())
                row["numerator"], row["denominator"] = num, den
                row["value"] = num / den * scale if den else np.nan
            else:
                row.update(value=np.nan, numerator=np.nan, denominator=np.nan)
                row["note"] = f"{note}; {CANNOT_RATIO}"
        if incomplete:
            row["value"] = np.nan  # the partial sums stay in numerator/denominator
        out.append(row)
    return normalise(pd.DataFrame(out)) if out else normalise(pd.DataFrame())


def _aggregate_category(g: pd.DataFrame, base: dict, note: str) -> list[dict]:
    """Unit classes → distribution rows; existing distributions → summed counts."""
    dist = g[g["denominator"].notna()]
    units = g[g["denominator"].isna() & (g["category"] != "")]
    counts: dict[str, float] = {}
    total = 0.0
    if not dist.empty:
        for cat, c in dist.groupby("category"):
            counts[cat] = counts.get(cat, 0.0) + float(c["numerator"].sum())
        # one denominator per member unit
        total += float(dist.drop_duplicates("code")["denominator"].sum())
    if not units.empty:
        for cat, c in units.groupby("category"):
            counts[cat] = counts.get(cat, 0.0) + float(len(c))
        total += float(units["code"].nunique())
    rows = []
    for cat, n in sorted(counts.items()):
        rows.append(
            dict(base, category=cat, numerator=n, denominator=total,
                 value=n / total * 100 if total else np.nan, note=note)
        )
    return rows
