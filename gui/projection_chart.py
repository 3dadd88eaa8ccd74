"""The projection chart: stacked bars of the components per year and the cumulative need.

Exports (PNG, SVG) add a footer saying the regional split is Legekart's own model,
so the picture keeps its caveat when pasted into a report.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QImage, QPainter, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsScene, QToolTip, QWidget

from gui.i18n import tr
from indicators import format as fmt
from indicators.projection.inputs import source_title
from indicators.projection.result import MODEL_NOTE, Projection

#: Okabe–Ito colours: distinguishable with the common colour-vision deficiencies
COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
FOOTER_H = 46
EXPORT_SIZE = QSize(1200, 640)


def nice_step(x: float) -> float:
    """Smallest 1/2/2.5/5 × 10^k step ≥ x, so axis ticks are round numbers."""
    if x <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= x - 1e-9:
            return m * mag
    return 10 * mag


def aligned_ranges(lo: float, hi: float, top: float, bottom: float, intervals: int = 5
                   ) -> tuple[tuple[float, float], tuple[float, float], int]:
    """Ranges of the left (per year) and right (cumulative) axes with zero on the same line."""
    hi, top = max(hi, 1.0), max(top, 1.0)
    step1, step2 = nice_step(hi / intervals), nice_step(top / intervals)
    neg = max(math.ceil(-lo / step1 - 1e-9) if lo < 0 else 0, math.ceil(-bottom / step2 - 1e-9) if bottom < 0 else 0)
    pos = max(math.ceil(hi / step1 - 1e-9), math.ceil(top / step2 - 1e-9), 1)
    return (-neg * step1, pos * step1), (-neg * step2, pos * step2), neg + pos + 1


def build_chart(custom: Projection, base: Projection | None, lang: str = "nb") -> QChart:
    """A chart of the custom projection, with the base cumulative line when they differ."""
    chart = QChart()
    chart.setTitle(custom.title(lang))
    chart.setAnimationOptions(QChart.NoAnimation)
    chart.setLocalizeNumbers(True)
    chart.setLocale(QLocale(QLocale.NorwegianBokmal, QLocale.Norway) if lang == "nb" else QLocale(QLocale.English))
    chart.legend().setAlignment(Qt.AlignBottom)

    bars = QStackedBarSeries()
    for i, (comp, values) in enumerate(custom.components.items()):
        if not any(values):
            continue
        colour = QColor(COLOURS[i % len(COLOURS)])
        bs = QBarSet(custom.label(comp, lang))
        bs.append([float(v) for v in values])
        bs.setColor(colour)
        bs.setBorderColor(colour.darker(130))
        bars.append(bs)
    chart.addSeries(bars)
    lines = [_line(custom.cumulative, tr("proj.cumulative", lang), "#222222", Qt.SolidLine)]
    if base is not None and base.cumulative != custom.cumulative:
        lines.append(_line(base.cumulative, tr("proj.cumulative_base", lang), "#777777", Qt.DashLine))
    for line in lines:
        chart.addSeries(line)
    refs = _reference_lines(custom, lang)
    for line in refs:
        chart.addSeries(line)

    x = QBarCategoryAxis()
    x.append([str(y) for y in custom.years])
    chart.addAxis(x, Qt.AlignBottom)
    cols = list(zip(*custom.components.values()))
    cums = list(custom.cumulative) + (list(base.cumulative) if base else [])
    ref_top = max([0.0] + [float(r["region"]) for r in custom.reference.values() if "national" in r])
    (a, b), (c, d), ticks = aligned_ranges(min([0] + [sum(v for v in col if v < 0) for col in cols]),
                                           max([ref_top] + [sum(v for v in col if v > 0) for col in cols]),
                                           max(cums), min([0] + cums))
    y = QValueAxis()
    y.setTitleText(f"{tr('proj.per_year_axis', lang)} ({custom.unit(lang)})")
    y.setLabelFormat("%.0f")
    y.setRange(a, b)
    y.setTickCount(ticks)
    chart.addAxis(y, Qt.AlignLeft)
    y2 = QValueAxis()
    y2.setTitleText(tr("proj.cumulative_axis", lang))
    y2.setLabelFormat("%.0f")
    y2.setRange(c, d)
    y2.setTickCount(ticks)
    y2.setGridLineVisible(False)
    chart.addAxis(y2, Qt.AlignRight)
    bars.attachAxis(x)
    bars.attachAxis(y)
    for line in lines:
        line.attachAxis(x)
        line.attachAxis(y2)
    for line in refs:
        line.attachAxis(x)
        line.attachAxis(y)
    return chart


def _reference_lines(custom: Projection, lang: str) -> list[QLineSeries]:
    """LIS1: today's and the recommended positions (split with the same key) as flat lines."""
    out = []
    styles = {"today": ("#D55E00", Qt.DotLine), "recommended": ("#6A3D9A", Qt.DashDotLine)}
    for rid, (colour, style) in styles.items():
        ref = custom.reference.get(rid)
        if not ref:
            continue
        label = ref["label_en"] if lang == "en" else ref["label_nb"]
        line = _line([ref["region"]] * len(custom.years), f"{label} ({fmt.number(ref['region'], lang, 0)})",
                     colour, style)
        line.setPointsVisible(False)
        out.append(line)
    return out


def _line(values: list[int], name: str, colour: str, style: Qt.PenStyle) -> QLineSeries:
    s = QLineSeries()
    s.setName(name)
    for i, v in enumerate(values):
        s.append(QPointF(i, float(v)))
    pen = QPen(QColor(colour), 2.2)
    pen.setStyle(style)
    s.setPen(pen)
    s.setPointsVisible(True)
    return s


class ProjectionChart(QChartView):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("projectionChart")
        self.setRenderHint(QPainter.Antialiasing)
        self.setMinimumSize(QSize(480, 300))
        self.lang = "nb"
        self.custom: Projection | None = None
        self.base: Projection | None = None
        self.setChart(QChart())

    def set_projection(self, custom: Projection, base: Projection | None, lang: str = "nb") -> None:
        self.custom, self.base, self.lang = custom, base, lang
        chart = build_chart(custom, base, lang)
        for series in chart.series():
            if isinstance(series, QStackedBarSeries):
                series.hovered.connect(self._hover)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()

    def _hover(self, status: bool, index: int, barset: QBarSet) -> None:
        if not status or self.custom is None:
            QToolTip.hideText()
            return
        year = self.custom.years[index]
        QToolTip.showText(QCursor.pos(), f"{barset.label()} {year}: {fmt.number(barset.at(index), self.lang, 0)}")

    # -- export ----------------------------------------------------------------------------------
    def footer_text(self) -> str:
        """The model caveat and the documents the numbers come from."""
        en = self.lang == "en"
        note = MODEL_NOTE[1 if en else 0]
        ids = sorted(set(re.findall(r"kilde (\d{3})", " ".join(self.custom.sentences("nb"))))) if self.custom else []
        titles = "; ".join(f"{source_title(i)} ({i})" for i in ids)
        return f"{note} {tr('proj.sources', self.lang)}: {titles}; {tr('proj.see_assumptions', self.lang)}."

    def _paint(self, painter: QPainter, scene: QGraphicsScene, width: int, height: int) -> None:
        painter.fillRect(QRectF(0, 0, width, height + FOOTER_H), QColor("white"))
        scene.render(painter, QRectF(0, 0, width, height), QRectF(0, 0, width, height))
        painter.setPen(QColor("#333333"))
        f = QFont(self.font())
        f.setPointSizeF(max(7.0, f.pointSizeF() * 0.9))
        painter.setFont(f)
        painter.drawText(QRectF(10, height + 2, width - 20, FOOTER_H - 4), Qt.TextWordWrap | Qt.AlignLeft,
                         self.footer_text())

    def export(self, path: str | Path, size: QSize = EXPORT_SIZE, scale: float = 2.0) -> Path:
        """Write the chart with its caveat to PNG or SVG (by the file's suffix), at a fixed size."""
        if self.custom is None:
            raise ValueError("nothing to export yet")
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in (".png", ".svg"):
            raise ValueError(f"unknown image format {suffix!r}; use .png or .svg")
        w, h = size.width(), size.height()
        scene = QGraphicsScene()
        chart = build_chart(self.custom, self.base, self.lang)
        scene.addItem(chart)
        chart.setGeometry(QRectF(0, 0, w, h))
        scene.setSceneRect(QRectF(0, 0, w, h))
        if suffix == ".svg":
            gen = QSvgGenerator()
            gen.setFileName(str(path))
            gen.setSize(QSize(w, h + FOOTER_H))
            gen.setViewBox(QRectF(0, 0, w, h + FOOTER_H))
            gen.setTitle(chart.title())
            gen.setDescription(self.footer_text())
            painter = QPainter(gen)
            self._paint(painter, scene, w, h)
            painter.end()
        else:
            img = QImage(int(w * scale), int((h + FOOTER_H) * scale), QImage.Format_ARGB32)
            img.fill(QColor("white"))
            painter = QPainter(img)
            painter.setRenderHint(QPainter.Antialiasing)
            painter.setRenderHint(QPainter.TextAntialiasing)
            painter.scale(scale, scale)
            self._paint(painter, scene, w, h)
            painter.end()
            if not img.save(str(path), "PNG"):
                raise OSError(f"could not write {path}")
        scene.removeItem(chart)
        chart.deleteLater()
        return path
