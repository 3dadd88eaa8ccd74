"""The trend chart of the selected unit: itself, its county and Norway over the years.

Drawn by :func:`gui.render.trend_paint.paint_trend` (the same chart as on the
profile page). The indicator is the one chosen in the details, else the map's, else
the first the unit has a series of; a combo box lists the others. Hovering a point
shows its value, year and source; a code change that starts the series is a dashed
line, explained under the chart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QToolTip, QVBoxLayout, QWidget

from gui.render.trend_paint import Hit, paint_trend
from indicators.session import Session

if TYPE_CHECKING:
    from indicators.series import Trend

TEXT = {
    "none": ("Ingen tidsserie for denne enheten.", "No time series for this unit."),
    "pick": ("Velg en enhet i kartet for å se utviklingen.", "Pick a unit on the map to see its trend."),
}


def t(key: str, lang: str) -> str:
    nb, en = TEXT[key]
    return en if lang == "en" else nb


class TrendCanvas(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("trendCanvas")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.trend: Trend | None = None
        self.lang = "nb"
        self.sources: dict[str, str] = {}
        self.message = ""
        self.hits: list[Hit] = []

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(320, 200)

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#ffffff"))
        rect = QRectF(self.rect()).adjusted(6, 4, -6, -4)
        if self.trend is None or not self.trend.has_series:
            p.setPen(QColor("#666666"))
            p.drawText(rect, 0x1000 | 0x0001, self.message)  # Qt.TextWordWrap | Qt.AlignLeft
            self.hits = []
        else:
            self.hits = paint_trend(p, rect, self.trend, self.lang, 1.0, None, self.sources, px=10)
        p.end()

    def hit_at(self, pos: QPointF) -> Hit | None:
        return next((h for h in self.hits if h.rect.contains(pos)), None)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        hit = self.hit_at(event.position())
        if hit is not None:
            QToolTip.showText(event.globalPosition().toPoint(), hit.text, self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)


class TrendChart(QWidget):
    indicatorChanged = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("trendChart")
        self.session = session
        self.lang = "nb"
        self.unit: tuple[str, str] | None = None
        self.combo = QComboBox()
        self.combo.setObjectName("trendIndicator")
        self.combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(14)
        self.combo.currentIndexChanged.connect(self._combo_changed)
        self.canvas = TrendCanvas()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color:#555;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.combo)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.note)
        self._filling = False
        self.clear()

    @property
    def indicator(self) -> str | None:
        return self.combo.currentData()

    def clear(self) -> None:
        self.unit = None
        self._filling = True
        self.combo.clear()
        self._filling = False
        self.combo.setEnabled(False)
        self.canvas.trend = None
        self.canvas.message = t("pick", self.lang)
        self.note.setText("")
        self.canvas.update()

    def show_unit(self, level: str, code: str, prefer: list[str]) -> None:
        """The unit's series; the first of ``prefer`` that has one is shown."""
        from indicators.series import has_trend  # a unit is shown: not at start (issue 15)

        self.unit = (level, code)
        current = self.indicator
        obs, vintage = self.session.observations, self.session.map_vintage
        ids = [i.id for i in self.session.catalogue
               if not i.is_category and has_trend(self.session, i.id, level)
               and len(obs.unit_periods(i.id, level, code, vintage=vintage)) >= 2]
        items = [(self.session.indicator(i).name(self.lang), i) for i in ids]
        self._filling = True
        # units of a level mostly have the same series: refilling the same list repainted the dock
        if [(self.combo.itemText(k), self.combo.itemData(k)) for k in range(self.combo.count())] != items:
            self.combo.clear()
            for text, i in items:
                self.combo.addItem(text, i)
        self._filling = False
        self.combo.setEnabled(bool(ids))
        choice = next((i for i in [*prefer, current] if i in ids), ids[0] if ids else None)
        if choice is not None:
            self.combo.setCurrentIndex(ids.index(choice))
        self._draw()

    def choose(self, indicator_id: str) -> bool:
        """Show ``indicator_id`` if the unit has a series of it; False otherwise."""
        i = self.combo.findData(indicator_id)
        if i < 0:
            return False
        self.combo.setCurrentIndex(i)
        return True

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        if self.unit is not None:
            self.show_unit(*self.unit, [self.indicator] if self.indicator else [])
        else:
            self.clear()

    def _combo_changed(self) -> None:
        if not self._filling:
            self._draw()
            if self.indicator:
                self.indicatorChanged.emit(self.indicator)

    def _draw(self) -> None:
        c = self.canvas
        c.lang = self.lang
        c.sources = {sid: s.citation() for sid, s in self.session.catalogue.sources.items()}
        if self.unit is None or not self.indicator:
            c.trend = None
            c.message = t("none", self.lang)
            self.note.setText("")
        else:
            from indicators.series import trend

            c.trend = trend(self.session, *self.unit, self.indicator, self.lang)
            c.message = t("none", self.lang)
            br = c.trend.code_break
            self.note.setText(br.text(self.lang) if br is not None else "")
        c.update()
