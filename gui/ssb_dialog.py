"""Fil → Oppdater tall fra SSB…: fetch a table from SSB's API, show what would change, apply or not.

Fetching runs off the GUI thread (gui.background) with a progress bar and *Avbryt*;
nothing is written until the planner has read the report and pressed *Bruk de nye
tallene*. Every failure (no network, timeout, HTTP error, another layout, values that
fail the checks) is one Norwegian sentence in the dialog, and the figures in use stay
as they were. *Gå tilbake til de medfølgende tallene* parks an earlier update.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gui import i18n
from gui.background import BackgroundTask
from gui.task_dialog import TaskDialog
from indicators.ssb import report as report_mod
from indicators.ssb import store, update
from indicators.ssb.errors import SsbError
from indicators.ssb.query import TABLES
from indicators.ssb.snapshot import user_snapshot_path

log = logging.getLogger(__name__)

TEXTS: dict[str, tuple[str, str]] = {
    "ssb.title": ("Oppdater tall fra SSB", "Update figures from SSB"),
    "ssb.table": ("Tabell", "Table"),
    "ssb.intro": ("Legekart henter tabellen fra SSBs åpne API (data.ssb.no) og viser hva som endres før noe "
                  "tas i bruk. Uten nett fortsetter Legekart med tallene du har.",
                  "Legekart fetches the table from SSB's open API (data.ssb.no) and shows what would change before "
                  "anything is used. Without a network Legekart keeps the figures you have."),
    "ssb.fetch": ("Hent fra SSB", "Fetch from SSB"),
    "ssb.cancel": ("Avbryt", "Cancel"),
    "ssb.apply": ("Bruk de nye tallene", "Use the new figures"),
    "ssb.revert": ("Gå tilbake til de medfølgende tallene", "Back to the bundled figures"),
    "ssb.close": ("Lukk", "Close"),
    "ssb.fetching": ("Henter tabell {table} fra SSB…", "Fetching table {table} from SSB…"),
    "ssb.received": ("Henter tabell {table} fra SSB… {kb} kB mottatt",
                     "Fetching table {table} from SSB… {kb} kB received"),
    "ssb.ready": ("Les rapporten. Ingenting er endret før du trykker «Bruk de nye tallene».",
                  "Read the report. Nothing changes until you press 'Use the new figures'."),
    "ssb.nothing_new": ("Tallene fra SSB er de samme som de du bruker nå.",
                        "SSB's figures are the ones you use already."),
    "ssb.applied": ("De nye tallene er tatt i bruk (tabell {table}, hentet {date}).",
                    "The new figures are in use (table {table}, retrieved {date})."),
    "ssb.reverted": ("Legekart bruker de medfølgende tallene igjen. Oppdateringen er lagt til side i {path}.",
                     "Legekart uses the bundled figures again. The update was put aside in {path}."),
    "ssb.cancelled": ("Hentingen ble avbrutt. Ingenting er endret.", "The fetch was cancelled. Nothing was changed."),
    "ssb.in_use.user": ("I bruk nå: din oppdatering, hentet {date}.", "In use now: your update, retrieved {date}."),
    "ssb.in_use.bundled": ("I bruk nå: de medfølgende tallene, hentet {date}.",
                           "In use now: the bundled figures, retrieved {date}."),
    "ssb.in_use.none": ("Legekart har ingen tall fra denne tabellen ennå.",
                        "Legekart has no figures from this table yet."),
    "ssb.in_use.problem": (" Oppdateringen kunne ikke leses, så de medfølgende tallene brukes.",
                           " The update could not be read, so the bundled figures are used."),
    "ssb.unexpected": ("Oppdateringen feilet uventet ({reason}). Ingenting er endret; detaljer står i loggen.",
                       "The update failed unexpectedly ({reason}). Nothing was changed; details are in the log."),
}


class SsbUpdateDialog(TaskDialog):
    failure_type = SsbError

    def __init__(self, parent: QWidget | None = None, lang: str | None = None, base: str | None = None,
                 timeout: float | None = None):
        super().__init__(parent)
        self.lang = lang or i18n.language()
        self.base, self.timeout = base, timeout
        self.path = None
        self.prepared: update.Prepared | None = None
        self.error = ""
        self.changed = False  # True once the figures in use were changed (apply or revert)
        self._task: BackgroundTask | None = None
        self.setObjectName("ssbUpdateDialog")
        self.setWindowTitle(self._t("ssb.title"))
        self.resize(640, 460)
        self._build()
        self._show_in_use()
        self._update_buttons()

    def _t(self, key: str) -> str:
        if key in TEXTS:
            nb, en = TEXTS[key]
            return en if self.lang == "en" else nb
        return super()._t(key)

    def _build(self) -> None:
        intro = QLabel(self._t("ssb.intro"))
        intro.setWordWrap(True)
        row = QHBoxLayout()
        self.table_combo = QComboBox()
        for t, s in TABLES.items():
            self.table_combo.addItem(f"{t} {s.title}", t)
        self.table_combo.currentIndexChanged.connect(self._table_changed)
        self.fetch_button = QPushButton(self._t("ssb.fetch"))
        self.fetch_button.setObjectName("ssbFetch")
        self.fetch_button.clicked.connect(self.fetch)
        row.addWidget(QLabel(self._t("ssb.table")))
        row.addWidget(self.table_combo, 1)
        row.addWidget(self.fetch_button)
        self.in_use_label = QLabel()
        self.in_use_label.setWordWrap(True)
        self.report_view = QTextBrowser()
        self.report_view.setObjectName("ssbReport")
        prog = QHBoxLayout()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setObjectName("ssbStatus")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(self._t("ssb.cancel"))
        self.cancel_button.setObjectName("ssbCancel")
        self.cancel_button.clicked.connect(self.cancel_fetch)
        prog.addWidget(self.status_label, 1)
        prog.addWidget(self.progress)
        prog.addWidget(self.cancel_button)
        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton(self._t("ssb.apply"), QDialogButtonBox.AcceptRole)
        self.apply_button.setObjectName("ssbApply")
        self.revert_button = self.buttons.addButton(self._t("ssb.revert"), QDialogButtonBox.ResetRole)
        self.revert_button.setObjectName("ssbRevert")
        self.close_button = self.buttons.addButton(self._t("ssb.close"), QDialogButtonBox.RejectRole)
        self.apply_button.clicked.connect(self.apply)
        self.revert_button.clicked.connect(self.revert)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.in_use_label)
        layout.addWidget(self.report_view, 1)
        layout.addLayout(prog)
        layout.addWidget(self.buttons)

    # -- state ------------------------------------------------------------------------------
    @property
    def table(self) -> str:
        return self.table_combo.currentData()

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done

    def _update_buttons(self) -> None:
        busy = self.busy
        self.fetch_button.setEnabled(not busy)
        self.table_combo.setEnabled(not busy)
        self.cancel_button.setVisible(busy)
        self.apply_button.setEnabled(not busy and self.prepared is not None and self.prepared.table == self.table)
        self.revert_button.setEnabled(not busy and user_snapshot_path(self.table).exists())

    def _show_in_use(self) -> None:
        use = store.in_use(self.table)
        date = use.snapshot.retrieved_date() if use.snapshot is not None else ""
        text = self._t(f"ssb.in_use.{use.kind}").format(date=date)
        if use.problem:
            text += self._t("ssb.in_use.problem")
        self.in_use_label.setText(text)

    def _table_changed(self, *_) -> None:
        self.prepared = None
        self.report_view.clear()
        self._show_in_use()
        self._idle()

    # -- fetch ------------------------------------------------------------------------------
    def fetch(self) -> None:
        if self.busy:
            return
        table = self.table
        self.prepared = None
        self.error = ""
        self.report_view.clear()
        self.status_label.setText(self._t("ssb.fetching").format(table=table))
        self.status_label.setStyleSheet("")
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        base, timeout = self.base, self.timeout

        def job(progress, cancel):
            return update.prepare(table, base=base, timeout=timeout, progress=progress, cancel=cancel)

        self._run(job, self._fetched)
        self._update_buttons()

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        kb = f"{done / 1024:.0f}"
        self.status_label.setText(self._t("ssb.received").format(table=self.table, kb=kb))

    def cancel_fetch(self) -> None:
        if self.busy:
            self._task.cancel()

    def _fetched(self, prepared: update.Prepared) -> None:
        self.prepared = prepared
        self.report_view.setPlainText(report_mod.to_text(prepared.report, self.lang))
        self._idle(self._t("ssb.ready") if prepared.report["changed"] else self._t("ssb.nothing_new"))

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, SsbError) and exc.key == "cancelled":
            self._cancelled()
            return
        if isinstance(exc, SsbError):
            self.error = exc.message(self.lang)
        else:  # a bug: a plain sentence for the planner, the traceback in the log
            log.error("SSB update failed", exc_info=exc)
            self.error = self._t("ssb.unexpected").format(reason=type(exc).__name__)
        self._idle(self.error, error=True)

    def _cancelled(self) -> None:
        self._idle(self._t("ssb.cancelled"))

    # -- apply / revert ------------------------------------------------------------------
    def apply(self) -> None:
        if self.prepared is None or self.busy:
            return
        try:
            update.apply(self.prepared)
        except SsbError as exc:
            self.error = exc.message(self.lang)
            self._idle(self.error, error=True)
            return
        snap = self.prepared.checked.snapshot
        self.changed = True
        self.prepared = None
        self._show_in_use()
        self._idle(self._t("ssb.applied").format(table=snap.table, date=snap.retrieved_date()))

    def revert(self) -> None:
        if self.busy:
            return
        try:
            parked = store.revert(self.table)
        except SsbError as exc:
            self.error = exc.message(self.lang)
            self._idle(self.error, error=True)
            return
        self.changed = True
        self.prepared = None
        self.report_view.clear()
        self._show_in_use()
        self._idle(self._t("ssb.reverted").format(path=str(parked)))

    def reject(self) -> None:
        if self.busy:
            self._task.cancel()
            self._task.wait()
        super().reject()


def run_ssb_update(parent: QWidget | None = None) -> bool:
    """Open the dialog; True when the figures in use changed (the window then reloads its data)."""
    dialog = SsbUpdateDialog(parent)
    try:
        dialog.exec()
        return dialog.changed
    finally:
        dialog.deleteLater()


__all__ = ["SsbUpdateDialog", "run_ssb_update"]
