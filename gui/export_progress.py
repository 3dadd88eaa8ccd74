"""Run an export in a worker thread behind a cancellable progress dialog.

Files are written atomically, so cancelling leaves nothing behind; a failure is told in
one sentence (Norwegian by default) with the log file's place, never as an exception's text.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from gui.exporter import ExportJob, run_job
from gui.i18n import tr
from indicators.session import Session


def failure_text(exc: BaseException, log: Path, lang: str = "nb") -> str:
    """Why an export failed, for the planner (disk full and permissions are said plainly)."""
    import errno

    if isinstance(exc, PermissionError):
        return "Mangler tilgang til å skrive filen." if lang == "nb" else "No permission to write the file."
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return "Disken er full." if lang == "nb" else "The disk is full."
    if isinstance(exc, OSError):
        return ("Filen kunne ikke skrives (feil fra systemet: {0})." if lang == "nb" else
                "The file could not be written (system error: {0}).").format(exc.strerror or exc.errno)
    return (f"En intern feil stoppet eksporten; detaljene står i {log}." if lang == "nb" else
            f"An internal error stopped the export; the details are in {log}.")


class _Worker(QObject):
    done = Signal(str)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, session: Session, job: ExportJob, cancel: threading.Event, lang: str = "nb"):
        super().__init__()
        self.session, self.job, self.cancel, self.lang = session, job, cancel, lang

    def run(self) -> None:
        from gui.export_image import ExportCancelled

        try:
            path = run_job(self.session, self.job, self.cancel.is_set)
        except ExportCancelled:
            self.cancelled.emit()
            return
        except Exception as exc:  # one sentence for the user; the log keeps the traceback
            from indicators.logfile import log_exception

            where = log_exception(exc)
            self.failed.emit(failure_text(exc, where, self.lang))
            return
        if self.cancel.is_set():  # finished just as the user cancelled: honour the cancel
            Path(path).unlink(missing_ok=True)
            self.cancelled.emit()
        else:
            self.done.emit(str(path))



class _Waiter(QObject):
    """Lives in the GUI thread: the worker's signals reach it queued, so a result that
    arrives before the wait loop starts is not lost."""

    def __init__(self, loop):
        super().__init__()
        self.loop = loop
        self.path: str | None = None
        self.error: str | None = None

    @Slot(str)
    def on_done(self, path: str) -> None:
        self.path = path
        self.loop.quit()

    @Slot(str)
    def on_failed(self, message: str) -> None:
        self.error = message
        self.loop.quit()

    @Slot()
    def on_cancelled(self) -> None:
        self.loop.quit()


def export_with_progress(parent: QWidget, session: Session, job: ExportJob, lang: str = "nb") -> str | None:
    """Run ``job`` in a worker thread behind a cancellable progress dialog; the written path or None."""
    from PySide6.QtCore import QEventLoop

    cancel = threading.Event()
    progress = QProgressDialog(tr("export.progress", lang).format(name=job.path.name), tr("export.cancel", lang),
                               0, 0, parent)
    progress.setWindowTitle(tr("export.title", lang))
    progress.setWindowModality(Qt.WindowModal)
    progress.setMinimumDuration(300)
    progress.canceled.connect(cancel.set)
    loop = QEventLoop()
    waiter = _Waiter(loop)
    thread = QThread(parent)
    worker = _Worker(session, job, cancel, lang)
    worker.moveToThread(thread)
    worker.done.connect(waiter.on_done, Qt.QueuedConnection)
    worker.failed.connect(waiter.on_failed, Qt.QueuedConnection)
    worker.cancelled.connect(waiter.on_cancelled, Qt.QueuedConnection)
    thread.started.connect(worker.run)
    thread.start()
    loop.exec()
    thread.quit()
    thread.wait()
    progress.close()
    progress.deleteLater()
    worker.deleteLater()
    thread.deleteLater()
    if waiter.error:
        QMessageBox.warning(parent, tr("export.title", lang), tr("export.failed", lang).format(error=waiter.error))
    return waiter.path
