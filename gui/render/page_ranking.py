"""The "kart + rangering" panel: ranked bars with reference lines, as a value table.

As in SKDE's Helseatlas, each unit of the page gets a row — rank, name, value (with
"≈" where approximate) and a bar in its class colour — highest first, so the row is
both the bar chart and the value table. Dashed lines mark Norway and, on a county or
region page, that county or region, with their values in the header. Rows that do
not fit are left out from the middle and the page says how many.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen

from geo.gazetteer import Unit
from gui.render.legend import font, paint_text_lines
from gui.render.text_fit import fit_lines
from indicators import format as fmt
from indicators.mapdata import MapFrame
from indicators.session import Session
from indicators.writers.table import value_unit

LAYOUTS = ("map", "map+ranking")
MIN_ROW, MAX_ROW = 9.0, 15.0
REF_COLOURS = ("#111111", "#c0392b")
TEXT = {
    "title": ("Rangering", "Ranking"),
    "of": ("{n} av {m} med verdi", "{n} of {m} with a value"),
    "left_out": ("… {n} enheter i midten er ikke vist …", "… {n} units in the middle not shown …"),
    "norway": ("Norge", "Norway"),
    "none": ("Ingen enheter med verdi i utsnittet.", "No units with a value in the extent."),
}


def _t(key: str, lang: str) -> str:
    nb, en = TEXT[key]
    return en if lang == "en" else nb


@dataclass
class RankRow:
    code: str
    name: str
    value: float
    text: str
    colour: str


@dataclass
class RankingPanel:
    rect: QRectF
    title_lines: list[str]
    rows: list[RankRow]
    #: (label, value, formatted) for the dashed reference lines
    references: list[tuple[str, float, str]] = field(default_factory=list)
    #: rows left out between the top and the bottom part
    left_out: int = 0
    split_at: int = 0
    row_h: float = 12.0
    px: float = 9.0
    lang: str = "nb"
    categorical: bool = False


def reference_values(session: Session, frame: MapFrame, region: Unit | None, lang: str) -> list[tuple[str, float, str]]:
    """Norway's value and the region's (county, health region) for the map's period, where known."""
    if frame.mode != "continuous" or not frame.period:
        return []
    obs = session.observations
    unit = value_unit(frame)
    out = []
    wanted = [("land", "NO", _t("norway", lang))]
    if region is not None and region.level != frame.level:
        wanted.append((region.level, region.code, region.short_name if region.level == "kommune" else region.name))
    for level, code, label in wanted:
        rows = obs.select(frame.indicator.id, level, frame.period, vintage=session.map_vintage)
        rows = rows[rows["code"].astype(str) == code] if not rows.empty else rows
        if rows.empty or rows.iloc[0]["value"] != rows.iloc[0]["value"]:  # missing or NaN: no line
            continue
        v = float(rows.iloc[0]["value"])
        out.append((label, v, fmt.with_unit(v, unit, lang)))
    return out


def ranking_rows(session: Session, frame: MapFrame, colours: dict[str, str], names: dict[str, str],
                 codes: set[str] | None, lang: str) -> list[RankRow]:
    from indicators.writers.table import value_text

    f = frame.frame
    if codes is not None:
        f = f[f.index.isin(list(codes))]
    if frame.mode == "categorical":
        have = f[f["category"] != ""]
        scheme = session.catalogue.scheme_of(frame.indicator)
        order = {k: i for i, k in enumerate(scheme.keys())} if scheme else {}
        rows = [RankRow(c, names.get(c, c), float(order.get(k, 99)), value_text(session, frame, c, lang),
                        colours.get(c, "#cccccc")) for c, k in zip(have.index, have["category"])]
        rows.sort(key=lambda r: (-r.value, r.name))
        return rows
    have = f[f["value"].notna()]
    rows = [RankRow(c, names.get(c, c), float(v), value_text(session, frame, c, lang), colours.get(c, "#cccccc"))
            for c, v in zip(have.index, have["value"])]
    rows.sort(key=lambda r: (-r.value, r.name))
    return rows


def layout_ranking(rect: QRectF, rows: list[RankRow], refs: list[tuple[str, float, str]], title: str,
                   n_units: int, u: float, lang: str, categorical: bool) -> RankingPanel:
    tfm = QFontMetricsF(font(12 * u, True))
    head = f"{_t('title', lang)}: {title} ({_t('of', lang).format(n=len(rows), m=n_units)})"
    title_lines = fit_lines(head, tfm, rect.width() - 4 * u, 3)
    header_h = len(title_lines) * tfm.height() + 6 * u + len(refs) * 12 * u
    avail = rect.height() - header_h - 4 * u
    n = len(rows)
    row_h = min(MAX_ROW * u, avail / max(n, 1))
    left_out, split = 0, n
    if row_h < MIN_ROW * u:
        row_h = MIN_ROW * u
        fit = max(int(avail / row_h) - 1, 2)
        split = (fit + 1) // 2
        left_out = n - fit
        rows = rows[:split] + rows[n - (fit - split):]
    return RankingPanel(rect, title_lines, rows, refs, left_out, split, row_h, min(row_h * 0.78, 10.5 * u), lang,
                        categorical)


def paint_ranking(painter: QPainter, panel: RankingPanel, u: float) -> None:
    r = panel.rect
    tfm = QFontMetricsF(font(12 * u, True))
    y = r.top()
    paint_text_lines(painter, QPointF(r.left(), y), panel.title_lines, 12 * u, "#111111", bold=True)
    y += len(panel.title_lines) * tfm.height() + 4 * u
    f = font(panel.px)
    fm = QFontMetricsF(f)
    if not panel.rows:
        paint_text_lines(painter, QPointF(r.left(), y), [_t("none", panel.lang)], panel.px, "#555555")
        return
    rank_w = fm.horizontalAdvance("000") + 4 * u
    name_w = min(max(fm.horizontalAdvance(row.name) for row in panel.rows) + 6 * u, r.width() * 0.38)
    value_w = max(fm.horizontalAdvance(row.text) for row in panel.rows) + 8 * u
    x_bar = r.left() + rank_w + name_w + value_w
    bar_w = max(r.right() - x_bar - 4 * u, 10 * u)
    values = [row.value for row in panel.rows] + [v for _, v, _ in panel.references]
    vmax = max(max(values), 0.0) or 1.0
    ref_top = y
    for k, (label, _, text) in enumerate(panel.references):
        paint_text_lines(painter, QPointF(x_bar, y), [f"- - {label}: {text}"], 9 * u, REF_COLOURS[k % 2])
        y += 12 * u
    y += 2 * u
    painter.save()
    painter.setRenderHint(QPainter.Antialiasing, True)
    painter.setFont(f)
    for i, row in enumerate(panel.rows):
        if panel.left_out and i == panel.split_at:
            painter.setPen(QColor("#555555"))
            painter.drawText(QPointF(r.left() + rank_w, y + fm.ascent()), _t("left_out", panel.lang).format(
                n=panel.left_out))
            y += panel.row_h
        rank = i + 1 if not panel.left_out or i < panel.split_at else i + 1 + panel.left_out
        base = y + (panel.row_h - fm.height()) / 2 + fm.ascent()
        painter.setPen(QColor("#666666"))
        painter.drawText(QPointF(r.left(), base), str(rank))
        painter.setPen(QColor("#111111"))
        painter.drawText(QPointF(r.left() + rank_w, base), fm.elidedText(row.name, Qt.ElideRight, int(name_w - 4 * u)))
        painter.drawText(QPointF(x_bar - 6 * u - fm.horizontalAdvance(row.text), base), row.text)
        length = bar_w if panel.categorical else bar_w * max(row.value, 0.0) / vmax
        bar = QRectF(x_bar, y + panel.row_h * 0.15, length, panel.row_h * 0.7)
        painter.setPen(QPen(QColor("#6d6d6d"), 0.5 * u))
        painter.setBrush(QColor(row.colour))
        painter.drawRect(bar)
        y += panel.row_h
    for k, (_, v, _) in enumerate(panel.references):
        x = x_bar + bar_w * max(v, 0.0) / vmax
        pen = QPen(QColor(REF_COLOURS[k % 2]), 1.0 * u, Qt.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(x, ref_top + (k + 1) * 12 * u - 2 * u), QPointF(x, y))
    painter.restore()
