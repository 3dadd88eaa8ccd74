"""The projection panel: what a region must recruit to 2035, and exactly how it was made.

A non-modal window with the chart (components per year, cumulative need), the table,
the assumptions in words, base and custom scenarios side by side, key selection and
exports. The banner on top says the regional split is Legekart's own model.

Entry point for the main window: :func:`open_projection`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from geo.levels import LAND, LAND_CODE
from gui.i18n import language, level_name, tr
from gui.projection_chart import ProjectionChart
from gui.projection_controls import ScenarioForm, safe_scenario
from gui.projection_tables import fill_table, make_table
from indicators import format as fmt
from indicators.projection import Projection, ProjectionError, Scenario, compare, project, summary
from indicators.projection import national as nat
from indicators.projection.export import write_table
from indicators.projection.model import lower_first
from indicators.projection.result import MODEL_NOTE
from indicators.session import Session

PANEL_LEVELS = ("fylke", "helseregion", "helseforetak", LAND)
BANNER_STYLE = "background:#fff7d6; border:1px solid #e0c65c; padding:6px; border-radius:3px; color:#3d3200;"


class ProjectionPanel(QWidget):
    def __init__(self, session: Session, level: str, code: str, parent: QWidget | None = None,
                 lang: str | None = None, topic: str = "fastleger"):
        super().__init__(parent, Qt.Window)
        self.setObjectName("projectionPanel")
        self.session = session
        self.lang = lang or language()
        self.topic = topic
        self.level, self.code = _panel_region(self.session, level, code)
        self.base: Projection | None = None
        self.custom: Projection | None = None
        self._build()
        self.retranslate(self.lang)
        self.resize(1180, 780)

    # -- layout ---------------------------------------------------------------------------------
    def _build(self) -> None:
        self.title_label = QLabel(objectName="projectionTitle")
        f = self.title_label.font()
        f.setPointSizeF(f.pointSizeF() * 1.35)
        f.setBold(True)
        self.title_label.setFont(f)
        self.title_label.setWordWrap(True)
        self.banner = QLabel(objectName="projectionModelNote")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)

        self.topic_combo = QComboBox(objectName="projectionTopic")
        self.level_combo = QComboBox(objectName="projectionLevel")
        self.region_combo = QComboBox(objectName="projectionRegion")
        self.to_region = QPushButton(objectName="projectionToRegion")
        self.topic_combo.currentIndexChanged.connect(self._topic_changed)
        self.level_combo.currentIndexChanged.connect(self._level_changed)
        self.region_combo.currentIndexChanged.connect(self._region_changed)
        self.to_region.clicked.connect(self.show_health_region)
        self.topic_label, self.level_label, self.region_label = QLabel(), QLabel(), QLabel()
        pick = QGridLayout()
        for i, (lab, w) in enumerate(((self.topic_label, self.topic_combo), (self.level_label, self.level_combo),
                                      (self.region_label, self.region_combo))):
            pick.addWidget(lab, 0, 2 * i)
            pick.addWidget(w, 0, 2 * i + 1)
        pick.addWidget(self.to_region, 0, 6)

        # base vs custom, side by side
        self.base_head, self.custom_head = QLabel(), QLabel()
        for lab in (self.base_head, self.custom_head):
            lab.setStyleSheet("font-weight:bold;")
        self.base_total_label = QLabel(objectName="projectionBaseTotal")
        self.custom_total_label = QLabel(objectName="projectionCustomTotal")
        for lab in (self.base_total_label, self.custom_total_label):
            lab.setWordWrap(True)
        self.base_text = QLabel(objectName="projectionBaseText")
        self.base_text.setWordWrap(True)
        self.base_text.setStyleSheet("color:#444;")
        self.reset_button = QPushButton(objectName="projectionReset")
        self.reset_button.clicked.connect(lambda: self.form.reset())
        self.error_label = QLabel(objectName="projectionError")
        self.error_label.setStyleSheet("color:#a00000;")
        self.error_label.setWordWrap(True)
        self.form_holder = QScrollArea()
        self.form_holder.setWidgetResizable(True)
        self.form_holder.setFrameShape(QFrame.NoFrame)
        self.form_holder.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.form = ScenarioForm(self.session, self.topic, self.lang)
        self.form.changed.connect(self.recompute_custom)
        self.form_holder.setWidget(self.form)
        self.scenario_head = QLabel()
        self.scenario_head.setStyleSheet("font-weight:bold;")

        sides = QGridLayout()
        sides.addWidget(self.base_head, 0, 0)
        sides.addWidget(self.custom_head, 0, 1)
        sides.addWidget(self.base_total_label, 1, 0)
        sides.addWidget(self.custom_total_label, 1, 1)
        sides.addWidget(self.base_text, 2, 0, 1, 2)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addLayout(sides)
        lv.addWidget(self.scenario_head)
        lv.addWidget(self.form_holder, 1)
        lv.addWidget(self.error_label)
        lv.addWidget(self.reset_button)
        left.setMinimumWidth(360)

        self.chart = ProjectionChart()
        self.chart_note = QLabel()
        self.chart_note.setStyleSheet("color:#555;")
        self.table = make_table("projectionTable")
        self.compare_table = make_table("projectionCompare")
        self.assumptions = QTextBrowser(objectName="projectionAssumptions")
        self.assumptions.setOpenExternalLinks(False)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "")
        self.tabs.addTab(self.assumptions, "")
        self.tabs.addTab(self.compare_table, "")
        self.export_chart_button = QPushButton(objectName="projectionExportChart")
        self.export_table_button = QPushButton(objectName="projectionExportTable")
        self.export_chart_button.clicked.connect(self._ask_export_chart)
        self.export_table_button.clicked.connect(self._ask_export_table)
        self.status = QLabel(objectName="projectionStatus")
        self.status.setStyleSheet("color:#555;")
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.export_chart_button)
        buttons.addWidget(self.export_table_button)

        right = QSplitter(Qt.Vertical)
        top = QWidget()
        tv = QVBoxLayout(top)
        tv.setContentsMargins(0, 0, 0, 0)
        tv.addWidget(self.chart, 1)
        tv.addWidget(self.chart_note)
        right.addWidget(top)
        right.addWidget(self.tabs)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)

        body = QSplitter(Qt.Horizontal)
        body.addWidget(left)
        body.addWidget(right)
        body.setStretchFactor(1, 1)

        outer = QVBoxLayout(self)
        outer.addWidget(self.title_label)
        outer.addWidget(self.banner)
        outer.addLayout(pick)
        outer.addWidget(body, 1)
        outer.addLayout(buttons)

    # -- language ---------------------------------------------------------------------------------
    def retranslate(self, lang: str) -> None:
        """Re-label every widget; rebuilds the scenario form (keeping nothing custom)."""
        self.lang = lang
        self._fill_combos()
        self.topic_label.setText(tr("proj.topic", lang))
        self.level_label.setText(tr("label.level", lang))
        self.region_label.setText(tr("proj.region", lang))
        self.to_region.setText(tr("proj.to_region", lang))
        self.base_head.setText(tr("proj.base", lang))
        self.custom_head.setText(tr("proj.custom", lang))
        self.scenario_head.setText(tr("proj.scenario_header", lang))
        self.reset_button.setText(tr("proj.reset", lang))
        self.chart_note.setText(tr("proj.chart_shows", lang))
        self.export_chart_button.setText(tr("proj.export_chart", lang))
        self.export_table_button.setText(tr("proj.export_table", lang))
        for i, key in enumerate(("proj.tab_table", "proj.tab_assumptions", "proj.tab_compare")):
            self.tabs.setTabText(i, tr(key, lang))
        self.banner.setText(f"<b>{tr('proj.own_model', lang)}.</b> {MODEL_NOTE[1 if lang == 'en' else 0]}")
        self._rebuild_form()

    def _fill_combos(self) -> None:
        for combo in (self.topic_combo, self.level_combo, self.region_combo):
            combo.blockSignals(True)
        self.topic_combo.clear()
        for t in nat.TOPICS:
            self.topic_combo.addItem(nat.TOPIC_LABELS[t][1 if self.lang == "en" else 0], t)
        self.topic_combo.setCurrentIndex(self.topic_combo.findData(self.topic))
        self.level_combo.clear()
        for lv in PANEL_LEVELS:
            self.level_combo.addItem(level_name(lv, self.lang), lv)
        self.level_combo.setCurrentIndex(self.level_combo.findData(self.level))
        self._fill_regions()
        for combo in (self.topic_combo, self.level_combo, self.region_combo):
            combo.blockSignals(False)

    def _fill_regions(self) -> None:
        self.region_combo.blockSignals(True)
        self.region_combo.clear()
        if self.level == LAND:
            self.region_combo.addItem(level_name(LAND, self.lang), LAND_CODE)
        else:
            for u in sorted(self.session.gazetteer().level_units(self.level), key=lambda u: u.name):
                self.region_combo.addItem(u.name, u.code)
        self.region_combo.setCurrentIndex(max(0, self.region_combo.findData(self.code)))
        self.code = self.region_combo.currentData()
        self.region_combo.blockSignals(False)
        self.to_region.setEnabled(self.level in ("fylke", "helseforetak"))

    def _rebuild_form(self) -> None:
        self.form = ScenarioForm(self.session, self.topic, self.lang)
        saved = getattr(self.session, "scenarios", {}).get(self.topic, {})
        if saved:  # the custom scenario the planner set before (kept in the session and project)
            self.form._quiet = True
            try:
                for pid, value in saved.items():
                    if pid in self.form.widgets:
                        self.form.set_value(pid, value)
            finally:
                self.form._quiet = False
        self.form.changed.connect(self.recompute_custom)
        self.form_holder.setWidget(self.form)
        self.recompute()

    # -- navigation -------------------------------------------------------------------------------
    def _topic_changed(self) -> None:
        self.topic = self.topic_combo.currentData()
        self._rebuild_form()

    def _level_changed(self) -> None:
        self.level = self.level_combo.currentData()
        self._fill_regions()
        self.recompute()

    def _region_changed(self) -> None:
        self.code = self.region_combo.currentData()
        self.recompute()

    def set_region(self, level: str, code: str) -> None:
        self.level, self.code = _panel_region(self.session, level, code)
        self._fill_combos()
        self.recompute()

    def show_health_region(self) -> None:
        """From a county or HF area to its health region (as the issue's 'opens its region')."""
        if self.level in ("fylke", "helseforetak"):
            self.set_region("helseregion", self.session.gazetteer().get(self.level, self.code).helseregion)

    # -- computing ----------------------------------------------------------------------------------
    def recompute(self) -> None:
        try:
            self.base = project(self.session, self.level, self.code, self.topic, Scenario.base(self.topic))
        except ProjectionError as exc:
            self.base = None
            self.error_label.setText(tr("proj.error", self.lang).format(error=exc))
            return
        self.recompute_custom()

    def recompute_custom(self) -> None:
        scenario, err = safe_scenario(self.form)
        custom = None
        if scenario is not None:
            try:
                custom = project(self.session, self.level, self.code, self.topic, scenario)
            except ProjectionError as exc:
                err = str(exc)
        self.error_label.setText(tr("proj.error", self.lang).format(error=err) if err else "")
        if custom is None:
            return
        if hasattr(self.session, "scenarios"):
            self.session.scenarios[self.topic] = scenario.changed()
        self.custom = custom
        self._show()

    def _show(self) -> None:
        base, custom, lang = self.base, self.custom, self.lang
        assert base is not None and custom is not None
        self.setWindowTitle(f"{tr('proj.title', lang)} – {custom.name}")
        self.title_label.setText(f"{tr('proj.title', lang)}: {custom.name} "
                                 f"({lower_first(level_name(custom.level, lang))}) – "
                                 f"{nat.TOPIC_LABELS[custom.topic][1 if lang == 'en' else 0]}")
        self.base_total_label.setText(summary(base, lang))
        self.custom_total_label.setText(summary(custom, lang))
        self.base_text.setText(_base_line(base, lang))
        self.chart.set_projection(custom, base, lang)
        fill_table(self.table, *custom.table(lang), lang)
        self._fill_compare(base, custom)
        items = "".join(f"<li>{_escape(s)}</li>" for s in custom.sentences(lang))
        self.assumptions.setHtml(f"<ul>{items}</ul>")

    def _fill_compare(self, base: Projection, custom: Projection) -> None:
        lang = self.lang
        c = compare(base, custom)
        header = [tr("proj.component", lang), tr("proj.base", lang), tr("proj.custom", lang),
                  tr("proj.difference", lang)]
        rows = [[custom.label(k, lang), r["base"], r["custom"], r["difference"]] for k, r in c["components"].items()]
        t = c["total"]
        rows.append([tr("proj.total", lang), t["base"], t["custom"], t["difference"]])
        fill_table(self.compare_table, header, rows, lang, signed=True)

    # -- exports ------------------------------------------------------------------------------------
    def export_chart(self, path: str | Path) -> Path:
        out = self.chart.export(path)
        self.status.setText(tr("proj.exported", self.lang).format(path=out))
        return out

    def export_table(self, path: str | Path) -> Path:
        assert self.custom is not None
        out = write_table(self.custom, path, self.lang, self.base)
        self.status.setText(tr("proj.exported", self.lang).format(path=out))
        return out

    def _default_name(self, suffix: str) -> str:
        c = self.custom
        return f"framskrivning_{c.topic}_{c.code}{suffix}" if c else f"framskrivning{suffix}"

    def _ask_export_chart(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("proj.export_chart", self.lang), self._default_name(".png"),
                                              tr("proj.png_svg", self.lang))
        self._try(self.export_chart, path)

    def _ask_export_table(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("proj.export_table", self.lang), self._default_name(".xlsx"),
                                              tr("proj.csv_xlsx", self.lang))
        self._try(self.export_table, path)

    def _try(self, fn, path: str) -> None:
        if not path:
            return
        try:
            fn(path)
        except (OSError, ValueError) as exc:
            self.status.setText(tr("proj.export_failed", self.lang).format(error=exc))


def _panel_region(session, level: str, code: str) -> tuple[str, str]:
    """A municipality opens its county; unknown levels fall back to Norway."""
    if level == "kommune":
        return "fylke", session.gazetteer().get("kommune", code).fylke
    if level not in PANEL_LEVELS:
        return LAND, LAND_CODE
    return level, code


def _base_line(base: Projection, lang: str) -> str:
    """The base scenario's components in one line (per year for LIS1, totals otherwise)."""
    if base.topic == "lis1":
        parts = [f"{base.label(c, lang)} {fmt.number(v[0], lang, 0)}" for c, v in base.components.items() if v[0]]
        return f"{tr('proj.per_year_axis', lang)}: " + ", ".join(parts)
    parts = [f"{base.label(c, lang)} {fmt.number(v, lang, 0)}" for c, v in base.component_totals.items() if v]
    return ", ".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def open_projection(parent: QWidget | None, session: Session, level: str, code: str) -> QWidget:
    """Open (show) a non-modal projection panel for a county, health region or HF area and return it."""
    panel = ProjectionPanel(session, level, code, parent)
    panel.show()
    panel.raise_()
    return panel
