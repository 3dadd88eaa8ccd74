"""File → Importer data…: read a planner's table, map its columns, review, then import.

The dialog only ever *reads* until OK: the file is read and matched in a
background thread (progress bar, cancel), the mapping can be changed freely and
the Norwegian match report is refreshed each time. Only OK calls
:func:`indicators.importer.apply_import`; Cancel — or any error — leaves the
session exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QWidget

from gui import i18n
from gui.background import BackgroundTask
from gui.i18n import tr
from gui.import_columns import (  # noqa: F401  (the dialog's table columns, as before the split)
    C_COLUMN,
    C_DEN,
    C_KIND,
    C_NAME,
    C_NUM,
    C_SCHEME,
    C_UNIT,
    C_USE,
    C_WORSE,
    PreviewModel,
    ValueColumnRows,
)
from gui.import_layout import ImportLayout
from gui.import_report import report_html
from gui.task_dialog import TaskDialog
from indicators.importer import (
    Analysis,
    ImportFailure,
    ImportPlan,
    ParsedTable,
    analyse,
    apply_import,
    guess_plan,
    list_sheets,
    read_table,
    write_unmatched_csv,
)
from indicators.session import Session


def _warn(parent: QWidget | None, title: str, text: str) -> None:
    """Norwegian message box (a function so tests can capture it)."""
    QMessageBox.warning(parent, title, text)


class ImportDialog(ImportLayout, ValueColumnRows, TaskDialog):
    """Choose file and sheet, map columns, read the report, then OK or Cancel."""

    failure_type = ImportFailure
    failed_key = "import.failed"

    def __init__(self, parent: QWidget | None, session: Session, path: str | None = None, lang: str | None = None):
        super().__init__(parent)
        self.session = session
        self.lang = lang or i18n.language()
        self.path: str | None = None
        self.table: ParsedTable | None = None
        self.plan: ImportPlan | None = None
        self.analysis: Analysis | None = None
        self.new_ids: list[str] = []
        self.error: str = ""
        self._task: BackgroundTask | None = None
        self._pending_analysis = False
        self._populating = False
        self.setObjectName("importDialog")
        self.setWindowTitle(self._t("import.title"))
        self.resize(1100, 820)
        self._build()
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reanalyse)
        self._update_buttons()
        if path:
            self.load(path)

    # -- state ----------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done

    @property
    def ready(self) -> bool:
        """A report is shown for the current mapping and nothing is running."""
        return not self.busy and self.analysis is not None and not self._debounce.isActive() \
            and not self._pending_analysis

    def _update_buttons(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.Ok)
        ok.setEnabled(bool(self.ready and self.analysis.report.matched and self.analysis.plan.included))
        self.save_unmatched_button.setEnabled(bool(self.ready and self.analysis.report.unmatched_count))
        for w in (self.browse_button, self.sheet_combo):
            w.setEnabled(not self.busy and (w is self.browse_button or self.sheet_combo.count() > 1))

    def _busy(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("")
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_read_button.setVisible(True)
        self._update_buttons()

    def _after_idle(self) -> None:
        self.cancel_read_button.setVisible(False)

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def cancel_work(self) -> None:
        if self._task is not None:
            self._task.cancel()

    def _cancelled(self) -> None:
        self._pending_analysis = False
        super()._cancelled()

    def _failed(self, exc: Exception) -> None:
        self._pending_analysis = False
        self.error = self._failure_text(exc)
        sheets = getattr(self, "_found", {}).get("sheets")
        if sheets:  # the chosen sheet failed: offer the others
            self.sheet_combo.clear()
            self.sheet_combo.addItems(sheets)
        self._idle(self.error, error=True)
        _warn(self, self._t("import.title"), self.error)

    # -- file ------------------------------------------------------------------------------
    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self._t("import.title"), str(Path(self.path).parent) if self.path
                                              else "", self._t("import.filter"))
        if path:
            self.load(path)

    def load(self, path: str, sheet: str | None = None) -> None:
        """Read ``path`` (in the background) and propose a mapping."""
        if self.busy:
            self.cancel_work()
            self._task.wait()
        self.path = str(path)
        self.error = ""
        self.table = self.plan = self.analysis = None
        self.file_edit.setText(self.path)
        self.preview_model.set_table(None)
        self.report_view.clear()
        self._busy(tr("import.reading", self.lang).format(name=Path(path).name))
        layers = self.session.boundary_layers

        found: dict = {}
        self._found = found

        def job(progress, cancel):
            sheets = list_sheets(path) if sheet is None else None
            found["sheets"] = sheets
            table = read_table(path, sheet=sheet, progress=progress, cancel=cancel)
            plan = guess_plan(table)
            analysis = analyse(table, plan, layers=layers, cancel=cancel)
            return sheets, table, plan, analysis

        self._run(job, self._loaded)

    def _loaded(self, result) -> None:
        sheets, table, plan, analysis = result
        self.table, self.plan, self.analysis = table, plan, analysis
        self._populating = True
        if sheets is not None:
            self.sheet_combo.clear()
            self.sheet_combo.addItems(sheets)
        if table.sheet:
            self.sheet_combo.setCurrentText(table.sheet)
        self.preview_model.set_table(table)
        self._fill_mapping(plan)
        self._populating = False
        self._show_report()

    def _sheet_chosen(self, _index: int) -> None:
        sheet = self.sheet_combo.currentText()
        if self.path and sheet and (self.table is None or sheet != self.table.sheet):
            self.load(self.path, sheet)

    # -- mapping ---------------------------------------------------------------------------
    def current_plan(self) -> ImportPlan:
        return ImportPlan(
            key_column=self.key_combo.currentText(), level=self.level_combo.currentData(),
            value_columns=self.value_specs(), period_column=self.period_column_combo.currentData() or "",
            period=self.period_edit.text().strip(), vintage=self.vintage_combo.currentData() or None,
            duplicates=self.duplicates_combo.currentData(), exclude_out_of_range=self.exclude_check.isChecked(),
        )

    def _mapping_changed(self, *_) -> None:
        if self._populating or self.table is None:
            return
        self._debounce.start()
        self._update_buttons()

    def reanalyse(self) -> None:
        """Match again under the mapping now shown (in the background)."""
        if self.table is None:
            return
        if self.busy:
            self._pending_analysis = True
            return
        self._pending_analysis = False
        try:
            plan = self.current_plan()
            for spec in plan.value_columns:
                spec.validate(self.table.columns)
        except (ImportFailure, ValueError) as exc:
            self._idle(exc.message(self.lang) if isinstance(exc, ImportFailure) else str(exc), error=True)
            return
        table, layers = self.table, self.session.boundary_layers
        self._busy(self._t("import.analysing"))

        def job(progress, cancel):
            return analyse(table, plan, layers=layers, progress=progress, cancel=cancel)

        self._run(job, self._analysed)

    def _analysed(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.plan = analysis.plan
        self._show_report()
        if self._pending_analysis:
            self.reanalyse()

    def _show_report(self) -> None:
        rep = self.analysis.report
        self.report_view.setHtml(report_html(rep, self.lang))
        text = rep.summary(self.lang)
        if not rep.matched:
            text += " " + self._t("import.no_match")
        elif not self.analysis.plan.included:
            text += " " + self._t("import.no_values")
        self._idle(text, error=not rep.matched)

    # -- output ------------------------------------------------------------------------------
    def save_unmatched(self, path: str | None = None) -> int:
        if not self.ready or self.table is None:
            return 0
        if path is None:
            default = str(Path(self.path).with_name(Path(self.path).stem + "_uten_treff.csv"))
            path, _ = QFileDialog.getSaveFileName(self, self._t("import.save_unmatched"), default,
                                                  self._t("import.unmatched_filter"))
            if not path:
                return 0
        from indicators.atomic_file import TargetIsSource

        try:  # the save dialog has asked before replacing a file
            n = write_unmatched_csv(self.table, self.analysis, path, lang=self.lang, force=True)
        except TargetIsSource:
            _warn(self, self._t("import.title"), self._t("import.unmatched_is_input"))
            return 0
        except OSError as exc:
            _warn(self, self._t("import.title"), f"{path}: {exc.strerror or exc}")
            return 0
        self.status_label.setText(tr("import.saved_unmatched", self.lang).format(n=n, path=path))
        return n

    def accept(self) -> None:  # noqa: D102 - OK: the only place that changes the session
        if not self.ready:
            if self._debounce.isActive():
                self._debounce.stop()
                self.reanalyse()
            return
        if not self.analysis.report.matched or not self.analysis.plan.included:
            _warn(self, self._t("import.title"), self._t("import.no_match") if not self.analysis.report.matched
                  else self._t("import.no_values"))
            return
        try:
            self.new_ids = apply_import(self.session, self.table, analysis=self.analysis)
        except Exception as exc:  # the session is rolled back by apply_import
            from indicators.logfile import log_exception

            log_exception(exc)
            _warn(self, self._t("import.title"), tr("import.apply_failed", self.lang).format(error=exc))
            return
        super().accept()

    def reject(self) -> None:
        if self.busy:
            self._task.cancel()
            self._task.wait()
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self.busy:
            self._task.cancel()
            self._task.wait()
        super().closeEvent(event)


def run_import(parent: QWidget | None, session: Session, path: str | None = None) -> list[str]:
    """File → Importer data… / drag-and-drop: the new indicator ids, [] if cancelled."""
    if path is None:
        lang = i18n.language()
        path, _ = QFileDialog.getOpenFileName(parent, tr("import.title", lang), "", tr("import.filter", lang))
        if not path:
            return []
    dialog = ImportDialog(parent, session, path)
    try:
        if dialog.exec() != QDialog.Accepted:
            return []
        return list(dialog.new_ids)
    finally:
        dialog.deleteLater()


__all__ = ["ImportDialog", "PreviewModel", "run_import"]
