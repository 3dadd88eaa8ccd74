"""What a click leaves for later still shows the right unit: the hidden table tab, the kept
breakdowns and the tooltips made on hover."""

from __future__ import annotations

import pandas as pd
import pytest

from gui.main_window import MainWindow
from indicators.catalogue import Indicator

IND = "test_lazy_andel"


@pytest.fixture()
def window(make_window):
    return make_window(reset_view=False)


def _import(w: MainWindow, value: float) -> None:
    ind = Indicator(id=IND, theme="import", name_nb="Latskap", name_en="Laziness", unit="%", kind="ratio",
                    worse="higher", origin="lat.csv", sources=())
    rows = pd.DataFrame([{"indicator": IND, "level": "kommune", "vintage": "2024", "code": "1804",
                          "period": "2025", "value": value, "source": "lat.csv", "origin": "import"}])
    w.session.add_indicator(ind, rows)


def _show_table(w: MainWindow, qtbot) -> None:
    w.views.tabs.setCurrentWidget(w.breakdown)
    qtbot.wait(10)


def _own_cell(w: MainWindow, name: str) -> str:
    row = next(r for r in w.breakdown.table_text() if r[0].startswith(name))
    return row[1]


def test_hidden_table_shows_the_last_unit_when_shown(window, qtbot):
    window.views.tabs.setCurrentWidget(window.views.trend)
    for code in ("1804", "4601", "5001"):
        window.select_unit("kommune", code)
    panel = window.breakdown
    assert not panel.isVisible() and panel.current.unit.code == "5001"
    assert "Trondheim" in panel.title.text()
    _show_table(window, qtbot)
    assert not panel.stale
    model = panel.model
    assert model.rowCount() > 0 and panel.table.rowHeight(0) > 0
    # the rows are Trondheim's: the same cells as a table filled at once
    shown = panel.table_text()
    panel.show_unit("kommune", "5001")  # visible now: filled at once
    assert panel.table_text() == shown


def test_hidden_table_read_by_code_is_filled_first(window):
    window.views.tabs.setCurrentWidget(window.views.trend)
    window.select_unit("kommune", "1853")  # Evenes: SSB's table has no value
    assert _own_cell(window, "Andel pasienter på liste uten lege").startswith("Ingen data")
    window.clear_selection()
    assert window.breakdown.current is None and window.breakdown.table_text() == []


def test_a_kept_breakdown_is_not_shown_after_an_import(window, qtbot):
    _import(window, 12.0)
    window.select_unit("kommune", "1804")
    window.select_unit("kommune", "4601")
    _import(window, 34.0)  # imported again with another value
    window.select_unit("kommune", "1804")
    assert window.views.details.current.own[IND].value == 34.0
    _show_table(window, qtbot)
    assert _own_cell(window, "Latskap").startswith("34")


def test_details_and_table_share_one_breakdown(window):
    window.select_unit("kommune", "1804")
    assert window.breakdown.current is window.views.details.current


def test_reselecting_after_a_map_change_keeps_the_details(window):
    window.select_unit("kommune", "1804")
    details = window.views.details
    cards = details.list._cards
    window.model.set_indicator("ssb_listelengde")  # the selection is shown again
    assert details.current.unit.code == "1804" and details.list._cards is cards
    details.show_all.setChecked(True)  # another choice is laid out again
    assert details.list._cards is not cards


def test_tooltips_are_made_when_hovered(window):
    window.select_unit("kommune", "1804")
    lst = window.views.details.list
    card = next(c for c in lst._cards if c.indicator_id == "ssb_andel_pasienter_uten_lege")
    value = next(p for p in card.parts if p.big)
    tip = lst.tooltip_at(value.rect.center())
    assert "Statistisk sentralbyrå" in tip
    assert lst.tooltip_at(value.rect.center()) == tip  # made once, the same again


def test_cleared_details_follow_the_language(window):
    assert window.view.selection is None
    window.model.set_indicator("ssb_listelengde")  # a map change with nothing selected
    assert window.views.details.title.text() == "Detaljer"
    window.set_language("en")
    assert window.views.details.title.text() == "Details"
    window.select_unit("kommune", "1804")
    window.clear_selection()
    assert window.views.details.current is None and window.views.details.title.text() == "Details"


def test_level_choices_follow_an_imported_layer(window):
    import geopandas as gpd
    from shapely.geometry import box

    from indicators.session import BoundaryLayer

    levels = [window.controls.level.itemData(i) for i in range(window.controls.level.count())]
    frame = gpd.GeoDataFrame({"code": ["A"], "name": ["Ei"]}, geometry=[box(250_000, 6_600_000, 260_000, 6_610_000)],
                             crs=25833)
    window.session.add_boundary_layer(BoundaryLayer(id="lag_test", name="Test", path="", frame=frame))
    window.model.set_indicator("ssb_listelengde")
    after = [window.controls.level.itemData(i) for i in range(window.controls.level.count())]
    assert after == [*levels, "lag_test"]
    assert window.controls.level.currentData() == window.view.level


def test_kept_key_figures_and_layout_are_the_units_own(window):
    _import(window, 12.0)
    window.select_unit("kommune", "1804")
    bodo = window.views.details.list.card_texts()[IND]
    window.select_unit("kommune", "4601")  # Bergen has no row of the import
    assert IND not in window.views.details.list.card_texts()
    window.select_unit("kommune", "1804")
    assert window.views.details.list.card_texts()[IND] == bodo
    _import(window, 34.0)
    window.select_unit("kommune", "4601")
    window.select_unit("kommune", "1804")
    assert any(t.startswith("34") for t in window.views.details.list.card_texts()[IND])


def test_trend_choices_follow_the_unit(window):
    ind = Indicator(id=IND, theme="import", name_nb="Latskap", name_en="Laziness", unit="%", kind="ratio",
                    worse="higher", origin="lat.csv", sources=())
    series = (("2024", 1.0), ("2025", 2.0))
    rows = pd.DataFrame([{"indicator": IND, "level": "kommune", "vintage": "2024", "code": "1804", "period": p,
                          "value": v, "source": "lat.csv", "origin": "import"} for p, v in series])
    window.session.add_indicator(ind, rows)
    trend = window.views.trend
    choices = lambda: [trend.combo.itemData(i) for i in range(trend.combo.count())]  # noqa: E731
    window.select_unit("kommune", "1804")
    assert IND in choices()
    window.select_unit("kommune", "4601")  # no series of the import
    assert IND not in choices() and trend.indicator in choices()
