"""Cold start (issue 15): the scatter tab is made after the first paint, or when first needed,
and then shows what a scatter made at start would have shown."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.main_window import MainWindow
from indicators.session import Session
from indicators.view import ViewState


def _shown(w: MainWindow, qtbot) -> MainWindow:
    w.resize(1024, 700)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_the_scatter_is_not_made_before_the_first_paint(unshown):
    w = unshown()
    assert w.views.built_scatter() is None and "scatter" in w.startup.pending()
    assert w.views.tabs.tabText(2) == "Spredning"
    w.startup.finish()
    scatter = w.views.built_scatter()
    assert scatter is not None and w.views.tabs.indexOf(scatter) == 2
    assert scatter.level == "kommune" and scatter.y.currentData() == w.view.indicator
    assert scatter.stale  # hidden: its two indicators are joined when it is shown


def test_choosing_the_scatter_tab_first_shows_the_map_and_selection(unshown, qtbot):
    view = ViewState(selection="1804", indicator="ssb_listelengde")
    w = _shown(unshown(view), qtbot)
    tabs = w.views.tabs
    tabs.setCurrentIndex(2)  # as a click on the tab, before the start-up work ran
    scatter = w.views.built_scatter()
    assert scatter is not None and tabs.currentWidget() is scatter and tabs.indexOf(scatter) == 2
    assert scatter.isVisible() and not scatter.stale
    assert scatter.canvas.data.y_id == "ssb_listelengde" and scatter.canvas.selected == "1804"
    assert tabs.tabText(2) == "Spredning"


def test_a_late_scatter_draws_as_one_made_at_once(unshown, qtbot):
    """The same pixels whether the tab was chosen before the start-up work or after it."""
    early = _shown(unshown(ViewState(selection="1804")), qtbot)
    early.views.tabs.setCurrentIndex(2)
    late = _shown(unshown(ViewState(selection="1804")), qtbot)
    late.startup.finish()
    late.views.tabs.setCurrentIndex(2)
    assert late.views.scatter.grab().toImage() == early.views.scatter.grab().toImage()


def test_the_scatter_made_late_follows_the_language_and_the_level(unshown):
    w = unshown()
    w.set_language("en")
    w.model.set_level("fylke")
    scatter = w.views.scatter  # made on first use
    assert scatter.lang == "en" and scatter.level == "fylke"
    assert w.views.tabs.tabText(2) == "Scatter" and scatter.x_label.text()
    w.set_language("nb")
    assert scatter.lang == "nb"


def test_ctrl_click_on_the_map_marks_before_the_scatter_is_made(unshown, qtbot, monkeypatch):
    from PySide6.QtWidgets import QApplication

    w = unshown()
    monkeypatch.setattr(QApplication, "keyboardModifiers", staticmethod(lambda: Qt.ControlModifier))
    w.canvas.unitClicked.emit("1804")
    assert w.views.built_scatter() is not None
    assert w.views.marks == {"1804"} and w.doc.content.marked == frozenset({"1804"})
    assert w.views.scatter.canvas.marks == {"1804"}


def test_a_project_opened_before_the_first_paint_reaches_the_scatter(unshown):
    w = unshown()
    session = Session()
    w.set_project(session, ViewState(level="fylke"), None)
    scatter = w.views.scatter
    assert scatter.session is session and scatter.level == "fylke"
