"""File → Importer data…: read a planner's table, map its columns, review, then import.

The dialog only ever *reads* until OK: the file is read and matched in a
background thread (progress bar, cancel), the mapping can be changed freely and
the Norwegian match report is refreshed each time. Only OK calls
:func:`indicators.importer.apply_import`; Cancel — or any error — leaves the
session exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGridLayout,
    QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMessageBox, QProgressBar, QPushButton, QSplitter,
    QTableView, QTableWidget, QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget,
)

from gui import i18n
from gui.background import BackgroundTask
from gui.task_dialog import TaskDialog
from gui.i18n import tr
from gui.import_report import report_html
from indicators.importer import (
    Analysis, ImportFailure, ImportPlan, ParsedTable, ValueSpec, analyse, apply_import, guess_plan, list_sheets,
    read_table, write_unmatched_csv,
)
from indicators.importer.status import SCHEMES
from indicators.session import Session

PREVIEW_ROWS = 100
KINDS = ("count", "ratio", "rate", "category")
WORSE = ("higher", "lower", "none")
DUPLICATES = ("first", "last", "sum", "drop")
BUNDLED_LEVELS = ("kommune", "fylke", "helseregion", "helseforetak")
VINTAGE_CHOICES = ("", "2019", "2020", "2024", "2017")
#: columns of the value-column table
C_USE, C_COLUMN, C_NAME, C_UNIT, C_KIND, C_WORSE, C_SCHEME, C_NUM, C_DEN = range(9)


def _warn(parent: QWidget | None, title: str, text: str) -> None:
    """Norwegian message box (a function so tests can capture it)."""
    QMessageBox.warning(parent, title, text)


def _scale_for(unit: str, fallback: float) -> float:
    u = unit.replace(" ", "").replace("\u00a0", "").lower()
    if u == "%":
        return 100.0
    for n in (100000, 10000, 1000):
        if str(n) in u:
            return float(n)
    return fallback


class PreviewModel(QAbstractTableModel):
    """The first rows of the table, as read (before any mapping)."""

    def __init__(self, table: ParsedTable | None = None):
        super().__init__()
        self.set_table(table)

    def set_table(self, table: ParsedTable | None) -> None:
        self.beginResetModel()
        self.columns = table.columns if table is not None else []
        self.frame = table.preview(PREVIEW_ROWS) if table is not None else None
        self.rows = [int(r) for r in table.row_numbers[:PREVIEW_ROWS]] if table is not None else []
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if self.frame is None or parent.isValid() else len(self.frame)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and self.frame is not None:
            return str(self.frame.iat[index.row(), index.column()])
        return None

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if role != Qt.DisplayRole:
            return None
        if orientation == Qt.Horizontal:
            return self.columns[section] if section < len(self.columns) else None
        return str(self.rows[section]) if section < len(self.rows) else None


class ImportDialog(TaskDialog):
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

    # -- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        top = QHBoxLayout()
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText(self._t("import.choose_file"))
        self.browse_button = QPushButton(self._t("import.browse"))
        self.browse_button.clicked.connect(self.browse)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setEnabled(False)
        self.sheet_combo.activated.connect(self._sheet_chosen)
        top.addWidget(QLabel(self._t("import.file")))
        top.addWidget(self.file_edit, 1)
        top.addWidget(self.browse_button)
        top.addWidget(QLabel(self._t("import.sheet")))
        top.addWidget(self.sheet_combo)

        prog = QHBoxLayout()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.cancel_read_button = QPushButton(self._t("import.cancel_read"))
        self.cancel_read_button.setVisible(False)
        self.cancel_read_button.clicked.connect(self.cancel_work)
        prog.addWidget(self.status_label, 1)
        prog.addWidget(self.progress)
        prog.addWidget(self.cancel_read_button)

        self.preview_model = PreviewModel()
        self.preview = QTableView()
        self.preview.setModel(self.preview_model)
        self.preview.setEditTriggers(QAbstractItemView.NoEditTriggers)
        preview_box = QGroupBox(self._t("import.preview"))
        QVBoxLayout(preview_box).addWidget(self.preview)

        mapping = QGroupBox(self._t("import.mapping"))
        grid = QGridLayout(mapping)
        self.key_combo = QComboBox()
        self.level_combo = QComboBox()
        for lv in BUNDLED_LEVELS:
            self.level_combo.addItem(i18n.level_name(lv, self.lang), lv)
        for layer in self.session.boundary_layers.values():
            self.level_combo.addItem(layer.name, layer.id)
        self.vintage_combo = QComboBox()
        for v in VINTAGE_CHOICES:
            self.vintage_combo.addItem(v or self._t("import.vintage_auto"), v)
        self.period_column_combo = QComboBox()
        self.period_edit = QLineEdit()
        self.duplicates_combo = QComboBox()
        for d in DUPLICATES:
            self.duplicates_combo.addItem(self._t(f"import.dup_{d}"), d)
        self.exclude_check = QCheckBox(self._t("import.exclude_oor"))
        form = QFormLayout()
        form.addRow(self._t("import.key_column"), self.key_combo)
        form.addRow(self._t("import.level"), self.level_combo)
        form.addRow(self._t("import.vintage"), self.vintage_combo)
        form2 = QFormLayout()
        form2.addRow(self._t("import.period_column"), self.period_column_combo)
        form2.addRow(self._t("import.period"), self.period_edit)
        form2.addRow(self._t("import.duplicates"), self.duplicates_combo)
        form2.addRow("", self.exclude_check)
        grid.addLayout(form, 0, 0)
        grid.addLayout(form2, 0, 1)
        self.values_table = QTableWidget(0, 9)
        self.values_table.setHorizontalHeaderLabels([
            self._t("import.col.use"), self._t("import.col.column"), self._t("import.col.name"),
            self._t("import.col.unit"), self._t("import.col.kind"), self._t("import.col.worse"),
            self._t("import.col.scheme"), self._t("import.col.numerator"), self._t("import.col.denominator"),
        ])
        self.values_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.values_table.horizontalHeader().setSectionResizeMode(C_NAME, QHeaderView.Stretch)
        self.values_table.verticalHeader().setVisible(False)
        grid.addWidget(QLabel(self._t("import.values")), 1, 0, 1, 2)
        grid.addWidget(self.values_table, 2, 0, 1, 2)
        for w in (self.key_combo, self.level_combo, self.vintage_combo, self.period_column_combo,
                  self.duplicates_combo):
            w.currentIndexChanged.connect(self._mapping_changed)
        self.period_edit.textEdited.connect(self._mapping_changed)
        self.exclude_check.toggled.connect(self._mapping_changed)
        self.values_table.itemChanged.connect(self._mapping_changed)

        report_box = QGroupBox(self._t("import.report"))
        rl = QVBoxLayout(report_box)
        self.report_view = QTextBrowser()
        self.report_view.setObjectName("importReport")
        self.save_unmatched_button = QPushButton(self._t("import.save_unmatched"))
        self.save_unmatched_button.clicked.connect(self.save_unmatched)
        rl.addWidget(self.report_view)
        rl.addWidget(self.save_unmatched_button, 0, Qt.AlignLeft)

        split = QSplitter(Qt.Vertical)
        split.addWidget(preview_box)
        split.addWidget(mapping)
        split.addWidget(report_box)
        split.setSizes([200, 300, 300])

        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(self._t("import.ok"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(prog)
        layout.addWidget(split, 1)
        layout.addWidget(self.buttons)

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
    def _fill_mapping(self, plan: ImportPlan) -> None:
        cols = self.table.columns if self.table else []
        self.key_combo.clear()
        self.key_combo.addItems(cols)
        self.key_combo.setCurrentText(plan.key_column)
        i = self.level_combo.findData(plan.level)
        self.level_combo.setCurrentIndex(max(0, i))
        self.vintage_combo.setCurrentIndex(max(0, self.vintage_combo.findData(plan.vintage or "")))
        self.period_column_combo.clear()
        self.period_column_combo.addItem(self._t("import.none"), "")
        for c in cols:
            self.period_column_combo.addItem(c, c)
        self.period_column_combo.setCurrentIndex(max(0, self.period_column_combo.findData(plan.period_column)))
        self.period_edit.setText(plan.period)
        self.duplicates_combo.setCurrentIndex(DUPLICATES.index(plan.duplicates))
        self.exclude_check.setChecked(plan.exclude_out_of_range)
        specs = list(plan.value_columns)
        known = {s.column for s in specs}
        for c in cols:
            if c not in known and c not in (plan.key_column, plan.period_column):
                specs.append(ValueSpec(column=c, include=False, name=c))
        self.values_table.blockSignals(True)
        self.values_table.setRowCount(len(specs))
        for r, spec in enumerate(specs):
            self._fill_row(r, spec, cols)
        self.values_table.blockSignals(False)

    def _combo(self, items: list[tuple[str, str]], current: str) -> QComboBox:
        box = QComboBox()
        for label, data in items:
            box.addItem(label, data)
        box.setCurrentIndex(max(0, box.findData(current)))
        box.currentIndexChanged.connect(self._mapping_changed)
        return box

    def _fill_row(self, r: int, spec: ValueSpec, cols: list[str]) -> None:
        use = QTableWidgetItem()
        use.setFlags(Qt.ItemIsUserCheckable | Qt.ItemIsEnabled)
        use.setCheckState(Qt.Checked if spec.include else Qt.Unchecked)
        use.setData(Qt.UserRole, spec)
        self.values_table.setItem(r, C_USE, use)
        col = QTableWidgetItem(spec.column)
        col.setFlags(Qt.ItemIsEnabled)
        self.values_table.setItem(r, C_COLUMN, col)
        self.values_table.setItem(r, C_NAME, QTableWidgetItem(spec.name or spec.column))
        self.values_table.setItem(r, C_UNIT, QTableWidgetItem(spec.unit))
        self.values_table.setCellWidget(r, C_KIND, self._combo(
            [(self._t(f"import.kind.{k}"), k) for k in KINDS], spec.kind))
        self.values_table.setCellWidget(r, C_WORSE, self._combo(
            [(self._t(f"import.worse.{w}"), w) for w in WORSE], spec.worse))
        schemes = [(self._t("import.none"), "")] + [
            (self.session.catalogue.schemes[s].name_en if self.lang == "en" else self.session.catalogue.schemes[s].name_nb, s)
            for s in SCHEMES if s in self.session.catalogue.schemes]
        self.values_table.setCellWidget(r, C_SCHEME, self._combo(schemes, spec.scheme))
        others = [(self._t("import.none"), "")] + [(c, c) for c in cols]
        self.values_table.setCellWidget(r, C_NUM, self._combo(others, spec.numerator))
        self.values_table.setCellWidget(r, C_DEN, self._combo(others, spec.denominator))

    def value_specs(self) -> list[ValueSpec]:
        """The value columns as the widgets show them now."""
        out = []
        for r in range(self.values_table.rowCount()):
            base: ValueSpec = self.values_table.item(r, C_USE).data(Qt.UserRole)
            kind = self.values_table.cellWidget(r, C_KIND).currentData()
            scheme = self.values_table.cellWidget(r, C_SCHEME).currentData() or ""
            if kind == "category" and not scheme:
                scheme = base.scheme or SCHEMES[0]
            unit = self.values_table.item(r, C_UNIT).text().strip()
            out.append(ValueSpec(
                column=base.column,
                include=self.values_table.item(r, C_USE).checkState() == Qt.Checked,
                name=self.values_table.item(r, C_NAME).text().strip() or base.column,
                unit=unit, kind=kind, worse=self.values_table.cellWidget(r, C_WORSE).currentData(),
                scheme=scheme if kind == "category" else "",
                numerator=self.values_table.cellWidget(r, C_NUM).currentData() or "",
                denominator=self.values_table.cellWidget(r, C_DEN).currentData() or "",
                scale=_scale_for(unit, base.scale), classes=base.classes, palette=base.palette, period=base.period,
                classification="categorical" if kind == "category" else (
                    base.classification if base.classification != "categorical" else "quantiles"),
            ))
        return out

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
