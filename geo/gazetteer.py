"""Who is who: every unit at every level, its parents, and name/number search.

Built from the bundled GeoPackage attributes only (no geometry), so it is cheap to
create and the GUI, CLI and importer all resolve names and codes the same way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache

from geo import boundaries
from geo.levels import LAND, LAND_CODE, LEVELS, check_vintage
from geo.levels import level as check_level
from geo.names import fold, variants


@dataclass(frozen=True)
class Unit:
    """One municipality, county, health region or trust on one map, with the units above it."""

    level: str
    code: str
    name: str
    #: short everyday name (Norwegian form for multi-language municipality names)
    short_name: str
    parallel_names: tuple[str, ...] = ()
    fylke: str | None = None
    helseregion: str | None = None
    helseforetak: str | None = None
    label_xy: tuple[float, float] | None = None
    note: str = ""
    #: the map vintage the unit belongs to ("2020", "2024"; "" for Norway)
    vintage: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.level, self.code)


NORWAY = Unit(LAND, LAND_CODE, "Norge", "Norge", ("Noreg", "Norga", "Norja"))


@dataclass
class Gazetteer:
    """Every unit of one map vintage by level and code; the name index is built on first search."""

    units: dict[str, dict[str, Unit]]
    #: the map vintage whose units these are ("2020" or "2024")
    vintage: str = ""
    _index: dict[str, list[Unit]] = field(default_factory=dict, repr=False)

    @property
    def index(self) -> dict[str, list[Unit]]:
        """Folded name → units; built on first search (not at start-up)."""
        if not self._index:
            self._build_index()
        return self._index

    def _build_index(self) -> None:
        for level_units in self.units.values():
            for unit in level_units.values():
                names = {unit.name, unit.short_name, *unit.parallel_names}
                keys = set()
                for n in names:
                    keys |= variants(n)
                for k in keys:
                    self._index.setdefault(k, []).append(unit)

    # -- lookup -------------------------------------------------------------
    def get(self, level: str, code: str) -> Unit:
        if level == LAND:
            return NORWAY
        check_level(level)
        try:
            return self.units[level][normalise_code(level, code)]
        except KeyError:
            raise KeyError(f"no {level} with code {code!r}") from None

    def find(self, level: str, code: str) -> Unit | None:
        try:
            return self.get(level, code)
        except (KeyError, ValueError):
            return None

    def level_units(self, level: str) -> list[Unit]:
        check_level(level)
        return list(self.units[level].values())

    def parents(self, unit: Unit) -> dict[str, Unit]:
        """County, health region and health-trust area of a unit (where defined)."""
        out: dict[str, Unit] = {}
        if unit.fylke:
            out["fylke"] = self.units["fylke"][unit.fylke]
        if unit.helseregion:
            out["helseregion"] = self.units["helseregion"][unit.helseregion]
        if unit.helseforetak:
            out["helseforetak"] = self.units["helseforetak"][unit.helseforetak]
        return out

    def members(self, level: str, code: str) -> list[Unit]:
        """Municipalities inside a unit of a higher level."""
        if level == "kommune":
            return [self.get("kommune", code)]
        if level == LAND:
            return self.level_units("kommune")
        return [k for k in self.units["kommune"].values() if getattr(k, level) == code]

    def parent_code(self, kommune_code: str, level: str) -> str:
        """Code of the unit at ``level`` that holds a municipality."""
        k = self.get("kommune", kommune_code)
        if level == "kommune":
            return k.code
        if level == LAND:
            return LAND_CODE
        return getattr(k, level)

    # -- search -------------------------------------------------------------
    def search(self, text: str, levels: tuple[str, ...] | None = None, limit: int = 20) -> list[Unit]:
        """Units whose number or any official name matches ``text``.

        Exact code or exact (folded) name first, then prefix matches, then
        substring matches — what a search box should offer.
        """
        levels = levels or tuple(LEVELS)
        q = text.strip()
        if not q:
            return []
        hits: list[Unit] = []
        digits = re.sub(r"\D", "", q)
        if digits and digits == re.sub(r"\s", "", q):
            for lv in levels:
                if lv in ("kommune", "fylke"):
                    u = self.find(lv, digits)
                    if u:
                        hits.append(u)
        key = fold(q)
        if key:
            hits += [u for u in self.index.get(key, []) if u.level in levels]
            prefix, infix = [], []
            for k, us in self.index.items():
                if k != key and k.startswith(key):
                    prefix += us
                elif key in k and k != key:
                    infix += us
            hits += [u for u in prefix if u.level in levels]
            hits += [u for u in infix if u.level in levels]
        seen: set[tuple[str, str]] = set()
        out = []
        for u in hits:
            if u.key not in seen:
                seen.add(u.key)
                out.append(u)
        return out[:limit]

    def by_name(self, name: str, level: str = "kommune") -> list[Unit]:
        """Exact (folded) name match at one level; several hits mean the name is ambiguous."""
        return [u for u in self.index.get(fold(name), []) if u.level == level]


def normalise_code(level: str, code: str) -> str:
    code = str(code).strip()
    if level == "kommune":
        return code.zfill(4)
    if level == "fylke":
        return code.zfill(2)
    return code


@cache
def gazetteer(vintage: str) -> Gazetteer:
    """Every unit of the ``vintage`` map ("2020" or "2024"), built from the GeoPackage attributes."""
    vintage = check_vintage(vintage)
    units: dict[str, dict[str, Unit]] = {}
    for lv in LEVELS:
        level_units = {}
        for row in boundaries.attributes(lv, vintage):
            parallel: tuple[str, ...] = ()
            if row.get("names_parallel"):
                parallel = tuple(n["name"] for n in json.loads(row["names_parallel"]))
            elif row.get("name_parallel"):
                parallel = tuple(p.strip() for p in row["name_parallel"].split(" - ") if p.strip())
            level_units[row["code"]] = Unit(
                level=lv,
                code=row["code"],
                name=row["name"],
                short_name=row.get("name_no") or row["name"],
                parallel_names=parallel,
                fylke=row.get("fylke") if lv == "kommune" else None,
                helseregion=row.get("helseregion") if lv != "helseregion" else None,
                helseforetak=row.get("helseforetak") if lv == "kommune" else None,
                label_xy=(row["label_x"], row["label_y"]),
                note=row.get("note") or "",
                vintage=vintage,
            )
        units[lv] = level_units
    return Gazetteer(units, vintage)
