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
    "menu.edit": ("&Rediger", "&Edit"),
    "action.undo": ("&Angre", "&Undo"),
    "action.redo": ("&Gjør om", "&Redo"),
    "action.remove_import": ("&Fjern importert indikator", "&Remove imported indicator"),
    "menu.language": ("&Språk", "&Language"),
    "menu.help": ("&Hjelp", "&Help"),
    "action.import": ("&Importer data…", "&Import data…"),
    "action.import_boundaries": ("Importer &grenser…", "Import &boundaries…"),
    "action.ssb_update": ("Oppdater tall fra &SSB…", "Update figures from &SSB…"),
    "action.export": ("&Eksporter kart…", "&Export map…"),
    "action.export_profile": ("Eksporter &kommuneprofil…", "Export municipality &profile…"),
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
    "label.ranking_classes": ("Antall enheter per klasse i utsnittet", "Units per class in view"),
    "label.status_units": ("{level}: {n} av {total} enheter har data", "{level}: {n} of {total} units have data"),
    "info.not_imported": ("Den valgte indikatoren er ikke importert.", "The selected indicator is not imported."),
    "error.cannot_open_kind": (
        "Legekart kan ikke åpne «{name}». Bruk CSV, Excel (XLSX), ODS, GeoJSON, GeoPackage eller zippet Shapefile.",
        "Legekart cannot open '{name}'. Use CSV, Excel (XLSX), ODS, GeoJSON, GeoPackage or a zipped Shapefile."),
    "help.own_calculations": (
        "Regionale tall som er summert fra gamle fylker eller fra kommunene, og fordelingen av nasjonale "
        "framskrivninger, er Legekarts egne beregninger og er merket † (eksakt) eller ≈ (omtrentlig).",
        "Regional figures summed from old counties or from the municipalities, and the regional split of national "
        "projections, are Legekart's own calculations and are marked † (exact) or ≈ (approximate)."),
    "label.approx_strip": (
        "≈ {n} av {total} verdier er omtrentlige (regnet om til {map}-inndelingen av Legekart; se detaljer)",
        "≈ {n} of {total} values are approximate (converted to the {map} units by Legekart; see details)"),
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
        "≈ omtrentlig: regnet om av Legekart der grensene ikke passer eksakt "
        "(f.eks. kommuner som byttet fylke i 2020). "
        "† avledet av Legekart, men eksakt (summert eller omkodet fra trykte tall). "
        "Hold musen over en verdi for kilde og linje.",
        "≈ approximate: converted by Legekart where borders do not match exactly "
        "(e.g. municipalities that changed county in 2020). "
        "† derived by Legekart but exact (summed or re-coded from printed figures). "
        "Hover a value for its source and line.",
    ),
    "label.marks_short": ("≈ omtrentlig · † avledet — pek her for forklaring",
                          "≈ approximate · † derived — point here for the explanation"),
    "label.assumption_short": ("* Legekarts antakelse (pek her)", "* Legekart's assumption (point here)"),
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
    # -- map export (issue 6) ----------------------------------------------------------
    "export.title": ("Eksporter kart", "Export map"),
    "export.format": ("Format", "Format"),
    "export.format.png": ("PNG-bilde", "PNG image"),
    "export.format.svg": ("SVG (vektor)", "SVG (vector)"),
    "export.format.pdf": ("PDF", "PDF"),
    "export.format.html": ("Interaktivt kart (HTML, uten nett)", "Interactive map (HTML, offline)"),
    "export.format.gpkg": ("GeoPackage (QGIS/ArcGIS)", "GeoPackage (QGIS/ArcGIS)"),
    "export.format.csv": ("Tabell (CSV for Excel)", "Table (CSV for Excel)"),
    "export.format.xlsx": ("Excel-arbeidsbok (XLSX)", "Excel workbook (XLSX)"),
    "export.page": ("Side", "Page"),
    "export.page.a4": ("A4 stående", "A4 portrait"),
    "export.page.a4-landscape": ("A4 liggende", "A4 landscape"),
    "export.page.a3": ("A3 stående", "A3 portrait"),
    "export.page.a3-landscape": ("A3 liggende", "A3 landscape"),
    "export.page.pixels": ("Egen størrelse i piksler", "Own size in pixels"),
    "export.size": ("Størrelse", "Size"),
    "export.dpi": ("Oppløsning", "Resolution"),
    "export.extent": ("Utsnitt", "Extent"),
    "export.extent.country": ("Hele landet", "Whole country"),
    "export.extent.view": ("Det du ser nå", "Current view"),
    "export.extent.region": ("Fylke eller region", "County or region"),
    "export.region": ("Fylke/region", "County/region"),
    "export.title_field": ("Tittel", "Title"),
    "export.subtitle_field": ("Undertittel", "Subtitle"),
    "export.source_field": ("Kildelinje", "Source line"),
    "export.note_field": ("Merknad", "Note"),
    "export.layout": ("Oppsett", "Layout"),
    "export.layout.map": ("Kart", "Map"),
    "export.layout.map+ranking": ("Kart + rangering", "Map + ranking"),
    "export.auto": ("Automatisk: {text}", "Automatic: {text}"),
    "export.file": ("Fil", "File"),
    "export.browse": ("Bla gjennom…", "Browse…"),
    "export.export": ("Eksporter", "Export"),
    "export.cancel": ("Avbryt", "Cancel"),
    "export.info_image": ("{w} × {h} piksler ({wmm} × {hmm} mm)", "{w} × {h} pixels ({wmm} × {hmm} mm)"),
    "export.info.html": ("Én fil som åpnes i nettleseren uten nett: kart, verktøytips, detaljer og kilder.",
                         "One file that opens offline in a browser: map, tooltips, details and sources."),
    "export.info.gpkg": ("Grenser (EPSG:25833) med verdier, merking og kilder – for QGIS eller ArcGIS.",
                         "Boundaries (EPSG:25833) with values, flags and sources – for QGIS or ArcGIS."),
    "export.info.csv": ("Tabellen bak kartet, med semikolon og desimalkomma (åpnes rett i norsk Excel).",
                        "The table behind the map, semicolon-separated (opens directly in Excel)."),
    "export.info.xlsx": ("Tabellen bak kartet og et ark med kilder og merknader.",
                         "The table behind the map and a sheet with sources and notes."),
    "export.no_preview": ("Ingen forhåndsvisning for dette formatet.", "No preview for this format."),
    "export.overwrite": ("«{name}» finnes allerede. Vil du erstatte den?", "“{name}” already exists. Replace it?"),
    "export.no_file": ("Velg en fil å lagre til.", "Choose a file to save to."),
    "export.no_folder": ("Mappen finnes ikke: {folder}", "The folder does not exist: {folder}"),
    "export.progress": ("Eksporterer {name} …", "Exporting {name} …"),
    "export.failed": ("Eksporten mislyktes: {error}", "The export failed: {error}"),
    # -- projection panel (issue 5) -------------------------------------------------------
    "proj.title": ("Framskrivning", "Projection"),
    "proj.topic": ("Tema", "Topic"),
    "proj.region": ("Område", "Area"),
    "proj.to_region": ("Vis helseregionen", "Show the health region"),
    "proj.own_model": ("Legekarts egen modell", "Legekart's own model"),
    "proj.base": ("Grunnscenario", "Base scenario"),
    "proj.custom": ("Eget scenario", "Custom scenario"),
    "proj.reset": ("Tilbakestill eget scenario", "Reset custom scenario"),
    "proj.component": ("Komponent", "Component"),
    "proj.difference": ("Endring", "Change"),
    "proj.total": ("Sum", "Total"),
    "proj.cumulative": ("Kumulativt behov", "Cumulative need"),
    "proj.cumulative_base": ("Kumulativt, grunnscenario", "Cumulative, base scenario"),
    "proj.per_year_axis": ("Per år", "Per year"),
    "proj.cumulative_axis": ("Kumulativt", "Cumulative"),
    "proj.tab_table": ("Tabell", "Table"),
    "proj.tab_assumptions": ("Forutsetninger", "Assumptions"),
    "proj.tab_compare": ("Grunnscenario mot eget", "Base vs custom"),
    "proj.chart_shows": ("Diagrammet viser eget scenario; stiplet linje er grunnscenarioet.",
                         "The chart shows the custom scenario; the dashed line is the base scenario."),
    "proj.export_chart": ("Eksporter diagram…", "Export chart…"),
    "proj.export_table": ("Eksporter tabell…", "Export table…"),
    "proj.exported": ("Lagret: {path}", "Saved: {path}"),
    "proj.export_failed": ("Kunne ikke lagre: {error}", "Could not save: {error}"),
    "proj.own_value": ("Eget tall…", "Own figure…"),
    "proj.same_as_key": ("Samme som fordelingsnøkkelen", "Same as the distribution key"),
    "proj.local_header": ("Egne tall for området (tomt = Legekarts fordeling)",
                          "Own figures for the area (empty = Legekart's split)"),
    "proj.scenario_header": ("Forutsetninger i eget scenario", "Assumptions of the custom scenario"),
    "proj.error": ("Kan ikke beregne: {error}", "Cannot compute: {error}"),
    "proj.sources": ("Kilder", "Sources"),
    "proj.see_assumptions": ("se forutsetningene", "see the assumptions"),
    "proj.png_svg": ("Bilder (*.png *.svg)", "Images (*.png *.svg)"),
    "proj.csv_xlsx": ("Tabeller (*.csv *.xlsx)", "Tables (*.csv *.xlsx)"),
    # -- import of tables and boundary files (issue 4) ------------------------------------
    "import.title": ("Importer data", "Import data"),
    "import.file": ("Fil", "File"),
    "import.browse": ("Velg fil…", "Choose file…"),
    "import.sheet": ("Ark", "Sheet"),
    "import.choose_file": ("Velg en fil (CSV, Excel eller ODS) for å begynne.",
                           "Choose a file (CSV, Excel or ODS) to begin."),
    "import.filter": ("Tabeller (*.csv *.txt *.tsv *.xlsx *.xlsm *.ods);;Alle filer (*)",
                      "Tables (*.csv *.txt *.tsv *.xlsx *.xlsm *.ods);;All files (*)"),
    "import.preview": ("Forhåndsvisning (de første radene, slik filen er lest)", "Preview (first rows, as read)"),
    "import.mapping": ("Kolonneoppsett", "Column mapping"),
    "import.key_column": ("Nøkkelkolonne (nummer eller navn)", "Key column (number or name)"),
    "import.level": ("Nivå", "Level"),
    "import.vintage": ("Årgang for nummer og navn", "Year of numbers and names"),
    "import.vintage_auto": ("Finn automatisk", "Detect"),
    "import.period_column": ("Periodekolonne", "Period column"),
    "import.period": ("Periode (år)", "Period (year)"),
    "import.none": ("(ingen)", "(none)"),
    "import.duplicates": ("Når en enhet står flere ganger", "When a unit appears more than once"),
    "import.dup_first": ("Bruk første rad", "Use the first row"),
    "import.dup_last": ("Bruk siste rad", "Use the last row"),
    "import.dup_sum": ("Summer radene", "Sum the rows"),
    "import.dup_drop": ("Utelat enheten", "Leave the unit out"),
    "import.exclude_oor": ("Utelat verdier utenfor gyldig område", "Leave out values outside the valid range"),
    "import.values": ("Verdikolonner – hver valgt kolonne blir en indikator",
                      "Value columns – each chosen column becomes an indicator"),
    "import.col.use": ("Bruk", "Use"),
    "import.col.column": ("Kolonne", "Column"),
    "import.col.name": ("Navn på kartet", "Name on the map"),
    "import.col.unit": ("Enhet", "Unit"),
    "import.col.kind": ("Type", "Kind"),
    "import.col.worse": ("Verre når", "Worse when"),
    "import.col.scheme": ("Klasseskjema", "Class scheme"),
    "import.col.numerator": ("Teller", "Numerator"),
    "import.col.denominator": ("Nevner", "Denominator"),
    "import.kind.count": ("Antall", "Count"),
    "import.kind.ratio": ("Andel/forholdstall", "Share/ratio"),
    "import.kind.rate": ("Rate", "Rate"),
    "import.kind.category": ("Kategori", "Category"),
    "import.worse.higher": ("Høyere er verre", "Higher is worse"),
    "import.worse.lower": ("Lavere er verre", "Lower is worse"),
    "import.worse.none": ("Ingen retning", "No direction"),
    "import.report": ("Rapport – ingenting er importert før du trykker Importer",
                      "Report – nothing is imported until you press Import"),
    "import.save_unmatched": ("Lagre rader uten treff…", "Save unmatched rows…"),
    "import.unmatched_filter": ("CSV (*.csv)", "CSV (*.csv)"),
    "import.saved_unmatched": ("{n} rader uten treff er lagret i {path}.", "{n} unmatched rows saved to {path}."),
    "import.unmatched_is_input": (
        "Radene uten treff kan ikke lagres over tabellen som importeres. Velg en annen fil.",
        "The unmatched rows cannot be saved over the table being imported. Choose another file."),
    "import.reading": ("Leser {name}…", "Reading {name}…"),
    "import.analysing": ("Sjekker radene…", "Checking the rows…"),
    "import.cancel_read": ("Avbryt", "Stop"),
    "import.cancelled": ("Avbrutt. Ingenting er endret.", "Cancelled. Nothing was changed."),
    "import.failed": ("Kan ikke importere «{name}»: {reason}", "Cannot import '{name}': {reason}"),
    "import.no_match": ("Ingen rader har treff – velg en annen nøkkelkolonne eller et annet nivå.",
                        "No row matched – choose another key column or level."),
    "import.no_values": ("Velg minst én verdikolonne.", "Choose at least one value column."),
    "import.ok": ("Importer", "Import"),
    "import.apply_failed": ("Importen kunne ikke fullføres, og ingenting er endret: {error}",
                            "The import could not be completed and nothing was changed: {error}"),
    "boundary.title": ("Importer grenser", "Import boundaries"),
    "boundary.filter": ("Grensefiler (*.geojson *.json *.gpkg *.zip *.shp);;Alle filer (*)",
                        "Boundary files (*.geojson *.json *.gpkg *.zip *.shp);;All files (*)"),
    "boundary.layer": ("Kartlag", "Layer"),
    "boundary.code_field": ("Attributt med nummer", "Code attribute"),
    "boundary.name_field": ("Attributt med navn", "Name attribute"),
    "boundary.layer_name": ("Navn på nivået", "Name of the level"),
    "boundary.preview": ("De første objektene", "First features"),
    "boundary.info": ("{n} objekter ({geom}), koordinatsystem {crs}. Omregnes til EPSG:25833.",
                      "{n} features ({geom}), CRS {crs}. Reprojected to EPSG:25833."),
    "boundary.loading": ("Leser {name}…", "Reading {name}…"),
    "boundary.failed": ("Kan ikke bruke «{name}»: {reason}", "Cannot use '{name}': {reason}"),
    "boundary.ok": ("Legg til", "Add"),
    "boundary.added": ("Laget «{name}» er lagt til med {n} enheter.", "Layer '{name}' added with {n} units."),
}


def set_language(lang: str) -> None:
    """Legekart's texts and Qt's own dialog texts (buttons, file dialogs) follow lang."""
    global _LANG
    if lang not in ("nb", "en"):
        raise ValueError(lang)
    _LANG = lang
    from gui import qt_language

    qt_language.install(lang)


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
