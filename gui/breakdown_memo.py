"""The breakdowns of recently shown units, kept until the data change.

The window shows the selected unit again after every change of the map (another
indicator, period or classification), and planners click back and forth between a few
units; each breakdown costs a few milliseconds of the click. A breakdown depends only
on the session's rows, catalogue and map, so it is kept per unit, keyed by the
identity and ``version`` of the observations (bumped on every change of the rows).
"""

from __future__ import annotations

import weakref
from collections import OrderedDict

from indicators.breakdown import Breakdown, breakdown
from indicators.session import Session


class BreakdownMemo:
    """A small LRU of :func:`indicators.breakdown.breakdown` results."""

    def __init__(self, size: int = 16):
        self.size = size
        self._entries: OrderedDict[tuple, tuple[weakref.ref, weakref.ref, Breakdown]] = OrderedDict()

    def get(self, session: Session, level: str, code: str) -> Breakdown:
        """The unit's breakdown (KeyError/ValueError for an unknown unit or level, as ``breakdown``)."""
        obs, cat = session.observations, session.catalogue
        key = (id(obs), obs.version, id(cat), session.map_vintage, level, code)
        hit = self._entries.get(key)
        # the objects are held weakly; a dead one's id may be reused, so check it is the same
        if hit is not None and hit[0]() is obs and hit[1]() is cat:
            self._entries.move_to_end(key)
            return hit[2]
        bd = breakdown(session, level, code)
        self._entries[key] = (weakref.ref(obs), weakref.ref(cat), bd)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)
        return bd

    def clear(self) -> None:
        self._entries.clear()
