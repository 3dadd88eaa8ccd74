"""The details, trend, ranking, scatter and change map in the window (issue 12)."""

from __future__ import annotations

import pandas as pd
import pytest
from PySide6.QtCore import QPointF, Qt

from geo.gazetteer import gazetteer
from indicators.catalogue import Indicator
from indicators.change import ChangeFrame

SHARE = "ssb_andel_pasienter_uten_lege"


@pytest.fixture()
def window(make_window):
    return make_window()


def clean(texts) -> list[str]:
    return [t.replace("\xa0", " ") for t in texts]


def test_details_fit_a_1024_by_700_window(window, qtbot):
    window.select_unit("kommune", "1804")
    qtbot.wait(20)
    assert (window.width(), window.height()) == (1024, 700)
    panel = window.views.details
    assert not panel.scroll.horizontalScrollBar().isVisible()
    lst = panel.list
    assert lst.width() <= panel.scroll.viewport().width()
    right = max(p.rect.right() for c in lst._cards for p in c.parts)
    assert right <= lst.width()  # every line wrapped inside the panel


def test_a_long_distribution_wraps_inside_the_panel(window, qtbot):
    """Nordland's KS distribution ("Ikke utfordrende 19 % · … (n = 16)") is wider than the panel: it wraps."""
    window.select_unit("fylke", "18")
    qtbot.wait(20)
    lst = window.views.details.list
    ks = " ".join(clean(lst.card_texts()["ks_rekruttering"]))
    assert "Meget utfordrende 44 %" in ks
    right = max(p.rect.right() for c in lst._cards for p in c.parts)
    assert right <= lst.width()


def test_own_figures_first_only_rows_with_a_value(window):
    window.select_unit("kommune", "1804")
    panel = window.views.details
    bd = panel.current
    assert set(panel.row_ids()) == set(bd.own)  # nothing without a value of Bodø's own
    assert panel.theme_titles()[0] == "Fastlegelister uten fast lege"
    n = len(panel.row_ids())
    panel.show_all.setChecked(True)
    assert len(panel.row_ids()) > n and set(bd.own) < set(panel.row_ids())


def test_a_row_reads_in_ten_seconds(window):
    window.select_unit("kommune", "1804")
    cards = window.views.details.list.card_texts()
    text = " | ".join(clean(cards[SHARE]))
    for part in ("Andel pasienter på liste uten", "0,0 %", "2025", "Nordland 5,9 % (40 av 41)",
                 "Norge 2,1 % (351 av 357)", "1. av 40 i Nordland", "1. av 351 i landet", "Bedre"):
        assert part in text, part


def test_provenance_on_hover(window):
    window.select_unit("kommune", "1804")
    lst = window.views.details.list
    card = next(c for c in lst._cards if c.indicator_id == SHARE)
    value = next(p for p in card.parts if p.big)
    tip = lst.tooltip_at(value.rect.center())
    assert "Statistisk sentralbyrå" in tip and "12005" in tip and "KOSandelpasiente0000" in tip
    rank = next(p for p in card.parts if p.text.startswith("1. av 40"))
    assert "1 = best" in lst.tooltip_at(rank.rect.center()) and "delt med" in lst.tooltip_at(rank.rect.center())


def test_evenes_says_why_and_shows_the_rest_on_request(window):
    window.select_unit("kommune", "1853")
    panel = window.views.details
    assert "SSBs tabell 12005 har ingen verdi" in panel.notice.text() and panel.notice.isVisibleTo(panel)
    assert SHARE not in panel.row_ids()
    panel.show_all.setChecked(True)
    assert SHARE in panel.row_ids()
    assert any("SSBs tabell 12005" in t for t in panel.list.card_texts()[SHARE])


def test_imported_rows_come_first(window):
    ind = Indicator(id="egne_ventetid", theme="import", name_nb="Ventetid", name_en="Waiting", unit="dager",
                    kind="rate", worse="higher", origin="ventetid.csv", sources=())
    rows = pd.DataFrame([{"indicator": ind.id, "level": "kommune", "vintage": "2024", "code": "1804",
                          "period": "2025", "value": 12.0, "source": "ventetid.csv", "origin": "import"}])
    window.session.add_indicator(ind, rows)
    window.select_unit("kommune", "1804")
    panel = window.views.details
    assert panel.theme_titles()[0].startswith("Egne data") and panel.row_ids()[0] == "egne_ventetid"
    assert any("ventetid.csv" in t for t in panel.list.card_texts()["egne_ventetid"])


def test_trend_chart_hover_says_value_year_and_source(window):
    window.select_unit("kommune", "1804")
    views = window.views
    views.tabs.setCurrentWidget(views.trend)
    views.trend.canvas.grab()  # paints, and so places the hover targets
    texts = [h.text.replace("\xa0", " ") for h in views.trend.canvas.hits]
    assert any(t.startswith("Bodø 2023: 3,4 %") and "Kilde: Statistisk sentralbyrå" in t for t in texts)
    assert any(t.startswith("Norge 2025: delvis (351 av 357 kommuner)") for t in texts)


def test_trend_shows_the_code_change_of_halden(window):
    window.select_unit("kommune", "3101")
    trend = window.views.trend
    assert trend.canvas.trend.code_break.old_codes == ("3001",)
    assert "3001" in trend.note.text()


def test_ranking_has_norway_and_county_lines(window):
    window.select_unit("kommune", "1804")
    labels = [label for label, _, _ in window.ranking.references]
    assert labels == ["Norge (351 av 357)", "Nordland (40 av 41)"]
    assert window.ranking.selected == "1804"


def test_scatter_and_map_select_each_other(window, qtbot):
    views = window.views
    views.tabs.setCurrentWidget(views.scatter)
    canvas = views.scatter.canvas
    canvas.grab()
    assert canvas.data.level == "kommune" and canvas.data.y_id == SHARE
    # map → scatter
    window.select_unit("kommune", "1856")
    assert canvas.selected == "1856"
    # scatter point → map
    pt = canvas.data.point("4601")
    qtbot.mouseClick(canvas, Qt.LeftButton, pos=canvas.to_widget(pt.x, pt.y).toPoint())
    assert window.view.selection == "4601" and window.views.details.current.unit.code == "4601"
    # a rectangle in the scatter marks those municipalities on the map
    a, b = QPointF(canvas._plot.left() + 2, canvas._plot.top() + 2), QPointF(canvas._plot.center())
    qtbot.mousePress(canvas, Qt.LeftButton, pos=a.toPoint())
    qtbot.mouseMove(canvas, b.toPoint())
    qtbot.mouseRelease(canvas, Qt.LeftButton, pos=b.toPoint())
    (xa, ya), (xb, yb) = canvas.to_data(a), canvas.to_data(b)
    expected = canvas.data.codes_in(xa, xb, ya, yb)
    assert expected and window.doc.content.marked == frozenset(expected)
    # Ctrl+click on the map adds a municipality to the marked ones
    x, y = gazetteer("2024").get("kommune", "5601").label_xy
    qtbot.mouseClick(window.canvas, Qt.LeftButton, Qt.ControlModifier, window.canvas.to_widget(x, y).toPoint())
    assert "5601" in canvas.marks and "5601" in window.doc.content.marked


def test_change_map_from_the_controls(window):
    change = window.views.change
    assert change.enabled.isEnabled()
    change.period.setCurrentIndex(change.period.findData("2020"))
    change.enabled.setChecked(True)
    assert window.view.change_from == "2020"
    assert isinstance(window.doc.frame, ChangeFrame)
    assert window.doc.title(window.session).startswith("Endring i andel pasienter")
    assert "prosentpoeng" in change.info.text()
    # the change map's own classes: the class choices rest and say why
    assert not window.controls.method.isEnabled() and not window.controls.palette.isEnabled()
    assert "sentrert på null" in window.controls.method.toolTip()
    change.enabled.setChecked(False)
    assert window.controls.method.isEnabled() and window.controls.palette.isEnabled()
    change.enabled.setChecked(True)
    window.controls.set_indicator("ks_rekruttering")  # a category: no change to map
    assert window.view.change_from is None and not isinstance(window.doc.frame, ChangeFrame)
    assert not change.enabled.isEnabled()


def test_profile_export_from_the_window(window, tmp_path):
    from pypdf import PdfReader

    from gui.profile_dialog import write_profile

    window.select_unit("kommune", "1804")
    assert window.views.details.profile.isEnabled()
    path = tmp_path / "1804-bodo.pdf"
    assert write_profile(window, window.session, "1804", path, "nb")
    assert "Bodø" in PdfReader(str(path)).pages[0].extract_text()
    assert "action.export_profile" in window._actions


def test_english_details(window):
    window.set_language("en")
    window.select_unit("kommune", "1804")
    text = " ".join(clean(window.views.details.list.texts()))
    assert "Better" in text and "no. 1 of 351 in Norway" in text and "Norway 2.1 % (351 of 357)" in text
    assert window.views.tabs.tabText(0) == "Trend"



def test_table_tab_keeps_room_for_rows_at_1024_by_700(window, qtbot):
    """The marks' explanation is one short line (the full text on hover), so the table shows rows."""
    from PySide6.QtWidgets import QTabWidget

    window.select_unit("kommune", "1804")
    for tabs in window.findChildren(QTabWidget):
        for i in range(tabs.count()):
            if tabs.tabText(i) == "Tabell":
                tabs.setCurrentIndex(i)
    qtbot.wait(20)
    panel = window.breakdown
    table = panel.table
    assert table.isVisible()
    assert table.viewport().height() >= 2 * table.rowHeight(0)  # was under one row (24 px of 32)
    assert "pek her" in panel.footnote.text() and "regnet om av Legekart" in panel.footnote.toolTip()


def test_hidden_scatter_is_computed_when_shown(window, qtbot):
    """A re-colour does not join the scatter's two indicators while its tab is hidden; showing it does."""
    views = window.views
    views.tabs.setCurrentWidget(views.trend)
    window.model.set_indicator("ssb_listelengde")
    assert views.scatter.stale
    views.tabs.setCurrentWidget(views.scatter)
    qtbot.wait(10)
    assert not views.scatter.stale and views.scatter.canvas.data.y_id == "ssb_listelengde"


def test_a_click_fills_the_details_once(window, monkeypatch):
    """The model's selection event shows the unit; select_unit does not show it a second time."""
    calls = []
    original = window.views.show_unit
    monkeypatch.setattr(window.views, "show_unit", lambda level, code: (calls.append(code), original(level, code)))
    window.select_unit("kommune", "1804")
    assert calls == ["1804"]
    window.select_unit("kommune", "1804")  # the same unit again: no event, shown once more
    assert calls == ["1804", "1804"]
