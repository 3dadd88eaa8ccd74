"""What the import dialogs share: a status line, a progress bar, and file work that
runs in the background and reports failures in the planner's language."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog

from gui.background import BackgroundTask
from gui.i18n import tr


class TaskDialog(QDialog):
    """Subclasses set ``failure_type`` (an error with ``message(lang)``) and ``failed_key``,
    and provide ``status_label``, ``progress`` and ``_update_buttons``."""

    failure_type: type[Exception] = Exception
    failed_key = ""

    def _t(self, key: str) -> str:
        return tr(key, self.lang)

    def _idle(self, text: str = "", error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color:#b42318" if error else "")
        self.progress.setVisible(False)
        self._after_idle()
        self._update_buttons()

    def _after_idle(self) -> None:
        """Hook: hide extra busy-state widgets."""

    def _run(self, job, on_done) -> None:
        task = BackgroundTask(job, self)
        task.progressed.connect(self._progress)
        task.finished.connect(on_done)
        task.failed.connect(self._failed)
        task.cancelled.connect(self._cancelled)
        self._task = task
        task.start()

    def _progress(self, done: int, total: int) -> None:
        """Hook: show progress (the boundary dialog shows a busy bar only)."""

    def _cancelled(self) -> None:
        self._idle(self._t("import.cancelled"))

    def _failure_text(self, exc: Exception) -> str:
        """The planner's message for a failed job; unexpected errors are logged in full."""
        if isinstance(exc, self.failure_type):
            reason = exc.message(self.lang)
        else:
            from indicators.logfile import log_exception

            log_exception(exc)
            reason = f"{type(exc).__name__}: {exc}"
        return tr(self.failed_key, self.lang).format(name=Path(self.path or "").name, reason=reason)
