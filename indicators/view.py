"""What the planner is looking at, as plain data.

The window, QSettings, project files and the command line all describe a map the
same way, so a saved view re-opens exactly and ``screenshot``/``export`` can be
told what to draw.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

DEFAULT_LEVEL = "fylke"
DEFAULT_INDICATOR = "lister_uten_fast_lege_andel"


@dataclass
class ViewState:
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

    def to_dict(self) -> dict:
        d = asdict(self)
        d["extent"] = list(self.extent) if self.extent else None
        return d

    @classmethod
    def from_dict(cls, data: dict) -> "ViewState":
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in (data or {}).items() if k in known}
        if kw.get("extent") is not None:
            kw["extent"] = tuple(float(v) for v in kw["extent"])
        if kw.get("manual_breaks") is None:
            kw["manual_breaks"] = []
        return cls(**kw)
