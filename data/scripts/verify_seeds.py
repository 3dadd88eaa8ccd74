"""Check every bundled number against the seed text it was transcribed from.

Usage::

    python data/scripts/verify_seeds.py PATH/TO/seeds   # the folder of seed documents

Prints one line per problem and exits 1 if there are any; otherwise prints a count of
checked rows and exits 0. Importable: ``verify(seeds_dir) -> list[str]``.

Checks
------
* Every `` | ``-separated part of ``printed`` occurs on one of the cited seed lines
  (``seed_lines`` like ``519``, ``519;537`` or ``4109-4115``). Whitespace, including
  non-breaking spaces, is normalised; numeric parts must stand alone (no digit or
  decimal comma directly before or after).
* ``value``/``numerator``/``denominator`` parse as numbers and each equals a number
  printed in one of the parts ("2,5 %" ↔ 2.5, "5 010" ↔ 5010); every numeric part is
  used by some field. A part with a glued footnote marker (``41812`` = 418 + footnote 12)
  is accepted only if the row's note says ``footnote marker 12``.
* Ratio rows (kind ``ratio`` in the catalogue, and category distribution rows) with
  numerator, denominator and value: numerator/denominator*scale rounds to the printed
  value at its printed precision, unless the note declares a "source inconsistency".
* Table structure, parsed independently from the seed lines: 001 Tabell 1, 2, 3, 10;
  002 Tabell 2, Vedlegg 7 Tabell 1, Vedlegg 18 Tabell 1; 000 Tabell 4.1/4.2; 002 Tabell 6/7.
* Sums: Tabell 3 columns = printed totals (5 010 / 126 / 1 115 / 32), Tabell 4.1 = 3 622,
  Tabell 4.2 = 1 399, LIS1 per RHF = 940, Vedlegg 18 = 460 / 10, Vedlegg 7 rows and columns.
* Catalogue consistency: ids, kinds, schemes, categories, levels, vintages, codes
  (sykehus codes must exist in data/reference/lis1_sites.csv), quotes in scheme texts.
"""

from __future__ import annotations

import math
import re
import sys
import tomllib
from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parent.parent  # data/ (this tool lives in data/scripts/)
PRINTED_CSV = DATA / "indicators" / "printed.csv"
PROJECTION_CSV = DATA / "indicators" / "projection_inputs.csv"
CATALOGUE_TOML = DATA / "indicators" / "catalogue.toml"
SITES_CSV = DATA / "reference" / "lis1_sites.csv"
CROSSWALK_CSV = DATA / "reference" / "fylke_crosswalk.csv"

PRINTED_COLUMNS = [
    "indicator", "level", "vintage", "code", "unit_name", "period", "category", "value",
    "numerator", "denominator", "source", "table", "seed_lines", "printed", "note",
]
PROJECTION_COLUMNS = [
    "model", "parameter", "scenario", "value", "unit", "source", "table", "seed_lines", "printed", "note",
]
LEVELS = {"land", "fylke", "helseregion", "kommune", "sentralitet", "sentralitet3", "sykehus"}
HELSEREGIONER = {"helse-sor-ost", "helse-vest", "helse-midt-norge", "helse-nord"}
FYLKER = {
    "2017": {"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "14", "15", "16", "17",
             "18", "19", "20"},
    "2019": {"01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "14", "15", "18", "19",
             "20", "50"},
    "2020": {"03", "11", "15", "18", "30", "34", "38", "42", "46", "50", "54"},
}
REQUIRED_IDS = {
    "lister_uten_fast_lege_andel", "lister_med_vikar_andel", "psykiatri_ekstra_stillinger",
    "psykiatri_ekstra_stillinger_per_enhet", "lis1_stillinger", "rekruttering_status",
    "ks_meget_utfordrende_andel",
}
SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
NUMBER = re.compile(r"^[+-]?\d[\d ]*(?:, ?\d+)?$")


# ------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------
def norm(s: str) -> str:
    return SPACES.sub(" ", s).strip()


def load_seeds(seeds_dir: Path) -> dict[str, list[str]]:
    """Seed id ("000") -> lines; index 0 is line 1."""
    seeds = {}
    for p in sorted(Path(seeds_dir).glob("*.txt")):
        sid = p.name.split("_", 1)[0]
        seeds[sid] = p.read_text(encoding="utf-8").split("\n")
    return seeds


def parse_lines(spec: str) -> list[int]:
    out: list[int] = []
    for chunk in str(spec).split(";"):
        chunk = chunk.strip()
        if not chunk:
            continue
        if "-" in chunk:
            a, b = chunk.split("-", 1)
            out.extend(range(int(a), int(b) + 1))
        else:
            out.append(int(chunk))
    if not out:
        raise ValueError("no line numbers")
    return out


def parse_number(part: str) -> float | None:
    """'2,5 %' -> 2.5, '5 010' -> 5010, '30 prosent' -> 30, '13, 422' -> 13.422; text -> None."""
    s = norm(part)
    s = re.sub(r"\s*(%|prosent)$", "", s)
    if not NUMBER.match(s):
        return None
    s = s.replace(" ", "").replace(",", ".")
    return float(s)


def decimals(part: str) -> int:
    s = re.sub(r"\s*(%|prosent)$", "", norm(part))
    return len(s.split(",", 1)[1].replace(" ", "")) if "," in s else 0


def occurs(part: str, line: str) -> bool:
    """Does `part` occur in `line`; numeric parts must not touch other digits."""
    p, text = norm(part), norm(line)
    if not p:
        return False
    numeric = p[0].isdigit() or p[-1].isdigit() or p.endswith("%")
    start = 0
    while True:
        i = text.find(p, start)
        if i < 0:
            return False
        start = i + 1
        if not numeric:
            return True
        before = text[:i]
        after = text[i + len(p):]
        if p[0].isdigit() and (re.search(r"\d$", before) or re.search(r"\d,$", before)):
            continue
        if p[-1].isdigit() and (re.match(r"\d", after) or re.match(r",\d", after)):
            continue
        return True


def fnum(x: str) -> float | None:
    x = str(x).strip()
    if x == "":
        return None
    return float(x)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def fmt_int(n: float, sep: bool = True) -> str:
    s = str(int(round(n)))
    if not sep or len(s) <= 3:
        return s
    groups = []
    while s:
        groups.insert(0, s[-3:])
        s = s[:-3]
    return " ".join(groups)


def fmt_dec(x: float, d: int) -> str:
    return f"{x:.{d}f}".replace(".", ",")


# ------------------------------------------------------------------------------------------
# row checks
# ------------------------------------------------------------------------------------------
def check_row(where: str, row: dict, seeds: dict[str, list[str]], fields: list[str],
              ratio_scale: float | None) -> list[str]:
    probs: list[str] = []
    src = row["source"]
    if src not in seeds:
        return [f"{where}: unknown source {src!r}"]
    lines = seeds[src]
    try:
        nums = parse_lines(row["seed_lines"])
    except ValueError:
        return [f"{where}: bad seed_lines {row['seed_lines']!r}"]
    if any(n < 1 or n > len(lines) for n in nums):
        return [f"{where}: seed_lines {row['seed_lines']} outside {src} (1-{len(lines)})"]
    cited = [lines[n - 1] for n in nums]
    parts = [p for p in (x.strip() for x in str(row["printed"]).split(" | "))]
    if not parts or any(p == "" for p in parts):
        return [f"{where}: empty printed part in {row['printed']!r}"]
    for p in parts:
        if not any(occurs(p, ln) for ln in cited):
            probs.append(f"{where}: printed {p!r} not found on {src} line(s) {row['seed_lines']}")

    # numbers printed in the parts (with a documented glued footnote marker stripped)
    note = str(row.get("note", ""))
    marks = re.findall(r"footnote marker (\d+)", note)
    part_nums: list[tuple[str, list[float]]] = []
    for p in parts:
        v = parse_number(p)
        if v is None:
            continue
        cands = [v]
        for m in marks:
            raw = norm(p)
            if raw.isdigit() and raw.endswith(m) and len(raw) > len(m):
                cands.append(float(raw[: -len(m)]))
        part_nums.append((p, cands))

    used = set()
    values: dict[str, float | None] = {}
    for f in fields:
        try:
            values[f] = fnum(row[f])
        except ValueError:
            probs.append(f"{where}: {f}={row[f]!r} is not a number")
            values[f] = None
            continue
        if values[f] is None:
            continue
        hit = [i for i, (_, cands) in enumerate(part_nums) if any(close(values[f], c) for c in cands)]
        if not hit:
            probs.append(f"{where}: {f}={row[f]} matches no printed number in {row['printed']!r}")
        used.update(hit)
    for i, (p, _) in enumerate(part_nums):
        if i not in used:
            probs.append(f"{where}: printed number {p!r} is not used by {'/'.join(fields)}")

    if ratio_scale and "source inconsistency" not in note:
        v, n, d = values.get("value"), values.get("numerator"), values.get("denominator")
        if v is not None and n is not None and d:
            vp = next((p for p, c in part_nums if any(close(v, x) for x in c)), None)
            tol = 0.5 * 10 ** -(decimals(vp) if vp else 0) + 1e-9
            if abs(n / d * ratio_scale - v) > tol:
                probs.append(f"{where}: {n:g}/{d:g}*{ratio_scale:g} = {n / d * ratio_scale:.3f} does not round "
                             f"to printed {v:g}")
    return probs


# ------------------------------------------------------------------------------------------
# structured checks: rebuild seed table lines from the CSV values, compare with the seed
# ------------------------------------------------------------------------------------------
def tail_check(what: str, seeds, src: str, line_no: int, expected_tail: str, fix=None) -> list[str]:
    line = norm(seeds[src][line_no - 1])
    if fix:
        line = fix(line)
    if not (line == expected_tail or line.endswith(" " + expected_tail)):
        return [f"{what}: {src} L{line_no} reads {line!r}; CSV values give ...{expected_tail!r}"]
    return []


def structured(pr: pd.DataFrame, pj: pd.DataFrame, seeds) -> list[str]:
    probs: list[str] = []

    def sel(**kw) -> pd.DataFrame:
        m = pd.Series(True, index=pr.index)
        for k, v in kw.items():
            m &= pr[k] == v
        return pr[m]

    def val(df: pd.DataFrame, col: str = "value") -> list[float]:
        return [float(x) for x in df[col]]

    # ---- 001 Tabell 3 -----------------------------------------------------------------
    t3 = sel(source="001", table="Tabell 3")
    spec = [("fastlegelister", "value", "i"), ("lister_uten_fast_lege", "value", "i"),
            ("lister_uten_fast_lege_andel", "value", "p1"), ("lister_med_vikar", "value", "i"),
            ("lister_med_vikar_andel", "value", "p1"), ("lister_uten_fast_lege_uten_vikar", "value", "i")]
    for ln in range(519, 538):
        cells = []
        for ind, col, f in spec:
            r = t3[(t3["indicator"] == ind) & (t3["seed_lines"] == str(ln))]
            if len(r) != 1:
                probs.append(f"001 Tabell 3 L{ln}: expected 1 row of {ind}, found {len(r)}")
                break
            x = float(r.iloc[0][col])
            cells.append(fmt_int(x) if f == "i" else fmt_dec(x, 1) + " %")
        else:
            probs += tail_check("001 Tabell 3", seeds, "001", ln, " ".join(cells))
    for ind in ("fastlegelister", "lister_uten_fast_lege", "lister_med_vikar", "lister_uten_fast_lege_uten_vikar"):
        parts = t3[(t3["indicator"] == ind) & (t3["level"] == "fylke")]
        tot = t3[(t3["indicator"] == ind) & (t3["level"] == "land")]
        if len(parts) != 18 or len(tot) != 1:
            probs.append(f"001 Tabell 3 {ind}: {len(parts)} county rows and {len(tot)} total rows (want 18 + 1)")
            continue
        s, t = sum(val(parts)), float(tot.iloc[0]["value"])
        if not close(s, t):
            probs.append(f"001 Tabell 3 {ind}: counties sum to {s:g}, printed total {t:g}")
    want = {"fastlegelister": 5010, "lister_uten_fast_lege": 126, "lister_med_vikar": 1115,
            "lister_uten_fast_lege_uten_vikar": 32}
    for ind, t in want.items():
        tot = t3[(t3["indicator"] == ind) & (t3["level"] == "land")]
        if len(tot) == 1 and not close(float(tot.iloc[0]["value"]), t):
            probs.append(f"001 Tabell 3 {ind}: total {tot.iloc[0]['value']} != {t}")
    for ind in ("lister_uten_fast_lege_andel", "lister_med_vikar_andel"):
        parts = t3[(t3["indicator"] == ind) & (t3["level"] == "fylke")]
        tot = t3[(t3["indicator"] == ind) & (t3["level"] == "land")]
        if len(tot) == 1:
            for c in ("numerator", "denominator"):
                if not close(sum(val(parts, c)), float(tot.iloc[0][c])):
                    probs.append(f"001 Tabell 3 {ind}: county {c}s do not sum to the total")

    # ---- 001 Tabell 1 -----------------------------------------------------------------
    t1 = sel(source="001", table="Tabell 1")
    t1spec = {67: ("fastleger", "i"), 69: ("fastleger_arlig_vekst", "p1"), 71: ("fastleger_kvinneandel", "p1"),
              77: ("fastleger_avgang_snittalder", "d1"), 81: ("fastlegelister", "i"),
              83: ("fastlegelister_med_fast_lege", "i"), 85: ("lister_uten_fast_lege", "i"),
              87: ("lister_uten_fast_lege_andel", "p1"), 89: ("innbyggere_liste_uten_fast_lege", "i"),
              91: ("innbyggere_liste_uten_fast_lege_andel", "p1"), 93: ("gjennomsnittlig_listelengde", "i"),
              97: ("fastlegekonsultasjoner", "d3")}
    for ln, (ind, f) in t1spec.items():
        r = t1[t1["indicator"] == ind].sort_values("period")
        if list(r["period"]) != [str(y) for y in range(2012, 2020)]:
            probs.append(f"001 Tabell 1 {ind}: periods {list(r['period'])} (want 2012-2019)")
            continue
        xs = val(r)
        cells = [fmt_int(x) if f == "i" else fmt_dec(x, int(f[1])) + (" %" if f[0] == "p" else "") for x in xs]
        probs += tail_check(f"001 Tabell 1 {ind}", seeds, "001", ln, " ".join(cells),
                            fix=lambda s: s.replace("13, 422", "13,422"))
        if ind == "lister_uten_fast_lege_andel":
            if val(r, "numerator") != val(t1[t1["indicator"] == "lister_uten_fast_lege"].sort_values("period")) or \
                    val(r, "denominator") != val(t1[t1["indicator"] == "fastlegelister"].sort_values("period")):
                probs.append("001 Tabell 1: andel numerator/denominator differ from the count rows")

    # ---- 001 Tabell 2 -----------------------------------------------------------------
    t2 = pr[(pr["source"] == "001") & pr["table"].str.startswith("Tabell 2") & (pr["indicator"] == "ks_rekruttering")]
    for ln, cat in {187: "ikke", 189: "litt", 191: "ganske", 193: "meget", 195: "vet_ikke"}.items():
        r = t2[t2["category"] == cat].sort_values("period")
        probs += tail_check(f"001 Tabell 2 {cat}", seeds, "001", ln, " ".join(f"{fmt_int(x)} %" for x in val(r)))
    r = t2[t2["category"] == "ikke"].sort_values("period")
    probs += tail_check("001 Tabell 2 n", seeds, "001", 197, " ".join(fmt_int(x) for x in val(r, "denominator")))
    for per, g in t2.groupby("period"):
        if sorted(g["denominator"].unique()) != [g["denominator"].iloc[0]]:
            probs.append(f"001 Tabell 2 {per}: denominators differ between classes")
        s = sum(val(g))
        if abs(s - 100) > 2:
            probs.append(f"001 Tabell 2 {per}: shares sum to {s:g}")

    # ---- 001 Tabell 10 ----------------------------------------------------------------
    t10 = sel(source="001", table="Tabell 10")
    for ln, (ind, f) in {1164: ("legeandel_arsverk", "p1"), 1166: ("sykepleiearsverk_per_100_legearsverk", "i"),
                         1168: ("helsesekretaerarsverk_per_100_legearsverk", "i")}.items():
        r = t10[t10["indicator"] == ind]
        order = ["1", "2", "3", "4", "5", "6", "NO"]
        r = r.set_index("code").reindex(order)
        if r["value"].isna().any():
            probs.append(f"001 Tabell 10 {ind}: missing classes")
            continue
        cells = [fmt_int(float(x)) if f == "i" else fmt_dec(float(x), 1) + " %" for x in r["value"]]
        probs += tail_check(f"001 Tabell 10 {ind}", seeds, "001", ln, " ".join(cells))

    # ---- 002 Tabell 2 + sum ------------------------------------------------------------
    lis = sel(source="002", indicator="lis1_stillinger").set_index("code")
    order = ["helse-nord", "helse-midt-norge", "helse-vest", "helse-sor-ost", "NO"]
    if set(order) - set(lis.index):
        probs.append("002 Tabell 2: missing RHF rows")
    else:
        cells = [fmt_int(float(lis.loc[c, "value"])) for c in order]
        probs += tail_check("002 Tabell 2", seeds, "002", 708, " ".join(cells),
                            fix=lambda s: s.replace(" 41812 ", " 418 "))  # footnote 12 glued to 418
        s = sum(float(lis.loc[c, "value"]) for c in order[:4])
        if not close(s, float(lis.loc["NO", "value"])) or not close(s, 940):
            probs.append(f"002 Tabell 2: RHF values sum to {s:g}, want 940")

    # ---- 002 Vedlegg 7 Tabell 1 ---------------------------------------------------------
    v7 = sel(source="002", table="Vedlegg 7 Tabell 1", indicator="ks_rekruttering")
    cats = ["ikke", "litt", "ganske", "meget"]
    col_sums = {c: 0.0 for c in cats}
    fy = v7[v7["level"] == "fylke"]
    if "03" in set(fy["code"]):
        probs.append("002 Vedlegg 7: Oslo has no data and must have no rows")
    for ln, g in fy.groupby("seed_lines"):
        g = g.set_index("category")
        if sorted(g.index) != sorted(cats) or g["denominator"].nunique() != 1:
            probs.append(f"002 Vedlegg 7 L{ln}: incomplete or inconsistent rows")
            continue
        counts = [float(g.loc[c, "numerator"]) for c in cats]
        n = float(g["denominator"].iloc[0])
        probs += tail_check("002 Vedlegg 7", seeds, "002", int(ln), " ".join(fmt_int(x) for x in counts + [n]))
        if not close(sum(counts), n):
            probs.append(f"002 Vedlegg 7 L{ln}: classes sum to {sum(counts):g}, antall vurderinger {n:g}")
        for c, x in zip(cats, counts):
            col_sums[c] += x
    if fy["seed_lines"].nunique() != 18:
        probs.append(f"002 Vedlegg 7: {fy['seed_lines'].nunique()} county lines (want 18, Oslo excluded)")
    land = v7[v7["level"] == "land"].set_index("category")
    if sorted(land.index) == sorted(cats):
        probs += tail_check("002 Vedlegg 7 total", seeds, "002", 4060,
                            " ".join(fmt_int(float(land.loc[c, "numerator"])) for c in cats) + " "
                            + fmt_int(float(land["denominator"].iloc[0])))
        probs += tail_check("002 Vedlegg 7 andel", seeds, "002", 4062,
                            " ".join(fmt_dec(float(land.loc[c, "value"]), 1) + " %" for c in cats) + " 100,0 %")
        for c in cats:
            if not close(col_sums[c], float(land.loc[c, "numerator"])):
                probs.append(f"002 Vedlegg 7 {c}: counties sum to {col_sums[c]:g}, Hele landet "
                             f"{land.loc[c, 'numerator']}")
    else:
        probs.append("002 Vedlegg 7: Hele landet rows missing")

    # ---- 002 Vedlegg 18 Tabell 1 --------------------------------------------------------
    v18 = sel(source="002", table="Vedlegg 18 Tabell 1")
    utl = v18[(v18["indicator"] == "lis1_utlyste_halvaar") & (v18["level"] == "sykehus")]
    ikke = v18[(v18["indicator"] == "lis1_ikke_utlyste_halvaar") & (v18["level"] == "sykehus")]
    ik = dict(zip(ikke["seed_lines"], ikke["value"]))
    for _, r in utl.iterrows():
        tail = fmt_int(float(r["value"])) + (" " + fmt_int(float(ik[r["seed_lines"]])) if r["seed_lines"] in ik else "")
        probs += tail_check(f"002 Vedlegg 18 {r['code']}", seeds, "002", int(r["seed_lines"]), tail)
    if sorted(int(x) for x in utl["seed_lines"]) != list(range(4810, 4871, 2)):
        probs.append("002 Vedlegg 18: site rows must be exactly L4810, L4812, ..., L4870")
    for ind, df, tot in (("lis1_utlyste_halvaar", utl, 460), ("lis1_ikke_utlyste_halvaar", ikke, 10)):
        t = v18[(v18["indicator"] == ind) & (v18["level"] == "land")]
        s = sum(val(df))
        if len(t) != 1 or not close(float(t.iloc[0]["value"]), tot) or not close(s, tot):
            probs.append(f"002 Vedlegg 18 {ind}: sites sum to {s:g}, want printed total {tot}")
    rhf_sum = {}
    sites = pd.read_csv(SITES_CSV, dtype=str, keep_default_na=False).set_index("site_id")
    line_of = dict(zip(utl["code"], utl["seed_lines"]))
    for sid, s in sites.iterrows():
        if sid not in line_of:
            probs.append(f"lis1_sites: {sid} has no Vedlegg 18 row in printed.csv")
            continue
        text = norm(seeds["002"][int(line_of[sid]) - 1])
        if not text.startswith(norm(s["institution"])) or norm(s["site_title"]) not in text:
            probs.append(f"lis1_sites: {sid} institution/site_title not as printed on 002 L{line_of[sid]}")
        if s["kind"] not in ("hospital", "municipal_placements") or s["helseregion"] not in HELSEREGIONER:
            probs.append(f"lis1_sites: {sid} bad kind or helseregion")
        if (s["kind"] == "municipal_placements") != (s["host_kommune_2020"] == ""):
            probs.append(f"lis1_sites: {sid} host_kommune_2020 must be empty exactly for municipal placements")
        if s["host_kommune_2020"] and not re.fullmatch(r"\d{4}", s["host_kommune_2020"]):
            probs.append(f"lis1_sites: {sid} host_kommune_2020 is not a 4-digit code")
    for df in (utl, ikke):
        for _, r in df.iterrows():
            if r["code"] in sites.index:
                hr = sites.loc[r["code"], "helseregion"]
                rhf_sum[hr] = rhf_sum.get(hr, 0.0) + float(r["value"])
    for hr in HELSEREGIONER:
        if hr in lis.index and not close(2 * rhf_sum.get(hr, 0.0), float(lis.loc[hr, "value"])):
            probs.append(f"lis1_sites/Vedlegg 18: 2 x sites in {hr} = {2 * rhf_sum.get(hr, 0):g} != Tabell 2 "
                         f"{lis.loc[hr, 'value']} (check the site's helseregion)")

    # ---- 000 psychiatry regions (printed total differs from the parts; must be noted) -----
    ps = sel(source="000", indicator="psykiatri_ekstra_stillinger")
    reg = ps[ps["level"] == "helseregion"]
    tot = ps[ps["level"] == "land"]
    if len(reg) == 4 and len(tot) == 1:
        s = sum(val(reg))
        if not close(s, float(tot.iloc[0]["value"])) and f"{s:g}".replace(".", ",") not in tot.iloc[0]["note"]:
            probs.append(f"psykiatri_ekstra_stillinger: regions sum to {s:g} vs total {tot.iloc[0]['value']} and "
                         "the note does not say so")

    # ---- projection tables ---------------------------------------------------------------
    def pval(model, parameter, scenario) -> float | None:
        r = pj[(pj["model"] == model) & (pj["parameter"] == parameter) & (pj["scenario"] == scenario)]
        if len(r) != 1:
            probs.append(f"projection_inputs: want 1 row {model}/{parameter}/{scenario}, found {len(r)}")
            return None
        return float(r.iloc[0]["value"])

    for model, table, lines, _comps, total, tol_year in (
        ("fastleger_behov_2035", "Tabell 4.1", {"netto_okning_behov": 6267, "pensjonsavgang": 6269,
                                                "mangel_hjemler": 6271, "sum": 6273}, None, 3622, 0),
        ("psykiatere_behov_2035", "Tabell 4.2", {"netto_okning_behov": 6341, "pensjonsavgang": 6343,
                                                 "mangel": 6345, "sum": 6347}, None, 1399, 1),
    ):
        got = {}
        for par, ln in lines.items():
            a, b = pval(model, par + "_totalt", "tabell"), pval(model, par + "_per_ar", "tabell")
            if a is None or b is None:
                continue
            got[par] = (a, b)
            probs += tail_check(f"000 {table} {par}", seeds, "000", ln, f"{fmt_int(a)} {fmt_int(b)}")
        if len(got) == 4:
            parts = [v for k, v in got.items() if k != "sum"]
            st, sy = sum(p[0] for p in parts), sum(p[1] for p in parts)
            if not close(st, got["sum"][0]) or not close(st, total):
                probs.append(f"000 {table}: components sum to {st:g}, printed sum {got['sum'][0]:g} (want {total})")
            if abs(sy - got["sum"][1]) > tol_year:
                probs.append(f"000 {table}: annual components sum to {sy:g}, printed {got['sum'][1]:g}")

    t7 = {"netto_vekst": 1307, "avgang": 1309, "bruttobehov": 1312, "konverterte_spesialister_i_arbeid": 1314,
          "behov_spesialistutdanning": 1317, "lis1_samme_tilgang": 1320, "lis1_alle_utdannet_i_norge": 1323}
    g7 = {}
    for par, ln in t7.items():
        hi, lo = pval("lis1_behov", par, "hoy_avgang"), pval("lis1_behov", par, "lav_avgang")
        if hi is None or lo is None:
            continue
        g7[par] = (hi, lo)
        probs += tail_check(f"002 Tabell 7 {par}", seeds, "002", ln, f"{fmt_int(hi, False)} {fmt_int(lo, False)}")
    if len(g7) == len(t7):
        direct = pval("lis1_behov", "direkte_uten_lis1", "begge") or 0
        for i in (0, 1):
            ok = (close(g7["netto_vekst"][i] + g7["avgang"][i], g7["bruttobehov"][i])
                  and close(g7["bruttobehov"][i] - g7["konverterte_spesialister_i_arbeid"][i],
                            g7["behov_spesialistutdanning"][i])
                  and close(g7["behov_spesialistutdanning"][i] + direct, g7["lis1_samme_tilgang"][i])
                  and close(g7["lis1_samme_tilgang"][i] + g7["konverterte_spesialister_i_arbeid"][i],
                            g7["lis1_alle_utdannet_i_norge"][i]))
            if not ok:
                probs.append(f"002 Tabell 7: column {i + 1} arithmetic does not hold")

    t6 = pj[(pj["model"] == "vekstalternativer")]
    for sc, g in t6.groupby("scenario"):
        g = g.set_index("parameter")
        try:
            n, a, b = (float(g.loc[p, "value"]) for p in ("netto_vekst", "avgang", "bruttobehov"))
        except KeyError:
            probs.append(f"002 Tabell 6 {sc}: missing parameter")
            continue
        if not close(n + a, b):
            probs.append(f"002 Tabell 6 {sc}: {n:g} + {a:g} != {b:g}")
        ln = int(str(g.loc["bruttobehov", "seed_lines"]).split("-")[-1])
        probs += tail_check(f"002 Tabell 6 {sc}", seeds, "002", ln, f"{fmt_int(n)} {fmt_int(a)} {fmt_int(b)}")
    if t6["scenario"].nunique() != 9:
        probs.append(f"002 Tabell 6: {t6['scenario'].nunique()} alternatives (want 9)")
    return probs


# ------------------------------------------------------------------------------------------
# catalogue and code checks
# ------------------------------------------------------------------------------------------
def catalogue_checks(pr: pd.DataFrame, seeds, seeds_dir: Path) -> tuple[list[str], dict]:
    probs: list[str] = []
    with CATALOGUE_TOML.open("rb") as f:
        cat = tomllib.load(f)
    inds = {i["id"]: i for i in cat.get("indicator", [])}
    schemes = cat.get("scheme", {})
    for rid in sorted(REQUIRED_IDS - set(inds)):
        probs.append(f"catalogue: required indicator {rid!r} missing")
    for sid in ("000", "001", "002"):
        s = cat.get("source", {}).get(sid)
        if not s:
            probs.append(f"catalogue: [source.\"{sid}\"] missing")
        elif not (seeds_dir / s.get("seed_file", "-")).is_file() or not s.get("seed_file", "").startswith(sid + "_"):
            probs.append(f"catalogue: source {sid} seed_file {s.get('seed_file')!r} not found in {seeds_dir}")
    for iid, ind in inds.items():
        if ind.get("kind") not in ("ratio", "count", "rate", "category"):
            probs.append(f"catalogue {iid}: bad kind {ind.get('kind')!r}")
        if ind.get("theme") not in ("rekruttering", "lister", "psykiatri", "lis1", "bemanning"):
            probs.append(f"catalogue {iid}: bad theme {ind.get('theme')!r}")
        if ind.get("kind") == "category" and ind.get("scheme") not in schemes:
            probs.append(f"catalogue {iid}: unknown scheme {ind.get('scheme')!r}")
        if ind.get("kind") == "ratio" and "scale" not in ind:
            probs.append(f"catalogue {iid}: ratio without scale")
        for k in ("numerator", "denominator"):
            ref = ind.get(k, "")
            if ref and ref.split(".")[0] not in inds:
                probs.append(f"catalogue {iid}: {k} {ref!r} is not an indicator")
    # quotes in scheme class descriptions must be verbatim seed text (line breaks de-hyphenated)
    joined = {sid: norm(re.sub(r"-\s*\n\s*\n?", "", "\n".join(lines))) for sid, lines in seeds.items()}
    for sid_, s in schemes.items():
        for c in s.get("class", []):
            for q in re.findall(r"«([^»]+)»", c.get("description_nb", "")):
                if not any(norm(q) in t for t in joined.values()):
                    probs.append(f"scheme {sid_}.{c['key']}: quote «{q}» not found verbatim in any seed")

    sites = set(pd.read_csv(SITES_CSV, dtype=str, keep_default_na=False)["site_id"])
    for i, r in pr.iterrows():
        w = f"printed.csv row {i + 2} ({r['indicator']})"
        ind = inds.get(r["indicator"])
        if ind is None:
            probs.append(f"{w}: indicator not in catalogue")
            continue
        lv, vt, code = r["level"], r["vintage"], r["code"]
        if lv not in LEVELS:
            probs.append(f"{w}: bad level {lv!r}")
        if lv == "land" and (code != "NO" or vt):
            probs.append(f"{w}: land rows need code NO and no vintage")
        if lv == "fylke" and (vt not in FYLKER or code not in FYLKER.get(vt, ())):
            probs.append(f"{w}: fylke code {code!r} not valid in vintage {vt!r}")
        if lv == "kommune" and (vt not in ("2019", "2020") or not re.fullmatch(r"\d{4}", code)):
            probs.append(f"{w}: kommune needs a 4-digit code and vintage 2019/2020")
        if lv == "helseregion" and (code not in HELSEREGIONER or vt):
            probs.append(f"{w}: bad helseregion {code!r}")
        if lv == "sentralitet" and code not in {"1", "2", "3", "4", "5", "6"}:
            probs.append(f"{w}: bad sentralitet class {code!r}")
        if lv == "sentralitet3" and code not in {"sentral", "mellomsentral", "usentral"}:
            probs.append(f"{w}: bad sentralitet3 code {code!r}")
        if lv == "sykehus" and code not in sites:
            probs.append(f"{w}: sykehus code {code!r} not in lis1_sites.csv")
        if lv in ("land", "helseregion", "sentralitet", "sentralitet3", "sykehus") and vt:
            probs.append(f"{w}: vintage must be empty for level {lv}")
        if not re.fullmatch(r"\d{4}(K[1-4]|H[12])?", r["period"]):
            probs.append(f"{w}: bad period {r['period']!r}")
        if ind.get("kind") == "category":
            keys = {c["key"] for c in schemes.get(ind.get("scheme"), {}).get("class", [])}
            if r["category"] not in keys:
                probs.append(f"{w}: category {r['category']!r} not in scheme {ind.get('scheme')!r}")
        elif r["category"]:
            probs.append(f"{w}: category set on a non-category indicator")
        if r["source"] not in ind.get("sources", []):
            probs.append(f"{w}: source {r['source']} not listed in the catalogue's sources")

    # duplicate cells from the same source must agree
    keys = ["indicator", "level", "code", "period", "category", "source"]
    for k, g in pr.groupby(keys):
        if len(g) > 1 and g[["value", "numerator", "denominator"]].drop_duplicates().shape[0] > 1:
            probs.append(f"duplicate cell {k} with different numbers")
    return probs, inds


def crosswalk_checks() -> list[str]:
    probs = []
    xw = pd.read_csv(CROSSWALK_CSV, dtype=str, keep_default_na=False)
    for vt in ("2017", "2019"):
        codes = set(xw.loc[xw["from_vintage"] == vt, "from_code"])
        if codes != FYLKER[vt]:
            probs.append(f"fylke_crosswalk: vintage {vt} codes {sorted(codes)} != {sorted(FYLKER[vt])}")
    if not set(xw["to_code"]) <= FYLKER["2020"]:
        probs.append("fylke_crosswalk: unknown 2020 codes")
    if not set(xw["approximate"]) <= {"true", "false"}:
        probs.append("fylke_crosswalk: approximate must be true/false")
    return probs


# ------------------------------------------------------------------------------------------
def verify(seeds_dir: Path) -> list[str]:
    seeds = load_seeds(Path(seeds_dir))
    problems: list[str] = []
    for sid in ("000", "001", "002"):
        if sid not in seeds:
            problems.append(f"seed {sid} not found in {seeds_dir}")
    if problems:
        return problems
    pr = pd.read_csv(PRINTED_CSV, dtype=str, keep_default_na=False, encoding="utf-8")
    pj = pd.read_csv(PROJECTION_CSV, dtype=str, keep_default_na=False, encoding="utf-8")
    if list(pr.columns) != PRINTED_COLUMNS:
        problems.append(f"printed.csv columns {list(pr.columns)} != {PRINTED_COLUMNS}")
    if list(pj.columns) != PROJECTION_COLUMNS:
        problems.append(f"projection_inputs.csv columns {list(pj.columns)} != {PROJECTION_COLUMNS}")
    if problems:
        return problems

    cat_probs, inds = catalogue_checks(pr, seeds, Path(seeds_dir))
    problems += cat_probs
    for i, r in pr.iterrows():
        ind = inds.get(r["indicator"], {})
        scale = None
        if ind.get("kind") == "ratio":
            scale = float(ind.get("scale", 1))
        elif ind.get("kind") == "category":
            scale = 100.0
        problems += check_row(f"printed.csv row {i + 2} ({r['indicator']} {r['code']} {r['period']})", r.to_dict(),
                              seeds, ["value", "numerator", "denominator"], scale)
    for i, r in pj.iterrows():
        if r["value"] == "":
            problems.append(f"projection_inputs.csv row {i + 2}: empty value")
        problems += check_row(f"projection_inputs.csv row {i + 2} ({r['model']}/{r['parameter']}/{r['scenario']})",
                              r.to_dict(), seeds, ["value"], None)
    problems += structured(pr, pj, seeds)
    problems += crosswalk_checks()
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python data/scripts/verify_seeds.py SEEDS_FOLDER  (the folder of seed documents)")
        return 2
    seeds_dir = Path(argv[1])
    problems = verify(seeds_dir)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    pr = pd.read_csv(PRINTED_CSV, dtype=str, keep_default_na=False)
    pj = pd.read_csv(PROJECTION_CSV, dtype=str, keep_default_na=False)
    print(f"OK: {len(pr)} printed rows and {len(pj)} projection rows verified against the seeds")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
