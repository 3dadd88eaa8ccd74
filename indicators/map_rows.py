"""Put municipality rows coded in one vintage on both maps, with the larger units' sums.

Why one place: SSB's statistics arrive on 2024 codes, the population on 2020 codes,
and both maps must show both. The rules are the same for every source:

* a municipality with the same territory on the other map keeps its value (a
  renumbering is marked derived †, with the old code in the note);
* a municipality that is the union of several (1507 Ålesund 2020 = 1508 Ålesund +
  1580 Haram 2024) gets counts summed and ratios recomputed from the summed
  numerators and denominators, marked derived and approximate (≈), and only when
  every part has its numbers;
* a municipality that was divided has no value on the other map: a count or a share
  of the whole cannot be divided without weights (said in the note);
* counties (on each map), health-trust areas, health regions and Norway are ratios
  of sums over their municipalities, and they are the unit's value only when every
  member municipality has one: otherwise the row is partial (``members_have`` of
  ``members_of``) and has no value (see :mod:`indicators.aggregate`).

Vectorised with pandas: the bundled SSB table makes ~20 000 rows, derived at start-up.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.crosswalk import crosswalk
from geo.gazetteer import gazetteer
from geo.levels import LAND, LAND_CODE, MAP_VINTAGES
from indicators.aggregate import PARTIAL
from indicators.catalogue import Catalogue
from indicators.observations import normalise

#: levels summed from municipalities, and whether their units depend on the map
SUM_LEVELS = (("fylke", True), ("helseforetak", False), ("helseregion", False), (LAND, False))


def _other(vintage: str) -> str:
    return next(v for v in MAP_VINTAGES if v != vintage)


def recode(rows: pd.DataFrame, from_vintage: str, to_vintage: str, catalogue: Catalogue) -> pd.DataFrame:
    """Municipality rows of ``from_vintage`` as rows of the ``to_vintage`` map (rules above)."""
    cw = crosswalk(from_vintage, to_vintage)
    names = {u.code: u.short_name for u in gazetteer(to_vintage).level_units("kommune")}
    sources_of: dict[str, list[str]] = {}
    targets_of: dict[str, list[str]] = {}
    for r in cw.itertuples():
        sources_of.setdefault(r.code_to, []).append(r.code_from)
        targets_of.setdefault(r.code_from, []).append(r.code_to)
    one_to_one = {t: s[0] for t, s in sources_of.items() if len(s) == 1 and len(targets_of[s[0]]) == 1}
    rows = rows[rows["level"] == "kommune"]
    out = []
    # 1. same territory: copy (vectorised)
    simple = rows[rows["code"].isin(set(one_to_one.values()))].copy()
    back = {s: t for t, s in one_to_one.items()}
    simple["code"] = simple["code"].map(back)
    renumbered = simple["code"] != simple["code"].map(one_to_one)
    old = simple["code"].map(one_to_one)
    simple.loc[renumbered, "derived"] = True
    simple.loc[renumbered, "note"] = (f"Re-coded: same territory as {from_vintage} code " + old[renumbered] + "; "
                                      + simple.loc[renumbered, "note"]).str.rstrip("; ")
    simple["vintage"] = to_vintage
    simple["unit_name"] = simple["code"].map(names).fillna(simple["unit_name"])
    out.append(simple)
    # 2. unions and divisions (a handful of units: plain loops)
    by_code = {c: g for c, g in rows.groupby("code")}
    for target, srcs in sorted(sources_of.items()):
        if target in one_to_one:
            continue
        divided = [s for s in srcs if len(targets_of[s]) > 1]
        parts = [by_code[s] for s in srcs if s in by_code]
        if not parts:
            continue
        union = pd.concat(parts, ignore_index=True)
        for (ind, _period), g in union.groupby(["indicator", "period"]):
            spec = catalogue.get(ind)
            out.append(pd.DataFrame([_union_row(g, target, srcs, divided, spec.kind, float(spec.scale),
                                                from_vintage, to_vintage, names.get(target, ""))]))
    return normalise(pd.concat(out, ignore_index=True)) if out else normalise(pd.DataFrame())


def _union_row(g: pd.DataFrame, target: str, srcs: list[str], divided: list[str], kind: str, scale: float,
               from_vintage: str, to_vintage: str, name: str) -> dict:
    first = g.iloc[0]
    row = {c: first[c] for c in g.columns}
    row.update(code=target, vintage=to_vintage, unit_name=name, derived=True, approximate=True,
               value=np.nan, numerator=np.nan, denominator=np.nan, category="")
    have = g[g["value"].notna() | g["numerator"].notna()]
    listed = " + ".join(srcs)
    if divided:
        row["note"] = (f"No value: {' and '.join(divided)} ({from_vintage}) was divided on the {to_vintage} map, "
                       "and its value cannot be divided without weights")
        row["approximate"] = False
        return row
    if len(set(have["code"])) < len(srcs):
        row["note"] = (f"No value: the sum of {listed} ({from_vintage}) needs every part, and only "
                       f"{len(set(have['code']))} of {len(srcs)} parts have a value")
        return row
    if kind == "count":
        vals = have["value"].where(have["value"].notna(), have["numerator"])
        row["value"] = row["numerator"] = float(vals.sum())
        row["note"] = f"Derived by Legekart: sum of {listed} ({from_vintage} codes)"
    elif have["numerator"].notna().all() and have["denominator"].notna().all():
        num, den = float(have["numerator"].sum()), float(have["denominator"].sum())
        row.update(numerator=num, denominator=den, value=num / den * scale if den else np.nan)
        row["note"] = f"Derived by Legekart: ratio of the summed counts of {listed} ({from_vintage} codes)"
    else:
        row["note"] = f"No value: {listed} ({from_vintage}) cannot be combined, their counts are not given"
    return row


def sum_up(rows: pd.DataFrame, vintage: str, catalogue: Catalogue, levels=SUM_LEVELS,
           note_prefix: str = "Derived by Legekart from the municipalities: ") -> pd.DataFrame:
    """Counties, health-trust areas, health regions and Norway from municipality rows of one map."""
    gaz = gazetteer(vintage)
    units = gaz.level_units("kommune")
    rows = rows[(rows["level"] == "kommune") & (rows["vintage"] == vintage)]
    ids = [i for i in rows["indicator"].unique() if catalogue.get(i).aggregates and not catalogue.get(i).is_category]
    rows = rows[rows["indicator"].isin(ids)]
    has = rows["value"].notna() | rows["numerator"].notna()
    rows = rows[has]
    out = []
    for level, vintaged in levels:
        mapping = {u.code: (LAND_CODE if level == LAND else getattr(u, level)) for u in units}
        expected = pd.Series(mapping).value_counts()
        r = rows.assign(target=rows["code"].map(mapping)).dropna(subset=["target"])
        if r.empty:
            continue
        r = r.assign(count_value=r["value"].where(r["value"].notna(), r["numerator"]),
                     num_missing=r["numerator"].isna(), den_missing=r["denominator"].isna())
        g = r.groupby(["indicator", "period", "target"], sort=True)
        agg = g.agg(have=("code", "nunique"), num=("numerator", "sum"), den=("denominator", "sum"),
                    total=("count_value", "sum"), num_missing=("num_missing", "any"),
                    den_missing=("den_missing", "any"), approximate=("approximate", "any"),
                    source=("source", "first"), table=("table", "first"), seed_lines=("seed_lines", "first"),
                    origin=("origin", "first")).reset_index()
        agg["of"] = agg["target"].map(expected).astype(float)
        kinds = {i: catalogue.get(i).kind for i in ids}
        scales = {i: float(catalogue.get(i).scale) for i in ids}
        is_count = agg["indicator"].map(kinds).eq("count")
        counts_ok = ~agg["num_missing"] & ~agg["den_missing"]
        complete = agg["have"] >= agg["of"]
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = agg["num"] / agg["den"] * agg["indicator"].map(scales)
        value = np.where(is_count, agg["total"], np.where(counts_ok, ratio, np.nan))
        frame = pd.DataFrame({
            "indicator": agg["indicator"], "level": level, "vintage": vintage if vintaged else "",
            "code": agg["target"], "unit_name": "", "period": agg["period"], "category": "",
            "value": np.where(complete, value, np.nan),
            "numerator": np.where(is_count, agg["total"], np.where(counts_ok, agg["num"], np.nan)),
            "denominator": np.where(is_count | ~counts_ok, np.nan, agg["den"]),
            "source": agg["source"], "table": agg["table"], "seed_lines": agg["seed_lines"],
            "approximate": agg["approximate"], "derived": True, "origin": agg["origin"],
            "members_have": agg["have"].astype(float), "members_of": agg["of"],
        })
        word = "municipalities"
        base = note_prefix + "sum over " + agg["have"].astype(str) + f" {word}"
        note = np.where(complete, base, base + "; " + [PARTIAL.format(have=h, of=int(o))
                                                      for h, o in zip(agg["have"], agg["of"])])
        note = np.where(~is_count & ~counts_ok, pd.Series(note) +
                        "; cannot sum: the numerator and denominator are not given for this year", note)
        frame["note"] = note
        out.append(frame)
    return normalise(pd.concat(out, ignore_index=True)) if out else normalise(pd.DataFrame())


def on_both_maps(native: pd.DataFrame, native_vintage: str, catalogue: Catalogue) -> pd.DataFrame:
    """Native municipality rows + the other map's rows + every map's sums."""
    other = _other(native_vintage)
    recoded = recode(native, native_vintage, other, catalogue)
    parts = [native, recoded,
             sum_up(native, native_vintage, catalogue),
             sum_up(recoded, other, catalogue, levels=(("fylke", True),))]
    return normalise(pd.concat([p for p in parts if not p.empty], ignore_index=True))
