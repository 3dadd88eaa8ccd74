"""The change map: B − A per unit, the honesty rules and the diverging classes (issue 12)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from indicators.catalogue import Indicator
from indicators.change import NO_CHANGE, ChangeFrame, change_frame
from indicators.session import Session
from indicators.view import ViewState

SHARE = "ssb_andel_pasienter_uten_lege"


@pytest.fixture(scope="module")
def session() -> Session:
    return Session()


def _own(session: Session, rows: list[tuple], kind: str = "ratio", unit: str = "%") -> str:
    """A small imported indicator on the 2024 map: (code, period, value, approximate) rows."""
    ind = Indicator(id="test_change_" + kind, theme="import", name_nb="Test", name_en="Test", unit=unit, kind=kind,
                    worse="higher", origin="test.csv", sources=())
    frame = pd.DataFrame([{"indicator": ind.id, "level": "kommune", "vintage": "2024", "code": c, "period": p,
                           "value": v, "approximate": a, "source": "test.csv", "origin": "import"}
                          for c, p, v, a in rows])
    session.add_indicator(ind, frame)
    return ind.id


def test_bergen_share_changes_in_percentage_points(session):
    f = change_frame(session, "kommune", SHARE, "2020", "2025")
    a = session.select(SHARE, "kommune", "2020", "4601")["value"].iloc[0]
    b = session.select(SHARE, "kommune", "2025", "4601")["value"].iloc[0]
    assert f.frame.loc["4601", "value"] == pytest.approx(b - a)
    assert f.frame.loc["4601", "value"] == pytest.approx(3.5)
    assert f.indicator.unit == "pp" and "prosentpoeng" in f.label(session)
    assert f.frame["derived"].all()  # a change is Legekart's arithmetic


def test_no_value_where_either_year_is_missing(session):
    f = change_frame(session, "kommune", SHARE, "2020", "2025")
    assert math.isnan(f.frame.loc["3101", "value"])  # Halden: new number in 2024, nothing for 2020
    assert "2020" in f.frame.loc["3101", "note"]
    assert math.isnan(f.frame.loc["1853", "value"])  # Evenes: SSB has no value in either year
    assert "2020 and 2025" in f.frame.loc["1853", "note"]


def test_partial_county_has_no_change(session):
    f = change_frame(session, "fylke", SHARE, "2024", "2025")
    assert math.isnan(f.frame.loc["18", "value"])  # Nordland 2024: 40 of 41 municipalities


def test_approximate_where_either_is_and_counts_in_per_cent():
    s = Session()
    share = _own(s, [("1804", "2020", 10.0, False), ("1804", "2024", 12.5, True),
                     ("1806", "2020", 4.0, False), ("1806", "2024", 4.0, False)])
    f = change_frame(s, "kommune", share, "2020", "2024")
    assert f.frame.loc["1804", "value"] == pytest.approx(2.5) and bool(f.frame.loc["1804", "approximate"])
    assert f.frame.loc["1806", "value"] == 0.0 and not bool(f.frame.loc["1806", "approximate"])
    count = _own(s, [("1804", "2020", 200.0, False), ("1804", "2024", 150.0, False),
                     ("1806", "2020", 0.0, False), ("1806", "2024", 3.0, False)], kind="count", unit="antall")
    g = change_frame(s, "kommune", count, "2020", "2024")
    assert g.indicator.unit == "%"
    assert g.frame.loc["1804", "value"] == pytest.approx(-25.0)  # (150 − 200) / 200
    assert math.isnan(g.frame.loc["1806", "value"]) and "0" in g.frame.loc["1806", "note"]


def test_diverging_classes_are_centred_on_zero(session):
    f = change_frame(session, "kommune", SHARE, "2020", "2025")
    cls = f.classify(session)
    centre = len(cls.colours) // 2
    # the unchanged (0,0 → 0,0) municipalities are the centre class, drawn in the neutral middle colour
    assert cls.class_of("1804") == centre and cls.colours[centre] == "#f7f7f7"
    assert cls.bins[centre - 1] == -NO_CHANGE and cls.bins[centre] == NO_CHANGE
    # symmetric limits; rising (worse) is red, falling blue
    lows, highs = cls.bins[:centre - 1], cls.bins[centre + 1:]
    assert [-b for b in reversed(lows)] == pytest.approx(list(highs[:-1]))
    assert cls.class_of("4601") > centre and cls.colours[-1] == "#b2182b" and cls.colours[0] == "#2166ac"
    assert cls.summary("nb").startswith("Symmetrisk rundt 0")


def test_the_view_maps_the_change(session):
    from gui.render.document import build

    doc = build(session, ViewState(indicator=SHARE, period="2025", change_from="2020"))
    assert isinstance(doc.frame, ChangeFrame)
    assert doc.frame.frame.loc["4601", "value"] == pytest.approx(3.5)
    assert doc.title(session).startswith("Endring i andel pasienter")
    # a choice that does not fit the indicator shows the values, never an error
    doc = build(session, ViewState(indicator="ks_rekruttering", change_from="2017"))
    assert not isinstance(doc.frame, ChangeFrame)


def test_the_view_model_keeps_the_change_choice_honest():
    from indicators.view_model import ViewModel

    model = ViewModel(Session(), ViewState(indicator=SHARE, period="2025"))
    assert "2020" in model.change_periods() and "2025" not in model.change_periods()
    assert model.set_change("2020") == frozenset({"change_from"})
    with pytest.raises(ValueError):
        model.set_change("2025")  # not before the period shown
    assert model.set_period("2019") >= {"period", "change_from"}  # 2020 is no longer earlier: dropped
    assert model.view.change_from is None
    model.set_change("2015")
    changed = model.set_indicator("ks_rekruttering")  # a category has no change to map
    assert "change_from" in changed and model.view.change_from is None
