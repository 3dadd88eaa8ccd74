"""Scenario parameters: what a planner may change, their defaults and limits.

Why one table of parameters: the command line (``--scenario hours=45``), the panel's
controls and the assumption sentences all read it, so a parameter cannot exist in
one place and be missing (or mean something else) in another. Defaults come from
the transcribed inputs, so the base scenario reproduces the seed tables.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from indicators.projection import national as nat
from indicators.projection.errors import ScenarioError

TOPICS = nat.TOPICS


@dataclass(frozen=True)
class Param:
    id: str
    kind: str  # number | int | choice | key | split | local
    label_nb: str
    label_en: str
    default: object
    minimum: float | None = None
    maximum: float | None = None
    #: choice id → (label nb, label en); for choice params a number is accepted too when numeric=True
    choices: dict[str, tuple[str, str]] = field(default_factory=dict)
    numeric: bool = False
    help_nb: str = ""
    help_en: str = ""

    def label(self, lang: str = "nb") -> str:
        return self.label_en if lang == "en" else self.label_nb


def _alt_choices(alts: dict[str, nat.Alternative]) -> dict[str, tuple[str, str]]:
    return {k: (a.label_nb, a.label_en) for k, a in alts.items()}


def params(topic: str) -> dict[str, Param]:
    """The parameters of one topic, in display order."""
    if topic not in TOPICS:
        raise ScenarioError(f"unknown topic {topic!r}; choose one of {', '.join(TOPICS)}")
    n_years = nat.years_count()
    out: list[Param] = []
    if topic == "lis1":
        out += [
            Param("growth", "choice", "Netto vekst i legeårsverk", "Net growth in doctor FTEs", "tabell",
                  choices=_alt_choices(nat.lis1_growth_alternatives()), numeric=True, minimum=0, maximum=5000,
                  help_nb="Alternativ fra Tabell 6/7, eller eget tall per år",
                  help_en="Alternative from Table 6/7, or your own figure per year"),
            Param("attrition", "choice", "Avgang fra yrket", "Attrition", "hoy",
                  choices=_alt_choices(nat.lis1_attrition_alternatives()), numeric=True, minimum=0, maximum=3000),
            Param("inflow", "choice", "Utenlandske spesialister", "Foreign specialists", "samme",
                  choices={"samme": ("Samme tilgang som før", "Same inflow as before"),
                           "alle_norge": ("Alle spesialister utdannes i Norge", "All specialists trained in Norway")}),
            Param("direct_entrants", "choice", "Direkte i spesialisering", "Direct entrants", "tabell",
                  choices=_alt_choices(nat.lis1_direct_alternatives()), numeric=True, minimum=0, maximum=1000),
            Param("key", "key", "Fordelingsnøkkel", "Distribution key", "lis1_rhf"),
        ]
    else:
        out += [
            Param("growth", "choice", "Vekstalternativ", "Growth alternative", "tabell",
                  choices=_alt_choices(nat.growth_alternatives(topic)), numeric=True, minimum=0, maximum=20000,
                  help_nb="Alternativ fra kilden, eller eget landstall fram mot horisonten",
                  help_en="Alternative from the source, or your own national total to the horizon"),
            Param("growth_pct", "number", "Vekst i prosent av alternativet", "Growth, % of the alternative", 100.0,
                  minimum=0, maximum=300),
            Param("retirements", "choice", "Pensjonsavgang", "Retirements", "tabell",
                  choices=_alt_choices(nat.retirement_alternatives(topic)), numeric=True, minimum=0, maximum=20000),
            Param("retirement_age", "number", "Pensjonsalder", "Retirement age", nat.base_retirement_age(),
                  minimum=60, maximum=75),
            Param("shortage", "choice", "Dagens mangel", "Current shortage", "tabell",
                  choices=_alt_choices(nat.shortage_alternatives(topic)), numeric=True, minimum=0, maximum=20000),
            Param("shortage_years", "int", "År for å dekke dagens mangel", "Years to fill the current shortage",
                  n_years, minimum=1, maximum=n_years),
        ]
        if topic == "fastleger":
            out += [
                Param("hours", "number", "Arbeidsuke (timer)", "Working week (hours)", nat.current_hours(),
                      minimum=30, maximum=80),
                Param("list_norm", "number", "Listelengde (innbyggere per liste)", "List length (patients per list)",
                      nat.current_list_length(), minimum=500, maximum=nat.max_list_length()),
                Param("phase_in_years", "int", "Innfasing (år)", "Phase-in (years)", n_years,
                      minimum=1, maximum=n_years),
            ]
        out += [
            Param("key", "key", "Fordelingsnøkkel (vekst, pensjon)", "Distribution key (growth, retirements)",
                  "lister"),
            Param("retirement_key", "key", "Nøkkel for pensjonsavgang", "Key for retirements", "",
                  help_nb="Tom: samme som fordelingsnøkkelen", help_en="Empty: same as the distribution key"),
            Param("shortage_key", "key", "Nøkkel for dagens mangel", "Key for the current shortage",
                  "lister_uten_fast_lege" if topic == "fastleger" else "psykiatri_rhf"),
        ]
    out.append(Param("split", "split", "Fordeling på HF-områder", "Split to HF areas", "befolkning"))
    for comp in nat.component_ids(topic):
        lab_nb, lab_en = nat.COMPONENT_LABELS[comp]
        out.append(Param(f"local_{comp}", "local", f"Eget tall: {lab_nb}", f"Own figure: {lab_en}", None,
                         minimum=-100000, maximum=100000))
    return {p.id: p for p in out}


@dataclass(frozen=True)
class Scenario:
    """Parameter values for one topic; anything not given takes its default."""

    topic: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def base(cls, topic: str) -> Scenario:
        params(topic)  # validates the topic
        return cls(topic, ())

    def get(self, name: str):
        spec = params(self.topic)
        if name not in spec:
            raise ScenarioError(f"unknown scenario key {name!r} for {self.topic}")
        return dict(self.values).get(name, spec[name].default)

    def all(self) -> dict[str, object]:
        return {name: self.get(name) for name in params(self.topic)}

    def changed(self) -> dict[str, object]:
        """Parameters that differ from the base scenario."""
        spec = params(self.topic)
        return {k: v for k, v in dict(self.values).items() if v != spec[k].default}

    def with_(self, **changes) -> Scenario:
        spec = params(self.topic)
        vals = dict(self.values)
        for k, v in changes.items():
            vals[k] = coerce(spec, k, v)
        return Scenario(self.topic, tuple(sorted(vals.items())))

    def local(self, component: str) -> float | None:
        v = self.get(f"local_{component}")
        return None if v is None else float(v)

    def to_dict(self) -> dict[str, object]:
        return self.all()


def coerce(spec: dict[str, Param], name: str, raw) -> object:
    """Check one value against its parameter; strings from the command line are parsed."""
    if name not in spec:
        raise ScenarioError(f"unknown scenario key {name!r}; known: {', '.join(spec)}")
    p = spec[name]
    if p.kind in ("key", "split"):
        return "" if raw is None else str(raw).strip()
    if p.kind == "local" and (raw is None or str(raw).strip() == ""):
        return None
    if p.kind == "choice":
        text = str(raw).strip()
        if text in p.choices:
            return text
        if not p.numeric:
            raise ScenarioError(f"{name}: {text!r} is not one of {', '.join(p.choices)}")
        return _number(p, text)
    value = _number(p, raw)
    if p.kind == "int":
        if value != int(value):
            raise ScenarioError(f"{name} must be a whole number, got {raw!r}")
        return int(value)
    return value


def _number(p: Param, raw) -> float:
    try:
        value = float(str(raw).strip().replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        extra = f" or one of {', '.join(p.choices)}" if p.choices else ""
        raise ScenarioError(f"{p.id}: {raw!r} is not a number{extra}") from None
    if math.isnan(value) or math.isinf(value):
        raise ScenarioError(f"{p.id}: {raw!r} is not a number")
    if (p.minimum is not None and value < p.minimum) or (p.maximum is not None and value > p.maximum):
        raise ScenarioError(f"{p.id} must be between {p.minimum:g} and {p.maximum:g}, got {value:g}")
    return value


def parse(topic: str, assignments: list[str] | None) -> Scenario:
    """``['hours=45', 'key=lister']`` → a :class:`Scenario` (ScenarioError on bad input)."""
    scenario = Scenario.base(topic)
    changes = {}
    for item in assignments or []:
        if "=" not in item:
            raise ScenarioError(f"scenario {item!r} is not KEY=VALUE")
        k, v = item.split("=", 1)
        changes[k.strip()] = v
    return scenario.with_(**changes)
