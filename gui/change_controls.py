"""The change-map choice under the map controls: "Vis endring fra [år]".

Ticking it maps B − A for the indicator, with B the period chosen above and A the
year chosen here (:mod:`indicators.change`: percentage points for shares, per cent
otherwise, a diverging palette around zero). Offered only for indicators with at
least two periods at the level. Like the control panel it asks the view model
(:meth:`~indicators.view_model.ViewModel.set_change`), which also drops the choice when
another indicator, level or period no longer allows it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from indicators.change import change_unit
from indicators.view import ViewState
from indicators.view_model import ViewModel

TEXT = {
    "title": ("Endring over tid", "Change over time"),
    "show": ("Vis endring fra", "Show change from"),
    "none": ("Indikatoren har bare én periode på dette nivået.", "The indicator has one period at this level."),
    "category": ("Kategorier har ingen endring å vise.", "Categories have no change to map."),
    "pp": ("Kartet viser {b} minus {a} i prosentpoeng.", "The map shows {b} minus {a} in percentage points."),
    "pct": ("Kartet viser endringen fra {a} til {b} i prosent av {a}.",
            "The map shows the change from {a} to {b} in per cent of {a}."),
}


def t(key: str, lang: str) -> str:
    nb, en = TEXT[key]
    return en if lang == "en" else nb


class ChangeControls(QGroupBox):
    def __init__(self, model: ViewModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("changeControls")
        self.model = model
        self.enabled = QCheckBox()
        self.enabled.setObjectName("changeEnabled")
        self.period = QComboBox()
        self.period.setObjectName("changeFrom")
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color:#444;")
        form = QFormLayout(self)
        form.addRow(self.enabled, self.period)
        form.addRow(self.info)
        self._filling = False
        self.enabled.toggled.connect(self._edited)
        self.period.currentIndexChanged.connect(self._edited)
        self.refresh()

    @property
    def view(self) -> ViewState:
        return self.model.view

    def refresh(self) -> None:
        """Re-read the periods after a change of indicator, level, period or map."""
        v, lang = self.view, self.view.lang
        self.setTitle(t("title", lang))
        self.enabled.setText(t("show", lang))
        ind = self.model.session.catalogue.indicators.get(v.indicator)
        earlier = self.model.change_periods()
        b = self.model.period_for(v.indicator, v.level, v.period) if ind is not None else None
        picked = self.period.currentData()  # a year chosen before ticking the box stays chosen
        self._filling = True
        self.period.clear()
        for p in earlier:
            self.period.addItem(p, p)
        usable = bool(earlier)
        self.enabled.setEnabled(usable)
        self.period.setEnabled(usable)
        self.enabled.setChecked(bool(v.change_from) and usable)
        if v.change_from in earlier:
            self.period.setCurrentIndex(earlier.index(v.change_from))
        elif picked in earlier:
            self.period.setCurrentIndex(earlier.index(picked))
        elif earlier:
            self.period.setCurrentIndex(0)
        self._filling = False
        if ind is not None and ind.is_category:
            self.info.setText(t("category", lang))
        elif not earlier:
            self.info.setText(t("none", lang))
        elif v.change_from:
            key = "pp" if change_unit(ind) == "pp" else "pct"
            self.info.setText(t(key, lang).format(a=v.change_from, b=b))
        else:
            self.info.setText("")

    def _edited(self) -> None:
        if self._filling:
            return
        wanted = self.period.currentData() if self.enabled.isChecked() else None
        if wanted == self.view.change_from:
            return
        self.model.set_change(wanted)  # the window redraws on the model's event, then refreshes this
        self.refresh()
