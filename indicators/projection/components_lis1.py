"""The LIS1 need chain of Helsedirektoratet's Tabell 7 (seed 002), per year.

LIS1 = net growth + attrition − converted foreign specialists + direct entrants.
The base scenario (high attrition, same foreign inflow) gives the table's 1 190 a
year; the other columns and the 2017-growth sensitivity follow from the parameters.
"""

from __future__ import annotations

from indicators.projection import national as nat
from indicators.projection.components import NationalComponent, Sentence, _alt_sentence, n, w
from indicators.projection.inputs import inputs

PER_YEAR = ("per år", "a year")


def lis1_components(sc) -> list[NationalComponent]:
    inp = inputs()
    lab = nat.COMPONENT_LABELS
    unit = PER_YEAR
    out: list[NationalComponent] = []

    g = nat.choose(nat.lis1_growth_alternatives(), sc.get("growth"), "ditt eget tall per år", "your own figure a year")
    out.append(NationalComponent("net_growth", round(g.value), g.value, "key", None,
                                 (_alt_sentence(lab["net_growth"], g, round(g.value), unit),)))

    a = nat.choose(nat.lis1_attrition_alternatives(), sc.get("attrition"), "ditt eget tall per år",
                   "your own figure a year")
    out.append(NationalComponent("attrition", round(a.value), a.value, "key", None,
                                 (_alt_sentence(lab["attrition"], a, round(a.value), unit),)))

    conv = inp.get("lis1_behov", "konverterte_spesialister_i_arbeid", "hoy_avgang")
    all_no = inp.get("lis1_behov", "lis1_alle_utdannet_i_norge", "hoy_avgang")
    if sc.get("inflow") == "samme":
        v = -round(conv.value)
        s: Sentence = (
            f"{lab['converted_specialists'][0]}: −{conv.printed} per år – konverterte spesialister fra andre land "
            f"med arbeid i Norge, trukket fra ved samme tilgang som før ({w(conv, 'nb')}).",
            f"{lab['converted_specialists'][1]}: −{conv.printed} a year – converted specialists from other "
            f"countries working in Norway, subtracted at the same inflow as before ({w(conv, 'en')}).",
        )
    else:
        v = 0
        s = (
            f"Alle spesialister utdannes i Norge: de {conv.printed} konverterte spesialistene trekkes ikke fra "
            f"({w(all_no, 'nb')}).",
            f"All specialists trained in Norway: the {conv.printed} converted specialists are not subtracted "
            f"({w(all_no, 'en')}).",
        )
    out.append(NationalComponent("converted_specialists", v, float(v), "key", None, (s,)))

    d = nat.choose(nat.lis1_direct_alternatives(), sc.get("direct_entrants"), "ditt eget tall per år",
                   "your own figure a year")
    s_d = [_alt_sentence(lab["direct_entrants"], d, round(d.value), unit)]
    s_d.append(("De legges til fordi unntaket fra LIS1 er falt bort (Tabell 7, fotnote).",
                "They are added because the exemption from LIS1 has ended (Table 7, note)."))
    if d.id == "tabell":
        text = inp.get("lis1_behov", "direkte_uten_lis1", "tekst")
        s_d.append((f"Teksten oppgir {text.printed} ({w(text, 'nb')}); Legekart bruker tabellens tall.",
                    f"The text gives {text.printed} ({w(text, 'en')}); Legekart uses the table's figure."))
    out.append(NationalComponent("direct_entrants", round(d.value), d.value, "key", None, tuple(s_d)))
    return out


def check_sentences(sc, total: int) -> list[Sentence]:
    """Compare the chain's sum with the figure the source prints for the same choices."""
    inp = inputs()
    growth, attr, inflow, direct = sc.get("growth"), sc.get("attrition"), sc.get("inflow"), sc.get("direct_entrants")
    if attr not in ("hoy", "lav") or direct != "tabell":
        return []
    col = "hoy_avgang" if attr == "hoy" else "lav_avgang"
    if growth == "tabell":
        param = "lis1_samme_tilgang" if inflow == "samme" else "lis1_alle_utdannet_i_norge"
        row = inp.get("lis1_behov", param, col)
        same = round(row.value) == total
        return [(
            f"Summen, {n(total, 'nb')} LIS1 per år, {'er lik' if same else 'avviker fra'} Tabell 7 "
            f"({row.printed}, {w(row, 'nb')}).",
            f"The sum, {n(total, 'en')} LIS1 a year, {'equals' if same else 'differs from'} Table 7 "
            f"({row.printed}, {w(row, 'en')}).",
        )]
    if growth == "vekst_2017" and inflow == "samme":
        row = inp.get("lis1_behov", "lis1_samme_tilgang", f"vekst_2017_{col}")
        add = inp.get("lis1_behov", "sensitivitet_vekst_2017_tillegg", "vekst_2017")
        return [(
            f"Teksten gir {row.printed} LIS1 per år for dette alternativet ({w(row, 'nb')}), fordi den legger "
            f"«omtrent {add.printed}» til Tabell 7 ({w(add, 'nb')}); kjeden gir {n(total, 'nb')} (Legekarts regning).",
            f"The text gives {row.printed} LIS1 a year for this alternative ({w(row, 'en')}), as it adds 'about "
            f"{add.printed}' to Table 7 ({w(add, 'en')}); the chain gives {n(total, 'en')} (Legekart's arithmetic).",
        )]
    return []


def reference_values() -> dict[str, tuple[float, tuple[str, str], str, str]]:
    """Today's and the recommended number of LIS1 positions for Norway, with citations."""
    inp = inputs()
    today = inp.get("lis1_dimensjonering", "lis1_stillinger", "dagens")
    rec = inp.get("lis1_dimensjonering", "lis1_stillinger", "anbefalt")
    return {
        "today": (today.value, ("Dagens stillinger", "Today's positions"), w(today, "nb"), w(today, "en")),
        "recommended": (rec.value, ("Anbefalt (Helsedirektoratet)", "Recommended (Helsedirektoratet)"),
                        w(rec, "nb"), w(rec, "en")),
    }
