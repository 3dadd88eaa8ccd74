"""Turn unit values into map classes, colours and legend entries.

Continuous indicators use mapclassify (quantiles, equal interval, Fisher–Jenks
natural breaks, or the user's manual breaks) with 3–7 classes; category
indicators map each class of their scheme to a colour. Units without a value get
the separate "no data" class, counted in the legend like any other.

Legends are honest about ties: duplicate breaks are merged (23 zeros make one class
"0,0 %", not three), each range shows the smallest and largest value its units
really have, so no two ranges overlap, and :meth:`Classification.summary` says how
many classes there are when fewer than asked were possible.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Union

import numpy as np

from indicators import format as fmt
from indicators import palettes
from indicators.catalogue import Indicator, Scheme

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

METHODS = ("quantiles", "equal_interval", "natural_breaks", "manual")
METHOD_NAMES = {
    "quantiles": ("Kvantiler", "Quantiles"),
    "equal_interval": ("Like intervaller", "Equal interval"),
    "natural_breaks": ("Naturlige brudd (Jenks)", "Natural breaks (Jenks)"),
    "manual": ("Manuelle grenser", "Manual breaks"),
    "categorical": ("Kategorier", "Categories"),
    "diverging": ("Symmetrisk rundt 0", "Symmetric around 0"),
}
MIN_CLASSES, MAX_CLASSES = 3, 7
NO_DATA = -1


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: its label, colour and how many units it holds."""

    label: str
    colour: str
    count: int
    lower: float | None = None
    upper: float | None = None
    key: str = ""  # category key, or "" for ranges
    no_data: bool = False


@dataclass(frozen=True)
class Classification:
    """Class index and colour for every unit, plus the legend that explains them."""

    method: str
    codes: tuple[str, ...]
    class_index: tuple[int, ...]  # NO_DATA for units without a value
    colours: tuple[str, ...]  # per class
    legend: tuple[LegendEntry, ...]  # classes first, "no data" last
    bins: tuple[float, ...] = ()
    no_data_colour: str = palettes.NO_DATA
    notes: tuple[str, ...] = field(default=())
    #: the number of classes asked for (None = as many as drawn)
    requested: int | None = None

    @property
    def n_classes(self) -> int:
        return sum(1 for e in self.legend if not e.no_data)

    def summary(self, lang: str = "nb") -> str:
        """'Kvantiler, 4 klasser (5 valgt; like grenser slått sammen)' — said under the legend title."""
        if self.method == "categorical":
            return ""
        nb, en = METHOD_NAMES.get(self.method, (self.method, self.method))
        n = self.n_classes
        if lang == "en":
            text = f"{en}, {n} class{'es' if n != 1 else ''}"
            if self.requested and self.requested > n:
                text += f" ({self.requested} chosen; tied breaks merged)"
            return text
        text = f"{nb}, {n} klasse{'r' if n != 1 else ''}"
        if self.requested and self.requested > n:
            text += f" ({self.requested} valgt; like grenser slått sammen)"
        return text

    def restricted(self, codes: set[str] | None) -> Classification:
        """The same classes and colours, with legend counts for ``codes`` only (the units
        in a page's extent), so a county page counts the county's units."""
        if codes is None:
            return self
        idx = [i for c, i in zip(self.codes, self.class_index) if c in codes]
        entries = []
        for k, e in enumerate(self.legend):
            n = sum(1 for i in idx if i == NO_DATA) if e.no_data else sum(1 for i in idx if i == k)
            entries.append(replace(e, count=n))
        return replace(self, legend=tuple(entries))

    def colour_of(self, code: str) -> str:
        i = self.class_index[self.codes.index(code)]
        return self.no_data_colour if i == NO_DATA else self.colours[i]

    def colour_map(self) -> dict[str, str]:
        return {
            c: (self.no_data_colour if i == NO_DATA else self.colours[i])
            for c, i in zip(self.codes, self.class_index)
        }

    def class_of(self, code: str) -> int:
        return self.class_index[self.codes.index(code)]


BREAKS_JSON = Path(__file__).resolve().parent.parent / "data" / "indicators" / "class_breaks.json"
_memo: dict[str, tuple[float, ...]] = {}


def breaks_key(method: str, k: int, y: np.ndarray) -> str:
    """Cache key of a classification: method, classes and the sorted values."""
    digest = hashlib.sha1(np.round(np.sort(np.asarray(y, dtype=float)), 10).tobytes()).hexdigest()[:20]
    return f"{method}|{k}|{digest}"


@lru_cache(maxsize=1)
def _shipped() -> dict[str, list[float]]:
    try:
        return json.loads(BREAKS_JSON.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def mapclassify_bins(method: str, k: int, y: np.ndarray) -> tuple[float, ...]:
    """Class upper bounds computed by mapclassify (imports scipy: about a second)."""
    import mapclassify

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cls = {
            "quantiles": mapclassify.Quantiles,
            "equal_interval": mapclassify.EqualInterval,
            "natural_breaks": mapclassify.FisherJenks,
        }[method](y, k=k)
    return tuple(float(b) for b in np.unique(np.asarray(cls.bins, dtype=float)))


def _disk_cache_path() -> Path:
    base = os.environ.get("LEGEKART_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "legekart")
    return Path(base) / "class_breaks.json"


def _disk_cache() -> dict[str, list[float]]:
    try:
        data = json.loads(_disk_cache_path().read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


_pending: dict[str, list[float]] = {}


def _remember(key: str, bins: tuple[float, ...]) -> None:
    """Queue mapclassify's answer for the per-user cache, written once at exit."""
    if not _pending:
        atexit.register(_flush)
    _pending[key] = list(bins)


def _flush() -> None:
    """Merge the new answers into the cache file (best effort, bounded, atomic)."""
    if not _pending:
        return
    path = _disk_cache_path()
    try:
        cache = _disk_cache()
        cache.update(_pending)
        if len(cache) > 2000:
            cache = dict(list(cache.items())[-1500:])
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(cache), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass
    _pending.clear()


def class_bins(method: str, k: int, y: np.ndarray) -> tuple[float, ...]:
    """mapclassify's breaks, without paying for mapclassify when the answer is known.

    Importing mapclassify costs 1.5-2.5 s (it imports scipy, scikit-learn and, where
    installed, matplotlib). So its answers are looked up first: in memory; in
    ``data/indicators/class_breaks.json``, mapclassify's own results for every bundled
    map (written by data/scripts/build_indicators.py, re-checked against mapclassify by the
    tests); and in a per-user cache of earlier answers (re-exports of the same data).
    Only new values are sent to mapclassify.
    """
    key = breaks_key(method, k, y)
    hit = _memo.get(key)
    if hit is None:
        known = _shipped().get(key) or _disk_cache().get(key)
        if known is not None:
            hit = tuple(float(b) for b in known)
        else:
            hit = mapclassify_bins(method, k, y)
            _remember(key, hit)
        _memo[key] = hit
    return hit


def legend_decimals(unit: str, edges: list[float]) -> int:
    """One number of decimals for a whole legend, so its ranges line up."""
    if unit == "%":
        return 1
    if all(float(v).is_integer() for v in edges):
        return 0
    return 1 if max(edges) - min(edges) >= 1 else 2


def _range_label(lo: float, hi: float, unit: str, lang: str, decimals: int) -> str:
    """'0,6 – 0,8 %' (the unit once); a class holding one value shows that value."""
    if fmt.number(lo, lang, decimals, unit) == fmt.number(hi, lang, decimals, unit):
        return fmt.with_unit(hi, unit, lang, decimals)
    text = f"{fmt.number(lo, lang, decimals, unit)} – {fmt.number(hi, lang, decimals, unit)}"
    if unit == "%":
        return f"{text}{fmt.NBSP}%"
    return text if unit in fmt.PLAIN_UNITS else f"{text} {unit}"


def class_ranges(y: np.ndarray, class_of: np.ndarray, bins: np.ndarray, manual: bool) -> list[tuple[float, float]]:
    """(low, high) shown for each class: the smallest and largest value of its units.

    Mapclassify's bounds are upper limits, so a class printed as "previous limit –
    limit" shares its first number with the class before ("0,0 %" and "0,0 – 9,9 %").
    The values the units really have never overlap. Manual breaks keep the planner's
    limit as the upper end. An empty class (equal intervals) shows its limits.
    """
    out: list = []
    prev = float(y.min())
    for i, b in enumerate(bins):
        members = y[class_of == i]
        if members.size:
            lo, hi = float(members.min()), (float(b) if manual else float(members.max()))
        else:
            lo, hi = prev, float(b)
        out.append((lo, hi))
        prev = float(b)
    return out


def range_decimals(unit: str, ranges: list[tuple[float, float]]) -> int:
    """Enough decimals that consecutive ranges stay apart once printed (at most 3 more)."""
    base = legend_decimals(unit, [v for r in ranges for v in r])
    for d in range(base, base + 4):
        if all(round(ranges[i][1], d) < round(ranges[i + 1][0], d) for i in range(len(ranges) - 1)):
            return d
    return base + 3


def separated(ranges: list[tuple[float, float]], decimals: int) -> list[tuple[float, float]]:
    """Printed ranges that never touch: a low end that would print equal to the previous
    high end starts one printed step above it (only where decimals ran out)."""
    step = 10.0 ** -decimals
    out: list[tuple[float, float]] = []
    for lo, hi in ranges:
        if out and round(lo, decimals) <= round(out[-1][1], decimals):
            lo = round(out[-1][1], decimals) + step
            hi = max(hi, lo)
        out.append((lo, hi))
    return out


def _no_data_label(lang: str) -> str:
    return "No data" if lang == "en" else "Ingen data"


#: values by unit code: a Series indexed by code, or (codes, values) — the map path has no pandas
Labelled = Union["pd.Series", tuple[Sequence[str], np.ndarray]]


def _labelled(values: Labelled) -> tuple[tuple[str, ...], np.ndarray]:
    if isinstance(values, tuple):
        codes, array = values
        return tuple(str(c) for c in codes), np.asarray(array)
    return tuple(values.index.astype(str)), values.to_numpy()


def classify_continuous(
    values: Labelled,
    indicator: Indicator,
    method: str | None = None,
    k: int | None = None,
    manual_breaks: list[float] | None = None,
    palette: str | None = None,
    lang: str = "nb",
) -> Classification:
    """Classify values by unit code (NaN = no data)."""
    method = method or (indicator.classification if indicator.classification in METHODS else "quantiles")
    if method not in METHODS:
        raise ValueError(f"unknown classification {method!r}")
    k = int(k or indicator.classes or 5)
    if not MIN_CLASSES <= k <= MAX_CLASSES and method != "manual":
        raise ValueError(f"choose between {MIN_CLASSES} and {MAX_CLASSES} classes")
    codes, raw = _labelled(values)
    y_all = np.asarray(raw, dtype=float)
    has = ~np.isnan(y_all)
    y = y_all[has]
    notes: list[str] = []
    bins: np.ndarray
    if y.size == 0:
        bins = np.array([])
    elif method == "manual":
        if not manual_breaks:
            raise ValueError("manual classification needs break values")
        edges = sorted(float(b) for b in manual_breaks)
        if edges[-1] < y.max():
            edges.append(float(y.max()))
        bins = np.array(edges)
    else:
        n_unique = len(set(y.tolist()))  # np.unique imports numpy.ma (~30 ms) on first use
        k_eff = min(k, n_unique)
        if k_eff < k:
            notes.append(f"only {n_unique} distinct values: {k_eff} classes")
        if k_eff <= 1:
            bins = np.array([float(y.max())])
        else:
            bins = np.asarray(class_bins(method, k_eff, y), dtype=float)
    # class index: first bin with value <= upper bound (mapclassify's convention)
    idx = np.full(len(y_all), NO_DATA, dtype=int)
    if bins.size:
        idx[has] = np.minimum(np.searchsorted(bins, y, side="left"), len(bins) - 1)
    n_classes = max(len(bins), 1)
    ramp = palettes.sequential(palette or indicator.palette or "YlOrRd", max(n_classes, 3))
    if n_classes < 3:
        ramp = tuple(ramp[i] for i in np.linspace(0, len(ramp) - 1, n_classes).round().astype(int))
    if indicator.worse == "lower":
        ramp = palettes.reverse(ramp)
    colours = tuple(ramp[:n_classes])
    legend = []
    if y.size:
        ranges = class_ranges(y, idx[has], bins, method == "manual")
        decimals = range_decimals(indicator.unit, ranges)
        for i, (lo, hi) in enumerate(separated(ranges, decimals)):
            count = int((idx == i).sum())
            legend.append(LegendEntry(_range_label(lo, hi, indicator.unit, lang, decimals), colours[i], count,
                                      lo, hi))
    legend.append(LegendEntry(_no_data_label(lang), palettes.NO_DATA, int((~has).sum()), no_data=True))
    return Classification(method, codes, tuple(int(i) for i in idx), colours, tuple(legend),
                          tuple(float(b) for b in bins), notes=tuple(notes),
                          requested=None if method == "manual" else k)


def classify_categories(
    categories: Labelled,
    scheme: Scheme,
    colour_blind: bool = False,
    lang: str = "nb",
) -> Classification:
    """Classify class keys by unit code ('' or NaN = no data)."""
    colours_by_key = palettes.categorical(scheme.id, colour_blind)
    keys = scheme.keys()
    codes, raw = _labelled(categories)
    pos = {k: i for i, k in enumerate(keys)}
    idx = tuple(pos.get(c, NO_DATA) if isinstance(c, str) else NO_DATA for c in raw.tolist())
    colours = tuple(colours_by_key.get(k, "#bbbbbb") for k in keys)
    legend = [
        LegendEntry(cls.label(lang), colours[i], sum(1 for j in idx if j == i), key=cls.key)
        for i, cls in enumerate(scheme.classes)
    ]
    n_missing = sum(1 for j in idx if j == NO_DATA)
    legend.append(LegendEntry(_no_data_label(lang), palettes.NO_DATA, n_missing, no_data=True))
    return Classification("categorical", codes, idx, colours, tuple(legend))
