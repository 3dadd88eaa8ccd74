"""The main window: controls on the left, the map in the middle, details on the right.

What the planner looks at is owned by one :class:`~indicators.view_model.ViewModel`; the
window and its panels call its ``set_*`` methods and redraw when it says what changed.
The menus (gui/window_actions.py), files and dialogs (gui/window_files.py), undo
(gui/window_history.py) and what is painted over the map (gui/window_overlay.py) live in
modules of their own.
"""

from __future__ import annotations

import json
from contextlib import contextmanager

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QToolBar, QWidget

from gui import i18n
from gui.control_panel import ControlPanel
from gui.i18n import level_name, tr
from gui.map_canvas import MapCanvas
from gui.ranking_chart import RankingChart
from gui.render import document
from gui.search_box import SearchBox
from gui.undo import UndoStack
from gui.window_actions import WindowActions
from gui.window_files import BOUNDARY_SUFFIXES, TABLE_SUFFIXES, WindowFiles  # noqa: F401  (re-exported)
from gui.window_history import WindowHistory
from gui.window_overlay import OverlayCache, tooltip_text
from gui.window_startup import StartupWork
from indicators.session import Session
from indicators.view import ViewState
from indicators.view_model import MAP_FIELDS, ViewModel

SETTINGS_VIEW = "view/state"

_warm_up = None


def warm_up_in_background() -> None:
    """Import mapclassify (scipy) off the GUI thread once the map is on screen, so the
    first classification of imported data does not stall the window."""
    import importlib
    import sys
    import threading

    global _warm_up
    if _warm_up is not None or "mapclassify" in sys.modules:
        return
    _warm_up = threading.Thread(target=importlib.import_module, args=("mapclassify",), name="warm-up")
    _warm_up.start()


def finish_warm_up(timeout: float = 10.0) -> None:
    """Let a running warm-up import finish before the interpreter shuts down (an import
    cut off by shutdown prints errors)."""
    if _warm_up is not None and _warm_up.is_alive():
        _warm_up.join(timeout)


def default_settings() -> QSettings:
    return QSettings("Legekart", "Legekart")


class MainWindow(WindowActions, WindowFiles, WindowHistory, QMainWindow):
    #: the session's data changed (an import, an update): the recovery file should follow
    autosaveRequested = Signal()
    #: the window is closing cleanly
    closing = Signal()

    def __init__(self, session: Session | None = None, settings: QSettings | None = None,
                 view: ViewState | None = None, restore: bool = True):
        super().__init__()
        self.setObjectName("LegekartMainWindow")
        self.settings = settings if settings is not None else default_settings()
        self.model = ViewModel(session or Session(), view or (self._restored_view() if restore else ViewState()))
        self.model.validate()
        i18n.set_language(self.view.lang)
        self.doc: document.MapDocument | None = None
        self.project_path: str | None = None
        self._child_windows: list[QWidget] = []
        self.undo_stack = UndoStack()
        self._committed_view: dict | None = None
        self._quiet_depth = 0
        self._drawn: tuple[str, str] | None = None
        #: the language the details were last cleared in (None: a unit is shown)
        self._cleared: str | None = None
        #: what waits until the map is on screen (gui/window_startup.py)
        self.startup = StartupWork()

        self.overlay = OverlayCache()
        self.canvas = MapCanvas()
        self.canvas.setObjectName("mapCanvas")
        self.canvas.overlay_painter = self._paint_overlay
        self.canvas.tooltip_for = self._tooltip
        self.canvas.unitClicked.connect(self._map_clicked)
        self.canvas.viewChanged.connect(self._schedule_ranking)
        self.canvas.firstPainted.connect(self.startup.finish)
        self.setCentralWidget(self.canvas)

        self.controls = ControlPanel(self.model, defer=self.startup.defer)
        self.controls_dock = self._dock("controls", self.controls, Qt.LeftDockWidgetArea)
        self.ranking = RankingChart()
        self.ranking.unitClicked.connect(lambda code: self.select_unit(self.view.level, code))
        from gui.details_dock import install_details

        self.views = install_details(self)  # details, trend, ranking, scatter, change map (issue 12)

        self.search = SearchBox(lambda: self.session.gazetteer(self.view.map_vintage))
        self.search.setMinimumWidth(300)
        self.search.unitChosen.connect(lambda lv, code: self.select_unit(lv, code, zoom=True))
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.addToolBar(self.toolbar)
        self.status = QLabel()
        self.statusBar().addWidget(self.status, 1)
        self._ranking_timer = QTimer(self)
        self._ranking_timer.setSingleShot(True)
        self._ranking_timer.setInterval(120)
        self._ranking_timer.timeout.connect(self._update_ranking)

        self._build_actions()
        self.setAcceptDrops(True)
        self.retranslate()
        self.resize(1600, 960)
        self.resizeDocks([self.controls_dock, self.details_dock], [300, 600], Qt.Horizontal)
        self._restore_geometry()
        self.model.changed.connect(self._on_view_changed)
        self._show_view()
        self.startup.defer("search", self.search.prepare)
        QTimer.singleShot(1500, warm_up_in_background)

    # -- the model ------------------------------------------------------------------------
    @property
    def view(self) -> ViewState:
        return self.model.view

    @property
    def session(self) -> Session:
        return self.model.session

    @property
    def breakdown(self):
        """The comparison table tab (:class:`~gui.breakdown_panel.BreakdownPanel`), made on first use."""
        return self.views.table

    @contextmanager
    def _quiet(self):
        """Change the model without redrawing after each step (the caller redraws once)."""
        self._quiet_depth += 1
        try:
            yield
        finally:
            self._quiet_depth -= 1

    def _on_view_changed(self, names: frozenset) -> None:
        self.startup.finish()  # a change before the first paint: what waited is brought up to date first
        if self._quiet_depth:
            return
        if "lang" in names:
            i18n.set_language(self.view.lang)
            self.controls.retranslate()
            self.retranslate()
        if names & MAP_FIELDS:
            self.refresh_map()
        if names & {"selection", "level", "map_vintage", "lang"} or names & MAP_FIELDS:
            self._show_selection()

    def _paint_overlay(self, painter, rect) -> None:
        self.overlay.paint(painter, rect, self.doc, self.session, self.view)

    def _tooltip(self, code: str) -> str:
        return tooltip_text(self.doc, self.session, self.view, code)

    def _show_view(self) -> None:
        """Draw the whole view (opening, a project opened): map, extent, selection."""
        self.refresh_map(reset_view=self.view.extent is None)
        if self.view.extent:
            self.canvas.zoom_to(self.view.extent, margin=0)
        self._show_selection()

    # -- construction and settings ----------------------------------------------------------
    def _dock(self, name: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _restored_view(self) -> ViewState:
        raw = self.settings.value(SETTINGS_VIEW)
        if not raw:
            return ViewState()
        try:
            return ViewState.from_dict(json.loads(raw))
        except (ValueError, TypeError):
            return ViewState()

    def _restore_geometry(self) -> None:
        geom = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if isinstance(geom, QByteArray):
            self.restoreGeometry(geom)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_settings(self) -> None:
        self.model.set_extent(self.canvas.extent() if self.canvas.center else None)
        self.settings.setValue(SETTINGS_VIEW, json.dumps(self.view.to_dict()))
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.save_settings()
        self.canvas.cache.keep_view()  # the view the next start restores, drawn already
        finish_warm_up()
        self.closing.emit()
        super().closeEvent(event)

    def set_project(self, session: Session, view: ViewState, path: str | None) -> None:
        """Replace the session and view (open project, restore after a crash)."""
        self.startup.finish()
        with self._quiet():
            self.model.session = session
            self.model.replace(view)
        self.views.set_session(session)
        self.search.gaz = session.gazetteer()
        i18n.set_language(self.view.lang)
        self.project_path = path
        self.doc = None
        self.undo_stack = UndoStack()
        self._committed_view = None
        self.canvas.cache.invalidate()
        self.overlay.clear()
        self._cleared = None
        self.controls.retranslate()
        self.retranslate()
        self._show_view()

    # -- map -------------------------------------------------------------------------------
    def refresh_map(self, reset_view: bool = False) -> None:
        """Re-join and re-colour; geometry is cached, so this is cheap."""
        drawn = (self.view.level, self.view.map_vintage)
        level_changed = self.doc is None or self._drawn != drawn
        self._drawn = drawn
        self.search.follow(self.view.map_vintage)  # the search finds units of the map shown
        try:
            self.doc = document.build(self.session, self.view)
        except ValueError as exc:  # e.g. manual breaks that do not fit the data
            from PySide6.QtWidgets import QMessageBox  # dialogs' classes are made when first used (issue 15)

            QMessageBox.warning(self, tr("error.title", self.view.lang), str(exc))
            with self._quiet():
                self.model.reset_classification()
            self.controls.refresh()
            self.doc = document.build(self.session, self.view)
        self._record_view_change()
        self.canvas.set_content(self.doc.content, reset=reset_view or (level_changed and self.canvas.center is None))
        self._update_ranking()
        self.views.map_changed()
        self._update_status()
        self._update_undo_actions()  # every change that can be undone ends in a refresh

    def _update_status(self) -> None:
        if self.doc is None:
            return
        lang = self.view.lang
        n_data = sum(e.count for e in self.doc.classification.legend if not e.no_data)
        total = len(self.doc.classification.codes)
        self.status.setText(tr("label.status_units", lang).format(level=level_name(self.view.level, lang),
                                                                  n=n_data, total=total))

    def _schedule_ranking(self) -> None:
        self._ranking_timer.start()

    def _update_ranking(self) -> None:
        from gui.window_ranking import ranking_rows

        if self.doc is None:
            return
        if not self.startup.done:  # a hidden tab at start: filled once the map is on screen
            self.startup.defer("ranking", self._update_ranking)
            return
        title, rows, unit, categorical = ranking_rows(self.doc, self.session, self.view,
                                                      set(self.canvas.visible_codes()))
        self.ranking.set_rows(title, rows, unit, self.view.lang, None if categorical else self.view.selection,
                              categorical)
        self.ranking.set_references(self.views.references())

    # -- selection ---------------------------------------------------------------------
    def _map_clicked(self, code: str) -> None:
        if code:
            self.select_unit(self.view.level, code)
        else:
            self.clear_selection()

    def clear_selection(self) -> None:
        self._select_and_show(None, None)

    def select_unit(self, level: str, code: str, zoom: bool = False) -> None:
        self._select_and_show(code, level)
        if zoom and self.doc and code in self.doc.geometry.index:
            self.canvas.zoom_to(self.doc.geometry.extent_of([code]), margin=0.25)

    def _select_and_show(self, code: str | None, level: str | None) -> None:
        """Select through the model; its change event shows the selection. Shown here only when
        no event came (the same unit again, or a quiet batch): showing it twice doubled each click."""
        self.startup.finish()
        changed = self.model.select(code, level)
        if self._quiet_depth or not changed:
            self._show_selection()

    def _show_selection(self) -> None:
        """The selected unit highlighted, its details and its bar shown (or none of them)."""
        code = self.view.selection
        if self.doc:
            self.doc.content.highlight = code
        if code:
            self._cleared = None
            self.views.show_unit(self.view.level, code)
            table = self.views.built_table()  # not made yet: it shows the selection when it is
            if table is not None:  # the details' breakdown, not a second one (the table checks it is this unit's)
                table.show_unit(self.view.level, code, self.views.details.current)
        elif self._cleared != self.view.lang:  # cleared already: clearing again repainted the dock
            self._cleared = self.view.lang
            if self.views.built_table() is not None:
                self.views.built_table().clear()
            self.views.clear()
        self.ranking.set_selected(code)
        self.canvas.update()

    def reset_view(self) -> None:
        self.canvas.reset_view()

    def zoom_to_parent(self, parent_level: str) -> None:
        """Zoom to the county/region of the selection, or ask which one ('my county')."""
        gaz = self.session.gazetteer()
        code = None
        bundled = self.session.level(self.view.level).bundled
        if self.view.selection and bundled:
            unit = gaz.get(self.view.level, self.view.selection)
            code = unit.code if unit.level == parent_level else getattr(unit, parent_level, None)
        if code is None:
            code = self.settings.value(f"my/{parent_level}/{self.view.map_vintage}")
        if code is not None and gaz.find(parent_level, code) is None:
            code = None  # remembered on the other map
        if code is None:
            from PySide6.QtWidgets import QInputDialog

            units = gaz.level_units(parent_level)
            names = [u.name for u in units]
            key = "action.zoom_county" if parent_level == "fylke" else "action.zoom_region"
            choice, ok = QInputDialog.getItem(self, tr(key, self.view.lang), level_name(parent_level, self.view.lang),
                                              names, 0, False)
            if not ok:
                return
            code = units[names.index(choice)].code
        self.settings.setValue(f"my/{parent_level}/{self.view.map_vintage}", code)
        if bundled:
            members = [m.code for m in gaz.members(parent_level, code)]
            codes = {gaz.parent_code(m, self.view.level) for m in members}
            self.canvas.zoom_to(self.doc.geometry.extent_of(sorted(codes)), margin=0.05)

    def set_language(self, lang: str) -> None:
        self.model.set_language(lang)
