"""The tidy table of every number Legekart shows, with its provenance.

One row per (indicator, level, code, period[, category]). Bundled rows come from
``data/indicators/observations.csv`` (built by ``data/build_indicators.py`` from the
transcribed seed tables); imported rows are appended per session. Nothing here
knows about Qt or drawing.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from geo.levels import BOUNDARY_VINTAGE, LAND, LEVELS

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
OBSERVATIONS_CSV = DATA_DIR / "indicators" / "observations.csv"

COLUMNS = [
    "indicator", "level", "vintage", "code", "unit_name", "period", "category",
    "value", "numerator", "denominator", "source", "table", "seed_lines",
    "approximate", "derived", "note", "origin",
]
TEXT_COLUMNS = [
    "indicator", "level", "vintage", "code", "unit_name", "period", "category",
    "source", "table", "seed_lines", "note", "origin",
]
NUMBER_COLUMNS = ["value", "numerator", "denominator"]
FLAG_COLUMNS = ["approximate", "derived"]

#: Vintages that line up with the bundled boundaries, per level.
MAP_VINTAGES = {"kommune": {BOUNDARY_VINTAGE}, "fylke": {BOUNDARY_VINTAGE}}


def empty() -> pd.DataFrame:
    return normalise(pd.DataFrame({c: [] for c in COLUMNS}))


def normalise(df: pd.DataFrame) -> pd.DataFrame:
    """Coerce a frame to the observation schema (types, missing columns)."""
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


@lru_cache(maxsize=1)
def _bundled() -> pd.DataFrame:
    df = pd.read_csv(OBSERVATIONS_CSV, dtype=str, keep_default_na=False, encoding="utf-8")
    return normalise(df)


def bundled() -> pd.DataFrame:
    return _bundled().copy()


def period_key(p: str) -> tuple:
    """Sort key for periods like '2019', '2019K4', '2018H2'."""
    year = int(p[:4]) if p[:4].isdigit() else 0
    return (year, p[4:])


class Observations:
    """Query helper around the tidy frame; imported rows can be added per session."""

    def __init__(self, frame: pd.DataFrame | None = None, source_priority: dict[str, tuple[str, ...]] | None = None):
        self.frame = normalise(frame) if frame is not None else bundled()
        # per indicator: sources in order of preference when two sources give the same cell
        self.source_priority = source_priority or {}
        self._summary_cache: dict[str, dict[str, set[str]]] | None = None
        self._cells_cache: dict[tuple[str, str, str], list[dict]] | None = None
        self._select_cache: dict[tuple, pd.DataFrame] = {}

    # -- mutation ----------------------------------------------------------------
    def add(self, rows: pd.DataFrame) -> None:
        self.frame = pd.concat([self.frame, normalise(rows)], ignore_index=True)
        self._invalidate()

    def drop_indicator(self, indicator: str) -> None:
        self.frame = self.frame[self.frame["indicator"] != indicator].reset_index(drop=True)
        self._invalidate()

    def _invalidate(self) -> None:
        self._summary_cache = None
        self._cells_cache = None
        self._select_cache = {}

    def _summary(self) -> dict[str, dict[str, set[str]]]:
        """indicator → level → periods, for rows that can be drawn at that level.

        Built once per change of the frame: the controls ask for every indicator's
        levels and periods, and filtering the frame each time was most of start-up.
        """
        if self._summary_cache is None:
            f = self.frame
            ok = pd.Series(True, index=f.index)
            for lv, vintages in MAP_VINTAGES.items():
                ok &= ~((f["level"] == lv) & ~f["vintage"].isin(vintages))
            summary: dict[str, dict[str, set[str]]] = {}
            for (ind, lv), periods in f[ok].groupby(["indicator", "level"])["period"]:
                summary.setdefault(ind, {})[lv] = set(periods)
            self._summary_cache = summary
        return self._summary_cache

    def _cells(self) -> dict[tuple[str, str, str], list[dict]]:
        """(indicator, level, code) → its rows as plain dicts (map-vintage rows only).

        A click asks for every indicator at four units; pandas filtering per question
        took ~170 ms, a dictionary lookup takes microseconds.
        """
        if self._cells_cache is None:
            cells: dict[tuple[str, str, str], list[dict]] = {}
            for row in self.frame.to_dict("records"):
                lv = row["level"]
                if lv in MAP_VINTAGES and row["vintage"] not in MAP_VINTAGES[lv]:
                    continue
                cells.setdefault((row["indicator"], lv, row["code"]), []).append(row)
            self._cells_cache = cells
        return self._cells_cache

    def unit_rows(self, indicator: str, level: str, code: str, period: str | None = None) -> list[dict]:
        """Rows of one unit for ``period`` (or its latest period), one per category."""
        rows = self._cells().get((indicator, level, code))
        if not rows:
            return []
        wanted = period if period is not None and any(r["period"] == period for r in rows) else \
            max((r["period"] for r in rows), key=period_key)
        prio = {src: i for i, src in enumerate(self.source_priority.get(indicator, ()))}
        chosen: dict[str, dict] = {}
        for r in sorted((r for r in rows if r["period"] == wanted),
                        key=lambda r: (bool(r["derived"]), prio.get(r["source"], len(prio)))):
            chosen.setdefault(r["category"], r)
        return list(chosen.values())

    # -- queries -----------------------------------------------------------------
    def _pick(self, df: pd.DataFrame) -> pd.DataFrame:
        """Keep one row per cell: printed before derived, then preferred source."""
        if df.empty:
            return df
        ind = df["indicator"].iloc[0]
        prio = {s: i for i, s in enumerate(self.source_priority.get(ind, ()))}
        df = df.assign(
            _d=df["derived"].astype(int),
            _s=df["source"].map(lambda s: prio.get(s, len(prio))),
        ).sort_values(["_d", "_s"], kind="stable")
        keys = ["indicator", "level", "code", "period", "category"]
        return df.drop_duplicates(keys).drop(columns=["_d", "_s"])

    def select(self, indicator: str, level: str | None = None, period: str | None = None,
               code: str | None = None, map_vintage: bool = True) -> pd.DataFrame:
        """Rows of one indicator (one per cell), cached until the data changes.

        Callers must not modify the returned frame."""
        key = (indicator, level, period, code, map_vintage, tuple(self.source_priority.get(indicator, ())))
        hit = self._select_cache.get(key)
        if hit is None:
            hit = self._select(indicator, level, period, code, map_vintage)
            self._select_cache[key] = hit
        return hit

    def _select(self, indicator: str, level: str | None, period: str | None, code: str | None,
                map_vintage: bool) -> pd.DataFrame:
        f = self.frame
        m = f["indicator"] == indicator
        if level is not None:
            m &= f["level"] == level
            if map_vintage and level in MAP_VINTAGES:
                m &= f["vintage"].isin(MAP_VINTAGES[level])
        if period is not None:
            m &= f["period"] == period
        if code is not None:
            m &= f["code"] == code
        return self._pick(f[m])

    def periods(self, indicator: str, level: str | None = None) -> list[str]:
        by_level = self._summary().get(indicator, {})
        if level is None:
            found = set().union(*by_level.values()) if by_level else set()
        else:
            found = by_level.get(level, set())
        return sorted(found, key=period_key)

    def levels(self, indicator: str) -> list[str]:
        """Levels with data for an indicator, map levels first (2020 units only)."""
        by_level = self._summary().get(indicator, {})
        out = [lv for lv in (*LEVELS, LAND) if lv in by_level]
        return out + sorted(set(by_level) - set(out))

    def vintages(self, indicator: str) -> dict[str, list[str]]:
        df = self.frame[(self.frame["indicator"] == indicator) & (self.frame["vintage"] != "")]
        return {lv: sorted(g["vintage"].unique()) for lv, g in df.groupby("level")}

    def indicators(self) -> list[str]:
        return sorted(self.frame["indicator"].unique())

    def sources(self, indicator: str) -> list[str]:
        df = self.frame[self.frame["indicator"] == indicator]
        return sorted(s for s in df["source"].unique() if s)
