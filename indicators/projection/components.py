"""National components of a scenario, each with the sentences that say how it was made.

Why sentences here: the number and its explanation are computed in the same place,
so the words on the panel and in exports cannot drift from the arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators import format as fmt
from indicators.projection import national as nat
from indicators.projection.inputs import Input, inputs

Sentence = tuple[str, str]  # (nb, en)


@dataclass(frozen=True)
class NationalComponent:
    id: str
    #: whole number for Norway: total over the period, or per year for LIS1
    value: int
    exact: float
    #: which scenario parameter names the key that splits it among regions
    key_param: str
    #: spread over the first ``active_years`` years (None: constant every year, LIS1)
    active_years: int | None
    sentences: tuple[Sentence, ...] = field(default_factory=tuple)


def n(v: float, lang: str, decimals: int | None = None) -> str:
    return fmt.number(v, lang, decimals)


def w(inp: Input, lang: str) -> str:
    return inp.where(lang)


def _disagreement(model: str, parameter: str, used: nat.Alternative | None) -> list[Sentence]:
    """Say where the source's text prints another figure than its table (total and per year)."""
    if used is not None and used.id != "tabell":
        return []
    out: list[Sentence] = []
    for param in (parameter, parameter.replace("_totalt", "_per_ar")):
        alts = inputs().alternatives(model, param)
        table, text = alts.get("tabell"), alts.get("tekst")
        if table is None or text is None or text.value == table.value:
            continue
        out.append((
            f"Kildens tekst oppgir {text.printed}{' per år' if param.endswith('_per_ar') else ''} "
            f"({w(text, 'nb')}), mens tabellen har {table.printed}; Legekart bruker tabellens tall.",
            f"The source's text gives {text.shown('en')}{' a year' if param.endswith('_per_ar') else ''} "
            f"({w(text, 'en')}) where its table has {table.shown('en')}; Legekart uses the table's figure.",
        ))
    return out


def sum_disagreement(topic: str) -> list[Sentence]:
    """The text's rounded sums next to the table's (3 600 vs 3 622, 1 400 vs 1 399)."""
    return _disagreement(nat.MODEL[topic], "sum_totalt", None)


def _alt_sentence(label: Sentence, alt: nat.Alternative, value: int, unit: Sentence,
                  horizon: int | None = None) -> Sentence:
    cite_nb = f" ({w(alt.used[0], 'nb')})" if alt.used else " (ditt eget tall)"
    cite_en = f" ({w(alt.used[0], 'en')})" if alt.used else " (your own figure)"
    to_nb, to_en = (f" fram mot {horizon}", f" to {horizon}") if horizon else ("", "")
    return (
        f"{label[0]}: {n(value, 'nb')} {unit[0]} for hele landet{to_nb} – {alt.how_nb}{cite_nb}.",
        f"{label[1]}: {n(value, 'en')} {unit[1]} for all of Norway{to_en} – {alt.how_en}{cite_en}.",
    )


def gp_components(topic: str, sc) -> list[NationalComponent]:
    """Growth, retirements and shortage (and for GPs working week and list length)."""
    model, H, horizon = nat.MODEL[topic], nat.years_count(), nat.horizon()
    unit = nat.UNITS[topic]
    lab = nat.COMPONENT_LABELS
    out: list[NationalComponent] = []

    # growth
    g_alt = nat.choose(nat.growth_alternatives(topic), sc.get("growth"),
                       "ditt eget landstall", "your own national figure")
    pct = float(sc.get("growth_pct"))
    g_exact = g_alt.value * pct / 100
    g = round(g_exact)
    s = [_alt_sentence(lab["growth"], g_alt, g, unit, horizon)]
    if pct != 100:
        s.append((f"Veksten er satt til {n(pct, 'nb')} % av alternativet ({n(g_alt.value, 'nb')}), ditt valg.",
                  f"Growth is set to {n(pct, 'en')} % of the alternative ({n(g_alt.value, 'en')}), your choice."))
    s += _disagreement(model, "netto_okning_behov_totalt", g_alt)
    out.append(NationalComponent("growth", g, g_exact, "key", H, tuple(s)))

    # retirements
    r_alt = nat.choose(nat.retirement_alternatives(topic), sc.get("retirements"),
                       "ditt eget landstall", "your own national figure")
    age, base_age = float(sc.get("retirement_age")), nat.base_retirement_age()
    r_exact = r_alt.value * nat.retirement_scale(H, age, base_age)
    r = round(r_exact)
    age_in = inputs().get("pensjonsavgang", "pensjonsalder", "tekst")
    young = inputs().get("pensjonsavgang", "alder_2021_gar_av_innen_horisont", "tekst")
    s = [_alt_sentence(lab["retirements"], r_alt, round(r_alt.value), unit, horizon)]
    s.append((
        f"Kilden antar pensjon ved {age_in.printed} år ({w(age_in, 'nb')}), slik at alle som er over "
        f"{young.printed} år i {nat.base_year()} går av innen utgangen av {horizon} ({w(young, 'nb')}).",
        f"The source assumes retirement at {age_in.printed} ({w(age_in, 'en')}), so everyone older than "
        f"{young.printed} in {nat.base_year()} retires by the end of {horizon} ({w(young, 'en')}).",
    ))
    if age != base_age:
        d = age - base_age
        s.append((
            f"Med pensjonsalder {n(age, 'nb')} år flyttes {n(abs(d), 'nb')} årskull {'ut av' if d > 0 else 'inn i'} "
            f"perioden. Legekart antar like store årskull (kildens eget årstall), så avgangen blir "
            f"{n(r_alt.value, 'nb')} × ({H} − ({n(age, 'nb')} − {n(base_age, 'nb')})) / {H} = {n(r, 'nb')} "
            f"(Legekarts regning).",
            f"With retirement at {n(age, 'en')}, {n(abs(d), 'en')} one-year cohorts move "
            f"{'out of' if d > 0 else 'into'} the period. Legekart assumes equally large cohorts (the source's own "
            f"annual figure), so retirements become {n(r_alt.value, 'en')} × ({H} − ({n(age, 'en')} − "
            f"{n(base_age, 'en')})) / {H} = {n(r, 'en')} (Legekart's arithmetic).",
        ))
    s += _disagreement(model, "pensjonsavgang_totalt", r_alt)
    out.append(NationalComponent("retirements", r, r_exact, "retirement_key", H, tuple(s)))

    # current shortage
    m_alt = nat.choose(nat.shortage_alternatives(topic), sc.get("shortage"),
                       "ditt eget landstall", "your own national figure")
    m = round(m_alt.value)
    k = int(sc.get("shortage_years"))
    s = [_alt_sentence(lab["shortage"], m_alt, m, unit)]
    if k < H:
        s.append((f"Dagens mangel dekkes i løpet av de første {k} årene (ditt valg; kilden fordeler den jevnt "
                  f"over {H} år).",
                  f"The current shortage is filled within the first {k} years (your choice; the source spreads "
                  f"it evenly over {H} years)."))
    s += _disagreement(model, nat.SHORTAGE_PARAM[topic], m_alt)
    out.append(NationalComponent("shortage", m, m_alt.value, "shortage_key", k, tuple(s)))

    if topic == "fastleger":
        out += _gp_norm_components(sc, H)
    return out


def _gp_norm_components(sc, H: int) -> list[NationalComponent]:
    """Working week (Menon/SØA) and list length: extra GPs if the norm changes."""
    inp = inputs()
    k = int(sc.get("phase_in_years"))
    phase = ((f" Innfaset jevnt over {k} år.", f" Phased in evenly over {k} years.") if k != H
             else (" Innfaset jevnt over perioden.", " Phased in evenly over the period."))
    out: list[NationalComponent] = []

    h0_in = inp.get("fastleger_normativ_arbeidstid", "arbeidstimer_per_uke", "dagens")
    h1_in = inp.get("fastleger_normativ_arbeidstid", "maltimer_per_uke", "normativ")
    gps = inp.get("fastleger_grunnlag", "fastleger", "grunnlag")
    soa = inp.get("fastleger_normativ_arbeidstid", "behov_flere_fastleger", "normativ")
    pct_in = inp.get("fastleger_normativ_arbeidstid", "reduksjon_andel", "normativ")
    h = float(sc.get("hours"))
    f = nat.hours_factor(h0_in.value, h)
    exact = gps.value * f
    v = round(exact)
    if h == h0_in.value:
        s = [(f"Arbeidsuke: uendret {h0_in.printed} timer ({w(h0_in, 'nb')}); ingen ekstra behov.",
              f"Working week: unchanged at {n(h0_in.value, 'en')} hours ({w(h0_in, 'en')}); no extra need.")]
    else:
        s = [(
            f"Arbeidsuke fra {h0_in.printed} til {n(h, 'nb')} timer: {h0_in.printed} / {n(h, 'nb')} − 1 = "
            f"{n(f * 100, 'nb', 1)} % flere fastleger (Menon/SØA-metoden, {w(pct_in, 'nb')}). Av "
            f"{gps.printed} fastleger ({w(gps, 'nb')}) gir det {n(v, 'nb')} for hele landet.{phase[0]}",
            f"Working week from {n(h0_in.value, 'en')} to {n(h, 'en')} hours: {n(h0_in.value, 'en')} / "
            f"{n(h, 'en')} − 1 = {n(f * 100, 'en', 1)} % more GPs (the Menon/SØA method, {w(pct_in, 'en')}). "
            f"Of {n(gps.value, 'en')} GPs ({w(gps, 'en')}) that gives {n(v, 'en')} for all of Norway.{phase[1]}",
        )]
    s.append((
        f"Til sammenligning regner kilden {h1_in.printed} timer til {soa.printed} flere fastleger "
        f"({w(soa, 'nb')}); den kaller {pct_in.printed} en «reduksjon», men det er økningen i antall fastleger "
        f"(timene går ned {n((1 - h1_in.value / h0_in.value) * 100, 'nb', 0)} %, Legekarts regning).",
        f"For comparison the source puts {n(h1_in.value, 'en')} hours at {n(soa.value, 'en')} more GPs "
        f"({w(soa, 'en')}); it calls {pct_in.shown('en')} a 'reduction', but that is the increase in GPs "
        f"(hours fall by {n((1 - h1_in.value / h0_in.value) * 100, 'en', 0)} %, Legekart's arithmetic).",
    ))
    out.append(NationalComponent("working_hours", v, exact, "key", k, tuple(s)))

    avg = inp.get("fastleger_grunnlag", "gjennomsnittlig_listelengde", "grunnlag")
    lists = inp.get("fastleger_grunnlag", "fastlegelister", "grunnlag")
    L = float(sc.get("list_norm"))
    exact = lists.value * nat.list_norm_factor(avg.value, L)
    v = round(exact)
    if L == avg.value:
        s = [(f"Listelengde: uendret, {avg.printed} innbyggere per liste i snitt ({w(avg, 'nb')}); ingen ekstra "
              f"behov.", f"List length: unchanged at {n(avg.value, 'en')} patients per list on average "
              f"({w(avg, 'en')}); no extra need.")]
    else:
        s = [(
            f"Listelengde {n(L, 'nb')} i stedet for {avg.printed} ({w(avg, 'nb')}): {lists.printed} lister "
            f"({w(lists, 'nb')}) × ({avg.printed} / {n(L, 'nb')} − 1) = {n(v, 'nb')} lister som trenger en "
            f"fastlege (Legekarts regning).{phase[0]} Arbeidsuke og listelengde er to ulike grep; brukt "
            f"sammen kan de telle samme behov to ganger.",
            f"List length {n(L, 'en')} instead of {n(avg.value, 'en')} ({w(avg, 'en')}): {n(lists.value, 'en')} "
            f"lists ({w(lists, 'en')}) × ({n(avg.value, 'en')} / {n(L, 'en')} − 1) = {n(v, 'en')} lists that need "
            f"a GP (Legekart's arithmetic).{phase[1]} Working week and list length are two different levers; "
            f"used together they may count the same need twice.",
        )]
    out.append(NationalComponent("list_norm", v, exact, "key", k, tuple(s)))
    return out
