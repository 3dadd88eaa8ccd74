"""Scenario controls of the projection panel, generated from the model's parameter table.

Why generated: the command line and the panel must offer the same parameters with
the same limits, so the form is built from :func:`indicators.projection.params`
instead of being laid out by hand.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from gui.i18n import tr
from indicators.projection import Scenario, params
from indicators.projection.errors import ProjectionError
from indicators.projection.key_catalogue import available_keys, split_options
from indicators.session import Session

OWN = "__own__"
DECIMALS = {"hours": 1, "retirement_age": 1, "list_norm": 0, "growth_pct": 0}


def nb_locale(lang: str) -> QLocale:
    return QLocale(QLocale.NorwegianBokmal, QLocale.Norway) if lang == "nb" else QLocale(QLocale.English)


class ScenarioForm(QWidget):
    """One widget per scenario parameter; emits ``changed`` after every edit."""

    changed = Signal()

    def __init__(self, session: Session, topic: str, lang: str = "nb", parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.topic = topic
        self.lang = lang
        self.widgets: dict[str, QWidget] = {}
        self._own: dict[str, QDoubleSpinBox] = {}
        self._quiet = False
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.WrapLongRows)
        self.build()

    # -- building -----------------------------------------------------------------------------
    def build(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.widgets.clear()
        self._own.clear()
        header_done = False
        for p in params(self.topic).values():
            if p.kind == "local" and not header_done:
                head = QLabel(tr("proj.local_header", self.lang))
                head.setWordWrap(True)
                head.setStyleSheet("font-weight:bold; margin-top:6px;")
                self.form.addRow(head)
                header_done = True
            widget = self._widget(p)
            widget.setObjectName(f"scenario_{p.id}")
            if p.help_nb:
                widget.setToolTip(p.help_en if self.lang == "en" else p.help_nb)
            self.widgets[p.id] = widget
            self.form.addRow(p.label(self.lang), widget)

    def _widget(self, p) -> QWidget:
        if p.kind in ("number", "int"):
            spin = QSpinBox() if p.kind == "int" else QDoubleSpinBox()
            if p.kind == "number":
                spin.setDecimals(DECIMALS.get(p.id, 1))
                spin.setLocale(nb_locale(self.lang))
            spin.setRange(p.minimum, p.maximum)
            spin.setValue(p.default)
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(self._emit)
            return spin
        if p.kind == "choice":
            return self._choice(p)
        if p.kind in ("key", "split"):
            combo = _combo()
            options = available_keys(self.session) if p.kind == "key" else split_options(self.session)
            if p.id == "retirement_key":
                combo.addItem(tr("proj.same_as_key", self.lang), "")
            for kid, nb, en in options:
                combo.addItem(en if self.lang == "en" else nb, kid)
            combo.setCurrentIndex(max(0, combo.findData(p.default)))
            combo.currentIndexChanged.connect(self._emit)
            return combo
        edit = QLineEdit()  # local figure: empty means "use Legekart's split"
        edit.setPlaceholderText("–")
        validator = QDoubleValidator(p.minimum, p.maximum, 1)
        validator.setLocale(nb_locale(self.lang))
        edit.setValidator(validator)
        edit.editingFinished.connect(self._emit)
        return edit

    def _choice(self, p) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        combo = _combo()
        for cid, (nb, en) in p.choices.items():
            combo.addItem(en if self.lang == "en" else nb, cid)
        combo.setCurrentIndex(max(0, combo.findData(p.default)))
        row.addWidget(combo, 1)
        if p.numeric:
            combo.addItem(tr("proj.own_value", self.lang), OWN)
            spin = QDoubleSpinBox()
            spin.setLocale(nb_locale(self.lang))
            spin.setDecimals(0)
            spin.setRange(p.minimum, p.maximum)
            spin.setEnabled(False)
            spin.setKeyboardTracking(False)
            spin.valueChanged.connect(self._emit)
            row.addWidget(spin)
            self._own[p.id] = spin
            combo.currentIndexChanged.connect(lambda _=0, c=combo, s=spin: s.setEnabled(c.currentData() == OWN))
        combo.currentIndexChanged.connect(self._emit)
        box.combo = combo  # type: ignore[attr-defined]
        return box

    # -- reading and setting --------------------------------------------------------------------
    def values(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for pid, w in self.widgets.items():
            if isinstance(w, (QSpinBox, QDoubleSpinBox)):
                out[pid] = w.value()
            elif isinstance(w, QComboBox):
                out[pid] = w.currentData()
            elif isinstance(w, QLineEdit):
                text = w.text().strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
                out[pid] = text or None
            else:
                data = w.combo.currentData()  # type: ignore[attr-defined]
                out[pid] = self._own[pid].value() if data == OWN else data
        return out

    def scenario(self) -> Scenario:
        return Scenario.base(self.topic).with_(**self.values())

    def set_value(self, pid: str, value) -> None:
        """Set one control (used by tests and by 'reset'); emits ``changed`` once."""
        w = self.widgets[pid]
        if isinstance(w, (QSpinBox, QDoubleSpinBox)):
            w.setValue(value)
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(max(0, w.findData(value)))
        elif isinstance(w, QLineEdit):
            w.setText("" if value is None else str(value))
            self._emit()
        else:
            combo = w.combo  # type: ignore[attr-defined]
            i = combo.findData(value)
            if i >= 0:
                combo.setCurrentIndex(i)
            elif pid in self._own:
                combo.setCurrentIndex(combo.findData(OWN))
                self._own[pid].setValue(float(value))

    def reset(self) -> None:
        self._quiet = True
        try:
            for p in params(self.topic).values():
                self.set_value(p.id, p.default)
        finally:
            self._quiet = False
        self.changed.emit()

    def _emit(self, *_args) -> None:
        if not self._quiet:
            self.changed.emit()


def _combo() -> QComboBox:
    """A combo box that does not force the form wider than the panel."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(10)
    return combo


def safe_scenario(form: ScenarioForm) -> tuple[Scenario | None, str]:
    """The form's scenario, or None and a one-line reason."""
    try:
        return form.scenario(), ""
    except ProjectionError as exc:
        return None, str(exc)
