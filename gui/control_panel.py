"""The panel where the planner picks map, level, indicator, period and classification.

It asks the :class:`~indicators.view_model.ViewModel` for each change (the rules between
the choices live there) and re-fills its widgets when the model says what changed; it
never writes the view itself and never touches the map.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from geo.levels import LEVELS, MAP_VINTAGES
from gui.i18n import level_name, tr
from indicators.catalogue import theme_name
from indicators.classify import MAX_CLASSES, METHOD_NAMES, METHODS, MIN_CLASSES
from indicators.palettes import SEQUENTIAL
from indicators.session import Session
from indicators.view import ViewState
from indicators.view_model import ViewModel

THEME_ORDER = ("lister", "kapasitet", "rekruttering", "psykiatri", "lis1", "bemanning", "befolkning", "import")
MAP_NAMES = {"2024": ("2024 – dagens inndeling (357 kommuner, 15 fylker)",
                      "2024 – today's structure (357 municipalities, 15 counties)"),
             "2020": ("2020 (356 kommuner, 11 fylker)", "2020 (356 municipalities, 11 counties)")}


class ControlPanel(QWidget):
    def __init__(self, model: ViewModel, parent: QWidget | None = None,
                 defer: Callable[[str, Callable[[], None]], None] | None = None):
        """``defer(name, step)``: how to leave work for after the first paint (the window's
        start-up work); the indicators' tooltips, which read every indicator's data levels
        (~8 ms), are made that way. Without it they are made at once."""
        super().__init__(parent)
        self.model = model
        self._defer = defer or (lambda name, step: step())
        self._updating = False
        self._indicators_key: tuple | None = None
        self.map = QComboBox()
        self.map.setObjectName("mapVintage")
        # the long map names must not widen the dock: a 1024-px window keeps room for the details
        self.map.setMinimumContentsLength(18)
        self.map.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.level = QComboBox()
        self.level.setObjectName("level")
        self.indicator = QComboBox()
        self.indicator.setObjectName("indicator")
        self.indicator.setMinimumContentsLength(28)
        self.indicator.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.period = QComboBox()
        self.period.setObjectName("period")
        self.method = QComboBox()
        self.method.setObjectName("method")
        self.classes = QSpinBox()
        self.classes.setRange(MIN_CLASSES, MAX_CLASSES)
        self.classes.setObjectName("classes")
        self.breaks = QLineEdit()
        self.breaks.setObjectName("breaks")
        self.palette = QComboBox()
        self.palette.setObjectName("palette")
        self.colour_blind = QCheckBox()
        self.labels = QCheckBox()
        self.outline = QCheckBox()
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setObjectName("indicatorInfo")
        self.info.setStyleSheet("color:#444;")

        self.data_box = QGroupBox()
        form = QFormLayout(self.data_box)
        self.level_label, self.indicator_label, self.period_label = QLabel(), QLabel(), QLabel()
        self.map_label = QLabel()
        form.addRow(self.map_label, self.map)
        form.addRow(self.level_label, self.level)
        form.addRow(self.indicator_label, self.indicator)
        form.addRow(self.period_label, self.period)
        form.addRow(self.info)
        self.style_box = QGroupBox()
        form2 = QFormLayout(self.style_box)
        self.method_label, self.classes_label, self.breaks_label, self.palette_label = (
            QLabel(), QLabel(), QLabel(), QLabel())
        form2.addRow(self.method_label, self.method)
        form2.addRow(self.classes_label, self.classes)
        form2.addRow(self.breaks_label, self.breaks)
        form2.addRow(self.palette_label, self.palette)
        form2.addRow(self.colour_blind)
        form2.addRow(self.labels)
        form2.addRow(self.outline)
        layout = QVBoxLayout(self)
        layout.addWidget(self.data_box)
        layout.addWidget(self.style_box)
        layout.addStretch(1)

        self.map.currentIndexChanged.connect(self._map_changed)
        self.level.currentIndexChanged.connect(self._level_changed)
        self.indicator.currentIndexChanged.connect(self._indicator_changed)
        self.period.currentIndexChanged.connect(self._period_changed)
        self.method.currentIndexChanged.connect(self._style_changed)
        self.classes.valueChanged.connect(self._style_changed)
        self.breaks.editingFinished.connect(self._style_changed)
        self.palette.currentIndexChanged.connect(self._style_changed)
        for box in (self.colour_blind, self.labels, self.outline):
            box.toggled.connect(self._style_changed)
        self.model.changed.connect(self._model_changed)
        self.retranslate()

    @property
    def session(self) -> Session:
        return self.model.session

    @property
    def view(self) -> ViewState:
        return self.model.view

    def _model_changed(self, names: frozenset) -> None:
        if not self._updating and names - {"selection", "extent"}:
            self.refresh()

    # -- filling -------------------------------------------------------------------
    def retranslate(self) -> None:
        self._updating = True
        self.data_box.setTitle(tr("label.indicator"))
        self.style_box.setTitle(tr("label.classification"))
        self.level_label.setText(tr("label.level"))
        self.map_label.setText("Kart" if self.view.lang == "nb" else "Map")
        self.map.setToolTip(
            "Kommune- og fylkesinndelingen kartet tegnes med. Tall som er laget for den andre inndelingen "
            "regnes om (summer av kommuner, andeler fra tellere og nevnere; ≈ der grensene ikke passer)."
            if self.view.lang == "nb" else
            "The municipality and county structure the map is drawn with. Figures made for the other structure "
            "are converted (sums of municipalities, shares from numerators and denominators; ≈ where borders differ).")
        self.indicator_label.setText(tr("label.indicator"))
        self.period_label.setText(tr("label.period"))
        self.method_label.setText(tr("label.classification"))
        self.classes_label.setText(tr("label.classes"))
        self.breaks_label.setText(tr("label.breaks"))
        self.breaks.setPlaceholderText("2; 4; 6")
        self.palette_label.setText(tr("label.palette"))
        self.colour_blind.setText(tr("action.colour_blind").replace("&", ""))
        self.labels.setText(tr("action.labels").replace("&", ""))
        self.outline.setText(tr("action.outline").replace("&", ""))
        lang = self.view.lang
        self.method.clear()
        for m in METHODS:
            nb, en = METHOD_NAMES[m]
            self.method.addItem(en if lang == "en" else nb, m)
        self.palette.clear()
        for p in SEQUENTIAL:
            self.palette.addItem(p, p)
        self._updating = False
        self.refresh()

    def refresh(self) -> None:
        """Re-fill the combos from the session and the view (after imports, language change)."""
        self._updating = True
        try:
            lang = self.view.lang
            maps = [(MAP_NAMES[v][1] if lang == "en" else MAP_NAMES[v][0], v) for v in reversed(MAP_VINTAGES)]
            self._fill(self.map, maps)
            self._select(self.map, self.view.map_vintage)
            levels = [(level_name(lv, lang), lv) for lv in LEVELS] + [
                (f"{layer.name} ({'importert' if lang == 'nb' else 'imported'})", lid)
                for lid, layer in self.session.boundary_layers.items()]
            self._fill(self.level, levels)
            self._select(self.level, self.view.level)
            self._fill_indicators()
            self._fill_periods()
            ind = self.session.catalogue.get(self.view.indicator)
            self.method.setEnabled(not ind.is_category)
            self.classes.setEnabled(not ind.is_category)
            self._select(self.method,
                         self.view.method or (ind.classification if ind.classification in METHODS else "quantiles"))
            self.classes.setValue(self.view.classes or ind.classes or 5)
            self.breaks.setText("; ".join(f"{b:g}" for b in self.view.manual_breaks))
            self.breaks.setEnabled(self.method.currentData() == "manual")
            self._select(self.palette, self.view.palette or ind.palette)
            self.palette.setEnabled(not ind.is_category)
            self._follow_change_map(lang)
            self.colour_blind.setChecked(self.view.colour_blind)
            self.labels.setChecked(self.view.labels)
            self.outline.setChecked(self.view.outline_parent)
            self._update_info()
        finally:
            self._updating = False

    def _follow_change_map(self, lang: str) -> None:
        """A change map has its own classes centred on zero: the class choices rest while it shows."""
        changing = bool(self.view.change_from)
        why = ("Endringskartet har egne klasser sentrert på null; valgene her gjelder når det er slått av."
               if lang == "nb" else
               "The change map has its own classes centred on zero; these choices apply when it is off.")
        for widget in (self.method, self.classes, self.breaks, self.palette):
            if changing:
                widget.setEnabled(False)
            widget.setToolTip(why if changing else "")

    def _fill_indicators(self) -> None:
        lang = self.view.lang
        # the list depends on the language, the catalogue and the data's levels, not on the chosen
        # indicator: rebuilding it on every indicator switch cost ~4 ms of each re-colour
        key = (lang, id(self.session), self.view.map_vintage, tuple(i.id for i in self.session.catalogue),
               tuple(self.session.boundary_layers), id(self.session.observations),
               self.session.observations.version)
        if key == self._indicators_key:
            self._select_indicator(self.indicator.model())
            return
        self._indicators_key = key
        model = QStandardItemModel(self.indicator)
        groups = self.session.catalogue.by_theme()
        for theme in sorted(groups, key=lambda t: THEME_ORDER.index(t) if t in THEME_ORDER else 99):
            inds = [i for i in groups[theme] if i.maps]
            if not inds:
                continue
            header = QStandardItem(theme_name(theme, lang))
            header.setFlags(Qt.NoItemFlags)
            font = header.font()
            font.setBold(True)
            header.setFont(font)
            model.appendRow(header)
            for ind in inds:
                item = QStandardItem("   " + ind.name(lang))
                item.setData(ind.id, Qt.UserRole)
                model.appendRow(item)
        self.indicator.setModel(model)
        self._select_indicator(model)
        self._defer("indicator_tips", self._indicator_tips)

    def _indicator_tips(self) -> None:
        """Each indicator's description and the levels it has data for, as its tooltip in the list."""
        model, lang = self.indicator.model(), self.view.lang
        for row in range(model.rowCount()):
            item = model.item(row)
            ind_id = item.data(Qt.UserRole)
            if ind_id is None or ind_id not in self.session.catalogue:  # a theme's heading
                continue
            ind = self.session.catalogue.get(ind_id)
            levels = [lv for lv in self.session.data_levels(ind_id) if self.session.has_level(lv)]
            where = ", ".join(level_name(lv, lang) for lv in levels) or "–"
            item.setToolTip(f"{ind.description(lang)}\n\nData for: {where}")  # the same words in nb and en

    def _select_indicator(self, model: QStandardItemModel) -> None:
        for row in range(model.rowCount()):
            if model.item(row).data(Qt.UserRole) == self.view.indicator:
                self.indicator.setCurrentIndex(row)
                break

    def _fill_periods(self) -> None:
        self.period.clear()
        periods = self.session.periods(self.view.indicator, self.view.level)
        for p in periods:
            self.period.addItem(p, p)
        if periods:  # the model keeps view.period one of these (its one period rule)
            self._select(self.period, self.view.period)
        self.period.setEnabled(len(periods) > 1)

    def _update_info(self) -> None:
        ind = self.session.catalogue.get(self.view.indicator)
        text = ind.description(self.view.lang)
        if ind.origin:
            text = (f"Importert fra {ind.origin}. " if self.view.lang == "nb"
                    else f"Imported from {ind.origin}. ") + text
        self.info.setText(text[:400] + ("…" if len(text) > 400 else ""))
        self.info.setToolTip(text)

    @staticmethod
    def _fill(combo: QComboBox, items: list[tuple[str, str]]) -> None:
        """Refill ``combo`` only when its items differ: clearing and refilling on every indicator
        switch repainted the whole control panel inside each re-colour."""
        if [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] == items:
            return
        combo.clear()
        for text, data in items:
            combo.addItem(text, data)

    @staticmethod
    def _select(combo: QComboBox, data) -> None:
        for i in range(combo.count()):
            if combo.itemData(i) == data:
                combo.setCurrentIndex(i)
                return

    # -- reactions -------------------------------------------------------------------
    def _ask(self, change, *args, **kwargs) -> None:
        """Ask the model for a change; its answer comes back through ``_model_changed``."""
        if self._updating:
            return
        self._updating = True
        try:
            change(*args, **kwargs)
        finally:
            self._updating = False
        self.refresh()

    def _map_changed(self) -> None:
        if self.map.currentData() is not None and self.map.currentData() != self.view.map_vintage:
            self._ask(self.model.set_map, self.map.currentData())

    def _level_changed(self) -> None:
        if self.level.currentData() is not None:
            self._ask(self.model.set_level, self.level.currentData())

    def _indicator_changed(self) -> None:
        iid = self.indicator.currentData(Qt.UserRole)
        if iid:
            self._ask(self.model.set_indicator, iid)

    def _period_changed(self) -> None:
        if self.period.currentData() is not None:
            self._ask(self.model.set_period, self.period.currentData())

    def _style_changed(self) -> None:
        if self._updating:
            return
        self.breaks.setEnabled(self.method.currentData() == "manual")
        self._ask(self.model.set_style, method=self.method.currentData(), classes=self.classes.value(),
                  manual_breaks=parse_breaks(self.breaks.text()), palette=self.palette.currentData(),
                  colour_blind=self.colour_blind.isChecked(), labels=self.labels.isChecked(),
                  outline_parent=self.outline.isChecked())

    # -- programmatic use (tests, search, project files) ---------------------------
    def set_map(self, vintage: str) -> None:
        self._select(self.map, vintage)

    def set_level(self, level: str) -> None:
        self._select(self.level, level)

    def set_indicator(self, indicator_id: str) -> None:
        for row in range(self.indicator.count()):
            if self.indicator.itemData(row, Qt.UserRole) == indicator_id:
                self.indicator.setCurrentIndex(row)
                return
        raise KeyError(indicator_id)


def parse_breaks(text: str) -> list[float]:
    """'2; 4,5; 6' → [2.0, 4.5, 6.0]; Norwegian decimal commas accepted, junk ignored."""
    out = []
    for part in text.replace("|", ";").split(";"):
        part = part.strip().replace(" ", "").replace(",", ".")
        if not part:
            continue
        try:
            out.append(float(part))
        except ValueError:
            continue
    return sorted(set(out))
