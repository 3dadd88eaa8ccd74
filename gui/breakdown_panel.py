"""Details of the selected unit: its own figures next to county, region and Norway.

Built from :func:`indicators.breakdown.breakdown`. A municipality without own
figures gets a plain sentence saying so, and the columns for the county, region
and Norway are headed as comparison, never as the municipality's own.

In the window the panel is the hidden "Tabell" tab most of the time, so a click only
sets its labels; the table is filled when the tab is shown (or a caller reads it), and
the window hands it the breakdown the details above already computed.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from geo.levels import LAND
from gui.i18n import level_name, tr
from indicators.breakdown import Breakdown, Value, breakdown
from indicators.note_text import note_text
from indicators.session import Session

#: the root index: the table has no children (a shared constant, not a call in each default)
_NO_PARENT = QModelIndex()
APPROX = "≈ "
DERIVED = "† "


class BreakdownModel(QAbstractTableModel):
    """Rows of indicators × columns of units; cell text and tooltips are made on demand,
    so a click costs only what is on screen."""

    GREY, DARK = QBrush(QColor("#999999")), QBrush(QColor("#333333"))

    def __init__(self, session: Session):
        super().__init__()
        self.session = session
        self.headers: list[str] = []
        self.rows: list[tuple] = []
        self.show_own = False
        self.lang = "nb"
        self._text: dict[tuple[int, int], str] = {}
        self.bold = QFont()
        self.bold.setBold(True)

    def set_rows(self, headers: list[str], rows: list[tuple], show_own: bool, lang: str) -> None:
        self.beginResetModel()
        self.headers, self.rows, self.show_own, self.lang = headers, rows, show_own, lang
        self._text = {}
        self.endResetModel()

    def rowCount(self, parent=_NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=_NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section, orientation, role=Qt.DisplayRole):  # noqa: N802
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and section < len(self.headers):
            return self.headers[section]
        return None

    def value(self, r: int, c: int) -> Value | None:
        return self.rows[r][1][c - 1]

    def text(self, r: int, c: int) -> str:
        key = (r, c)
        t = self._text.get(key)
        if t is None:
            ind = self.rows[r][0]
            if c == 0:
                t = ind.name(self.lang) + (f"\n({ind.origin})" if ind.origin else "")
            else:
                v = self.value(r, c)
                if v is None:
                    t = "–"
                elif v.missing and v.nearest is None:
                    t = ("Ingen data" if self.lang == "nb" else "No data") + f"\n{v.period}"
                else:
                    mark = APPROX if v.approximate else DERIVED if v.derived else ""
                    t = f"{mark}{v.text(ind, self.session, self.lang, compact=True)}\n{v.period}"
            self._text[key] = t
        return t

    def lines(self, r: int, c: int) -> int:
        return self.text(r, c).count("\n") + 1

    _ROLES = frozenset({Qt.DisplayRole, Qt.ToolTipRole, Qt.FontRole, Qt.ForegroundRole})

    def data(self, index: QModelIndex, role=Qt.DisplayRole):
        if role not in self._ROLES:  # the view asks ~12 roles per cell; answer the rest at once
            return None
        r, c = index.row(), index.column()
        if role == Qt.DisplayRole:
            return self.text(r, c)
        if role == Qt.ToolTipRole:
            return self.tooltip(r, c)
        if c == 0:
            return None
        if role == Qt.FontRole and self.show_own and c == 1 and self.value(r, c) is not None:
            return self.bold
        if role == Qt.ForegroundRole:
            v = self.value(r, c)
            return self.GREY if v is None or v.missing or v.is_partial else self.DARK
        return None

    def tooltip(self, r: int, c: int) -> str:
        lang = self.lang
        ind = self.rows[r][0]
        if c == 0:
            return ind.description(lang)
        v = self.value(r, c)
        if v is None:
            return "Ingen data" if lang == "nb" else "No data"
        if v.missing and v.nearest is None:
            return ("Ingen data: " if lang == "nb" else "No data: ") + note_text(v.missing, lang)
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
            lines.append(note_text(v.note, lang))
        return "\n".join(x for x in lines if x)


class BreakdownPanel(QWidget):
    projectionRequested = Signal(str, str)  # level, code

    @property
    def session(self) -> Session:
        return self.model.session

    @session.setter
    def session(self, session: Session) -> None:
        self.model.session = session

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = BreakdownModel(session)
        self.lang = "nb"
        self.current: Breakdown | None = None
        #: the table still shows an earlier unit: filled when shown or read (see :meth:`flush`)
        self.stale = False
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
        self.table = QTableView()
        self.table.setModel(self.model)
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
        if self.current is not None:  # the breakdown holds no text: only the labels change
            self.show_unit(self.current.unit.level, self.current.unit.code, self.current)
        else:
            self.clear()

    def clear(self) -> None:
        self.current = None
        self.stale = False
        self.title.setText(tr("label.breakdown", self.lang))
        self.parents.setText(tr("label.click_hint", self.lang))
        self.notice.hide()
        self.model.set_rows([], [], False, self.lang)
        self.footnote.setText("")
        self.footnote.setToolTip("")
        self.projection.setText(tr("button.projection", self.lang))
        self.projection.setEnabled(False)

    def show_unit(self, level: str, code: str, bd: Breakdown | None = None) -> Breakdown | None:
        """Show a unit; ``bd`` is its breakdown when the caller has it already (one per click)."""
        if bd is None or (bd.unit.level, bd.unit.code) != (level, code):
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
        self.stale = True
        if self.isVisible():
            self.flush()
        self.projection.setEnabled(True)
        return bd

    def flush(self) -> None:
        """Fill the table for the current unit if a click left it for later."""
        if self.stale and self.current is not None:
            self._fill_table(self.current)
        self.stale = False

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.flush()  # the tab was hidden while units were clicked: ~4 ms per click saved
        super().showEvent(event)

    def _fill_table(self, bd: Breakdown) -> None:
        lang = self.lang
        ctx_levels = [lv for lv in bd.context if bd.context[lv]]  # no empty comparison columns
        missing = bd.own_missing or {}
        show_own = bd.has_own_values or bool(missing)  # without own figures the notice says so
        headers = [tr("col.indicator", lang)] + ([tr("col.own", lang)] if show_own else [])
        col_key = {"fylke": "col.county", "helseforetak": "col.hf", "helseregion": "col.region", LAND: "col.norway"}
        for lv in ctx_levels:
            if lv in col_key and lv in bd.parents:
                headers.append(f"{tr(col_key[lv], lang)}\n{bd.parents[lv].short_name}")
            elif lv in col_key:
                headers.append(tr(col_key[lv], lang))
            else:  # the municipality's kind: centrality class, or its assumed group (marked *)
                mark = " *" if lv == "sentralitet3" else ""
                headers.append(f"{'Samme type' if lang == 'nb' else 'Same kind'}\n{bd.parents[lv].short_name}{mark}")
        rows, national_only = [], []
        for ind in bd.indicators:
            own = bd.own.get(ind.id) or missing.get(ind.id)
            ctx = [bd.context[lv].get(ind.id) for lv in ctx_levels]
            if own is None and not any(ctx):
                continue
            regional = own is not None or any(v for lv, v in zip(ctx_levels, ctx) if lv != LAND)
            (rows if regional else national_only).append((ind, [own, *ctx] if show_own else ctx))
        rows += national_only  # figures with regional detail first, national-only last
        self.model.set_rows(headers, rows, show_own, lang)
        # row heights and column widths from the cell texts we already have: Qt's
        # resize-to-contents asks every cell for a size hint, which took ~30 ms per click
        fm = self.table.fontMetrics()
        line_h = fm.height()
        widths = [170] + [60] * (len(headers) - 1)
        for c in range(1, len(headers)):
            widest_header = max((fm.horizontalAdvance(x) for x in headers[c].split("\n")), default=0)
            widths[c] = max(widths[c], widest_header + 16)
        for r, (ind, _values) in enumerate(rows):
            lines = min(3, 1 + len(ind.name(lang)) // 28)
            for c in range(1, len(headers)):
                text = self.model.text(r, c)
                lines = max(lines, text.count("\n") + 1)
                widths[c] = max(widths[c], max(fm.horizontalAdvance(x) for x in text.split("\n")) + 14)
            self.table.setRowHeight(r, lines * line_h + 6)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(60)
        for c, w in enumerate(widths):
            header.setSectionResizeMode(c, QHeaderView.Interactive)
            self.table.setColumnWidth(c, w)
        any_mark = any(v is not None and (v.approximate or v.derived) for _, values in rows for v in values)
        notes = [tr("label.approx_footnote", lang)] if any_mark else []
        if "sentralitet3" in ctx_levels:
            from indicators.centrality import ASSUMPTION

            notes.append("* " + ASSUMPTION[lang])
        # one short line, the explanation on hover: the long text left the table one row high at 700 px
        short = ([tr("label.marks_short", lang)] if any_mark else []) + (
            [tr("label.assumption_short", lang)] if "sentralitet3" in ctx_levels else [])
        self.footnote.setText(" · ".join(short))
        self.footnote.setToolTip("\n".join(notes))

    def _projection(self) -> None:
        if self.current is not None:
            self.projectionRequested.emit(self.current.unit.level, self.current.unit.code)

    # -- for tests -------------------------------------------------------------------
    def table_text(self) -> list[list[str]]:
        self.flush()
        m = self.model
        return [[m.data(m.index(r, c)) or "" for c in range(m.columnCount())] for r in range(m.rowCount())]

    def headers(self) -> list[str]:
        self.flush()
        return [self.model.headerData(c, Qt.Horizontal) for c in range(self.model.columnCount())]
