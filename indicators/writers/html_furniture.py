"""The boxes over the offline HTML map: title, legend, ranked bars, source, scale and fit.

Kept apart from :mod:`indicators.writers.html` (data and geometry) so each stays small. Every
text is HTML-escaped here; the styles are inline CSS (no web font, nothing fetched).
"""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from indicators import format as fmt
from indicators.classify import Classification
from indicators.writers.html_import import import_folium

import_folium()  # first: folium and branca with their compiled templates from the cache

import branca.element  # noqa: E402
import folium  # noqa: E402
from branca.element import Element, MacroElement  # noqa: E402
from jinja2 import Template  # noqa: E402

from indicators.writers.html_geometry import FeatureCollection  # noqa: E402

TEXT = {
    "name": ("Navn", "Name"),
    "code": ("Nummer", "Number"),
    "own": ("Egne tall", "Own figures"),
    "context": ("Til sammenligning", "For comparison"),
    "approx": ("≈ omtrentlig", "≈ approximate"),
    "derived": ("avledet", "derived"),
    "source": ("Kilde", "Source"),
    "map_source": ("Kartgrunnlag: Kartverket", "Base map: Kartverket"),
    "legend": ("Tegnforklaring", "Legend"),
    "norway": ("Norge", "Norway"),
    "no_own": ("Ingen egne tall i Legekarts kilder; tallene under gjelder området rundt.",
               "No figures of its own in Legekart's sources; the figures below belong to the area around it."),
    "approx_note": ("≈ Omtrentlig (tall for tidligere kommuner/fylker regnet om til kartets inndeling av Legekart).",
                    "≈ Approximate (figures for former municipalities/counties converted to the map's units by "
                    "Legekart)."),
    "made": ("Laget med Legekart", "Made with Legekart"),
}


def _t(key: str, lang: str) -> str:
    nb, en = TEXT[key]
    return en if lang == "en" else nb


# -- boxes -------------------------------------------------------------------------


@dataclass
class HtmlText:
    title: str
    subtitle: str
    legend_title: str
    sources: list[str]
    footnote: str = ""
    #: "Kartgrunnlag: …" of the boundaries used ("" = Kartverket's)
    map_credit: str = ""
    #: the planner's own source line (replaces the automatic one) and free note
    source: str | None = None
    note: str = ""


CSS = """
.leaflet-container { background: %(sea)s; font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; }
.lk-box { position: absolute; z-index: 1000; background: rgba(255,255,255,0.93); border: 1px solid #b0b0b0;
  border-radius: 4px; padding: 6px 10px; font: 13px/1.35 "DejaVu Sans", Arial, Helvetica, sans-serif; color: #111; }
.lk-title { top: 10px; left: 54px; max-width: 60%%; }
.lk-title h1 { font-size: 18px; margin: 0 0 2px 0; }
.lk-title div { color: #444; }
html, body { width: 100%%; height: 100%%; margin: 0; padding: 0; overflow: hidden; }
.lk-right { position: absolute; z-index: 1000; top: 10px; right: 10px; bottom: 44px; max-width: 34%%;
  display: flex; flex-direction: column; gap: 8px; align-items: flex-end; pointer-events: none; }
.lk-right > * { pointer-events: auto; }
.lk-right .lk-box { position: static; }
.lk-rank { min-height: 0; overflow-y: auto; width: 300px; max-width: 100%%; box-sizing: border-box; }
.lk-rank summary { font-weight: bold; cursor: pointer; }
.lk-rank .r { display: flex; align-items: center; gap: 6px; white-space: nowrap; font-size: 12px; }
.lk-rank .r .n { flex: 0 0 42%%; overflow: hidden; text-overflow: ellipsis; }
.lk-rank .r .v { flex: 0 0 auto; min-width: 52px; text-align: right; }
.lk-rank .r .b { flex: 1 1 auto; position: relative; height: 11px; }
.lk-rank .r .b i { position: absolute; left: 0; top: 0; bottom: 0; border: 1px solid #6d6d6d; box-sizing: border-box; }
.lk-rank .r .b s { position: absolute; top: -2px; bottom: -2px; border-left: 1px dashed #111; }
.lk-rank .ref { font-size: 11px; color: #333; margin: 2px 0 4px 0; }
.leaflet-control-scale { margin-bottom: 12px !important; margin-right: 12px !important; }
.lk-legend b { display: block; margin-bottom: 4px; }
.lk-legend .row { white-space: nowrap; }
.lk-legend i { display: inline-block; width: 18px; height: 12px; margin-right: 8px; border: 1px solid #6d6d6d;
  vertical-align: -1px; }
.lk-legend i.nd { background-image: repeating-linear-gradient(135deg, #9a9a9a 0 1px, transparent 1px 5px); }
.lk-source { bottom: 10px; left: 10px; max-width: 62%%; font-size: 11px; padding: 4px 8px; color: #333; }
.lk-pop { font: 12px/1.35 "DejaVu Sans", Arial, Helvetica, sans-serif; }
.lk-pop .c, .lk-pop .par, .lk-pop td.p { color: #555; }
.lk-pop .h { font-weight: bold; margin-top: 6px; }
.lk-pop table { border-collapse: collapse; }
.lk-pop td { padding: 1px 6px 1px 0; vertical-align: top; }
.lk-pop td.v { font-weight: bold; white-space: nowrap; }
"""


def _ranking(ranks: list[tuple[str, float, str, str]], norway: tuple[float, str] | None, title: str,
             lang: str) -> str:
    """Ranked bars as in SKDE's Helseatlas: one row per unit, highest first, Norway dashed."""
    if not ranks:
        return ""
    e = html.escape
    vmax = max([v for _, v, _, _ in ranks] + ([norway[0]] if norway else [])) or 1.0
    ref = ""
    mark = ""
    if norway:
        ref = f"<div class='ref'>- - {e(_t('norway', lang))}: {e(norway[1])}</div>"
        mark = f"<s style='left:{max(norway[0], 0) / vmax * 100:.2f}%'></s>"
    rows = "".join(
        f"<div class='r'><span class='n'>{e(name)}</span><span class='v'>{e(text)}</span><span class='b'>"
        f"<i style='width:{max(v, 0) / vmax * 100:.2f}%;background:{e(colour)}'></i>{mark}</span></div>"
        for name, v, text, colour in ranks)
    head = ("Ranking" if lang == "en" else "Rangering") + f": {title}"
    return f"<details class='lk-box lk-rank' open><summary>{e(head)}</summary>{ref}{rows}</details>"


def _furniture(text: HtmlText, cls: Classification, lang: str, ranking: str = "") -> str:
    e = html.escape
    summary = cls.summary(lang)
    summary = f"<div style='color:#555;font-size:11px;margin:-2px 0 4px 0'>{e(summary)}</div>" if summary else ""
    rows = []
    for entry in cls.legend:
        if entry.no_data and entry.count == 0:
            continue
        count = f" ({fmt.number(entry.count, lang, 0)})"
        klass = " class='nd'" if entry.no_data else ""
        rows.append(f"<div class='row'><i{klass} style='background-color:{e(entry.colour)}'></i>"
                    f"{e(entry.label)}{e(count)}</div>")
    src = "; ".join(text.sources)
    source_line = (f"{e(_t('source', lang))}: {e(src)}. " if src else "") + e(text.map_credit
                                                                           or _t("map_source", lang)) + "."
    if text.source is not None:
        source_line = e(text.source)
    if text.note:
        source_line = e(text.note) + "<br>" + source_line
    if text.footnote:
        source_line = e(text.footnote) + "<br>" + source_line
    return (
        f"<div class='lk-box lk-title'><h1>{e(text.title)}</h1><div>{e(text.subtitle)}</div></div>"
        f"<div class='lk-right'><div class='lk-box lk-legend'><b>{e(text.legend_title)}</b>"
        f"{summary}{''.join(rows)}</div>{ranking}</div>"
        f"<div class='lk-box lk-source'>{source_line} · {e(_t('made', lang))}</div>"
    )


class Raw(Element):
    """Markup written into the page as it is.

    ``branca.element.Element(text)`` compiles its text as a Jinja template: for the inlined
    Leaflet (150 kB) that took 0.2–0.4 s per export, and a planner's title with ``{{ … }}`` in
    it was evaluated. The text here is already complete, escaped HTML.
    """

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class _Rendered(Element):
    """What branca's ``MacroElement.render`` wraps a finished script or header in, kept as text.

    branca wraps each element's rendered output in ``Element(output)``, which compiles it as a
    Jinja template to be rendered a second time: for the GeoJSON layer that is the whole 3 MB
    of data lexed by Jinja (0.3–0.7 s), and ``{{ … }}`` inside a unit's name was evaluated.
    The second pass changes nothing else than this: line ends become LF and one trailing
    newline is dropped (Jinja's defaults), which is done here too, so the page is the same.
    """

    def __init__(self, template: str | None = None, template_name: str | None = None):
        if template is None or template_name is not None:
            super().__init__(template, template_name)
            self._text: str | None = None
            return
        super().__init__()
        if "\r" in template:
            template = re.sub(r"\r\n?", "\n", template)
        self._text = template[:-1] if template.endswith("\n") else template

    def render(self, **kwargs) -> str:
        return self._text if self._text is not None else super().render(**kwargs)


_RENDER_LOCK = threading.Lock()


def _dumps(original: Callable[..., str]) -> Callable[..., str]:
    """Jinja's ``tojson`` dumps, with a :class:`FeatureCollection` writing itself (the same text)."""

    def dumps(obj, **kwargs) -> str:
        return obj.dumps(**kwargs) if isinstance(obj, FeatureCollection) else original(obj, **kwargs)

    return dumps


@contextmanager
def rendered_as_text() -> Iterator[None]:
    """While the page renders, branca keeps each element's finished output as text
    (:class:`_Rendered`) instead of compiling it again, and folium's ``tojson`` takes the
    GeoJSON's geometry text from the cache (:class:`FeatureCollection`); one page at a time."""
    policies = folium.GeoJson._template.environment.policies
    with _RENDER_LOCK:
        branca.element.Element = _Rendered  # type: ignore[misc]
        had = policies.get("json.dumps_function")
        if had is None:  # Jinja's default, json.dumps; a dumps of someone else's is left as it is
            policies["json.dumps_function"] = _dumps(json.dumps)
        try:
            yield
        finally:
            policies["json.dumps_function"] = had
            branca.element.Element = Element  # type: ignore[misc]


@cache
def _template(source: str) -> Template:
    """A template made when the first page is built, so its code comes from the compile cache
    (:func:`~indicators.writers.html_import.cached_templates`, which the page is built in)."""
    return Template(source)


class ScaleBar(MacroElement):
    """Leaflet's metric scale bar, bottom right (the source box holds the bottom left)."""

    SOURCE = ("{% macro script(this, kwargs) %}"
              "L.control.scale({position: 'bottomright', imperial: false}).addTo({{ this._parent.get_name() }});"
              "{% endmacro %}")

    def __init__(self) -> None:
        super().__init__()
        self._template = _template(self.SOURCE)


class FitView(MacroElement):
    """Open on the data's whole extent, clear of the title, legend/ranking and source boxes.

    A fixed ``fitBounds`` ignores the boxes drawn over the map, so the south of Norway
    ended under the source line; the padding is measured from the boxes themselves,
    again whenever the window is resized.
    """

    def __init__(self, bounds: list[list[float]]):
        super().__init__()
        self.bounds = json.dumps(bounds)
        self._template = _template(self.SOURCE)

    SOURCE = (
        "{% macro script(this, kwargs) %}"
        "(function(m){ var b = L.latLngBounds({{ this.bounds }}); window.legekartBounds = b;"
        " function box(sel){ var el = document.querySelector(sel); return el ? el.getBoundingClientRect() : null; }"
        " function fit(){ var t = box('.lk-title'), s = box('.lk-source'), r = box('.lk-right .lk-box'),"
        "   k = box('.lk-rank'), w = window.innerWidth;"
        "   var h = window.innerHeight, top = t ? t.bottom + 8 : 10, bottom = s ? h - s.top + 8 : 10;"
        "   var right = Math.max(r ? w - r.left + 8 : 10, k ? w - k.left + 8 : 10);"
        "   if (right > w * 0.45) { right = 10; }"
        "   if (top + bottom > h * 0.45) { top = 10; bottom = 10; }"
        "   m.invalidateSize(false);"
        "   m.fitBounds(b, {paddingTopLeft: [10, top], paddingBottomRight: [right, bottom], animate: false}); }"
        " fit(); window.addEventListener('load', fit); window.addEventListener('resize', fit);"
        " })({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )


