"""The one-page municipality profile ("kommuneprofil"), as text and numbers.

Everything the page prints is assembled here, headless, so the command line, the
window and the tests see the same words; :mod:`gui.render.profile_page` only places
and paints them. The page holds: name and county; the key figures (own value, county
and Norway for the same year, better/worse marker, rank) grouped by theme, the
planner's imported indicators first and marked with their file; trends of the
indicators that have series; the centrality class and population; the sources with
SSB table and variable (and seed document, table and line); the date; and the map
credit ("Kartgrunnlag: Kartverket").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from geo.gazetteer import Unit
from indicators import format as fmt
from indicators import key_text as kt
from indicators.breakdown import Breakdown, breakdown
from indicators.compare import SAME_RELATIVE
from indicators.format import PLAIN_UNITS
from indicators.key_figures import KeyFigure, key_figures
from indicators.series import Trend, has_trend, trend
from indicators.session import Session

#: at most this many trend charts fit on the page (imports and the first SSB series first)
MAX_TRENDS = 4
#: themes printed as facts beside the map, not as table rows
FACT_INDICATORS = ("folketall", "sentralitet_klasse", "sentralitetsindeks")

TEXT = {
    "kind": ("Kommuneprofil: fastleger og legedekning", "Municipality profile: GPs and doctor coverage"),
    "municipality": ("Kommune {code} i {county}", "Municipality {code} in {county}"),
    "made": ("Laget {date} med Legekart", "Made {date} with Legekart"),
    "own": ("Egne tall", "Own figures"),
    "year": ("År", "Year"),
    "norway": ("Norge", "Norway"),
    "vs": ("Mot landet", "vs Norway"),
    "indicator": ("Indikator", "Indicator"),
    "rank_in": ("Rang i {where}", "Rank in {where}"),
    "trends": ("Utvikling", "Trends"),
    "sources": ("Kilder", "Sources"),
    "facts": ("Befolkning og sentralitet", "Population and centrality"),
    "population": ("Folketall {value} ({period})", "Population {value} ({period})"),
    "centrality": ("Sentralitetsklasse {value} ({period}, SSB)", "Centrality class {value} ({period}, SSB)"),
    "imported": ("Egne data fra «{file}»", "Own data from '{file}'"),
    "no_own": ("Ingen egne tall for {name} i Legekarts kilder.", "Legekart's sources hold no figures for {name}."),
}


def t(key: str, lang: str) -> str:
    nb, en = TEXT[key]
    return en if lang == "en" else nb


@dataclass
class ProfileRow:
    indicator_id: str
    name: str
    own: str
    period: str
    county: str
    norway: str
    versus: str | None  # "better" | "worse" | "same" | None
    versus_text: str
    rank_county: str
    rank_country: str
    #: the file of an imported indicator ("" for bundled data)
    imported_from: str = ""
    missing_reason: str = ""


@dataclass
class Headline:
    """The profile's lead figure (SSB's share of patients without a GP where the unit has it)."""

    name: str
    period: str
    value: str
    versus: str | None
    versus_text: str
    context: str
    ranks: str


@dataclass
class Profile:
    lang: str
    unit: Unit
    county: Unit | None
    title: str
    subtitle: str
    kind: str
    date: str
    groups: list[tuple[str, list[ProfileRow]]]
    trends: list[Trend]
    facts: list[str]
    sources: list[str]
    notes: list[str]
    credit: str
    vintage: str
    made: str = ""
    headline: Headline | None = None
    #: headers of the key-figure table (the county's name in its columns)
    columns: list[str] = field(default_factory=list)
    #: notes under the trend charts (a code change, county/Norway years without a figure)
    trend_notes: list[str] = field(default_factory=list)
    breakdown: Breakdown | None = field(default=None, repr=False)

    def text(self) -> str:
        """Every word of the page (for tests and the PDF's searchable text)."""
        parts = [self.title, self.subtitle, self.kind, self.made, *self.facts]
        if self.headline is not None:
            h = self.headline
            parts += [h.name, h.period, h.value, h.versus_text, h.context, h.ranks]
        parts += self.columns + self.trend_notes
        for title, rows in self.groups:
            parts.append(title)
            for r in rows:
                parts += [r.name, r.own, r.period, r.county, r.norway, r.versus_text, r.rank_county, r.rank_country]
        parts += self.sources + self.notes + [self.credit]
        return "\n".join(p for p in parts if p)


def _without_unit(text: str, unit: str) -> str:
    """'926 pasienter per liste' → '926' (the row's name carries a long unit once)."""
    return text.replace(f" {unit}", "") if unit and len(unit) > 8 else text


def _row(session: Session, kf: KeyFigure, county_name: str, lang: str) -> ProfileRow:
    row = _row_texts(session, kf, county_name, lang)
    unit = kt.unit_word(kf.indicator.unit, lang)
    if unit and len(unit) > 8 and unit not in PLAIN_UNITS:
        row.name = f"{row.name} ({unit})"
        row.own, row.county, row.norway = (_without_unit(x, unit) for x in (row.own, row.county, row.norway))
    return row


def _row_texts(session: Session, kf: KeyFigure, county_name: str, lang: str) -> ProfileRow:
    ind, a = kf.indicator, kf.assessment
    own = kt.value_text(kf.own, ind, session, lang) if kf.own is not None else (
        "Ingen verdi" if lang != "en" else "No value")
    reason = ""
    if kf.own is None and kf.missing is not None:
        from indicators.note_text import note_text

        reason = note_text(kf.missing.missing, lang)
    return ProfileRow(
        ind.id, ind.name(lang), own, kf.period, kt.context_text(kf.county, ind, session, lang),
        kt.norway_text(a, kf.norway, ind, session, lang), a.vs_norway if a else None,
        kt.versus_text(a, lang, short=True),
        kt.rank_short(a.county if a else None, lang), kt.rank_short(a.country if a else None, lang),
        kf.imported_from, reason)


def _facts(session: Session, bd: Breakdown, lang: str) -> list[str]:
    out = []
    for key, ind_id in (("population", "folketall"), ("centrality", "sentralitet_klasse")):
        v = bd.own.get(ind_id)
        if v is not None:
            text = fmt.number(v.value, lang, 0) if key == "population" else v.text(session.indicator(ind_id), session,
                                                                                    lang)
            out.append(t(key, lang).format(value=text, period=v.period))
    return out


def _sources(session: Session, rows: list[KeyFigure], lang: str) -> list[str]:
    """One line per source: its citation, then the SSB variables or the seed tables and lines used."""
    by_source: dict[str, list[str]] = {}
    for kf in rows:
        v = kf.own or kf.missing
        if v is None:
            continue
        ind = kf.indicator
        ssb = ind.ssb()
        if ind.is_imported:
            detail = t("imported", lang).format(file=ind.origin)
        elif ssb:
            detail = ssb.get("code") or "/".join(
                "+".join(x) for x in (ssb.get("numerator", []), ssb.get("denominator", [])) if x) + " †"
        elif v.seed_lines:
            detail = f"{v.table} {'line' if lang == 'en' else 'linje'} {v.seed_lines}"
        else:
            detail = v.table
        for sid in (s for s in v.source.split(";") if s) or [ind.origin or "?"]:
            by_source.setdefault(sid, [])
            if detail and detail not in by_source[sid]:
                by_source[sid].append(detail)
    out = []
    for sid, details in by_source.items():
        src = session.catalogue.sources.get(sid)
        cite = src.citation() if src else sid
        table = ""
        if src and sid.startswith("ssb-"):
            word = "variables" if lang == "en" else "variabler"
            table = f" — {word}: " + ", ".join(details)
        elif details:
            table = " — " + "; ".join(details)
        out.append(cite + table)
    return out


def _notes(profile_rows: list[KeyFigure], lang: str) -> list[str]:
    en = lang == "en"
    notes = [("≈ approximate value; † derived by Legekart (a ratio of summed counts or a re-coded value)." if en
              else "≈ omtrentlig verdi; † avledet av Legekart (forhold mellom summerte tall, eller omkodet verdi).")]
    pct = f"{SAME_RELATIVE * 100:.0f}"
    notes.append(
        f"Rank: 1 = best by the indicator's direction (1 = highest where it has none); ties share the best place. "
        f"'As Norway': within {pct} % of Norway's value or one shown decimal. Counts are ranked, not compared "
        "with Norway's total." if en else
        f"Rangering: 1 = best etter indikatorens retning (1 = høyest der den ikke har noen); like verdier deler beste "
        f"plass. «Som landet»: innenfor {pct} % av landets verdi eller én vist desimal. Antall rangeres, men "
        "sammenlignes ikke med landets sum.")
    bases = {(kf.assessment.norway.have, kf.assessment.norway.of, kf.assessment.period) for kf in profile_rows
             if kf.assessment is not None and kf.assessment.norway is not None and kf.assessment.norway.partial}
    for have, of, period in sorted(bases, key=lambda b: b[2]):
        notes.append(
            f"Norway {period}: only {have} of {of} municipalities have figures; Norway's value is the ratio over those "
            f"(compared against {have} of {of} municipalities)." if en else
            f"Norge {period}: bare {have} av {of} kommuner har tall; landets verdi er regnet over dem "
            f"(sammenlignet mot {have} av {of} kommuner).")
    return notes


#: the lead figure, in order of preference
HEADLINE_IDS = ("ssb_andel_pasienter_uten_lege", "ssb_andel_lister_uten_lege", "lister_uten_fast_lege_andel")


def _headline(session: Session, used: list[KeyFigure], county_name: str, lang: str) -> Headline | None:
    by_id = {kf.indicator.id: kf for kf in used if kf.own is not None}
    kf = next((by_id[i] for i in HEADLINE_IDS if i in by_id), None)
    if kf is None or kf.own is None:
        return None
    ind, a = kf.indicator, kf.assessment
    context = " · ".join(x for x in (
        f"{county_name} {kt.context_text(kf.county, ind, session, lang)}" if county_name else "",
        f"{t('norway', lang)} {kt.norway_text(a, kf.norway, ind, session, lang)}") if x)
    ranks = " · ".join(x for x in (kt.rank_text(a.county if a else None, county_name, lang),
                                   kt.rank_text(a.country if a else None, kt.country_name(lang), lang)) if x)
    return Headline(ind.name(lang), kf.own.period, kt.value_text(kf.own, ind, session, lang),
                    a.vs_norway if a else None, kt.versus_text(a, lang), context, ranks)


def _trend_notes(trends: list[Trend], lang: str) -> list[str]:
    """A code change once, and the years a county or Norway line has no figure because it is partial."""
    notes: list[str] = []
    for tr in trends:
        if tr.code_break is not None and tr.code_break.text(lang) not in notes:
            notes.append(tr.code_break.text(lang))
    gaps: dict[tuple[str, str], bool] = {}
    for tr in trends:
        for role in ("county", "norway"):
            ln = tr.line(role)
            if ln is None:
                continue
            # rows exist but give no figure: partial, or no counts to sum (the county simply not
            # existing yet is no gap)
            years = [p.period for p in ln.points
                     if p.value is None and p.partial_value is None and (p.partial or p.note)]
            if years:
                key = (ln.label, _spans(list(tr.periods), years))
                gaps[key] = gaps.get(key, False) or any(p.partial for p in ln.points if p.period in years)
    for (label, span), partial in gaps.items():
        if lang == "en":
            notes.append(f"{label} {span}: no figure. Legekart computes it from the municipalities' counts, which "
                         "the data do not hold for those years" + ("; nor do all municipalities have figures." if
                                                                   partial else "."))
        else:
            notes.append(f"{label} {span}: ingen verdi. Legekart regner den ut fra kommunenes tellinger, og de "
                         "finnes ikke i dataene for disse årene" + ("; dessuten har ikke alle kommuner tall." if
                                                                    partial else "."))
    return notes


def _spans(periods: list[str], years: list[str]) -> str:
    """'2015–2019, 2021' for runs of consecutive periods."""
    pos = {p: i for i, p in enumerate(periods)}
    runs: list[list[str]] = []
    for y in years:
        if runs and pos[y] == pos[runs[-1][-1]] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(r[0] if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def build_profile(session: Session, code: str, lang: str = "nb", today: dt.date | None = None) -> Profile:
    """The profile of one municipality on the session's map (KeyError for an unknown code)."""
    bd = breakdown(session, "kommune", code)
    unit = bd.unit
    county = bd.parents.get("fylke")
    county_name = county.short_name if county else ""
    groups_kf = key_figures(session, bd, show_all=True, with_spark=False)
    table: list[tuple[str, list[ProfileRow]]] = []
    used: list[KeyFigure] = []
    for g in groups_kf:
        rows = [kf for kf in g.rows if (kf.own is not None or kf.missing is not None)
                and kf.indicator.id not in FACT_INDICATORS]
        if rows:
            table.append((g.title(lang), [_row(session, kf, county_name, lang) for kf in rows]))
            used += rows
    used += [kf for g in groups_kf for kf in g.rows if kf.indicator.id in FACT_INDICATORS and kf.own is not None]
    trends: list[Trend] = []
    for kf in sorted(used, key=lambda k: (not k.indicator.is_imported, k.indicator.id in FACT_INDICATORS)):
        if len(trends) >= MAX_TRENDS:
            break
        if kf.own is not None and not kf.indicator.is_category and has_trend(session, kf.indicator.id):
            tr = trend(session, "kommune", unit.code, kf.indicator.id, lang)
            if tr.has_series:
                trends.append(tr)
    today = today or dt.date.today()
    date = today.isoformat()
    subtitle = t("municipality", lang).format(code=unit.code, county=county.name if county else "–")
    if unit.name != unit.short_name:
        subtitle = f"{unit.name} · {subtitle}"
    notes = _notes(used, lang)
    from indicators.note_text import note_text

    reasons = dict.fromkeys(note_text(kf.missing.missing, lang) for kf in used if kf.own is None and kf.missing)
    notes[:0] = [f"{'No value' if lang == 'en' else 'Ingen verdi'}: {r}." for r in reasons]
    if not bd.has_own_values:
        notes.insert(0, t("no_own", lang).format(name=unit.short_name))
    columns = [t("indicator", lang), t("own", lang), t("year", lang), county_name or "–", t("norway", lang),
               t("vs", lang), t("rank_in", lang).format(where=county_name or "–"),
               t("rank_in", lang).format(where=kt.country_name(lang))]
    return Profile(
        columns=columns, headline=_headline(session, used, county_name, lang),
        trend_notes=_trend_notes(trends, lang),
        lang=lang, unit=unit, county=county, title=unit.short_name, subtitle=subtitle, kind=t("kind", lang),
        date=date, groups=table, trends=trends, facts=_facts(session, bd, lang), sources=_sources(session, used, lang),
        notes=notes, credit=session.level("kommune").credit(lang), vintage=bd.vintage,
        made=t("made", lang).format(date=date), breakdown=bd)


def file_name(unit: Unit, suffix: str = ".pdf") -> str:
    """'1804-bodo.pdf': the number, then the name in plain letters."""
    from geo.names import slug

    return f"{unit.code}-{slug(unit.short_name)}{suffix}"
