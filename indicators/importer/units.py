"""Which units exist at each level in each year, by number and by name.

A key is only meaningful against a unit structure: "1507" is Ålesund in 2020 and
nothing in 2024; "Bø" is one municipality in 2020 but two in 2019. A
:class:`Structure` holds one level in one year — codes, names (with Sami and Kven
parallel names), and the link from each code to the unit drawn on a map (the 2020
or the 2024 map) — built from the gazetteer and the crosswalk tables in
``data/reference``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from geo import crosswalk as cw
from geo.gazetteer import gazetteer
from geo.names import fold, variants

REFERENCE = cw.REFERENCE

#: years whose structure we know, per level
VINTAGES: dict[str, tuple[str, ...]] = {
    "kommune": ("2019", "2020", "2024"),
    "fylke": ("2017", "2019", "2020", "2024"),
    "helseregion": ("",),
    "helseforetak": ("",),
}


def map_vintage_of(level: str, map_vintage: str) -> str:
    """The vintage a level's units have on a map ("" for levels that are the same on every map)."""
    return map_vintage if level in ("kommune", "fylke") else ""

#: codes that are real but never on the map
SPECIAL_KOMMUNE_CODES = {
    "2100": "Svalbard", "2111": "Svalbard", "2121": "Bjørnøya", "2131": "Hopen",
    "2211": "Jan Mayen", "0000": "uoppgitt", "9999": "uoppgitt", "9900": "uoppgitt",
}
#: folded cells that mean a total, not a unit
TOTAL_KEYS = {
    fold(t) for t in (
        "Norge", "Hele landet", "Landet", "Landet i alt", "I alt", "Totalt", "Total", "Sum",
        "Alle", "Alle kommuner", "Alle fylker", "Norway", "Whole country", "Country total", "Noreg",
    )
}


@dataclass(frozen=True)
class Link:
    """How one code of some year maps onto the unit drawn on a map."""

    source: str
    target: str
    relation: str  # same | renumbered | merged | split
    approximate: bool
    note: str = ""


@dataclass
class Structure:
    """Codes and names of one level in one year, linked to the units of one map."""

    level: str
    vintage: str
    names: dict[str, str]
    index: dict[str, set[str]]
    links: dict[str, Link]
    #: map target -> source codes whose (primary) link points to it
    members: dict[str, list[str]] = field(default_factory=dict)
    #: map targets that also receive part of a divided source unit (not counted in them)
    partial: set[str] = field(default_factory=set)
    #: the map the links point to ("2020" or "2024")
    target: str = "2020"

    def lookup(self, name: str) -> set[str]:
        return set(self.index.get(fold(name), set()))

    def one_to_one(self, code: str) -> bool:
        link = self.links.get(code)
        return link is not None and len(self.members.get(link.target, ())) == 1 and link.relation != "split" \
            and link.target not in self.partial


def _add(index: dict[str, set[str]], name: str, code: str) -> None:
    for k in variants(name):
        index.setdefault(k, set()).add(code)


def _finish(level: str, vintage: str, names: dict[str, str], index: dict[str, set[str]],
            links: dict[str, Link], partial: set[str] | None = None, target: str = "2020") -> Structure:
    members: dict[str, list[str]] = {}
    for link in links.values():
        members.setdefault(link.target, []).append(link.source)
    return Structure(level, vintage, names, index, links, members, partial or set(), target)


@cache
def structure(level: str, vintage: str, target: str = "2020") -> Structure:
    """The structure of ``level`` in ``vintage`` (see :data:`VINTAGES`), linked to the ``target`` map.

    Built once per user from the reference tables and the map's gazetteer and kept in the
    disk cache (geo/disk_cache.py), keyed by those files' and this code's sha256: building it
    folds every name and reads the crosswalks, which cost more than matching a whole table.
    """
    if level not in VINTAGES or vintage not in VINTAGES[level]:
        raise ValueError(f"no {level} structure for {vintage!r}")
    from geo.disk_cache import cached

    return cached(f"structure-{level}-{vintage or 'all'}-{target}", _inputs_key(target),
                  lambda: _build(level, vintage, target), kind=Structure)


@cache
def _inputs_key(target: str) -> str:
    from pathlib import Path

    from geo import boundaries, names
    from geo import gazetteer as gazetteer_mod
    from geo.disk_cache import key_of

    code = [Path(__file__), Path(cw.__file__), Path(gazetteer_mod.__file__), Path(names.__file__)]
    return key_of([*sorted(REFERENCE.glob("*.csv")), boundaries.gpkg_path(target), *code])


def _build(level: str, vintage: str, target: str) -> Structure:
    if level == "kommune":
        return _kommune(vintage, target)
    if level == "fylke":
        return _fylke(vintage, target)
    return _health(level, target)


def _kommune(vintage: str, target: str) -> Structure:
    gaz = gazetteer(target)
    names: dict[str, str] = {}
    index: dict[str, set[str]] = {}
    links: dict[str, Link] = {}
    partial: set[str] = set()
    listed = cw.municipality_codes(vintage)
    if vintage == target:
        for u in gaz.level_units("kommune"):
            names[u.code] = u.name
            for n in {u.name, u.short_name, *u.parallel_names}:
                _add(index, n, u.code)
            links[u.code] = Link(u.code, u.code, "same", False)
        for code, name in listed.items():
            _add(index, name, code)
        return _finish("kommune", vintage, names, index, links, target=target)
    table = cw.crosswalk(vintage, target)
    for row in table.itertuples():
        if row.primary:
            links[row.code_from] = Link(row.code_from, row.code_to, row.relation, bool(row.approximate), row.note)
        else:
            partial.add(row.code_to)
    for code, name in listed.items():
        names[code] = name
        _add(index, name, code)
    st = _finish("kommune", vintage, names, index, links, partial, target)
    # Sami/Kven parallel names come from the map's gazetteer; they hold for every
    # code that is the same territory as a unit of the map.
    for code in listed:
        if st.one_to_one(code):
            found = gaz.find("kommune", st.links[code].target)
            if found:
                for n in {found.short_name, *found.parallel_names}:
                    _add(index, n, code)
    return st


def _county_names(vintage: str) -> dict[str, str]:
    import pandas as pd

    if vintage == "2024":
        df = pd.read_csv(REFERENCE / "fylke_2024_2020.csv", dtype=str, keep_default_na=False)
        return dict(zip(df["code_2024"], df["name_2024"]))
    if vintage == "2020":
        df = pd.read_csv(REFERENCE / "fylker_2020.csv", dtype=str, keep_default_na=False)
        return dict(zip(df["fylke"], df["name"]))
    df = pd.read_csv(REFERENCE / "fylke_crosswalk.csv", dtype=str, keep_default_na=False)
    df = df[df["from_vintage"] == vintage]
    return dict(zip(df["from_code"].str.zfill(2), df["from_name"]))


def _fylke(vintage: str, target: str) -> Structure:
    gaz = gazetteer(target)
    names: dict[str, str] = {}
    index: dict[str, set[str]] = {}
    links: dict[str, Link] = {}
    partial: set[str] = set()
    if vintage == target:
        for u in gaz.level_units("fylke"):
            names[u.code] = u.name
            for n in {u.name, *u.parallel_names}:
                _add(index, n, u.code)
            links[u.code] = Link(u.code, u.code, "same", False)
        return _finish("fylke", vintage, names, index, links, target=target)
    own = _county_names(vintage)
    for r in cw.county_crosswalk(vintage, target).itertuples():
        if r.primary:
            links[r.code_from] = Link(r.code_from, r.code_to, r.relation, bool(r.approximate), r.note)
        else:
            partial.add(r.code_to)
    for src, name in own.items():
        names[src] = name
        _add(index, name, src)
        if src not in links:  # a county divided on the target map: no unit holds all of it
            links[src] = Link(src, "", "split", True, "divided on the target map")
    st = _finish("fylke", vintage, names, index, links, partial, target)
    for code in names:
        if st.one_to_one(code):
            found = gaz.find("fylke", st.links[code].target)
            if found and fold(found.name) == fold(names[code]):
                for n in found.parallel_names:
                    _add(index, n, code)
    return st


_SUFFIX = re.compile(r"\s+(?:r?hf|helseforetak|regionalt helseforetak)$", re.IGNORECASE)
_SKDE = re.compile(r"SKDE short name:\s*([^.]+)\.")


def _health(level: str, target: str = "2020") -> Structure:
    gaz = gazetteer(target)
    names: dict[str, str] = {}
    index: dict[str, set[str]] = {}
    links: dict[str, Link] = {}
    for u in gaz.level_units(level):
        names[u.code] = u.name
        labels = {u.name, u.short_name, u.code, *u.parallel_names}
        labels |= {_SUFFIX.sub("", n) for n in list(labels)}
        if level == "helseregion" and u.name.lower().startswith("helse "):
            labels.add(u.name[6:])
        m = _SKDE.search(u.note or "")
        if m:
            labels |= {p.strip() for p in re.split(r"[/+]", m.group(1)) if p.strip()}
        if u.code == "oslo":
            labels.add("Oslo")
        for n in labels:
            _add(index, n, u.code)
        links[u.code] = Link(u.code, u.code, "same", False)
    return _finish(level, "", names, index, links, target=target)


def display(st: Structure, code: str) -> str:
    """'Herøy (Nordland) 1818' — how a candidate is listed in a reason."""
    name = st.names.get(code, "")
    if st.level in ("kommune", "fylke"):
        return f"{name} {code}".strip()
    return name or code
