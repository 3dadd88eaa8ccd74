"""Everything one map needs, assembled the same way for screen, export and CLI.

``MapDocument`` = the session's data for a :class:`ViewState` (the joined table,
its classification, the geometry and what to draw on top). The canvas, the image
export and ``main.py export/screenshot`` all build it here, so what you see is what
you export.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.levels import MapLevel
from gui.render.map_painter import MapContent, PointSymbol, proportional_diameter
from gui.render.scene import LevelGeometry, geometry_of
from indicators.classify import Classification
from indicators.mapdata import MapFrame
from indicators.session import Session
from indicators.view import ViewState
from indicators.view_data import frame_and_classes


def geometry_for(session: Session, level: str | MapLevel) -> LevelGeometry:
    return geometry_of(session.level(level))


@dataclass
class MapDocument:
    """One map as drawn: the view, its frame and classes, and the content painted from them."""

    view: ViewState
    frame: MapFrame
    classification: Classification
    content: MapContent

    @property
    def geometry(self) -> LevelGeometry:
        return self.content.geometry

    def title(self, session: Session, lang: str | None = None) -> str:
        return self.frame.label(session, lang or self.view.lang)

    def sources(self, session: Session) -> list[str]:
        out = []
        for sid in self.frame.sources():
            src = session.catalogue.sources.get(sid)
            out.append(src.citation() if src else sid)
        return out

    def approximate_codes(self) -> list[str]:
        t = self.frame.table
        return t.index[t["approximate"]].tolist()

    def value_text(self, session: Session, code: str, lang: str | None = None) -> str:
        return self.frame.value_text(session, code, lang or self.view.lang)


def build(session: Session, view: ViewState) -> MapDocument:
    """Join, classify and prepare drawing content for ``view``."""
    frame, cls = frame_and_classes(session, view)  # the same join and classes as the headless writers
    level = session.level(view.level)
    geo = geometry_of(level)
    overlay_level = level.parent if view.outline_parent else None
    if level.id == "kommune":
        overlay_level = "fylke"  # county borders are always drawn over municipalities
    overlay = geometry_of(session.level(overlay_level)) if overlay_level else None
    labels = None
    if view.labels:
        if level.bundled:
            labels = {u.code: u.short_name for u in session.gazetteer().level_units(level.id)}
        else:
            labels = dict(zip(geo.codes, geo.names))
    content = MapContent(geometry=geo, classification=cls, overlay=overlay, highlight=view.selection,
                         labels=labels, points=site_points(session, view))
    return MapDocument(view, frame, cls, content)


def site_points(session: Session, view: ViewState) -> list[PointSymbol]:
    """LIS1 hospital sites as points, for the LIS1 advertisement indicators."""
    if not view.indicator.startswith("lis1_") or view.indicator == "lis1_stillinger":
        return []
    import pandas as pd

    from indicators.catalogue import DATA_DIR

    sites = pd.read_csv(DATA_DIR / "reference" / "lis1_sites.csv", dtype=str, keep_default_na=False)
    rows = session.select(view.indicator, "sykehus")
    gaz = session.gazetteer("2020")  # sites are placed at their 2020 host municipality
    vmax = float(rows["value"].max()) if len(rows) and rows["value"].notna().any() else 0.0
    out = []
    for _, r in rows.iterrows():
        site = sites[sites["site_id"] == r["code"]]
        if site.empty or not site.iloc[0]["host_kommune_2020"] or pd.isna(r["value"]):
            continue
        x, y = gaz.get("kommune", site.iloc[0]["host_kommune_2020"]).label_xy
        v = float(r["value"])  # circle area proportional to the value, as the page's size key says
        out.append(PointSymbol(x, y, "#08519c", proportional_diameter(v, vmax), r["unit_name"], v))
    return out
