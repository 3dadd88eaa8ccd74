"""Sentences for broken and hostile files (limits, damage, repairs), in English and bokmål.

Kept beside :mod:`messages` (which merges them into its table) so the long list of
ordinary reasons stays readable.
"""

from __future__ import annotations

LIMIT_TEMPLATES: dict[str, tuple[str, str]] = {
    # -- refusals ------------------------------------------------------------------
    "file.limit": ("{en}", "{nb}"),
    "file.memory": (
        "the file is too large to read in the memory available",
        "Filen er for stor til å leses med minnet som er tilgjengelig.",
    ),
    "file.too_many_columns": (
        "the table has {n} columns; at most {limit} can be read (is it a table at all?)",
        "Tabellen har {n} kolonner; høyst {limit} kan leses (er det en tabell?).",
    ),
    "file.too_many_rows": (
        "the sheet goes beyond row {limit}, the most a spreadsheet can hold (damaged or not a real sheet)",
        "Arket går forbi rad {limit}, det meste et regneark kan ha (skadet eller ikke et ekte ark).",
    ),
    "file.truncated_zip": (
        "the {kind} is incomplete or damaged (cut off while downloading or copying?); save or download it again",
        "{kind_nb} er ufullstendig eller skadet (avbrutt under nedlasting eller kopiering?). "
        "Lagre eller last den ned på nytt.",
    ),
    # -- notes about what was repaired or left out --------------------------------------
    "note.mixed_encoding": (
        "the file mixes UTF-8 and Windows-1252 text; {n} byte(s), the first at byte {pos}, were read as Windows-1252",
        "Filen blander UTF-8 og Windows-1252; {n} byte(s), den første ved byte {pos}, er lest som Windows-1252",
    ),
    "note.undecodable": (
        "{n} byte(s) are not text in any encoding (first at byte {pos}); shown as \ufffd",
        "{n} byte(s) er ikke tekst i noen tegnkoding (første ved byte {pos}); vist som \ufffd",
    ),
    "note.stray_quote": (
        "line {line} opens a quote (\") that is never closed; it was read as a plain character, "
        "so lines {first}–{last} are separate rows",
        "Linje {line} åpner et anførselstegn (\") som aldri lukkes; det er lest som et vanlig tegn, "
        "så linjene {first}–{last} er egne rader",
    ),
    "note.decimal_commas": (
        "{n} row(s) use decimal commas in a comma-separated file (12,5); the split numbers were joined again",
        "{n} rad(er) bruker desimalkomma i en kommaseparert fil (12,5); de oppdelte tallene er satt sammen igjen",
    ),
    "note.decimal_commas_unclear": (
        "{n} row(s) have more fields than the header, probably decimal commas in a comma-separated file; "
        "they are left out — save the file with ';' as separator",
        "{n} rad(er) har flere felt enn overskriften, trolig desimalkomma i en kommaseparert fil; "
        "de er utelatt – lagre filen med «;» som skilletegn",
    ),
    "note.uncached_formulas": (
        "{n} formula cell(s) have no saved result (e.g. {cells}); they are shown as their formula and not read "
        "as numbers — open and save the file in Excel or LibreOffice to store the results",
        "{n} formelcelle(r) har ikke lagret resultat (f.eks. {cells}); de vises som formelen og leses ikke som tall "
        "– åpne og lagre filen i Excel eller LibreOffice så resultatene lagres",
    ),
    "note.ignored_column": (
        "column {column!r} was not imported: {why}",
        "Kolonnen «{column}» er ikke importert: {why_nb}",
    ),
    "note.lost_characters": (
        "{n} key(s) had characters lost when the file was saved (e.g. {key!r}); matched by the intact part "
        "of the name ({part})",
        "{n} nøkkel(er) har mistet tegn da filen ble lagret (f.eks. «{key}»); koblet på den hele delen "
        "av navnet ({part})",
    ),
    # -- cells ----------------------------------------------------------------------------
    "value.error_cell": (
        "{text!r} is a spreadsheet error or not-a-number value, not a number",
        "«{text}» er en feilverdi fra regnearket, ikke et tall",
    ),
    "value.too_large": (
        "{text!r} is too large to be a real value (more than 10^15)",
        "«{text}» er for stort til å være en virkelig verdi (over 10^15)",
    ),
}

#: why a column was left out (plan.ignored), as (English, bokmål)
IGNORED_WHY: dict[str, tuple[str, str]] = {
    "text": ("it holds text, not numbers or classes", "den inneholder tekst, ikke tall eller klasser"),
    "empty": ("it is empty", "den er tom"),
    "mostly_text": (
        "only {k} of {n} filled cells are numbers (e.g. {examples} are not)",
        "bare {k} av {n} utfylte celler er tall (f.eks. er ikke {examples} det)",
    ),
}

DAMAGE_REASON = {
    "compressed": ("a compressed part is corrupt or cut off", "en komprimert del er ødelagt eller avkortet"),
    "xml": ("its XML is malformed ({detail})", "XML-innholdet er ugyldig ({detail})"),
    "reference": ("it refers to shared text or parts that are missing",
                  "den viser til tekst eller deler som mangler"),
    "structure": ("its structure cannot be read ({detail})", "oppbygningen kan ikke leses ({detail})"),
    "no_content": ("there is no content.xml", "content.xml mangler"),
}


def damage_params(reason: str, detail: str = "") -> dict:
    """Parameters of ``file.bad_xlsx`` / ``file.bad_ods`` for one kind of damage, both languages."""
    r_en, r_nb = DAMAGE_REASON[reason]
    detail = " ".join(str(detail).split())[:120]
    return {"error": r_en.format(detail=detail), "error_nb": r_nb.format(detail=detail)}
