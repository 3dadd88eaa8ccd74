"""The HTML popups, built an indicator at a time, are the popups built a unit at a time (issue 15).

The oracle below is the per-unit path the writer used before: ``unit_values`` for every
indicator at every unit. The text must be the same byte for byte, for units without values,
with approximate (≈) and derived values, in different latest periods, and with two sources
for one cell.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
import pytest

from geo.levels import LAND, LAND_CODE
from indicators.breakdown import CONTEXT_LEVELS, latest_values, unit_values
from indicators.catalogue import Indicator
from indicators.mapdata import map_frame
from indicators.session import Session
from indicators.writers.html import _flags, _row, popups
from indicators.writers.html_furniture import _t
from indicators.writers.table import unit_names


def per_unit_popups(session: Session, frame, codes: list[str], lang: str) -> dict[str, str]:
    """The popups as the writer built them one unit and one indicator at a time (the oracle)."""
    e = html.escape
    level, ind = frame.level, frame.indicator
    names = unit_names(session, level)
    obs = session.observations.frame
    here = obs[obs["level"] == level]
    present: dict[str, set[str]] = {}
    for ind_id, code in zip(here["indicator"].tolist(), here["code"].astype(str).tolist()):
        present.setdefault(ind_id, set()).add(code)
    indicators = [i for i in session.catalogue if i.id in present]
    bundled = session.level(level).bundled
    gaz = session.gazetteer() if bundled else None

    def context_row(lv: str, code: str, label: str) -> str:
        v = unit_values(session, lv, code, ind)
        return _row(label, v.text(ind, session, lang), v.period, _flags(v, lang)) if v else ""

    out = {}
    for code in codes:
        parts = [f"<div class='lk-pop'><b>{e(names.get(code, code))}</b> <span class='c'>({e(code)})</span>"]
        parents: dict = {}
        if gaz is not None:
            unit = gaz.find(level, code)
            parents = gaz.parents(unit) if unit else {}
            if parents:
                parts.append("<div class='par'>" + " · ".join(e(p.name) for p in parents.values()) + "</div>")
        rows = []
        for other in indicators:
            if code not in present[other.id]:
                continue
            v = unit_values(session, level, code, other)
            if v is not None:
                rows.append(_row(other.name(lang), v.text(other, session, lang), v.period, _flags(v, lang)))
        parts.append(f"<div class='h'>{e(_t('own', lang))}</div>")
        parts.append("<table>" + "".join(rows) + "</table>" if rows else f"<p>{e(_t('no_own', lang))}</p>")
        ctx = []
        for lv in CONTEXT_LEVELS.get(level, (LAND,)) if bundled else (LAND,):
            if lv == LAND:
                ctx.append(context_row(LAND, LAND_CODE, _t("norway", lang)))
            elif lv in parents:
                ctx.append(context_row(lv, parents[lv].code, parents[lv].name))
        ctx = [c for c in ctx if c]
        if ctx:
            parts.append(f"<div class='h'>{e(_t('context', lang))}: {e(ind.name(lang))}</div>")
            parts.append("<table>" + "".join(ctx) + "</table>")
        parts.append("</div>")
        out[code] = "".join(parts)
    return out


MINE = Indicator(id="egen_andel", theme="import", name_nb="Egen andel <b>", name_en="Own share <b>", unit="%",
                 kind="ratio", origin="egen.csv", sources=("kilde_b", "kilde_a"))


def _own_rows(codes: list[str]) -> pd.DataFrame:
    """Municipality rows that exercise every flag and choice: ≈, derived, a reason without a
    number, two sources for one cell (the preferred one listed second), a printed row beside a
    derived one of the preferred source, two periods of equal sort key, latest periods that differ."""
    rows = []
    for i, code in enumerate(codes):
        kind = i % 7
        if kind == 5:
            continue  # no row at all: the indicator is absent from this unit's popup
        years = ("2019", "2020", "2021")[: 1 + i % 3] if kind != 6 else ("y", "x")  # y, x: equal period keys
        for year in years:  # the latest period differs between units
            base = {"indicator": MINE.id, "level": "kommune", "vintage": "2020", "code": code, "unit_name": code,
                    "period": year, "value": 10.0 + i / 7, "source": "kilde_a", "origin": "egen.csv", "note": ""}
            if kind == 1:
                base["approximate"] = True
            elif kind == 2:
                base["derived"] = True
            elif kind == 3:
                base.update(value=np.nan, note="skjermet <lite tall>")
            rows.append(base)
            if kind == 4:  # a second source, preferred by the indicator, for the same cell
                rows.append(dict(base, source="kilde_b", value=99.5))
            if kind == 0:  # the preferred source, but derived: the printed row comes first
                rows.append(dict(base, source="kilde_b", value=77.5, derived=True))
    land = {"indicator": MINE.id, "level": "land", "vintage": "", "code": "NO", "unit_name": "Norge",
            "source": "kilde_a", "origin": "egen.csv", "note": ""}
    rows += [dict(land, period="2019", value=11.0), dict(land, period="2021", value=12.0, derived=True)]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def session() -> Session:
    s = Session(map_vintage="2020")
    codes = [u.code for u in s.gazetteer().level_units("kommune")]
    s.add_indicator(MINE, _own_rows(codes))
    return s


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("indicator", [MINE.id, "ks_rekruttering", "ssb_andel_pasienter_uten_lege"])
def test_popups_are_the_per_unit_popups_for_every_municipality(session, indicator, lang):
    frame = map_frame(session, "kommune", indicator, None)
    codes = [u.code for u in session.gazetteer().level_units("kommune")]
    got = popups(session, frame, codes, lang)
    assert got == per_unit_popups(session, frame, codes, lang)
    texts = "".join(got.values())
    if indicator == MINE.id:  # the fixture's cases are all there, and reach the page
        assert "Egen andel &lt;b&gt;" in texts or "Own share &lt;b&gt;" in texts
        assert _t("approx", lang) in texts and _t("derived", lang) in texts
        assert "2019" in texts and "2021" in texts


@pytest.mark.parametrize("level", ["fylke", "helseforetak", "helseregion"])
def test_popups_are_the_per_unit_popups_at_other_levels(session, level):
    frame = map_frame(session, level, "ssb_listelengde", None)
    codes = [u.code for u in session.gazetteer().level_units(level)]
    assert popups(session, frame, codes, "nb") == per_unit_popups(session, frame, codes, "nb")


def test_latest_values_are_unit_values_for_every_unit(session):
    """Every indicator, level and unit of both maps, the preferred source included."""
    checked = 0
    for s in (session, Session(map_vintage="2024")):
        c = s.observations.columns
        for ind in s.catalogue:
            mine = c["indicator"] == ind.id
            for level in sorted(set(c["level"][mine].tolist())):
                batch = latest_values(s, level, ind)
                codes = set(c["code"][mine & (c["level"] == level)].tolist())
                assert set(batch) <= codes
                for code in codes:
                    assert batch.get(code) == unit_values(s, level, code, ind), (ind.id, level, code)
                    checked += 1
    assert checked > 10_000


def test_the_preferred_source_and_the_missing_reason_come_through(session):
    values = latest_values(session, "kommune", MINE)
    codes = [u.code for u in session.gazetteer().level_units("kommune")]
    printed, two_sources, no_number, absent, same_key = codes[0], codes[4], codes[3], codes[5], codes[6]
    assert values[printed].source == "kilde_a" and not values[printed].derived
    assert values[two_sources].value == 99.5 and values[two_sources].source == "kilde_b"
    assert values[same_key].period == "y"  # the first of two equal period keys, as max() gives
    assert values[no_number].value is None and values[no_number].missing == "skjermet <lite tall>"
    assert absent not in values
    assert latest_values(session, "kommune", MINE, vintage="2024") == {}  # rows of the 2020 codes only
