"""Derive the reference tables the 2024 map needs from tables already in ``data/reference``.

Why derived, not typed: every county of 2017, 2019 and 2020 is a set of municipalities,
and a kommunenummer's first two digits are its county. Carrying each municipality
through the municipality crosswalks (2019 → 2020 → 2024) therefore says exactly where
each old county's territory lies on the 2024 map, and which municipalities crossed a
county border on the way. The output, ``fylke_crosswalk_2024.csv``, is what the
indicator build uses to put county tables printed for old counties on the 2024 map.

``--check-population`` re-derives the vendored population CSV from FHI's R data file
(needs the PyPI package ``rdata``) and stops if a single cell differs.

Run:  python data/scripts/build_reference.py [--check-population]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

SCRIPTS = Path(__file__).resolve().parent
HERE = SCRIPTS.parent  # data/: the bundled datasets these scripts build
sys.path.insert(0, str(SCRIPTS))

from build_common import REFERENCE, pinned  # noqa: E402

OUT = REFERENCE / "fylke_crosswalk_2024.csv"
SOURCE = ("Derived by data/scripts/build_reference.py: each municipality of the old county carried through "
          "kommune_2019_2020.csv and kommune_2020_2024.csv (county = first two digits of the code); "
          "moves from fylke_moves_2020.csv")


def _k2019_to_2024() -> dict[str, set[str]]:
    a = pd.read_csv(REFERENCE / "kommune_2019_2020.csv", dtype=str, keep_default_na=False)
    b = pd.read_csv(REFERENCE / "kommune_2020_2024.csv", dtype=str, keep_default_na=False)
    nxt: dict[str, set[str]] = {}
    for r in b.itertuples():
        nxt.setdefault(r.code_2020, set()).add(r.code_2024)
    out: dict[str, set[str]] = {}
    for r in a.itertuples():
        out.setdefault(r.code_2019, set()).update(nxt[r.code_2020])
    return out


def _names() -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    old = pd.read_csv(REFERENCE / "fylke_crosswalk.csv", dtype=str, keep_default_na=False)
    names = {(r.from_vintage, r.from_code.zfill(2)): r.from_name for r in old.itertuples()}
    n2019 = {c: n for (v, c), n in names.items() if v == "2019"}
    n2017 = {c: n for (v, c), n in names.items() if v == "2017"}
    f20 = pd.read_csv(REFERENCE / "fylker_2020.csv", dtype=str, keep_default_na=False)
    f24 = pd.read_csv(REFERENCE / "fylke_2024_2020.csv", dtype=str, keep_default_na=False)
    n2020 = dict(zip(f20["fylke"], f20["name"]))
    n2024 = dict(zip(f24["code_2024"], f24["name_2024"]))
    return {"2017": n2017, "2019": n2019, "2020": n2020}, n2024


def county_crosswalk_2024() -> pd.DataFrame:
    """Rows (from_vintage, from_code, …, to_code on the 2024 map, relation, approximate, note)."""
    k = _k2019_to_2024()
    names, n2024 = _names()
    moves = pd.read_csv(REFERENCE / "fylke_moves_2020.csv", dtype=str, keep_default_na=False)
    rows = []
    # 2019 counties: majority target of their municipalities; movers make both ends approximate
    by_county: dict[str, Counter] = {}
    for code, targets in k.items():
        for t in targets:
            by_county.setdefault(code[:2], Counter())[t[:2]] += 1
    main = {c: cnt.most_common(1)[0][0] for c, cnt in by_county.items()}
    for vintage in ("2019", "2017"):
        vm = moves[moves["from_vintages"].str.split(";").map(lambda v, vin=vintage: vin in v)]
        movers = []  # (name, from county, to 2024 county)
        for m in vm.itertuples():
            to24 = sorted({t[:2] for t in k.get(m.code_2019, set())}) or [m.code_2020[:2]]
            if m.code_2019 == "1567":  # Rindal: a 2017 code, in Trøndelag from 2019 (5061)
                to24 = ["50"]
            movers.append((m.name_2019, m.from_fylke_2019, to24[0]))
        def target_of(code: str, vintage: str = vintage) -> str:
            # 16 Sør- and 17 Nord-Trøndelag (2017) merged into 50 Trøndelag on 1 Jan 2018
            return main["50" if vintage == "2017" and code in ("16", "17") else code]

        for code, name in sorted(names[vintage].items()):
            target = target_of(code)
            touched = [f"{n} ({a} → {b})" for n, a, b in movers
                       if b != main.get(a, a) and target in (main.get(a, a), b)]
            merged = sum(1 for c in names[vintage] if target_of(c) == target) > 1
            relation = "merged" if merged else ("same" if code == target else "renumbered")
            note = ("exact: no municipality crossed this county's border up to 2024" if not touched else
                    "approximate: municipalities crossed the border of the 2024 county by 2024: " + "; ".join(touched))
            rows.append({"from_vintage": vintage, "from_code": code, "from_name": name, "to_code": target,
                         "to_name": n2024[target], "relation": relation, "approximate": str(bool(touched)).lower(),
                         "note": note, "source": SOURCE})
    # 2020 counties: unchanged ones map one to one; Viken, Vestfold og Telemark and Troms og Finnmark were split
    f24 = pd.read_csv(REFERENCE / "fylke_2024_2020.csv", dtype=str, keep_default_na=False)
    children: dict[str, list[str]] = {}
    for r in f24.itertuples():
        children.setdefault(r.code_2020, []).append(r.code_2024)
    for code, kids in sorted(children.items()):
        split = len(kids) > 1
        for kid in kids:
            rows.append({
                "from_vintage": "2020", "from_code": code, "from_name": names["2020"][code], "to_code": kid,
                "to_name": n2024[kid], "relation": "split" if split else "same",
                "approximate": str(split).lower(),
                "note": (f"{names['2020'][code]} was divided on 1 Jan 2024 into "
                         + ", ".join(f"{c} {n2024[c]}" for c in kids) + "; its values cannot be divided"
                         if split else "exact: same territory on both maps"),
                "source": "fylke_2024_2020.csv (containment of the 2024 counties in the 2020 counties)"})
    return pd.DataFrame(rows)


def check_population() -> None:
    import rdata  # developer tool only: pip install rdata

    frame = rdata.read_rda(str(pinned("population-2020/norway_population_b2020.rda")))["norway_population_b2020"]
    m = frame[(frame["granularity_geo"] == "municip") & frame["year"].between(2015, 2020)
              & ~frame["imputed"].astype(bool)]
    g = m.groupby(["location_code", "year"])["pop"].sum().unstack()
    g.index = [str(s).replace("municip", "") for s in g.index]
    g.columns = [str(int(c)) for c in g.columns]
    csv = pd.read_csv(pinned("population-2020/population_b2020_2015_2020.csv"), dtype={"municip_code": str})
    csv = csv.set_index("municip_code")
    diff = (g.loc[csv.index].astype(int) - csv).abs().to_numpy().max()
    if diff:
        raise SystemExit(f"population CSV differs from the R data file by up to {diff}")
    print(f"population: {csv.shape[0]} municipalities x {csv.shape[1]} years equal to the R data file; "
          f"Norway 2020 = {int(csv['2020'].sum())}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check-population", action="store_true")
    args = ap.parse_args(argv)
    table = county_crosswalk_2024()
    table.to_csv(OUT, index=False)
    print(f"wrote {len(table)} rows to {OUT.relative_to(HERE.parent)}")
    if args.check_population:
        check_population()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
