"""The words around an exported map: subtitle, legend title, footnote and source line.

Image pages (Qt) and the offline HTML (folium) print the same texts, so they live
here in plain Python, in bokmål and English.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from indicators.classify import Classification
from indicators.mapdata import MapFrame
from indicators.session import Session

PLURAL = {
    "kommune": ("kommuner", "municipalities"),
    "fylke": ("fylker", "counties"),
    "helseregion": ("helseregioner", "health regions"),
    "helseforetak": ("HF-områder", "health-trust areas"),
}
TEXT = {
    "level": ("Nivå", "Level"),
    "period": ("Periode", "Period"),
    "extent": ("Utsnitt", "Extent"),
    "whole_country": ("Hele landet", "Whole country"),
    "custom_view": ("Eget utsnitt", "Custom view"),
    "units": ("enheter", "units"),
    "count_all": ("Tegnforklaring (antall {units})", "Legend (number of {units})"),
    "count_in": ("Tegnforklaring (antall {units} i {place})", "Legend (number of {units} in {place})"),
    "count_view": ("Tegnforklaring (antall {units} i utsnittet)", "Legend (number of {units} in view)"),
    "source": ("Kilde", "Source"),
    "map_source": ("Kartgrunnlag: Kartverket", "Base map: Kartverket"),
    "map_source_own": ("Kartgrunnlag: {credit}", "Base map: {credit}"),
    "labels_small": ("Navn er utelatt for enheter under {mm} mm² på siden: {names}.",
                     "Names are left out for units smaller than {mm} mm² on the page: {names}."),
    "labels_room": ("Ikke plass til navnet: {names}.", "No room for the name: {names}."),
    "points_key": ("Sirkelens areal er proporsjonalt med verdien.", "Circle area is proportional to the value."),
    "points_unplaced": ("{n} oppføringer uten eget sted (f.eks. kommuneplasser) er ikke tegnet.",
                        "{n} entries without a site of their own (e.g. municipal placements) are not drawn."),
    "made": ("Laget {date} med Legekart", "Made {date} with Legekart"),
    "approx_some": ("≈ Omtrentlig verdi (tall for tidligere kommuner/fylker regnet om til kartets inndeling "
                    "av Legekart): {names}.",
                    "≈ Approximate value (figures for former municipalities/counties converted to the map's "
                    "units by Legekart): {names}."),
    "approx_all": ("≈ Alle verdiene på kartet er omtrentlige (tall for tidligere kommuner/fylker regnet om til "
                   "kartets inndeling av Legekart).",
                   "≈ All values on the map are approximate (figures for former municipalities/counties "
                   "converted to the map's units by Legekart)."),
    "derived_other": ("{n} andre verdier er avledet av Legekart (omkodet eller regnet ut), men ikke omtrentlige.",
                      "{n} other values are derived by Legekart (re-coded or computed) but not approximate."),
    "derived_other_1": ("1 annen verdi er avledet av Legekart (omkodet eller regnet ut), men ikke omtrentlig.",
                        "1 other value is derived by Legekart (re-coded or computed) but not approximate."),
    "derived": ("{n} verdier er avledet av Legekart (omkodet eller regnet ut), men ikke omtrentlige.",
                "{n} values are derived by Legekart (re-coded or computed) but not approximate."),
    "derived_1": ("1 verdi er avledet av Legekart (omkodet eller regnet ut), men ikke omtrentlig.",
                  "1 value is derived by Legekart (re-coded or computed) but not approximate."),
    "and_more": ("og {n} til", "and {n} more"),
    "no_data": ("Legekarts kilder har ingen tall for {units} i {place}{period}. Egne tall kan importeres og "
                "eksporteres på samme måte.",
                "Legekart's sources hold no figures for the {units} in {place}{period}. Your own figures can be "
                "imported and exported the same way."),
}


def text(key: str, lang: str) -> str:
    nb, en = TEXT[key]
    return en if lang == "en" else nb


def level_labels(session: Session, level: str, lang: str) -> tuple[str, str]:
    """(level name, plural of its units) — 'Fylke', 'fylker'."""
    if not session.has_level(level):
        return level, text("units", lang)
    lv = session.level(level)
    if lv.bundled:
        nb, en = PLURAL[lv.id]
        return lv.name(lang), (en if lang == "en" else nb)
    return lv.name(lang), text("units", lang)


def where_text(region_name: str | None, custom_extent: bool, lang: str) -> str:
    if region_name:
        return region_name
    return text("custom_view", lang) if custom_extent else text("whole_country", lang)


def subtitle(session: Session, frame: MapFrame, where: str, lang: str) -> str:
    parts = [f"{text('level', lang)}: {level_labels(session, frame.level, lang)[0]}"]
    if frame.period:
        parts.append(f"{text('period', lang)}: {frame.period}")
    parts.append(f"{text('extent', lang)}: {where}")
    return " · ".join(parts)


def legend_title(session: Session, level: str, region_name: str | None, custom_extent: bool, lang: str) -> str:
    units = level_labels(session, level, lang)[1]
    if region_name:
        return text("count_in", lang).format(units=units, place=region_name)
    if custom_extent:
        return text("count_view", lang).format(units=units)
    return text("count_all", lang).format(units=units)


def citations(session: Session, frame: MapFrame) -> list[str]:
    out = []
    for sid in frame.sources():
        src = session.catalogue.sources.get(sid)
        out.append(src.citation() if src else sid)
    return out


def map_credit(session: Session, level: str, lang: str) -> str:
    """'Kartgrunnlag: …' for the boundaries the map is drawn on.

    The bundled levels are Kartverket's; a planner's own boundary file is credited by
    its ``credit`` (``--boundary-credit``) or else its file name — never Kartverket,
    which may not have made it.
    """
    layer = session.boundary_layers.get(level)
    if layer is None:
        return session.level(level).credit(lang)
    from pathlib import Path

    credit = getattr(layer, "credit", "") or Path(str(layer.path)).name or layer.name
    return text("map_source_own", lang).format(credit=credit)


def source_line(cites: list[str], lang: str, credit: str | None = None) -> str:
    """'Kilde: …. Kartgrunnlag: Kartverket.'"""
    head = f"{text('source', lang)}: " + "; ".join(cites) + ". " if cites else ""
    return head + (credit or text("map_source", lang)) + "."


def listed(names: list[str], lang: str, limit: int = 12) -> str:
    """'A, B, C og 4 til'."""
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[:limit]) + " " + text("and_more", lang).format(n=len(names) - limit)


def label_rule(too_small: list[str], no_room: list[str], min_mm2: float, lang: str) -> str:
    """The sentence that says which names the page left out, and by which rule."""
    parts = []
    if too_small:
        mm = f"{min_mm2:g}".replace(".", ",") if lang != "en" else f"{min_mm2:g}"
        parts.append(text("labels_small", lang).format(mm=mm, names=listed(too_small, lang)))
    if no_room:
        parts.append(text("labels_room", lang).format(names=listed(no_room, lang)))
    return " ".join(parts)


def no_data_notice(units: str, where: str, period: str | None, lang: str) -> str:
    place = where if where not in (TEXT["whole_country"]) else ("Norway" if lang == "en" else "Norge")
    when = (f" for {period}" if lang == "en" else f" for {period}") if period else ""
    return text("no_data", lang).format(units=units, place=place, period=when)


def made_line(date: dt.date, lang: str) -> str:
    return text("made", lang).format(date=date.isoformat() if lang == "en" else date.strftime("%d.%m.%Y"))


def approximate_footnote(frame: MapFrame, names: dict[str, str], codes: set[str] | None, lang: str) -> str:
    """The '≈ …' footnote for the units shown (``codes``; None = all) that have a value."""
    t = frame.table
    has = ~np.isnan(t["value"]) | (t["category"] != "")
    if codes is not None:
        has &= frame.among(codes)
    approx = t.index[has & t["approximate"]].tolist()
    derived = int((has & t["derived"] & ~t["approximate"]).sum())
    parts = []
    if len(approx) and len(approx) == int(has.sum()):
        parts.append(text("approx_all", lang))
    elif len(approx):
        listed = [names.get(c, c) for c in approx]
        if len(listed) > 24:
            listed = listed[:24] + [text("and_more", lang).format(n=len(approx) - 24)]
        parts.append(text("approx_some", lang).format(names=", ".join(listed)))
    if derived:
        key = "derived_other" if len(approx) else "derived"
        parts.append(text(key + ("_1" if derived == 1 else ""), lang).format(n=derived))
    return " ".join(parts)


def restrict_legend(cls: Classification, codes: set[str] | None) -> Classification:
    """The classification with legend counts for ``codes`` only (a county export)."""
    return cls.restricted(codes)
