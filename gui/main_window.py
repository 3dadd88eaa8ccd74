"""The main window: controls on the left, the map in the middle, details on the right."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QByteArray, QPointF, QRectF, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QColor, QFontMetricsF, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QDockWidget, QInputDialog, QLabel, QMainWindow, QMessageBox, QToolBar, QWidget,
)

from geo.levels import LEVELS
from gui import i18n
from gui.breakdown_panel import BreakdownPanel
from gui.control_panel import ControlPanel
from gui.i18n import level_name, tr
from gui.map_canvas import MapCanvas
from gui.ranking_chart import RankingChart
from gui.render import document
from gui.render.legend import font, legend_size, paint_legend, paint_text_lines, wrap
from gui.search_box import SearchBox
from gui.undo import Snapshot, UndoStack
from indicators.catalogue import Catalogue
from indicators.session import Session
from indicators.view import ViewState

SETTINGS_VIEW = "view/state"
TABLE_SUFFIXES = {".csv", ".txt", ".xlsx", ".xlsm", ".ods", ".tsv"}
BOUNDARY_SUFFIXES = {".geojson", ".json", ".gpkg", ".zip", ".shp"}


_warm_up = None


def _is_jsonstat(path: str) -> bool:
    from indicators.importer.statbank_json import is_jsonstat

    return is_jsonstat(path)


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


class MainWindow(QMainWindow):
    def __init__(self, session: Session | None = None, settings: QSettings | None = None,
                 view: ViewState | None = None, restore: bool = True):
        super().__init__()
        self.setObjectName("LegekartMainWindow")
        self.session = session or Session()
        self.settings = settings if settings is not None else default_settings()
        self.view = view or (self._restored_view() if restore else ViewState())
        self.session.map_vintage = self.view.map_vintage
        self._validate_view()
        i18n.set_language(self.view.lang)
        self.doc: document.MapDocument | None = None
        self.project_path: str | None = None
        self._child_windows: list[QWidget] = []
        self.undo_stack = UndoStack()
        self._committed_view: dict | None = None

        self.canvas = MapCanvas()
        self.canvas.setObjectName("mapCanvas")
        self.canvas.overlay_painter = self._paint_overlay
        self.canvas.tooltip_for = self._tooltip
        self.canvas.unitClicked.connect(self._map_clicked)
        self.canvas.viewChanged.connect(self._schedule_ranking)
        self.setCentralWidget(self.canvas)

        self.controls = ControlPanel(self.session, self.view)
        self.controls.changed.connect(self.refresh_map)
        self.controls_dock = self._dock("controls", self.controls, Qt.LeftDockWidgetArea)

        self.breakdown = BreakdownPanel(self.session)
        self.breakdown.projectionRequested.connect(self.open_projection)
        self.ranking = RankingChart()
        self.ranking.unitClicked.connect(lambda code: self.select_unit(self.view.level, code))
        from gui.details_dock import install_details

        self.views = install_details(self)  # details, trend, ranking, scatter, change map (issue 12)

        self.search = SearchBox(self.session.gazetteer())
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
        self.refresh_map(reset_view=self.view.extent is None)
        if self.view.extent:
            self.canvas.zoom_to(self.view.extent, margin=0)
        if self.view.selection:
            self.select_unit(self.view.level, self.view.selection)
        QTimer.singleShot(1500, warm_up_in_background)

    # -- construction ----------------------------------------------------------------
    def _dock(self, name: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetMovable | QDockWidget.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, key: str, slot, shortcut=None, checkable=False) -> QAction:
        act = QAction(self)
        act.setData(key)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.setCheckable(checkable)
        act.triggered.connect(slot)
        self._actions[key] = act
        return act

    def _build_actions(self) -> None:
        self._actions: dict[str, QAction] = {}
        a = self._action
        self.file_menu = self.menuBar().addMenu("")
        self.file_menu.addAction(a("action.open", self.open_project, QKeySequence.Open))
        self.file_menu.addAction(a("action.save", self.save_project, QKeySequence.Save))
        self.file_menu.addAction(a("action.save_as", self.save_project_as, QKeySequence.SaveAs))
        self.recent_menu = self.file_menu.addMenu("")
        self.file_menu.addSeparator()
        self.file_menu.addAction(a("action.import", lambda: self.import_data(), "Ctrl+I"))
        self.file_menu.addAction(a("action.import_boundaries", lambda: self.import_boundaries()))
        self.file_menu.addAction(a("action.ssb_update", lambda: self.update_from_ssb()))
        self.file_menu.addAction(a("action.export", self.export_map, "Ctrl+E"))
        self.file_menu.addAction(a("action.export_profile", lambda: self.views.export_profile()))
        self.file_menu.addSeparator()
        self.file_menu.addAction(a("action.quit", self.close, QKeySequence.Quit))
        self.edit_menu = self.menuBar().addMenu("")
        self.edit_menu.addAction(a("action.undo", self.undo, QKeySequence.Undo))
        self.edit_menu.addAction(a("action.redo", self.redo, QKeySequence.Redo))
        self.edit_menu.addSeparator()
        self.edit_menu.addAction(a("action.remove_import", self.remove_imported_indicator))
        self.view_menu = self.menuBar().addMenu("")
        self.view_menu.addAction(a("action.reset_view", self.reset_view, "Ctrl+0"))
        self.view_menu.addAction(a("action.zoom_county", lambda: self.zoom_to_parent("fylke")))
        self.view_menu.addAction(a("action.zoom_region", lambda: self.zoom_to_parent("helseregion")))
        self.view_menu.addSeparator()
        self.view_menu.addAction(a("action.projection", lambda: self.open_projection()))
        self.lang_menu = self.menuBar().addMenu("")
        group = QActionGroup(self)
        for lang in ("nb", "en"):
            act = a(f"lang.{lang}", lambda checked=False, lg=lang: self.set_language(lg), checkable=True)
            act.setChecked(self.view.lang == lang)
            group.addAction(act)
            self.lang_menu.addAction(act)
        self.help_menu = self.menuBar().addMenu("")
        self.help_menu.addAction(a("action.sources", self.show_sources))
        self.help_menu.addAction(a("action.about", self.show_about))
        self.toolbar.addWidget(self.search)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self._actions["action.reset_view"])
        self.toolbar.addAction(self._actions["action.zoom_county"])
        self.toolbar.addAction(self._actions["action.zoom_region"])
        self.toolbar.addAction(self._actions["action.export"])
        self._refresh_recent()

    def retranslate(self) -> None:
        lang = self.view.lang
        self.setWindowTitle(tr("app.title", lang))
        self.file_menu.setTitle(tr("menu.file", lang))
        self.view_menu.setTitle(tr("menu.view", lang))
        self.edit_menu.setTitle(tr("menu.edit", lang))
        self.lang_menu.setTitle(tr("menu.language", lang))
        self.help_menu.setTitle(tr("menu.help", lang))
        self.recent_menu.setTitle(tr("action.recent", lang))
        for key, act in self._actions.items():
            act.setText(tr(key, lang))
        self.controls_dock.setWindowTitle(tr("label.indicator", lang))
        self.details_dock.setWindowTitle(tr("label.breakdown", lang))
        self.search.setPlaceholderText(tr("label.search", lang))
        self.search.rebuild(lang)
        self.breakdown.retranslate(lang)
        self.views.retranslate(lang)

    # -- view state ---------------------------------------------------------------------
    def _restored_view(self) -> ViewState:
        raw = self.settings.value(SETTINGS_VIEW)
        if not raw:
            return ViewState()
        try:
            return ViewState.from_dict(json.loads(raw))
        except (ValueError, TypeError):
            return ViewState()

    def _validate_view(self) -> None:
        """Fall back to defaults for anything the current data cannot show."""
        v = self.view
        if v.level not in LEVELS and v.level not in self.session.boundary_layers:
            v.level = ViewState.level
        if v.indicator not in self.session.catalogue:
            v.indicator = ViewState.indicator
            v.period = None
        if v.lang not in ("nb", "en"):
            v.lang = "nb"
        if v.selection and not self._unit_exists(v.level, v.selection):
            v.selection = None

    def _unit_exists(self, level: str, code: str) -> bool:
        if level in LEVELS:
            return self.session.gazetteer().find(level, code) is not None
        return level in self.session.boundary_layers and code in self.session.boundary_layers[level].codes

    def _restore_geometry(self) -> None:
        geom = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if isinstance(geom, QByteArray):
            self.restoreGeometry(geom)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_settings(self) -> None:
        self.view.extent = self.canvas.extent() if self.canvas.center else None
        self.settings.setValue(SETTINGS_VIEW, json.dumps(self.view.to_dict()))
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.save_settings()
        finish_warm_up()
        if getattr(self, "autosave", None) is not None:
            from gui import recovery

            recovery.release(clean=True)
        super().closeEvent(event)

    def set_project(self, session: Session, view: ViewState, path: str | None) -> None:
        """Replace the session and view (open project, restore after a crash)."""
        self.session = session
        self.controls.session = session
        self.breakdown.session = session
        self.view = view
        self.controls.view = view
        self.views.set_session(session, view)
        self.session.map_vintage = view.map_vintage
        self.search.gaz = session.gazetteer()
        self._validate_view()
        i18n.set_language(self.view.lang)
        self.project_path = path
        self.doc = None
        self.undo_stack = UndoStack()
        self._committed_view = None
        self.canvas.cache.invalidate()
        self.controls.retranslate()
        self.retranslate()
        self.refresh_map(reset_view=self.view.extent is None)
        if self.view.extent:
            self.canvas.zoom_to(self.view.extent, margin=0)
        if self.view.selection:
            self.select_unit(self.view.level, self.view.selection)
        else:
            self.clear_selection()

    # -- map -------------------------------------------------------------------------------
    def refresh_map(self, reset_view: bool = False) -> None:
        """Re-join and re-colour; geometry is cached, so this is cheap."""
        drawn = (self.view.level, self.view.map_vintage)
        level_changed = self.doc is None or getattr(self, "_drawn", None) != drawn
        self._drawn = drawn
        if self.search.gaz.vintage != self.view.map_vintage:  # the search finds units of the map shown
            self.search.gaz = self.session.gazetteer(self.view.map_vintage)
            self.search.rebuild(self.view.lang)
        try:
            self.doc = document.build(self.session, self.view)
        except ValueError as exc:  # e.g. manual breaks that do not fit
            QMessageBox.warning(self, tr("error.title"), str(exc))
            self.view.method = None
            self.view.manual_breaks = []
            self.controls.refresh()
            self.doc = document.build(self.session, self.view)
        self.doc.view = self.view
        self._record_view_change()
        self.canvas.set_content(self.doc.content, reset=reset_view or (level_changed and self.canvas.center is None))
        self._update_ranking()
        self.views.map_changed()
        self._update_status()
        self._update_undo_actions()  # every change that can be undone ends in a refresh

    # -- undo ------------------------------------------------------------------------------
    _VIEW_KEYS = ("level", "indicator", "period", "method", "classes", "manual_breaks", "palette", "colour_blind",
                  "labels", "outline_parent", "change_from")

    def _record_view_change(self) -> None:
        """A changed choice of level, indicator, period or style becomes one undo step."""
        current = self.view.to_dict()
        before = self._committed_view
        self._committed_view = current
        if before is None or all(before.get(k) == current.get(k) for k in self._VIEW_KEYS):
            return
        snap = Snapshot.take("view", self.session, self.view)
        snap.view = before
        self.undo_stack.push(snap)

    def _update_undo_actions(self) -> None:
        self._actions["action.undo"].setEnabled(self.undo_stack.can_undo())
        self._actions["action.redo"].setEnabled(self.undo_stack.can_redo())

    def _before_session_change(self, label: str) -> Snapshot:
        return Snapshot.take(label, self.session, self.view)

    def undo(self) -> None:
        self._apply_history(self.undo_stack.undo)

    def redo(self) -> None:
        self._apply_history(self.undo_stack.redo)

    def _apply_history(self, step) -> None:
        label = step(self.session, self.view)
        if label is None:
            return
        self._validate_view()
        self._committed_view = self.view.to_dict()
        self.controls.refresh()
        self.refresh_map()
        if self.view.selection:
            self.select_unit(self.view.level, self.view.selection)
        else:
            self.clear_selection()

    def remove_imported_indicator(self) -> None:
        ind = self.session.catalogue.get(self.view.indicator)
        if not ind.is_imported:
            QMessageBox.information(self, "Legekart", "Den valgte indikatoren er ikke importert." if self.view.lang == "nb"
                                    else "The selected indicator is not imported.")
            return
        self.undo_stack.push(self._before_session_change("remove"))
        self.session.remove_indicator(ind.id)
        for ds in self.session.imports:
            if ind.id in ds.indicator_ids:
                ds.indicator_ids.remove(ind.id)
        self.session.imports[:] = [ds for ds in self.session.imports if ds.indicator_ids]
        self.view.indicator = ViewState.indicator
        self.view.period = None
        self._committed_view = self.view.to_dict()
        self.after_session_change(None)

    def _update_status(self) -> None:
        if self.doc is None:
            return
        lang = self.view.lang
        n_data = sum(1 for e in self.doc.classification.legend if not e.no_data for _ in range(e.count))
        total = len(self.doc.classification.codes)
        msg = (f"{level_name(self.view.level, lang)}: {n_data} av {total} enheter har data"
               if lang == "nb" else f"{level_name(self.view.level, lang)}: {n_data} of {total} units have data")
        self.status.setText(msg)

    def _schedule_ranking(self) -> None:
        self._ranking_timer.start()

    def _update_ranking(self) -> None:
        doc = self.doc
        if doc is None:
            return
        lang = self.view.lang
        visible = set(self.canvas.visible_codes())
        cls = doc.classification
        names = dict(zip(doc.geometry.codes, doc.geometry.names))
        if self.view.level in LEVELS:
            gaz = self.session.gazetteer()
            names = {u.code: u.short_name for u in gaz.level_units(self.view.level)}
        f = doc.frame.frame
        if doc.frame.mode == "categorical":
            counts: dict[str, int] = {}
            for code in visible:
                key = f.at[code, "category"] if code in f.index else ""
                if key:
                    counts[key] = counts.get(key, 0) + 1
            rows = [(e.key, e.label, counts.get(e.key, 0), e.colour, False)
                    for e in cls.legend if not e.no_data and counts.get(e.key)]
            title = "Antall enheter per klasse i utsnittet" if lang == "nb" else "Units per class in view"
            self.ranking.set_rows(title, rows, "", lang, None, True)
            return
        colours = cls.colour_map()
        shown = f[f.index.isin(visible) & f["value"].notna()]
        rows = [(code, names.get(code, code), float(v), colours.get(code, "#cccccc"), bool(a))
                for code, v, a in zip(shown.index, shown["value"], shown["approximate"])]
        rows.sort(key=lambda r: -r[2])
        unit = "%" if doc.frame.mode == "share_of_class" else doc.frame.indicator.unit
        self.ranking.set_rows(tr("label.ranking", lang), rows[:60], unit, lang, self.view.selection, False)
        self.ranking.set_references(self.views.references())

    def _paint_overlay(self, painter: QPainter, rect: QRectF) -> None:
        """Title, legend and source line on top of the map (same functions as exports)."""
        doc = self.doc
        if doc is None:
            return
        lang = self.view.lang
        # title box
        title = doc.title(self.session, lang)
        f = font(15, True)
        painter.save()
        painter.setFont(f)
        fm = painter.fontMetrics()
        tw = min(fm.horizontalAdvance(title) + 28, rect.width() - 20)
        painter.setPen(Qt.NoPen)
        painter.setBrush(QColor(255, 255, 255, 225))
        painter.drawRoundedRect(QRectF(10, 10, tw, fm.height() + 10), 4, 4)
        painter.setPen(QColor("#111111"))
        painter.drawText(QRectF(20, 15, tw - 20, fm.height()), Qt.AlignLeft | Qt.AlignVCenter,
                         fm.elidedText(title, Qt.ElideRight, int(tw - 16)))
        painter.restore()
        # source strip
        src = doc.sources(self.session)
        label = tr("label.source", lang)
        credit = self.session.level(self.view.level).credit(lang)
        line = (f"{label}: " + "; ".join(src) + " · " if src else "") + credit
        approx = doc.approximate_codes()
        lines = [line]
        if approx:
            n_values = int(doc.frame.frame["value"].notna().sum() + (doc.frame.frame["category"] != "").sum())
            vintage = self.view.map_vintage
            lines.append(
                f"≈ {len(approx)} av {n_values} verdier er omtrentlige (regnet om til {vintage}-inndelingen av Legekart; se detaljer)"
                if lang == "nb" else
                f"≈ {len(approx)} of {n_values} values are approximate (converted to the {vintage} units by Legekart; see details)"
            )
        fm12 = QFontMetricsF(font(12))
        n_lines = sum(len(wrap(t, fm12, rect.width() - 16)) for t in lines)
        strip_h = fm12.height() * n_lines + 8
        painter.fillRect(QRectF(rect.left(), rect.bottom() - strip_h, rect.width(), strip_h), QColor(255, 255, 255, 215))
        paint_text_lines(painter, QPointF(rect.left() + 8, rect.bottom() - strip_h + 3), lines, 12, "#333333",
                         max_width=rect.width() - 16)
        # legend, bottom-left above the strip
        legend_title = doc.frame.indicator.name(lang) if doc.frame.mode != "share_of_class" else title
        # bottom-right: east of southern Norway is Sweden, so the legend hides no Norwegian unit
        size = legend_size(doc.classification, legend_title, lang, 1.0, max_title_width=240)
        paint_legend(painter, QPointF(rect.right() - size.width() - 10, rect.bottom() - strip_h - size.height() - 10),
                     doc.classification, legend_title, lang, 1.0, max_title_width=240)
        if not doc.frame.has_data and not doc.content.points:  # a point map's polygons are only a base
            key = "label.kommune_no_data_hint" if self.view.level == "kommune" else "label.no_data_map"
            box = QRectF(rect.center().x() - 220, rect.top() + 60, 440, 70)
            painter.setPen(QColor("#b8a040"))
            painter.setBrush(QColor("#fff7d6"))
            painter.drawRoundedRect(box, 5, 5)
            paint_text_lines(painter, QPointF(box.left() + 10, box.top() + 8), [tr(key, lang)], 13, "#3d3200",
                             max_width=box.width() - 20)

    def _tooltip(self, code: str) -> str:
        doc = self.doc
        if doc is None or code not in doc.frame.frame.index:
            return ""
        if self.view.level in LEVELS:
            name = self.session.gazetteer().get(self.view.level, code).name
        else:  # an imported boundary layer
            geo = doc.geometry
            name = geo.names[geo.index[code]] if code in geo.index else code
        number = f" ({code})" if self.view.level in ("kommune", "fylke") else ""
        text = f"{name}{number}\n{doc.frame.indicator.name(self.view.lang)}: {doc.value_text(self.session, code)}"
        row = doc.frame.frame.loc[code]
        if row["note"] and row["value"] != row["value"] and not row["category"]:  # no value: say why
            from indicators.note_text import note_text

            text += "\n" + note_text(row["note"], self.view.lang)
        return text

    # -- selection ---------------------------------------------------------------------
    def _map_clicked(self, code: str) -> None:
        if code:
            self.select_unit(self.view.level, code)
        else:
            self.clear_selection()

    def clear_selection(self) -> None:
        self.view.selection = None
        if self.doc:
            self.doc.content.highlight = None
        self.breakdown.clear()
        self.views.clear()
        self.ranking.set_selected(None)
        self.canvas.update()

    def select_unit(self, level: str, code: str, zoom: bool = False) -> None:
        if level != self.view.level:
            self.view.level = level
            self.view.selection = None
            self.controls.refresh()
            self.refresh_map()
        self.view.selection = code
        if self.doc:
            self.doc.content.highlight = code
        self.breakdown.show_unit(level, code)
        self.views.show_unit(level, code)
        self.ranking.set_selected(code)
        if zoom and self.doc and code in self.doc.geometry.index:
            self.canvas.zoom_to(self.doc.geometry.extent_of([code]), margin=0.25)
        self.canvas.update()

    def reset_view(self) -> None:
        self.canvas.reset_view()

    def zoom_to_parent(self, parent_level: str) -> None:
        """Zoom to the county/region of the selection, or ask which one ('my county')."""
        gaz = self.session.gazetteer()
        code = None
        if self.view.selection and self.view.level in LEVELS:
            unit = gaz.get(self.view.level, self.view.selection)
            if unit.level == parent_level:
                code = unit.code
            else:
                code = getattr(unit, parent_level, None)
        if code is None:
            code = self.settings.value(f"my/{parent_level}/{self.view.map_vintage}")
        if code is not None and gaz.find(parent_level, code) is None:
            code = None  # remembered on the other map
        if code is None:
            units = gaz.level_units(parent_level)
            names = [u.name for u in units]
            choice, ok = QInputDialog.getItem(self, tr(f"action.zoom_{'county' if parent_level == 'fylke' else 'region'}"),
                                              level_name(parent_level, self.view.lang), names, 0, False)
            if not ok:
                return
            code = units[names.index(choice)].code
        self.settings.setValue(f"my/{parent_level}/{self.view.map_vintage}", code)
        members = [m.code for m in gaz.members(parent_level, code)]
        if self.view.level in LEVELS:
            codes = {gaz.parent_code(m, self.view.level) for m in members}
            self.canvas.zoom_to(self.doc.geometry.extent_of(sorted(codes)), margin=0.05)

    # -- language ---------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        self.view.lang = lang
        i18n.set_language(lang)
        self.controls.retranslate()
        self.retranslate()
        self.refresh_map()
        if self.view.selection:
            self.breakdown.show_unit(self.view.level, self.view.selection)

    # -- hooks to other features ---------------------------------------------------------
    def _feature(self, module: str, name: str):
        import importlib

        try:
            return getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            QMessageBox.information(self, "Legekart",
                                    "Denne funksjonen er ikke tilgjengelig ennå." if self.view.lang == "nb"
                                    else "This feature is not available yet.")
            return None

    def import_data(self, path: str | None = None) -> None:
        run = self._feature("gui.import_dialog", "run_import")
        if run is None:
            return
        before = self._before_session_change("import")
        new_ids = run(self, self.session, path)
        if new_ids:
            self.undo_stack.push(before)
            self.after_session_change(new_ids[0])

    def import_boundaries(self, path: str | None = None) -> None:
        run = self._feature("gui.boundary_dialog", "run_boundary_import")
        if run is None:
            return
        before = self._before_session_change("boundaries")
        layer_id = run(self, self.session, path)
        if layer_id:
            self.undo_stack.push(before)
            self.controls.refresh()
            self._update_undo_actions()
            self._autosave_hook()

    def update_from_ssb(self) -> None:
        run = self._feature("gui.ssb_dialog", "run_ssb_update")
        if run is not None and run(self):
            self.reload_ssb_data()

    def reload_ssb_data(self) -> None:
        """After an SSB update or going back to the bundled figures: read them again and redraw."""
        reload = getattr(self.session, "reload_ssb", None)
        if callable(reload):
            reload()
        self.doc = None
        self.canvas.cache.invalidate()
        self.controls.refresh()
        self.refresh_map()
        if self.view.selection:
            self.select_unit(self.view.level, self.view.selection)
        self._autosave_hook()

    def after_session_change(self, indicator_id: str | None = None) -> None:
        """Re-read the catalogue after an import, then show the new indicator."""
        if indicator_id:
            self.view.indicator = indicator_id
            self.view.period = None
            levels = self.session.data_levels(indicator_id)
            if self.view.level not in levels:
                for lv in levels:
                    if lv in LEVELS or lv in self.session.boundary_layers:
                        self.view.level = lv
                        break
        self.controls.refresh()
        self.refresh_map()
        self._autosave_hook()

    def _autosave_hook(self) -> None:
        """Called after every import; the recovery module (project files) plugs in here."""
        hook = getattr(self, "autosave", None)
        if callable(hook):
            hook()

    def export_map(self) -> None:
        run = self._feature("gui.export_dialog", "run_export")
        if run is not None:
            run(self, self.session, self.view, self.canvas.extent())

    def open_projection(self, level: str | None = None, code: str | None = None) -> None:
        opener = self._feature("gui.projection_panel", "open_projection")
        if opener is None:
            return
        level = level or self.view.level
        code = code or self.view.selection
        if level == "kommune" and code:
            unit = self.session.gazetteer().get("kommune", code)
            level, code = "fylke", unit.fylke
        if not code or level not in ("fylke", "helseregion", "helseforetak"):
            level, code = "helseregion", "helse-nord"
        self._child_windows.append(opener(self, self.session, level, code))

    def open_project(self) -> None:
        run = self._feature("gui.project_actions", "open_project")
        if run:
            run(self)

    def save_project(self) -> None:
        run = self._feature("gui.project_actions", "save_project")
        if run:
            run(self)

    def save_project_as(self) -> None:
        run = self._feature("gui.project_actions", "save_project_as")
        if run:
            run(self)

    def _refresh_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.value("recent/projects") or []
        if isinstance(recent, str):
            recent = [recent]
        for path in recent[:8]:
            act = self.recent_menu.addAction(path)
            act.triggered.connect(lambda checked=False, p=path: self._open_recent(p))
        self.recent_menu.setEnabled(bool(recent))

    def _open_recent(self, path: str) -> None:
        run = self._feature("gui.project_actions", "open_project")
        if run:
            run(self, path)

    # -- drag and drop ---------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            path = url.toLocalFile()
            suffix = Path(path).suffix.lower()
            if suffix in TABLE_SUFFIXES or (suffix == ".json" and _is_jsonstat(path)):  # json-stat2: SSB table
                self.import_data(path)
            elif suffix in BOUNDARY_SUFFIXES:
                self.import_boundaries(path)
            elif suffix == ".legekart":
                run = self._feature("gui.project_actions", "open_project")
                if run:
                    run(self, path)
            else:
                QMessageBox.warning(
                    self, tr("error.title"),
                    f"Legekart kan ikke åpne «{Path(path).name}». Bruk CSV, Excel (XLSX), ODS, GeoJSON, "
                    "GeoPackage eller zippet Shapefile." if self.view.lang == "nb" else
                    f"Legekart cannot open '{Path(path).name}'. Use CSV, Excel (XLSX), ODS, GeoJSON, GeoPackage "
                    "or a zipped Shapefile.",
                )
        event.acceptProposedAction()

    # -- help --------------------------------------------------------------------------
    def show_sources(self) -> None:
        cat: Catalogue = self.session.catalogue
        lines = []
        for src in cat.sources.values():
            lines.append(f"• {src.citation()} — {src.seed_file}")
        from geo.levels import CREDIT

        meta = CREDIT[self.view.map_vintage][0 if self.view.lang == "nb" else 1] + "."
        text = "\n".join(lines) + "\n\n" + meta + "\n\n" + (
            "Regionale tall som er summert fra gamle fylker, og fordeling av nasjonale framskrivninger, er "
            "Legekarts egne beregninger og er merket ≈." if self.view.lang == "nb" else
            "Regional figures summed from old counties, and the regional split of national projections, are "
            "Legekart's own calculations and are marked ≈.")
        QMessageBox.information(self, tr("action.sources").replace("&", ""), text)

    def show_about(self) -> None:
        QMessageBox.about(self, "Legekart", tr("app.title"))
