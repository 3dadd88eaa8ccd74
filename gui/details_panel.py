"""The details of the selected unit, read in ten seconds: its own figures first.

Name, county and region on top; then the unit's own figures by theme (imported data
first), each with period, sparkline, county and Norway for the same period, the
marker against Norway and the rank (:mod:`gui.details_list`). Rows without an own
value are hidden until "Vis alle" is ticked, and the panel says how many. The full
comparison table (health-trust area, region, the municipality's kind) stays one tab
away. Nothing here scrolls sideways.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from gui.breakdown_memo import BreakdownMemo
from gui.details_list import KeyFigureList
from indicators.breakdown import Breakdown
from indicators.note_text import note_text
from indicators.session import Session

TEXT = {
    "title": ("Detaljer", "Details"),
    "hint": ("Klikk på en enhet i kartet for å se tallene.", "Click a unit on the map to see its figures."),
    "show_all": ("Vis alle ({n} til)", "Show all ({n} more)"),
    "show_all_none": ("Vis alle", "Show all"),
    "profile": ("Kommuneprofil…", "Profile…"),
    "projection": ("Framskrivning", "Projection"),
    "none": ("Ingen egne tall for {name}. Kryss av «Vis alle» for fylkets og landets tall.",
             "No figures of {name}'s own. Tick 'Show all' for the county's and Norway's figures."),
    "missing": ("Uten verdi: {reason}", "No value: {reason}"),
    "marks": ("≈ omtrentlig · † avledet · pek på et tall for kilden",
              "≈ approximate · † derived · point at a figure for its source"),
}


def t(key: str, lang: str) -> str:
    nb, en = TEXT[key]
    return en if lang == "en" else nb


class DetailsPanel(QWidget):
    indicatorChosen = Signal(str)
    indicatorActivated = Signal(str)
    profileRequested = Signal(str)  # municipality code
    projectionRequested = Signal(str, str)  # level, code

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("detailsPanel")
        self.session = session
        self.lang = "nb"
        self.current: Breakdown | None = None
        #: breakdowns of recent units: the window shows the selection again after every map change
        self.memo = BreakdownMemo()
        #: what the list shows (breakdown, show all, language): the same again is not laid out again
        self._filled: tuple | None = None
        self.title = QLabel()
        self.title.setObjectName("detailsTitle")
        f = self.title.font()
        f.setPointSizeF(f.pointSizeF() * 1.3)
        f.setBold(True)
        self.title.setFont(f)
        self.title.setWordWrap(True)
        self.parents = QLabel()
        self.parents.setWordWrap(True)
        self.parents.setStyleSheet("color:#444;")
        self.notice = QLabel()
        self.notice.setObjectName("detailsNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("background:#fff7d6; border:1px solid #e0c65c; padding:4px; border-radius:3px;"
                                  " color:#3d3200;")
        self.show_all = QCheckBox()
        self.show_all.setObjectName("showAll")
        self.show_all.toggled.connect(self._refill)
        self.profile = QPushButton()
        self.profile.setObjectName("profileButton")
        self.profile.clicked.connect(lambda: self.current and self.profileRequested.emit(self.current.unit.code))
        self.projection = QPushButton()
        self.projection.setObjectName("detailsProjection")
        self.projection.clicked.connect(self._projection)
        self.list = KeyFigureList()
        self.list.indicatorChosen.connect(self.indicatorChosen)
        self.list.indicatorActivated.connect(self.indicatorActivated)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.list)
        self.marks = QLabel()
        self.marks.setWordWrap(True)
        self.marks.setStyleSheet("color:#666;")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.profile)
        buttons.addWidget(self.projection)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addWidget(self.parents)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.show_all)
        layout.addWidget(self.marks)
        self.clear()

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.profile.setText(t("profile", lang))
        self.projection.setText(t("projection", lang))
        self.marks.setText(t("marks", lang))
        if self.current is not None:
            self.show_unit(self.current.unit.level, self.current.unit.code)
        else:
            self.clear()

    def clear(self) -> None:
        self.current = None
        self._filled = None
        self.title.setText(t("title", self.lang))
        self.parents.setText(t("hint", self.lang))
        self.notice.hide()
        self.show_all.setText(t("show_all_none", self.lang))
        self.show_all.setEnabled(False)
        self.profile.setText(t("profile", self.lang))
        self.projection.setText(t("projection", self.lang))
        self.marks.setText(t("marks", self.lang))
        self.profile.setEnabled(False)
        self.projection.setEnabled(False)
        self.list.set_groups(self.session, [], "", self.lang)

    def show_unit(self, level: str, code: str) -> Breakdown | None:
        try:
            bd = self.memo.get(self.session, level, code)
        except (KeyError, ValueError):
            self.clear()
            return None
        self.current = bd
        u = bd.unit
        self.title.setText(f"{u.short_name} ({u.code})" if level in ("kommune", "fylke") else u.name)
        names = [bd.parents[lv].name for lv in ("fylke", "helseregion") if lv in bd.parents]
        if u.name != u.short_name:
            names.insert(0, u.name)
        self.parents.setText(" · ".join(names))
        self.profile.setEnabled(level == "kommune")
        self.profile.setVisible(level == "kommune")
        self.projection.setEnabled(True)
        filled = self._filled
        if filled is None or filled[0] is not bd or filled[1:] != (self.show_all.isChecked(), self.lang):
            self._refill()
        return bd

    def _refill(self) -> None:
        bd = self.current
        if bd is None:
            return
        from indicators.key_figures import hidden_count, key_figures  # with the first unit, not at start (issue 15)

        lang = self.lang
        self._filled = (bd, self.show_all.isChecked(), lang)
        show_all = self.show_all.isChecked()
        groups = self.memo.derived(bd, ("figures", show_all), lambda: key_figures(self.session, bd, show_all))
        county_lv = "fylke" if bd.unit.level == "kommune" else "helseregion"
        county = bd.parents.get(county_lv)
        self.list.set_groups(self.session, groups, county.short_name if county else "", lang)
        more = self.memo.derived(bd, "hidden", lambda: hidden_count(self.session, bd))
        self.show_all.setEnabled(more > 0 or self.show_all.isChecked())
        self.show_all.setText(t("show_all", lang).format(n=more) if more else t("show_all_none", lang))
        notes = []
        if not bd.has_own_values:
            notes.append(t("none", lang).format(name=bd.unit.short_name))
        reasons = dict.fromkeys(note_text(v.missing, lang) for v in (bd.own_missing or {}).values() if v.missing)
        notes += [t("missing", lang).format(reason=r) for r in reasons]
        self.notice.setText("\n".join(notes))
        self.notice.setVisible(bool(notes))

    def _projection(self) -> None:
        if self.current is not None:
            self.projectionRequested.emit(self.current.unit.level, self.current.unit.code)

    # -- for tests -------------------------------------------------------------------
    def row_ids(self) -> list[str]:
        return [kf.indicator.id for g in self.list.groups for kf in g.rows]

    def theme_titles(self) -> list[str]:
        return [g.title(self.lang) for g in self.list.groups]

