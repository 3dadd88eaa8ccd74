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
from functools import lru_cache
from pathlib import Path

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


@lru_cache(maxsize=None)
def _read(name: str) -> pd.DataFrame:
    """Read a reference CSV as strings, so codes keep their leading zero."""
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


@lru_cache(maxsize=None)
def _codes(vintage: str) -> tuple[tuple[str, str], ...]:
    if vintage == "2019":
        df, c, n = _read(_FILES[("2019", "2020")]), "code_2019", "name_2019"
    elif vintage == "2020":
        df, c, n = _read(_FILES[("2020", "2024")]), "code_2020", "name_2020"
    elif vintage == "2024":
        df, c, n = _read(_FILES[("2020", "2024")]), "code_2024", "name_2024"
    else:
        raise ValueError(f"unknown vintage {vintage!r}; choose one of {', '.join(VINTAGES)}")
    pairs = df[[c, n]].drop_duplicates().sort_values(c)
    return tuple(zip(pairs[c], pairs[n]))


def municipality_codes(vintage: str) -> dict[str, str]:
    """Valid municipality codes of *vintage* (1 January of that year), code -> name."""
    return dict(_codes(vintage))


def _frame(df: pd.DataFrame, src: str, dst: str) -> pd.DataFrame:
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
    raise ValueError(
        f"no crosswalk {from_vintage} -> {to_vintage}; supported: 2019->2020, 2020->2024, 2024->2020"
    )


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


@lru_cache(maxsize=None)
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
