"""Series for the trend chart: gaps, partial county/Norway points and code changes (issue 12)."""

from __future__ import annotations

import pytest

from indicators.series import code_change, sparkline, trend
from indicators.session import Session

SHARE = "ssb_andel_pasienter_uten_lege"


@pytest.fixture(scope="module")
def session() -> Session:
    return Session()


def test_bodo_series_every_year(session):
    tr = trend(session, "kommune", "1804", SHARE)
    assert tr.periods == tuple(str(y) for y in range(2015, 2026))
    unit = tr.line("unit")
    assert [p.value for p in unit.points][-3:] == [3.4, 1.0, 0.0]
    assert tr.code_break is None and tr.has_series


def test_partial_norway_is_no_value_but_keeps_its_ratio(session):
    tr = trend(session, "kommune", "1804", SHARE)
    norway = {p.period: p for p in tr.line("norway").points}
    assert all(p.value is None for p in norway.values())  # 351 of 357 at best: never Norway's value
    assert norway["2025"].partial and (norway["2025"].have, norway["2025"].of) == (351, 357)
    assert norway["2025"].partial_value == pytest.approx(117899 / 5622286 * 100)
    assert norway["2015"].partial and norway["2015"].partial_value is None  # no counts that year


def test_halden_series_starts_at_its_new_number(session):
    assert code_change("2024", "3101") == ("2024", ("3001",))
    tr = trend(session, "kommune", "3101", SHARE)
    assert [p.period for p in tr.line("unit").points if p.value is not None] == ["2024", "2025"]
    br = tr.code_break
    assert br is not None and br.period == "2024" and br.old_codes == ("3001",)
    assert "3001" in br.text("nb") and "3101" in br.text("nb")


def test_bergen_renumbered_in_2020(session):
    tr = trend(session, "kommune", "4601", SHARE)
    assert tr.code_break.period == "2020" and tr.code_break.old_codes == ("1201",)
    assert code_change("2024", "1804") is None


def test_counts_draw_only_the_unit(session):
    tr = trend(session, "kommune", "1804", "folketall")
    assert [ln.role for ln in tr.lines] == ["unit"]


def test_sparkline_needs_two_values(session):
    assert len(sparkline(session, session.indicator(SHARE), "kommune", "1804")) == 11
    assert sparkline(session, session.indicator("ssb_listetak"), "kommune", "1804") == ()  # one period
    assert sparkline(session, session.indicator(SHARE), "kommune", "1853") == ()  # Evenes: no values
