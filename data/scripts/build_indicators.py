"""Build ``data/indicators/observations.csv`` from the transcribed seed tables.

``printed.csv`` holds numbers exactly as the seed documents print them (each with
file, table and line). This script adds the rows Legekart *derives* from them, and
flags each one:

* county tables printed for the 18-county (2019) or 19-county (2017) structure are
  summed to the 2020 counties and to the four health regions (counts summed,
  shares recomputed from counts). A derived unit is flagged approximate when a
  municipality moved across its border in 2020 (``reference/fylke_moves_2020.csv``).
* values printed for 2019 municipalities are re-coded to 2020 municipalities
  (``reference/kommune_2019_2020.csv``); merged units are flagged approximate.
* ``ks_meget_utfordrende_andel`` is computed from the KS category counts.

Run:  python data/scripts/build_indicators.py   (also run by the tests to prove the
committed file is reproducible).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

SCRIPTS = Path(__file__).resolve().parent
HERE = SCRIPTS.parent  # data/: the bundled datasets these scripts build
sys.path.insert(0, str(HERE.parent))

from indicators.aggregate import aggregate  # noqa: E402
from indicators.catalogue import bundled as bundled_catalogue  # noqa: E402
from indicators.observations import COLUMNS, normalise  # noqa: E402

PRINTED = HERE / "indicators" / "printed.csv"
OUT = HERE / "indicators" / "observations.csv"
BREAKS = HERE / "indicators" / "class_breaks.json"
REF = HERE / "reference"

OLD_COUNTY_VINTAGES = ("2017", "2019")


def county_targets() -> dict[str, dict[str, dict[str, str]]]:
    """vintage → level → {old county code: 2020 county / health region}."""
    cw = pd.read_csv(REF / "fylke_crosswalk.csv", dtype=str)
    fylker = pd.read_csv(REF / "fylker_2020.csv", dtype=str)
    rhf = dict(zip(fylker["fylke"], fylker["helseregion"]))
    out: dict[str, dict[str, dict[str, str]]] = {}
    for vintage, g in cw.groupby("from_vintage"):
        to_fylke = dict(zip(g["from_code"].str.zfill(2), g["to_code"].str.zfill(2)))
        out[vintage] = {
            "fylke": to_fylke,
            "helseregion": {k: rhf[v] for k, v in to_fylke.items()},
        }
    return out


def moves_for(vintage: str) -> pd.DataFrame:
    """Municipality moves between the counties of ``vintage`` and the 2020 counties."""
    moves = pd.read_csv(REF / "fylke_moves_2020.csv", dtype=str)
    return moves[moves["from_vintages"].str.split(";").map(lambda v: vintage in v)]


def approximate_targets(moves: pd.DataFrame, targets: dict[str, dict[str, str]],
                        rhf: dict[str, str]) -> dict[str, set[str]]:
    """Targets whose territory is not the exact union of their old counties."""
    out: dict[str, set[str]] = {"fylke": set(), "helseregion": set()}
    for _, m in moves.iterrows():
        dest = {"fylke": m["to_fylke_2020"], "helseregion": rhf[m["to_fylke_2020"]]}
        for lv in out:
            src = targets[lv].get(m["from_fylke_2019"])
            if src is not None and src != dest[lv]:
                out[lv] |= {src, dest[lv]}
    return out


def moved_across(moves: pd.DataFrame, targets: dict[str, str], rhf: dict[str, str], level: str, code: str) -> list[str]:
    """Names of the municipalities that crossed the border of ``code`` in 2020."""
    out = []
    for _, m in moves.iterrows():
        src = targets.get(m["from_fylke_2019"])
        dst = m["to_fylke_2020"] if level == "fylke" else rhf[m["to_fylke_2020"]]
        if src != dst and code in (src, dst):
            out.append(m["name_2019"])
    return out


def derive_counties(printed: pd.DataFrame) -> pd.DataFrame:
    cat = bundled_catalogue()
    fylker = pd.read_csv(REF / "fylker_2020.csv", dtype=str)
    rhf = dict(zip(fylker["fylke"], fylker["helseregion"]))
    targets_by_vintage = county_targets()
    out = []
    old = printed[(printed["level"] == "fylke") & printed["vintage"].isin(OLD_COUNTY_VINTAGES)]
    for (indicator, vintage, _period), g in old.groupby(["indicator", "vintage", "period"]):
        ind = cat.get(indicator)
        targets = targets_by_vintage[vintage]
        moves = moves_for(vintage)
        approx = approximate_targets(moves, targets, rhf)
        for level in ("fylke", "helseregion"):
            members: dict[str, int] = {}
            for _src, dst in targets[level].items():
                members[dst] = members.get(dst, 0) + 1
            agg = aggregate(
                g, targets[level], kind=ind.kind, scale=ind.scale, to_level=level,
                to_vintage="2020" if level == "fylke" else "",
                approximate_targets=approx[level],
                note_prefix=f"Derived by Legekart from the {vintage} county rows: ",
            )
            for i, row in agg.iterrows():
                if row["approximate"]:
                    moved = moved_across(moves, targets[level], rhf, level, row["code"])
                    agg.at[i, "note"] = (
                        f"{row['note']}; approximate: moved across this border by 2020: {', '.join(moved)}"
                    )
            out.append(agg)
    return pd.concat(out, ignore_index=True) if out else normalise(pd.DataFrame())


def derive_kommuner(printed: pd.DataFrame) -> pd.DataFrame:
    """Municipality rows printed for 2019 municipalities, re-coded to 2020 units.

    A renumbered municipality keeps its value exactly. A value of a municipality
    that merged into a larger 2020 unit is shown for that unit but flagged
    approximate, and the note names the 2019 municipality it belongs to.
    """
    from geo.crosswalk import crosswalk
    from geo.gazetteer import gazetteer

    gaz = gazetteer("2020")
    cw = crosswalk("2019", "2020")
    cw = cw[cw["primary"]].set_index("code_from")
    rows = printed[(printed["level"] == "kommune") & (printed["vintage"] == "2019")]
    out = []
    for _, r in rows.iterrows():
        link = cw.loc[r["code"]]
        new = r.copy()
        new["vintage"] = "2020"
        new["code"] = link["code_to"]
        new["derived"] = True
        target = gaz.get("kommune", link["code_to"]).short_name
        if link["relation"] in ("same", "renumbered"):
            new["note"] = f"Re-coded from 2019 code {r['code']} (same territory). {r['note']}".strip()
        else:
            new["approximate"] = True
            new["note"] = (
                f"Value for {r['unit_name']} ({r['code']}, 2019), which is now part of {target}; "
                f"approximate for the 2020 municipality. {r['note']}"
            ).strip()
        new["unit_name"] = target
        out.append(new)
    return normalise(pd.DataFrame(out)) if out else normalise(pd.DataFrame())


def derive_counties_2024(printed: pd.DataFrame) -> pd.DataFrame:
    """County tables printed for the 2017/2019 counties, summed to the 15 counties of 2024.

    The 2019 structure maps well onto 2024 (Østfold, Akershus, Buskerud, Vestfold,
    Telemark, Troms and Finnmark exist again); a 2024 county is approximate where a
    municipality crossed its border on the way (``fylke_crosswalk_2024.csv`` names them).
    Health-region rows need no second build: the regions are the same on both maps.
    """
    from geo.crosswalk import county_crosswalk

    cat = bundled_catalogue()
    out = []
    old = printed[(printed["level"] == "fylke") & printed["vintage"].isin(OLD_COUNTY_VINTAGES)]
    for (indicator, vintage, _period), g in old.groupby(["indicator", "vintage", "period"]):
        ind = cat.get(indicator)
        cw = county_crosswalk(vintage, "2024")
        mapping = dict(zip(cw["code_from"], cw["code_to"]))
        approx = set(cw.loc[cw["approximate"], "code_to"])
        notes = {t: "; ".join(dict.fromkeys(n for n in grp["note"] if n.startswith("approximate")))
                 for t, grp in cw.groupby("code_to")}
        agg = aggregate(g, mapping, kind=ind.kind, scale=ind.scale, to_level="fylke", to_vintage="2024",
                        approximate_targets=approx,
                        note_prefix=f"Derived by Legekart from the {vintage} county rows for the 2024 map: ")
        for i, row in agg.iterrows():
            if row["approximate"] and notes.get(row["code"]):
                agg.at[i, "note"] = f"{row['note']}; {notes[row['code']]}"
        out.append(agg)
    return pd.concat(out, ignore_index=True) if out else normalise(pd.DataFrame())


def derive_kommuner_2024(printed: pd.DataFrame) -> pd.DataFrame:
    """Municipality rows printed for 2019 municipalities, put on the 2024 map.

    Each 2019 code follows its primary link to 2020 and on to 2024; a value of a unit
    that merged (or was later divided) is shown for the 2024 unit that holds it,
    flagged approximate, and the note names the 2019 municipality it belongs to.
    """
    from geo.crosswalk import crosswalk
    from geo.gazetteer import gazetteer

    gaz = gazetteer("2024")
    a = crosswalk("2019", "2020")
    a = a[a["primary"]].set_index("code_from")
    b = crosswalk("2020", "2024")
    b = b[b["primary"]].set_index("code_from")
    rows = printed[(printed["level"] == "kommune") & (printed["vintage"] == "2019")]
    out = []
    for _, r in rows.iterrows():
        first, second = a.loc[r["code"]], b.loc[a.loc[r["code"], "code_to"]]
        target = second["code_to"]
        new = r.copy()
        new["vintage"], new["code"], new["derived"] = "2024", target, True
        name = gaz.get("kommune", target).short_name
        if first["relation"] in ("same", "renumbered") and second["relation"] in ("same", "renumbered"):
            new["note"] = f"Re-coded from 2019 code {r['code']} (same territory). {r['note']}".strip()
        else:
            new["approximate"] = True
            new["note"] = (f"Value for {r['unit_name']} ({r['code']}, 2019), which is now part of {name} "
                           f"({target}); approximate for the 2024 municipality. {r['note']}").strip()
        new["unit_name"] = name
        out.append(new)
    return normalise(pd.DataFrame(out)) if out else normalise(pd.DataFrame())


def derive_ks_share(frame: pd.DataFrame) -> pd.DataFrame:
    """Share of responding municipalities rating recruitment 'meget utfordrende'."""
    ks = frame[(frame["indicator"] == "ks_rekruttering") & frame["denominator"].notna()]
    rows = []
    for (_level, _vintage, _code, _period, _source), g in ks.groupby(
        ["level", "vintage", "code", "period", "source"], dropna=False
    ):
        meget = g[g["category"] == "meget"]
        if meget.empty:
            continue
        m = meget.iloc[0]
        if pd.notna(m["numerator"]) and pd.notna(m["denominator"]):
            value = m["numerator"] / m["denominator"] * 100
            how = f"{m['numerator']:.0f} of {m['denominator']:.0f} answering"
        elif pd.notna(m["value"]):
            value = m["value"]
            how = f"printed share {m['value']:g} % of {m['denominator']:.0f} answering"
        else:
            continue
        rows.append(
            {
                **{c: m[c] for c in COLUMNS},
                "indicator": "ks_meget_utfordrende_andel", "category": "",
                "value": value,
                "note": f"Derived by Legekart from KS category counts: {how}. {m['note']}".strip(),
                "derived": True,
            }
        )
    return normalise(pd.DataFrame(rows)) if rows else normalise(pd.DataFrame())


def build() -> pd.DataFrame:
    printed = normalise(pd.read_csv(PRINTED, dtype=str, keep_default_na=False))
    printed["derived"] = False
    printed["origin"] = "seed"
    counties = derive_counties(printed)
    kommuner = derive_kommuner(printed)
    frame = pd.concat([printed, counties, kommuner, derive_counties_2024(printed), derive_kommuner_2024(printed)],
                      ignore_index=True)
    frame = pd.concat([frame, derive_ks_share(frame)], ignore_index=True)
    frame = normalise(frame)
    frame["origin"] = "seed"
    return frame.sort_values(
        ["indicator", "level", "vintage", "code", "period", "category", "source"], kind="stable"
    ).reset_index(drop=True)


def class_breaks(frame: pd.DataFrame) -> dict[str, list[float]]:
    """mapclassify's breaks for every bundled map (indicator × level × period × map), for the
    indicator's own classification and for 5 quantiles (what the window opens with).

    Shipped so the window can open without importing mapclassify/scipy; other choices are
    computed on demand and remembered per user. The tests recompute every entry.
    """
    import numpy as np

    from geo.levels import MAP_VINTAGES
    from indicators.classify import MAX_CLASSES, MIN_CLASSES, breaks_key, mapclassify_bins
    from indicators.mapdata import map_frame
    from indicators.observations import Observations
    from indicators.session import Session

    out: dict[str, list[float]] = {}
    for vintage in MAP_VINTAGES:
        session = Session(observations=Observations(frame), map_vintage=vintage)
        obs = session.observations
        for ind in session.catalogue:
            choices = {(ind.classification, ind.classes), ("quantiles", 5)}
            for level in obs.levels(ind.id, vintage=vintage):
                if level not in ("kommune", "fylke", "helseregion", "helseforetak"):
                    continue
                for period in obs.periods(ind.id, level, vintage=vintage):
                    mf = map_frame(session, level, ind.id, period)
                    if mf.mode == "categorical":
                        continue
                    y = mf.values.to_numpy(dtype=float)
                    y = y[~np.isnan(y)]
                    n_unique = len(np.unique(y))
                    for method, k in choices:
                        if method not in ("quantiles", "equal_interval", "natural_breaks"):
                            continue
                        k_eff = min(max(MIN_CLASSES, min(k, MAX_CLASSES)), n_unique)
                        if k_eff > 1:
                            out[breaks_key(method, k_eff, y)] = list(mapclassify_bins(method, k_eff, y))
    return dict(sorted(out.items()))


def main() -> int:
    frame = build()
    frame.to_csv(OUT, index=False, encoding="utf-8", float_format="%.10g")
    print(f"wrote {len(frame)} rows to {OUT.relative_to(HERE.parent)}")
    from indicators.bundle import build as bundled_frame

    breaks = class_breaks(bundled_frame())
    BREAKS.write_text(json.dumps(breaks, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {len(breaks)} classifications to {BREAKS.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
