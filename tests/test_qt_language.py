"""Qt's own buttons and file dialogs speak bokmål when Legekart does, and English when asked."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from gui import i18n, qt_language

TS = Path(qt_language.__file__).with_name("translations") / "qtbase_nb.ts"


def _button_texts(lang: str, qapp) -> tuple[str, str, str]:
    i18n.set_language(lang)
    box = QMessageBox(QMessageBox.Question, "t", "t", QMessageBox.Save | QMessageBox.Cancel | QMessageBox.Yes)
    texts = tuple(box.button(b).text() for b in (QMessageBox.Save, QMessageBox.Cancel, QMessageBox.Yes))
    box.deleteLater()
    return texts


def test_message_box_buttons_in_bokmal_then_english(qapp):
    assert _button_texts("nb", qapp) == ("Lagre", "Avbryt", "&Ja")
    assert _button_texts("en", qapp) == ("Save", "Cancel", "&Yes")


def test_button_box_and_file_dialog_labels_in_bokmal(qapp):
    i18n.set_language("nb")
    buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
    assert buttons.button(QDialogButtonBox.Cancel).text() == "Avbryt"
    dialog = QFileDialog(None, "t")
    dialog.setOption(QFileDialog.DontUseNativeDialog)
    assert dialog.labelText(QFileDialog.Reject) == "Avbryt"
    assert dialog.labelText(QFileDialog.FileName) == "Fil&navn:"


def test_every_catalogue_entry_is_translated():
    root = ET.parse(TS).getroot()
    messages = root.findall("./context/message")
    assert len(messages) > 100
    for m in messages:
        text = m.findtext("translation") or ""
        assert text.strip(), m.findtext("source")
        assert m.find("translation").get("type") != "unfinished"


def test_compiled_catalogue_matches_its_source(tmp_path):
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or shutil.which(
        "pyside6-lrelease")
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not on PATH")
    out = tmp_path / "qtbase_nb.qm"
    subprocess.run([lrelease, "-silent", str(TS), "-qm", str(out)], check=True)
    assert out.read_bytes() == qt_language.CATALOGUE.read_bytes(), "rebuild gui/translations/qtbase_nb.qm"
