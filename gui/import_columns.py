"""The import dialog's two tables: the file preview, and one row per value column to map.

Kept apart from the dialog's flow (read → map → review → import) so each reads on its own.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QTableWidgetItem

from indicators.importer import ImportPlan, ParsedTable, ValueSpec
from indicators.importer.status import SCHEMES

#: the root index: the tables have no children (a shared constant, not a call in each default)
_NO_PARENT = QModelIndex()
PREVIEW_ROWS = 100
DUPLICATES = ("first", "last", "sum", "drop")
KINDS = ("count", "ratio", "rate", "category")
WORSE = ("higher", "lower", "none")
#: columns of the value-column table
C_USE, C_COLUMN, C_NAME, C_UNIT, C_KIND, C_WORSE, C_SCHEME, C_NUM, C_DEN = range(9)


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

    def rowCount(self, parent=_NO_PARENT) -> int:  # noqa: N802
        return 0 if self.frame is None or parent.isValid() else len(self.frame)

    def columnCount(self, parent=_NO_PARENT) -> int:  # noqa: N802
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


class ValueColumnRows:
    """The value-column table of the import dialog: one row per column, read back as ValueSpecs.

    A mixin of :class:`gui.import_dialog.ImportDialog` (it uses the dialog's ``values_table``,
    ``session``, ``lang``, ``_t`` and ``_mapping_changed``)."""

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
            (self.session.catalogue.schemes[s].name_en if self.lang == "en"
             else self.session.catalogue.schemes[s].name_nb, s)
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
