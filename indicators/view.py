"""What the planner is looking at, as plain data.

The window, QSettings, project files and the command line all describe a map the
same way, so a saved view re-opens exactly and ``screenshot``/``export`` can be
told what to draw.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

from geo.levels import DEFAULT_MAP, MAP_VINTAGES

#: what a planner sees on opening: today's map, every municipality, the share of
#: patients on lists without a GP (SSB table 12005), latest year
DEFAULT_LEVEL = "kommune"
DEFAULT_INDICATOR = "ssb_andel_pasienter_uten_lege"


class _LazyEvents:
    """``ViewState.events`` until something listens: then ViewState is made evented (psygnal).

    Why not ``@evented`` on the class: importing psygnal takes ~70 ms (most of it
    importlib.metadata), a tenth of a whole ``main.py export``, which never listens.
    psygnal's decorator changes the class in place, so views made before it emit too."""

    def __get__(self, obj: object, owner: type) -> Any:
        if isinstance(owner.__dict__.get("events"), _LazyEvents):
            from indicators.psygnal_import import import_psygnal

            delattr(owner, "events")
            import_psygnal().evented(owner)
        return owner.__dict__["events"].__get__(obj, owner)


@dataclass
class ViewState:
    """What the window shows (level, indicator, period, classification, extent); saved with a project."""

    level: str = DEFAULT_LEVEL
    indicator: str = DEFAULT_INDICATOR
    period: str | None = None
    method: str | None = None  # None = the indicator's default classification
    classes: int | None = None
    manual_breaks: list[float] = field(default_factory=list)
    palette: str | None = None
    colour_blind: bool = False
    labels: bool = False
    outline_parent: bool = True
    selection: str | None = None
    extent: tuple[float, float, float, float] | None = None
    lang: str = "nb"
    #: the municipality structure drawn: "2024" (today's) or "2020"
    map_vintage: str = DEFAULT_MAP
    #: a change map: the earlier period A, the map showing B − A with B = ``period`` (None = the values)
    change_from: str | None = None
    #: psygnal's signal group, one signal per field (``view.events.level.connect(…)``); see _LazyEvents
    events = _LazyEvents()

    def to_dict(self) -> dict:
        d = asdict(self)
        d["extent"] = list(self.extent) if self.extent else None
        return d

    @classmethod
    def from_dict(cls, data: dict) -> ViewState:
        """Build from stored data, refusing wrong types (ValueError) instead of carrying them."""
        if not isinstance(data, dict):
            raise ValueError("view must be an object")
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in data.items() if k in known}
        for name in ("level", "indicator", "lang", "map_vintage"):
            if name in kw and not isinstance(kw[name], str):
                raise ValueError(f"view.{name} must be text")
        if kw.get("map_vintage") is not None and kw["map_vintage"] not in MAP_VINTAGES:
            raise ValueError(f"view.map_vintage must be one of {', '.join(MAP_VINTAGES)}")
        for name in ("period", "method", "palette", "selection", "change_from"):
            if kw.get(name) is not None and not isinstance(kw[name], str):
                raise ValueError(f"view.{name} must be text")
        if kw.get("classes") is not None and (isinstance(kw["classes"], bool) or not isinstance(kw["classes"], int)):
            raise ValueError("view.classes must be a whole number")
        for name in ("colour_blind", "labels", "outline_parent"):
            if name in kw and not isinstance(kw[name], bool):
                raise ValueError(f"view.{name} must be true or false")
        if kw.get("extent") is not None:
            ext = kw["extent"]
            if not isinstance(ext, (list, tuple)) or len(ext) != 4:
                raise ValueError("view.extent must have four numbers")
            kw["extent"] = tuple(float(v) for v in ext)
        breaks = kw.get("manual_breaks")
        kw["manual_breaks"] = [float(b) for b in breaks] if isinstance(breaks, list) else []
        return cls(**kw)

