"""The administrative levels Legekart maps, the map vintages, and the one level type.

Why one type: a level on screen may be a bundled level of the 2020 or the 2024 map,
or a boundary file the planner imported. :class:`MapLevel` carries what every
consumer needs (codes, names, geometry, the level above, the map vintage, the credit
line), so the map, exports and the command line ask the level instead of branching
on where it came from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from geo.boundaries import LevelShapes

#: All bundled geometry is stored and drawn in ETRS89 / UTM zone 33N, Norway's
#: national map projection, so areas and scale bars are in metres.
CRS = "EPSG:25833"

#: The municipality structures Legekart has maps for (1 January of that year).
MAP_VINTAGES: tuple[str, ...] = ("2020", "2024")
#: Today's map: 357 municipalities and 15 counties since 1 January 2024.
DEFAULT_MAP = "2024"

#: Levels whose units differ between map vintages (the health regions and
#: health-trust areas cover the same territory on both maps).
VINTAGED_LEVELS = frozenset({"kommune", "fylke"})


@dataclass(frozen=True)
class Level:
    """A kind of administrative level (the same on every map vintage)."""

    id: str
    name_nb: str
    name_en: str
    parent: str | None


KOMMUNE = Level("kommune", "Kommune", "Municipality", "fylke")
FYLKE = Level("fylke", "Fylke", "County", "helseregion")
HELSEREGION = Level("helseregion", "Helseregion (RHF)", "Health region (RHF)", None)
HELSEFORETAK = Level("helseforetak", "Helseforetaksområde (HF)", "Health-trust area (HF)", "helseregion")

#: Map levels in drill-down order.
LEVELS: dict[str, Level] = {lv.id: lv for lv in (KOMMUNE, FYLKE, HELSEREGION, HELSEFORETAK)}

#: Pseudo-level for national values (context only, never drawn as a polygon).
LAND = "land"
LAND_CODE = "NO"

CREDIT = {
    "2020": ("Kartgrunnlag: Kartverket, kommunegrenser 2020 (CC BY 4.0)",
             "Base map: Kartverket, municipal boundaries 2020 (CC BY 4.0)"),
    "2024": ("Kartgrunnlag: Kartverket, kommunegrenser 2024 (CC BY 4.0)",
             "Base map: Kartverket, municipal boundaries 2024 (CC BY 4.0)"),
}


def level(level_id: str) -> Level:
    try:
        return LEVELS[level_id]
    except KeyError:
        raise ValueError(
            f"unknown level {level_id!r}; choose one of {', '.join(LEVELS)}"
        ) from None


def check_vintage(vintage: str) -> str:
    """The map vintage as given, or ValueError naming the choices."""
    vintage = str(vintage)
    if vintage not in MAP_VINTAGES:
        raise ValueError(f"unknown map {vintage!r}; choose one of {', '.join(MAP_VINTAGES)}")
    return vintage


@dataclass(frozen=True, eq=False)
class MapLevel:
    """A level that can be drawn: a bundled level of one map vintage, or an imported layer."""

    id: str
    #: "2020" / "2024" for bundled levels; "" for an imported boundary layer
    vintage: str
    name_nb: str
    name_en: str
    #: the level whose borders are drawn over this one (and that its units sum into)
    parent: str | None
    credit_nb: str
    credit_en: str
    bundled: bool
    _load: Callable[[], LevelShapes] = field(repr=False)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)
    #: the codes without the geometry (bundled levels), for :attr:`codes` before shapes are read
    _codes: Callable[[], tuple[str, ...]] | None = field(default=None, repr=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.id, self.vintage)

    @property
    def vintaged(self) -> bool:
        """True when the units of this level depend on the map vintage."""
        return self.bundled and self.id in VINTAGED_LEVELS

    def name(self, lang: str = "nb") -> str:
        return self.name_en if lang == "en" else self.name_nb

    def credit(self, lang: str = "nb") -> str:
        return self.credit_en if lang == "en" else self.credit_nb

    def shapes(self) -> LevelShapes:
        """Geometry, codes and names in code order (loaded once)."""
        if "shapes" not in self._cache:
            self._cache["shapes"] = self._load()
        return self._cache["shapes"]

    @property
    def codes(self) -> tuple[str, ...]:
        """The unit codes in code order. Joining figures to the map needs only these, and the
        window's first paint comes from cached drawing arrays: reading the geometry just for
        them was ~17 ms of every start."""
        if "shapes" in self._cache or self._codes is None:
            return self.shapes().codes
        if "codes" not in self._cache:
            self._cache["codes"] = self._codes()
        return self._cache["codes"]

    def observation_vintage(self) -> str:
        """The vintage an observation row must have to be drawn on this level ("" = any)."""
        return self.vintage if self.vintaged else ""
