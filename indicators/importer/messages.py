"""Every sentence the importer can say, in English (CLI) and bokmål (GUI).

Reasons and notes are kept as a key plus parameters until they are shown, so the
same report can be printed by the command line in English and shown in the
import dialog in Norwegian without translating free text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators.importer.messages_limits import LIMIT_TEMPLATES

#: key -> (English, Norwegian bokmål); placeholders are str.format fields
TEMPLATES: dict[str, tuple[str, str]] = {
    # -- files that cannot be read -----------------------------------------------
    "file.missing": ("file not found: {path}", "Finner ikke filen: {path}"),
    "file.unreadable": ("cannot read {path}: {error}", "Kan ikke lese {path}: {error}"),
    "file.empty": ("the file is empty (0 bytes)", "Filen er tom (0 byte)."),
    "file.blank": ("the file holds only blank lines", "Filen inneholder bare tomme linjer."),
    "file.pdf": (
        "this is a PDF document, not a table; export the table to CSV or Excel first",
        "Dette er et PDF-dokument, ikke en tabell. Eksporter tabellen til CSV eller Excel først.",
    ),
    "file.binary": (
        "the file is binary data, not a text table (CSV) or spreadsheet",
        "Filen inneholder binærdata, ikke en teksttabell (CSV) eller et regneark.",
    ),
    "file.image": ("this is an image ({kind}), not a table", "Dette er et bilde ({kind}), ikke en tabell."),
    "file.xls": (
        "old Excel format (.xls) or a password-protected workbook; save it as .xlsx",
        "Gammelt Excel-format (.xls) eller passordbeskyttet arbeidsbok. Lagre den som .xlsx.",
    ),
    "file.zip": (
        "a zip archive that is not a spreadsheet{hint}",
        "Et zip-arkiv som ikke er et regneark{hint}",
    ),
    "file.word": (
        "this is a word-processor document ({kind}), not a table",
        "Dette er et tekstbehandlingsdokument ({kind}), ikke en tabell.",
    ),
    "file.html": (
        "this is a web page (HTML), not a table; save the table as CSV or Excel",
        "Dette er en nettside (HTML), ikke en tabell. Lagre tabellen som CSV eller Excel.",
    ),
    "file.geo": (
        "this is a boundary file ({kind}); use boundary import instead",
        "Dette er en grensefil ({kind}). Bruk Fil → Importer grenser… i stedet.",
    ),
    "file.header_only": (
        "the table has a header row but no data rows",
        "Tabellen har en overskriftsrad, men ingen datarader.",
    ),
    "file.one_column": (
        "only one column found; a table needs a key column and at least one value column",
        "Fant bare én kolonne. En tabell trenger en nøkkelkolonne og minst én verdikolonne.",
    ),
    "file.no_sheet": (
        "no sheet named {sheet!r}; sheets: {sheets}",
        "Finner ikke arket «{sheet}». Ark i filen: {sheets}",
    ),
    "file.no_data_sheet": ("no sheet holds any data", "Ingen ark i filen inneholder data."),
    "file.bad_xlsx": ("the Excel file is damaged: {error}", "Excel-filen er skadet: {error_nb}"),
    "file.bad_ods": ("the spreadsheet is damaged: {error}", "Regnearket er skadet: {error_nb}"),
    "file.encoding": (
        "cannot decode the text in any supported encoding",
        "Klarer ikke å tolke teksten i noen kjent tegnkoding.",
    ),
    "file.no_key": (
        "no column holds municipality, county or health-region codes or names",
        "Ingen kolonne inneholder kommune-, fylkes- eller helseregionnummer eller -navn.",
    ),
    "file.no_values": ("no column holds values to import", "Ingen kolonne inneholder verdier som kan importeres."),
    "file.unknown_column": ("no column named {column!r}", "Finner ikke kolonnen «{column}»."),
    "file.unknown_level": ("unknown level {level!r}", "Ukjent nivå «{level}»."),
    # -- why a row did not match -------------------------------------------------
    "row.blank_key": ("the key cell is empty", "Nøkkelcellen er tom"),
    "row.unknown_code": (
        "{code} is not a {level} code of any year (2019, 2020, 2024)",
        "{code} er ikke et gyldig nummer for {level_nb_a} i noen årgang (2019, 2020, 2024)",
    ),
    "row.other_vintage_code": (
        "{code} is a {other} code ({name}), but the table is {vintage}-coded (mixed years)",
        "{code} er et {other}-nummer ({name}), men tabellen bruker {vintage}-nummer (blandede årganger)",
    ),
    "row.special_code": (
        "{code} ({name}) is not on the map",
        "{code} ({name}) er ikke med på kartet",
    ),
    "row.too_long": (
        "{code} has {n} digits; municipality numbers have 4 (a district or organisation number?)",
        "{code} har {n} sifre; kommunenummer har 4 (bydels- eller organisasjonsnummer?)",
    ),
    "row.mixed_level": (
        "{key} is a {found} ({name}), not a {level} (mixed levels in one column)",
        "{key} er {found_nb_a} ({name}), ikke {level_nb_a} (blandede nivåer i samme kolonne)",
    ),
    "row.code_name_conflict": (
        "{key!r}: number {code} is {name}, but the name says {named}",
        "«{key}»: nummer {code} er {name}, men navnet sier {named}",
    ),
    "row.total": (
        "a total row ({key}), not a single unit",
        "En sumrad ({key}), ikke én enhet",
    ),
    "row.not_a_unit": (
        "neither a {level} code nor a name (one of very many distinct keys)",
        "verken nummer eller navn på {level_nb_a} (en av svært mange ulike nøkler)",
    ),
    "row.unknown_name": ("no {level} is called {key!r}", "Ingen {level_nb} heter «{key}»"),
    "row.ambiguous": (
        "ambiguous name {key!r}: {candidates}; write the number or the name with its county",
        "Tvetydig navn «{key}»: {candidates}. Skriv nummeret eller navnet med fylke",
    ),
    "row.other_vintage_name": (
        "{key!r} is a {other} name ({name}), but the table follows the {vintage} structure (mixed years)",
        "«{key}» er et navn fra {other} ({name}), men tabellen følger inndelingen fra {vintage} (blandede årganger)",
    ),
    "row.not_in_layer": (
        "{key!r} is neither a code nor a name in the boundary layer {layer}",
        "«{key}» er verken en kode eller et navn i grenselaget {layer}",
    ),
    "row.ambiguous_layer": (
        "{key!r} names several units of the boundary layer: {candidates}",
        "«{key}» er navnet på flere enheter i grenselaget: {candidates}",
    ),
    "row.blank_period": ("the period cell ({column}) is empty", "Periodecellen ({column}) er tom"),
    "row.extra_fields": (
        "the row has {n} fields but the header has {m}",
        "Raden har {n} felt, men overskriften har {m}",
    ),
    # -- notes ------------------------------------------------------------------
    "note.encoding": ("text encoding: {encoding}", "Tegnkoding: {encoding}"),
    "note.encoding_fallback": (
        "the file is not valid UTF-8 after byte {pos}; read as {encoding}",
        "Filen er ikke gyldig UTF-8 etter byte {pos}; lest som {encoding}",
    ),
    "note.mojibake": (
        "some text looks double-encoded (e.g. 'Ã¸' for 'ø'); names were repaired where possible",
        "Noe tekst ser dobbeltkodet ut (f.eks. «Ã¸» for «ø»); navn er reparert der det var mulig",
    ),
    "note.header_row": (
        "the table starts at row {row}; {n} row(s) above it were skipped",
        "Tabellen starter på rad {row}; {n} rad(er) over den er hoppet over",
    ),
    "note.no_header": (
        "no header row found; columns are named Kolonne 1, Kolonne 2, …",
        "Fant ingen overskriftsrad; kolonnene heter Kolonne 1, Kolonne 2, …",
    ),
    "note.blank_rows": ("{n} blank row(s) skipped", "{n} tomme rader hoppet over"),
    "note.vintage": (
        "codes follow the {vintage} structure ({confidence} confidence); harmonised to the {map} units on the map",
        "Nummer/navn følger inndelingen fra {vintage} ({confidence_nb} sikkerhet); "
        "omregnet til {map}-enhetene på kartet",
    ),
    "note.vintage_none": (
        "the keys are valid in every year (2019, 2020, 2024); read as the 2020 structure",
        "Nøklene er gyldige i alle årganger (2019, 2020, 2024); lest som 2020-inndelingen",
    ),
    "note.vintage_mixed": (
        "codes of several years are mixed in one column: {detail}",
        "Nummer fra flere årganger er blandet i samme kolonne: {detail}",
    ),
    "note.mixed_levels": (
        "the key column mixes levels: {detail}; only {level} rows are imported",
        "Nøkkelkolonnen blander nivåer: {detail}; bare rader for {level_nb} importeres",
    ),
    "note.period_guess": ("period {period} taken from {where}", "Periode {period} hentet fra {where_nb}"),
    "note.period_unknown": (
        "no year found in the headers, sheet or file name; period set to '{period}' — set it in the mapping",
        "Fant ikke årstall i overskrifter, arknavn eller filnavn; "
        "perioden er satt til «{period}» – endre den i oppsettet",
    ),
    "note.dash_missing": (
        "'-', '..' and ':' are read as missing values, not zero",
        "«-», «..» og «:» er lest som manglende verdier, ikke null",
    ),
    "note.duplicates_policy": (
        "{n} unit(s) appear more than once with different values; kept: {policy}",
        "{n} enhet(er) finnes flere ganger med ulike verdier; beholdt: {policy_nb}",
    ),
    "note.out_of_range_dropped": (
        "{n} value(s) outside the valid range were left out",
        "{n} verdi(er) utenfor gyldig område er utelatt",
    ),
    "note.truncated": (
        "{what}: showing {shown} of {total}",
        "{what_nb}: viser {shown} av {total}",
    ),
    # -- harmonisation ----------------------------------------------------------
    "harm.entry": ("{target} {name} ({period}): from {sources}; {note}",
                   "{target} {name} ({period}): fra {sources}; {note_nb}"),
    "harm.renumbered": ("{vintage} code {src} re-coded to {dst}", "{vintage}-nummer {src} omkodet til {dst}"),
    "harm.merged_sum": (
        "sum of {members} ({vintage} units merged into {name})",
        "sum av {members} ({vintage}-enheter slått sammen til {name})",
    ),
    "harm.merged_ratio": (
        "recomputed from the counts of {members} ({vintage} units merged into {name})",
        "regnet ut fra tellerne og nevnerne til {members} ({vintage}-enheter slått sammen til {name})",
    ),
    "harm.no_weights": (
        "cannot harmonise without weights: {name} is {members} in {vintage} "
        "and the table has no numerator and denominator",
        "kan ikke omregnes uten vekter: {name} består av {members} i {vintage}, og tabellen har ikke teller og nevner",
    ),
    "harm.incomplete": (
        "only {k} of {n} {vintage} units of {name} are in the table",
        "bare {k} av {n} {vintage}-enheter i {name} finnes i tabellen",
    ),
    "harm.split": (
        "{src} ({vintage}) was divided between several {map} units; its whole value is counted in {name}",
        "{src} ({vintage}) ble delt mellom flere {map}-enheter; hele verdien er regnet til {name}",
    ),
    "harm.divided": (
        "{src} ({vintage}) was divided on the {map} map; its value cannot be divided, so its parts have none",
        "{src} ({vintage}) er delt på {map}-kartet; verdien kan ikke deles, så delene står uten verdi",
    ),
    "harm.partial": (
        "part of a divided {vintage} unit belongs to {name} but is counted elsewhere",
        "en del av en delt {vintage}-enhet hører til {name}, men er regnet til en annen enhet",
    ),
    "harm.category_disagree": (
        "the {vintage} units of {name} have different classes ({classes}); cannot harmonise",
        "{vintage}-enhetene i {name} har ulike klasser ({classes}); kan ikke omregnes",
    ),
    "harm.category_same": (
        "all {vintage} units of {name} have this class",
        "alle {vintage}-enhetene i {name} har denne klassen",
    ),
    "harm.aalesund": (
        "1508 Ålesund and 1580 Haram (2024) are together the 2020 municipality 1507 Ålesund",
        "1508 Ålesund og 1580 Haram (2024) er til sammen 2020-kommunen 1507 Ålesund",
    ),
    # -- value columns ------------------------------------------------------------
    "value.not_number": ("{text!r} is not a number", "«{text}» er ikke et tall"),
    "value.not_class": ("{text!r} is not a class of {scheme}", "«{text}» er ikke en klasse i {scheme}"),
    "value.share_range": ("share {value} % is outside 0–100 %", "andelen {value} % er utenfor 0–100 %"),
    "value.negative": ("negative {kind} {value}", "negativ verdi {value}"),
}

TEMPLATES.update(LIMIT_TEMPLATES)

LEVEL_NB = {
    "kommune": "kommune", "fylke": "fylke", "helseregion": "helseregion",
    "helseforetak": "helseforetaksområde", "land": "land",
}
LEVEL_EN = {
    "kommune": "municipality", "fylke": "county", "helseregion": "health region",
    "helseforetak": "health-trust area", "land": "country",
}
LEVEL_NB_A = {
    "kommune": "en kommune", "fylke": "et fylke", "helseregion": "en helseregion",
    "helseforetak": "et helseforetaksområde", "land": "et land",
}
CONFIDENCE_NB = {"high": "høy", "low": "lav", "none": "ingen"}
POLICY_NB = {"first": "første rad", "last": "siste rad", "sum": "summen", "drop": "ingen (utelatt)"}
WHERE_NB = {"column header": "kolonneoverskriften", "sheet name": "arknavnet", "file name": "filnavnet"}
WHAT_NB = {"columns left out": "kolonner utelatt", "stray quotes": "anførselstegn uten slutt",
           "unmatched rows": "rader uten treff", "duplicates": "dubletter",
           "out-of-range values": "verdier utenfor område"}


@dataclass(frozen=True)
class Msg:
    """A sentence to be rendered later in the reader's language."""

    key: str
    params: dict = field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        en, nb = TEMPLATES.get(self.key, (self.key, self.key))
        params = _with_derived(self.params)
        try:
            return (nb if lang == "nb" else en).format(**params)
        except (KeyError, IndexError, ValueError):
            return en.format_map(_Lenient(params))

    def to_dict(self, lang: str = "en") -> dict:
        return {"key": self.key, "text": self.text(lang), **{k: _plain(v) for k, v in self.params.items()}}


def _with_derived(params: dict) -> dict:
    """Add the Norwegian forms of level/confidence/policy parameters."""
    p = dict(params)
    for k in ("level", "found"):
        if k in p:
            p.setdefault(f"{k}_nb", LEVEL_NB.get(str(p[k]), str(p[k])))
            p.setdefault(f"{k}_nb_a", LEVEL_NB_A.get(str(p[k]), str(p[k])))
            p[k] = LEVEL_EN.get(str(p[k]), str(p[k]))
    if "confidence" in p:
        p.setdefault("confidence_nb", CONFIDENCE_NB.get(p["confidence"], p["confidence"]))
    if "policy" in p:
        p.setdefault("policy_nb", POLICY_NB.get(p["policy"], p["policy"]))
    if "where" in p:
        p.setdefault("where_nb", WHERE_NB.get(p["where"], p["where"]))
    if "what" in p:
        p.setdefault("what_nb", WHAT_NB.get(p["what"], p["what"]))
    return p


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _plain(v):
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    return str(v)


def text(key: str, lang: str = "en", **params) -> str:
    return Msg(key, params).text(lang)
