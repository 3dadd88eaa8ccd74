"""The map as one self-contained, offline HTML file (folium + Leaflet, no network at all).

Planners send this to colleagues without a GIS: it opens in any browser, with
tooltips (name, number, value), a popup with the unit's breakdown, the legend and
the sources. It must work on a laptop without network and must not leak anything
to a CDN, so:

- Leaflet's JS and CSS are inlined from the ``django-js-lib-leaflet`` wheel (its
  images as data: URIs); folium's default CDN links (jQuery, Bootstrap, Font
  Awesome, awesome-markers) are dropped, no tile layer is added, no web font is used;
- every name, label and value is HTML-escaped before it reaches the page;
- geometry is coverage-simplified (neighbours keep shared borders) and written in
  EPSG:4326 with 4 decimals (5–10 m), which keeps a national municipality map small; it is
  cached per bundled GeoPackage (:mod:`indicators.writers.html_geometry`);
- the inlined files and the boxes are written as they are (:class:`Raw`), not parsed as
  Jinja templates: that took 0.2–0.4 s for Leaflet's 150 kB, and a title holding ``{{ }}``
  was evaluated instead of shown.

Colours come in as plain data (the :class:`Classification`), so no Qt is imported.
"""

from __future__ import annotations

import base64
import html
import importlib.util
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from indicators import format as fmt
from indicators.atomic_file import atomic_path
from indicators.classify import Classification
from indicators.mapdata import MapFrame
from indicators.session import Session
from indicators.writers.html_furniture import (
    CSS,
    FitView,
    HtmlText,
    Raw,
    ScaleBar,
    _furniture,
    _ranking,
    _t,
    rendered_as_text,
)
from indicators.writers.html_geometry import FeatureCollection, as_geojson, geometry_texts, level_geometry
from indicators.writers.html_import import cached_templates, import_folium, paused_gc
from indicators.writers.table import unit_names, unit_short_names, value_text

#: simplification tolerance in metres per level: ~1 px at the zoom a county fills the
#: screen; a national municipality map stays about 2 MB (a county export uses 0.4 × this)
TOLERANCE = {"kommune": 400.0, "fylke": 600.0, "helseregion": 800.0, "helseforetak": 500.0}
SEA = "#e6eef4"
BORDER = "#ffffff"
OVERLAY = "#3a3a3a"


class LeafletMissing(RuntimeError):
    """The Leaflet files (package django-js-lib-leaflet) are not installed."""


@lru_cache(maxsize=1)
def leaflet_assets() -> tuple[str, str]:
    """(JavaScript, CSS) of Leaflet from the installed wheel, ready to inline."""
    spec = importlib.util.find_spec("js_lib_leaflet")
    if spec is None or not spec.submodule_search_locations:
        raise LeafletMissing("Leaflet is not installed (pip package django-js-lib-leaflet)")
    folder = Path(next(iter(spec.submodule_search_locations))) / "static" / "js_lib_leaflet"
    js = (folder / "leaflet.js").read_text(encoding="utf-8")
    css = (folder / "leaflet.css").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S+\s*$", "", js)  # no source-map fetch from dev tools
    # the attribution prefix links to leafletjs.com; attribution is off, but keep the file free of
    # any http(s) href so a plain text check of the export finds none
    js = js.replace('href="https://leafletjs.com"', 'href="#"')

    def data_uri(match: re.Match) -> str:
        png = folder / match.group(1)
        if not png.exists():
            return "none"
        return "url(data:image/png;base64," + base64.b64encode(png.read_bytes()).decode("ascii") + ")"

    css = re.sub(r"url\((images/[^)]+\.png)\)", data_uri, css)
    return js.replace("</script", "<\\/script"), css


# -- popups ---------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _escaped(text: str) -> str:
    """``html.escape`` of the texts every popup repeats (indicator names, periods, flags)."""
    return html.escape(text)


def _row(label: str, value: str, period: str, flags: str) -> str:
    return (f"<tr><td>{_escaped(label)}</td><td class='v'>{html.escape(value)}</td>"
            f"<td class='p'>{_escaped(period)}{(' · ' + _escaped(flags)) if flags else ''}</td></tr>")


def _flags(v, lang: str) -> str:
    return _t("approx", lang) if v.approximate else (_t("derived", lang) if v.derived else "")


def popups(session: Session, frame: MapFrame, codes: list[str], lang: str) -> dict[str, str]:
    """Breakdown HTML per unit: its own figures for every indicator, then the current
    indicator for its county, region and Norway (computed once per parent).

    Each indicator's values come for every unit at once (:func:`latest_values_of`), the same
    values ``unit_values`` gives one unit at a time: per unit, that was ~7 000 lookups."""
    from geo.levels import LAND, LAND_CODE
    from indicators.breakdown import CONTEXT_LEVELS, latest_values, latest_values_of

    e = html.escape
    level = frame.level
    ind = frame.indicator
    names = unit_names(session, level)
    cols = session.observations.columns
    present = set(cols["indicator"][cols["level"] == level].tolist())  # any vintage
    shown = [other for other in session.catalogue if other.id in present]
    values_of = latest_values_of(session, level, shown)
    own = [(other, values_of[other.id]) for other in shown]
    bundled = session.level(level).bundled
    gaz = session.gazetteer() if bundled else None
    ctx_values: dict[str, dict] = {}
    ctx_cache: dict[tuple[str, str], str] = {}

    def context_row(lv: str, code: str, label: str) -> str:
        key = (lv, code)
        if key not in ctx_cache:
            if lv not in ctx_values:
                ctx_values[lv] = latest_values(session, lv, ind)
            v = ctx_values[lv].get(code)
            ctx_cache[key] = _row(label, v.text(ind, session, lang), v.period, _flags(v, lang)) if v else ""
        return ctx_cache[key]

    out = {}
    for code in codes:
        parts = [f"<div class='lk-pop'><b>{e(names.get(code, code))}</b> <span class='c'>({e(code)})</span>"]
        parents: dict = {}
        if gaz is not None:
            unit = gaz.find(level, code)
            parents = gaz.parents(unit) if unit else {}
            if parents:
                parts.append("<div class='par'>" + " · ".join(e(p.name) for p in parents.values()) + "</div>")
        rows = []
        for other, values in own:
            v = values.get(code)
            if v is not None:
                rows.append(_row(other.name(lang), v.text(other, session, lang), v.period, _flags(v, lang)))
        parts.append(f"<div class='h'>{e(_t('own', lang))}</div>")
        parts.append("<table>" + "".join(rows) + "</table>" if rows else f"<p>{e(_t('no_own', lang))}</p>")
        ctx = []
        for lv in CONTEXT_LEVELS.get(level, (LAND,)) if bundled else (LAND,):
            if lv == LAND:
                ctx.append(context_row(LAND, LAND_CODE, _t("norway", lang)))
            elif lv in parents:
                ctx.append(context_row(lv, parents[lv].code, parents[lv].name))
        ctx = [c for c in ctx if c]
        if ctx:
            parts.append(f"<div class='h'>{e(_t('context', lang))}: {e(ind.name(lang))}</div>")
            parts.append("<table>" + "".join(ctx) + "</table>")
        parts.append("</div>")
        out[code] = "".join(parts)
    return out


def _features(codes: list[str] | tuple[str, ...], geojson: tuple[dict | None, ...], props: dict[str, dict],
              texts: dict[int, tuple[dict, str]] | None = None) -> FeatureCollection:
    feats = [{"type": "Feature", "id": code, "properties": props[code], "geometry": geom}
             for code, geom in zip(codes, geojson) if geom is not None]
    return FeatureCollection(feats, texts)


def html_text(session: Session, frame: MapFrame, lang: str = "nb", region_name: str | None = None,
              codes: set[str] | None = None, title: str | None = None, subtitle: str | None = None,
              source: str | None = None, note: str | None = None) -> HtmlText:
    """Title, subtitle, legend title, sources and '≈' footnote, worded as on image pages."""
    from indicators.writers import page_text as words

    names = unit_short_names(session, frame.level)
    where = words.where_text(region_name, False, lang)
    return HtmlText(
        title=title or frame.label(session, lang),
        subtitle=subtitle if subtitle is not None else words.subtitle(session, frame, where, lang),
        legend_title=words.legend_title(session, frame.level, region_name, False, lang),
        sources=words.citations(session, frame),
        footnote=words.approximate_footnote(frame, names, codes, lang),
        map_credit=words.map_credit(session, frame.level, lang),
        source=source,
        note=note or "",
    )


def _rank_rows(session: Session, frame: MapFrame, codes: list[str], colours: dict[str, str],
               names: dict[str, str], texts: dict[str, str], lang: str
               ) -> tuple[list[tuple[str, float, str, str]], tuple[float, str] | None, str]:
    """(rows, Norway's value, title) for the ranked bars; no rows for category maps.
    ``texts``: each unit's formatted value (computed once for the tooltips and the bars)."""
    if frame.mode == "categorical":
        return [], None, ""
    keep = set(codes)
    rows = sorted(((names.get(c, c), v, texts[c], colours.get(c, "#cccccc"))
                   for c, v in zip(frame.codes, frame.table["value"].tolist()) if c in keep and v == v),
                  key=lambda r: (-r[1], r[0]))
    norway = None
    if frame.mode == "continuous" and frame.period:
        land = session.observations.select_columns(frame.indicator.id, "land", frame.period,
                                                   vintage=session.map_vintage)
        at = np.flatnonzero(land["code"] == "NO")
        if len(at) and land["value"][at[0]] == land["value"][at[0]]:
            value = float(land["value"][at[0]])
            norway = (value, fmt.with_unit(value, frame.indicator.unit, lang))
    return rows, norway, frame.indicator.name(lang)


def write_html(path: str | Path, session: Session, frame: MapFrame, cls: Classification, text: HtmlText,
               lang: str = "nb", region_codes: set[str] | None = None) -> Path:
    """Write the offline HTML map. ``region_codes`` limits the units drawn (a county export)."""
    folium = import_folium()
    with cached_templates(), paused_gc():  # folium and branca make templates as the page is built
        return _write_html(folium, path, session, frame, cls, text, lang, region_codes)


def _write_html(folium: Any, path: str | Path, session: Session, frame: MapFrame, cls: Classification,
                text: HtmlText, lang: str, region_codes: set[str] | None) -> Path:

    js, css = leaflet_assets()
    e = html.escape
    tol = TOLERANCE.get(frame.level, 150.0) * (0.4 if region_codes is not None else 1.0)
    # simplify the whole coverage (shared borders stay shared), then keep the region
    fills = level_geometry(session.level(frame.level), tol)
    keep = [i for i, c in enumerate(fills.codes) if region_codes is None or c in region_codes]
    codes = [fills.codes[i] for i in keep]
    names = unit_names(session, frame.level)
    colours = cls.colour_map()
    pops = popups(session, frame, codes, lang)
    index = set(frame.codes)
    texts = {c: value_text(session, frame, c, lang) for c in codes if c in index}
    props = {
        c: {
            "code": e(c),
            "name": e(names.get(c, c)),
            "value": e(texts.get(c, "–")),
            "fill": colours.get(c, cls.no_data_colour),
            "popup": pops.get(c, ""),
        }
        for c in codes
    }
    data = _features(codes, tuple(fills.geojson[i] for i in keep), props, geometry_texts(fills, keep))
    m = folium.Map(location=None, tiles=None, zoom_control=True, control_scale=False, attribution_control=False,
                   zoom_snap=0.25, prefer_canvas=False)
    m.default_js = []  # instance attributes: never mutate folium's shared class lists
    m.default_css = []
    root: Any = m.get_root()  # a branca Figure (title, header, html)
    root.title = e(text.title)
    root.header.add_child(Raw(f"<style>{css}</style>"), name="leaflet_css")
    root.header.add_child(Raw(f"<script>{js}</script>"), name="leaflet")
    root.header.add_child(Raw("<style>" + CSS % {"sea": SEA} + "</style>"), name="legekart_css")
    tooltip = folium.GeoJsonTooltip(fields=["name", "code", "value"],
                                    aliases=[e(_t("name", lang)), e(_t("code", lang)), e(frame.indicator.name(lang))],
                                    sticky=True)
    popup = folium.GeoJsonPopup(fields=["popup"], labels=False, max_width=460)
    folium.GeoJson(
        data, name=e(frame.indicator.name(lang)),
        style_function=lambda f: {"fillColor": f["properties"]["fill"], "fillOpacity": 0.92, "color": BORDER,
                                  "weight": 0.7},
        highlight_function=lambda f: {"weight": 2.5, "color": "#111111"},
        tooltip=tooltip, popup=popup, smooth_factor=0.5,
    ).add_to(m)
    bounds = fills.total_bounds(keep)
    over = session.level(frame.level).parent
    if over:  # borders of the level above, as on screen (county borders over municipalities)
        lines = level_geometry(session.level(over), TOLERANCE[over] * 0.5, borders=True)
        geojson, line_texts = lines.geojson, geometry_texts(lines)
        if region_codes is not None and lines.wkb is not None:
            geojson, line_texts = as_geojson(shapely.clip_by_rect(shapely.from_wkb(lines.wkb), *bounds)), {}
        odata = _features(lines.codes, geojson, {c: {} for c in lines.codes}, line_texts)
        folium.GeoJson(odata, style_function=lambda f: {"color": OVERLAY, "weight": 1.3, "fill": False},
                       interactive=False, control=False).add_to(m)
    FitView([[float(bounds[1]), float(bounds[0])], [float(bounds[3]), float(bounds[2])]]).add_to(m)
    ScaleBar().add_to(m)
    root.html.add_child(Raw(_furniture(text, cls, lang, _ranking(*_rank_rows(session, frame, codes, colours,
                                                                              names, texts, lang), lang))))
    path = Path(path)
    with atomic_path(path) as tmp:
        with rendered_as_text():
            page = root.render()
        _dismantle(root)
        tmp.write_text(page, encoding="utf-8")
    return path


def _dismantle(root: Any) -> None:
    """Empty every element of the rendered page, so it is freed as soon as it is dropped.

    The elements point at their parents (GeoJson at its map as well), so only the garbage
    collector could free the page, ~10^6 objects with its data; while the page was built the
    collector was paused (:func:`paused_gc`), and switching it on again began with a full
    collection (40–50 ms) that found them. The page's text is complete at this point."""
    stack = [root]
    while stack:
        element = stack.pop()
        stack.extend(getattr(element, "_children", {}).values())
        element.__dict__.clear()
