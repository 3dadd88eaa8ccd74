"""Decide which unit each key cell means — or say exactly why it means none.

Works on the distinct key texts of a column (a 1 000 000-row file has a few
hundred), in three steps: guess the level (kommune, fylke, …) from what the keys
look like, detect the year of the code or name structure, then resolve each key
in that structure. Ambiguous names are reported with their candidates, never
guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache

from geo import crosswalk as cw
from geo.names import fold
from indicators.importer.key_results import (  # noqa: F401  (re-exported: the importer's result types)
    KeyResult,
    Match,
    Resolution,
    VintageInfo,
    _name_queries,
)
from indicators.importer.keys import KeyText, clean_text, fylke_code, kommune_code, repair_mojibake, split_key
from indicators.importer.messages import Msg
from indicators.importer.units import (
    SPECIAL_KOMMUNE_CODES,
    TOTAL_KEYS,
    VINTAGES,
    Structure,
    display,
    structure,
)

BUNDLED_LEVELS = ("kommune", "fylke", "helseregion", "helseforetak")
GUESS_SAMPLE = 5_000
#: a table has at most a few thousand real units; beyond this many distinct keys
#: the most frequent ones decide the year
VINTAGE_SAMPLE = 50_000
#: when two years fit equally well, the map's own structure wins, then the newer one
#: the vintage assumed when no key tells the vintages apart (such codes mean the same on both maps)
DEFAULT_VINTAGE = {"kommune": "2020", "fylke": "2020"}
_PREFERENCE = {"2020": 3, "2024": 2, "2019": 1, "2017": 0, "": 0}


CACHE_SIZE = 65_536


@lru_cache(maxsize=CACHE_SIZE)
def _fold(text: str) -> str:
    return fold(text)


@lru_cache(maxsize=CACHE_SIZE)
def _folded_queries(name: str, level: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(_fold(q) for q in _name_queries(name, level)))


def clear_caches() -> None:
    """Forget the folded forms of one table's keys (the caches grow with distinct keys)."""
    _fold.cache_clear()
    _folded_queries.cache_clear()
    _known_name.cache_clear()


@lru_cache(maxsize=1)
def _all_keys() -> frozenset[str]:
    """Every folded name of every unit at every level and year (a fast 'no such name')."""
    keys: set[str] = set()
    for level in BUNDLED_LEVELS:
        for v in VINTAGES[level]:
            keys |= structure(level, v).index.keys()
    return frozenset(keys)


@lru_cache(maxsize=CACHE_SIZE)
def _known_name(name: str) -> bool:
    known = _all_keys()
    if _fold(name) in known:
        return True
    if " " not in name.strip():  # suffix words and 'X i Y' need a space
        return False
    return any(k in known for lv in BUNDLED_LEVELS for k in _folded_queries(name, lv))


def _lookup(st: Structure, name: str) -> set[str]:
    for key in _folded_queries(name, st.level):
        hits = st.index.get(key)
        if hits:
            return set(hits)
    return set()


def _code_for(level: str, kt: KeyText) -> str | None:
    if kt.code is None:
        return None
    if level == "kommune" and kt.code_level == "kommune":
        return kommune_code(kt.code)
    if level == "fylke" and kt.code_level == "fylke":
        return fylke_code(kt.code)
    return None


# -- level --------------------------------------------------------------------------
def key_levels(kt: KeyText) -> set[str]:
    """Every bundled level a key could belong to, in any year."""
    if kt.code is not None:
        lv = kt.code_level
        if lv == "kommune":
            c = kommune_code(kt.code)
            if any(c in structure("kommune", v).names for v in VINTAGES["kommune"]):
                return {"kommune"}
        elif lv == "fylke":
            c = fylke_code(kt.code)
            if any(c in structure("fylke", v).names for v in VINTAGES["fylke"]):
                return {"fylke"}
        return set()
    out = set()
    for level in BUNDLED_LEVELS:
        if any(_lookup(structure(level, v), kt.name) for v in VINTAGES[level]):
            out.add(level)
    return out


def guess_level(texts: Mapping[str, int]) -> tuple[str | None, dict[str, int]]:
    """Most likely level of a key column, and how many rows point at each level.

    ``texts`` maps each distinct key text to its number of rows. Keys that fit
    one level only decide; 'Oslo' (kommune and fylke) counts for both.
    """
    single: Counter[str] = Counter()
    any_: Counter[str] = Counter()
    if len(texts) > GUESS_SAMPLE:  # the most frequent keys decide; counts are then estimates
        texts = dict(sorted(texts.items(), key=lambda kv: -kv[1])[:GUESS_SAMPLE])
    for text, n in texts.items():
        kt = split_key(text)
        if kt.code is None and not _known_name(kt.name):
            continue
        levels = key_levels(kt)
        for lv in levels:
            any_[lv] += n
        if len(levels) == 1:
            single[next(iter(levels))] += n
    counts = single if single else any_
    if not counts:
        return None, {}
    order = {lv: i for i, lv in enumerate(BUNDLED_LEVELS)}
    best = max(counts, key=lambda lv: (counts[lv], -order[lv]))
    return best, dict(any_)


# -- vintage ------------------------------------------------------------------------
def detect_vintage(level: str, texts: Iterable[str]) -> VintageInfo:
    """Which year's structure the keys follow: codes first, names otherwise."""
    if level not in ("kommune", "fylke"):
        return VintageInfo("", "high", "")
    codes: list[str] = []
    names: list[str] = []
    for t in texts:  # one pass, keeping only what can be evidence (a file may hold 10^6 junk keys)
        k = split_key(t)
        c = _code_for(level, k)
        if c:
            codes.append(c)
        elif k.code is None and k.name and _known_name(k.name) and _fold(k.name) not in TOTAL_KEYS:
            names.append(k.name)
    by_codes = _code_vintage(level, codes) if codes else None
    if by_codes and by_codes.confidence != "none":
        return by_codes
    by_names = _name_vintage(level, names) if names else None
    if by_names and by_names.confidence != "none":
        return by_names
    return by_codes or by_names or VintageInfo(DEFAULT_VINTAGE.get(level, ""), "none", "")


def _code_vintage(level: str, codes: list[str]) -> VintageInfo:
    if level == "kommune":
        g = cw.detect_vintage(codes)
        evidence = {v: list(g.unique_seen[v]) for v in g.unique_seen}
        if g.vintage is None:
            return VintageInfo(DEFAULT_VINTAGE.get(level, ""), "none", "codes", False, dict(g.matched), evidence)
        return VintageInfo(g.vintage, g.confidence, "codes", g.ambiguous, dict(g.matched), evidence)
    seen = set(codes)
    sets = {v: set(structure(level, v).names) for v in VINTAGES[level]}
    matched = {v: len(seen & s) for v, s in sets.items()}
    unique = {v: sorted(seen & (s - set().union(*(sets[w] for w in sets if w != v)))) for v, s in sets.items()}
    known = seen & set().union(*sets.values())
    candidates = [v for v in sets if known and known <= sets[v]]
    if candidates:
        best = max(candidates, key=lambda v: _PREFERENCE[v])
        confidence = "none" if best == DEFAULT_VINTAGE.get(level, "") and len(candidates) > 1 else "high"
        return VintageInfo(best, confidence, "codes", False, matched, unique)
    best = max(sets, key=lambda v: (matched[v], _PREFERENCE[v]))
    return VintageInfo(best, "low", "codes", True, matched, unique)


def _name_vintage(level: str, names: list[str]) -> VintageInfo:
    vintages = VINTAGES[level]
    names = [n for n in set(names) if _known_name(n)]
    found = {v: {n for n in set(names) if _lookup(structure(level, v), n)} for v in vintages}
    matched = {v: len(found[v]) for v in vintages}
    if len(set(matched.values())) == 1:
        return VintageInfo(DEFAULT_VINTAGE.get(level, ""), "none", "names", False, matched, {})
    top = max(matched.values())
    best = max((v for v in vintages if matched[v] == top), key=lambda v: _PREFERENCE[v])
    evidence = {v: sorted(found[v] - set().union(*(found[w] for w in vintages if w != v))) for v in vintages}
    mixed = sum(1 for v in vintages if evidence[v]) > 1
    confident = not mixed and top == len(set(n for f in found.values() for n in f))
    return VintageInfo(best, "high" if confident else "low", "names", mixed, matched, evidence)


# -- resolution ---------------------------------------------------------------------
def prepare(texts: Mapping[str, int], level: str | None = None, vintage: str | None = None) -> Resolution:
    """Level (guessed when not given) and year of a key column, before any key is resolved.

    ``texts`` maps distinct key texts to row counts. Returns a Resolution with
    empty ``results``; resolve keys one by one with :func:`resolve_one`.
    """
    sample = texts
    if len(texts) > GUESS_SAMPLE:
        sample = dict(sorted(texts.items(), key=lambda kv: -kv[1])[:GUESS_SAMPLE])
    evidence = texts if len(texts) <= VINTAGE_SAMPLE else dict(
        sorted(texts.items(), key=lambda kv: -kv[1])[:VINTAGE_SAMPLE])
    guessed, counts = guess_level(sample)
    level = level or guessed
    if level is None:
        return Resolution("", VintageInfo("", "none", ""), {}, counts)
    if level not in BUNDLED_LEVELS:
        raise ValueError(f"unknown level {level!r}")
    if vintage:
        if vintage not in VINTAGES[level]:
            raise ValueError(f"no {level} structure for {vintage}")
        info = VintageInfo(vintage, "high", "user")
    else:
        info = detect_vintage(level, evidence)
    return Resolution(level, info, {}, counts)


def resolve_keys(texts: Mapping[str, int], level: str | None = None, vintage: str | None = None,
                 cancel=None) -> Resolution:
    """Resolve distinct key texts at a bundled level (guessed when not given).

    ``cancel()`` is checked every few thousand keys (a file can hold a million
    distinct keys that are no units at all).
    """
    res = prepare(texts, level, vintage)
    try:
        for i, t in enumerate(texts):
            if cancel is not None and i % 10_000 == 9_999 and cancel():
                from indicators.importer.errors import ImportCancelled

                raise ImportCancelled()
            if not res.level:
                res.results[t] = KeyResult(None, Msg("row.unknown_name", {"key": t, "level": "kommune"}))
            else:
                res.results[t] = resolve_one(t, res.level, res.vintage)
    finally:
        clear_caches()
    res.mojibake = any(repair_mojibake(t) != t for t in texts)
    return res


def resolve_one(text: str, level: str, info: VintageInfo) -> KeyResult:
    kt = split_key(text)
    shown = clean_text(text)
    if kt.code is None and not kt.name:
        return KeyResult(None, Msg("row.blank_key"))
    if kt.code is None and _fold(kt.name) in TOTAL_KEYS:
        return KeyResult(None, Msg("row.total", {"key": shown}))
    st = structure(level, info.vintage)
    if kt.code is not None:
        return _resolve_code(kt, shown, level, st, info)
    result = _resolve_name(kt.name, shown, level, st, info)
    if result.match is None and _LOST.search(kt.name):
        return _by_intact_part(kt.name, shown, level, st, info) or result
    return result


#: what a character becomes when a program saves text in a code page that lacks it
_LOST = re.compile("[?\ufffd]")
_PARTS = re.compile(r"\s+[-–/]\s+")


def _by_intact_part(name: str, shown: str, level: str, st: Structure, info: VintageInfo) -> KeyResult | None:
    """'Porsanger - Porsá?gu - Porsanki' (ŋ lost when Excel saved Windows-1252): match by the
    parts that kept their letters, when they all name the same single unit — and say so."""
    parts = [p.strip() for p in _PARTS.split(name)]
    intact = [p for p in parts if p and not _LOST.search(p)]
    if len(parts) < 2 or not intact:
        return None
    matches = [r.match for r in (_resolve_name(p, p, level, st, info) for p in intact) if r.match]
    if not matches or len({m.code for m in matches}) != 1:
        return None
    return KeyResult(matches[0], note=Msg("note.lost_characters", {"n": 1, "key": shown, "part": intact[0]}))


def _other_level(kt: KeyText, shown: str, level: str) -> KeyResult | None:
    for other in BUNDLED_LEVELS:
        if other == level:
            continue
        for v in VINTAGES[other]:
            st = structure(other, v)
            code = _code_for(other, kt)
            hits = {code} if code and code in st.names else (set() if kt.code else _lookup(st, kt.name))
            if hits:
                name = ", ".join(sorted(st.names[h] for h in hits))
                msg = Msg("row.mixed_level", {"key": shown, "found": other, "name": name, "level": level})
                return KeyResult(None, msg, other)
    return None


def _resolve_code(kt: KeyText, shown: str, level: str, st: Structure, info: VintageInfo) -> KeyResult:
    code = _code_for(level, kt)
    if code is None:
        if kt.code_level is None:
            return KeyResult(None, Msg("row.too_long", {"code": kt.code, "n": len(kt.code or "")}))
        other = _other_level(kt, shown, level)
        if other:
            return other
        return KeyResult(None, Msg("row.unknown_code", {"code": kt.code, "level": level}))
    if code in st.names:
        if kt.name:
            named = _lookup(st, kt.name)
            if named and code not in named:
                others = ", ".join(display(st, h) for h in sorted(named))
                return KeyResult(None, Msg("row.code_name_conflict", {
                    "key": shown, "code": code, "name": st.names[code], "named": others}))
        return KeyResult(Match(level, st.vintage, code, st.names[code]))
    for v in VINTAGES[level]:
        older = structure(level, v)
        if code in older.names:
            return KeyResult(None, Msg("row.other_vintage_code", {
                "code": code, "other": v, "name": older.names[code], "vintage": st.vintage}))
    if level == "kommune" and code in SPECIAL_KOMMUNE_CODES:
        return KeyResult(None, Msg("row.special_code", {"code": code, "name": SPECIAL_KOMMUNE_CODES[code]}))
    return KeyResult(None, Msg("row.unknown_code", {"code": code, "level": level}))


def _resolve_name(name: str, shown: str, level: str, st: Structure, info: VintageInfo) -> KeyResult:
    if not _known_name(name):
        return KeyResult(None, Msg("row.unknown_name", {"key": shown, "level": level}))
    hits = _lookup(st, name)
    if len(hits) > 1:
        cands = ", ".join(display(st, h) for h in sorted(hits))
        return KeyResult(None, Msg("row.ambiguous", {"key": shown, "candidates": cands}))
    if len(hits) == 1:
        code = next(iter(hits))
        if info.confidence == "none" and level in ("kommune", "fylke"):
            amb = _ambiguous_across_years(name, level, st, code)
            if amb:
                return KeyResult(None, Msg("row.ambiguous", {"key": shown, "candidates": amb}))
        return KeyResult(Match(level, st.vintage, code, st.names.get(code, name)))
    for v in VINTAGES[level]:
        older = structure(level, v)
        found = _lookup(older, name)
        if found:
            nm = ", ".join(display(older, h) for h in sorted(found))
            return KeyResult(None, Msg("row.other_vintage_name", {
                "key": shown, "other": v, "name": nm, "vintage": st.vintage}))
    other = _other_level(KeyText(None, name), shown, level)
    if other:
        return other
    return KeyResult(None, Msg("row.unknown_name", {"key": shown, "level": level}))


def _ambiguous_across_years(name: str, level: str, st: Structure, code: str) -> str:
    """When the year is unknown: does this name mean different units in other years?"""
    target = st.links[code].target
    cands: dict[str, str] = {target: f"{display(st, code)} ({st.vintage})"}
    for v in VINTAGES[level]:
        other = structure(level, v)
        for h in _lookup(other, name):
            t = other.links[h].target if h in other.links else h
            if t not in cands:
                cands[t] = f"{display(other, h)} ({v})"
    return ", ".join(cands.values()) if len(cands) > 1 else ""


# keys of an imported boundary layer (no years, no crosswalk) live beside this module
from indicators.importer.layer_keys import LayerIndex, resolve_layer_keys, resolve_layer_one  # noqa: E402,F401
