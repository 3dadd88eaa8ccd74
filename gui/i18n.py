"""UI strings in Norwegian bokmål (default) and English.

A plain dictionary rather than Qt Linguist files: the project has two languages,
the strings live next to each other, and switching language at run time is a
re-translate of the open widgets.
"""

from __future__ import annotations

_LANG = "nb"

STRINGS: dict[str, tuple[str, str]] = {
    "app.title": ("Legekart – fastlege- og psykiatrimangel", "Legekart – GP and psychiatry shortage"),
    "menu.file": ("&Fil", "&File"),
    "menu.view": ("&Vis", "&View"),
    "menu.language": ("&Språk", "&Language"),
    "menu.help": ("&Hjelp", "&Help"),
    "action.import": ("&Importer data…", "&Import data…"),
    "action.import_boundaries": ("Importer &grenser…", "Import &boundaries…"),
    "action.export": ("&Eksporter kart…", "&Export map…"),
    "action.open": ("Å&pne prosjekt…", "&Open project…"),
    "action.save": ("&Lagre prosjekt", "&Save project"),
    "action.save_as": ("Lagre prosjekt &som…", "Save project &as…"),
    "action.recent": ("Nylig brukte", "Recent files"),
    "action.quit": ("&Avslutt", "&Quit"),
    "action.reset_view": ("&Hele landet", "&Whole country"),
    "action.zoom_county": ("Zoom til &mitt fylke", "Zoom to &my county"),
    "action.zoom_region": ("Zoom til min &helseregion", "Zoom to my health &region"),
    "action.labels": ("Vis &navn", "Show &names"),
    "action.outline": ("Vis &omriss av nivået over", "Show &outline of the level above"),
    "action.colour_blind": ("&Fargeblindvennlige farger", "&Colour-blind-safe colours"),
    "action.about": ("&Om Legekart", "&About Legekart"),
    "action.sources": ("&Kilder og metode", "&Sources and method"),
    "action.projection": ("&Framskrivning…", "&Projection…"),
    "lang.nb": ("Norsk bokmål", "Norwegian bokmål"),
    "lang.en": ("English", "English"),
    "label.level": ("Nivå", "Level"),
    "label.indicator": ("Indikator", "Indicator"),
    "label.period": ("Periode", "Period"),
    "label.classification": ("Inndeling", "Classification"),
    "label.classes": ("Klasser", "Classes"),
    "label.palette": ("Farger", "Colours"),
    "label.breaks": ("Grenser", "Breaks"),
    "label.search": ("Søk etter kommune, fylke, nummer…", "Search municipality, county, number…"),
    "label.legend": ("Tegnforklaring", "Legend"),
    "label.no_data": ("Ingen data", "No data"),
    "label.units": ("enheter", "units"),
    "label.ranking": ("Rangering (enheter i kartutsnittet)", "Ranking (units in view)"),
    "label.breakdown": ("Detaljer", "Details"),
    "label.approx": ("≈ omtrentlig/avledet", "≈ approximate/derived"),
    "label.map_source": ("Kartgrunnlag: Kartverket", "Base map: Kartverket"),
    "label.source": ("Kilde", "Source"),
    "label.no_data_map": (
        "Ingen data for dette nivået og denne perioden. Velg et annet nivå eller importer egne tall.",
        "No data for this level and period. Choose another level or import your own figures.",
    ),
    "label.kommune_no_data_hint": (
        "Kildene har ingen tall per kommune. Importer egne tall (Fil → Importer data…), "
        "eller velg fylke eller helseregion.",
        "The sources hold no figures per municipality. Import your own (File → Import data…), "
        "or choose county or health region.",
    ),
    "label.click_hint": ("Klikk på en enhet for å se detaljer.", "Click a unit to see details."),
    "label.own_values": ("Egne tall", "Own figures"),
    "label.context": ("Til sammenligning", "For comparison"),
    "label.not_own": ("Ikke kommunens egne tall", "Not the municipality's own figures"),
    "label.period_short": ("periode", "period"),
    "label.approx_footnote": (
        "≈ Omtrentlig eller avledet av Legekart (f.eks. fylkestall omregnet til 2020-fylker). Se kildelinjen.",
        "≈ Approximate or derived by Legekart (e.g. county figures converted to 2020 counties). See the source line.",
    ),
    "status.ready": ("Klar", "Ready"),
    "col.indicator": ("Indikator", "Indicator"),
    "col.own": ("Egen verdi", "Own value"),
    "col.county": ("Fylke", "County"),
    "col.region": ("Helseregion", "Health region"),
    "col.hf": ("HF-område", "HF area"),
    "col.norway": ("Norge", "Norway"),
    "button.projection": ("Framskrivning", "Projection"),
    "error.title": ("Noe gikk galt", "Something went wrong"),
    "error.details": ("Vis detaljer", "Show details"),
    "error.unexpected": (
        "Det oppstod en uventet feil. Arbeidet ditt er ikke tapt, og Legekart fortsetter. "
        "Detaljer er lagret i loggfilen.",
        "An unexpected error occurred. Your work is not lost and Legekart keeps running. "
        "Details are saved in the log file.",
    ),
}


def set_language(lang: str) -> None:
    global _LANG
    if lang not in ("nb", "en"):
        raise ValueError(lang)
    _LANG = lang


def language() -> str:
    return _LANG


def tr(key: str, lang: str | None = None) -> str:
    nb, en = STRINGS.get(key, (key, key))
    return en if (lang or _LANG) == "en" else nb


def level_name(level: str, lang: str | None = None) -> str:
    from geo.levels import LEVELS

    lv = LEVELS.get(level)
    if lv is None:
        return {"land": ("Norge", "Norway")}.get(level, (level, level))[(lang or _LANG) == "en"]
    return lv.name_en if (lang or _LANG) == "en" else lv.name_nb
