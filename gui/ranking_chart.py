"""Ranked bars of the current indicator for the units on screen (as Helseatlas does).

Continuous indicators: one bar per unit, highest first, in its class colour, the
selected unit outlined on a highlighted row. Dashed lines mark Norway and the
selected unit's county (:meth:`RankingChart.set_references`), with their values in
the header. Category indicators: the number of units per class. Clicking a bar
selects that unit.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from indicators import format as fmt

BAR_H = 16
GAP = 3
REF_H = 14
REF_COLOURS = ("#111111", "#c0392b")


class RankingChart(QWidget):
    unitClicked = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("rankingChart")
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Expanding)
        self.title = ""
        self.rows: list[tuple[str, str, float, str, bool]] = []  # code, label, value, colour, approx
        self.unit = ""
        self.lang = "nb"
        self.selected: str | None = None
        self.categorical = False
        #: (label, value, text) of the dashed reference lines (Norway, the county)
        self.references: list[tuple[str, float, str]] = []
        self._hit: list[tuple[QRectF, str]] = []

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(320, 40 + REF_H * len(self.references) + (BAR_H + GAP) * min(len(self.rows), 30))

    def set_references(self, refs: list[tuple[str, float, str]]) -> None:
        self.references = [] if self.categorical else list(refs)
        self.setMinimumHeight(40 + REF_H * len(self.references) + (BAR_H + GAP) * len(self.rows))
        self.update()

    def set_rows(self, title: str, rows, unit: str, lang: str, selected: str | None, categorical: bool) -> None:
        self.title = title
        self.rows = list(rows)
        self.unit = unit
        self.lang = lang
        self.selected = selected
        self.categorical = categorical
        if categorical:
            self.references = []
        self.setMinimumHeight(40 + REF_H * len(self.references) + (BAR_H + GAP) * len(self.rows))
        self.updateGeometry()
        self.update()

    def set_selected(self, code: str | None) -> None:
        self.selected = code
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing, True)
        p.fillRect(self.rect(), QColor("#ffffff"))
        fm = QFontMetricsF(self.font())
        p.setPen(QColor("#222222"))
        bold = self.font()
        bold.setBold(True)
        p.setFont(bold)
        p.drawText(QRectF(6, 4, self.width() - 12, 20), Qt.AlignLeft | Qt.AlignVCenter, self.title)
        p.setFont(self.font())
        self._hit = []
        if not self.rows:
            p.setPen(QColor("#777777"))
            msg = "Ingen enheter med data i kartutsnittet." if self.lang == "nb" else "No units with data in view."
            p.drawText(QRectF(6, 28, self.width() - 12, 40), Qt.TextWordWrap, msg)
            p.end()
            return
        label_w = min(max(fm.horizontalAdvance(r[1]) for r in self.rows) + 10, self.width() * 0.45)
        value_w = max(fm.horizontalAdvance(self._value_text(r[2], r[4])) for r in self.rows) + 8
        x0 = 6 + label_w
        bar_space = max(self.width() - x0 - value_w - 8, 20)
        vmax = max([r[2] for r in self.rows] + [v for _, v, _ in self.references], default=1) or 1
        y = 28.0
        for k, (label, _, text) in enumerate(self.references):
            p.setPen(QColor(REF_COLOURS[k % 2]))
            p.drawText(QRectF(x0, y, self.width() - x0 - 6, REF_H), Qt.AlignLeft | Qt.AlignVCenter,
                       fm.elidedText(f"- - {label}: {text}", Qt.ElideRight, self.width() - x0 - 6))
            y += REF_H
        top = y
        for code, label, value, colour, approx in self.rows:
            rect = QRectF(x0, y, bar_space * max(value, 0) / vmax, BAR_H)
            is_sel = code == self.selected
            if is_sel:
                p.fillRect(QRectF(0, y - 1, self.width(), BAR_H + 2), QColor("#fff2b3"))
            p.setPen(QColor("#111111") if is_sel else QColor("#333333"))
            f = self.font()
            f.setBold(is_sel)
            p.setFont(f)
            p.drawText(QRectF(6, y, label_w - 6, BAR_H), Qt.AlignRight | Qt.AlignVCenter,
                       fm.elidedText(label, Qt.ElideRight, label_w - 8))
            p.setPen(QPen(QColor("#111111"), 2.0) if is_sel else QPen(QColor("#8a8a8a"), 0.6))
            p.setBrush(QColor(colour))
            p.drawRect(rect)
            p.setPen(QColor("#222222"))
            p.drawText(QPointF(rect.right() + 4, y + BAR_H - 4), self._value_text(value, approx))
            self._hit.append((QRectF(0, y, self.width(), BAR_H + GAP), code))
            y += BAR_H + GAP
        for k, (_, v, _) in enumerate(self.references):
            x = x0 + bar_space * max(v, 0) / vmax
            p.setPen(QPen(QColor(REF_COLOURS[k % 2]), 1.2, Qt.DashLine))
            p.drawLine(QPointF(x, top - 2), QPointF(x, y))
        p.end()

    def _value_text(self, value: float, approx: bool) -> str:
        if self.categorical:
            return fmt.number(value, self.lang, 0)
        return ("≈" if approx else "") + fmt.with_unit(value, self.unit, self.lang)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        for rect, code in self._hit:
            if rect.contains(event.position()) and code and not self.categorical:
                self.unitClicked.emit(code)
                return
        super().mousePressEvent(event)
