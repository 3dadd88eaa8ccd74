"""``Fil → Eksporter kommuneprofil…``: the one-page profile of the selected municipality.

Asks where to save (PDF or PNG, named like the command line's ``1804-bodo.pdf``),
writes the page with :func:`gui.export_profile.export_profile` in the window's
language and says where it went. A failure is told in a sentence, never as a Python
error, and leaves no file behind (the writer is atomic).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox, QWidget

from indicators.profile import file_name
from indicators.session import Session

TEXT = {
    "title": ("Eksporter kommuneprofil", "Export municipality profile"),
    "choose": ("Hvilken kommune?", "Which municipality?"),
    "filter": ("PDF (*.pdf);;PNG-bilde (*.png)", "PDF (*.pdf);;PNG image (*.png)"),
    "done": ("Kommuneprofilen for {name} er lagret i {path}.", "The profile of {name} was saved to {path}."),
    "failed": ("Kunne ikke lagre kommuneprofilen: {why}", "Could not save the profile: {why}"),
    "format": ("Velg et filnavn som slutter på .pdf eller .png.", "Choose a file name ending in .pdf or .png."),
}


def t(key: str, lang: str) -> str:
    nb, en = TEXT[key]
    return en if lang == "en" else nb


def write_profile(parent: QWidget | None, session: Session, code: str, path: str | Path, lang: str) -> bool:
    """Write the page; True on success, a message box otherwise."""
    from gui.export_profile import export_profile, format_of

    try:
        fmt = format_of(path)
    except ValueError:
        QMessageBox.warning(parent, t("title", lang), t("format", lang))
        return False
    QApplication.setOverrideCursor(Qt.WaitCursor)
    try:
        prof = export_profile(path, session, code, lang, fmt)
    except OSError as exc:
        QApplication.restoreOverrideCursor()
        QMessageBox.warning(parent, t("title", lang), t("failed", lang).format(why=exc.strerror or exc))
        return False
    QApplication.restoreOverrideCursor()
    if parent is not None and hasattr(parent, "statusBar"):
        parent.statusBar().showMessage(t("done", lang).format(name=prof.unit.short_name, path=path), 8000)
    return True


def run_profile_export(window, code: str | None = None) -> bool:
    """Ask for a municipality (the selected one by default) and a file, then write the profile."""
    session: Session = window.session
    lang = window.view.lang
    gaz = session.gazetteer()
    if code is None and window.view.level == "kommune":
        code = window.view.selection
    if code is None:
        units = sorted(gaz.level_units("kommune"), key=lambda u: u.short_name)
        names = [f"{u.short_name} ({u.code})" for u in units]
        choice, ok = QInputDialog.getItem(window, t("title", lang), t("choose", lang), names, 0, False)
        if not ok:
            return False
        code = units[names.index(choice)].code
    unit = gaz.get("kommune", code)
    folder = window.settings.value("profile/folder") or str(Path.home())
    path, _ = QFileDialog.getSaveFileName(window, t("title", lang), str(Path(folder) / file_name(unit)),
                                          t("filter", lang))
    if not path:
        return False
    window.settings.setValue("profile/folder", str(Path(path).parent))
    return write_profile(window, session, unit.code, path, lang)
