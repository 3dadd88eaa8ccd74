"""Distribution keys: how a national figure is divided among regions.

Why: the seeds give the projections for Norway only. Dividing them among counties,
health regions and health-trust (HF) areas is Legekart's own model, so each key
says in words what it is built from and where it is only a proxy.

Every key splits in two steps: Norway → the four health regions, then each region
→ its counties or HF areas (both nest inside one region). Sums therefore stay exact
at every level (see :mod:`indicators.projection.apportion`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TypedDict

import pandas as pd

from geo import crosswalk
from geo.gazetteer import gazetteer
from geo.levels import LAND, LAND_CODE
from indicators.observations import period_key
from indicators.projection.apportion import largest_remainder
from indicators.projection.errors import KeyBuildError
from indicators.session import Session

SPLIT_LEVELS = ("fylke", "helseforetak")
INDICATOR_PREFIX = "indicator:"


@dataclass(frozen=True)
class Key:
    """Weights per health region and, inside each region, per county and HF area."""

    id: str
    label_nb: str
    label_en: str
    helseregion: dict[str, float]
    fylke: dict[str, float]
    helseforetak: dict[str, float]
    explain_nb: str
    explain_en: str
    #: how the HF-area weights are built, when that differs from the counties
    hf_nb: str = ""
    hf_en: str = ""
    #: levels where the key is a proxy rather than a measure (said in words wherever used)
    crude_levels: tuple[str, ...] = ()
    #: per (level, code): why that unit's weight is only approximate
    notes: dict[tuple[str, str], str] = field(default_factory=dict)
    #: the map whose counties the ``fylke`` weights are for
    vintage: str = "2020"

    def label(self, lang: str = "nb") -> str:
        return self.label_en if lang == "en" else self.label_nb

    def explain(self, lang: str = "nb", level: str | None = None) -> str:
        text = self.explain_en if lang == "en" else self.explain_nb
        if level == "helseforetak":
            hf = self.hf_en if lang == "en" else self.hf_nb
            text = f"{text} {hf}".strip()
        return text

    def is_crude(self, level: str) -> bool:
        return level in self.crude_levels

    def weights(self, level: str) -> dict[str, float]:
        if level == LAND:
            return {LAND_CODE: 1.0}
        return getattr(self, level)

    def share(self, level: str, code: str) -> float:
        """The unit's share of Norway under this key (the two steps multiplied)."""
        if level == LAND:
            return 1.0
        rhf = self.helseregion
        if level == "helseregion":
            return rhf.get(code, 0.0) / math.fsum(rhf.values())
        parent = _parent_region(level, code, self.vintage)
        own = self.weights(level)
        siblings = math.fsum(own.get(c, 0.0) for c in _children(level, parent, self.vintage))
        return self.share("helseregion", parent) * (own.get(code, 0.0) / siblings if siblings else 0.0)

    def apportion(self, total: int, level: str) -> dict[str, int]:
        """Whole numbers per unit of ``level`` that sum exactly to ``total``."""
        if level == LAND:
            return {LAND_CODE: int(total)}
        rhf = largest_remainder(total, self.helseregion)
        if level == "helseregion":
            return rhf
        own = self.weights(level)
        out: dict[str, int] = {}
        for region, n in rhf.items():
            children = {c: own.get(c, 0.0) for c in _children(level, region, self.vintage)}
            if n and math.fsum(children.values()) <= 0:
                raise KeyBuildError(f"key {self.id!r} has no weight for any {level} in {region}")
            out.update(largest_remainder(n, children))
        return out


def _children(level: str, region: str, vintage: str) -> list[str]:
    return [u.code for u in gazetteer(vintage).level_units(level) if u.helseregion == region]


def _parent_region(level: str, code: str, vintage: str) -> str:
    region = gazetteer(vintage).get(level, code).helseregion
    if not region:
        raise KeyBuildError(f"{level} {code} has no health region")
    return region


# ------------------------------------------------------------------------------------------
# municipality weights → any level
# ------------------------------------------------------------------------------------------
class LevelWeights(TypedDict):
    """A key's weights per unit of each level above the municipality (Key's three fields)."""

    fylke: dict[str, float]
    helseregion: dict[str, float]
    helseforetak: dict[str, float]


def sum_to_levels(kommune_weights: dict[str, float], vintage: str) -> LevelWeights:
    """Sum municipality weights (codes of the ``vintage`` map) to counties, health regions and HF areas."""
    gaz = gazetteer(vintage)
    out = LevelWeights(fylke={}, helseregion={}, helseforetak={})
    for k in gaz.level_units("kommune"):
        w = kommune_weights.get(k.code, 0.0)
        for lv in ("fylke", "helseregion", "helseforetak"):
            sums = out[lv]  # type: ignore[literal-required]
            code = getattr(k, lv)
            sums[code] = sums.get(code, 0.0) + w
    return out


def kommune_values(session: Session, indicator_id: str, vintage: str = "2020") -> tuple[dict[str, float], int]:
    """Latest value per municipality of the ``vintage`` map of a session indicator; and how many lack one."""
    df = session.observations.select(indicator_id, "kommune", vintage=vintage)
    df = df[df["value"].notna()]
    valid = {u.code for u in gazetteer(vintage).level_units("kommune")}
    out: dict[str, float] = {}
    if not df.empty:
        df = df.assign(_p=df["period"].map(period_key)).sort_values("_p")
        for code, value in zip(df["code"], df["value"]):
            if code in valid and value >= 0:
                out[code] = float(value)  # later periods overwrite earlier ones
    return out, len(valid - set(out))


def old_county_to_kommune(county_values: dict[str, float], split: dict[str, float] | None) -> dict[str, float]:
    """Spread values of the 2019 counties over 2020 municipalities.

    Each 2019 county's value is divided among its 2019 municipalities (crosswalked to
    2020), equally when ``split`` is None — a crude proxy — or in proportion to the
    2020 municipality's ``split`` value (e.g. imported population). A 2020 municipality
    formed from several 2019 municipalities has its ``split`` value divided equally
    among them; a split 2019 municipality goes equally to its successors.
    """
    cw = crosswalk.crosswalk("2019", "2020")
    n_succ = cw.groupby("code_from")["code_to"].transform("count")
    share = cw["share"].where(cw["share"].notna(), 1.0 / n_succ)
    rows = pd.DataFrame({"county": cw["code_from"].str[:2], "to": cw["code_to"], "share": share})
    if split is None:
        rows["w"] = rows["share"]
    else:
        into = rows.groupby("to")["share"].transform("sum")
        rows["w"] = rows["to"].map(lambda c: split.get(c, 0.0)) * rows["share"] / into
    out: dict[str, float] = {}
    for county, grp in rows.groupby("county"):
        value = county_values.get(county)
        if not value:
            continue
        weights = grp["w"]
        if weights.sum() <= 0:  # no split values in this county: fall back to equal
            weights = grp["share"]
        for to, w in zip(grp["to"], weights / weights.sum()):
            out[to] = out.get(to, 0.0) + value * float(w)
    return out
