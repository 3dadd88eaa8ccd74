"""Run a slow step (reading a large file, loading boundaries) off the GUI thread.

The job is a plain function ``job(progress, cancel)``; progress reaches the GUI
through queued signals, a cancel request is a flag the job checks between
chunks, and the result or the exception comes back to the GUI thread. The
dialogs stay responsive and can always be cancelled.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

Job = Callable[[Callable[[int, int], None], Callable[[], bool]], object]


class _Runner(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, job: Job, cancel: threading.Event):
        super().__init__()
        self.job = job
        self.cancel = cancel

    @Slot()
    def run(self) -> None:
        from indicators.importer.errors import ImportCancelled

        def progress(done: int, total: int) -> None:
            # Qt ints are 32-bit: scale byte counts down
            while total > 2_000_000_000 or done > 2_000_000_000:
                done, total = done // 1024, total // 1024
            self.progressed.emit(int(done), int(total))

        try:
            result = self.job(progress, self.cancel.is_set)
        except ImportCancelled:
            self.cancelled.emit()
            return
        except Exception as exc:  # reported in the GUI thread
            self.failed.emit(exc)
            return
        if self.cancel.is_set():
            self.cancelled.emit()
        else:
            self.finished.emit(result)


class BackgroundTask(QObject):
    """One job in its own QThread; emit-only API for the owning dialog."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, job: Job, parent: QObject | None = None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread = QThread()
        self._runner = _Runner(job, self._cancel)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.progressed.connect(self.progressed)
        self._runner.finished.connect(self._on_finished)
        self._runner.failed.connect(self._on_failed)
        self._runner.cancelled.connect(self._on_cancelled)
        self.done = False

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, ms: int = 30_000) -> bool:
        """Block until the thread has ended (used when a dialog closes mid-job)."""
        self._thread.quit()
        return self._thread.wait(ms)

    def _end(self) -> None:
        self.done = True
        self._thread.quit()
        self._thread.wait()

    @Slot(object)
    def _on_finished(self, result) -> None:
        self._end()
        self.finished.emit(result)

    @Slot(object)
    def _on_failed(self, exc) -> None:
        self._end()
        self.failed.emit(exc)

    @Slot()
    def _on_cancelled(self) -> None:
        self._end()
        self.cancelled.emit()
