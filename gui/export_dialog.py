"""File → Eksporter kart…: choose format, page, resolution, extent and title, with a preview.

The preview is the export page itself drawn small (same layout code, lower dpi), so
what the planner sees in the thumbnail is what lands in the report. The export runs
in a worker thread behind a progress dialog that can cancel it; files are written
atomically, so cancelling leaves nothing behind, and an existing file is only
replaced after the planner says yes.

Entry point for the main window: :func:`run_export`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from geo.gazetteer import Unit
from geo.regions import region_choices
from gui.export_progress import export_with_progress
from gui.exporter import IMAGE_FORMATS, SUFFIXES, ExportJob
from gui.i18n import tr
from gui.render.map_painter import Extent
from gui.render.page import PageSize, page_size, pixel_size
from indicators.session import Session
from indicators.view import ViewState

FORMAT_KEYS = ("png", "svg", "pdf", "html", "gpkg", "csv", "xlsx")
PAGE_KEYS = ("a4", "a4-landscape", "a3", "a3-landscape", "pixels")
EXTENT_KEYS = ("country", "view", "region")
PREVIEW_WIDTH = 300
SETTINGS_DIR = "export/dir"


class ExportDialog(QDialog):
    def __init__(self, parent: QWidget | None, session: Session, view: ViewState,
                 current_extent: Extent | None = None, settings: QSettings | None = None):
        super().__init__(parent)
        self.session, self.view, self.current_extent = session, view, current_extent
        self.settings = settings
        self.lang = view.lang
        self.written: str | None = None
        self._regions: list[Unit] = region_choices(session.gazetteer())
        self.setWindowTitle(self._t("export.title"))
        self.setObjectName("exportDialog")

        self.format = QComboBox()
        for key in FORMAT_KEYS:
            self.format.addItem(self._t(f"export.format.{key}"), key)
        self.page = QComboBox()
        for key in PAGE_KEYS:
            self.page.addItem(self._t(f"export.page.{key}"), key)
        self.width_px, self.height_px = QSpinBox(), QSpinBox()
        for box, value in ((self.width_px, 1920), (self.height_px, 1080)):
            box.setRange(200, 20000)
            box.setValue(value)
            box.setSuffix(" px")
        size_row = QHBoxLayout()
        size_row.addWidget(self.width_px)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_px)
        self.dpi = QSpinBox()
        self.dpi.setRange(72, 600)
        self.dpi.setValue(300)
        self.dpi.setSuffix(" dpi")
        self.extent = QComboBox()
        for key in EXTENT_KEYS:
            self.extent.addItem(self._t(f"export.extent.{key}"), key)
        if current_extent is None:
            self.extent.model().item(1).setEnabled(False)
        self.region = QComboBox()
        for u in self._regions:
            self.region.addItem(u.name, f"{u.level}:{u.code}")
        self._preselect_region()
        self.title = QLineEdit()
        self.title.setPlaceholderText(self._default_title())
        # empty = automatic (the placeholder says what); the page caps long texts (gui.render.text_fit)
        self.subtitle, self.source, self.note = QLineEdit(), QLineEdit(), QLineEdit()
        self.subtitle.setObjectName("exportSubtitle")
        self.source.setObjectName("exportSource")
        self.note.setObjectName("exportNote")
        self.subtitle.setPlaceholderText(self._t("export.auto").format(
            text="Nivå · Periode · Utsnitt" if self.lang != "en" else "Level · Period · Extent"))
        self.source.setPlaceholderText(self._t("export.auto").format(
            text="Kilde … Kartgrunnlag …" if self.lang != "en" else "Source … Base map …"))
        self.layout_choice = QComboBox()
        self.layout_choice.setObjectName("exportLayout")
        for key in ("map", "map+ranking"):
            self.layout_choice.addItem(self._t(f"export.layout.{key}"), key)
        self.path = QLineEdit()
        browse = QPushButton(self._t("export.browse"))
        browse.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(browse)

        form = QFormLayout()
        form.addRow(self._t("export.format"), self.format)
        form.addRow(self._t("export.page"), self.page)
        self._size_label = QLabel(self._t("export.size"))
        form.addRow(self._size_label, size_row)
        form.addRow(self._t("export.dpi"), self.dpi)
        form.addRow(self._t("export.extent"), self.extent)
        form.addRow(self._t("export.region"), self.region)
        form.addRow(self._t("export.title_field"), self.title)
        form.addRow(self._t("export.subtitle_field"), self.subtitle)
        form.addRow(self._t("export.source_field"), self.source)
        form.addRow(self._t("export.note_field"), self.note)
        form.addRow(self._t("export.layout"), self.layout_choice)
        form.addRow(self._t("export.file"), path_row)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.info.setStyleSheet("color: #555;")
        form.addRow(self.info)

        self.preview = QLabel()
        self.preview.setObjectName("exportPreview")
        self.preview.setMinimumSize(PREVIEW_WIDTH, int(PREVIEW_WIDTH * 297 / 210))
        self.preview.setAlignment(Qt.AlignCenter)
        self.preview.setStyleSheet("background: #f0f0f0; border: 1px solid #c8c8c8;")

        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText(self._t("export.export"))
        buttons.button(QDialogButtonBox.Cancel).setText(self._t("export.cancel"))
        buttons.accepted.connect(self.start_export)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)
        left.addWidget(buttons)
        top = QHBoxLayout(self)
        top.addLayout(left, 1)
        top.addWidget(self.preview)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(120)
        self._preview_timer.timeout.connect(self.update_preview)
        for w in (self.format, self.page, self.extent, self.region, self.layout_choice):
            w.currentIndexChanged.connect(self._changed)
        for w in (self.subtitle, self.source, self.note):
            w.textChanged.connect(self._changed)
        for w in (self.width_px, self.height_px, self.dpi):
            w.valueChanged.connect(self._changed)
        self.title.textChanged.connect(self._changed)
        self.format.currentIndexChanged.connect(self._fix_suffix)
        self.path.setText(str(self._default_dir() / self._default_name()))
        self._changed()

    # -- helpers -------------------------------------------------------------------------
    def _t(self, key: str) -> str:
        return tr(key, self.lang)

    def _default_title(self) -> str:
        from indicators.mapdata import map_frame

        try:
            return map_frame(self.session, self.view.level, self.view.indicator, self.view.period).label(
                self.session, self.lang)
        except (KeyError, ValueError):
            return ""

    def _default_dir(self) -> Path:
        saved = self.settings.value(SETTINGS_DIR, "") if self.settings is not None else ""
        return Path(saved) if saved and Path(saved).is_dir() else Path.home()

    def _default_name(self) -> str:
        return f"{self.view.indicator}_{self.view.level}{SUFFIXES[self.fmt()]}"

    def _preselect_region(self) -> None:
        """The county of the selected unit, so 'my county' is one click away."""
        sel = self.view.selection
        if not sel:
            return
        unit = self.session.gazetteer().find(self.view.level, sel) if self.view.level in ("kommune", "fylke") else None
        code = unit.fylke if unit is not None and unit.level == "kommune" else (unit.code if unit else None)
        i = self.region.findData(f"fylke:{code}") if code else -1
        if i >= 0:
            self.region.setCurrentIndex(i)

    def fmt(self) -> str:
        return self.format.currentData()

    def page_spec(self) -> PageSize:
        key = self.page.currentData()
        if key == "pixels":
            return pixel_size(self.width_px.value(), self.height_px.value(), self.dpi.value())
        return page_size(key, self.dpi.value())

    def region_unit(self) -> Unit | None:
        if self.extent.currentData() != "region":
            return None
        level, code = self.region.currentData().split(":", 1)
        return self.session.gazetteer().get(level, code)

    def job(self, path: str | Path | None = None) -> ExportJob:
        image = self.fmt() in IMAGE_FORMATS
        extent = self.current_extent if self.extent.currentData() == "view" else None
        return ExportJob(Path(path or self.path.text()), self.fmt(), self.view,
                         self.page_spec() if image else None, self.region_unit(), extent,
                         self.title.text().strip() or None, self.subtitle.text().strip() or None,
                         self.source.text().strip() or None, self.note.text().strip() or None,
                         self.layout_choice.currentData())

    # -- reactions -----------------------------------------------------------------------------
    def _changed(self, *_) -> None:
        image = self.fmt() in IMAGE_FORMATS
        free = self.page.currentData() == "pixels"
        self.page.setEnabled(image)
        self.dpi.setEnabled(image)
        self.width_px.setEnabled(image and free)
        self.height_px.setEnabled(image and free)
        self.region.setEnabled(self.extent.currentData() == "region")
        for w in (self.title, self.subtitle, self.source, self.note):
            w.setEnabled(self.fmt() in IMAGE_FORMATS + ("html",))
        self.layout_choice.setEnabled(image)
        if image:
            p = self.page_spec()
            w_mm, h_mm = p.size_mm
            self.info.setText(self._t("export.info_image").format(w=p.width, h=p.height, wmm=round(w_mm),
                                                                  hmm=round(h_mm)))
        else:
            self.info.setText(self._t(f"export.info.{self.fmt()}"))
        self._preview_timer.start()

    def _fix_suffix(self) -> None:
        text = self.path.text().strip()
        if text:
            self.path.setText(str(Path(text).with_suffix(SUFFIXES[self.fmt()])))

    def update_preview(self) -> None:
        """Draw the page small with the export's own layout code."""
        if self.fmt() not in IMAGE_FORMATS:
            self.preview.setPixmap(QPixmap())
            self.preview.setText(self._t("export.no_preview"))
            return
        from gui.export_image import render_image
        from gui.render.document import build
        from gui.render.page import PageOptions

        try:
            page = self.page_spec()
        except ValueError as exc:
            self.preview.setText(str(exc))
            return
        job = self.job()
        small = page.resized(PREVIEW_WIDTH if page.width >= page.height else
                             max(1, round(PREVIEW_WIDTH * page.width / page.height)))
        options = PageOptions(small, extent=job.extent, region=job.region, title=job.title, subtitle=job.subtitle,
                              source=job.source, note=job.note, layout=job.layout)
        image, _ = render_image(self.session, build(self.session, self.view), options)
        self.preview_image: QImage = image
        self.preview.setPixmap(QPixmap.fromImage(image))

    def browse(self) -> None:
        filters = ";;".join(f"{self._t('export.format.' + k)} (*{SUFFIXES[k]})" for k in FORMAT_KEYS)
        current = f"{self._t('export.format.' + self.fmt())} (*{SUFFIXES[self.fmt()]})"
        path, chosen = QFileDialog.getSaveFileName(self, self._t("export.title"), self.path.text(), filters, current,
                                                   QFileDialog.DontConfirmOverwrite)
        if path:
            for k in FORMAT_KEYS:
                if chosen.endswith(f"(*{SUFFIXES[k]})"):
                    self.format.setCurrentIndex(FORMAT_KEYS.index(k))
            if not Path(path).suffix:
                path += SUFFIXES[self.fmt()]
            self.path.setText(path)

    # -- export ----------------------------------------------------------------------------
    def confirm_overwrite(self, path: Path) -> bool:
        answer = QMessageBox.question(self, self._t("export.title"),
                                      self._t("export.overwrite").format(name=path.name),
                                      QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes

    def start_export(self) -> None:
        text = self.path.text().strip()
        if not text:
            QMessageBox.warning(self, self._t("export.title"), self._t("export.no_file"))
            return
        path = Path(text)
        if not path.suffix:
            path = path.with_suffix(SUFFIXES[self.fmt()])
        if not path.parent.is_dir():
            QMessageBox.warning(self, self._t("export.title"), self._t("export.no_folder").format(folder=path.parent))
            return
        if path.exists() and not self.confirm_overwrite(path):
            return
        try:
            job = self.job(path)
        except ValueError as exc:
            QMessageBox.warning(self, self._t("export.title"), str(exc))
            return
        result = export_with_progress(self, self.session, job, self.lang)
        if result is None:
            return
        if self.settings is not None:
            self.settings.setValue(SETTINGS_DIR, str(path.parent))
        self.written = result
        self.accept()


def run_export(parent: QWidget | None, session: Session, view: ViewState,
               current_extent: Extent | None = None) -> str | None:
    """File → Eksporter kart…: the written file's path, or None if cancelled."""
    settings = getattr(parent, "settings", None)
    dialog = ExportDialog(parent, session, view, current_extent,
                          settings if isinstance(settings, QSettings) else None)
    try:
        if dialog.exec() != QDialog.Accepted:
            return None
        return dialog.written
    finally:
        dialog.deleteLater()


__all__ = ["ExportDialog", "export_with_progress", "run_export"]
