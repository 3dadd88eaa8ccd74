"""Search by name (including Sami and Kven parallel names) or number.

Completion offers every unit under each of its names; pressing Enter takes the
best match from :meth:`Gazetteer.search`, so typing "Karasjohka" or "kárášjohka"
finds 5437 as well as the exact spelling does.

The gazetteer and the completion list are made when first needed (focus, typing, a
search) or when the window has painted (issue 15): at start they cost ~20 ms of a list
nobody can see yet.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from geo.gazetteer import Gazetteer, Unit
from gui.i18n import level_name


class SearchBox(QLineEdit):
    unitChosen = Signal(str, str)  # level, code

    def __init__(self, gazetteer: Gazetteer | Callable[[], Gazetteer], parent: QWidget | None = None):
        """``gazetteer``: the one to search, or a function that gives it when first needed."""
        super().__init__(parent)
        self.setObjectName("search")
        self._source = gazetteer if callable(gazetteer) else None
        self._gaz: Gazetteer | None = None if callable(gazetteer) else gazetteer
        self.lang = "nb"
        self._entries: dict[str, Unit] = {}
        self._stale = True  # the completion list does not match the gazetteer and language yet
        self.completer_ = QCompleter(self)
        self.completer_.setCaseSensitivity(Qt.CaseInsensitive)
        self.completer_.setFilterMode(Qt.MatchContains)
        self.completer_.activated[str].connect(self._activated)
        self.setCompleter(self.completer_)
        self.textEdited.connect(self.prepare)  # emitted before the completer filters its list
        self.returnPressed.connect(self._return)
        self.setClearButtonEnabled(True)

    @property
    def gaz(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = self._source()
        return self._gaz

    @gaz.setter
    def gaz(self, gazetteer: Gazetteer) -> None:
        self._gaz = gazetteer
        self._stale = True

    def follow(self, vintage: str) -> None:
        """The map shows ``vintage``: search its units (the gazetteer is read again when needed)."""
        if self._source is not None and (self._gaz is None or self._gaz.vintage != vintage):
            self._gaz = None
            self._stale = True

    def rebuild(self, lang: str = "nb") -> None:
        """Completion in ``lang``; the list itself is made by :meth:`prepare`."""
        self.lang = lang
        self._stale = True
        if self.hasFocus():
            self.prepare()

    def prepare(self) -> None:
        """Make the completion list if the gazetteer or the language changed since."""
        if not self._stale:
            return
        self._stale = False
        lang = self.lang
        self._entries.clear()
        for lv, units in self.gaz.units.items():
            for u in units.values():
                names = dict.fromkeys([u.name, *u.parallel_names])
                for n in names:
                    label = f"{n} ({u.code}, {level_name(lv, lang).lower()})" if lv in ("kommune", "fylke") \
                        else f"{n} ({level_name(lv, lang).lower()})"
                    self._entries[label] = u
        self.completer_.setModel(QStringListModel(sorted(self._entries), self.completer_))

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.prepare()
        super().focusInEvent(event)

    def _activated(self, text: str) -> None:
        self.prepare()
        unit = self._entries.get(text)
        if unit:
            self.unitChosen.emit(unit.level, unit.code)

    def _return(self) -> None:
        self.prepare()
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
