"""Cold start (issue 15): what the window leaves until its map is painted is not built before,
and behaves as before once it is — the table tab, the ranked bars, the search list."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gui.main_window import MainWindow
from indicators.view import ViewState


def test_nothing_deferred_is_built_before_the_first_paint(unshown):
    w = unshown()
    assert not w.startup.done
    assert set(w.startup.pending()) == {"indicator_tips", "scatter", "table", "ranking", "search"}
    assert w.views.built_table() is None
    assert w.ranking.rows == [] and w.search._entries == {}


def test_the_first_paint_builds_what_waited(make_window, qtbot):
    w = make_window()
    qtbot.waitUntil(lambda: w.startup.done)
    assert w.startup.pending() == []
    assert w.ranking.rows and w.ranking.references  # the bars of the map in view, with Norway's line
    assert w.search._entries and w.search.completer_.model().rowCount() == len(w.search._entries)
    assert w.views.built_table() is not None


def test_choosing_the_table_tab_first_shows_the_selection(unshown, qtbot):
    w = unshown(ViewState(selection="1804"))
    w.resize(1024, 700)
    w.show()
    qtbot.waitExposed(w)
    tabs = w.views.tabs
    assert tabs.tabText(3) == "Tabell"
    tabs.setCurrentIndex(3)  # as a click on the tab: the real table takes the placeholder's place
    panel = w.views.built_table()
    assert panel is not None and tabs.currentWidget() is panel and tabs.indexOf(panel) == 3
    assert panel.isVisible() and not panel.stale
    assert panel.current.unit.code == "1804" and panel.table_text()
    assert not panel.title.isVisible()  # the details above say who it is
    assert tabs.tabText(3) == "Tabell"


def test_the_table_made_late_follows_the_language_and_the_session(unshown):
    w = unshown()
    w.set_language("en")
    w.select_unit("kommune", "4601")
    panel = w.breakdown  # made on first use
    assert panel.lang == "en" and panel.current.unit.code == "4601"
    assert w.views.tabs.tabText(3) == "Table"
    assert w.breakdown is panel
    w.clear_selection()
    assert panel.current is None


def test_a_selection_before_the_first_paint_fills_the_ranking(unshown):
    w = unshown()
    w.select_unit("kommune", "1804")
    assert w.startup.done
    assert w.ranking.selected == "1804" and w.ranking.rows
    assert [label for label, _, _ in w.ranking.references] == ["Norge (351 av 357)", "Nordland (40 av 41)"]


def test_search_before_the_list_is_made(unshown, qtbot):
    w = unshown()
    assert w.search._entries == {}
    with qtbot.waitSignal(w.search.unitChosen) as sig:
        w.search.setText("Bodø (1804, kommune)")
        w.search.returnPressed.emit()
    assert sig.args == ["kommune", "1804"]
    assert "Bodø (1804, kommune)" in w.search._entries


def test_typing_makes_the_completion_list_first(unshown, qtbot):
    w = unshown()
    w.show()
    qtbot.waitExposed(w)
    w.search.setFocus()
    qtbot.keyClicks(w.search, "Bod")
    model = w.search.completer_.completionModel()
    assert any("Bodø" in model.index(r, 0).data() for r in range(model.rowCount()))


def test_the_search_follows_the_map_vintage(unshown):
    w = unshown()
    w.search.prepare()
    vintage = w.search.gaz.vintage
    assert vintage == w.view.map_vintage
    w.set_language("en")
    w.search.prepare()
    assert any(label.endswith("municipality)") for label in w.search._entries)


def test_menu_actions_work_before_the_first_paint(unshown):
    w = unshown()
    act = next(a for k, a in w._actions.items() if k == "lang.en")
    act.trigger()
    assert w.view.lang == "en" and w.views.tabs.tabText(0) == "Trend"
    reset = w._actions["action.reset_view"]
    assert reset.shortcut().toString() == "Ctrl+0"
    assert w.views.built_table() is None or w.views.built_table().lang == "en"


def test_batched_unit_paths_equal_the_single_ones():
    from gui.render.paths import paths_from_elements
    from gui.render.scene import level_geometry

    d = level_geometry("fylke", "2024").detail(1000)
    one = [d.unit_path(i) for i in range(len(d.offsets) - 1)]
    batch = d.unit_paths()
    assert len(batch) == len(one) and all(a == b and a.fillRule() == b.fillRule() == Qt.WindingFill
                                          for a, b in zip(one, batch))
    some = paths_from_elements(d.elements, d.offsets[2:5])  # a run that does not start at 0
    assert some == one[2:4]
    assert paths_from_elements(d.elements, d.offsets[:1]) == []


def _canvas_pixels(w: MainWindow):
    return w.canvas.grab().toImage()


def test_the_start_view_comes_back_from_the_user_cache(make_window, monkeypatch, tmp_path, qtbot):
    from gui.render import start_view

    monkeypatch.setenv("LEGEKART_CACHE_DIR", str(tmp_path / "cache"))
    first = make_window(reset_view=False)
    drawn = _canvas_pixels(first)
    assert first.canvas.cache._unit_paths  # drawn: every unit's path was built
    kept = list((tmp_path / "cache" / "derived").glob(f"{start_view.NAME}-*.pkl"))
    assert len(kept) == 1
    first.close()
    second = make_window(reset_view=False)
    again = _canvas_pixels(second)
    assert second.canvas.cache._unit_paths == {}  # from the cache: no path was built
    assert again == drawn
    second.select_unit("kommune", "1804")  # the selection is drawn over the kept layers
    qtbot.wait(10)
    assert _canvas_pixels(second) != drawn


def test_a_damaged_start_view_is_drawn_again(make_window, monkeypatch, tmp_path):
    from gui.render import start_view

    monkeypatch.setenv("LEGEKART_CACHE_DIR", str(tmp_path / "cache"))
    drawn = _canvas_pixels(make_window(reset_view=False))
    for f in (tmp_path / "cache" / "derived").glob(f"{start_view.NAME}-*.pkl"):
        f.write_bytes(b"not a pickle")
    w = make_window(reset_view=False)
    assert _canvas_pixels(w) == drawn and w.canvas.cache._unit_paths


def test_the_view_closed_on_is_kept_for_the_next_start(make_window, monkeypatch, tmp_path):
    from gui.render import start_view

    monkeypatch.setenv("LEGEKART_CACHE_DIR", str(tmp_path / "cache"))
    w = make_window(reset_view=False)
    _canvas_pixels(w)
    before = {f.name for f in (tmp_path / "cache" / "derived").glob(f"{start_view.NAME}-*.pkl")}
    w.canvas.zoom_to((250_000, 6_600_000, 300_000, 6_700_000), margin=0)
    _canvas_pixels(w)
    w.close()
    after = {f.name for f in (tmp_path / "cache" / "derived").glob(f"{start_view.NAME}-*.pkl")}
    assert len(after) == 1 and after != before  # one entry: the view closed on
    cache = w.canvas.cache
    key = next(iter(after))[len(start_view.NAME) + 1:-len(".pkl")]
    ids, lines = start_view.load(key, w.canvas.width(), w.canvas.height())
    assert (ids == cache._layers.ids).all() and lines == cache._layers.lines


def test_imported_layers_are_never_kept():
    from shapely.geometry import box

    from gui.render.map_painter import MapStyle
    from gui.render.scene import from_geometries, level_geometry
    from gui.render.start_view import view_key

    imported = from_geometries("lag", ["A"], ["Ei"], [box(0, 0, 1, 1)])
    bundled = level_geometry("kommune", "2024")
    extent = (0.0, 0.0, 1.0, 1.0)
    assert view_key(imported, None, extent, 10, 10, MapStyle()) is None
    assert view_key(bundled, imported, extent, 10, 10, MapStyle()) is None
    key = view_key(bundled, None, extent, 10, 10, MapStyle())
    assert key and key != view_key(bundled, None, extent, 10, 11, MapStyle())


LATER = ("gui.breakdown_panel", "indicators.scatter", "indicators.key_figures", "indicators.key_text",
         "indicators.series", "indicators.compare")


def test_a_fresh_window_paints_before_importing_the_hidden_parts(tmp_path):
    """In a fresh process, as bench/probe.py starts it: the modules of what is hidden at start are
    not imported by the first paint, and are once the start-up work has run."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    code = f"""
import json, os, sys
from gui.app import application
app = application()
from PySide6.QtCore import QSettings
from gui.main_window import MainWindow
w = MainWindow(settings=QSettings(os.path.join({str(tmp_path)!r}, "s.ini"), QSettings.IniFormat), restore=False)
w.show()
w.canvas.repaint()
app.processEvents()
painted = [m for m in {LATER!r} if m in sys.modules] if w.canvas._painted else None
metadata = "importlib.metadata" in sys.modules  # psygnal comes without it (indicators/psygnal_import.py)
from geo.boundaries import map_level
counties_read = "shapes" in map_level("fylke", w.view.map_vintage)._cache
w.startup.finish()
print(json.dumps({{"painted": painted, "done": w.startup.done, "after": [m for m in {LATER!r} if m in sys.modules],
                  "counties_read": counties_read, "metadata": metadata}}))
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(root))
    for _ in range(2):  # the first start fills the user cache (drawing arrays) when it is empty
        out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True,
                             timeout=120)
        assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["painted"] == [] and seen["done"]
    assert not seen["metadata"]
    assert not seen["counties_read"]  # their borders come from the drawing arrays (or the kept view)
    assert "gui.breakdown_panel" in seen["after"]  # the table is made after the first paint


def test_a_bundled_level_reads_its_shapes_when_first_used():
    from geo.boundaries import map_level, shapes
    from gui.render.scene import LevelGeometry, geometry_of

    level = map_level("helseregion", "2024")
    level._cache.clear()
    geo = geometry_of(level)
    assert "shapes" not in level._cache and geo.cache_key is not None
    s = shapes("helseregion", "2024")
    eager = LevelGeometry("helseregion", s.codes, s.names, s.geometries, s.label_points)
    assert geo.bounds == eager.bounds and geo.codes == eager.codes and geo.index == eager.index
    assert (geo.unit_bounds == eager.unit_bounds).all() and geo.names == eager.names
    assert geo.hit(*geo.label_points[0]) == geo.codes[0]
    assert geometry_of(level) is geo


def test_modules_imported_before_qt_are_not_read_again_by_shiboken(qtbot):
    from shibokensupport.feature import pyside_feature_dict

    from gui.app import application

    application()
    assert pyside_feature_dict.get("numpy") == -1 and pyside_feature_dict.get("indicators.session") == -1
    assert pyside_feature_dict.get("gui.main_window") == 0  # the window's modules: the hook's own answer


def _indicator_tips(w: MainWindow) -> dict[str, str]:
    model = w.controls.indicator.model()
    return {model.item(r).data(Qt.UserRole): model.item(r).toolTip() for r in range(model.rowCount())
            if model.item(r).data(Qt.UserRole)}


def test_the_indicator_tooltips_come_after_the_first_paint(unshown):
    w = unshown()
    assert set(_indicator_tips(w).values()) == {""} and "indicator_tips" in w.startup.pending()
    w.startup.finish()
    tips = _indicator_tips(w)
    assert "\n\nData for: Kommune" in tips["ssb_andel_pasienter_uten_lege"]
    assert all(t for t in tips.values())
    w.set_language("en")  # a new list after the start: its tooltips at once
    assert all(t for t in _indicator_tips(w).values())
    assert _indicator_tips(w)["ssb_andel_pasienter_uten_lege"].split("\n\n")[-1].startswith("Data for: ")


def test_a_shortcut_before_any_tab_was_opened(unshown, qtbot):
    w = unshown()
    w.resize(1024, 700)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    w.canvas.setFocus()
    w.canvas.reset_view()
    full = w.canvas.extent()
    w.canvas.zoom_to((250_000, 6_600_000, 300_000, 6_700_000), margin=0)
    assert w.canvas.extent() != full
    qtbot.keyClick(w.canvas, Qt.Key_0, Qt.ControlModifier)  # Ctrl+0: the whole map again
    assert w.canvas.extent() == full
    assert w.views.tabs.currentIndex() == 0
    w.views.tabs.setCurrentIndex(1)  # the ranked bars, filled after the first paint
    qtbot.waitUntil(lambda: bool(w.ranking.rows))
