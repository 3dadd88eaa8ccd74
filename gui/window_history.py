"""Undo and redo in the window: view choices and changes of the session's data (a mixin of MainWindow).

A change of level, indicator, period or style is one step, recorded when the map is
redrawn after it; imports, removals and boundary layers record the session before they
change it. The snapshots themselves are :mod:`gui.undo`'s.
"""

from __future__ import annotations

from gui.i18n import tr
from gui.undo import Snapshot
from indicators.view import ViewState
from indicators.view_model import UNDO_FIELDS


class WindowHistory:
    def _record_view_change(self) -> None:
        """A changed choice of level, indicator, period or style becomes one undo step."""
        current = self.model.snapshot()
        before = self._committed_view
        self._committed_view = current
        if before is None or all(before.get(k) == current.get(k) for k in UNDO_FIELDS):
            return
        snap = Snapshot.take("view", self.session, self.view)
        snap.view = {**self.view.to_dict(), **before}
        self.undo_stack.push(snap)

    def _update_undo_actions(self) -> None:
        self._actions["action.undo"].setEnabled(self.undo_stack.can_undo())
        self._actions["action.redo"].setEnabled(self.undo_stack.can_redo())

    def _before_session_change(self, label: str) -> Snapshot:
        return Snapshot.take(label, self.session, self.view)

    def undo(self) -> None:
        self._apply_history(self.undo_stack.undo)

    def redo(self) -> None:
        self._apply_history(self.undo_stack.redo)

    def _apply_history(self, step) -> None:
        label = step(self.session, self.view)  # the snapshot puts the view back as it was, field by field
        if label is None:
            return
        self.session.map_vintage = self.view.map_vintage
        self.model.validate()
        self._committed_view = self.model.snapshot()
        self.controls.refresh()
        self.refresh_map()
        self._show_selection()

    def remove_imported_indicator(self) -> None:
        lang = self.view.lang
        ind = self.session.catalogue.get(self.view.indicator)
        if not ind.is_imported:
            from PySide6.QtWidgets import QMessageBox  # the dialog's class is made when first used (issue 15)

            QMessageBox.information(self, "Legekart", tr("info.not_imported", lang))
            return
        self.undo_stack.push(self._before_session_change("remove"))
        self.session.remove_indicator(ind.id)
        for ds in self.session.imports:
            if ind.id in ds.indicator_ids:
                ds.indicator_ids.remove(ind.id)
        self.session.imports[:] = [ds for ds in self.session.imports if ds.indicator_ids]
        with self._quiet():  # the redraw below, without recording the reset as a view step of its own
            self.model.set_indicator(ViewState.indicator)
        self._committed_view = self.model.snapshot()
        self.after_session_change(None)
