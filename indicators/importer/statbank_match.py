"""Which variables of a StatBank download are SSB indicators Legekart already has.

Why: a planner who downloads table 12005 should update the bundled indicator, not
get a second copy of it beside the first. A variable matches when the table is one
Legekart ships or updates and the ContentsCode (json-stat2 files carry it) or the
label — with or without its unit parenthesis, when only one variable has it — is the same.
"""

from __future__ import annotations

import re

from indicators.importer.statbank import StatbankInfo, split_label


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-zæøå]+", " ", text.casefold()).strip()


def bundled_variables() -> dict[str, dict[str, tuple[str, str]]]:
    """table -> ContentsCode -> (label, unit) of the SSB tables Legekart ships or updates."""
    from indicators.ssb.query import TABLES

    return {t: dict(s.variables) for t, s in TABLES.items()}


def _match_code(label: str, code: str, known: dict[str, tuple[str, str]]) -> str:
    """Same ContentsCode, else the same label (with or without its unit), when only one variable has it."""
    if code in known:
        return code
    full = {_key(lab): c for c, (lab, _) in known.items()}
    if _key(label) in full:
        return full[_key(label)]
    name = _key(split_label(label)[0])
    hits = [c for c, (lab, _) in known.items() if _key(lab) == name or _key(split_label(lab)[0]) == name]
    return hits[0] if len(hits) == 1 else ""


def match_bundled(info: StatbankInfo) -> None:
    """Mark the variables that are a bundled SSB indicator: same table, same ContentsCode or label."""
    known = bundled_variables().get(info.table)
    if not known:
        return
    for v in info.variables:
        code = _match_code(v.label, v.code, known)
        v.bundled = {"table": info.table, "code": code, "indicator": _catalogue_id(info.table, code)} if code else None


def _catalogue_id(table: str, code: str) -> str | None:
    """The catalogue entry that shows this SSB variable (``ssb_table`` and ``ssb_code`` in the catalogue)."""
    try:
        from indicators.catalogue import bundled

        for ind in bundled():
            if ind.ssb_table == table and ind.ssb_code == code:
                return ind.id
    except Exception:  # the catalogue is optional here: the match by table and code stands on its own
        return None
    return None
