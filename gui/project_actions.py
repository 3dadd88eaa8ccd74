"""File → Open/Save project, recent files, and loading a project into the window.

Errors never cost the planner anything: a project that cannot be opened leaves
the current work untouched and says why in Norwegian.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from indicators import project_file
from indicators.project_file import Project, ProjectError

FILTER_NB = "Legekart-prosjekt (*.legekart)"
FILTER_EN = "Legekart project (*.legekart)"
RECENT_KEY = "recent/projects"


def _nb(window) -> bool:
    return window.view.lang == "nb"


def current_project(window) -> Project:
    window.model.set_extent(window.canvas.extent() if window.canvas.center else None)
    return Project(session=window.session, view=window.view, scenarios=window.session.scenarios,
                   export_presets=window.session.export_presets)


def remember_recent(window, path: str) -> None:
    recent = window.settings.value(RECENT_KEY) or []
    if isinstance(recent, str):
        recent = [recent]
    recent = [path] + [p for p in recent if p != path]
    window.settings.setValue(RECENT_KEY, recent[:8])
    window._refresh_recent()


def open_project(window, path: str | None = None) -> bool:
    if path is None:
        path, _ = QFileDialog.getOpenFileName(window, "Åpne prosjekt" if _nb(window) else "Open project", "",
                                              FILTER_NB if _nb(window) else FILTER_EN)
        if not path:
            return False
    try:
        project = project_file.load(path)
    except ProjectError as exc:
        QMessageBox.warning(
            window, "Kan ikke åpne prosjektet" if _nb(window) else "Cannot open the project",
            (f"Legekart kan ikke åpne «{Path(path).name}».\n\n{norwegian(str(exc))}\n\n"
             "Arbeidet du har åpent nå, er uendret."
             if _nb(window) else f"Legekart cannot open '{Path(path).name}'.\n\n{exc}\n\nYour open work is unchanged."))
        return False
    window.set_project(project.session, project.view, path)
    remember_recent(window, str(path))
    if project.notes:  # the loader fixed the view: say what, never silently
        QMessageBox.information(
            window, "Prosjektet er åpnet med endringer" if _nb(window) else "Project opened with changes",
            "\n".join(nb if _nb(window) else en for en, nb in project.notes))
    if project.migrated_from:
        window.statusBar().showMessage(
            f"Prosjektet var lagret i et eldre format (versjon {project.migrated_from}) og er oppgradert."
            if _nb(window) else
            f"The project was in an older format (version {project.migrated_from}) and was upgraded.", 8000)
    return True


def save_project(window) -> bool:
    path = getattr(window, "project_path", None)
    if not path:
        return save_project_as(window)
    return _save(window, path)


def save_project_as(window) -> bool:
    path, _ = QFileDialog.getSaveFileName(window, "Lagre prosjekt" if _nb(window) else "Save project", "",
                                          FILTER_NB if _nb(window) else FILTER_EN)
    if not path:
        return False
    return _save(window, path)


def _save(window, path: str) -> bool:
    try:
        written = project_file.save(current_project(window), path)
    except OSError as exc:
        QMessageBox.warning(window, "Kunne ikke lagre" if _nb(window) else "Could not save",
                            (f"Prosjektet ble ikke lagret: {exc.strerror or exc}. Den forrige versjonen er uendret."
                             if _nb(window) else f"The project was not saved: {exc.strerror or exc}. "
                             "The previous version is unchanged."))
        return False
    window.project_path = str(written)
    remember_recent(window, str(written))
    window.statusBar().showMessage(("Lagret " if _nb(window) else "Saved ") + str(written), 5000)
    return True


def norwegian(reason: str) -> str:
    """The loader's one-line English reason, in Norwegian for the dialog."""
    table = [
        ("file not found", "Filen finnes ikke."),
        ("not a zip archive", "Filen er ikke et Legekart-prosjekt."),
        ("no project.json", "Filen er ikke et Legekart-prosjekt."),
        ("unknown format", "Filen er ikke et Legekart-prosjekt."),
        ("too large", "Filen er for stor eller har for mange deler til å være et Legekart-prosjekt."),
        ("memory available", "Prosjektet er for stort til å åpnes med minnet som er tilgjengelig."),
        ("regular file", "Dette er ikke en vanlig fil (et rør eller en enhet?), og kan ikke åpnes."),
        ("path is too long", "Filbanen er for lang til å åpnes."),
        ("name is too long", "Et fil- eller mappenavn i banen er for langt."),
        ("newer Legekart", "Prosjektet er lagret av en nyere versjon av Legekart. Oppdater Legekart for å åpne det."),
        ("damaged", "Prosjektfilen er skadet og kan ikke leses."),
    ]
    for key, text in table:
        if key in reason:
            return text
    return reason
