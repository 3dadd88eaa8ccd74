"""The key figures as a painted list: readable in ten seconds, at any dock width.

A table of eight columns needs horizontal scrolling in a 1024 × 700 window; this list
wraps instead. Each indicator is a small card, under a theme heading:

    Andel pasienter på liste uten lege                  ● Bedre
    0,0 %  2025  ╱╲__                                   (marker vs Norway)
    Nordland 5,9 % (40 av 41) · Norge 2,1 % (351 av 357)
    1. av 40 i Nordland · 1. av 351 i landet

Every line wraps to the width it gets, so nothing is cut and nothing scrolls
sideways. Hovering a part tells where it comes from (provenance) or what it means
(the rank and marker rules); clicking a card chooses its indicator for the trend.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from gui.render.legend import wrap
from gui.render.trend_paint import paint_sparkline
from indicators.session import Session

if TYPE_CHECKING:  # key figures (with the series and comparisons) come with a unit (issue 15)
    from indicators.key_figures import KeyFigure, ThemeGroup

PAD = 6.0
SPARK_W, SPARK_H = 54.0, 14.0
BAND, SELECTED, IMPORT = "#eef2f6", "#e3edf9", "#6a3d9a"


class _Metrics:
    """QFontMetricsF that remembers its text widths: a click lays out the same names, periods
    and "Norge 2,1 %" lines again, and measuring was a third of the layout."""

    __slots__ = ("_fm", "_widths", "_height")

    def __init__(self, font: QFont):
        self._fm = QFontMetricsF(font)
        self._widths: dict[str, float] = {}
        self._height = self._fm.height()

    def horizontalAdvance(self, text: str) -> float:  # noqa: N802 (QFontMetricsF's name, for wrap())
        w = self._widths.get(text)
        if w is None:
            if len(self._widths) > 20_000:  # bounded: texts of many units and languages
                self._widths.clear()
            w = self._widths[text] = self._fm.horizontalAdvance(text)
        return w

    def height(self) -> float:
        return self._height


class _Tip:
    """A tooltip made when first hovered: the provenance and rank texts of every card were
    half of a click's layout, and only one of them is ever read."""

    __slots__ = ("_make", "_text")

    def __init__(self, make: Callable[[], str]):
        self._make: Callable[[], str] | None = make
        self._text = ""

    def text(self) -> str:
        if self._make is not None:
            self._text, self._make = self._make(), None
        return self._text


@dataclass
class _Part:
    """One piece of text laid out in a card."""

    rect: QRectF
    text: str
    colour: str = "#222222"
    bold: bool = False
    big: bool = False


@dataclass
class _Card:
    """One indicator's card in the details list: its laid-out text, tooltips and sparkline."""

    indicator_id: str
    rect: QRectF
    parts: list[_Part] = field(default_factory=list)
    #: hover areas → tooltip text (made on demand)
    tips: list[tuple[QRectF, _Tip]] = field(default_factory=list)
    spark: tuple[QRectF, list] | None = None
    marker: tuple[QPointF, str, str] | None = None  # position, key, text
    heading: bool = False


class KeyFigureList(QWidget):
    """The painted list; :meth:`set_groups` fills it, the height follows the width."""

    indicatorChosen = Signal(str)
    indicatorActivated = Signal(str)  # double-click: show it on the map

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("keyFigureList")
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Minimum)
        self.setMouseTracking(True)
        self.groups: list[ThemeGroup] = []
        self.session: Session | None = None
        self.lang = "nb"
        self.county_name = ""
        self.chosen: str | None = None
        self._cards: list[_Card] = []
        self._laid_for = -1.0
        self._metrics: tuple[str, tuple[_Metrics, ...]] | None = None
        #: layouts of the last few units (the groups held, so their ids stay theirs): a unit
        #: clicked again is not laid out again
        self._kept: OrderedDict[tuple, tuple[list[ThemeGroup], list[_Card], int]] = OrderedDict()

    # -- filling -------------------------------------------------------------------
    def set_groups(self, session: Session, groups: list[ThemeGroup], county_name: str, lang: str) -> None:
        self.session, self.groups, self.county_name, self.lang = session, groups, county_name, lang
        self._laid_for = -1.0
        self._layout(float(self.width()))
        self.update()

    def texts(self) -> list[str]:
        """Every line shown, in order (for tests and for reading the panel out)."""
        self._layout(float(max(self.width(), 200)))
        return [p.text for c in self._cards for p in c.parts] + [
            c.marker[2] for c in self._cards if c.marker is not None]

    def card_texts(self) -> dict[str, list[str]]:
        self._layout(float(max(self.width(), 200)))
        out: dict[str, list[str]] = {}
        for c in self._cards:
            if not c.heading:
                out[c.indicator_id] = [p.text for p in c.parts] + ([c.marker[2]] if c.marker else [])
        return out

    # -- layout --------------------------------------------------------------------
    def _fonts(self) -> tuple[QFont, QFont, QFont, QFont]:
        base = QFont(self.font())
        bold = QFont(base)
        bold.setBold(True)
        big = QFont(bold)
        big.setPointSizeF(base.pointSizeF() * 1.35)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.92)
        return base, bold, big, small

    def _measures(self) -> tuple[_Metrics, ...]:
        """Metrics of the four fonts, kept while the widget's font stays the same."""
        fonts = self._fonts()
        key = "|".join(f.key() for f in fonts)
        if self._metrics is None or self._metrics[0] != key:
            self._metrics = (key, tuple(_Metrics(f) for f in fonts))
        return self._metrics[1]

    def _layout(self, width: float) -> None:
        if width == self._laid_for or self.session is None:
            return
        self._laid_for = width
        fm, fb, fg, fs = self._measures()
        key = (id(self.groups), self.county_name, self.lang, width, self._metrics[0] if self._metrics else "")
        hit = self._kept.get(key)
        if hit is not None and hit[0] is self.groups:
            self._kept.move_to_end(key)
            self._cards = hit[1]
            self.setMinimumHeight(hit[2])
            return
        w = max(width - 2 * PAD, 120.0)
        y = 2.0
        cards: list[_Card] = []
        for g in self.groups:
            head = _Card("", QRectF(0, y, width, fb.height() + 4), heading=True)
            head.parts.append(_Part(QRectF(PAD, y + 2, w, fb.height()), g.title(self.lang), "#333333", True))
            cards.append(head)
            y += fb.height() + 6
            for kf in g.rows:
                card = self._card(kf, y, w, fm, fb, fg, fs)
                cards.append(card)
                y = card.rect.bottom() + 3
        self._cards = cards
        self.setMinimumHeight(int(y + 4))
        self._kept[key] = (self.groups, cards, int(y + 4))
        while len(self._kept) > 8:
            self._kept.popitem(last=False)

    def _card(self, kf: KeyFigure, y0: float, w: float, fm, fb, fg, fs) -> _Card:
        from indicators import key_text as kt  # cards are laid out for a unit: not at start (issue 15)

        s, lang, ind, a = self.session, self.lang, kf.indicator, kf.assessment
        card = _Card(ind.id, QRectF(0, y0, w + 2 * PAD, 0))
        y = y0 + 3
        x = PAD
        marker_text = kt.versus_text(a, lang, short=True)
        marker_w = fs.horizontalAdvance(marker_text) + 16 if marker_text else 0.0
        if kf.imported_from:
            label = ("Egne data · " if lang != "en" else "Own data · ") + kf.imported_from
            for line in wrap(label, fs, w):
                card.parts.append(_Part(QRectF(x, y, w, fs.height()), line, IMPORT))
                y += fs.height()
        name_top = y
        for line in wrap(ind.name(lang), fb, w - marker_w - 4) or [""]:
            card.parts.append(_Part(QRectF(x, y, w - marker_w, fb.height()), line, "#111111", True))
            y += fb.height()
        card.tips.append((QRectF(x, name_top, w - marker_w, y - name_top),
                          _Tip(lambda: ind.description(lang) or ind.name(lang))))
        if marker_text:
            card.marker = (QPointF(x + w - marker_w + 4, name_top), a.vs_norway, marker_text)
            card.tips.append((QRectF(x + w - marker_w, name_top, marker_w, fb.height()),
                              _Tip(lambda: kt.versus_text(a, lang) + "\n" + _versus_rule(lang))))
        # value line: value, period, sparkline
        if kf.own is not None:
            value = kt.value_text(kf.own, ind, s, lang)
            tip = _Tip(lambda: "\n".join(kt.provenance(kf.own, ind, s, lang)))
            lines = wrap(value, fg, w) if fg.horizontalAdvance(value) > w else [value]
            for line in lines[:-1]:  # a long distribution ("Ikke utfordrende 19 % · …") wraps, never cut
                lw = min(fg.horizontalAdvance(line), w)
                card.parts.append(_Part(QRectF(x, y, lw, fg.height()), line, "#111111", True, True))
                card.tips.append((QRectF(x, y, lw, fg.height()), tip))
                y += fg.height()
            value = lines[-1]
            vw = fg.horizontalAdvance(value)
            card.parts.append(_Part(QRectF(x, y, vw, fg.height()), value, "#111111", True, True))
            card.tips.append((QRectF(x, y, vw, fg.height()), tip))
            px = x + vw + 8
            pw = fm.horizontalAdvance(kf.own.period)
            if px + pw <= x + w:
                card.parts.append(_Part(QRectF(px, y + (fg.height() - fm.height()) / 2, pw, fm.height()),
                                        kf.own.period, "#666666"))
                card.tips.append((QRectF(px, y, pw, fg.height()), tip))
                px += pw + 10
            if kf.spark and px + SPARK_W <= x + w:
                card.spark = (QRectF(px, y + (fg.height() - SPARK_H) / 2, SPARK_W, SPARK_H),
                              [v for _, v in kf.spark])
                card.tips.append((card.spark[0], _Tip(lambda: _spark_tip(kf, lang))))
            y += fg.height()
        elif kf.missing is not None and kf.missing.is_partial:  # "Delvis: 40 av 41 kommuner (5,9 %) 2025"
            text = f"{kt.value_text(kf.missing, ind, s, lang)} {kf.missing.period}"
            tip = _Tip(lambda: "\n".join(kt.provenance(kf.missing, ind, s, lang)))
            top = y
            for line in wrap(text, fm, w):
                card.parts.append(_Part(QRectF(x, y, w, fm.height()), line, "#8a6d00"))
                y += fm.height()
            card.tips.append((QRectF(x, top, w, y - top), tip))
        else:
            reason = kt.provenance(kf.missing, ind, s, lang)[0] if kf.missing is not None else (
                "No figure of its own" if lang == "en" else "Ingen egne tall")
            for line in wrap(reason, fm, w):
                card.parts.append(_Part(QRectF(x, y, w, fm.height()), line, "#8a6d00"))
                y += fm.height()
        # county and Norway, same period
        ctx = []
        if kf.county is not None and self.county_name:
            ctx.append((f"{self.county_name} {kt.context_text(kf.county, ind, s, lang)}", kf.county))
        if kf.norway is not None or (a is not None and a.norway is not None):
            ctx.append((f"{'Norway' if lang == 'en' else 'Norge'} {kt.norway_text(a, kf.norway, ind, s, lang)}",
                        kf.norway))
        if ctx:  # one line where it fits: "Nordland 5,9 % (40 av 41) · Norge 2,1 % (351 av 357)"
            top = y
            joined = " · ".join(text for text, _ in ctx)
            lines = ([joined] if fs.horizontalAdvance(joined) <= w
                     else [ln for text, _ in ctx for ln in wrap(text, fs, w)])
            for line in lines:
                card.parts.append(_Part(QRectF(x, y, w, fs.height()), line, "#444444"))
                y += fs.height()
            card.tips.append((QRectF(x, top, w, y - top), _Tip(
                lambda: "\n\n".join(f"{text}\n" + "\n".join(kt.provenance(v, ind, s, lang)) for text, v in ctx))))
        # ranks (ties are told on hover)
        county = self.county_name
        ranks = [r for r in (kt.rank_text(a.county if a else None, county, lang, ties=False),
                             kt.rank_text(a.country if a else None, kt.country_name(lang), lang, ties=False)) if r]
        if ranks:
            top = y
            for line in wrap(" · ".join(ranks), fs, w):
                card.parts.append(_Part(QRectF(x, y, w, fs.height()), line, "#555555"))
                y += fs.height()
            card.tips.append((QRectF(x, top, w, y - top), _Tip(lambda: _rank_tip(a, county, lang))))
        card.rect.setHeight(y - y0 + 4)
        return card

    # -- painting ------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802
        self._layout(float(self.width()))
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(300, max(self.minimumHeight(), 60))

    def paintEvent(self, event) -> None:  # noqa: N802
        self._layout(float(self.width()))
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing, True)
        p.fillRect(self.rect(), QColor("#ffffff"))
        base, bold, big, small = self._fonts()
        clip = event.rect()
        for c in self._cards:
            if not c.rect.intersects(QRectF(clip)):
                continue
            if c.heading:
                p.fillRect(c.rect, QColor(BAND))
            elif c.indicator_id == self.chosen:
                p.fillRect(c.rect, QColor(SELECTED))
            else:
                p.setPen(QPen(QColor("#e6e6e6"), 1))
                p.drawLine(QPointF(PAD, c.rect.bottom() + 1), QPointF(c.rect.right() - PAD, c.rect.bottom() + 1))
            for part in c.parts:
                f = big if part.big else bold if part.bold else small if part.colour in ("#444444", "#555555", IMPORT) \
                    else base
                p.setFont(f)
                p.setPen(QColor(part.colour))
                p.drawText(QPointF(part.rect.left(), part.rect.top() + QFontMetricsF(f).ascent()), part.text)
            if c.spark is not None:
                paint_sparkline(p, c.spark[0], c.spark[1])
            if c.marker is not None:
                pos, key, text = c.marker
                fs = QFontMetricsF(small)
                from indicators.key_text import VERSUS_COLOUR  # imported with the cards (issue 15)

                colour = QColor(VERSUS_COLOUR[key])
                p.setPen(Qt.NoPen)
                p.setBrush(colour)
                p.drawEllipse(QPointF(pos.x() + 4, pos.y() + fs.height() / 2 + 1), 4, 4)
                p.setFont(small)
                p.setPen(colour)
                p.drawText(QPointF(pos.x() + 11, pos.y() + fs.ascent() + 1), text)
        p.end()

    # -- interaction -----------------------------------------------------------------
    def _card_at(self, pos: QPointF) -> _Card | None:
        return next((c for c in self._cards if not c.heading and c.rect.contains(pos)), None)

    def event(self, e) -> bool:
        if e.type() == QEvent.ToolTip:
            pos = QPointF(e.pos())
            tip = self.tooltip_at(pos)
            if tip:
                QToolTip.showText(e.globalPos(), tip, self)
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().event(e)

    def tooltip_at(self, pos: QPointF) -> str:
        card = self._card_at(pos)
        return next((t.text() for r, t in (card.tips if card else []) if r.contains(pos)), "")

    def mousePressEvent(self, event) -> None:  # noqa: N802
        card = self._card_at(event.position())
        if card is not None:
            self.chosen = card.indicator_id
            self.update()
            self.indicatorChosen.emit(card.indicator_id)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        card = self._card_at(event.position())
        if card is not None:
            self.indicatorActivated.emit(card.indicator_id)

    def card_rect(self, indicator_id: str) -> QRectF | None:
        return next((c.rect for c in self._cards if c.indicator_id == indicator_id and not c.heading), None)


def _spark_tip(kf: KeyFigure, lang: str) -> str:
    from indicators import format as fmt

    pts = [f"{p}: {fmt.with_unit(v, kf.indicator.unit, lang)}" for p, v in kf.spark if v is not None]
    head = "Own series" if lang == "en" else "Egen serie"
    return head + "\n" + "\n".join(pts)


def _rank_tip(a, county_name: str, lang: str) -> str:
    from indicators import key_text as kt

    full = [r for r in (kt.rank_text(a.county if a else None, county_name, lang),
                        kt.rank_text(a.country if a else None, kt.country_name(lang), lang)) if r]
    return "\n".join(full) + "\n" + kt.rank_rule(a, lang)


def _versus_rule(lang: str) -> str:
    from indicators.compare import SAME_RELATIVE

    pct = f"{SAME_RELATIVE * 100:.0f}"
    if lang == "en":
        return (f"Same period as Norway, by the indicator's direction; 'about the same' = within {pct} % of "
                "Norway's value or one shown decimal.")
    return (f"Samme periode som landet, etter indikatorens retning; «omtrent som landet» = innenfor {pct} % av "
            "landets verdi eller én vist desimal.")
