"""The projection panel's tables: read-only, numbers right-aligned with a decimal comma, the
total row bold (split from projection_panel.py to keep it under 400 lines)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from indicators import format as fmt


def make_table(name: str) -> QTableWidget:
    t = QTableWidget(objectName=name)
    t.setEditTriggers(QAbstractItemView.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
    return t


def fill_table(table: QTableWidget, header: list[str], rows: list[list], lang: str, signed: bool = False) -> None:
    table.clear()
    table.setColumnCount(len(header))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels(header)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, (int, float)) and not (c == 0 and isinstance(v, int) and 1900 < v < 2100):
                text = fmt.number(v, lang, 0)
                if signed and c == len(row) - 1 and v > 0:
                    text = "+" + text
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
            else:
                item = QTableWidgetItem(str(v))
            if r == len(rows) - 1:
                f = item.font()
                f.setBold(True)
                item.setFont(f)
            table.setItem(r, c, item)
