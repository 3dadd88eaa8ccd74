"""The window's details dock and its links to the map, built in one place.

The right dock holds the details (:class:`~gui.details_panel.DetailsPanel`) above
four tabs: the trend chart, the ranked bars (with Norway and county lines), the
bivariate view and the full comparison table. The change-map choice goes under the
map controls on the left. :class:`DetailsViews` keeps them in step with the map: a
selection, a new map, a language, a new project. The main window calls it at those
moments and nowhere else.

The comparison table and the scatter (hidden tabs at start) are made after the first
paint, or when first asked for or their tab is chosen, whichever comes first (issue 15):
the table's module and widgets cost ~15 ms of the cold start, the scatter's ~5 ms.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget

from geo.levels import LAND, LAND_CODE
from gui.change_controls import ChangeControls
from gui.details_panel import DetailsPanel
from gui.trend_chart import TrendChart
from indicators import format as fmt
from indicators.session import Session

TABS = {
    "trend": ("Trend", "Trend"),
    "ranking": ("Rangering", "Ranking"),
    "scatter": ("Spredning", "Scatter"),
    "table": ("Tabell", "Table"),
}


def _t(key: str, lang: str) -> str:
    nb, en = TABS[key]
    return en if lang == "en" else nb


class DetailsViews:
    def __init__(self, window):
        self.w = w = window
        self.details = DetailsPanel(w.session)
        self.trend = TrendChart(w.session)
        self.change = ChangeControls(w.model)
        self.marks: set[str] = set()
        ranking_scroll = QScrollArea()
        ranking_scroll.setWidgetResizable(True)
        ranking_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        ranking_scroll.setWidget(w.ranking)
        self._table = None  # the BreakdownPanel, made by _make_table
        self._table_page = QWidget()  # its tab until then
        self._scatter = None  # the ScatterView, made by _make_scatter
        self._scatter_page = QWidget()  # its tab until then
        self.tabs = QTabWidget()
        self.tabs.setObjectName("detailsTabs")
        self.tabs.setDocumentMode(True)
        for key, widget in (("trend", self.trend), ("ranking", ranking_scroll), ("scatter", self._scatter_page),
                            ("table", self._table_page)):
            self.tabs.addTab(widget, _t(key, "nb"))
        self.tabs.currentChanged.connect(self._tab_chosen)
        w.startup.defer("scatter", lambda: self.scatter)  # ready before its tab is first chosen
        w.startup.defer("table", lambda: self.table)
        self.split = QSplitter(Qt.Vertical)
        self.split.setObjectName("detailsSplit")
        self.split.addWidget(self.details)
        self.split.addWidget(self.tabs)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        self.split.setSizes([440, 240])
        w.details_dock = w._dock("details", self.split, Qt.RightDockWidgetArea)
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(w.controls)
        box.addWidget(self.change)
        box.addStretch(1)
        w.controls_dock.setWidget(left)
        # links
        self.details.indicatorChosen.connect(self._indicator_chosen)
        self.details.indicatorActivated.connect(self._show_on_map)
        self.details.profileRequested.connect(lambda code: self.export_profile(code))
        self.details.projectionRequested.connect(w.open_projection)
        w.canvas.unitClicked.connect(self._map_clicked)

    # -- the comparison table, made when first needed -----------------------------------------
    @property
    def table(self):
        """The comparison table (:class:`~gui.breakdown_panel.BreakdownPanel`), made on first use."""
        if self._table is None:
            self._make_table()
        return self._table

    def built_table(self):
        """The table if it has been made, else None (nothing to keep in step yet)."""
        return self._table

    def _make_table(self) -> None:
        from gui.breakdown_panel import BreakdownPanel

        w = self.w
        panel = BreakdownPanel(w.session)
        for label in (panel.title, panel.parents, panel.projection):
            label.hide()  # the details above say who it is and open the projection
        panel.projectionRequested.connect(w.open_projection)
        panel.retranslate(w.view.lang)
        if w.view.selection:  # what _show_selection would have shown: the details' breakdown
            panel.show_unit(w.view.level, w.view.selection, self.details.current)
        self._table = panel  # before the swap: choosing the tab again must not make a second one
        self._swap_page(self._table_page, panel, "table")

    # -- the scatter, made when first needed ----------------------------------------------------
    @property
    def scatter(self):
        """The bivariate view (:class:`~gui.scatter_view.ScatterView`), made on first use."""
        if self._scatter is None:
            self._make_scatter()
        return self._scatter

    def built_scatter(self):
        """The scatter if it has been made, else None."""
        return self._scatter

    def _make_scatter(self) -> None:
        from gui.scatter_view import ScatterView

        w = self.w
        view = ScatterView(w.session, fill=False)
        view.unitClicked.connect(lambda code: w.select_unit(view.level, code))
        view.marked.connect(self._marked_in_scatter)
        self._scatter = view  # before the swap: choosing the tab again must not make a second one
        view._set_texts(w.view.lang)
        self._fill_scatter(view, force=True)
        view.set_selected(w.view.selection if w.view.selection and w.view.level == view.level else None)
        self._swap_page(self._scatter_page, view, "scatter")

    def _fill_scatter(self, view, force: bool = False) -> None:
        """The scatter's level and y axis follow the map (the marks kept where they still apply)."""
        w = self.w
        y = w.view.indicator if not w.session.indicator(w.view.indicator).is_category else None
        if force or view.level != w.view.level or (y and view.y.currentData() != y):
            view.fill(w.view.level, y_prefer=y)
            if not view.stale:  # a hidden scatter is computed when shown, and keeps the marks then
                self.marks &= {p.code for p in (view.canvas.data.points if view.canvas.data else ())}
            view.set_marks(self.marks)

    def _swap_page(self, page: QWidget, widget: QWidget, key: str) -> None:
        """Put a part made late in its placeholder's tab (kept current if it was chosen)."""
        i = self.tabs.indexOf(page)
        chosen = self.tabs.currentIndex() == i
        self.tabs.removeTab(i)
        self.tabs.insertTab(i, widget, _t(key, self.w.view.lang))
        if chosen:
            self.tabs.setCurrentIndex(i)
        page.deleteLater()

    def _tab_chosen(self, index: int) -> None:
        page = self.tabs.widget(index)
        if self._table is None and page is self._table_page:
            self._make_table()
        elif self._scatter is None and page is self._scatter_page:
            self._make_scatter()

    # -- called by the window -------------------------------------------------------------
    def set_session(self, session: Session) -> None:
        """A project opened: the parts read the new session (the change choice reads the model)."""
        for part in (self.details, self.trend, self._scatter, self._table):
            if part is not None:
                part.session = session
        self.marks = set()

    def retranslate(self, lang: str) -> None:
        for i, key in enumerate(TABS):
            self.tabs.setTabText(i, _t(key, lang))
        self.details.retranslate(lang)
        self.trend.retranslate(lang)
        if self._scatter is not None:
            self._scatter.retranslate(lang)
        self.change.refresh()

    def show_unit(self, level: str, code: str) -> None:
        self.details.show_unit(level, code)
        self.trend.show_unit(level, code, [self.w.view.indicator])
        if self._scatter is not None:
            self._scatter.set_selected(code if level == self._scatter.level else None)
        self._update_references()

    def clear(self) -> None:
        self.details.clear()
        self.trend.clear()
        if self._scatter is not None:
            self._scatter.set_selected(None)
        self._update_references()

    def map_changed(self) -> None:
        """After every redraw: the change choice, the scatter's level and axis, the marks."""
        w = self.w
        self.change.refresh()
        if self._scatter is not None:  # else it is filled for the map shown when it is made
            self._fill_scatter(self._scatter)
        if w.doc is not None:
            w.doc.content.marked = frozenset(self.marks)
        if w.view.selection and self.trend.unit is not None:
            self.trend.choose(w.view.indicator)
        self._update_references()

    # -- the ranked bars' reference lines ----------------------------------------------------
    def _update_references(self) -> None:
        w = self.w
        if not w.startup.done:  # the bars are a hidden tab at start: the window's ranking fills them
            w.startup.defer("ranking", w._update_ranking)
            return
        w.ranking.set_references(self.references())

    def references(self) -> list[tuple[str, float, str]]:
        """Norway's and the selected unit's county's value for the map's period (continuous maps)."""
        from indicators.breakdown import unit_values
        from indicators.change import ChangeFrame
        from indicators.compare import norway_reference

        w = self.w
        doc = w.doc
        if doc is None or doc.frame.mode != "continuous" or isinstance(doc.frame, ChangeFrame) or not doc.frame.period:
            return []
        ind, period, lang, s = doc.frame.indicator, doc.frame.period, w.view.lang, w.session
        if ind.kind == "count":  # the country's total is not on a municipality's scale
            return []
        out = []
        ref = norway_reference(s, ind, period)
        if ref is not None:
            label = "Norway" if lang == "en" else "Norge"
            if ref.partial:
                label += f" ({ref.have} {'of' if lang == 'en' else 'av'} {ref.of})"
            out.append((label, ref.value, fmt.with_unit(ref.value, ind.unit, lang)))
        parent = {"kommune": "fylke", "fylke": "helseregion", "helseforetak": "helseregion"}.get(w.view.level)
        if parent and w.view.selection and w.view.level in ("kommune", "fylke", "helseforetak"):
            unit = s.gazetteer().find(w.view.level, w.view.selection)
            pcode = getattr(unit, parent, None) if unit is not None else None
            if pcode and (pcode, parent) != (LAND_CODE, LAND):
                v = unit_values(s, parent, pcode, ind, period, exact=True)
                name = s.gazetteer().get(parent, pcode).short_name
                if v is not None and v.has_value and v.value is not None:
                    out.append((name, float(v.value), fmt.with_unit(v.value, ind.unit, lang)))
                elif v is not None and v.is_partial and v.partial_value(ind) is not None:
                    part = v.partial_value(ind)
                    out.append((f"{name} ({v.members_have} {'of' if lang == 'en' else 'av'} {v.members_of})", part,
                                fmt.with_unit(part, ind.unit, lang)))
        return out

    # -- links -------------------------------------------------------------------------------
    def _indicator_chosen(self, indicator_id: str) -> None:
        if self.trend.choose(indicator_id):
            self.tabs.setCurrentWidget(self.trend)

    def _show_on_map(self, indicator_id: str) -> None:
        w = self.w
        if w.view.level in w.session.data_levels(indicator_id):
            w.model.set_indicator(indicator_id)

    def _marked_in_scatter(self, codes: set[str]) -> None:
        self.marks = set(codes)
        if self.w.doc is not None:
            self.w.doc.content.marked = frozenset(self.marks)
        self.w.canvas.update()

    def _map_clicked(self, code: str) -> None:
        """Ctrl+click on the map adds the unit to the scatter's marks (or takes it out)."""
        if code and QApplication.keyboardModifiers() & Qt.ControlModifier:
            self._marked_in_scatter(self.scatter.toggle_mark(code))

    def export_profile(self, code: str | None = None) -> bool:
        from gui.profile_dialog import run_profile_export

        return run_profile_export(self.w, code)


def install_details(window) -> DetailsViews:
    """Build the details dock (and the change choice) for ``window``; sets ``window.details_dock``."""
    return DetailsViews(window)
