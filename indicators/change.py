"""The change map: B − A between two chosen periods, per unit.

Shares (unit %) change in **percentage points** (B − A); counts and rates in **per
cent** of the first value ((B − A) / A × 100; no value where A is 0). The same honesty
rules as any map: a unit without a value in either period — missing, or a partial sum
— has no change (its note says which period is missing); a change is approximate
where either value is, and always derived by Legekart (†). Colours diverge around
zero (ColorBrewer RdBu, red where the indicator gets worse), with one class for "no
change" so that the many municipalities at 0,0 % in both years are not coloured as
movement.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from geo.levels import MapLevel
from indicators import format as fmt
from indicators import palettes
from indicators.catalogue import Indicator
from indicators.classify import NO_DATA, Classification, LegendEntry
from indicators.columns import Columns
from indicators.mapdata import MapFrame, map_frame
from indicators.session import Session

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

PP, PCT = "pp", "%"
#: diverging classes on each side of the "no change" class
SIDE_CLASSES = 3


def change_unit(indicator: Indicator) -> str:
    """'pp' (percentage points) for shares, '%' (per cent of the first value) otherwise."""
    return PP if indicator.unit == "%" else PCT


def change_indicator(indicator: Indicator, period_a: str, period_b: str) -> Indicator:
    unit = change_unit(indicator)
    what_nb = "prosentpoeng" if unit == PP else "prosent"
    what_en = "percentage points" if unit == PP else "per cent"
    return replace(
        indicator, id=f"{indicator.id}:endring:{period_a}-{period_b}", unit=unit, kind="rate",
        name_nb=f"Endring i {indicator.name_nb[:1].lower()}{indicator.name_nb[1:]}, {period_a}–{period_b} ({what_nb})",
        name_en=f"Change in {indicator.name_en[:1].lower()}{indicator.name_en[1:]}, {period_a}–{period_b} ({what_en})",
        classification="manual", palette="RdBu", maps=True,
    )


@dataclass(frozen=True)
class ChangeFrame(MapFrame):
    """A map frame whose values are changes; classified on a diverging scale around zero."""

    period_a: str = ""
    period_b: str = ""

    def label(self, session: Session, lang: str = "nb") -> str:
        return self.indicator.name(lang)

    def classify(self, session: Session, method=None, k=None, manual_breaks=None, palette=None,
                 colour_blind: bool = False, lang: str = "nb") -> Classification:
        return classify_change(self.values, self.indicator, lang)


def _cell(frame: pd.DataFrame, code: str) -> tuple[float | None, bool, str]:
    row = frame.loc[code]
    v = row["value"]
    partial = row["members_of"] == row["members_of"] and row["members_have"] < row["members_of"]
    return (None if v != v or partial else float(v)), bool(row["approximate"]), str(row["source"])


def change_frame(session: Session, level: str | MapLevel, indicator_id: str, period_a: str,
                 period_b: str) -> ChangeFrame:
    """B − A for every unit of the level (ValueError for a category or an unknown period)."""
    import pandas as pd

    ind = session.indicator(indicator_id)
    if ind.is_category:
        raise ValueError(f"{indicator_id} is a category: it has no change to map")
    lv = session.level(level)
    periods = session.observations.periods(ind.id, lv.id, vintage=lv.vintage or session.map_vintage)
    for p in (period_a, period_b):
        if p not in periods:
            raise ValueError(f"no period {p!r} for {indicator_id} at {lv.id}; have {', '.join(periods)}")
    a = map_frame(session, lv, ind.id, period_a).frame
    b = map_frame(session, lv, ind.id, period_b).frame
    unit = change_unit(ind)
    values, approx, notes, sources = [], [], [], []
    for code in a.index:
        va, aa, sa = _cell(a, code)
        vb, ab, sb = _cell(b, code)
        note = ""
        if va is None or vb is None:
            gone = [p for p, v in ((period_a, va), (period_b, vb)) if v is None]
            note = f"no value for {' and '.join(gone)}"
            value = np.nan
        elif unit == PCT and va == 0:
            note = f"{period_a} is 0: a change in per cent is not defined"
            value = np.nan
        else:
            value = vb - va if unit == PP else (vb - va) / abs(va) * 100.0
        values.append(value)
        approx.append(aa or ab)
        notes.append(note)
        sources.append(";".join(dict.fromkeys(s for s in (sa, sb) if s)))
    frame = pd.DataFrame({
        "value": values, "numerator": np.nan, "denominator": np.nan, "category": "", "source": sources,
        "table": "", "seed_lines": "", "approximate": approx, "derived": True, "note": notes, "origin": "derived",
        "period": f"{period_a}–{period_b}", "members_have": np.nan, "members_of": np.nan,
    }, index=a.index)
    return ChangeFrame(lv.id, change_indicator(ind, period_a, period_b), f"{period_a}–{period_b}",
                       Columns.from_frame(frame),
                       "continuous", "", lv, period_a, period_b)


def signed(value: float, unit: str, lang: str = "nb", decimals: int = 1) -> str:
    """'+1,2 pp', '−3,0 %', '0,0 pp'."""
    text = fmt.with_unit(abs(value), unit, lang, decimals)
    if round(value, decimals) == 0:
        return text
    return ("+" if value > 0 else "−") + text


#: half of the last shown decimal: a change that prints as 0,0 is "no change"
NO_CHANGE = 0.05


def side_limits(magnitudes: np.ndarray, eps: float) -> list[float]:
    """Outer limits of the classes on each side: the median and 85th percentile of the sizes of
    the changes, then the largest. Equal thirds of the largest change left most units in the
    palest classes (one municipality going from 100 % to 0 stretched the scale)."""
    if magnitudes.size == 0:
        return [eps * 2 * (i + 1) for i in range(SIDE_CLASSES)]
    m = float(magnitudes.max())
    q = [float(np.quantile(magnitudes, p)) for p in (0.5, 0.85)]
    limits: list[float] = []
    for v in [*q, m]:
        v = max(v, (limits[-1] if limits else eps) + eps)  # strictly increasing, above "no change"
        limits.append(v)
    return limits


def classify_change(values: pd.Series, indicator: Indicator, lang: str = "nb") -> Classification:
    """Symmetric classes around zero: SIDE_CLASSES falling, "no change", SIDE_CLASSES rising."""
    codes = tuple(values.index.astype(str))
    y_all = values.to_numpy(dtype=float)
    has = ~np.isnan(y_all)
    y = y_all[has]
    eps = NO_CHANGE
    steps = side_limits(np.abs(y[np.abs(y) > eps]), eps)
    m = steps[-1]
    # upper bounds: −q2, −q1, −eps | +eps | q1, q2, m (the same limits on both sides of zero)
    bins = [-s for s in reversed(steps[:-1])] + [-eps, eps] + steps
    bins_arr = np.array(bins)
    idx = np.full(len(y_all), NO_DATA, dtype=int)
    idx[has] = np.minimum(np.searchsorted(bins_arr, y, side="left"), len(bins) - 1)
    colours = palettes.diverging("RdBu", len(bins))
    if indicator.worse == "higher":
        colours = tuple(reversed(colours))  # rising = red
    lows = [-m] + bins[:-1]
    legend = []
    for i, (lo, hi) in enumerate(zip(lows, bins, strict=True)):
        count = int((idx == i).sum())
        if i == SIDE_CLASSES:
            label = ("No change" if lang == "en" else "Uendret") + f" ({fmt.with_unit(0.0, indicator.unit, lang, 1)})"
        else:
            members = y[idx[has] == i]
            lo_v, hi_v = (float(members.min()), float(members.max())) if members.size else (lo, hi)
            lo_t, hi_t = signed(lo_v, indicator.unit, lang), signed(hi_v, indicator.unit, lang)
            to = "to" if lang == "en" else "til"
            label = lo_t if fmt.number(lo_v, lang, 1) == fmt.number(hi_v, lang, 1) else f"{lo_t} {to} {hi_t}"
        legend.append(LegendEntry(label, colours[i], count, lo, hi))
    legend.append(LegendEntry("No data" if lang == "en" else "Ingen data", palettes.NO_DATA, int((~has).sum()),
                              no_data=True))
    return Classification("diverging", codes, tuple(int(i) for i in idx), colours, tuple(legend), tuple(bins),
                          requested=None)
