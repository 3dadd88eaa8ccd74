"""The national projection inputs, each with the document, table and line it came from.

Why: every number the projection shows must be traceable to the seed text, so the
model never holds a seed figure in code; it asks this module, which reads
``data/indicators/projection_inputs.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from indicators import catalogue as catalogue_mod

ROOT = Path(__file__).resolve().parent.parent.parent
PROJECTION_CSV = ROOT / "data" / "indicators" / "projection_inputs.csv"

_TABLE_EN = {"tekst": "text", "Tabell": "Table", "fotnote": "footnote", "Figur": "Figure"}


@dataclass(frozen=True)
class Input:
    """One transcribed number and where it is printed."""

    model: str
    parameter: str
    scenario: str
    value: float
    unit: str
    source: str
    table: str
    seed_lines: str
    printed: str
    note: str

    def shown(self, lang: str = "nb") -> str:
        """The figure as printed (Norwegian), or formatted the English way."""
        if lang != "en":
            return self.printed
        from indicators import format as fmt

        return fmt.percent(self.value, "en", 1 if self.value % 1 else 0) if self.unit == "%" else fmt.number(
            self.value, "en")

    def where(self, lang: str = "nb") -> str:
        """Short citation: 'kilde 000 (Legebarometeret), Tabell 4.1, linje 6264–6267'."""
        title = source_title(self.source)
        lines = self.seed_lines.replace(";", ", ").replace("-", "–")
        table = table_name(self.table, lang)
        if lang == "en":
            many = "," in lines or "–" in lines
            return f"source {self.source} ({title}), {table}, line{'s' if many else ''} {lines}"
        return f"kilde {self.source} ({title}), {table}, linje {lines}"


def table_name(table: str, lang: str) -> str:
    """'Figur 3.9 tekst' → 'Figure 3.9 text' in English; unchanged in Norwegian."""
    if lang == "en":
        for nb, en in _TABLE_EN.items():
            table = table.replace(nb, en)
    return table


def source_title(source_id: str) -> str:
    src = catalogue_mod.bundled().sources.get(source_id)
    if src is None:
        return source_id
    year = src.date[:4] if src.date[:4].isdigit() else ""
    return f"{src.title} {year}".strip()


class Inputs:
    """Lookup of the projection inputs by (model, parameter, scenario)."""

    def __init__(self, rows: list[Input]):
        self.rows = rows
        self._by_key = {(r.model, r.parameter, r.scenario): r for r in rows}

    def get(self, model: str, parameter: str, scenario: str = "tabell") -> Input:
        try:
            return self._by_key[(model, parameter, scenario)]
        except KeyError:
            raise KeyError(f"no projection input {model}/{parameter}/{scenario}") from None

    def value(self, model: str, parameter: str, scenario: str = "tabell") -> float:
        return self.get(model, parameter, scenario).value

    def alternatives(self, model: str, parameter: str) -> dict[str, Input]:
        """All scenarios printed for one parameter, in file order."""
        return {r.scenario: r for r in self.rows if r.model == model and r.parameter == parameter}

    def scenarios(self, model: str) -> list[str]:
        seen: list[str] = []
        for r in self.rows:
            if r.model == model and r.scenario not in seen:
                seen.append(r.scenario)
        return seen


def _read(path: Path) -> list[Input]:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return [
        Input(
            model=r["model"], parameter=r["parameter"], scenario=r["scenario"], value=float(r["value"]),
            unit=r["unit"], source=r["source"], table=r["table"], seed_lines=r["seed_lines"],
            printed=r["printed"], note=r["note"],
        )
        for _, r in df.iterrows()
    ]


@lru_cache(maxsize=1)
def inputs() -> Inputs:
    """The bundled inputs."""
    return Inputs(_read(PROJECTION_CSV))
