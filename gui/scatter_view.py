"""The bivariate view: two indicators per unit as a scatter, linked to the map.

Clicking a point selects that unit on the map (and in the details); dragging a
rectangle marks every point inside it, and the map outlines the same units.
Selecting a unit on the map rings its point; Ctrl+click on the map adds a unit to
the marked ones or takes it out. Units without a value of both indicators are left
out and counted under the plot (:mod:`indicators.scatter`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from gui.render.trend_paint import nice_ticks
from indicators import format as fmt
from indicators.session import Session

if TYPE_CHECKING:  # the join is imported when the tab is first shown (issue 15)
    from indicators.scatter import Scatter

DEFAULT_X, DEFAULT_Y = "sentralitetsindeks", "ssb_andel_pasienter_uten_lege"
POINT, SELECTED, MARKED = "#3182bd", "#d62728", "#ff7f0e"
TEXT = {
    "x": ("X", "X"), "y": ("Y", "Y"), "log": ("log", "log"),
    "log_tip": ("Logaritmisk x-akse (for folketall og andre tall som spenner over flere størrelsesordener)",
                "Logarithmic x axis (for population and other figures spanning orders of magnitude)"),
    "count": ("{n} enheter · {m} uten begge tall · {k} markert", "{n} units · {m} without both · {k} marked"),
    "help": ("Klikk et punkt for å velge enheten; dra et rektangel for å markere flere (Ctrl+klikk i kartet "
             "legger til).", "Click a point to select the unit; drag a rectangle to mark several (Ctrl+click on "
             "the map adds one)."),
}


def t(key: str, lang: str) -> str:
    nb, en = TEXT[key]
    return en if lang == "en" else nb


class ScatterCanvas(QWidget):
    unitClicked = Signal(str)
    marked = Signal(object)  # set of codes

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("scatterCanvas")
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
        self.data: Scatter | None = None
        self.log_x = False
        self.lang = "nb"
        self.selected: str | None = None
        self.marks: set[str] = set()
        self.x_unit = self.y_unit = ""
        self.x_name = self.y_name = ""
        self._band: tuple[QPointF, QPointF] | None = None
        self._plot = QRectF()
        self._range = (0.0, 1.0, 0.0, 1.0)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(320, 240)

    # -- coordinates ---------------------------------------------------------------------
    def _fx(self, x: float) -> float:
        return math.log10(max(x, 1e-9)) if self.log_x else x

    def to_widget(self, x: float, y: float) -> QPointF:
        x0, x1, y0, y1 = self._range
        r = self._plot
        return QPointF(r.left() + (self._fx(x) - x0) / ((x1 - x0) or 1) * r.width(),
                       r.bottom() - (y - y0) / ((y1 - y0) or 1) * r.height())

    def to_data(self, p: QPointF) -> tuple[float, float]:
        x0, x1, y0, y1 = self._range
        r = self._plot
        fx = x0 + (p.x() - r.left()) / (r.width() or 1) * (x1 - x0)
        return (10 ** fx if self.log_x else fx), y0 + (r.bottom() - p.y()) / (r.height() or 1) * (y1 - y0)

    def _layout(self) -> None:
        fm = QFontMetricsF(self.font())
        left = fm.horizontalAdvance("00 000") + 10
        right = fm.horizontalAdvance("0 000") / 2 + 6  # the last x label is centred on the edge
        self._plot = QRectF(left, fm.height() + 4, self.width() - left - right, self.height() - 2.6 * fm.height() - 8)
        pts = self.data.points if self.data else ()
        xs = [self._fx(p.x) for p in pts] or [0.0, 1.0]
        ys = [p.y for p in pts] or [0.0, 1.0]
        pad_x = (max(xs) - min(xs)) * 0.04 or 0.5
        pad_y = (max(ys) - min(ys)) * 0.04 or 0.5
        self._range = (min(xs) - pad_x, max(xs) + pad_x, min(min(ys), 0.0) - pad_y * 0.3, max(ys) + pad_y)

    def point_at(self, pos: QPointF) -> str | None:
        if self.data is None:
            return None
        best, dist = None, 7.0
        for p in self.data.points:
            q = self.to_widget(p.x, p.y)
            d = math.hypot(q.x() - pos.x(), q.y() - pos.y())
            if d <= dist:
                best, dist = p.code, d
        return best

    # -- painting ---------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802
        self._layout()
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing, True)
        p.fillRect(self.rect(), QColor("#ffffff"))
        if self.data is None:
            p.end()
            return
        fm = QFontMetricsF(self.font())
        r = self._plot
        x0, x1, y0, y1 = self._range
        p.setPen(QPen(QColor("#e4e4e4"), 1))
        for ty in nice_ticks(y0, y1):
            if y0 <= ty <= y1:
                q = self.to_widget(10 ** x0 if self.log_x else x0, ty)
                p.drawLine(QPointF(r.left(), q.y()), QPointF(r.right(), q.y()))
                p.setPen(QColor("#555555"))
                text = fmt.number(ty, self.lang, 0 if abs(y1 - y0) > 5 else 1)
                p.drawText(QPointF(r.left() - 4 - fm.horizontalAdvance(text), q.y() + fm.ascent() / 2.6), text)
                p.setPen(QPen(QColor("#e4e4e4"), 1))
        for tx in self._x_ticks():
            q = self.to_widget(tx, y0)
            if r.left() - 1 <= q.x() <= r.right() + 1:
                p.setPen(QColor("#555555"))
                text = self._x_label(tx)
                p.drawText(QPointF(q.x() - fm.horizontalAdvance(text) / 2, r.bottom() + fm.ascent() + 3), text)
        p.setPen(QPen(QColor("#999999"), 1))
        p.drawRect(r)
        for pt in self.data.points:
            if pt.code in (self.selected,) or pt.code in self.marks:
                continue
            self._dot(p, pt, POINT, 3.2)
        for pt in self.data.points:
            if pt.code in self.marks and pt.code != self.selected:
                self._dot(p, pt, MARKED, 4.2)
        sel = self.data.point(self.selected) if self.selected else None
        if sel is not None:
            self._dot(p, sel, SELECTED, 5.5)
            q = self.to_widget(sel.x, sel.y)
            p.setPen(QColor("#111111"))
            p.drawText(QPointF(q.x() + 8, q.y() - 6), sel.name)
        if self._band is not None:
            p.setPen(QPen(QColor("#555555"), 1, Qt.DashLine))
            p.setBrush(QColor(255, 127, 14, 40))
            p.drawRect(QRectF(*self._band).normalized())
        p.end()

    def _dot(self, p: QPainter, pt, colour: str, radius: float) -> None:
        q = self.to_widget(pt.x, pt.y)
        p.setPen(QPen(QColor("#ffffff") if not pt.approximate else QColor(colour), 0.8))
        p.setBrush(QColor(colour) if not pt.approximate else QColor("#ffffff"))
        p.drawEllipse(q, radius, radius)

    def _x_ticks(self) -> list[float]:
        x0, x1 = self._range[:2]
        if self.data is not None and self.data.x_classes:
            return [float(k) for k in self.data.x_classes]
        if self.log_x:
            return [10.0 ** k for k in range(math.floor(x0), math.ceil(x1) + 1)]
        return nice_ticks(x0, x1)

    def _x_label(self, v: float) -> str:
        if self.data is not None and self.data.x_classes:
            return str(int(v))
        return fmt.number(v, self.lang, 0 if abs(v) >= 10 or float(v).is_integer() else 1)

    # -- interaction -------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:  # noqa: N802
        self._band = (event.position(), event.position())
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._band is not None and event.buttons() & Qt.LeftButton:
            self._band = (self._band[0], event.position())
            self.update()
            return
        code = self.point_at(event.position())
        if code and self.data is not None:
            QToolTip.showText(event.globalPosition().toPoint(), self.point_text(code), self)
        else:
            QToolTip.hideText()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        band, self._band = self._band, None
        if band is None or self.data is None:
            return
        a, b = band
        if abs(a.x() - b.x()) < 4 and abs(a.y() - b.y()) < 4:  # a click
            code = self.point_at(event.position())
            if code:
                self.unitClicked.emit(code)
            elif self.marks:
                self.marks = set()
                self.marked.emit(set())
        else:
            (xa, ya), (xb, yb) = self.to_data(a), self.to_data(b)
            self.marks = self.data.codes_in(xa, xb, ya, yb)
            self.marked.emit(set(self.marks))
        self.update()

    def point_text(self, code: str) -> str:
        pt = self.data.point(code) if self.data else None
        if pt is None:
            return ""
        mark = " (≈)" if pt.approximate else ""
        return (f"{pt.name}{mark}\n{self.x_name}: {self._value(pt.x, self.x_unit, self.data.x_classes)}\n"
                f"{self.y_name}: {self._value(pt.y, self.y_unit, self.data.y_classes)}")

    def _value(self, v: float, unit: str, classes: dict[int, str] | None) -> str:
        if classes:
            return classes.get(int(v), str(v))
        return fmt.with_unit(v, unit, self.lang)


class ScatterView(QWidget):
    unitClicked = Signal(str)
    marked = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None, fill: bool = True):
        """``fill=False``: the owner fills the view itself right after (the window's retranslate
        does), so the scatter of the start-up level is not computed twice during the cold start."""
        super().__init__(parent)
        self.setObjectName("scatterView")
        self.session = session
        self.lang = "nb"
        self.level = "kommune"
        self.x = QComboBox()
        self.y = QComboBox()
        for c, name in ((self.x, "scatterX"), (self.y, "scatterY")):
            c.setObjectName(name)
            c.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            c.setMinimumContentsLength(14)
            c.currentIndexChanged.connect(self._changed)
        self.log = QCheckBox()
        self.log.toggled.connect(self._changed)
        self.canvas = ScatterCanvas()
        self.canvas.unitClicked.connect(self.unitClicked)
        self.canvas.marked.connect(self._marked)
        self.status = QLabel()
        self.status.setStyleSheet("color:#555;")
        self.status.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        self.x_label, self.y_label = QLabel(), QLabel()
        grid.addWidget(self.y_label, 0, 0)
        grid.addWidget(self.y, 0, 1, 1, 2)
        grid.addWidget(self.x_label, 1, 0)
        grid.addWidget(self.x, 1, 1)
        grid.addWidget(self.log, 1, 2)
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addLayout(grid)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.status)
        self._filling = False
        #: the axes changed while the tab was hidden: computed when it is shown
        self.stale = False
        if fill:
            self.retranslate("nb")
        else:
            self._set_texts("nb")

    def retranslate(self, lang: str) -> None:
        self._set_texts(lang)
        self.fill(self.level)

    def _set_texts(self, lang: str) -> None:
        self.lang = self.canvas.lang = lang
        self.x_label.setText(t("x", lang))
        self.y_label.setText(t("y", lang))
        self.log.setText(t("log", lang))
        self.log.setToolTip(t("log_tip", lang))

    def fill(self, level: str, y_prefer: str | None = None) -> None:
        """The indicators with values at ``level``; keeps the current choice where it can."""
        self.level = level
        ids = [i.id for i in self.session.catalogue
               if level in self.session.data_levels(i.id) and (not i.is_category or i.scheme == "sentralitet")]
        keep_x, keep_y = self.x.currentData(), self.y.currentData()
        self._filling = True
        for combo in (self.x, self.y):
            combo.clear()
            for i in ids:
                combo.addItem(self.session.indicator(i).name(self.lang), i)
        for combo, wanted in ((self.x, [keep_x, DEFAULT_X]), (self.y, [y_prefer, keep_y, DEFAULT_Y])):
            idx = next((combo.findData(w) for w in wanted if w and combo.findData(w) >= 0), 0 if ids else -1)
            combo.setCurrentIndex(idx)
        self._filling = False
        self._changed()

    def set_axes(self, x_id: str, y_id: str) -> None:
        self._filling = True
        self.x.setCurrentIndex(max(self.x.findData(x_id), 0))
        self.y.setCurrentIndex(max(self.y.findData(y_id), 0))
        self._filling = False
        self._changed()

    def set_selected(self, code: str | None) -> None:
        self.canvas.selected = code
        self.canvas.update()

    def set_marks(self, codes: set[str]) -> None:
        self.canvas.marks = set(codes)
        self._status()
        self.canvas.update()

    def toggle_mark(self, code: str) -> set[str]:
        marks = set(self.canvas.marks)
        marks.symmetric_difference_update({code})
        self.set_marks(marks)
        return marks

    def _marked(self, codes: set[str]) -> None:
        self._status()
        self.marked.emit(codes)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self.stale:
            self._changed()

    def _changed(self) -> None:
        if self._filling:
            return
        if not self.isVisible():
            # a hidden tab: joining two indicators cost ~35 ms of every re-colour; done when shown
            self.stale = True
            return
        self.stale = False
        x_id, y_id = self.x.currentData(), self.y.currentData()
        c = self.canvas
        if not x_id or not y_id:
            c.data = None
        else:
            from indicators.scatter import scatter

            c.data = scatter(self.session, self.level, x_id, y_id, lang=self.lang)
            xi, yi = self.session.indicator(x_id), self.session.indicator(y_id)
            c.x_name = f"{xi.name(self.lang)} ({c.data.x_period})"
            c.y_name = f"{yi.name(self.lang)} ({c.data.y_period})"
            c.x_unit, c.y_unit = xi.unit, yi.unit
            c.log_x = self.log.isChecked() and not c.data.x_classes and all(p.x > 0 for p in c.data.points)
            c.marks &= {p.code for p in c.data.points}
        self._status()
        c.update()

    def _status(self) -> None:
        d = self.canvas.data
        if d is None:
            self.status.setText("")
            return
        self.status.setText(t("count", self.lang).format(n=len(d.points), m=d.left_out, k=len(self.canvas.marks)))
        word = "against" if self.lang == "en" else "mot"
        self.status.setToolTip(f"{self.canvas.y_name} {word} {self.canvas.x_name}.\n{t('help', self.lang)}")
