"""The joined frame and classification of a :class:`ViewState`, without any drawing.

``gui.render.document.build`` classifies the same way for the screen; exports that
need no Qt (HTML, GeoPackage, CSV, XLSX) call this so the command line does not pay
for importing Qt and the colours still match the screen.

The result is memoised: switching back and forth between indicators in the window
re-joined the same table each time (~6 ms of a ~20 ms re-colour). The memo is keyed
by everything the join and the classes read — the view's fields and the identity of
the session's observations (with their ``version``, bumped on every change of the
rows), catalogue, indicator and level — so an import, an update or another project
gives a fresh frame. The returned frame and classification are shared: callers must
not change them (none does; the writers and the page restrict copies).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from indicators.classify import Classification
from indicators.mapdata import MapFrame, map_frame
from indicators.session import Session
from indicators.view import ViewState

#: frames kept: the indicators a planner flips between on one level, and a few more
MEMO_SIZE = 8


@dataclass(frozen=True)
class _Entry:
    """A memoised frame and classification, valid while the objects it was made from live."""

    #: the objects whose ``id`` is in the key, held weakly: a dead one's id may be reused,
    #: so a hit also checks that each still is the object the key was made from (and the
    #: memo keeps no old session's rows alive)
    owners: tuple[Callable[[], object], ...]
    frame: MapFrame
    classification: Classification


_memo: OrderedDict[tuple, _Entry] = OrderedDict()
_lock = threading.Lock()  # exports may classify on a worker thread while the window does


def _ref(obj: object) -> Callable[[], object]:
    try:
        return weakref.ref(obj)
    except TypeError:  # not weakly referable: hold it (only small objects are keyed)
        return lambda: obj


def clear_memo() -> None:
    """Forget every memoised frame (tests; nothing else needs to: the key notices changes)."""
    with _lock:
        _memo.clear()


def frame_and_classes(session: Session, view: ViewState) -> tuple[MapFrame, Classification]:
    if session.map_vintage != view.map_vintage:  # the view names the map; the data follow it
        session.map_vintage = view.map_vintage
    obs = session.observations
    owners = (obs, session.catalogue, session.catalogue.get(view.indicator), session.level(view.level))
    key = (*map(id, owners), obs.version, view.level, view.indicator, view.period, view.map_vintage,
           view.change_from, view.method, view.classes, tuple(view.manual_breaks or ()), view.palette,
           view.colour_blind, view.lang)
    with _lock:
        hit = _memo.get(key)
        if hit is not None and all(ref() is obj for ref, obj in zip(hit.owners, owners)):
            _memo.move_to_end(key)
            return hit.frame, hit.classification
    frame = _change_or_values(session, view)
    cls = frame.classify(
        session, method=view.method, k=view.classes, manual_breaks=view.manual_breaks or None,
        palette=view.palette, colour_blind=view.colour_blind, lang=view.lang,
    )
    with _lock:
        _memo[key] = _Entry(tuple(_ref(o) for o in owners), frame, cls)
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
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
