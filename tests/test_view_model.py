"""The view model's rules, headless (no Qt): one owner of what the planner looks at."""

from __future__ import annotations

import pytest

from indicators.session import Session
from indicators.view import ViewState
from indicators.view_model import ViewModel


@pytest.fixture()
def model() -> ViewModel:
    return ViewModel(Session(), ViewState())


def record(model: ViewModel) -> list[frozenset]:
    seen: list[frozenset] = []
    model.changed.connect(seen.append)
    return seen


def test_opens_on_the_default_view_with_its_latest_period(model):
    model.validate()
    v = model.view
    assert (v.map_vintage, v.level, v.indicator, v.period) == ("2024", "kommune", "ssb_andel_pasienter_uten_lege",
                                                               "2025")
    assert model.session.map_vintage == "2024"


def test_a_new_indicator_resets_the_classification_and_takes_its_latest_period(model):
    model.set_style(method="equal_interval", classes=4, palette="Blues")
    seen = record(model)
    model.set_level("fylke")
    model.set_indicator("lister_uten_fast_lege_andel")
    v = model.view
    assert (v.method, v.classes, v.palette, v.manual_breaks, v.period) == (None, None, None, [], "2019")
    assert seen[-1] >= {"indicator", "method", "classes", "palette", "period"}
    assert len(seen) == 2  # one event per change, not one per field


def test_a_level_keeps_the_period_where_it_exists_else_the_latest(model):
    model.set_period("2019")
    assert model.view.period == "2019"
    model.set_level("fylke")  # SSB's share has no county value in 2019 (no counts), but rows exist
    assert model.view.period in model.session.periods(model.view.indicator, "fylke")
    model.set_period("1999")  # not a period of the indicator: the latest
    assert model.view.period == "2025"


def test_another_map_drops_the_selection_and_moves_the_session(model):
    model.select("3101")  # Halden on the 2024 map
    seen = record(model)
    model.set_map("2020")
    assert model.view.selection is None and model.view.extent is None
    assert model.session.map_vintage == "2020" and {"map_vintage", "selection"} <= seen[-1]
    with pytest.raises(KeyError):
        model.select("3101")  # not a 2020 code
    model.select("3001")
    assert model.view.selection == "3001"


def test_selecting_on_another_level_switches_to_it(model):
    model.select("18", level="fylke")
    assert (model.view.level, model.view.selection) == ("fylke", "18")


def test_manual_classes_without_breaks_fall_back_to_the_indicators_method(model):
    model.set_style(method="manual", manual_breaks=[])
    assert model.view.method == "natural_breaks"
    model.set_style(method="manual", manual_breaks=[1.0, 5.0])
    assert model.view.method == "manual" and model.view.manual_breaks == [1.0, 5.0]
    with pytest.raises(ValueError):
        model.set_style(method="astrology")


def test_validate_repairs_a_view_the_data_cannot_show():
    m = ViewModel(Session(), ViewState(level="planet", indicator="nope", selection="x", lang="fr"))
    notes = m.validate()
    v = m.view
    assert (v.level, v.indicator, v.selection, v.lang) == ("kommune", "ssb_andel_pasienter_uten_lege", None, "nb")
    assert len(notes) == 2 and v.period == "2025"


def test_snapshot_and_restore_are_an_undo_step(model):
    before = model.snapshot()
    model.set_level("helseregion")
    model.set_indicator("lis1_stillinger")
    model.restore(before)
    assert (model.view.level, model.view.indicator) == ("kommune", "ssb_andel_pasienter_uten_lege")


def test_the_view_itself_is_evented():
    v = ViewState()
    got = []
    v.events.level.connect(lambda new, old: got.append((old, new)))
    v.level = "fylke"
    assert got == [("kommune", "fylke")]


def test_a_view_made_before_anyone_listened_emits_once_listened_to():
    early = ViewState(level="fylke")
    late = ViewState()
    got = []
    late.events.level.connect(lambda new, old: got.append(("late", new)))
    early.events.level.connect(lambda new, old: got.append(("early", new)))
    early.level, late.level = "helseregion", "kommune"
    late.level = "kommune"  # no change: no event
    assert got == [("early", "helseregion")]
    late.level = "fylke"
    assert got == [("early", "helseregion"), ("late", "fylke")]
