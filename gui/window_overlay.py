"""What the window draws over the map (title, source strip, legend, the no-data hint) and its tooltip.

The same legend and text functions as the export pages, so the screen and the page agree.
The window paints them through :class:`OverlayCache`: laying out the source line and the
legend took ~4 ms of every repaint (a re-colour, a click, each step of a pan), though they
change only with the map.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter

from gui.i18n import tr
from gui.render.document import MapDocument
from gui.render.legend import font, legend_size, paint_legend, paint_text_lines, wrap
from indicators.note_text import note_text
from indicators.session import Session
from indicators.view import ViewState


def paint_overlay(painter: QPainter, rect: QRectF, doc: MapDocument | None, session: Session,
                  view: ViewState) -> None:
    """Title, legend and source line on top of the map (same functions as exports)."""
    if doc is None:
        return
    lang = view.lang
    title = doc.title(session, lang)
    _title_box(painter, rect, title)
    strip_h = _source_strip(painter, rect, doc, session, view)
    legend_title = doc.frame.indicator.name(lang) if doc.frame.mode != "share_of_class" else title
    # bottom-right: east of southern Norway is Sweden, so the legend hides no Norwegian unit
    size = legend_size(doc.classification, legend_title, lang, 1.0, max_title_width=240)
    paint_legend(painter, QPointF(rect.right() - size.width() - 10, rect.bottom() - strip_h - size.height() - 10),
                 doc.classification, legend_title, lang, 1.0, max_title_width=240)
    if not doc.frame.has_data and not doc.content.points:  # a point map's polygons are only a base
        key = "label.kommune_no_data_hint" if view.level == "kommune" else "label.no_data_map"
        box = QRectF(rect.center().x() - 220, rect.top() + 60, 440, 70)
        painter.setPen(QColor("#b8a040"))
        painter.setBrush(QColor("#fff7d6"))
        painter.drawRoundedRect(box, 5, 5)
        paint_text_lines(painter, QPointF(box.left() + 10, box.top() + 8), [tr(key, lang)], 13, "#3d3200",
                         max_width=box.width() - 20)


class OverlayCache:
    """The overlay of the last few maps as transparent images, blitted on each repaint.

    Keyed by the map's frame and classification (the memo of
    :func:`indicators.view_data.frame_and_classes` hands back the same objects while the
    data and the view's choices stay), and by what else the overlay reads: language,
    level, map, point symbols, size and pixel ratio. The objects are held by the entry,
    so their ids cannot be reused while it lives.
    """

    def __init__(self, size: int = 3):
        self.size = size
        self._images: OrderedDict[tuple, tuple[object, object, QImage]] = OrderedDict()

    def clear(self) -> None:
        self._images.clear()

    def paint(self, painter: QPainter, rect: QRectF, doc: MapDocument | None, session: Session,
              view: ViewState) -> None:
        if doc is None:
            return
        device = painter.device()
        dpr = device.devicePixelRatioF() if device is not None else 1.0
        w, h = max(int(rect.width()), 1), max(int(rect.height()), 1)
        key = (id(doc.frame), id(doc.classification), bool(doc.content.points), view.lang, view.level,
               view.map_vintage, w, h, dpr)
        hit = self._images.get(key)
        if hit is not None and hit[0] is doc.frame and hit[1] is doc.classification:
            self._images.move_to_end(key)
            image = hit[2]
        else:
            image = QImage(max(int(w * dpr), 1), max(int(h * dpr), 1), QImage.Format_ARGB32_Premultiplied)
            image.setDevicePixelRatio(dpr)
            image.fill(Qt.transparent)
            p = QPainter(image)
            p.setRenderHints(painter.renderHints())
            p.translate(-rect.left(), -rect.top())
            paint_overlay(p, rect, doc, session, view)
            p.end()
            self._images[key] = (doc.frame, doc.classification, image)
            while len(self._images) > self.size:
                self._images.popitem(last=False)
        painter.drawImage(rect.topLeft(), image)


def _title_box(painter: QPainter, rect: QRectF, title: str) -> None:
    painter.save()
    painter.setFont(font(15, True))
    fm = painter.fontMetrics()
    tw = min(fm.horizontalAdvance(title) + 28, rect.width() - 20)
    painter.setPen(Qt.NoPen)
    painter.setBrush(QColor(255, 255, 255, 225))
    painter.drawRoundedRect(QRectF(10, 10, tw, fm.height() + 10), 4, 4)
    painter.setPen(QColor("#111111"))
    painter.drawText(QRectF(20, 15, tw - 20, fm.height()), Qt.AlignLeft | Qt.AlignVCenter,
                     fm.elidedText(title, Qt.ElideRight, int(tw - 16)))
    painter.restore()


def _source_strip(painter: QPainter, rect: QRectF, doc: MapDocument, session: Session, view: ViewState) -> float:
    """Sources, the boundaries' credit, and how many values are approximate; returns its height."""
    lang = view.lang
    src = doc.sources(session)
    credit = session.level(view.level).credit(lang)
    lines = [(f"{tr('label.source', lang)}: " + "; ".join(src) + " · " if src else "") + credit]
    approx = doc.approximate_codes()
    if approx:
        t = doc.frame.table
        n_values = int((~np.isnan(t["value"])).sum() + (t["category"] != "").sum())
        lines.append(tr("label.approx_strip", lang).format(n=len(approx), total=n_values, map=view.map_vintage))
    fm12 = QFontMetricsF(font(12))
    n_lines = sum(len(wrap(t, fm12, rect.width() - 16)) for t in lines)
    strip_h = fm12.height() * n_lines + 8
    painter.fillRect(QRectF(rect.left(), rect.bottom() - strip_h, rect.width(), strip_h), QColor(255, 255, 255, 215))
    paint_text_lines(painter, QPointF(rect.left() + 8, rect.bottom() - strip_h + 3), lines, 12, "#333333",
                     max_width=rect.width() - 16)
    return strip_h


def tooltip_text(doc: MapDocument | None, session: Session, view: ViewState, code: str) -> str:
    """'Nordland (18)' / indicator: value, and why there is none when there is none."""
    try:
        i = doc.frame.position(code) if doc is not None else None
    except KeyError:
        i = None
    if doc is None or i is None:
        return ""
    level = session.level(view.level)
    if level.bundled:
        name = session.gazetteer().get(view.level, code).name
    else:  # an imported boundary layer
        geo = doc.geometry
        name = geo.names[geo.index[code]] if code in geo.index else code
    number = f" ({code})" if view.level in ("kommune", "fylke") else ""
    text = f"{name}{number}\n{doc.frame.indicator.name(view.lang)}: {doc.value_text(session, code)}"
    t = doc.frame.table
    note, value, category = t["note"][i], t["value"][i], t["category"][i]
    if note and value != value and not category:  # no value: say why
        text += "\n" + note_text(note, view.lang)
    return text
