"""The rows of the window's ranked bars: the units in view, by value (or by class for categories)."""

from __future__ import annotations

import numpy as np

from gui.i18n import tr
from gui.render.document import MapDocument
from indicators.session import Session
from indicators.view import ViewState

MAX_ROWS = 60


def ranking_rows(doc: MapDocument, session: Session, view: ViewState, visible: set[str]):
    """(title, rows, unit, categorical) for :meth:`gui.ranking_chart.RankingChart.set_rows`."""
    lang = view.lang
    cls = doc.classification
    if session.level(view.level).bundled:
        names = {u.code: u.short_name for u in session.gazetteer().level_units(view.level)}
    else:
        names = dict(zip(doc.geometry.codes, doc.geometry.names))
    t = doc.frame.table
    if doc.frame.mode == "categorical":
        counts: dict[str, int] = {}
        category = t["category"]
        for code in visible:
            try:
                key = category[doc.frame.position(code)]
            except KeyError:
                continue
            if key:
                counts[key] = counts.get(key, 0) + 1
        rows = [(e.key, e.label, counts.get(e.key, 0), e.colour, False)
                for e in cls.legend if not e.no_data and counts.get(e.key)]
        return tr("label.ranking_classes", lang), rows, "", True
    colours = cls.colour_map()
    shown = doc.frame.among(visible) & ~np.isnan(t["value"])
    rows = [(code, names.get(code, code), float(v), colours.get(code, "#cccccc"), bool(a))
            for code, v, a in zip(t.index[shown].tolist(), t["value"][shown].tolist(),
                                  t["approximate"][shown].tolist())]
    rows.sort(key=lambda r: -r[2])
    unit = "%" if doc.frame.mode == "share_of_class" else doc.frame.indicator.unit
    return tr("label.ranking", lang), rows[:MAX_ROWS], unit, False
