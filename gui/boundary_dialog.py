"""File → Importer grenser…: add a planner's boundary file as an extra map level.

The file is inspected in the background (layers, attributes, a guess of which
attribute holds the number and which the name), the planner confirms or changes
the choice, and only OK loads, reprojects and repairs the layer and adds it to
the session. The repair report is shown before the dialog closes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui import i18n
from gui.background import BackgroundTask
from gui.i18n import tr
from gui.task_dialog import TaskDialog
from indicators.importer.boundaries import (
    BoundaryImportError,
    BoundarySource,
    inspect,
    load_boundary_layer,
    report_text,
)
from indicators.session import Session

SAMPLE_ROWS = 10


def _warn(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def _info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


class BoundaryDialog(TaskDialog):
    failure_type = BoundaryImportError
    failed_key = "boundary.failed"

    def __init__(self, parent: QWidget | None, session: Session, path: str | None = None, lang: str | None = None):
        super().__init__(parent)
        self.session = session
        self.lang = lang or i18n.language()
        self.path: str | None = None
        self.source: BoundarySource | None = None
        self.layer = None  # the loaded BoundaryLayer, set just before accepting
        self.layer_id: str | None = None
        self.error = ""
        self._task: BackgroundTask | None = None
        self.setObjectName("boundaryDialog")
        self.setWindowTitle(self._t("boundary.title"))
        self.resize(760, 560)
        self._build()
        self._update_buttons()
        if path:
            self.open_file(path)

    def _build(self) -> None:
        top = QHBoxLayout()
        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.browse_button = QPushButton(self._t("import.browse"))
        self.browse_button.clicked.connect(self.browse)
        top.addWidget(QLabel(self._t("import.file")))
        top.addWidget(self.file_edit, 1)
        top.addWidget(self.browse_button)
        form = QFormLayout()
        self.layer_combo = QComboBox()
        self.layer_combo.activated.connect(lambda _i: self.open_file(self.path, self.layer_combo.currentText()))
        self.code_combo = QComboBox()
        self.name_combo = QComboBox()
        self.code_combo.currentIndexChanged.connect(self._fill_sample)
        self.name_combo.currentIndexChanged.connect(self._fill_sample)
        self.name_edit = QLineEdit()
        form.addRow(self._t("boundary.layer"), self.layer_combo)
        form.addRow(self._t("boundary.code_field"), self.code_combo)
        form.addRow(self._t("boundary.name_field"), self.name_combo)
        form.addRow(self._t("boundary.layer_name"), self.name_edit)
        self.info_label = QLabel()
        self.info_label.setWordWrap(True)
        self.sample = QTableWidget(0, 2)
        self.sample.setHorizontalHeaderLabels([self._t("boundary.code_field"), self._t("boundary.name_field")])
        self.sample.horizontalHeader().setStretchLastSection(True)
        self.report_view = QTextBrowser()
        self.report_view.setMaximumHeight(120)
        prog = QHBoxLayout()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        prog.addWidget(self.status_label, 1)
        prog.addWidget(self.progress)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(self._t("boundary.ok"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addWidget(self.info_label)
        layout.addWidget(QLabel(self._t("boundary.preview")))
        layout.addWidget(self.sample, 1)
        layout.addWidget(self.report_view)
        layout.addLayout(prog)
        layout.addWidget(self.buttons)

    # -- state -------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done

    @property
    def ready(self) -> bool:
        return not self.busy and self.source is not None

    def _update_buttons(self) -> None:
        self.buttons.button(QDialogButtonBox.Ok).setEnabled(self.ready and bool(self.code_combo.currentText()))
        self.browse_button.setEnabled(not self.busy)

    def _busy(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("")
        self.progress.setVisible(True)
        self._update_buttons()

    def _failed(self, exc: Exception) -> None:
        self.error = self._failure_text(exc)
        self._idle(self.error, error=True)
        _warn(self, self._t("boundary.title"), self.error)

    # -- file ----------------------------------------------------------------------------
    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self._t("boundary.title"), "", self._t("boundary.filter"))
        if path:
            self.open_file(path)

    def open_file(self, path: str | None, layer: str | None = None) -> None:
        if not path or self.busy:
            return
        self.path = str(path)
        self.source = None
        self.error = ""
        self.file_edit.setText(self.path)
        self._busy(tr("boundary.loading", self.lang).format(name=Path(path).name))
        self._run(lambda progress, cancel: inspect(path, layer), self._inspected)

    def _inspected(self, src: BoundarySource) -> None:
        self.source = src
        for box in (self.layer_combo, self.code_combo, self.name_combo):
            box.blockSignals(True)
        self.layer_combo.clear()
        self.layer_combo.addItems(src.layers)
        self.layer_combo.setCurrentText(src.layer)
        self.code_combo.clear()
        self.code_combo.addItems(src.fields)
        if src.code_field:
            self.code_combo.setCurrentText(src.code_field)
        self.name_combo.clear()
        self.name_combo.addItem(self._t("import.none"), "")
        for f in src.fields:
            self.name_combo.addItem(f, f)
        self.name_combo.setCurrentIndex(max(0, self.name_combo.findData(src.name_field or "")))
        for box in (self.layer_combo, self.code_combo, self.name_combo):
            box.blockSignals(False)
        if not self.name_edit.text():
            self.name_edit.setText(Path(src.path).stem)
        self.info_label.setText(tr("boundary.info", self.lang).format(
            n=src.count, geom=src.geometry_type or "–", crs=src.crs or "?"))
        self._fill_sample()
        self._idle()

    def _fill_sample(self, *_) -> None:
        if self.source is None:
            return
        code, name = self.code_combo.currentText(), self.name_combo.currentData() or ""
        rows = self.source.sample[:SAMPLE_ROWS]
        self.sample.setRowCount(len(rows))
        for r, row in enumerate(rows):
            self.sample.setItem(r, 0, QTableWidgetItem(str(row.get(code, ""))))
            self.sample.setItem(r, 1, QTableWidgetItem(str(row.get(name, "")) if name else ""))
        self._update_buttons()

    # -- OK --------------------------------------------------------------------------------
    def accept(self) -> None:  # noqa: D102 - loads the layer, then adds it
        if not self.ready:
            return
        path, layer = self.path, self.source.layer
        code, name = self.code_combo.currentText(), self.name_combo.currentData() or None
        title = self.name_edit.text().strip() or None
        taken = set(self.session.boundary_layers) | {"kommune", "fylke", "helseregion", "helseforetak", "land"}
        self._busy(tr("boundary.loading", self.lang).format(name=Path(path).name))

        def job(progress, cancel):
            return load_boundary_layer(path, layer=layer, code_field=code, name_field=name, name=title, taken=taken)

        self._run(job, self._loaded)

    def _loaded(self, layer) -> None:
        self.layer = layer
        self.report_view.setPlainText("\n".join(report_text(layer.report, self.lang)))
        self.session.add_boundary_layer(layer)
        self.layer_id = layer.id
        self._idle(tr("boundary.added", self.lang).format(name=layer.name, n=len(layer.frame)))
        super().accept()

    def reject(self) -> None:
        if self.busy:
            self._task.cancel()
            self._task.wait()
        super().reject()


def run_boundary_import(parent: QWidget | None, session: Session, path: str | None = None) -> str | None:
    """File → Importer grenser… / drag-and-drop: the new layer id, or None if cancelled."""
    if path is None:
        lang = i18n.language()
        path, _ = QFileDialog.getOpenFileName(parent, tr("boundary.title", lang), "", tr("boundary.filter", lang))
        if not path:
            return None
    dialog = BoundaryDialog(parent, session, path)
    try:
        if dialog.exec() != QDialog.Accepted:
            return None
        if dialog.layer is not None:
            _info(parent, tr("boundary.title"), "\n".join(report_text(dialog.layer.report, dialog.lang)))
        return dialog.layer_id
    finally:
        dialog.deleteLater()


__all__ = ["BoundaryDialog", "run_boundary_import"]
