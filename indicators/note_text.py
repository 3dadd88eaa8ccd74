"""Norwegian wording of the reasons Legekart writes into observation notes.

Why: notes are stored in English (they travel in CSV, JSON and project files and are
read by the command line), but the window and the pages speak bokmål by default, and a
planner must read *why* a value is missing in their own language.
"""

from __future__ import annotations

import re

_NB: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"SSB's table has no value for this municipality \(table (\w+), (\d{4})\)"),
     r"SSBs tabell \1 har ingen verdi for kommunen i \2"),
    (re.compile(r"partial: only (\d+) of (\d+) units have data, so this is not the unit's value"),
     r"delvis: bare \1 av \2 enheter har tall, så dette er ikke enhetens verdi"),
    (re.compile(r"cannot sum: the numerator and denominator are not given for this year"),
     "kan ikke summeres: teller og nevner er ikke oppgitt for dette året"),
    (re.compile(r"No value: (\S+) \((\d{4})\) was divided on the (\d{4}) map, and its value cannot be divided "
                r"without weights"),
     r"Ingen verdi: \1 (\2) er delt på \3-kartet, og verdien kan ikke deles uten vekter"),
    (re.compile(r"Re-coded: same territory as (\d{4}) code (\d+)"), r"Omkodet: samme område som \1-nummer \2"),
    (re.compile(r"Derived by Legekart from the municipalities: sum over (\d+) municipalities"),
     r"Regnet ut av Legekart fra kommunene: sum over \1 kommuner"),
    (re.compile(r"Derived by Legekart: ratio of the summed counts of ([\d +]+) \((\d{4}) codes\)"),
     r"Regnet ut av Legekart: forholdet mellom summerte tellere og nevnere for \1 (\2-nummer)"),
]


def note_text(note: str, lang: str = "nb") -> str:
    """The note in ``lang`` (English notes are translated where Legekart wrote them)."""
    if lang == "en" or not note:
        return note
    out = note
    for pattern, nb in _NB:
        out = pattern.sub(nb, out)
    return out
