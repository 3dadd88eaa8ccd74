"""Join an indicator to every unit of a level: the table behind each map.

The screen, the exports and the command line all call :func:`map_frame`, so a
unit's value, flags and source are the same everywhere. Units without a row get
NaN (no data) — never zero, never a value borrowed from a parent unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from geo.levels import MapLevel
from indicators.catalogue import Indicator
from indicators.classify import Classification, classify_categories, classify_continuous
from indicators.columns import Columns
from indicators.observations import FLAG_COLUMNS, NUMBER_COLUMNS
from indicators.session import Session

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: classes that mean "no answer" and are left out when ranking categories
NO_ANSWER_KEYS = {"ikke_svart", "vet_ikke"}


class _Row:
    """One unit's row, read a cell at a time from the map frame's columns."""

    __slots__ = ("_table", "_i")

    def __init__(self, frame: MapFrame, code: str):
        self._table, self._i = frame.table, frame.position(code)  # KeyError for a code not on the level

    def __getitem__(self, column: str):
        return self._table[column][self._i]


@dataclass(frozen=True)
class MapFrame:
    """One indicator joined to every unit of a level for one period: what the map, pages and tables draw."""

    level: str
    indicator: Indicator
    period: str | None
    #: one row per unit of the level, in code order (``table.index`` holds the codes)
    table: Columns
    #: 'continuous' | 'categorical' | 'share_of_class'
    mode: str
    #: for share_of_class: the class whose share is mapped
    share_class: str = ""
    #: the level drawn (with its map vintage and credit line)
    map_level: MapLevel | None = None

    @property
    def vintage(self) -> str:
        return self.map_level.vintage if self.map_level is not None else ""

    def value_text(self, session: Session, code: str, lang: str = "nb") -> str:
        """The one formatted value of a unit ('≈ 8,4 %', 'Meget utfordrende', 'Ingen data'),
        for the screen, the pages, the HTML and the tables alike."""
        from indicators import format as fmt

        row = _Row(self, code)
        no_data = "No data" if lang == "en" else "Ingen data"
        if self.mode == "categorical":
            if not row["category"]:
                return no_data
            scheme = session.catalogue.scheme_of(self.indicator)
            text = scheme.get(row["category"]).label(lang) if scheme else row["category"]
        else:
            if self.is_partial(code):
                have, of = int(row["members_have"]), int(row["members_of"])
                return (f"Delvis: bare {have} av {of} kommuner har tall" if lang == "nb"
                        else f"Partial: only {have} of {of} municipalities have figures")
            text = fmt.with_unit(row["value"], "%" if self.mode == "share_of_class" else self.indicator.unit, lang)
            if text == "–":
                return no_data
        return ("≈ " + text) if row["approximate"] else text

    def is_partial(self, code: str) -> bool:
        """True when the unit's row is a sum over only some of its members (no value)."""
        row = _Row(self, code)
        return bool(row["members_of"] == row["members_of"] and row["members_have"] < row["members_of"])

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame indexed by code (built on first use, for analysis and tables)."""
        frame = self.table.to_frame()
        frame.index.name = "code"
        return frame

    @property
    def codes(self) -> list[str]:
        return [str(c) for c in self.table.index.tolist()]

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.table.index.tolist())}

    def position(self, code: str) -> int:
        """The row of ``code`` (KeyError when the level has no such unit)."""
        return self._positions[code]

    @property
    def values(self) -> pd.Series:
        return self.frame["value"]

    @property
    def categories(self) -> pd.Series:
        return self.frame["category"]

    @property
    def has_data(self) -> bool:
        if self.mode == "categorical":
            return bool((self.table["category"] != "").any())
        return bool((~np.isnan(self.table["value"])).any())

    def among(self, codes: set[str]) -> np.ndarray:
        """A mask of the rows whose code is in ``codes``."""
        return np.fromiter((c in codes for c in self.table.index.tolist()), dtype=bool, count=len(self.table))

    def partial_mask(self) -> np.ndarray:
        """Units whose row is a sum over only some of their members."""
        have, of = self.table["members_have"], self.table["members_of"]
        with np.errstate(invalid="ignore"):
            return ~np.isnan(of) & (have < of)

    def sources(self) -> list[str]:
        return sorted({s for v in self.table["source"].tolist() for s in v.split(";") if s})

    def label(self, session: Session, lang: str = "nb") -> str:
        """What the map shows, e.g. 'Andel lister uten fast lege (%), 2019'."""
        name = self.indicator.name(lang)
        if self.mode == "share_of_class":
            scheme = session.catalogue.scheme_of(self.indicator)
            cls = scheme.get(self.share_class).label(lang) if scheme else self.share_class
            name = (f"Share of units answering «{cls}»: {name}" if lang == "en"
                    else f"Andel enheter som svarte «{cls}»: {name}")
        return f"{name}, {self.period}" if self.period else name

    def classify(self, session: Session, method: str | None = None, k: int | None = None,
                 manual_breaks: list[float] | None = None, palette: str | None = None,
                 colour_blind: bool = False, lang: str = "nb") -> Classification:
        if self.mode == "categorical":
            scheme = session.catalogue.scheme_of(self.indicator)
            if scheme is None:  # the catalogue gives every categorical indicator a scheme (tested there)
                raise ValueError(f"categorical indicator {self.indicator.id} has no class scheme")
            return classify_categories((self.codes, self.table["category"]), scheme, colour_blind, lang)
        ind = self.indicator
        if self.mode == "share_of_class":
            from dataclasses import replace

            from indicators.palettes import SEQUENTIAL

            # the indicator's palette names its category scheme; a share needs a ramp
            ramp = ind.palette if ind.palette in SEQUENTIAL else "YlOrRd"
            ind = replace(ind, unit="%", worse="higher", palette=ramp)
        if palette is None and colour_blind:
            palette = "PuBu" if ind.palette in ("YlOrRd", "OrRd", "Reds") else None
        cls = classify_continuous((self.codes, self.table["value"]), ind, method, k, manual_breaks, palette, lang)
        return self._partial_in_legend(cls, lang)

    def _partial_in_legend(self, cls: Classification, lang: str) -> Classification:
        """A unit with a partial sum is drawn as "no data" (it has no value of its own); the legend
        says that such units are among them, as the details say "Delvis: 40 av 41 kommuner"."""
        from dataclasses import replace

        if "members_of" not in self.table or not self.partial_mask().any():
            return cls
        label = "No data or partial" if lang == "en" else "Ingen data eller delvis"
        legend = tuple(replace(e, label=label) if e.no_data else e for e in cls.legend)
        return replace(cls, legend=legend)


def default_period(session: Session, indicator_id: str, level: str | MapLevel) -> str | None:
    """The one rule for which period a map opens on: the latest with data at that level."""
    lv = session.level(level)
    periods = session.observations.periods(indicator_id, lv.id, vintage=lv.vintage or session.map_vintage)
    return periods[-1] if periods else None


def worst_class(session: Session, indicator: Indicator) -> str:
    scheme = session.catalogue.scheme_of(indicator)
    answers = [c.key for c in scheme.classes if c.key not in NO_ANSWER_KEYS] if scheme else []
    if not answers:
        return ""
    # schemes are ordered best → worst in the catalogue order for worse="higher"
    return answers[-1] if indicator.worse != "lower" else answers[0]


#: the columns of a map frame, in this order
FRAME_COLUMNS = ["value", "numerator", "denominator", "category", "source", "table", "seed_lines",
                 "approximate", "derived", "note", "origin", "period", "members_have", "members_of"]


def _blank(column: str, n: int, text: str = "") -> np.ndarray:
    if column in NUMBER_COLUMNS:
        return np.full(n, np.nan)
    if column in FLAG_COLUMNS:
        return np.zeros(n, dtype=bool)
    return np.full(n, text, dtype=object)


def map_frame(session: Session, level: str | MapLevel, indicator_id: str, period: str | None = None) -> MapFrame:
    lv = session.level(level)  # ValueError for an unknown level
    level = lv.id
    ind = session.catalogue.get(indicator_id)
    if period is None:
        period = default_period(session, indicator_id, lv)
    codes = list(lv.codes)
    vintage = lv.vintage or session.map_vintage
    rows = session.observations.select_columns(indicator_id, level, period, vintage=vintage) if period else None
    mode = "continuous"
    share_class = ""
    if ind.is_category and rows is not None and not rows.empty:
        own = rows.take((rows["category"] != "") & np.isnan(rows["denominator"]))
        if not own.empty:
            mode = "categorical"
            rows = own
        else:
            mode = "share_of_class"
            share_class = worst_class(session, ind)
            rows = _share_of(rows.take(rows["category"] == share_class))
    elif ind.is_category:
        mode = "categorical"
    n = len(codes)
    index = np.array(codes, dtype=object)
    if rows is None or rows.empty:
        blank = {c: _blank(c, n, (period or "") if c == "period" else "") for c in FRAME_COLUMNS}
        return MapFrame(level, ind, period, Columns(blank, index), mode, share_class, lv)
    first: dict[str, int] = {}
    for i, code in enumerate(rows["code"].tolist()):
        first.setdefault(code, i)  # one row per unit: the first, as the selection ordered them
    take = np.array([first.get(c, -1) for c in codes], dtype=np.intp)
    have = take >= 0
    data = {}
    for c in FRAME_COLUMNS:
        column = _blank(c, n)
        column[have] = rows[c][take[have]]
        data[c] = column
    if mode == "categorical":
        data["value"] = np.full(n, np.nan)
    table = Columns(data, index)
    frame = MapFrame(level, ind, period, table, mode, share_class, lv)
    # a sum over only some members is not the unit's value (its partial sums stay)
    data["value"][frame.partial_mask()] = np.nan
    return frame


def _share_of(dist: Columns) -> Columns:
    """Share of units answering the class: recomputed from counts where we have them."""
    with np.errstate(invalid="ignore", divide="ignore"):
        recomputed = dist["numerator"] / dist["denominator"] * 100
    data = {c: dist[c] for c in dist.names}
    data["value"] = np.where(np.isnan(recomputed), dist["value"], recomputed)
    return Columns(data, dist.index)
