"""The map as a GeoPackage: unit polygons in EPSG:25833 with values, flags and sources.

For planners who continue in QGIS or ArcGIS: the layer carries the CRS (so it lands
in the right place), every column of the joined table (value, counts, class,
approximate/derived flags, source and note), a layer description naming the sources
and Kartverket, and a second table ``kilder`` with the full source list. Given the
map's classification, the layer also carries its style (:mod:`indicators.writers.gpkg_style`), so
QGIS opens it with Legekart's classes and colours.
"""

from __future__ import annotations

import re
from pathlib import Path

from geo.levels import CRS
from indicators.atomic_file import atomic_path
from indicators.mapdata import MapFrame
from indicators.session import Session
from indicators.writers.table import sources_rows, table


def layer_name(indicator_id: str) -> str:
    """A GeoPackage table name (letters, digits, underscore; not starting with a digit)."""
    name = re.sub(r"[^0-9A-Za-z_]+", "_", indicator_id).strip("_") or "legekart"
    return name if not name[0].isdigit() else f"i_{name}"


def geodataframe(session: Session, frame: MapFrame, lang: str = "nb", codes: set[str] | None = None):
    """The joined table with each unit's polygon (EPSG:25833), in code order."""
    import geopandas as gpd

    data = table(session, frame, lang, codes)
    if session.level(frame.level).bundled:
        from geo.boundaries import load

        shapes = load(frame.level, session.map_vintage)[["code", "geometry"]]
    else:
        layer = session.boundary_layers[frame.level]
        shapes = layer.frame[["code", "geometry"]].copy()
        shapes["code"] = shapes["code"].astype(str)
    merged = data.merge(shapes, on="code", how="left")
    return gpd.GeoDataFrame(merged, geometry="geometry", crs=shapes.crs or CRS).to_crs(CRS)


def style_classes(cls) -> tuple[list, bool]:
    """Legekart's legend as :class:`indicators.writers.gpkg_style.StyleClass` rows (and whether categorized).

    Ranges use the classifier's limits (``cls.bins``), not the printed member ranges,
    so every value QGIS sees falls in exactly one class, as in Legekart.
    """
    from indicators.writers.gpkg_style import StyleClass

    categorized = cls.method == "categorical"
    out = []
    k = 0
    for e in cls.legend:
        if e.no_data:
            out.append(StyleClass(e.label, cls.no_data_colour, no_data=True))
        elif categorized:
            out.append(StyleClass(e.label, e.colour, key=e.key))
        else:
            lower = e.lower if k == 0 else cls.bins[k - 1]
            upper = cls.bins[k] if k < len(cls.bins) else e.upper
            out.append(StyleClass(e.label, e.colour, float(lower), float(upper)))
            k += 1
    return out, categorized


def write_gpkg(path: str | Path, session: Session, frame: MapFrame, lang: str = "nb",
               codes: set[str] | None = None, cls=None) -> Path:
    """One polygon layer named after the indicator, plus the table ``kilder``; with ``cls``
    (the map's Classification) the layer's default style in ``layer_styles``."""
    import pandas as pd
    import pyogrio

    gdf = geodataframe(session, frame, lang, codes)
    name = layer_name(frame.indicator.id)
    sources = "; ".join(t for _, t in sources_rows(session, frame, lang) if t)
    description = f"{frame.label(session, lang)}. {sources}. {session.level(frame.level).credit(lang)}."
    info = pd.DataFrame(sources_rows(session, frame, lang), columns=["label", "text"])
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.unlink()  # GDAL creates the file itself
        pyogrio.write_dataframe(gdf, tmp, layer=name, driver="GPKG", promote_to_multi=True,
                                layer_metadata={"IDENTIFIER": frame.label(session, lang), "DESCRIPTION": description})
        pyogrio.write_dataframe(info, tmp, layer="kilder", driver="GPKG")
        if cls is not None:
            from indicators.writers.gpkg_style import write_layer_style

            classes, categorized = style_classes(cls)
            write_layer_style(tmp, name, classes, categorized, f"Legekart {name}"[:30],
                              frame.label(session, lang))
    return path
