"""Regional projections: national components × distribution keys, per year to the horizon.

Why this shape: the seeds only give Norway. Legekart divides each national component
among regions with a key (in whole persons, sums exact), spreads it over the years
as the source does, and writes down every step as a sentence.
"""

from __future__ import annotations

from geo.gazetteer import gazetteer
from geo.levels import LAND, LAND_CODE
from indicators import format as fmt
from indicators.projection import national as nat
from indicators.projection.apportion import spread
from indicators.projection.components import NationalComponent, gp_components, sum_disagreement
from indicators.projection.components_lis1 import check_sentences, lis1_components, reference_values
from indicators.projection.errors import UnknownRegion
from indicators.projection.inputs import inputs, table_name
from indicators.projection.key_catalogue import SPLIT_DEFAULT, build_key
from indicators.projection.keys import Key
from indicators.projection.result import MODEL_NOTE, Projection, Sentence
from indicators.projection.scenario import Scenario
from indicators.session import Session

LEVELS = ("fylke", "helseregion", "helseforetak")


def national_components(scenario: Scenario) -> list[NationalComponent]:
    if scenario.topic == "lis1":
        return lis1_components(scenario)
    return gp_components(scenario.topic, scenario)


def resolve_region(level: str, code: str, vintage: str = "2024") -> tuple[str, str, str]:
    """(level, code, name) for a code, id or exact name on the ``vintage`` map; UnknownRegion otherwise."""
    if level == LAND:
        return LAND, LAND_CODE, "Norge"
    if level not in LEVELS:
        raise UnknownRegion(f"unknown level {level!r}; choose one of {', '.join((*LEVELS, LAND))}")
    gaz = gazetteer(vintage)
    unit = gaz.find(level, code)
    if unit is None:
        hits = gaz.by_name(code, level)
        if len(hits) == 1:
            unit = hits[0]
    if unit is None:
        known = ", ".join(u.code for u in gaz.level_units(level))
        raise UnknownRegion(f"unknown {level} {code!r}; known: {known}")
    return level, unit.code, unit.name


_KEY_CACHE: dict[tuple, tuple[object, Key]] = {}


def _cached_key(session: Session, key_id: str, split: str) -> Key:
    """Keys depend only on the session's observations, so reuse them until an import changes the frame.

    Why: the panel recomputes on every control change; building a key reads the
    crosswalk and regroups the observations (~15 ms each).
    """
    frame = session.observations.frame
    names = tuple(sorted((i.id, i.name_nb) for i in session.catalogue if i.is_imported))
    ck = (id(frame), names, key_id, split, session.map_vintage)
    hit = _KEY_CACHE.get(ck)
    if hit is not None and hit[0] is frame:
        return hit[1]
    key = build_key(session, key_id, split)
    if len(_KEY_CACHE) > 64:
        _KEY_CACHE.clear()
    _KEY_CACHE[ck] = (frame, key)  # holding the frame keeps its id from being reused
    return key


def _keys(session: Session, scenario: Scenario, comps: list[NationalComponent]) -> dict[str, Key]:
    """One Key per component."""
    split = scenario.get("split") or SPLIT_DEFAULT
    return {c.id: _cached_key(session, scenario.get(c.key_param) or scenario.get("key"), split) for c in comps}


def _series(comp: NationalComponent, value: int, n_years: int) -> list[int]:
    if comp.active_years is None:  # LIS1: the same figure every year
        return [value] * n_years
    return spread(value, n_years, comp.active_years)


def project_all(session: Session, scenario: Scenario,
                levels: tuple[str, ...] = LEVELS) -> dict[tuple[str, str], Projection]:
    """Every unit of the given levels (no local figures: those belong to one region)."""
    comps = national_components(scenario)
    keys = _keys(session, scenario, comps)
    out = {}
    for level in levels:
        shares = {c.id: keys[c.id].apportion(c.value, level) for c in comps}
        for unit in gazetteer(session.map_vintage).level_units(level):
            values = {c.id: shares[c.id][unit.code] for c in comps}
            out[(level, unit.code)] = _build(session, scenario, level, unit.code, unit.name, comps, keys, values, {})
    return out


def project(session: Session, level: str, code: str, topic: str = "fastleger",
            scenario: Scenario | None = None) -> Projection:
    """The projection of one region (or Norway with level 'land') under a scenario."""
    scenario = scenario or Scenario.base(topic)
    if scenario.topic != topic:
        raise ValueError(f"scenario is for {scenario.topic}, not {topic}")
    level, code, name = resolve_region(level, code, session.map_vintage)
    comps = national_components(scenario)
    keys = _keys(session, scenario, comps) if level != LAND else {}
    values, local = {}, {}
    for c in comps:
        values[c.id] = c.value if level == LAND else keys[c.id].apportion(c.value, level)[code]
        own = scenario.local(c.id)
        if own is not None:
            local[c.id] = (values[c.id], round(own))
            values[c.id] = round(own)
    return _build(session, scenario, level, code, name, comps, keys, values, local)


def _build(session: Session, scenario: Scenario, level: str, code: str, name: str, comps: list[NationalComponent],
           keys: dict[str, Key], values: dict[str, int], local: dict[str, tuple[int, int]]) -> Projection:
    years = nat.years()
    components = {c.id: _series(c, values[c.id], len(years)) for c in comps}
    key_info = {
        c.id: {"id": keys[c.id].id, "label_nb": keys[c.id].label_nb, "label_en": keys[c.id].label_en,
               "share": round(keys[c.id].share(level, code), 6)}
        for c in comps if c.id in keys
    }
    p = Projection(
        level=level, code=code, name=name, topic=scenario.topic, scenario=scenario,
        base_year=nat.base_year(), years=years, components=components,
        national={c.id: c.value for c in comps}, keys=key_info, assumptions=[],
    )
    if scenario.topic == "lis1":
        p.reference = _lis1_reference(session, keys, level, code)
    p.assumptions = _sentences(p, comps, keys, values, local)
    return p


def _lis1_reference(session: Session, keys: dict[str, Key], level: str, code: str) -> dict[str, dict]:
    """Today's and the recommended positions, split with the same key; measured per RHF where printed."""
    key = next(iter(keys.values()), None)
    out = {}
    for rid, (value, label, where_nb, where_en) in reference_values().items():
        regional = value if key is None else key.apportion(round(value), level)[code]
        out[rid] = {"national": value, "region": regional, "label_nb": label[0], "label_en": label[1],
                    "source_nb": where_nb, "source_en": where_en}
    if level == "helseregion":
        rows = session.select("lis1_stillinger", "helseregion", code=code)
        if not rows.empty:
            r = rows.iloc[-1]
            out["measured"] = {"region": float(r["value"]), "period": r["period"], "source": r["source"],
                               "table": r["table"], "seed_lines": r["seed_lines"]}
    return out


def _sentences(p: Projection, comps: list[NationalComponent], keys: dict[str, Key], values: dict[str, int],
               local: dict[str, tuple[int, int]]) -> list[Sentence]:
    s: list[Sentence] = []
    regional = p.level != LAND
    if regional:
        s.append(MODEL_NOTE)
    y0, y1, H = p.years[0], p.years[-1], len(p.years)
    if p.topic == "lis1":
        s.append((f"Tabell 7 gir et behov per år; Legekart bruker det samme tallet hvert år {y0}–{y1}, så "
                  f"kumulativt behov er {H} × behovet per år.",
                  f"Table 7 gives a need per year; Legekart uses the same figure every year {y0}–{y1}, so the "
                  f"cumulative need is {H} × the need per year."))
    else:
        m = nat.MODEL[p.topic]
        tot, per = inputs().get(m, "sum_totalt"), inputs().get(m, "sum_per_ar")
        s.append((f"Perioden er {H} år ({y0}–{y1}): kildens sum {tot.printed} delt på årstallet {per.printed} gir "
                  f"{H} år ({tot.where('nb')}; Legekarts regning). Hver komponent fordeles jevnt over årene, "
                  f"som kildens årlige tall, om ikke annet er valgt.",
                  f"The period is {H} years ({y0}–{y1}): the source's total {tot.printed} over its annual figure "
                  f"{per.printed} gives {H} years ({tot.where('en')}; Legekart's arithmetic). Each component is "
                  f"spread evenly over the years, like the source's annual figures, unless chosen otherwise."))
        s += sum_disagreement(p.topic)
    for c in comps:
        s.extend(c.sentences)
        if regional and (c.value or c.id in local):
            lab = nat.COMPONENT_LABELS[c.id]
            s.append((f"→ {p.name}: {fmt.number(values[c.id], 'nb')} av {fmt.number(c.value, 'nb')} "
                      f"(nøkkel: {keys[c.id].label('nb')}).",
                      f"→ {p.name}: {fmt.number(values[c.id], 'en')} of {fmt.number(c.value, 'en')} "
                      f"(key: {keys[c.id].label('en')})."))
            if c.id in local:
                before, own = local[c.id]
                s.append((f"Eget tall for {lower_first(lab[0])}: {fmt.number(own, 'nb')} (lagt inn av brukeren) "
                          f"erstatter Legekarts {fmt.number(before, 'nb')}. Regionene summerer da ikke lenger til "
                          f"landstallet.",
                          f"Own figure for {lower_first(lab[1])}: {fmt.number(own, 'en')} (entered by the user) "
                          f"replaces Legekart's {fmt.number(before, 'en')}. The regions then no longer add up "
                          f"to the national figure."))
    if p.topic == "lis1":
        s += check_sentences(p.scenario, sum(c.value for c in comps))
        s += _reference_sentences(p)
    if regional:
        s += _key_sentences(p, comps, keys)
    return s


def lower_first(text: str) -> str:
    """'Pensjonsavgang' → 'pensjonsavgang', but 'LIS1 …' stays."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _reference_sentences(p: Projection) -> list[Sentence]:
    today, rec = p.reference["today"], p.reference["recommended"]
    nb = (f"Til sammenligning: {fmt.number(today['national'], 'nb')} LIS1-stillinger i dag "
          f"({today['source_nb']}) og anbefalt {fmt.number(rec['national'], 'nb')} ({rec['source_nb']}).")
    en = (f"For comparison: {fmt.number(today['national'], 'en')} LIS1 positions today ({today['source_en']}) "
          f"and {fmt.number(rec['national'], 'en')} recommended ({rec['source_en']}).")
    if p.level != LAND:
        nb += (f" Fordelt med samme nøkkel blir det {fmt.number(today['region'], 'nb')} og "
               f"{fmt.number(rec['region'], 'nb')} for {p.name}.")
        en += (f" Split with the same key that is {fmt.number(today['region'], 'en')} and "
               f"{fmt.number(rec['region'], 'en')} for {p.name}.")
    m = p.reference.get("measured")
    if m:
        nb += (f" Målt: {fmt.number(m['region'], 'nb')} LIS1-stillinger i {p.name} i {m['period']} "
               f"(kilde {m['source']}, {m['table']}, linje {m['seed_lines'].replace(';', ', ')}).")
        en += (f" Measured: {fmt.number(m['region'], 'en')} LIS1 positions in {p.name} in {m['period']} "
               f"(source {m['source']}, {table_name(m['table'], 'en')}, "
               f"line {m['seed_lines'].replace(';', ', ')}).")
    return [(nb, en)]


def _key_sentences(p: Projection, comps: list[NationalComponent], keys: dict[str, Key]) -> list[Sentence]:
    s: list[Sentence] = []
    groups: dict[str, list[str]] = {}
    for c in comps:
        groups.setdefault(keys[c.id].id, []).append(c.id)
    crude = False
    for _key_id, comp_ids in groups.items():
        key = keys[comp_ids[0]]
        names_nb = ", ".join(lower_first(nat.COMPONENT_LABELS[c][0]) for c in comp_ids)
        names_en = ", ".join(lower_first(nat.COMPONENT_LABELS[c][1]) for c in comp_ids)
        share = key.share(p.level, p.code) * 100
        s.append((f"Nøkkel for {names_nb}: «{key.label('nb')}». {key.explain('nb', p.level)} {p.name} får "
                  f"{fmt.number(share, 'nb', 1)} % av landstallet.",
                  f"Key for {names_en}: '{key.label('en')}'. {key.explain('en', p.level)} {p.name} gets "
                  f"{fmt.number(share, 'en', 1)} % of the national figure."))
        note = key.notes.get((p.level, p.code), "")
        if "by 2020:" in note:
            moved = note.split("by 2020:", 1)[1].strip()
            s.append((f"Omtrentlig for {p.name}: kommuner har flyttet over fylkesgrensen innen 2020 ({moved}), "
                      f"og tallene er summert fra de gamle fylkene.",
                      f"Approximate for {p.name}: municipalities moved across the county border by 2020 ({moved}), "
                      f"and the figures are summed from the old counties."))
        crude = crude or key.is_crude(p.level)
    if crude:
        s.append(("Fordelingen bygger her på en grov tilnærming. Importer folketall per kommune og velg det som "
                  "nøkkel eller som fordeling på HF-områder for et bedre anslag.",
                  "The split rests on a crude proxy here. Import population per municipality and choose it as "
                  "the key or as the split to HF areas for a better estimate."))
    s.append(("Hele personer: hver komponent er fordelt med største-rest-metoden, først på helseregionene og så "
              "innenfor regionen, så fylker og HF-områder summerer eksakt til regionen og regionene til landstallet.",
              "Whole persons: each component is split by the largest-remainder method, first among the health "
              "regions and then within each region, so counties and HF areas add up exactly to their region and "
              "the regions to the national figure."))
    return s
