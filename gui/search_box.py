"""Search by name (including Sami and Kven parallel names) or number.

Completion offers every unit under each of its names; pressing Enter takes the
best match from :meth:`Gazetteer.search`, so typing "Karasjohka" or "kárášjohka"
finds 5437 as well as the exact spelling does.
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from geo.gazetteer import Gazetteer, Unit
from gui.i18n import level_name


class SearchBox(QLineEdit):
    unitChosen = Signal(str, str)  # level, code

    def __init__(self, gazetteer: Gazetteer, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("search")
        self.gaz = gazetteer
        self.lang = "nb"
        self._entries: dict[str, Unit] = {}
        self.completer_ = QCompleter(self)
        self.completer_.setCaseSensitivity(Qt.CaseInsensitive)
        self.completer_.setFilterMode(Qt.MatchContains)
        self.completer_.activated[str].connect(self._activated)
        self.setCompleter(self.completer_)
        self.returnPressed.connect(self._return)
        self.setClearButtonEnabled(True)
        self.rebuild()

    def rebuild(self, lang: str = "nb") -> None:
        self.lang = lang
        self._entries.clear()
        for lv, units in self.gaz.units.items():
            for u in units.values():
                names = dict.fromkeys([u.name, *u.parallel_names])
                for n in names:
                    label = f"{n} ({u.code}, {level_name(lv, lang).lower()})" if lv in ("kommune", "fylke") \
                        else f"{n} ({level_name(lv, lang).lower()})"
                    self._entries[label] = u
        self.completer_.setModel(QStringListModel(sorted(self._entries), self.completer_))

    def _activated(self, text: str) -> None:
        unit = self._entries.get(text)
        if unit:
            self.unitChosen.emit(unit.level, unit.code)

    def _return(self) -> None:
        text = self.text()
        if text in self._entries:
            self._activated(text)
            return
        hits = self.gaz.search(text)
        if hits:
            self.unitChosen.emit(hits[0].level, hits[0].code)

    def search(self, text: str) -> Unit | None:
        """Programmatic search (tests, command line): choose the best hit."""
        self.setText(text)
        hits = self.gaz.search(text)
        if hits:
            self.unitChosen.emit(hits[0].level, hits[0].code)
            return hits[0]
        return None
