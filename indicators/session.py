"""A working session: the bundled data plus whatever the planner imported.

The GUI, the command line and exports all read through one :class:`Session`, so
they show the same numbers. Imported indicators are added here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from geo.levels import DEFAULT_MAP, LEVELS, MapLevel, check_vintage
from indicators import catalogue as catalogue_mod
from indicators import observations as observations_mod
from indicators.catalogue import Catalogue, Indicator

if TYPE_CHECKING:  # pragma: no cover
    import geopandas as gpd
    import pandas as pd

    from geo.gazetteer import Gazetteer


@dataclass
class ImportedDataset:
    """Rows and metadata of one imported file, kept whole so a project can embed it."""

    name: str
    path: str
    indicator_ids: list[str]
    table: pd.DataFrame | None = None
    mapping: dict = field(default_factory=dict)
    report: dict = field(default_factory=dict)


@dataclass
class BoundaryLayer:
    """A boundary file the planner imported, used as an extra map level.

    ``frame`` is a GeoDataFrame in EPSG:25833 with ``code`` and ``name`` columns.
    Values are joined to it by code as given in the file, with no crosswalk.
    """

    id: str
    name: str
    path: str
    frame: gpd.GeoDataFrame  # imported for type checking only, so this module stays light
    code_column: str = "code"
    name_column: str = "name"
    report: dict = field(default_factory=dict)
    #: who made the boundaries, for "Kartgrunnlag: …" ("" = the file's name)
    credit: str = ""

    @property
    def codes(self) -> list[str]:
        return [str(c) for c in self.frame["code"]]

    def map_level(self) -> MapLevel:
        """This layer as a map level: drawn from its own geometry, credited to its file."""
        if getattr(self, "_map_level", None) is None:
            from pathlib import Path

            from geo.boundaries import LevelShapes

            frame = self.frame
            file = Path(self.path).name if self.path else self.name
            self._map_level = MapLevel(
                id=self.id, vintage="", name_nb=self.name, name_en=self.name, parent=None,
                credit_nb=f"Kartgrunnlag: egen grensefil «{file}»", credit_en=f"Base map: own boundary file '{file}'",
                bundled=False,
                _load=lambda: LevelShapes.from_geometries(self.id, [str(c) for c in frame["code"]],
                                                         [str(n) for n in frame["name"]], list(frame.geometry.values)),
            )
        return self._map_level


@dataclass
class Session:
    """One planner's data: catalogue, observations, imports, boundary layers and scenarios on one map."""

    catalogue: Catalogue = field(default_factory=catalogue_mod.bundled)
    observations: observations_mod.Observations = field(default=None)  # type: ignore[assignment]
    imports: list[ImportedDataset] = field(default_factory=list)
    boundary_layers: dict[str, BoundaryLayer] = field(default_factory=dict)
    #: projection scenarios the planner set, per topic: parameter → value (changes from base only)
    scenarios: dict[str, dict] = field(default_factory=dict)
    #: named export settings (page, dpi, format, extent…) the planner saved
    export_presets: dict[str, dict] = field(default_factory=dict)
    #: the map the session draws on: "2024" (today's structure) or "2020"
    map_vintage: str = DEFAULT_MAP

    def __post_init__(self) -> None:
        self.map_vintage = check_vintage(self.map_vintage)
        if self.observations is None:
            prio = {i.id: i.sources for i in self.catalogue}
            self.observations = observations_mod.Observations(source_priority=prio)
        from indicators.ssb.store import dated_sources

        dated_sources(self.catalogue)  # an applied SSB update is cited with its own retrieval date

    def reload_ssb(self) -> None:
        """After an SSB update or a return to the bundled figures: the bundled rows anew, imports kept."""
        from indicators.ssb.store import dated_sources

        observations_mod._bundled.cache_clear()
        imported = [i.id for i in self.catalogue if i.is_imported]
        rows = self.observations.columns
        fresh = observations_mod.Observations(source_priority=dict(self.observations.source_priority))
        if imported:
            import numpy as np

            fresh.add(rows.take(np.isin(rows["indicator"], imported)))
        self.observations = fresh
        self.catalogue.sources.update(catalogue_mod.bundled().sources)
        dated_sources(self.catalogue)

    def indicator(self, indicator_id: str) -> Indicator:
        return self.catalogue.get(indicator_id)

    def add_indicator(self, indicator: Indicator, rows: pd.DataFrame | observations_mod.Columns) -> None:
        """Register an imported indicator and its observation rows."""
        self.catalogue.add(indicator)
        self.observations.drop_indicator(indicator.id)
        self.observations.add(rows)
        self.observations.source_priority[indicator.id] = indicator.sources

    def remove_indicator(self, indicator_id: str) -> None:
        self.catalogue.remove(indicator_id)
        self.observations.drop_indicator(indicator_id)

    def add_boundary_layer(self, layer: BoundaryLayer) -> None:
        self.boundary_layers[layer.id] = layer

    # -- the map ---------------------------------------------------------------------
    def level(self, level: str | MapLevel, vintage: str | None = None) -> MapLevel:
        """A bundled level of the session's map (or of ``vintage``), or an imported layer.

        Raises ValueError for a level that is neither.
        """
        if isinstance(level, MapLevel):
            return level
        if level in self.boundary_layers:
            return self.boundary_layers[level].map_level()
        if level in LEVELS:
            from geo.boundaries import map_level

            return map_level(level, vintage or self.map_vintage)
        raise ValueError(f"unknown level {level!r}; choose one of {', '.join([*LEVELS, *self.boundary_layers])}")

    def has_level(self, level: str) -> bool:
        return level in LEVELS or level in self.boundary_layers

    def levels(self) -> list[MapLevel]:
        """Every level that can be drawn now: the map's four, then imported layers."""
        return [self.level(lv) for lv in (*LEVELS, *self.boundary_layers)]

    def gazetteer(self, vintage: str | None = None) -> Gazetteer:
        from geo.gazetteer import gazetteer

        return gazetteer(vintage or self.map_vintage)

    def level_codes(self, level: str | MapLevel) -> list[str]:
        """Unit codes of a bundled level or an imported boundary layer, in code order."""
        return list(self.level(level).codes)

    def obs_vintage(self, level: str | MapLevel) -> str:
        """The observation vintage drawn on ``level`` of the session's map ("" = any)."""
        return self.level(level).observation_vintage()

    # -- data on the session's map --------------------------------------------------------
    def periods(self, indicator_id: str, level: str | None = None) -> list[str]:
        """Periods with values of an indicator (at one level) on the session's map."""
        return self.observations.periods(indicator_id, level, vintage=self.map_vintage)

    def data_levels(self, indicator_id: str) -> list[str]:
        """Levels with values of an indicator on the session's map (map levels first)."""
        return self.observations.levels(indicator_id, vintage=self.map_vintage)

    def select(self, indicator_id: str, level: str | None = None, period: str | None = None,
               code: str | None = None):
        return self.observations.select(indicator_id, level, period, code, vintage=self.map_vintage)

    def mappable(self) -> list[Indicator]:
        """Indicators that have values at a map level."""
        return [
            i for i in self.catalogue
            if i.maps and any(lv in LEVELS for lv in self.observations.levels(i.id, vintage=self.map_vintage))
        ]
