"""What the window opens, imports, updates and exports, and where dropped files go (a mixin of MainWindow).

Each dialog is imported where it is used (they are heavier than the window), and plainly:
a missing module is a bug to see, not a feature "not available yet".
"""

from __future__ import annotations

from pathlib import Path

from gui.i18n import tr

TABLE_SUFFIXES = {".csv", ".txt", ".xlsx", ".xlsm", ".ods", ".tsv"}
BOUNDARY_SUFFIXES = {".geojson", ".json", ".gpkg", ".zip", ".shp"}


def is_jsonstat(path: str) -> bool:
    """A .json dropped on the window may be an SSB json-stat2 table rather than a boundary file."""
    from indicators.importer.statbank_json import is_jsonstat as check

    return check(path)


class WindowFiles:
    # -- the session's data ------------------------------------------------------------
    def import_data(self, path: str | None = None) -> None:
        from gui.import_dialog import run_import

        before = self._before_session_change("import")
        new_ids = run_import(self, self.session, path)
        if new_ids:
            self.undo_stack.push(before)
            self.after_session_change(new_ids[0])

    def import_boundaries(self, path: str | None = None) -> None:
        from gui.boundary_dialog import run_boundary_import

        before = self._before_session_change("boundaries")
        if run_boundary_import(self, self.session, path):
            self.undo_stack.push(before)
            self.controls.refresh()
            self._update_undo_actions()
            self.autosave()

    def update_from_ssb(self) -> None:
        from gui.ssb_dialog import run_ssb_update

        if run_ssb_update(self):
            self.reload_ssb_data()

    def reload_ssb_data(self) -> None:
        """After an SSB update or going back to the bundled figures: read them again and redraw."""
        self.session.reload_ssb()
        self.doc = None
        self.canvas.cache.invalidate()
        with self._quiet():
            self.model.validate()
        self.controls.refresh()
        self.refresh_map()
        self._show_selection()
        self.autosave()

    def after_session_change(self, indicator_id: str | None = None) -> None:
        """Re-read the catalogue after an import, then show the new indicator."""
        with self._quiet():  # one redraw below
            if indicator_id:
                self.model.show_indicator(indicator_id)
            else:
                self.model.validate()
        self.controls.refresh()
        self.refresh_map()
        self.autosave()

    def autosave(self) -> None:
        """Ask for the recovery file to be written now (gui.recovery listens when it is installed)."""
        self.autosaveRequested.emit()

    # -- out ------------------------------------------------------------------------------
    def export_map(self) -> None:
        from gui.export_dialog import run_export

        run_export(self, self.session, self.view, self.canvas.extent())

    def open_projection(self, level: str | None = None, code: str | None = None) -> None:
        from gui.projection_panel import open_projection

        level = level or self.view.level
        code = code or self.view.selection
        if level == "kommune" and code:
            level, code = "fylke", self.session.gazetteer().get("kommune", code).fylke
        if not code or level not in ("fylke", "helseregion", "helseforetak"):
            level, code = "helseregion", "helse-nord"
        self._child_windows.append(open_projection(self, self.session, level, code))

    def open_project(self, path: str | None = None) -> None:
        from gui.project_actions import open_project

        open_project(self, path)

    def save_project(self) -> None:
        from gui.project_actions import save_project

        save_project(self)

    def save_project_as(self) -> None:
        from gui.project_actions import save_project_as

        save_project_as(self)

    # -- drag and drop ---------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            self.open_dropped(url.toLocalFile())
        event.acceptProposedAction()

    def open_dropped(self, path: str) -> None:
        """A table, a boundary file or a project, by its kind; anything else is named and refused."""
        suffix = Path(path).suffix.lower()
        if suffix in TABLE_SUFFIXES or (suffix == ".json" and is_jsonstat(path)):  # json-stat2: an SSB table
            self.import_data(path)
        elif suffix in BOUNDARY_SUFFIXES:
            self.import_boundaries(path)
        elif suffix == ".legekart":
            self.open_project(path)
        else:
            from PySide6.QtWidgets import QMessageBox  # the dialog's class is made when first used (issue 15)

            QMessageBox.warning(self, tr("error.title", self.view.lang),
                                tr("error.cannot_open_kind", self.view.lang).format(name=Path(path).name))
