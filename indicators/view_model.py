"""The one owner of what the planner is looking at, and of the rules between its parts.

Why: the level, map, indicator, period, classification, selection and language depend on
each other (a new indicator resets the classification and needs a period that exists at
the level; a new map may drop the selected code; a level without the indicator's data
needs another). Those rules lived in the control panel and in the window, twice in
places. Here they live once, with no Qt, so they are tested without a display; widgets
call the ``set_*`` methods and listen to :attr:`ViewModel.changed` (napari's pattern:
a widget sets a field and subscribes to the events of the fields it shows).

:class:`~indicators.view.ViewState` is the state itself (evented with psygnal, and what
settings, project files and the command line store); this module only changes it.
"""

from __future__ import annotations

import logging
from dataclasses import fields
from typing import TYPE_CHECKING

from geo.levels import MAP_VINTAGES, check_vintage
from indicators.classify import METHODS
from indicators.mapdata import default_period
from indicators.psygnal_import import import_psygnal
from indicators.session import Session
from indicators.view import DEFAULT_INDICATOR, DEFAULT_LEVEL, ViewState

if TYPE_CHECKING:
    from psygnal import Signal
else:  # without importlib.metadata, ~50 ms of the window's start (see indicators/psygnal_import.py)
    Signal = import_psygnal().Signal

log = logging.getLogger(__name__)

#: fields whose change means the map must be joined and drawn again
MAP_FIELDS = frozenset({"map_vintage", "level", "indicator", "period", "method", "classes", "manual_breaks",
                        "palette", "colour_blind", "labels", "outline_parent", "lang", "change_from"})
#: fields an undo step restores (the selection and the extent are not steps)
UNDO_FIELDS = ("map_vintage", "level", "indicator", "period", "method", "classes", "manual_breaks", "palette",
               "colour_blind", "labels", "outline_parent", "change_from")
#: fields after whose change a change map's first period must be checked again
CHANGE_DEPENDS = frozenset({"map_vintage", "level", "indicator", "period"})
LANGS = ("nb", "en")


class ViewModel:
    """Changes a :class:`ViewState` only through rules, and says once what changed."""

    #: emitted once per change with the names of the fields that changed (a frozenset)
    changed = Signal(object)

    def __init__(self, session: Session, view: ViewState | None = None):
        self.session = session
        self.view = view if view is not None else ViewState()
        self.session.map_vintage = self.view.map_vintage

    # -- the one place that writes --------------------------------------------------------
    def _apply(self, **values) -> frozenset[str]:
        """Set fields, keep the session on the view's map, emit ``changed`` once."""
        done = {k for k, v in values.items() if getattr(self.view, k) != v}
        if not done:
            return frozenset()
        for k in done:
            setattr(self.view, k, values[k])
        if "map_vintage" in done:
            self.session.map_vintage = self.view.map_vintage
        if done & CHANGE_DEPENDS and self.view.change_from and not self.change_fits(self.view.change_from):
            self.view.change_from = None  # the change map no longer fits: the map shows the values
            done.add("change_from")
        names = frozenset(done)
        self.changed.emit(names)
        return names

    # -- the rules --------------------------------------------------------------------------
    def period_for(self, indicator: str, level: str, wanted: str | None) -> str | None:
        """The one period rule: the wanted period where it exists at the level, else the latest."""
        periods = self.session.periods(indicator, level) if self.session.has_level(level) else []
        if wanted in periods:
            return wanted
        return default_period(self.session, indicator, level) if periods else None

    def set_map(self, vintage: str) -> frozenset[str]:
        """Another municipality structure: a code may name another unit there, so the
        selection and the remembered extent go; the period is checked on the new map."""
        vintage = check_vintage(vintage)
        self.session.map_vintage = vintage
        return self._apply(map_vintage=vintage, selection=None, extent=None,
                           period=self.period_for(self.view.indicator, self.view.level, self.view.period))

    def set_level(self, level: str) -> frozenset[str]:
        if not self.session.has_level(level):
            raise ValueError(f"unknown level {level!r}")
        return self._apply(level=level, selection=None,
                           period=self.period_for(self.view.indicator, level, self.view.period))

    def set_indicator(self, indicator: str, period: str | None = None) -> frozenset[str]:
        """A new indicator starts from its own classification and its latest period (or ``period``)."""
        self.session.catalogue.get(indicator)  # KeyError for an unknown id
        return self._apply(indicator=indicator, method=None, classes=None, palette=None, manual_breaks=[],
                           period=self.period_for(indicator, self.view.level, period))

    def show_indicator(self, indicator: str) -> frozenset[str]:
        """After an import: the new indicator, on a level where it has values."""
        levels = [lv for lv in self.session.data_levels(indicator) if self.session.has_level(lv)]
        level = self.view.level if self.view.level in levels or not levels else levels[0]
        self._apply(level=level, selection=self.view.selection if level == self.view.level else None)
        return self.set_indicator(indicator)

    def set_period(self, period: str | None) -> frozenset[str]:
        return self._apply(period=self.period_for(self.view.indicator, self.view.level, period))

    def set_style(self, *, method: str | None = None, classes: int | None = None,
                  manual_breaks: list[float] | None = None, palette: str | None = None,
                  colour_blind: bool | None = None, labels: bool | None = None,
                  outline_parent: bool | None = None) -> frozenset[str]:
        """Classification and drawing choices; manual classes without breaks fall back to the
        indicator's own method (there is nothing to draw them with)."""
        v = self.view
        breaks = list(manual_breaks) if manual_breaks is not None else list(v.manual_breaks)
        if method is not None and method not in METHODS:
            raise ValueError(f"unknown classification {method!r}")
        if method == "manual" and not breaks:
            ind = self.session.catalogue.get(v.indicator)
            method = ind.classification if ind.classification in METHODS else "quantiles"
        return self._apply(
            method=method if method is not None else v.method,
            classes=classes if classes is not None else v.classes,
            manual_breaks=breaks, palette=palette if palette is not None else v.palette,
            colour_blind=v.colour_blind if colour_blind is None else bool(colour_blind),
            labels=v.labels if labels is None else bool(labels),
            outline_parent=v.outline_parent if outline_parent is None else bool(outline_parent))

    def reset_classification(self) -> frozenset[str]:
        """Back to the indicator's own classification (e.g. manual breaks that do not fit the data)."""
        return self._apply(method=None, manual_breaks=[])

    def select(self, code: str | None, level: str | None = None) -> frozenset[str]:
        """Select a unit (on ``level``, switching to it first); None clears the selection."""
        changed = self.set_level(level) if level is not None and level != self.view.level else frozenset()
        if code is not None and not self.unit_exists(self.view.level, code):
            raise KeyError(f"no {self.view.level} {code!r} on the {self.view.map_vintage} map")
        return changed | self._apply(selection=code)

    def change_periods(self) -> list[str]:
        """The periods a change map can start from: before the shown one, for a numeric indicator."""
        from indicators.observations import period_key

        v = self.view
        ind = self.session.catalogue.indicators.get(v.indicator)
        if ind is None or ind.is_category or not self.session.has_level(v.level):
            return []
        periods = self.session.periods(v.indicator, v.level)
        b = self.period_for(v.indicator, v.level, v.period)
        return [p for p in periods if b and period_key(p) < period_key(b)]

    def change_fits(self, period: str) -> bool:
        return period in self.change_periods()

    def set_change(self, period: str | None) -> frozenset[str]:
        """Map the change from ``period`` to the shown one (None: the values). ValueError where it cannot."""
        if period is not None and not self.change_fits(period):
            raise ValueError(f"no change map from {period!r} for {self.view.indicator} at {self.view.level}")
        return self._apply(change_from=period)

    def set_language(self, lang: str) -> frozenset[str]:
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}")
        return self._apply(lang=lang)

    def set_extent(self, extent: tuple[float, float, float, float] | None) -> None:
        """The visible extent is remembered, not drawn from: it changes without an event."""
        self.view.extent = tuple(float(x) for x in extent) if extent else None  # type: ignore[assignment]

    def unit_exists(self, level: str, code: str) -> bool:
        if level in self.session.boundary_layers:
            return code in self.session.boundary_layers[level].codes
        return self.session.gazetteer().find(level, code) is not None

    # -- whole states (settings, projects, undo) ------------------------------------------
    def validate(self) -> list[str]:
        """Fall back to defaults for anything the current data cannot show; says what it fixed."""
        v, notes = self.view, []
        values: dict = {}
        if v.map_vintage not in MAP_VINTAGES:
            values["map_vintage"] = ViewState.map_vintage
        if not self.session.has_level(v.level):
            notes.append(f"level {v.level!r} unknown; showing {DEFAULT_LEVEL}")
            values["level"] = DEFAULT_LEVEL
        if v.indicator not in self.session.catalogue:
            notes.append(f"indicator {v.indicator!r} unknown; showing {DEFAULT_INDICATOR}")
            values.update(indicator=DEFAULT_INDICATOR, period=None)
        if v.lang not in LANGS:
            values["lang"] = "nb"
        if values:
            self._apply(**values)
        level = self.view.level
        if v.selection and not self.unit_exists(level, v.selection):
            self._apply(selection=None)
        period = self.period_for(self.view.indicator, level, self.view.period)
        if period != self.view.period:
            self._apply(period=period)
        if self.view.change_from and not self.change_fits(self.view.change_from):
            self._apply(change_from=None)
        for note in notes:
            log.info("view: %s", note)
        return notes

    def replace(self, view: ViewState) -> frozenset[str]:
        """Take over every field of ``view`` (a project opened, a step undone), then validate."""
        values = {f.name: getattr(view, f.name) for f in fields(ViewState)}
        if "map_vintage" in values:
            self.session.map_vintage = values["map_vintage"]
        changed = self._apply(**values)
        self.validate()
        return changed

    def snapshot(self) -> dict:
        """The undoable part of the view, as plain data."""
        d = self.view.to_dict()
        return {k: d[k] for k in UNDO_FIELDS}

    def restore(self, snap: dict) -> frozenset[str]:
        values = {k: snap[k] for k in UNDO_FIELDS if k in snap}
        if "map_vintage" in values:
            self.session.map_vintage = values["map_vintage"]
        changed = self._apply(**values)
        self.validate()
        return changed
