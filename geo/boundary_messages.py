"""What the boundary loader says when it cannot use a file, in English (log, CLI) and bokmål (dialog)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "missing": ("file not found: {path}", "Finner ikke filen: {path}"),
    "unreadable": ("cannot read {path} as a boundary file: {error}",
                   "Kan ikke lese {path} som en grensefil: {error}"),
    "no_layers": ("the file holds no map layers", "Filen inneholder ingen kartlag."),
    "no_layer": ("no layer named {layer!r}; layers: {layers}", "Finner ikke laget «{layer}». Lag i filen: {layers}"),
    "zip_empty": ("the zip archive holds no Shapefile, GeoJSON or GeoPackage",
                  "Zip-arkivet inneholder ingen Shapefile, GeoJSON eller GeoPackage."),
    "no_polygons": ("the layer holds {kind}, not areas (polygons)",
                    "Laget inneholder {kind}, ikke flater (polygoner)."),
    "no_features": ("the layer has no features", "Laget har ingen objekter."),
    "no_crs": ("the file states no coordinate system and its coordinates are not recognisable",
               "Filen oppgir ikke koordinatsystem, og koordinatene er ikke gjenkjennelige."),
    "no_field": ("no attribute named {field!r}; attributes: {fields}",
                 "Finner ikke attributtet «{field}». Attributter: {fields}"),
    "no_code_field": ("no attribute looks like a unit code; choose one of: {fields}",
                      "Ingen attributter ser ut som enhetsnummer. Velg ett av: {fields}"),
    "no_codes": ("no feature has a value in {field!r}", "Ingen objekter har verdi i «{field}»."),
    "limit": ("{en}", "{nb}"),
    "memory": ("the file is too large to read in the memory available",
               "Filen er for stor til å leses med minnet som er tilgjengelig."),
    "no_fields": ("the layer has no attributes, so no unit numbers to join tables by",
                  "Laget har ingen attributter, og dermed ingen enhetsnummer å koble tabeller til."),
    "shp_part_missing": (
        "the zipped Shapefile {member} lacks its {part} file ({what}); zip the .shp, .shx, .dbf and .prj together",
        "Den zippede Shapefilen {member} mangler {part}-filen ({what_nb}). Zip .shp, .shx, .dbf og .prj sammen."),
    "crs_mismatch": (
        "the file says {crs} (degrees), but its coordinates look like metres ({sample}); the coordinate system "
        "in the file is wrong",
        "Filen oppgir {crs} (grader), men koordinatene ser ut som meter ({sample}). Koordinatsystemet i filen "
        "er feil."),
    "absurd": ("the coordinates are far outside any map (up to {value})",
               "Koordinatene ligger langt utenfor ethvert kart (opptil {value})."),
    "not_finite": ("the coordinates are not finite numbers (overflow to infinity)",
                   "Koordinatene er ikke endelige tall (de går mot uendelig)."),
    "not_norway": (
        "after conversion from {crs} the areas lie {where}, not in or near Norway; the coordinate system in "
        "the file is probably wrong{hint}",
        "Etter omregning fra {crs} ligger flatene {where_nb}, ikke i eller nær Norge. Koordinatsystemet i "
        "filen er trolig feil{hint_nb}"),
}


class BoundaryImportError(Exception):
    """The boundary file cannot be used; ``message("nb")`` for the GUI."""

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "nb") -> str:
        en, nb = MESSAGES[key] if (key := self.key) in MESSAGES else (self.key, self.key)
        return (nb if lang == "nb" else en).format(**self.params)
