"""Legend and text blocks drawn with QPainter, shared by the canvas and exports."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QTransform

from indicators import format as fmt
from indicators.classify import Classification
from indicators.palettes import NO_DATA_HATCH

FONT_FAMILY = "DejaVu Sans"


def font(px: float, bold: bool = False) -> QFont:
    """The page font without ligatures, so a PDF's text reads 'fi', not the one glyph 'ﬁ'
    (searching a report for "fylke" must find it)."""
    f = QFont(FONT_FAMILY)
    f.setPixelSize(max(1, int(round(px))))
    f.setBold(bold)
    f.setFeature(QFont.Tag("liga"), 0)
    return f


def _rows(cls: Classification, lang: str, show_counts: bool) -> list[tuple[str, str, bool]]:
    rows = []
    for e in cls.legend:
        if e.no_data and e.count == 0:
            continue
        count = f"  ({fmt.number(e.count, lang, 0)})" if show_counts else ""
        rows.append((e.label + count, e.colour, e.no_data))
    return rows


def _summary_lines(cls: Classification, lang: str, fm: QFontMetricsF, width: float) -> list[str]:
    """How many classes (and why fewer than asked), under the legend title."""
    summary = cls.summary(lang)
    return wrap(summary, fm, width) if summary else []


def legend_size(cls: Classification, title: str, lang: str = "nb", scale: float = 1.0,
                show_counts: bool = True, max_title_width: float | None = None) -> QSizeF:
    tf, rf = QFontMetricsF(font(12 * scale, True)), QFontMetricsF(font(11 * scale))
    sf = QFontMetricsF(font(9.5 * scale))
    rows = _rows(cls, lang, show_counts)
    sw = 18 * scale
    width = max([rf.horizontalAdvance(r[0]) for r in rows] + [0]) + sw + 8 * scale
    title_lines = wrap(title, tf, max_title_width or max(width, 200 * scale))
    width = max(width, max((tf.horizontalAdvance(t) for t in title_lines), default=0))
    summary = _summary_lines(cls, lang, sf, max(width, max_title_width or 0))
    width = max(width, max((sf.horizontalAdvance(t) for t in summary), default=0))
    height = (len(title_lines) * tf.height() + len(summary) * sf.height() + 4 * scale
              + len(rows) * (rf.height() + 3 * scale))
    return QSizeF(width + 16 * scale, height + 14 * scale)


def wrap(text: str, fm: QFontMetricsF, width: float) -> list[str]:
    if fm.horizontalAdvance(text) <= width:  # the usual case: one measurement
        return [text] if text else []
    words, lines, line = text.split(), [], ""
    for w in words:
        cand = f"{line} {w}".strip()
        if line and fm.horizontalAdvance(cand) > width:
            lines.append(line)
            line = w
        else:
            line = cand
    if line:
        lines.append(line)
    return lines


def paint_legend(painter: QPainter, top_left: QPointF, cls: Classification, title: str,
                 lang: str = "nb", scale: float = 1.0, show_counts: bool = True,
                 box: bool = True, max_title_width: float | None = None) -> QRectF:
    """Title, one swatch per class with its range and unit count, and 'no data'."""
    size = legend_size(cls, title, lang, scale, show_counts, max_title_width)
    rect = QRectF(top_left, size)
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, True)
    if box:
        painter.setPen(QPen(QColor("#b0b0b0"), 0.8 * scale))
        painter.setBrush(QColor(255, 255, 255, 235))
        painter.drawRoundedRect(rect, 4 * scale, 4 * scale)
    tf, rf = font(12 * scale, True), font(11 * scale)
    tfm, rfm = QFontMetricsF(tf), QFontMetricsF(rf)
    x = rect.left() + 8 * scale
    y = rect.top() + 7 * scale
    painter.setPen(QColor("#111111"))
    painter.setFont(tf)
    for line in wrap(title, tfm, max_title_width or max(size.width() - 16 * scale, 200 * scale)):
        painter.drawText(QPointF(x, y + tfm.ascent()), line)
        y += tfm.height()
    sfont = font(9.5 * scale)
    sfm = QFontMetricsF(sfont)
    summary = _summary_lines(cls, lang, sfm, size.width() - 16 * scale)
    if summary:
        painter.setFont(sfont)
        painter.setPen(QColor("#555555"))
        for line in summary:
            painter.drawText(QPointF(x, y + sfm.ascent()), line)
            y += sfm.height()
        painter.setPen(QColor("#111111"))
    y += 4 * scale
    painter.setFont(rf)
    sw, sh = 18 * scale, rfm.height() - 2 * scale
    for label, colour, no_data in _rows(cls, lang, show_counts):
        sq = QRectF(x, y + 1 * scale, sw, sh)
        painter.setPen(QPen(QColor("#6d6d6d"), 0.7 * scale))
        painter.setBrush(QColor(colour))
        painter.drawRect(sq)
        if no_data:
            hatch = QBrush(QColor(NO_DATA_HATCH), Qt.BDiagPattern)
            hatch.setTransform(QTransform.fromScale(scale, scale))
            painter.fillRect(sq, hatch)
        painter.setPen(QColor("#111111"))
        painter.drawText(QPointF(x + sw + 8 * scale, y + rfm.ascent()), label)
        y += rfm.height() + 3 * scale
    painter.restore()
    return rect


def paint_text_lines(painter: QPainter, top_left: QPointF, lines: list[str], px: float,
                     colour: str = "#333333", max_width: float | None = None, bold: bool = False) -> float:
    """Draw wrapped lines; returns the height used."""
    f = font(px, bold)
    fm = QFontMetricsF(f)
    painter.save()
    painter.setFont(f)
    painter.setPen(QColor(colour))
    y = top_left.y()
    for text in lines:
        for line in wrap(text, fm, max_width) if max_width else [text]:
            painter.drawText(QPointF(top_left.x(), y + fm.ascent()), line)
            y += fm.height()
    painter.restore()
    return y - top_left.y()
