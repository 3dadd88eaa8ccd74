"""The result of one regional projection, ready for the panel, the CLI and exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from indicators import format as fmt
from indicators.projection import national as nat
from indicators.projection.apportion import cumulative

if TYPE_CHECKING:  # pragma: no cover
    from indicators.projection.scenario import Scenario

Sentence = tuple[str, str]

MODEL_NOTE: Sentence = (
    "Den regionale fordelingen er Legekarts egen modell: kildene gir bare tall for hele landet. "
    "Alle regionale tall er omtrentlige.",
    "The regional split is Legekart's own model: the sources give figures for Norway only. "
    "All regional figures are approximate.",
)


@dataclass
class Projection:
    level: str
    code: str
    name: str
    topic: str
    scenario: Scenario
    base_year: int
    years: list[int]
    components: dict[str, list[int]]
    national: dict[str, int]
    keys: dict[str, dict]
    assumptions: list[Sentence]
    reference: dict[str, dict] = field(default_factory=dict)
    approximate: bool = True

    # -- derived numbers -------------------------------------------------------------------
    @property
    def component_totals(self) -> dict[str, int]:
        return {c: sum(v) for c, v in self.components.items()}

    @property
    def per_year(self) -> list[int]:
        return [sum(vals) for vals in zip(*self.components.values())]

    @property
    def cumulative(self) -> list[int]:
        return cumulative(self.per_year)

    @property
    def total(self) -> int:
        return sum(self.per_year)

    @property
    def annual(self) -> float:
        return self.total / len(self.years)

    def label(self, component: str, lang: str = "nb") -> str:
        nb, en = nat.COMPONENT_LABELS[component]
        return en if lang == "en" else nb

    def unit(self, lang: str = "nb") -> str:
        nb, en = nat.UNITS[self.topic]
        return en if lang == "en" else nb

    def sentences(self, lang: str = "nb") -> list[str]:
        return [en if lang == "en" else nb for nb, en in self.assumptions]

    def title(self, lang: str = "nb") -> str:
        nb, en = nat.TOPIC_LABELS[self.topic]
        topic = en if lang == "en" else nb
        return f"{topic}: {self.name}, {self.years[0]}–{self.years[-1]}"

    # -- tables and serialisation ------------------------------------------------------------
    def table(self, lang: str = "nb") -> tuple[list[str], list[list]]:
        """Header and rows: one row per year, then a sum row (numbers, not text)."""
        header = ["År" if lang == "nb" else "Year"]
        header += [self.label(c, lang) for c in self.components]
        header += ["Sum per år" if lang == "nb" else "Total a year", "Kumulativt" if lang == "nb" else "Cumulative"]
        rows: list[list] = []
        for i, year in enumerate(self.years):
            rows.append([year, *(v[i] for v in self.components.values()), self.per_year[i], self.cumulative[i]])
        rows.append(["Sum" if lang == "nb" else "Total", *self.component_totals.values(), self.total, self.total])
        return header, rows

    def to_dict(self) -> dict:
        return {
            "region": {"level": self.level, "code": self.code, "name": self.name},
            "topic": self.topic,
            "unit": dict(zip(("nb", "en"), nat.UNITS[self.topic])),
            "scenario": self.scenario.all(),
            "scenario_changed": self.scenario.changed(),
            "base_year": self.base_year,
            "years": list(self.years),
            "components": {c: list(v) for c, v in self.components.items()},
            "component_labels": {c: dict(zip(("nb", "en"), nat.COMPONENT_LABELS[c])) for c in self.components},
            "component_totals": self.component_totals,
            "per_year": self.per_year,
            "cumulative": self.cumulative,
            "total": self.total,
            "annual_average": round(self.annual, 1),
            "national": {"components": dict(self.national), "total": sum(self.national.values()),
                         "per_year_figures": self.topic == "lis1"},
            "keys": self.keys,
            "reference": self.reference,
            "model_note": dict(zip(("nb", "en"), MODEL_NOTE)),
            "assumptions": [{"nb": nb, "en": en} for nb, en in self.assumptions],
            "approximate": True,
        }


def compare(base: Projection, custom: Projection) -> dict:
    """Base and custom side by side: totals per component and their difference."""
    rows = {}
    for c in base.components:
        b, k = base.component_totals[c], custom.component_totals.get(c, 0)
        rows[c] = {"base": b, "custom": k, "difference": k - b}
    return {
        "components": rows,
        "total": {"base": base.total, "custom": custom.total, "difference": custom.total - base.total},
        "changed": custom.scenario.changed(),
    }


def summary(p: Projection, lang: str = "nb") -> str:
    """One line: 'Nordland: 207 fastleger 2022–2035 (≈ 15 per år)'."""
    per = "per år" if lang == "nb" else "a year"
    if p.topic == "lis1":
        alt = "i alt" if lang == "nb" else "in all"
        return (f"{p.name}: ≈ {fmt.number(p.annual, lang, 0)} LIS1 {per} "
                f"(≈ {fmt.number(p.total, lang, 0)} {alt} {p.years[0]}–{p.years[-1]})")
    return (f"{p.name}: ≈ {fmt.number(p.total, lang, 0)} {p.unit(lang)} {p.years[0]}–{p.years[-1]} "
            f"(≈ {fmt.number(p.annual, lang, 0)} {per})")
