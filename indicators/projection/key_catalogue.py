"""The named keys a planner can choose, built from the session's observations.

Why a catalogue: the CLI (``key=lister``), the panel's key selector and the
assumption sentences must agree on what each key means and where it comes from.
Imported municipality indicators (e.g. population) become keys as
``indicator:<id>``.
"""

from __future__ import annotations

import math

from geo.gazetteer import gazetteer
from indicators import format as fmt
from indicators.observations import period_key
from indicators.projection.errors import KeyBuildError
from indicators.projection.inputs import source_title, table_name
from indicators.projection.keys import (
    INDICATOR_PREFIX,
    Key,
    kommune_values,
    old_county_to_kommune,
    sum_to_levels,
)
from indicators.session import Session

#: built-in key ids → (label nb, label en)
BUILTIN = {
    "lister": ("Andel fastlegelister", "Share of GP lists"),
    "lister_uten_fast_lege": ("Lister uten fast lege", "Lists without a permanent GP"),
    "psykiatri_rhf": ("Ekstra psykiaterstillinger per RHF, så lister", "Extra psychiatrist posts per RHF, then lists"),
    "lis1_rhf": ("LIS1-stillinger per RHF, så lister", "LIS1 positions per RHF, then lists"),
    "kommuner": ("Antall kommuner (grov)", "Number of municipalities (crude)"),
    "befolkning": ("Folketall (SSB, 1.1.2020)", "Population (SSB, 1 Jan 2020)"),
}
#: how a 2019 county's figure is divided among its municipalities (for the HF areas):
#: by population (SSB 07459, 1 January 2020) — the old equal split is kept as an option
SPLIT_DEFAULT = "befolkning"
SPLIT_EQUAL = "kommuner"
POPULATION = "folketall"


def _rows(session: Session, indicator: str, level: str, vintage: str | None):
    """One row per unit (latest period, printed before derived) of one vintage."""
    f = session.observations.frame
    df = f[(f["indicator"] == indicator) & (f["level"] == level) & f["value"].notna()]
    if vintage is not None:
        df = df[df["vintage"] == vintage]
    if df.empty:
        raise KeyBuildError(f"no {indicator} values at {level} level")
    df = df.assign(_p=df["period"].map(period_key), _d=df["derived"].astype(int))
    df = df.sort_values(["_p", "_d"], ascending=[False, True], kind="stable").drop_duplicates("code")
    return df.drop(columns=["_p", "_d"]).sort_values("code").reset_index(drop=True)


def _span(df) -> str:
    """Cited lines as compact text: '519–536' or '708, 787'."""
    nums: set[int] = set()
    for spec in df["seed_lines"]:
        for part in str(spec).split(";"):
            a, _, b = part.strip().partition("-")
            if a.isdigit():
                nums.update(range(int(a), int(b or a) + 1))
    runs: list[list[int]] = []
    for x in sorted(nums):
        if runs and x == runs[-1][-1] + 1:
            runs[-1].append(x)
        else:
            runs.append([x])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _cite(df, lang: str) -> str:
    src = df["source"].iloc[0]
    table = df["table"].iloc[0]
    if lang == "en":
        return f"source {src} ({source_title(src)}), {table_name(table, 'en')}, lines {_span(df)}"
    return f"kilde {src} ({source_title(src)}), {table}, linje {_span(df)}"


def split_weights(session: Session, split: str) -> tuple[dict[str, float] | None, str, str, bool]:
    """Municipality weights (2020 codes) used to divide a county's figure among HF areas."""
    if split in ("", SPLIT_DEFAULT):
        values, missing = kommune_values(session, POPULATION, "2020")
        if values:
            year = _population_year(session, "2020")
            return (
                values,
                f"i forhold til folketallet 1. januar {year} (SSB tabell 07459)",
                f"in proportion to the population on 1 January {year} (SSB table 07459)",
                bool(missing),
            )
        split = SPLIT_EQUAL
    if split == SPLIT_EQUAL:
        return (
            None,
            "med lik vekt per kommune (en grov tilnærming, fordi kildene ikke har tall per kommune)",
            "with equal weight per municipality (a crude proxy, because the sources hold no figures per "
            "municipality)",
            True,
        )
    if not split.startswith(INDICATOR_PREFIX):
        raise KeyBuildError(f"unknown split {split!r}; use {SPLIT_DEFAULT} or {INDICATOR_PREFIX}<indicator id>")
    ind_id = split[len(INDICATOR_PREFIX):]
    values, missing = kommune_values(session, ind_id)
    if not values:
        raise KeyBuildError(f"indicator {ind_id!r} has no municipality values to split by")
    name_nb, name_en = _indicator_names(session, ind_id)
    gap_nb = f" ({missing} kommuner uten verdi teller som null)" if missing else ""
    gap_en = f" ({missing} municipalities without a value count as zero)" if missing else ""
    return (
        values,
        f"i forhold til «{name_nb}» per kommune (importert){gap_nb}",
        f"in proportion to '{name_en}' per municipality (imported){gap_en}",
        bool(missing),
    )


def _indicator_names(session: Session, ind_id: str) -> tuple[str, str]:
    try:
        ind = session.indicator(ind_id)
        return ind.name_nb, ind.name_en
    except KeyError:
        return ind_id, ind_id


def list_key(session: Session, indicator: str = "fastlegelister", split: str = SPLIT_DEFAULT,
             key_id: str = "lister") -> Key:
    """Shares of a Tabell 3 count (all GP lists, or lists without a permanent GP)."""
    rhf_rows = _rows(session, indicator, "helseregion", None)
    f20 = _rows(session, indicator, "fylke", session.map_vintage)  # the counties of the map shown
    f19 = _rows(session, indicator, "fylke", "2019")
    f19 = f19[~f19["derived"]]
    split_w, split_nb, split_en, split_crude = split_weights(session, split)
    kommune_w = old_county_to_kommune(dict(zip(f19["code"], f19["value"])), split_w)
    hf = sum_to_levels(kommune_w, "2020")["helseforetak"]  # HF areas: the same territory on both maps
    notes = {}
    for level, df in (("fylke", f20), ("helseregion", rhf_rows)):
        for _, r in df[df["approximate"]].iterrows():
            notes[(level, r["code"])] = r["note"]
    what_nb, what_en = ("fastlegelister (alle lister, også de uten fast lege)", "GP lists (all lists, including "
                        "those without a permanent GP)") if indicator == "fastlegelister" else (
        "fastlegelister uten fast lege", "GP lists without a permanent GP")
    total = fmt.number(float(f19["value"].sum()), "nb", 0)
    total_en = fmt.number(float(f19["value"].sum()), "en", 0)
    label_nb, label_en = BUILTIN.get(key_id, (key_id, key_id))
    return Key(
        id=key_id,
        label_nb=label_nb,
        label_en=label_en,
        helseregion=dict(zip(rhf_rows["code"], rhf_rows["value"].astype(float))),
        fylke=dict(zip(f20["code"], f20["value"].astype(float))),
        helseforetak=hf,
        explain_nb=(
            f"Andel av {what_nb} per fylke, desember 2019 ({total} i alt; {_cite(f19, 'nb')}). Legekart har "
            f"summert de gamle fylkene til {session.map_vintage}-fylker og helseregioner (omtrentlig der kommuner "
            f"flyttet over en fylkesgrense)."
        ),
        explain_en=(
            f"Share of {what_en} per county, December 2019 ({total_en} in all; {_cite(f19, 'en')}). Legekart "
            f"summed the old counties to {session.map_vintage} counties and health regions (approximate where "
            f"municipalities moved across a county border)."
        ),
        hf_nb=(f"HF-områder følger ikke fylkesgrensene: tallet for hvert gamle fylke (2019) er fordelt på "
               f"kommunene {split_nb} og summert per HF-område."),
        hf_en=(f"HF areas do not follow county borders: each old (2019) county's figure is divided among its "
               f"municipalities {split_en} and summed per HF area."),
        crude_levels=("helseforetak",) if split_crude else (),
        notes=notes, vintage=session.map_vintage,
    )


def region_then_lists(session: Session, indicator: str, within: Key, key_id: str) -> Key:
    """Health-region weights from a regional measure; inside each region, ``within``."""
    df = _rows(session, indicator, "helseregion", None)
    vals = dict(zip(df["code"], df["value"].astype(float)))
    names = {u.code: u.name for u in gazetteer(session.map_vintage).level_units("helseregion")}
    parts_nb = ", ".join(f"{names.get(c, c)} {fmt.number(v, 'nb')}" for c, v in vals.items())
    parts_en = ", ".join(f"{names.get(c, c)} {fmt.number(v, 'en')}" for c, v in vals.items())
    what_nb, what_en = {
        "psykiatri_ekstra_stillinger": ("ekstra psykiaterstillinger enhetene sier de trenger (SØA-undersøkelsen "
                                        "2021; ikke alle enheter svarte)",
                                        "extra psychiatrist positions the units say they need (SØA survey 2021; "
                                        "not every unit answered)"),
        "lis1_stillinger": ("dagens LIS1-stillinger per år (oktober 2018)",
                            "today's LIS1 positions per year (October 2018)"),
    }.get(indicator, (indicator, indicator))
    label_nb, label_en = BUILTIN.get(key_id, (key_id, key_id))
    parts_nb, parts_en = _parts_vs_total(session, indicator, vals, parts_nb, parts_en)
    return Key(
        id=key_id, label_nb=label_nb, label_en=label_en,
        helseregion=vals, fylke=within.fylke, helseforetak=within.helseforetak,
        explain_nb=(f"Fordelt på helseregionene etter {what_nb}: {parts_nb} ({_cite(df, 'nb')}). "
                    f"Innenfor regionen: {within.explain_nb}"),
        explain_en=(f"Divided among the health regions by {what_en}: {parts_en} ({_cite(df, 'en')}). "
                    f"Within the region: {within.explain_en}"),
        hf_nb=within.hf_nb, hf_en=within.hf_en,
        crude_levels=within.crude_levels, notes=within.notes, vintage=within.vintage,
    )


def _parts_vs_total(session: Session, indicator: str, vals: dict[str, float], nb: str, en: str) -> tuple[str, str]:
    """Add a remark when the printed national total differs from the sum of the regional parts."""
    try:
        land = _rows(session, indicator, "land", None)
    except KeyBuildError:
        return nb, en
    printed, parts = float(land["value"].iloc[0]), math.fsum(vals.values())
    if abs(printed - parts) < 1e-9:
        return nb, en
    return (f"{nb}; delene summerer til {fmt.number(parts, 'nb')}, mens kilden oppgir {fmt.number(printed, 'nb')} "
            f"totalt – Legekart bruker delene som vekter",
            f"{en}; the parts sum to {fmt.number(parts, 'en')} while the source prints {fmt.number(printed, 'en')} "
            f"in all – Legekart uses the parts as weights")


def municipalities_key(vintage: str = "2020") -> Key:
    """Every municipality counts the same: a crude proxy, offered for comparison only."""
    levels = sum_to_levels({u.code: 1.0 for u in gazetteer(vintage).level_units("kommune")}, vintage)
    nb, en = BUILTIN["kommuner"]
    return Key(
        id="kommuner", label_nb=nb, label_en=en, **levels,
        explain_nb=f"Antall kommuner ({vintage}) i området – en grov tilnærming som ikke tar hensyn til folketall.",
        explain_en=f"Number of municipalities ({vintage}) in the area – a crude proxy that ignores population.",
        crude_levels=("fylke", "helseregion", "helseforetak"), vintage=vintage,
    )


def _population_year(session: Session, vintage: str) -> str:
    """The latest year of the population per municipality (2020 bundled; later after an SSB update)."""
    periods = session.observations.periods(POPULATION, "kommune", vintage=vintage)
    return periods[-1] if periods else "2020"


def population_key(session: Session) -> Key:
    """Shares of the population (SSB 07459, latest 1 January), summed per area of the map shown."""
    vintage = session.map_vintage
    year = _population_year(session, vintage)
    values, missing = kommune_values(session, POPULATION, vintage)
    if not values:
        raise KeyBuildError("no population values per municipality")
    nb, en = BUILTIN["befolkning"]
    gap_nb = f" {missing} kommuner uten folketall på dette kartet teller som null." if missing else ""
    gap_en = f" {missing} municipalities without a population on this map count as zero." if missing else ""
    return Key(
        id="befolkning", label_nb=nb, label_en=en, **sum_to_levels(values, vintage),
        explain_nb=f"Andel av folketallet 1. januar {year} (SSB tabell 07459), summert per område.{gap_nb}",
        explain_en=f"Share of the population on 1 January {year} (SSB table 07459), summed per area.{gap_en}",
        crude_levels=("fylke", "helseregion", "helseforetak") if missing else (), vintage=vintage,
    )


def indicator_key(session: Session, ind_id: str) -> Key:
    """A key from an imported municipality indicator, e.g. population (summed to each level)."""
    vintage = session.map_vintage
    values, missing = kommune_values(session, ind_id, vintage)
    if not values or math.fsum(values.values()) <= 0:
        raise KeyBuildError(f"indicator {ind_id!r} has no municipality values to use as a key")
    name_nb, name_en = _indicator_names(session, ind_id)
    gap_nb = f"; {missing} kommuner uten verdi teller som null" if missing else ""
    gap_en = f"; {missing} municipalities without a value count as zero" if missing else ""
    return Key(
        id=INDICATOR_PREFIX + ind_id, label_nb=name_nb, label_en=name_en, **sum_to_levels(values, vintage),
        explain_nb=f"Andel av «{name_nb}» (importert, siste periode per kommune, summert per område{gap_nb}).",
        explain_en=f"Share of '{name_en}' (imported, latest period per municipality, summed per area{gap_en}).",
        crude_levels=("fylke", "helseregion", "helseforetak") if missing else (), vintage=vintage,
    )


def build_key(session: Session, key_id: str, split: str = SPLIT_DEFAULT) -> Key:
    """Resolve a key id (built-in or ``indicator:<id>``) to a :class:`Key`."""
    if key_id == "lister":
        return list_key(session, "fastlegelister", split, "lister")
    if key_id == "lister_uten_fast_lege":
        return list_key(session, "lister_uten_fast_lege", split, "lister_uten_fast_lege")
    if key_id == "psykiatri_rhf":
        return region_then_lists(session, "psykiatri_ekstra_stillinger", list_key(session, split=split), key_id)
    if key_id == "lis1_rhf":
        return region_then_lists(session, "lis1_stillinger", list_key(session, split=split), key_id)
    if key_id == "kommuner":
        return municipalities_key(session.map_vintage)
    if key_id == "befolkning":
        return population_key(session)
    if key_id.startswith(INDICATOR_PREFIX):
        return indicator_key(session, key_id[len(INDICATOR_PREFIX):])
    raise KeyBuildError(f"unknown key {key_id!r}; choose {', '.join(BUILTIN)} or {INDICATOR_PREFIX}<indicator id>")


def available_keys(session: Session) -> list[tuple[str, str, str]]:
    """(id, label nb, label en) of every key usable in this session, built-ins first."""
    out = [(k, nb, en) for k, (nb, en) in BUILTIN.items()]
    for ind in session.catalogue:
        if ind.kind in ("count", "rate") and ind.is_imported:
            values, _ = kommune_values(session, ind.id, session.map_vintage)
            if values:
                out.append((INDICATOR_PREFIX + ind.id, ind.name_nb, ind.name_en))
    return out


def split_options(session: Session) -> list[tuple[str, str, str]]:
    out = [(SPLIT_DEFAULT, "Etter folketall (SSB, 2020)", "By population (SSB, 2020)"),
           (SPLIT_EQUAL, "Likt per kommune (grov)", "Equal per municipality (crude)")]
    out += [k for k in available_keys(session) if k[0].startswith(INDICATOR_PREFIX)]
    return out
