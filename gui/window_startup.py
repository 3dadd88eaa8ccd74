"""Work the window leaves until its first map is on screen (issue 15).

Why: the ranked bars, the comparison table and the search list are hidden at start (other
tabs, a closed popup), yet building them cost the cold start some 40 ms before the map
could paint. The window registers them here; they run once, from a zero-timer posted by
the canvas's first paint (so after that frame), or at once when something needs them
earlier (:meth:`StartupWork.finish`). After that, :meth:`defer` runs a step immediately,
so code never has to ask whether the window has started.
"""

from __future__ import annotations

from collections.abc import Callable


class StartupWork:
    """Named steps run once after the first paint, in order (a step deferred twice runs once)."""

    def __init__(self) -> None:
        self.done = False
        self._steps: dict[str, Callable[[], None]] = {}

    def defer(self, name: str, step: Callable[[], None]) -> None:
        """Run ``step`` after the first paint; at once if the window has painted already."""
        if self.done:
            step()
        else:
            self._steps[name] = step

    def pending(self) -> list[str]:
        return list(self._steps)

    def finish(self) -> None:
        """Run every deferred step now (idempotent; later :meth:`defer` calls run at once)."""
        if self.done:
            return
        self.done = True
        while self._steps:  # in the order they were first deferred
            step = self._steps.pop(next(iter(self._steps)))
            step()
