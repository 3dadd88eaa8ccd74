"""Words and numbers of the key figures, in bokmål (default) and English.

Shared by the details panel and the one-page profile so both say the same thing the
same way: "12. av 41 i Nordland", "Bedre enn landet (mot 351 av 357 kommuner)",
"≈ 4,2 %", "Delvis: 40 av 41 kommuner (5,9 %)".
"""

from __future__ import annotations

from indicators import format as fmt
from indicators.breakdown import Value
from indicators.catalogue import Indicator
from indicators.compare import BEST_FIRST, Assessment, NorwayReference, Rank
from indicators.note_text import note_text
from indicators.session import Session

APPROX, DERIVED = "≈", "†"

VERSUS = {
    "better": ("Bedre enn landet", "Better than Norway"),
    "worse": ("Dårligere enn landet", "Worse than Norway"),
    "same": ("Omtrent som landet", "About the same as Norway"),
}
#: short forms for narrow places (the marker pill, the profile's table)
VERSUS_SHORT = {"better": ("Bedre", "Better"), "worse": ("Dårligere", "Worse"), "same": ("Som landet", "As Norway")}
#: colours of the markers: blue/orange rather than green/red, so they stay apart for the colour-blind
VERSUS_COLOUR = {"better": "#1f78b4", "worse": "#d95f02", "same": "#7f7f7f"}
VERSUS_SYMBOL = {"better": "▲", "worse": "▼", "same": "≈"}


#: the catalogue's units are Norwegian; English pages say them in English
UNITS_EN = {
    "innbyggere": "residents", "innbyggere per liste": "residents per list",
    "pasienter per liste": "patients per list", "hjemler per kommune": "GP posts per municipality",
    "millioner": "million", "per 100 legeårsverk": "per 100 GP FTEs", "per enhet": "per unit",
    "stillinger per halvår": "positions per half-year", "stillinger per år": "positions per year",
    "stillinger": "positions", "år": "years", "dager": "days",
}


def unit_word(unit: str, lang: str = "nb") -> str:
    return UNITS_EN.get(unit, unit) if lang == "en" else unit


def in_language(text: str, unit: str, lang: str) -> str:
    """A value text with the unit said in ``lang`` ('926 pasienter per liste' → '926 patients per list')."""
    if lang != "en" or not unit or unit not in UNITS_EN:
        return text
    return text.replace(f" {unit}", f" {UNITS_EN[unit]}")


def _t(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def value_text(v: Value | None, ind: Indicator, session: Session, lang: str = "nb") -> str:
    """The value with its marks: '≈ 4,2 %' (approximate), '† 5,9 %' (derived by Legekart)."""
    if v is None:
        return "–"
    text = v.text(ind, session, lang)
    if v.missing or v.is_partial:
        return text
    mark = APPROX + " " if v.approximate else DERIVED + " " if v.derived else ""
    return in_language(mark + text, ind.unit, lang)


def context_text(v: Value | None, ind: Indicator, session: Session, lang: str = "nb") -> str:
    """A county's or Norway's value for the same period; a partial sum says so, briefly."""
    if v is None:
        return "–"
    if v.is_partial:
        part = v.partial_value(ind)
        of = f"{v.members_have} of {v.members_of}" if lang == "en" else f"{v.members_have} av {v.members_of}"
        if part is None:
            return ("partial, " if lang == "en" else "delvis, ") + of
        shown = in_language(fmt.with_unit(part, ind.unit, lang), ind.unit, lang)
        if ind.kind == "count":  # a sum over some members is only a part of the unit's total
            return f"{'part sum' if lang == 'en' else 'delsum'} {shown} ({of})"
        return f"{shown} ({of})"
    if v.missing and v.nearest is None:
        return ("no value " if lang == "en" else "ingen verdi ") + v.period
    if v.missing and v.nearest is not None:  # another period, said as such
        return (f"{'no value' if lang == 'en' else 'ingen verdi'} {v.period} "
                f"({v.nearest.period}: {context_text(v.nearest, ind, session, lang)})")
    if v.distribution and not v.missing:
        return distribution_text(v, ind, session, lang)
    return value_text(v, ind, session, lang)


def distribution_text(v: Value, ind: Indicator, session: Session, lang: str = "nb") -> str:
    """A distribution in one short line: 'Ikke 19 · Litt 12 · Ganske 25 · Meget 44 % (n = 16)'."""
    scheme = session.catalogue.scheme_of(ind)
    parts = []
    for d in v.distribution:
        label = scheme.get(d["category"]).label(lang) if scheme else d["category"]
        share = d.get("share")
        if share is not None:
            parts.append(f"{label.split(' ')[0]} {fmt.number(share, lang, 0)}")
    n = v.distribution[0].get("n") if v.distribution else None
    mark = APPROX + " " if v.approximate else ""
    return mark + " · ".join(parts) + f"{fmt.NBSP}%" + (f" (n = {fmt.number(n, lang, 0)})" if n else "")


def rank_text(rank: Rank | None, where: str, lang: str = "nb", ties: bool = True) -> str:
    """'12. av 41 i Nordland' / 'no. 12 of 41 in Nordland', with '(delt med 22)' for ties."""
    if rank is None:
        return ""
    if lang == "en":
        text = f"no. {rank.position} of {rank.of} in {where}"
        tail = f" (tied with {rank.tied - 1})"
    else:
        text = f"{rank.position}. av {rank.of} i {where}"
        tail = f" (delt med {rank.tied - 1})"
    return text + (tail if ties and rank.tied > 1 else "")


def rank_short(rank: Rank | None, lang: str = "nb") -> str:
    """'23. av 40' / '23 of 40' (for a table whose header names the place)."""
    if rank is None:
        return ""
    return f"{rank.position} of {rank.of}" if lang == "en" else f"{rank.position}. av {rank.of}"


def country_name(lang: str) -> str:
    return "Norway" if lang == "en" else "landet"


def rank_rule(a: Assessment | None, lang: str = "nb") -> str:
    if a is None:
        return ""
    if a.order == BEST_FIRST:
        return ("1 = best by the indicator's direction; ties share the best place" if lang == "en"
                else "1 = best etter indikatorens retning; like verdier deler beste plass")
    return ("1 = highest value (the indicator has no better or worse)" if lang == "en"
            else "1 = høyeste verdi (indikatoren har ikke bedre eller dårligere)")


def basis_text(ref: NorwayReference | None, lang: str = "nb") -> str:
    """'mot 351 av 357 kommuner' when Norway's value is a ratio of partial sums."""
    if ref is None or not ref.partial:
        return ""
    if lang == "en":
        return f"against {ref.have} of {ref.of} municipalities"
    return f"mot {ref.have} av {ref.of} kommuner"


def versus_text(a: Assessment | None, lang: str = "nb", short: bool = False) -> str:
    """'Bedre enn landet (mot 351 av 357 kommuner)'; '' without a comparison."""
    if a is None or a.vs_norway is None:
        return ""
    text = _t((VERSUS_SHORT if short else VERSUS)[a.vs_norway], lang)
    basis = basis_text(a.norway, lang)
    return f"{text} ({basis})" if basis and not short else text


def norway_text(a: Assessment | None, norway: Value | None, ind: Indicator, session: Session,
                lang: str = "nb") -> str:
    """Norway's value as compared: the ratio over the municipalities that have one, said so."""
    if a is not None and a.norway is not None and a.norway.partial and ind.kind != "count":
        text = in_language(fmt.with_unit(a.norway.value, ind.unit, lang), ind.unit, lang)
        return f"{text} ({a.norway.have} {'of' if lang == 'en' else 'av'} {a.norway.of})"
    return context_text(norway, ind, session, lang)


def provenance(v: Value | None, ind: Indicator, session: Session, lang: str = "nb") -> list[str]:
    """Where a number comes from: period, source, SSB table and variable or seed table and line, flags."""
    en = lang == "en"
    if v is None:
        return ["No data" if en else "Ingen data"]
    if v.missing and v.nearest is None:
        return [("No data: " if en else "Ingen data: ") + note_text(v.missing, lang)]
    lines = [f"{'Period' if en else 'Periode'}: {v.period}"]
    for sid in (s for s in v.source.split(";") if s):
        src = session.catalogue.sources.get(sid)
        lines.append(f"{'Source' if en else 'Kilde'}: {src.citation() if src else sid}")
    ssb = ind.ssb()
    if ssb:
        var = ssb.get("code") or ("computed by Legekart from " if en else "regnet ut av Legekart fra ") + " / ".join(
            ", ".join(x) for x in (ssb.get("numerator", []), ssb.get("denominator", [])) if x)
        lines.append(f"SSB {'table' if en else 'tabell'} {ssb['table']}, {'variable' if en else 'variabel'} {var}")
    elif v.seed_lines:
        lines.append(f"{v.table}, {'line' if en else 'linje'} {v.seed_lines}")
    elif v.table:
        lines.append(v.table)
    if ind.is_imported:
        lines.append(("Your own data, from the file " if en else "Egne data, fra filen ") + ind.origin)
    if v.is_partial:
        lines.append(f"{'Partial' if en else 'Delvis'}: {v.members_have} {'of' if en else 'av'} {v.members_of} "
                     f"{'municipalities' if en else 'kommuner'}")
    if v.approximate:
        lines.append("Approximate value" if en else "Omtrentlig verdi")
    elif v.derived:
        lines.append("Derived by Legekart" if en else "Avledet av Legekart")
    if v.note:
        lines.append(note_text(v.note, lang))
    return lines
