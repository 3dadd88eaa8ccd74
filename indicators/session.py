"""A working session: the bundled data plus whatever the planner imported.

The GUI, the command line and exports all read through one :class:`Session`, so
they show the same numbers. Imported indicators are added here and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from indicators import catalogue as catalogue_mod
from indicators import observations as observations_mod
from indicators.catalogue import Catalogue, Indicator


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
    frame: object  # geopandas.GeoDataFrame (kept untyped so this module stays light)
    code_column: str = "code"
    name_column: str = "name"
    report: dict = field(default_factory=dict)
    #: who made the boundaries, for "Kartgrunnlag: …" ("" = the file's name)
    credit: str = ""

    @property
    def codes(self) -> list[str]:
        return [str(c) for c in self.frame["code"]]


@dataclass
class Session:
    catalogue: Catalogue = field(default_factory=catalogue_mod.bundled)
    observations: observations_mod.Observations = field(default=None)  # type: ignore[assignment]
    imports: list[ImportedDataset] = field(default_factory=list)
    boundary_layers: dict[str, BoundaryLayer] = field(default_factory=dict)
    #: projection scenarios the planner set, per topic: parameter → value (changes from base only)
    scenarios: dict[str, dict] = field(default_factory=dict)
    #: named export settings (page, dpi, format, extent…) the planner saved
    export_presets: dict[str, dict] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.observations is None:
            prio = {i.id: i.sources for i in self.catalogue}
            self.observations = observations_mod.Observations(source_priority=prio)

    def indicator(self, indicator_id: str) -> Indicator:
        return self.catalogue.get(indicator_id)

    def add_indicator(self, indicator: Indicator, rows: pd.DataFrame) -> None:
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

    def level_codes(self, level: str) -> list[str]:
        """Unit codes of a bundled level or an imported boundary layer, in code order."""
        if level in self.boundary_layers:
            return sorted(self.boundary_layers[level].codes)
        from geo.gazetteer import gazetteer

        return [u.code for u in gazetteer().level_units(level)]

    def mappable(self) -> list[Indicator]:
        """Indicators that have values at a map level."""
        from geo.levels import LEVELS

        return [
            i for i in self.catalogue
            if i.maps and any(lv in LEVELS for lv in self.observations.levels(i.id))
        ]
