"""File → Eksporter kart…: preview, format switching, overwrite question, export in a thread."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from gui import export_dialog
from gui.export_dialog import ExportDialog, run_export
from indicators.session import Session
from indicators.view import ViewState


@pytest.fixture()
def dialog(qtbot, tmp_path):
    view = ViewState(map_vintage="2020", level="fylke", indicator="lister_uten_fast_lege_andel", period="2019",
                     selection="18")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.IniFormat)
    d = ExportDialog(None, Session(map_vintage="2020"), view, (0.0, 7_000_000.0, 500_000.0, 7_400_000.0), settings)
    qtbot.addWidget(d)
    return d


def choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def test_preview_is_the_page_drawn_small(dialog, qtbot):
    dialog.update_preview()
    image = dialog.preview_image
    assert not dialog.preview.pixmap().isNull()
    assert image.height() == 300 and abs(image.width() / image.height() - 210 / 297) < 0.01
    choose(dialog.page, "a4-landscape")
    dialog.update_preview()
    assert dialog.preview_image.width() == 300 and dialog.preview_image.height() < 300


def test_format_switch_disables_page_options_and_fixes_suffix(dialog, tmp_path):
    dialog.path.setText(str(tmp_path / "kart.png"))
    choose(dialog.format, "csv")
    assert not dialog.page.isEnabled() and not dialog.dpi.isEnabled()
    assert dialog.path.text().endswith("kart.csv")
    choose(dialog.format, "png")
    choose(dialog.page, "pixels")
    assert dialog.width_px.isEnabled()
    assert "1920 × 1080" in dialog.info.text()


def test_region_defaults_to_the_selected_county(dialog):
    choose(dialog.extent, "region")
    assert dialog.region_unit().name == "Nordland"


def test_export_png_in_a_worker_thread(dialog, tmp_path):
    out = tmp_path / "nordland.png"
    dialog.path.setText(str(out))
    choose(dialog.extent, "region")
    dialog.dpi.setValue(96)
    dialog.title.setText("Min tittel")
    dialog.start_export()
    assert dialog.written == str(out) and dialog.result() == ExportDialog.Accepted
    img = QImage(str(out))
    assert (img.width(), img.height()) == (794, 1123)
    assert dialog.settings.value(export_dialog.SETTINGS_DIR) == str(tmp_path)


def test_overwrite_is_asked_first(dialog, tmp_path, monkeypatch):
    out = tmp_path / "tabell.csv"
    out.write_text("gammel", encoding="utf-8")
    choose(dialog.format, "csv")
    dialog.path.setText(str(out))
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.No)
    dialog.start_export()
    assert asked and out.read_text(encoding="utf-8") == "gammel" and dialog.written is None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    dialog.start_export()
    assert dialog.written == str(out) and out.read_text(encoding="utf-8-sig").startswith("code;")


def test_cancel_leaves_nothing(dialog, tmp_path, monkeypatch):
    out = tmp_path / "kart.pdf"
    choose(dialog.format, "pdf")
    dialog.path.setText(str(out))
    dialog.dpi.setValue(72)

    class Cancelled:  # an event that is always set: the export stops at its first check
        def set(self):
            pass

        def is_set(self):
            return True

    from gui import export_progress

    monkeypatch.setattr(export_progress.threading, "Event", Cancelled)
    dialog.start_export()
    assert dialog.written is None and list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*")) == []


def test_run_export_entry_point(qtbot, tmp_path, monkeypatch):
    out = tmp_path / "kart.svg"

    def fake_exec(self):
        self.path.setText(str(out))
        choose(self.format, "svg")
        self.dpi.setValue(72)
        self.start_export()
        return self.result()

    monkeypatch.setattr(ExportDialog, "exec", fake_exec)
    view = ViewState(map_vintage="2020", level="fylke", indicator="lister_uten_fast_lege_andel")
    assert run_export(None, Session(map_vintage="2020"), view, None) == str(out)
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_dialog_subtitle_source_note_and_layout_reach_the_page(qtbot, tmp_path):
    """Issue 13: the texts around the map are editable in the dialog, as on the CLI."""
    from gui.export_dialog import ExportDialog
    from indicators.session import Session
    from indicators.view import ViewState

    dialog = ExportDialog(None, Session(map_vintage="2020"),
                          ViewState(map_vintage="2020", level="fylke", indicator="lister_uten_fast_lege_andel"))
    qtbot.addWidget(dialog)
    dialog.subtitle.setText("Til fylkestinget")
    dialog.source.setText("Kilde: egne tall")
    dialog.note.setText("Tall for 2025")
    dialog.layout_choice.setCurrentIndex(dialog.layout_choice.findData("map+ranking"))
    job = dialog.job(tmp_path / "x.png")
    assert (job.subtitle, job.source, job.note, job.layout) == ("Til fylkestinget", "Kilde: egne tall",
                                                                "Tall for 2025", "map+ranking")
    from PySide6.QtGui import QImage

    from gui.exporter import run_job

    run_job(dialog.session, job)
    assert QImage(str(job.path)).text("Description") == "Kilde: egne tall"
