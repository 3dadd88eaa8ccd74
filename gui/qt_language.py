"""Qt's own dialog texts (file dialogs, message-box buttons) in the planner's language.

Qt ships Nynorsk but not Bokmål, so Legekart carries a small bokmål catalogue of the
strings its dialogs show (gui/translations/qtbase_nb.ts, compiled to .qm)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

log = logging.getLogger(__name__)

CATALOGUE = Path(__file__).with_name("translations") / "qtbase_nb.qm"
_installed: QTranslator | None = None


def install(lang: str) -> bool:
    """Use bokmål for Qt's texts when lang is "nb", Qt's English otherwise; True when bokmål is on."""
    global _installed
    app = QCoreApplication.instance()
    if app is None:
        return False
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    if lang != "nb":
        return False
    translator = QTranslator(app)
    if not translator.load(str(CATALOGUE)):
        log.warning("Qt's bokmål catalogue %s could not be read; Qt dialogs stay in English", CATALOGUE)
        return False
    app.installTranslator(translator)
    _installed = translator
    return True
