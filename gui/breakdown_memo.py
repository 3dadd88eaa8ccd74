"""The breakdowns of recently shown units, kept until the data change.

The window shows the selected unit again after every change of the map (another
indicator, period or classification), and planners click back and forth between a few
units; each breakdown costs a few milliseconds of the click. A breakdown depends only
on the session's rows, catalogue and map, so it is kept per unit, keyed by the
identity and ``version`` of the observations (bumped on every change of the rows).
What is made from a kept breakdown alone (its key figures) is kept beside it.
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from indicators.breakdown import Breakdown, breakdown
from indicators.session import Session


class BreakdownMemo:
    """A small LRU of :func:`indicators.breakdown.breakdown` results."""

    def __init__(self, size: int = 16):
        self.size = size
        self._entries: OrderedDict[tuple, tuple[weakref.ref, weakref.ref, Breakdown]] = OrderedDict()
        #: id of a kept breakdown → what was made from it (dropped with it)
        self._derived: dict[int, dict[Any, Any]] = {}

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
            _, (_, _, old) = self._entries.popitem(last=False)
            self._derived.pop(id(old), None)
        return bd

    def derived(self, bd: Breakdown, key: Any, make: Callable[[], Any]) -> Any:
        """``make()`` for a kept breakdown, made once; what is made must depend on ``bd`` and the
        session's data alone. A breakdown no longer kept gets a fresh ``make()`` (its id may be reused)."""
        if not any(entry[2] is bd for entry in self._entries.values()):
            return make()
        made = self._derived.setdefault(id(bd), {})
        if key not in made:
            made[key] = make()
        return made[key]

    def clear(self) -> None:
        self._entries.clear()
        self._derived.clear()
