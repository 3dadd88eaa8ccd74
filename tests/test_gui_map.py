"""The map window: colours, clicks, search, hover, language and remembered settings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QToolTip

from geo.gazetteer import gazetteer
from gui.main_window import MainWindow
from indicators.session import Session
from indicators.view import ViewState


@pytest.fixture()
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.IniFormat)


#: these tests were written for the window's first default: the 2020 counties and the seed list share
OLD_DEFAULT = dict(map_vintage="2020", level="fylke", indicator="lister_uten_fast_lege_andel")


@pytest.fixture()
def window(qtbot, settings):
    w = MainWindow(session=Session(map_vintage="2020"), settings=settings, view=ViewState(**OLD_DEFAULT),
                   restore=False)
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    w.canvas.reset_view()
    return w


def pixel_at_unit(w: MainWindow, level: str, code: str) -> QColor:
    x, y = gazetteer("2020").get(level, code).label_xy
    p = w.canvas.to_widget(x, y)
    img = w.canvas.grab().toImage()
    dpr = img.devicePixelRatio()
    return QColor(img.pixel(int(p.x() * dpr), int(p.y() * dpr)))


def class_colour(w: MainWindow, code: str) -> QColor:
    return QColor(w.doc.classification.colour_of(code))


def close(a: QColor, b: QColor, tol: int = 6) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a.getRgb()[:3], b.getRgb()[:3]))


def test_opens_on_real_data_by_county(window):
    assert window.view.level == "fylke"
    assert window.view.indicator == "lister_uten_fast_lege_andel"
    assert window.doc.frame.has_data
    # Nordland (8,4 %) is in the highest quantile class, drawn in its class colour
    assert window.doc.classification.class_of("18") == len(window.doc.classification.colours) - 1
    assert close(pixel_at_unit(window, "fylke", "18"), class_colour(window, "18"))


def test_switching_level_and_indicator_recolours_known_unit(window, qtbot):
    before = pixel_at_unit(window, "fylke", "50")
    assert close(before, class_colour(window, "50"))
    window.controls.set_level("helseregion")
    assert window.view.level == "helseregion"
    window.controls.set_indicator("psykiatri_ekstra_stillinger")
    qtbot.wait(10)
    colour = pixel_at_unit(window, "helseregion", "helse-midt-norge")
    # Helse Midt-Norge (52,5 extra positions) is in the top class
    assert window.doc.classification.class_of("helse-midt-norge") == len(window.doc.classification.colours) - 1
    assert close(colour, class_colour(window, "helse-midt-norge"))
    assert not close(colour, before) or window.doc.classification.colours[-1] == before.name()


def test_kommune_level_shows_no_data_distinct_from_lowest_class(window, qtbot):
    window.controls.set_level("kommune")
    window.controls.set_indicator("ks_rekruttering")
    assert window.doc.frame.mode == "categorical"
    nodata = pixel_at_unit(window, "kommune", "5430")  # Kautokeino: no KS rating in the sources
    lowest = QColor(window.doc.classification.colours[0])
    assert not close(nodata, lowest, tol=20)
    assert window.doc.frame.frame.loc["5430", "category"] == ""


def test_click_trondheim_opens_breakdown(window, qtbot):
    window.controls.set_level("kommune")
    x, y = gazetteer("2020").get("kommune", "5001").label_xy
    pos = window.canvas.to_widget(x, y).toPoint()
    qtbot.mouseClick(window.canvas, Qt.LeftButton, pos=pos)
    assert window.view.selection == "5001"
    text = window.breakdown.title.text() + " " + window.breakdown.parents.text()
    assert "Trondheim" in text and "Trøndelag" in text and "Helse Midt-Norge" in text
    cells = window.breakdown.table_text()
    assert any("Ganske" in c for row in cells for c in row)  # Trondheim's own KS 2019 rating


def test_click_on_sea_selects_nothing(window, qtbot):
    window.select_unit("fylke", "50")
    sea = window.canvas.to_widget(-50_000, 7_600_000).toPoint()  # Norwegian Sea, west of Nordland
    assert window.canvas.unit_at(QPointF(sea)) == ""
    qtbot.mouseClick(window.canvas, Qt.LeftButton, pos=sea)
    assert window.view.selection is None
    assert window.breakdown.current is None


def test_opens_on_the_2024_municipality_map_with_ssb_values(qtbot, settings):
    """Issue 11: the window opens on today's map, every municipality, SSB's 2025 share."""
    w = MainWindow(session=Session(), settings=settings, restore=False)
    qtbot.addWidget(w)
    w.resize(1600, 1000)
    w.show()
    qtbot.waitExposed(w)
    w.canvas.reset_view()
    assert (w.view.map_vintage, w.view.level, w.view.indicator, w.view.period) == (
        "2024", "kommune", "ssb_andel_pasienter_uten_lege", "2025")
    legend = w.doc.classification.legend
    assert sum(e.count for e in legend if not e.no_data) == 351
    assert sum(e.count for e in legend if e.no_data) == 6
    assert w.controls.map.currentData() == "2024"
    gaz = gazetteer("2024")
    x, y = gaz.get("kommune", "5601").label_xy  # Alta: a large municipality, coloured by its class
    p = w.canvas.to_widget(x, y)
    img = w.canvas.grab().toImage()
    dpr = img.devicePixelRatio()
    assert close(QColor(img.pixel(int(p.x() * dpr), int(p.y() * dpr))), QColor(w.doc.classification.colour_of("5601")))
    # switching the map redraws the 2020 structure and keeps the indicator
    w.controls.set_map("2020")
    assert w.view.map_vintage == "2020" and w.session.map_vintage == "2020" and len(w.doc.geometry.codes) == 356
    assert w.view.indicator == "ssb_andel_pasienter_uten_lege"


def test_municipality_without_a_value_says_why(qtbot, settings):
    w = MainWindow(session=Session(), settings=settings, restore=False)
    qtbot.addWidget(w)
    w.select_unit("kommune", "1853")  # Evenes: SSB's table has no value
    cells = w.breakdown.table_text()
    row = next(r for r in cells if r[0].startswith("Andel pasienter på liste uten lege"))
    assert row[1].startswith("Ingen data")
    assert "SSB" in w.breakdown.model.tooltip(cells.index(row), 1)
    assert "Evenes" in w._tooltip("1853") and "Ingen data" in w._tooltip("1853")


def test_search_parallel_name_selects_karasjok(window):
    unit = window.search.search("Kárášjohka")
    assert unit.code == "5437"
    assert window.view.level == "kommune" and window.view.selection == "5437"
    window.search.search("karasjohka")
    assert window.view.selection == "5437"


def test_hover_shows_tooltip(window, qtbot):
    x, y = gazetteer("2020").get("fylke", "18").label_xy
    pos = window.canvas.to_widget(x, y).toPoint()
    qtbot.mouseMove(window.canvas, pos)
    qtbot.mouseMove(window.canvas, pos + QPoint(1, 1))
    text = window._tooltip("18")
    assert "Nordland (18)" in text and "8,4" in text
    qtbot.waitUntil(lambda: QToolTip.isVisible() and "Nordland" in QToolTip.text(), timeout=2000)


def test_zoom_and_pan_keep_selection(window, qtbot):
    extent = window.canvas.extent()
    qtbot.keyClick(window.canvas, Qt.Key_Plus)
    assert window.canvas.mpp < (extent[2] - extent[0]) / window.canvas.width()
    qtbot.keyClick(window.canvas, Qt.Key_Left)
    qtbot.keyClick(window.canvas, Qt.Key_Home)


def test_english_uses_decimal_point(window):
    window.set_language("en")
    assert "8.4" in window._tooltip("18")
    assert window.file_menu.title().replace("&", "") == "File"
    window.set_language("nb")
    assert "8,4" in window._tooltip("18")


def test_choices_are_remembered(qtbot, settings):
    w = MainWindow(session=Session(map_vintage="2020"), settings=settings, view=ViewState(**OLD_DEFAULT),
                   restore=False)
    qtbot.addWidget(w)
    w.controls.set_level("helseregion")
    w.controls.set_indicator("lis1_stillinger")
    w.select_unit("helseregion", "helse-nord")
    w.close()
    w2 = MainWindow(session=Session(map_vintage="2020"), settings=settings)
    qtbot.addWidget(w2)
    assert (w2.view.level, w2.view.indicator, w2.view.selection) == ("helseregion", "lis1_stillinger", "helse-nord")


def test_bad_saved_settings_fall_back_to_defaults(qtbot, settings):
    settings.setValue("view/state", '{"level": "planet", "indicator": "nope", "selection": "x"}')
    w = MainWindow(session=Session(map_vintage="2020"), settings=settings)
    qtbot.addWidget(w)
    assert (w.view.level, w.view.indicator, w.view.map_vintage) == (ViewState().level, ViewState().indicator, "2024")
