"""Autosave and recovery after a crash.

While the window is open a lock file holds its process id, and the session is
saved to a recovery project every few minutes and after every import. A clean exit
removes both. If the next start finds a lock whose process is gone and a recovery
file, it offers to restore the work.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from indicators import project_file
from indicators.logfile import log_dir

AUTOSAVE_MS = 3 * 60 * 1000


def state_dir() -> Path:
    base = os.environ.get("LEGEKART_STATE_DIR")
    path = Path(base) if base else log_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def recovery_path() -> Path:
    return state_dir() / "recovery.legekart"


def lock_path() -> Path:
    return state_dir() / "session.lock"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def unclean_exit() -> bool:
    """True when a previous window died (lock left by a dead process) and left a recovery file."""
    lock = lock_path()
    if not lock.exists() or not recovery_path().exists():
        return False
    try:
        pid = int(json.loads(lock.read_text(encoding="utf-8")).get("pid", 0))
    except (ValueError, OSError, AttributeError):
        return True
    return pid != os.getpid() and not _alive(pid)


def take_lock() -> None:
    lock_path().write_text(json.dumps({"pid": os.getpid(), "started": time.time()}), encoding="utf-8")


def release(clean: bool = True) -> None:
    """On a clean exit: remove the lock and the recovery file."""
    for p in (lock_path(), recovery_path()) if clean else (lock_path(),):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def autosave(project: project_file.Project) -> Path:
    return project_file.save(project, recovery_path(), keep_backup=False)


def install(window) -> None:
    """Offer to restore after a crash, then autosave this window's work."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from gui.project_actions import current_project

    if unclean_exit():
        nb = window.view.lang == "nb"
        answer = QMessageBox.question(
            window, "Gjenopprette arbeid?" if nb else "Restore work?",
            "Legekart ble ikke avsluttet normalt sist. Vil du hente tilbake det du arbeidet med?" if nb
            else "Legekart did not close normally last time. Restore what you were working on?",
            QMessageBox.Yes | QMessageBox.No, QMessageBox.Yes)
        if answer == QMessageBox.Yes:
            try:
                project = project_file.load(recovery_path())
                window.set_project(project.session, project.view, None)
            except project_file.ProjectError as exc:
                QMessageBox.warning(window, "Legekart", f"Gjenopprettingsfilen kunne ikke leses: {exc}")
    take_lock()

    def save_now() -> None:
        try:
            autosave(current_project(window))
        except OSError:
            pass  # autosave must never interrupt the planner; the next one retries

    window.autosaveRequested.connect(save_now)  # after every import or update
    window.closing.connect(lambda: release(clean=True))
    timer = QTimer(window)
    timer.setObjectName("autosaveTimer")
    timer.setInterval(AUTOSAVE_MS)
    timer.timeout.connect(save_now)
    timer.start()
    save_now()
