"""The tidy table of every number Legekart shows, with its provenance.

One row per (indicator, level, vintage, code, period[, category]). Municipality and
county rows carry the vintage of their codes (2020 or 2024): a row is drawn on the
map of its own vintage only (other vintages reach a map through the crosswalks, at
build or import time); rows of other levels serve both maps. Bundled rows come from
``data/indicators/observations.csv`` (built by ``data/scripts/build_indicators.py`` from the
transcribed seed tables); imported rows are appended per session. Nothing here
knows about Qt or drawing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from geo.levels import LAND, LEVELS, VINTAGED_LEVELS
from indicators.columns import Columns

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
OBSERVATIONS_CSV = DATA_DIR / "indicators" / "observations.csv"

COLUMNS = [
    "indicator", "level", "vintage", "code", "unit_name", "period", "category",
    "value", "numerator", "denominator", "source", "table", "seed_lines",
    "approximate", "derived", "note", "origin", "members_have", "members_of",
]
TEXT_COLUMNS = [
    "indicator", "level", "vintage", "code", "unit_name", "period", "category",
    "source", "table", "seed_lines", "note", "origin",
]
#: members_have / members_of: for a value summed from smaller units, how many of the
#: unit's members had a value (NaN for values that were not summed). A sum over fewer
#: than all members is partial: it keeps its partial numerator and denominator but has
#: no value, because it is not the unit's value.
NUMBER_COLUMNS = ["value", "numerator", "denominator", "members_have", "members_of"]
FLAG_COLUMNS = ["approximate", "derived"]



def empty() -> pd.DataFrame:
    import pandas as pd

    return normalise(pd.DataFrame({c: [] for c in COLUMNS}))


def normalise(df: pd.DataFrame) -> pd.DataFrame:
    """Coerce a frame to the observation schema (types, missing columns)."""
    import pandas as pd

    df = df.copy()
    for c in COLUMNS:
        if c not in df.columns:
            df[c] = np.nan if c in NUMBER_COLUMNS else (False if c in FLAG_COLUMNS else "")
    for c in TEXT_COLUMNS:
        df[c] = df[c].astype(object).where(df[c].notna(), "").astype(str)
    for c in NUMBER_COLUMNS:
        df[c] = pd.to_numeric(df[c], errors="coerce").astype(float)
    for c in FLAG_COLUMNS:
        df[c] = df[c].map(_truthy).astype(bool)
    return df[COLUMNS].reset_index(drop=True)


def _truthy(v) -> bool:
    if isinstance(v, str):
        return v.strip().lower() in ("true", "1", "yes", "ja")
    try:
        return bool(v) and not (isinstance(v, float) and np.isnan(v))
    except TypeError:
        return False


def read_seed_rows() -> pd.DataFrame:
    """The rows built from the seed documents (data/indicators/observations.csv)."""
    import pandas as pd

    df = pd.read_csv(OBSERVATIONS_CSV, dtype=str, keep_default_na=False, encoding="utf-8")
    return normalise(df)


@lru_cache(maxsize=1)
def _bundled() -> Columns:
    from indicators.bundle import bundled_columns as from_cache

    return from_cache()


def bundled_columns() -> Columns:
    """Every bundled row (read-only; a session adds and drops rows by making new Columns)."""
    return _bundled()


def bundled() -> pd.DataFrame:
    return _bundled().to_frame()


class _LazyCells:
    """A read-only mapping cell key → row dicts, built from group positions on demand.

    The first few questions (the window's start asks four) are answered by comparing the
    key columns (~1.5 ms each) and converting only the rows found; after that the positions of
    every cell are indexed once (~30 ms) and all rows converted a column at a time, as a click
    asks for every indicator at four units."""

    #: questions answered without building the index
    FEW = 4

    def __init__(self, table: Columns | pd.DataFrame, positions: dict | Callable[[], dict],
                 key_columns: list[np.ndarray] | None = None):
        self._names = list(table.columns) if hasattr(table, "columns") else table.names
        self._arrays = [np.asarray(table[c]) for c in self._names]
        # a string column holds str (or NaN) only; a plain object column may hold numpy scalars.
        # The observation schema's text columns are str by construction (normalise)
        text = set(TEXT_COLUMNS) if isinstance(table, Columns) else set()
        self._mixed = [a.dtype == object and n not in text for n, a in zip(self._names, self._arrays)]
        self._tuples: list[tuple] | None = None
        self._index = positions if isinstance(positions, dict) else None
        self._build_index = positions if callable(positions) else None
        self._key_columns = key_columns
        self._asked = 0
        self._rows: dict[tuple, list[dict]] = {}

    @property
    def _positions(self) -> dict:
        if self._index is None:
            assert self._build_index is not None
            self._index = self._build_index()
        return self._index

    def get(self, key: tuple, default=None):
        hit = self._rows.get(key)
        if hit is not None:
            return hit
        self._asked += 1
        few = self._asked <= self.FEW and self._index is None and self._key_columns is not None
        pos: np.ndarray | None
        if few:
            assert self._key_columns is not None
            mask = np.logical_and.reduce([col == k for col, k in zip(self._key_columns, key)])
            pos = np.flatnonzero(mask)
        else:
            pos = self._positions.get(key)
        if pos is None or not len(pos):
            return default
        names = self._names
        if few and self._tuples is None:
            hit = [{n: _plain(a[i]) for n, a in zip(names, self._arrays)} for i in pos.tolist()]
        else:
            if self._tuples is None:
                # every row as a tuple of plain values, a column at a time (~15 ms for 30 000 rows):
                # converting cell by cell cost ~50 µs per key, and the HTML popups ask for ~7000 keys
                self._tuples = list(zip(*(_plain_list(a, m) for a, m in zip(self._arrays, self._mixed))))
            rows = self._tuples
            hit = [dict(zip(names, rows[i])) for i in pos.tolist()]
        self._rows[key] = hit
        return hit


def _plain(x):
    """numpy scalars as Python values (the rows are shown and serialised as JSON)."""
    return x.item() if isinstance(x, np.generic) else x


def _plain_list(a: np.ndarray, mixed: bool) -> list:
    """The values of ``a`` as :func:`_plain` gives them; ``mixed``: it may hold numpy scalars."""
    values = a.tolist()  # numeric, bool and string columns: Python values already
    return [_plain(x) for x in values] if mixed else values


def _vintaged(levels: np.ndarray) -> np.ndarray:
    """Rows of a level whose codes carry a vintage (municipalities, counties)."""
    return np.logical_or.reduce([levels == lv for lv in VINTAGED_LEVELS])


def preference(derived: object, source: str, priority: Mapping[str, int]) -> tuple[bool, int]:
    """The one order of the rows of one cell: printed before derived, then the preferred
    source (``priority``: source → place; others after). Used by :meth:`Observations.unit_rows`,
    :meth:`Observations._pick` (as arrays) and :func:`indicators.breakdown.latest_values`."""
    return bool(derived), priority.get(source, len(priority))


def period_key(p: str) -> tuple:
    """Sort key for periods like '2019', '2019K4', '2018H2'."""
    year = int(p[:4]) if p[:4].isdigit() else 0
    return (year, p[4:])


class Observations:
    """Query helper around the tidy rows; imported rows can be added per session.

    The rows are held as :class:`Columns`; ``frame`` is the same rows as a pandas
    DataFrame, built when first asked for (analysis, tables, writers), so drawing a map
    never imports pandas.
    """

    def __init__(self, frame: pd.DataFrame | Columns | None = None,
                 source_priority: dict[str, tuple[str, ...]] | None = None):
        if frame is None:
            self._cols = bundled_columns()
        elif isinstance(frame, Columns):
            self._cols = frame
        else:
            self._cols = Columns.from_frame(normalise(frame))
        self._frame: pd.DataFrame | None = None
        # per indicator: sources in order of preference when two sources give the same cell
        self.source_priority = source_priority or {}
        self._summary_cache: dict[str | None, dict[str, dict[str, set[str]]]] = {}
        self._cells_cache: Mapping[tuple[str, str, str, str], list[dict]] | None = None
        self._select_cache: dict[tuple, Columns] = {}
        self._frame_cache: dict[tuple, pd.DataFrame] = {}
        #: bumped on every change of the rows, so a memo of anything derived from them knows it is stale
        self.version = 0

    @property
    def columns(self) -> Columns:
        return self._cols

    @property
    def frame(self) -> pd.DataFrame:
        """Every row as a DataFrame (built on first use; callers must not modify it)."""
        if self._frame is None:
            self._frame = self._cols.to_frame()
        return self._frame

    # -- mutation ----------------------------------------------------------------
    def add(self, rows: pd.DataFrame | Columns) -> None:
        """Append rows: a frame is coerced to the schema; ``Columns`` must be in it already."""
        new = rows if isinstance(rows, Columns) else Columns.from_frame(normalise(rows))
        self._cols = Columns.concat([self._cols, new], COLUMNS)
        self._invalidate()

    def drop_indicator(self, indicator: str) -> None:
        keep = self._cols["indicator"] != indicator
        if not keep.all():
            self._cols = Columns.concat([self._cols.take(keep)], COLUMNS)
        self._invalidate()

    def _invalidate(self) -> None:
        self.version += 1
        self._frame = None
        self._summary_cache = {}
        self._cells_cache = None
        self._select_cache = {}
        self._frame_cache = {}

    def _drawable(self, vintage: str | None) -> np.ndarray:
        """Rows that can be drawn on the ``vintage`` map (all rows for None)."""
        c = self._cols
        ok = np.ones(len(c), dtype=bool)
        if vintage is not None:
            ok &= ~(_vintaged(c["level"]) & (c["vintage"] != vintage))
        return ok

    def _summary(self, vintage: str | None) -> dict[str, dict[str, set[str]]]:
        """indicator → level → periods, for rows that can be drawn on the ``vintage`` map.

        Built once per change of the rows and map: the controls ask for every
        indicator's levels and periods, and filtering the rows each time was most of start-up.
        """
        if vintage not in self._summary_cache:
            c = self._cols.take(self._drawable(vintage))
            summary: dict[str, dict[str, set[str]]] = {}
            for ind, lv, period in set(zip(c["indicator"].tolist(), c["level"].tolist(), c["period"].tolist())):
                summary.setdefault(ind, {}).setdefault(lv, set()).add(period)
            self._summary_cache[vintage] = summary
        return self._summary_cache[vintage]

    def _cells(self) -> Mapping[tuple[str, str, str, str], list[dict]]:
        """(indicator, level, vintage, code) → its rows as plain dicts, converted on first use.

        A click asks for every indicator at four units; pandas filtering per question
        took ~170 ms, a dictionary lookup takes microseconds. Only the positions are
        indexed up front; a cell's rows become dicts when first asked for.
        """
        if self._cells_cache is None:
            c = self._cols
            vint = np.where(_vintaged(c["level"]), c["vintage"], "")

            def index() -> dict:
                groups: dict[tuple, list[int]] = {}
                keys = zip(c["indicator"].tolist(), c["level"].tolist(), vint.tolist(), c["code"].tolist())
                for i, key in enumerate(keys):
                    groups.setdefault(key, []).append(i)
                return {k: np.array(v, dtype=np.intp) for k, v in groups.items()}

            cells = _LazyCells(c, index, [c["indicator"], c["level"], vint, c["code"]])
            self._cells_cache = cells  # type: ignore[assignment]  # a read-only Mapping
        return self._cells_cache  # type: ignore[return-value]

    def unit_periods(self, indicator: str, level: str, code: str, *, vintage: str) -> list[str]:
        """Periods in which one unit has a row (in period order)."""
        v = vintage if level in VINTAGED_LEVELS else ""
        rows = self._cells().get((indicator, level, v, code)) or []
        return sorted({r["period"] for r in rows}, key=period_key)

    def unit_rows(self, indicator: str, level: str, code: str, period: str | None = None, *,
                  vintage: str, exact: bool = False) -> list[dict]:
        """Rows of one unit for ``period`` (or its latest period), one per category.

        ``exact=True`` returns nothing when the unit has no row for ``period`` (the
        same-period rule of comparisons); otherwise the latest period stands in.
        """
        v = vintage if level in VINTAGED_LEVELS else ""
        rows = self._cells().get((indicator, level, v, code))
        if not rows:
            return []
        if period is not None and any(r["period"] == period for r in rows):
            wanted = period
        elif exact and period is not None:
            return []
        else:
            wanted = max((r["period"] for r in rows), key=period_key)
        prio = {src: i for i, src in enumerate(self.source_priority.get(indicator, ()))}
        chosen: dict[str, dict] = {}
        for r in sorted((r for r in rows if r["period"] == wanted),
                        key=lambda r: preference(r["derived"], r["source"], prio)):
            chosen.setdefault(r["category"], r)
        return list(chosen.values())

    # -- queries -----------------------------------------------------------------
    def _pick(self, c: Columns) -> Columns:
        """Keep one row per cell: printed before derived, then preferred source (a stable order)."""
        if c.empty:
            return c
        ind = c["indicator"][0]
        prio = {s: i for i, s in enumerate(self.source_priority.get(ind, ()))}
        rank = np.array([prio.get(s, len(prio)) for s in c["source"].tolist()], dtype=int)
        order = np.lexsort((rank, c["derived"].astype(int)))  # stable: ties keep their row order
        keys = zip(*(c[k][order].tolist() for k in ("indicator", "level", "vintage", "code", "period", "category")))
        seen: set[tuple] = set()
        keep = []
        for pos, key in zip(order.tolist(), keys):
            if key not in seen:
                seen.add(key)
                keep.append(pos)
        return c.take(np.array(keep, dtype=np.intp))

    def select_columns(self, indicator: str, level: str | None = None, period: str | None = None,
                       code: str | None = None, *, vintage: str | None) -> Columns:
        """Rows of one indicator (one per cell) drawable on the ``vintage`` map, cached
        until the data changes. ``vintage=None`` keeps rows of every vintage."""
        key = (indicator, level, period, code, vintage, tuple(self.source_priority.get(indicator, ())))
        hit = self._select_cache.get(key)
        if hit is None:
            c = self._cols
            m = (c["indicator"] == indicator) & self._drawable(vintage)
            for column, wanted in (("level", level), ("period", period), ("code", code)):
                if wanted is not None:
                    m &= c[column] == wanted
            hit = self._pick(c.take(m))
            self._select_cache[key] = hit
        return hit

    def select(self, indicator: str, level: str | None = None, period: str | None = None,
               code: str | None = None, *, vintage: str | None) -> pd.DataFrame:
        """:meth:`select_columns` as a DataFrame (row labels as in ``frame``).

        Callers must not modify the returned frame."""
        key = (indicator, level, period, code, vintage, tuple(self.source_priority.get(indicator, ())))
        hit = self._frame_cache.get(key)
        if hit is None:
            hit = self.select_columns(indicator, level, period, code, vintage=vintage).to_frame()
            self._frame_cache[key] = hit
        return hit

    def periods(self, indicator: str, level: str | None = None, *, vintage: str | None) -> list[str]:
        by_level = self._summary(vintage).get(indicator, {})
        if level is None:
            found = set().union(*by_level.values()) if by_level else set()
        else:
            found = by_level.get(level, set())
        return sorted(found, key=period_key)

    def levels(self, indicator: str, *, vintage: str | None) -> list[str]:
        """Levels with data for an indicator on the ``vintage`` map, map levels first."""
        by_level = self._summary(vintage).get(indicator, {})
        out = [lv for lv in (*LEVELS, LAND) if lv in by_level]
        return out + sorted(set(by_level) - set(out))

    def vintages(self, indicator: str) -> dict[str, list[str]]:
        c = self._cols
        m = (c["indicator"] == indicator) & (c["vintage"] != "")
        out: dict[str, set[str]] = {}
        for lv, v in zip(c["level"][m].tolist(), c["vintage"][m].tolist()):
            out.setdefault(lv, set()).add(v)
        return {lv: sorted(vs) for lv, vs in sorted(out.items())}

    def indicators(self) -> list[str]:
        return sorted(set(self._cols["indicator"].tolist()))

    def sources(self, indicator: str) -> list[str]:
        c = self._cols
        return sorted({s for s in c["source"][c["indicator"] == indicator].tolist() if s})
