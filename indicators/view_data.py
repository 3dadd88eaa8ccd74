"""The joined frame and classification of a :class:`ViewState`, without any drawing.

``gui.render.document.build`` classifies the same way for the screen; exports that
need no Qt (HTML, GeoPackage, CSV, XLSX) call this so the command line does not pay
for importing Qt and the colours still match the screen.
"""

from __future__ import annotations

from indicators.classify import Classification
from indicators.mapdata import MapFrame, map_frame
from indicators.session import Session
from indicators.view import ViewState


def frame_and_classes(session: Session, view: ViewState) -> tuple[MapFrame, Classification]:
    if session.map_vintage != view.map_vintage:  # the view names the map; the data follow it
        session.map_vintage = view.map_vintage
    frame = _change_or_values(session, view)
    cls = frame.classify(
        session, method=view.method, k=view.classes, manual_breaks=view.manual_breaks or None,
        palette=view.palette, colour_blind=view.colour_blind, lang=view.lang,
    )
    return frame, cls


def _change_or_values(session: Session, view: ViewState) -> MapFrame:
    """The values of the period, or with ``view.change_from`` the change from that period to it
    (:mod:`indicators.change`)."""
    if view.change_from:
        from indicators.change import change_frame
        from indicators.mapdata import default_period

        period_b = view.period or default_period(session, view.indicator, view.level)
        periods = session.periods(view.indicator, view.level)
        # a choice that no longer fits (another indicator, level or map) shows the values
        if (period_b and view.change_from != period_b and view.change_from in periods
                and not session.indicator(view.indicator).is_category):
            return change_frame(session, view.level, view.indicator, view.change_from, period_b)
    return map_frame(session, view.level, view.indicator, view.period)
