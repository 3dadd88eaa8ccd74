"""Municipality code vintages (2019, 2020, 2024) and the crosswalks between them.

Why: Legekart draws 2020 boundaries, but the statistics people load are coded in
whatever year they were produced. Norwegian kommunenummer changed wholesale in 2020
(kommune- og regionreformen) and again in 2024 (Viken, Vestfold og Telemark and Troms
og Finnmark split; Ålesund split). A table must therefore be recognised by vintage
and translated before it can be joined to the map, and the translation must say
where it is only approximate (a municipality split between successors).

The tables live in ``data/reference`` and state their sources; this module only reads
them. Codes are always 4-digit strings ("0301", not 301).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

REFERENCE = Path(__file__).resolve().parent.parent / "data" / "reference"

VINTAGES: tuple[str, ...] = ("2019", "2020", "2024")

#: Columns of every frame returned by :func:`crosswalk`.
COLUMNS: list[str] = ["code_from", "code_to", "share", "approximate", "relation", "note", "primary"]

#: Forward tables: (from, to) -> file. Reverse 2024 -> 2020 is derived (see _reverse).
_FILES: dict[tuple[str, str], str] = {
    ("2019", "2020"): "kommune_2019_2020.csv",
    ("2020", "2024"): "kommune_2020_2024.csv",
}


@cache
def _read(name: str) -> pd.DataFrame:
    """Read a reference CSV as strings, so codes keep their leading zero."""
    import pandas as pd

    return pd.read_csv(REFERENCE / name, dtype=str, keep_default_na=False)


def normalise_code(code: object) -> str | None:
    """Return a 4-digit municipality code, or None if *code* cannot be one.

    Why: spreadsheets drop leading zeros (301 for Oslo) and add floats ("301.0").
    """
    s = str(code).strip()
    if s.endswith(".0"):
        s = s[:-2]
    if not s.isdigit() or not 1 <= len(s) <= 4:
        return None
    return s.zfill(4)


@cache
def _codes(vintage: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of every municipality of ``vintage``, sorted by code."""
    if vintage not in VINTAGES:
        raise ValueError(f"unknown vintage {vintage!r}; choose one of {', '.join(VINTAGES)}")
    return _all_codes()[vintage]


#: where each vintage's codes and names are read: (file, code column, name column)
_CODE_COLUMNS = {"2019": (_FILES[("2019", "2020")], "code_2019", "name_2019"),
                 "2020": (_FILES[("2020", "2024")], "code_2020", "name_2020"),
                 "2024": (_FILES[("2020", "2024")], "code_2024", "name_2024")}


@cache
def _all_codes() -> dict[str, tuple[tuple[str, str], ...]]:
    """Every vintage's codes, from the user cache (geo/disk_cache.py) while the crosswalk
    files and this module are unchanged.

    Why cached: reading the two crosswalks with the csv module was ~20 ms of every
    import of a table (matching its keys and detecting their vintage), about as much as
    matching them."""
    from geo.disk_cache import cached, key_of

    files = sorted({REFERENCE / f for f, _, _ in _CODE_COLUMNS.values()})
    return cached("municipality-codes", key_of([*files, Path(__file__)]), _read_codes, kind=dict)


def _read_codes() -> dict[str, tuple[tuple[str, str], ...]]:
    """Read with the csv module (each code has one name in these files), so matching a
    table's keys needs no pandas."""
    import csv

    out = {}
    for vintage, (name, c, n) in _CODE_COLUMNS.items():
        with open(REFERENCE / name, encoding="utf-8-sig", newline="") as fh:
            pairs = dict.fromkeys((row[c], row[n]) for row in csv.DictReader(fh))
        out[vintage] = tuple(sorted(pairs, key=lambda p: p[0]))
    return out


def municipality_codes(vintage: str) -> dict[str, str]:
    """Valid municipality codes of *vintage* (1 January of that year), code -> name."""
    return dict(_codes(vintage))


def _frame(df: pd.DataFrame, src: str, dst: str) -> pd.DataFrame:
    import pandas as pd

    out = pd.DataFrame(
        {
            "code_from": df[src],
            "code_to": df[dst],
            "share": pd.to_numeric(df["share"], errors="coerce"),  # empty -> NaN (unknown)
            "approximate": df["approximate"].str.lower().eq("true"),
            "relation": df["relation"],
            "note": df["note"],
            "primary": df["primary"].str.lower().eq("true"),
        }
    )
    return out.reset_index(drop=True)


def _reverse_2024_2020() -> pd.DataFrame:
    """2024 -> 2020. Every 2024 unit lies wholly inside one 2020 unit, so the
    reverse is exact: a 2020 split (Ålesund) becomes a merge going backwards."""
    import pandas as pd

    fwd = _frame(_read(_FILES[("2020", "2024")]), "code_2020", "code_2024")
    out = pd.DataFrame(
        {
            "code_from": fwd["code_to"],
            "code_to": fwd["code_from"],
            "share": 1.0,
            "approximate": False,
            "relation": fwd["relation"].replace({"split": "merged"}),
            "note": fwd["note"],
            "primary": True,
        }
    )
    split = fwd["relation"].eq("split")
    out.loc[split, "note"] = [
        f"{a} lies wholly inside 2020 unit {b}; sum all 2024 parts of {b} to rebuild it."
        for a, b in zip(out.loc[split, "code_from"], out.loc[split, "code_to"])
    ]
    return out.sort_values("code_from").reset_index(drop=True)


def crosswalk(from_vintage: str, to_vintage: str) -> pd.DataFrame:
    """Rows mapping codes of *from_vintage* to *to_vintage*.

    Columns: code_from, code_to, share (fraction of the from-unit going to the
    to-unit; NaN when a split's population shares are unknown), approximate (True for
    split rows: values cannot be allocated exactly), relation (same, renumbered,
    merged, split), note, primary (the one row per code_from to use when a 1:1
    assignment is unavoidable). Supported: 2019->2020, 2020->2024, 2024->2020 and
    identity.
    """
    import pandas as pd

    for v in (from_vintage, to_vintage):
        if v not in VINTAGES:
            raise ValueError(f"unknown vintage {v!r}; choose one of {', '.join(VINTAGES)}")
    if from_vintage == to_vintage:
        codes = list(municipality_codes(from_vintage))
        return pd.DataFrame(
            {"code_from": codes, "code_to": codes, "share": 1.0, "approximate": False,
             "relation": "same", "note": "", "primary": True},
            columns=COLUMNS,
        )
    if (from_vintage, to_vintage) in _FILES:
        f, t = from_vintage, to_vintage
        return _frame(_read(_FILES[(f, t)]), f"code_{f}", f"code_{t}")[COLUMNS]
    if (from_vintage, to_vintage) == ("2024", "2020"):
        return _reverse_2024_2020()[COLUMNS]
    if (from_vintage, to_vintage) == ("2019", "2024"):
        return _compose_2019_2024()[COLUMNS]
    raise ValueError(
        f"no crosswalk {from_vintage} -> {to_vintage}; supported: 2019->2020, 2020->2024, 2024->2020, 2019->2024"
    )


#: Where the 2019 parts of 1507 Ålesund (2020) lie on the 2024 map. From the note of the
#: 1507 rows in kommune_2020_2024.csv: "1580 Haram is the area of the pre-2020
#: municipality 1534 Haram, 1508 Ålesund the rest (former 1504 Ålesund, 1523 Ørskog,
#: 1529 Skodje, 1546 Sandøy)".
_ALESUND_2019 = {"1534": "1580", "1504": "1508", "1523": "1508", "1529": "1508", "1546": "1508"}


def _compose_2019_2024() -> pd.DataFrame:
    """2019 -> 2024 through 2020: each 2019 code follows its links twice."""
    import pandas as pd

    a = _frame(_read(_FILES[("2019", "2020")]), "code_2019", "code_2020")
    b = _frame(_read(_FILES[("2020", "2024")]), "code_2020", "code_2024")
    rows = []
    for r in a.itertuples():
        if r.code_from in _ALESUND_2019:
            target = _ALESUND_2019[r.code_from]
            members = [c for c, t in _ALESUND_2019.items() if t == target]
            relation = "renumbered" if len(members) == 1 else "merged"
            rows.append({"code_from": r.code_from, "code_to": target, "share": 1.0, "approximate": False,
                         "relation": relation, "note": f"{r.code_from} (2019) lies in {target} (2024); "
                         "see the 1507 Ålesund rows of kommune_2020_2024.csv", "primary": True})
            continue
        for n in b[b["code_from"] == r.code_to].itertuples():
            relation = r.relation if n.relation in ("same", "renumbered") else n.relation
            if r.relation == "same" and n.relation == "renumbered":
                relation = "renumbered"
            rows.append({"code_from": r.code_from, "code_to": n.code_to,
                         "share": r.share * n.share if n.share == n.share else float("nan"),
                         "approximate": bool(r.approximate or n.approximate), "relation": relation,
                         "note": "; ".join(x for x in (r.note, n.note) if x), "primary": bool(r.primary and n.primary)})
    return pd.DataFrame(rows).reset_index(drop=True)


#: county vintages Legekart knows: the 19 counties of 2017, 18 of 2019, 11 of 2020, 15 of 2024
COUNTY_VINTAGES: tuple[str, ...] = ("2017", "2019", "2020", "2024")


def county_crosswalk(from_vintage: str, to_vintage: str) -> pd.DataFrame:
    """Rows mapping county codes of ``from_vintage`` onto the counties of a map (2020 or 2024).

    Same columns as :func:`crosswalk`. ``approximate`` is True where a municipality
    crossed the county's border between the two structures, or where a county was
    split (``relation`` "split": its values cannot be divided, ``primary`` False).
    """
    import pandas as pd

    for v in (from_vintage, to_vintage):
        if v not in COUNTY_VINTAGES:
            raise ValueError(f"unknown county vintage {v!r}; choose one of {', '.join(COUNTY_VINTAGES)}")
    if from_vintage == to_vintage:
        codes = sorted(_read("fylker_2020.csv")["fylke"]) if to_vintage == "2020" else sorted(
            _read("fylke_2024_2020.csv")["code_2024"]) if to_vintage == "2024" else None
        if codes is None:
            raise ValueError(f"no county map for {to_vintage}")
        return pd.DataFrame({"code_from": codes, "code_to": codes, "share": 1.0, "approximate": False,
                             "relation": "same", "note": "", "primary": True}, columns=COLUMNS)
    if to_vintage == "2020" and from_vintage in ("2017", "2019"):
        df = _read("fylke_crosswalk.csv")
        df = df[df["from_vintage"] == from_vintage]
        out = pd.DataFrame({"code_from": df["from_code"].str.zfill(2), "code_to": df["to_code"].str.zfill(2),
                            "share": 1.0, "approximate": df["approximate"].str.lower().eq("true"),
                            "note": df["note"], "primary": True})
        many = out["code_to"].map(out["code_to"].value_counts()) > 1
        out["relation"] = ["merged" if m else ("same" if a == b else "renumbered")
                           for m, a, b in zip(many, out["code_from"], out["code_to"])]
        return out[COLUMNS].reset_index(drop=True)
    if to_vintage == "2024" and from_vintage in ("2017", "2019", "2020"):
        df = _read("fylke_crosswalk_2024.csv")
        df = df[df["from_vintage"] == from_vintage]
        split = df["relation"].eq("split")
        return pd.DataFrame({"code_from": df["from_code"], "code_to": df["to_code"],
                             "share": [float("nan") if s else 1.0 for s in split],
                             "approximate": df["approximate"].str.lower().eq("true"),
                             "relation": df["relation"], "note": df["note"], "primary": ~split},
                            columns=COLUMNS).reset_index(drop=True)
    if (from_vintage, to_vintage) == ("2024", "2020"):
        df = _read("fylke_2024_2020.csv")
        many = df["code_2020"].map(df["code_2020"].value_counts()) > 1
        return pd.DataFrame({"code_from": df["code_2024"], "code_to": df["code_2020"], "share": 1.0,
                             "approximate": False,
                             "relation": ["merged" if m else "same" for m in many],
                             "note": df["note"], "primary": True}, columns=COLUMNS).reset_index(drop=True)
    raise ValueError(f"no county crosswalk {from_vintage} -> {to_vintage}")


@dataclass(frozen=True)
class VintageGuess:
    """Outcome of :func:`detect_vintage`.

    vintage: the guessed vintage, or None when no seen code tells the vintages apart.
    matched: per vintage, how many distinct seen codes are valid in it.
    unique_seen: per vintage, the seen codes valid *only* in that vintage (the evidence).
    unknown: seen codes valid in no vintage (typos, 9999, Svalbard, bydel...).
    candidates: vintages in which every known seen code is valid.
    ambiguous: True when codes unique to more than one vintage are mixed in one table.
    confidence: "high" (one vintage's unique codes seen and every known code valid in
        it), "low" (guess made despite mixing or stray codes), "none" (no evidence).
    """

    vintage: str | None
    matched: dict[str, int]
    unique_seen: dict[str, tuple[str, ...]]
    unknown: tuple[str, ...]
    candidates: tuple[str, ...]
    ambiguous: bool
    confidence: str


@cache
def _unique_codes() -> dict[str, frozenset[str]]:
    sets = {v: frozenset(municipality_codes(v)) for v in VINTAGES}
    return {
        v: sets[v] - frozenset().union(*(sets[w] for w in VINTAGES if w != v)) for v in VINTAGES
    }


def detect_vintage(codes: Iterable[object]) -> VintageGuess:
    """Guess which year's municipality structure a set of codes follows.

    Why: most codes (e.g. 1101 Eigersund) are valid in 2019, 2020 and 2024 alike, so
    only codes unique to one vintage are evidence: 0101 Halden means 2019, 3001
    Halden / 1507 Ålesund / 5401 Tromsø mean 2020, 3101 / 1508 / 1580 / 5501 mean
    2024. A table holding unique codes of two vintages is flagged ambiguous.
    """
    seen = {c for c in (normalise_code(x) for x in codes) if c is not None}
    valid = {v: frozenset(municipality_codes(v)) for v in VINTAGES}
    unique = _unique_codes()
    matched = {v: len(seen & valid[v]) for v in VINTAGES}
    unique_seen = {v: tuple(sorted(seen & unique[v])) for v in VINTAGES}
    known = seen & frozenset().union(*valid.values())
    unknown = tuple(sorted(seen - known))
    candidates = tuple(v for v in VINTAGES if known and known <= valid[v])
    with_evidence = [v for v in VINTAGES if unique_seen[v]]
    ambiguous = len(with_evidence) > 1
    if not with_evidence:
        return VintageGuess(None, matched, unique_seen, unknown, candidates, False, "none")
    # Most valid codes wins; ties broken by more unique evidence, then the later vintage.
    best = max(with_evidence, key=lambda v: (matched[v], len(unique_seen[v]), v))
    confident = not ambiguous and best in candidates
    return VintageGuess(
        best, matched, unique_seen, unknown, candidates, ambiguous, "high" if confident else "low"
    )
