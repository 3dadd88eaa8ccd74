"""Details of the selected unit: its own figures next to county, region and Norway.

Built from :func:`indicators.breakdown.breakdown`. A municipality without own
figures gets a plain sentence saying so, and the columns for the county, region
and Norway are headed as comparison, never as the municipality's own.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from geo.levels import LAND
from gui.i18n import level_name, tr
from indicators.breakdown import Breakdown, Value, breakdown
from indicators.session import Session

APPROX = "≈ "
DERIVED = "† "


class BreakdownPanel(QWidget):
    projectionRequested = Signal(str, str)  # level, code

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.lang = "nb"
        self.current: Breakdown | None = None
        self.title = QLabel()
        self.title.setObjectName("breakdownTitle")
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.35)
        f.setBold(True)
        self.title.setFont(f)
        self.title.setWordWrap(True)
        self.parents = QLabel()
        self.parents.setObjectName("breakdownParents")
        self.parents.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setObjectName("breakdownNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(
            "background:#fff7d6; border:1px solid #e0c65c; padding:6px; border-radius:3px; color:#3d3200;"
        )
        self.table = QTableWidget()
        self.table.setObjectName("breakdownTable")
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        small = self.table.font()
        small.setPointSizeF(small.pointSizeF() * 0.92)
        self.table.setFont(small)
        self.footnote = QLabel()
        self.footnote.setWordWrap(True)
        self.footnote.setStyleSheet("color:#555;")
        self.projection = QPushButton()
        self.projection.setObjectName("projectionButton")
        self.projection.clicked.connect(self._projection)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.projection, 0, Qt.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.parents)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.footnote)
        self.clear()

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.projection.setText(tr("button.projection", lang))
        if self.current is not None:
            self.show_unit(self.current.unit.level, self.current.unit.code)
        else:
            self.clear()

    def clear(self) -> None:
        self.current = None
        self.title.setText(tr("label.breakdown", self.lang))
        self.parents.setText(tr("label.click_hint", self.lang))
        self.notice.hide()
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.footnote.setText("")
        self.projection.setText(tr("button.projection", self.lang))
        self.projection.setEnabled(False)

    def show_unit(self, level: str, code: str) -> Breakdown | None:
        try:
            bd = breakdown(self.session, level, code)
        except (KeyError, ValueError):
            self.clear()
            return None
        self.current = bd
        lang = self.lang
        u = bd.unit
        self.title.setText(f"{u.name} ({u.code})" if level in ("kommune", "fylke") else u.name)
        parts = [f"{level_name(level, lang)}"]
        for lv in ("fylke", "helseforetak", "helseregion"):
            if lv in bd.parents:
                parts.append(f"{level_name(lv, lang)}: {bd.parents[lv].name}")
        self.parents.setText(" · ".join(parts))
        if not bd.has_own_values:
            self.notice.setText(bd.no_own_values_text(lang))
            self.notice.show()
        else:
            self.notice.hide()
        self._fill_table(bd)
        self.projection.setEnabled(True)
        return bd

    def _fill_table(self, bd: Breakdown) -> None:
        lang = self.lang
        ctx_levels = [lv for lv in bd.context if bd.context[lv]]  # no empty comparison columns
        show_own = bd.has_own_values  # without own figures the notice says so; no empty column
        headers = [tr("col.indicator", lang)] + ([tr("col.own", lang)] if show_own else [])
        col_key = {"fylke": "col.county", "helseforetak": "col.hf", "helseregion": "col.region", LAND: "col.norway"}
        for lv in ctx_levels:
            if lv in bd.parents:
                headers.append(f"{tr(col_key[lv], lang)}\n{bd.parents[lv].short_name}")
            else:
                headers.append(tr(col_key[lv], lang))
        rows, national_only = [], []
        for ind in bd.indicators:
            own = bd.own.get(ind.id)
            ctx = [bd.context[lv].get(ind.id) for lv in ctx_levels]
            if own is None and not any(ctx):
                continue
            regional = own is not None or any(v for lv, v in zip(ctx_levels, ctx) if lv != LAND)
            (rows if regional else national_only).append((ind, own, ctx))
        rows += national_only  # figures with regional detail first, national-only last
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        any_approx = False
        line_h = self.table.fontMetrics().height()
        self.table.setUpdatesEnabled(False)
        for r, (ind, own, ctx) in enumerate(rows):
            name = QTableWidgetItem(ind.name(lang) + (f"\n({ind.origin})" if ind.origin else ""))
            name.setToolTip(ind.description(lang))
            self.table.setItem(r, 0, name)
            values = [own, *ctx] if show_own else ctx
            for c, v in enumerate(values, start=1):
                item = self._cell(ind, v, own_column=show_own and c == 1)
                any_approx |= bool(v and (v.approximate or v.derived))
                self.table.setItem(r, c, item)
            # row height from line counts: resizeRowsToContents measures every cell (slow)
            lines = max(self.table.item(r, c).text().count("\n") + 1 for c in range(1, len(headers)))
            lines = max(lines, min(3, 1 + len(ind.name(lang)) // 28))
            self.table.setRowHeight(r, lines * line_h + 6)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(60)
        header.setSectionResizeMode(0, QHeaderView.Interactive)
        self.table.setColumnWidth(0, 170)
        for c in range(1, len(headers)):
            header.setSectionResizeMode(c, QHeaderView.ResizeToContents)
        self.table.setUpdatesEnabled(True)
        self.footnote.setText(tr("label.approx_footnote", lang) if any_approx else "")

    def _cell(self, ind, v: Value | None, own_column: bool) -> QTableWidgetItem:
        lang = self.lang
        if v is None:
            item = QTableWidgetItem("–")
            item.setForeground(QBrush(QColor("#999999")))
            item.setToolTip("Ingen data" if lang == "nb" else "No data")
            return item
        text = v.text(ind, self.session, lang, compact=True)
        mark = APPROX if v.approximate else DERIVED if v.derived else ""
        item = QTableWidgetItem(f"{mark}{text}\n{v.period}")
        src = self.session.catalogue.sources.get(v.source.split(";")[0]) if v.source else None
        cite = src.citation() if src else v.source
        lines = [
            f"{'Periode' if lang == 'nb' else 'Period'}: {v.period}",
            f"{'Kilde' if lang == 'nb' else 'Source'}: {cite}",
            f"{v.table}, {'linje' if lang == 'nb' else 'line'} {v.seed_lines}" if v.seed_lines else v.table,
        ]
        if v.approximate:
            lines.append("Omtrentlig verdi" if lang == "nb" else "Approximate value")
        elif v.derived:
            lines.append("Avledet av Legekart" if lang == "nb" else "Derived by Legekart")
        if v.note:
            lines.append(v.note)
        item.setToolTip("\n".join(x for x in lines if x))
        if own_column:
            f = QFont(item.font())
            f.setBold(True)
            item.setFont(f)
        else:
            item.setForeground(QBrush(QColor("#333333")))
        return item

    def _projection(self) -> None:
        if self.current is not None:
            self.projectionRequested.emit(self.current.unit.level, self.current.unit.code)

    # -- for tests -------------------------------------------------------------------
    def table_text(self) -> list[list[str]]:
        out = []
        for r in range(self.table.rowCount()):
            out.append([self.table.item(r, c).text() if self.table.item(r, c) else "" for c in range(self.table.columnCount())])
        return out
