"""The map's style inside the GeoPackage, so QGIS opens the layer looking like Legekart.

QGIS (and GDAL) read a table ``layer_styles`` in a GeoPackage and apply the row
marked ``useAsDefault`` when the layer is added. We write one row per layer with:

- **QML** (QGIS's own format): a *graduated* renderer on ``value`` for numbers — the
  same class limits (mapclassify's upper bounds, lower bound inclusive in the first
  class as in Legekart), colours and legend labels — or a *categorized* renderer on
  ``category`` for categories, in the scheme's order. QGIS's graduated renderer
  draws nothing for NULL, so its class attribute is ``coalesce("value", -9999999)``
  and the range at -9999999 is the "Ingen data" class, grey with a hatch as on screen;
  for categories the empty category is that class.
- **SLD** (OGC Symbology Encoding 1.1) with the same rules, for other programs.

Plain data in, text out: the classes come as :class:`StyleClass` rows, so this
module needs neither Qt nor the indicator code.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from html import escape
from pathlib import Path

NO_DATA_SENTINEL = -9999999
BORDER = "#ffffff"


@dataclass(frozen=True)
class StyleClass:
    label: str
    colour: str
    #: graduated: the range (lower, upper]; categorized: ``key``
    lower: float | None = None
    upper: float | None = None
    key: str = ""
    no_data: bool = False


def _rgba(hex_colour: str, alpha: int = 255) -> str:
    h = hex_colour.lstrip("#")
    return f"{int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha}"


def _fill_layer(colour: str, style: str = "solid", outline: str = BORDER, outline_width: float = 0.2) -> str:
    props = {"color": _rgba(colour), "style": style, "outline_color": _rgba(outline),
             "outline_style": "solid" if outline_width else "no", "outline_width": f"{outline_width:g}",
             "outline_width_unit": "MM", "joinstyle": "round"}
    opts = "".join(f'<Option type="QString" name="{k}" value="{escape(v)}"/>' for k, v in props.items())
    old = "".join(f'<prop k="{k}" v="{escape(v)}"/>' for k, v in props.items())
    return (f'<layer class="SimpleFill" enabled="1" locked="0" pass="0"><Option type="Map">{opts}</Option>'
            f"{old}</layer>")


def _symbol(name: str, c: StyleClass, hatch: str) -> str:
    layers = _fill_layer(c.colour)
    if c.no_data:
        layers += _fill_layer(hatch, "b_diagonal", hatch, 0)
    return f'<symbol type="fill" name="{name}" alpha="1" clip_to_extent="1" force_rhr="0">{layers}</symbol>'


def qml(classes: list[StyleClass], categorized: bool, hatch: str = "#b0b0b0") -> str:
    """A QGIS style document (QML) for the polygon layer."""
    symbols = "".join(_symbol(str(i), c, hatch) for i, c in enumerate(classes))
    if categorized:
        cats = "".join(f'<category value="{"" if c.no_data else escape(c.key)}" symbol="{i}" '
                       f'label="{escape(c.label)}" render="true"/>' for i, c in enumerate(classes))
        renderer = (f'<renderer-v2 type="categorizedSymbol" attr="category" symbollevels="0" enableorderby="0" '
                    f'forceraster="0"><categories>{cats}</categories><symbols>{symbols}</symbols></renderer-v2>')
    else:
        ranges = []
        for i, c in enumerate(classes):
            lo, hi = (NO_DATA_SENTINEL, NO_DATA_SENTINEL) if c.no_data else (c.lower, c.upper)
            ranges.append(f'<range lower="{lo!r}" upper="{hi!r}" symbol="{i}" label="{escape(c.label)}" '
                          f'render="true"/>')
        attr = escape(f'coalesce("value", {NO_DATA_SENTINEL})')
        renderer = (f'<renderer-v2 type="graduatedSymbol" attr="{attr}" graduatedMethod="GraduatedColor" '
                    f'symbollevels="0" enableorderby="0" forceraster="0"><ranges>{"".join(ranges)}</ranges>'
                    f'<symbols>{symbols}</symbols><mode name="manual"/>'
                    '<classificationMethod id="Manual"><symmetricMode enabled="0" symmetrypoint="0" astride="0"/>'
                    '<labelFormat format="%1 - %2" trimtrailingzeroes="1" labelprecision="1"/>'
                    '<parameters><Option/></parameters><extraInformation/></classificationMethod></renderer-v2>')
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
            f'<qgis version="3.22.0" styleCategories="Symbology">{renderer}<blendMode>0</blendMode>'
            "<featureBlendMode>0</featureBlendMode><layerOpacity>1</layerOpacity></qgis>")


def _sld_fill(colour: str, hatch: str | None = None) -> str:
    fill = (f'<se:PolygonSymbolizer><se:Fill><se:SvgParameter name="fill">{colour}</se:SvgParameter></se:Fill>'
            f'<se:Stroke><se:SvgParameter name="stroke">{BORDER}</se:SvgParameter>'
            '<se:SvgParameter name="stroke-width">0.5</se:SvgParameter></se:Stroke></se:PolygonSymbolizer>')
    if hatch:
        fill += ('<se:PolygonSymbolizer><se:Fill><se:GraphicFill><se:Graphic><se:Mark>'
                 '<se:WellKnownName>horline</se:WellKnownName><se:Stroke>'
                 f'<se:SvgParameter name="stroke">{hatch}</se:SvgParameter></se:Stroke></se:Mark>'
                 '<se:Size>6</se:Size><se:Rotation>45</se:Rotation></se:Graphic></se:GraphicFill></se:Fill>'
                 '</se:PolygonSymbolizer>')
    return fill


def _sld_filter(c: StyleClass, categorized: bool, first: bool) -> str:
    if c.no_data:
        prop = "category" if categorized else "value"
        if categorized:
            return (f"<ogc:Filter><ogc:Or><ogc:PropertyIsNull><ogc:PropertyName>{prop}</ogc:PropertyName>"
                    f"</ogc:PropertyIsNull><ogc:PropertyIsEqualTo><ogc:PropertyName>{prop}</ogc:PropertyName>"
                    "<ogc:Literal></ogc:Literal></ogc:PropertyIsEqualTo></ogc:Or></ogc:Filter>")
        return (f"<ogc:Filter><ogc:PropertyIsNull><ogc:PropertyName>{prop}</ogc:PropertyName>"
                "</ogc:PropertyIsNull></ogc:Filter>")
    if categorized:
        return (f"<ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>category</ogc:PropertyName>"
                f"<ogc:Literal>{escape(c.key)}</ogc:Literal></ogc:PropertyIsEqualTo></ogc:Filter>")
    low = "PropertyIsGreaterThanOrEqualTo" if first else "PropertyIsGreaterThan"
    return (f"<ogc:Filter><ogc:And><ogc:{low}><ogc:PropertyName>value</ogc:PropertyName>"
            f"<ogc:Literal>{c.lower!r}</ogc:Literal></ogc:{low}><ogc:PropertyIsLessThanOrEqualTo>"
            f"<ogc:PropertyName>value</ogc:PropertyName><ogc:Literal>{c.upper!r}</ogc:Literal>"
            "</ogc:PropertyIsLessThanOrEqualTo></ogc:And></ogc:Filter>")


def sld(layer: str, classes: list[StyleClass], categorized: bool, hatch: str = "#b0b0b0") -> str:
    """The same classes as an OGC SLD 1.1 / SE document."""
    rules = []
    first = True
    for c in classes:
        rules.append(f"<se:Rule><se:Name>{escape(c.label)}</se:Name><se:Description><se:Title>{escape(c.label)}"
                     f"</se:Title></se:Description>{_sld_filter(c, categorized, first and not c.no_data)}"
                     f"{_sld_fill(c.colour, hatch if c.no_data else None)}</se:Rule>")
        first = first and c.no_data
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            '<StyledLayerDescriptor xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc" '
            'xmlns:se="http://www.opengis.net/se" xmlns:xlink="http://www.w3.org/1999/xlink" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="1.1.0" '
            'xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.1.0/'
            'StyledLayerDescriptor.xsd">'
            f"<NamedLayer><se:Name>{escape(layer)}</se:Name><UserStyle><se:Name>{escape(layer)}</se:Name>"
            f"<se:FeatureTypeStyle>{''.join(rules)}</se:FeatureTypeStyle></UserStyle></NamedLayer>"
            "</StyledLayerDescriptor>")


LAYER_STYLES_SQL = """CREATE TABLE IF NOT EXISTS layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
  f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT,
  useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
  update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"""


def write_layer_style(path: str | Path, layer: str, classes: list[StyleClass], categorized: bool,
                      style_name: str, description: str = "", hatch: str = "#b0b0b0") -> None:
    """Add ``layer_styles`` (QGIS's table) with one default style for ``layer``."""
    con = sqlite3.connect(str(path))
    try:
        geom = con.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (layer,)).fetchone()
        con.execute(LAYER_STYLES_SQL)
        con.execute("INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
                    "styleName, styleQML, styleSLD, useAsDefault, description, owner, ui) "
                    "VALUES ('', '', ?, ?, ?, ?, ?, 1, ?, 'Legekart', '')",
                    (layer, geom[0] if geom else "geom", style_name[:30], qml(classes, categorized, hatch),
                     sld(layer, classes, categorized, hatch), description))
        # a GeoPackage lists its tables in gpkg_contents (QGIS and GDAL do this for layer_styles too)
        known = con.execute("SELECT 1 FROM gpkg_contents WHERE table_name = 'layer_styles'").fetchone()
        if not known:
            con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
                        "VALUES ('layer_styles', 'attributes', 'layer_styles', '', "
                        "strftime('%Y-%m-%dT%H:%M:%fZ','now'))")
        con.commit()
    finally:
        con.close()
