"""The widgets of the import dialog and how they are laid out (its flow lives in gui/import_dialog.py)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTextBrowser,
    QVBoxLayout,
)

from gui import i18n
from gui.import_columns import C_NAME, DUPLICATES, PreviewModel

BUNDLED_LEVELS = ("kommune", "fylke", "helseregion", "helseforetak")
VINTAGE_CHOICES = ("", "2019", "2020", "2024", "2017")


class ImportLayout:
    """Builds the dialog's widgets (a mixin of :class:`gui.import_dialog.ImportDialog`)."""

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
