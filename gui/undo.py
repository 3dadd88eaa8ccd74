"""Undo and redo for what a planner changes in a session.

A step is a snapshot of the parts of the session a planner can change (imported
indicators with their rows, imported datasets, boundary layers, scenarios) and the
view. Snapshots hold each imported indicator's rows (numpy columns), a small copy per step.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass

from indicators.session import Session
from indicators.view import ViewState

MAX_STEPS = 50


@dataclass
class Snapshot:
    """The session and view as they were before one change, for undo."""

    label: str
    view: dict
    indicators: dict  # id -> (Indicator, its observation rows as Columns)
    imports: list
    boundary_layers: dict
    scenarios: dict

    @classmethod
    def take(cls, label: str, session: Session, view: ViewState) -> Snapshot:
        rows = session.observations.columns
        imported = {}
        for ind in session.catalogue:
            if ind.is_imported:
                imported[ind.id] = (ind, rows.take(rows["indicator"] == ind.id))
        imports = [dataclasses.replace(ds, indicator_ids=list(ds.indicator_ids)) for ds in session.imports]
        return cls(label, view.to_dict(), imported, imports, dict(session.boundary_layers),
                   copy.deepcopy(session.scenarios))

    def restore(self, session: Session, view: ViewState) -> None:
        for ind in [i for i in session.catalogue if i.is_imported]:
            session.remove_indicator(ind.id)
        for ind, rows in self.indicators.values():
            session.add_indicator(ind, rows)
        session.imports[:] = [dataclasses.replace(ds, indicator_ids=list(ds.indicator_ids)) for ds in self.imports]
        session.boundary_layers.clear()
        session.boundary_layers.update(self.boundary_layers)
        session.scenarios.clear()
        session.scenarios.update(copy.deepcopy(self.scenarios))
        restored = ViewState.from_dict(self.view)
        for name, value in vars(restored).items():
            setattr(view, name, value)


class UndoStack:
    def __init__(self) -> None:
        self.undo_steps: list[Snapshot] = []
        self.redo_steps: list[Snapshot] = []

    def push(self, snapshot: Snapshot) -> None:
        """Record the state *before* a change."""
        self.undo_steps.append(snapshot)
        del self.undo_steps[:-MAX_STEPS]
        self.redo_steps.clear()

    def can_undo(self) -> bool:
        return bool(self.undo_steps)

    def can_redo(self) -> bool:
        return bool(self.redo_steps)

    def undo(self, session: Session, view: ViewState) -> str | None:
        if not self.undo_steps:
            return None
        step = self.undo_steps.pop()
        self.redo_steps.append(Snapshot.take(step.label, session, view))
        step.restore(session, view)
        return step.label

    def redo(self, session: Session, view: ViewState) -> str | None:
        if not self.redo_steps:
            return None
        step = self.redo_steps.pop()
        self.undo_steps.append(Snapshot.take(step.label, session, view))
        step.restore(session, view)
        return step.label
