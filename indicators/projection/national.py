"""National figures of the projection and their alternatives, all read from the inputs.

Why separate from the regional split: these are the source's own numbers (Tabell 4.1,
4.2, 6 and 7, Menon's normative hours), and the base scenario must reproduce them
exactly. Everything here is for Norway as a whole; :mod:`regional` divides it.
"""

from __future__ import annotations

from dataclasses import dataclass

from indicators.projection.inputs import Input, inputs

TOPICS = ("fastleger", "psykiatere", "lis1")
MODEL = {"fastleger": "fastleger_behov_2035", "psykiatere": "psykiatere_behov_2035"}
SHORTAGE_PARAM = {"fastleger": "mangel_hjemler_totalt", "psykiatere": "mangel_totalt"}

COMPONENTS = {
    "fastleger": ("growth", "retirements", "shortage", "working_hours", "list_norm"),
    "psykiatere": ("growth", "retirements", "shortage"),
    "lis1": ("net_growth", "attrition", "converted_specialists", "direct_entrants"),
}
COMPONENT_LABELS = {
    "growth": ("Økt behov (vekst)", "Growth in need"),
    "retirements": ("Pensjonsavgang", "Retirements"),
    "shortage": ("Dagens mangel", "Current shortage"),
    "working_hours": ("Kortere arbeidsuke", "Shorter working week"),
    "list_norm": ("Kortere lister", "Shorter lists"),
    "net_growth": ("Netto vekst i legeårsverk", "Net growth in doctor FTEs"),
    "attrition": ("Avgang fra yrket", "Attrition"),
    "converted_specialists": ("Konverterte utenlandske spesialister", "Converted foreign specialists"),
    "direct_entrants": ("Direkte i spesialisering uten LIS1", "Direct entrants without LIS1"),
}
UNITS = {
    "fastleger": ("fastleger", "GPs"),
    "psykiatere": ("psykiatere", "psychiatrists"),
    "lis1": ("leger som må gjennom LIS1", "doctors who need LIS1"),
}
TOPIC_LABELS = {
    "fastleger": ("Fastleger", "GPs"),
    "psykiatere": ("Psykiatere", "Psychiatrists"),
    "lis1": ("LIS1-stillinger", "LIS1 positions"),
}


def component_ids(topic: str) -> tuple[str, ...]:
    return COMPONENTS[topic]


@dataclass(frozen=True)
class Alternative:
    """One way to set a national figure, with the inputs it rests on."""

    id: str
    value: float
    label_nb: str
    label_en: str
    used: tuple[Input, ...]
    how_nb: str
    how_en: str


# -- period and base values -----------------------------------------------------------------
def horizon() -> int:
    return int(inputs().value("framskrivning", "horisont"))


def years_count() -> int:
    """Years in the period: the table's total over its own annual figure (3 622 / 259 ≈ 14)."""
    m = MODEL["fastleger"]
    return round(inputs().value(m, "sum_totalt") / inputs().value(m, "sum_per_ar"))


def base_year() -> int:
    return horizon() - years_count()


def years() -> list[int]:
    return list(range(base_year() + 1, horizon() + 1))


def base_retirement_age() -> float:
    return inputs().value("pensjonsavgang", "pensjonsalder", "tekst")


def current_hours() -> float:
    return inputs().value("fastleger_normativ_arbeidstid", "arbeidstimer_per_uke", "dagens")


def current_list_length() -> float:
    return inputs().value("fastleger_grunnlag", "gjennomsnittlig_listelengde", "grunnlag")


def max_list_length() -> float:
    return inputs().value("fastleger_grunnlag", "maks_listelengde", "grunnlag")


# -- the scenario functions -------------------------------------------------------------------
def hours_factor(current: float, target: float) -> float:
    """Extra share of GPs needed when the week goes from ``current`` to ``target`` hours.

    Menon/SØA: the same work in fewer hours needs current/target times the GPs, so
    55,6 → 45 hours needs 55,6 / 45 − 1 ≈ 23,6 % more (the source's "24 prosent").
    """
    if target <= 0:
        raise ValueError("hours must be positive")
    return current / target - 1.0


def list_norm_factor(current: float, norm: float) -> float:
    """Extra share of lists needed when the average list shrinks from ``current`` to ``norm``."""
    if norm <= 0:
        raise ValueError("list length must be positive")
    return current / norm - 1.0


def retirement_scale(n_years: int, age: float, base_age: float) -> float:
    """Share of the source's retirements that fall inside the period at another retirement age.

    The source lets everyone older than (base age − years) in the base year retire by the
    horizon. With equally large one-year cohorts (the table's own annual figure), each
    year of later retirement moves one cohort out of the period, each year earlier adds one.
    """
    return max(0.0, n_years - (age - base_age)) / n_years


# -- alternatives -----------------------------------------------------------------------------
def _alt(id_: str, inp: Input, label_nb: str, label_en: str, how_nb: str, how_en: str,
         value: float | None = None, extra: tuple[Input, ...] = ()) -> Alternative:
    return Alternative(id_, inp.value if value is None else value, label_nb, label_en, (inp, *extra), how_nb, how_en)


def growth_alternatives(topic: str) -> dict[str, Alternative]:
    inp, m = inputs(), MODEL[topic]
    table = inp.get(m, "netto_okning_behov_totalt", "tabell")
    text = inp.get(m, "netto_okning_behov_totalt", "tekst")
    n = years_count()
    if topic == "fastleger":
        lists = inp.get("fastleger_grunnlag", "fastlegelister", "grunnlag")
        rate = inp.get("fastleger_grunnlag", "listevekst_per_ar", "grunnlag")
        trend = lists.value * ((1 + rate.value / 100) ** n - 1)
        return {
            "tabell": _alt("tabell", table, "Tabell 4.1 (SSB)", "Table 4.1 (SSB)",
                           "netto økning i behovet for fastlegeårsverk (SSB)", "net growth in need for GP FTEs (SSB)"),
            "tekst": _alt("tekst", text, f"Teksten: +{text.printed} (fra 2017)",
                          f"Text: +{text.shown('en')} (from 2017)",
                          f"teksten: SSB-anslaget +{text.printed} årsverk, som gjelder 2017–2035 og ikke bare perioden "
                          f"i tabellen", f"the text: SSB's +{text.shown('en')} FTEs, which covers 2017–2035, not just "
                          f"the table's period"),
            "listevekst": _alt("listevekst", lists, "Listevekst som siden 2015", "List growth as since 2015",
                               f"listene vokser {rate.printed} i året, som i snitt siden 2015 ({rate.where('nb')}): "
                               f"{lists.printed} lister × ((1 + {rate.shown('en').replace('.', ',')})^{n} − 1) "
                               f"(Legekarts regning), regnet fra",
                               f"lists grow {rate.shown('en')} a year, as on average since 2015 ({rate.where('en')}): "
                               f"{lists.shown('en')} lists × ((1 + {rate.shown('en')})^{n} − 1) (Legekart's "
                               f"arithmetic), counted from", value=trend, extra=(rate,)),
        }
    per_year = inp.get(m, "netto_okning_behov_per_ar", "tekst")
    ssb = inp.get(m, "netto_okning_legearsverk_psykiatri_totalt", "tekst")
    return {
        "tabell": _alt("tabell", table, "Tabell 4.2 (SSB)", "Table 4.2 (SSB)",
                       "netto økning i behovet for legeårsverk innen psykisk helsevern (SSB)",
                       "net growth in need for doctor FTEs in mental health care (SSB)"),
        "tekst": _alt("tekst", text, f"Teksten: {text.printed} flere", f"Text: {text.shown('en')} more",
                      f"teksten: «{text.printed} flere sysselsatte»", f"the text: '{text.shown('en')} more employed'"),
        "tekst_per_ar": _alt("tekst_per_ar", per_year, f"Teksten: {per_year.printed} per år",
                             f"Text: {per_year.shown('en')} a year",
                             f"teksten: {per_year.printed} legeårsverk per år × {n} år (Legekarts regning)",
                             f"the text: {per_year.shown('en')} doctor FTEs a year × {n} years (Legekart's arithmetic)",
                             value=per_year.value * n),
        "ssb_legearsverk": _alt("ssb_legearsverk", ssb, "SSB: alle leger i psykiatrien",
                                "SSB: all doctors in psychiatry",
                                f"SSB: +{ssb.printed} legeårsverk i psykiatrien (alle leger, ikke bare spesialister)",
                                f"SSB: +{ssb.shown('en')} doctor FTEs in psychiatry (all doctors, not only "
                                f"specialists)"),
    }


def retirement_alternatives(topic: str) -> dict[str, Alternative]:
    inp, m = inputs(), MODEL[topic]
    table = inp.get(m, "pensjonsavgang_totalt", "tabell")
    text = inp.get(m, "pensjonsavgang_totalt", "tekst")
    return {
        "tabell": _alt("tabell", table, f"Tabell 4.{1 if topic == 'fastleger' else 2}",
                       f"Table 4.{1 if topic == 'fastleger' else 2}",
                       "går av med alderspensjon", "retire on an old-age pension"),
        "tekst": _alt("tekst", text, f"Teksten: {text.printed}", f"Text: {text.shown('en')}",
                      f"teksten: om lag {text.printed}", f"the text: about {text.shown('en')}"),
    }


def shortage_alternatives(topic: str) -> dict[str, Alternative]:
    inp, m = inputs(), MODEL[topic]
    table = inp.get(m, SHORTAGE_PARAM[topic], "tabell")
    text = inp.get(m, SHORTAGE_PARAM[topic], "tekst")
    what_nb, what_en = (("mangel på fastlegehjemler", "shortage of GP positions") if topic == "fastleger"
                        else ("mangel på spesialister", "shortage of specialists"))
    return {
        "tabell": _alt("tabell", table, f"Tabell 4.{1 if topic == 'fastleger' else 2}",
                       f"Table 4.{1 if topic == 'fastleger' else 2}", what_nb, what_en),
        "tekst": _alt("tekst", text, f"Teksten: {text.printed}", f"Text: {text.shown('en')}",
                      f"teksten: {text.printed}", f"the text: {text.shown('en')}"),
    }


def lis1_growth_alternatives() -> dict[str, Alternative]:
    inp = inputs()
    t7 = inp.get("lis1_behov", "netto_vekst", "hoy_avgang")
    y17 = inp.get("lis1_behov", "netto_vekst", "vekst_2017")
    out = {
        "tabell": _alt("tabell", t7, "Tabell 7: snitt 2013–2017", "Table 7: mean 2013–2017",
                       "netto vekst i årsverk, gjennomsnitt 2013–2017", "net FTE growth, mean 2013–2017"),
        "vekst_2017": _alt("vekst_2017", y17, "Vekst som i 2017", "Growth as in 2017",
                           "vekst som i 2017 (følsomhetsberegning)", "growth as in 2017 (sensitivity)"),
    }
    for scen, row in inp.alternatives("vekstalternativer", "netto_vekst").items():
        if scen == "fortsatt_vekst_2013_17":
            continue  # the same 670 as Tabell 7
        name = scen.replace("helse_norge_2040_", "Helse-Norge 2040: ").replace("helsemod_", "Helsemod: ")
        name = name.replace("_", " ")
        persons = row.unit.startswith("leger")
        out[scen] = _alt(scen, row, f"Tabell 6 – {name}", f"Table 6 – {name}",
                         f"Tabell 6, {name}" + (" (målt i personer, ikke årsverk)" if persons else ""),
                         f"Table 6, {name}" + (" (counted in persons, not FTEs)" if persons else ""))
    return out


def lis1_attrition_alternatives() -> dict[str, Alternative]:
    inp = inputs()
    hi, lo = inp.get("lis1_behov", "avgang", "hoy_avgang"), inp.get("lis1_behov", "avgang", "lav_avgang")
    return {
        "hoy": _alt("hoy", hi, f"Høy avgang ({hi.printed})", f"High attrition ({hi.printed})",
                    "høy avgang fra yrket, inkl. pensjon", "high attrition, incl. retirement"),
        "lav": _alt("lav", lo, f"Lav avgang ({lo.printed})", f"Low attrition ({lo.printed})",
                    "lav avgang fra yrket, inkl. pensjon", "low attrition, incl. retirement"),
    }


def lis1_direct_alternatives() -> dict[str, Alternative]:
    inp = inputs()
    t, x = inp.get("lis1_behov", "direkte_uten_lis1", "begge"), inp.get("lis1_behov", "direkte_uten_lis1", "tekst")
    return {
        "tabell": _alt("tabell", t, f"Tabell 7 ({t.printed})", f"Table 7 ({t.printed})",
                       "leger som gikk rett i spesialisering uten turnus i 2017",
                       "doctors who went straight into specialisation without internship in 2017"),
        "tekst": _alt("tekst", x, f"Teksten ({x.printed})", f"Text ({x.printed})",
                      f"teksten: {x.printed} i 2017", f"the text: {x.printed} in 2017"),
    }


def choose(alts: dict[str, Alternative], value, own_nb: str, own_en: str) -> Alternative:
    """The alternative a scenario value names, or the user's own number."""
    if isinstance(value, str):
        return alts[value]
    return Alternative("eget", float(value), "Eget tall", "Own figure", (), own_nb, own_en)
