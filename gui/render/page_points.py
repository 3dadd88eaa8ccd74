"""Point layers on a page (LIS1 sites): their sources and the size key.

A point map has no values on its polygons, so the page draws the polygons as a plain
grey base, prints the points' own sources and replaces the class legend by a key of
proportional circles (area ∝ value, as :func:`proportional_diameter` draws them).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFontMetricsF

from gui.render.document import MapDocument
from gui.render.legend import font
from gui.render.map_painter import PointSymbol, proportional_diameter
from gui.render.page_furniture import SizeKey, key_values
from gui.render.text_fit import fit_lines
from indicators import format as fmt
from indicators.session import Session
from indicators.writers import page_text as words

#: the level whose rows are points (hospital sites)
POINT_LEVEL = "sykehus"


def _rows(session: Session, doc: MapDocument):
    rows = session.select(doc.view.indicator, POINT_LEVEL)
    return rows[rows["value"].notna()] if len(rows) else rows


def point_sources(session: Session, doc: MapDocument) -> list[str]:
    rows = _rows(session, doc)
    ids = sorted({s for v in rows["source"].astype(str) for s in v.split(";") if s}) if len(rows) else []
    out = []
    for sid in ids:
        src = session.catalogue.sources.get(sid)
        out.append(src.citation() if src else sid)
    return out


def point_key(session: Session, doc: MapDocument, points: list[PointSymbol], u: float, lang: str) -> SizeKey:
    """The size key: three round values, the circle each gets, and what is not drawn."""
    rows = _rows(session, doc)
    values = [p.value for p in points if p.value is not None]
    vmax = float(rows["value"].max()) if len(rows) else max(values, default=0.0)
    kv = key_values(vmax)
    diam = [proportional_diameter(v, vmax) * u for v in kv]
    ind = doc.frame.indicator
    unit = ind.unit if ind.unit not in fmt.PLAIN_UNITS else ""
    name = ind.name(lang)
    title_px, px = 12 * u, 10.5 * u
    width = 230 * u * 1.1
    title_lines = fit_lines(name + (f" ({unit})" if unit else ""), QFontMetricsF(font(title_px, True)),
                            width - 16 * u, 3)
    notes = [words.text("points_key", lang)]
    unplaced = len(rows) - len(points)
    if unplaced > 0:
        notes.append(words.text("points_unplaced", lang).format(n=unplaced))
    nfm = QFontMetricsF(font(px * 0.9))
    note_lines = [line for n in notes for line in fit_lines(n, nfm, width - 16 * u, 4)]
    tfm = QFontMetricsF(font(title_px, True))
    height = (7 * u + len(title_lines) * tfm.height() + 6 * u + (max(diam) if diam else 0) + 6 * u
              + len(note_lines) * nfm.height() + 8 * u)
    colour = points[0].colour if points else "#08519c"
    return SizeKey(QPointF(0, 0), (width, height), title_lines, kv, diam, colour, unit, lang, px, note_lines)
