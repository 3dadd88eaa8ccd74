"""gui/png_writer.py writes what QImage.save wrote: the same pixels, text entries and resolution."""

from __future__ import annotations

from PySide6.QtGui import QColor, QImage, QPainter

from gui.png_writer import write_png


def _page(qapp) -> QImage:
    img = QImage(301, 517, QImage.Format_RGB32)  # odd sizes: rows not a multiple of 4 bytes, blocks not full
    img.fill(QColor("#e6eef4"))
    p = QPainter(img)
    p.setRenderHint(QPainter.Antialiasing, True)
    p.setBrush(QColor("#bd0026"))
    p.drawEllipse(20, 30, 200, 300)
    p.drawText(40, 480, "Ålesund – Kárášjohka")
    p.end()
    img.setDotsPerMeterX(11811)
    img.setDotsPerMeterY(11811)
    img.setText("Title", "Andel pasienter på liste uten lege")
    img.setText("Description", "Kilde: SSB – ≈ anslått")  # not Latin-1: written as iTXt
    img.setText("legekart:north-arrow", "10.0 20.0 30.0 40.0 -3.25")
    return img


def test_round_trip_keeps_pixels_text_and_dpi(qapp, tmp_path):
    img = _page(qapp)
    out = tmp_path / "page.png"
    write_png(img, out)
    back = QImage(str(out))
    assert not back.isNull()
    assert back.convertToFormat(QImage.Format_RGB32) == img
    assert back.text("Title") == "Andel pasienter på liste uten lege"
    assert back.text("Description") == "Kilde: SSB – ≈ anslått"
    assert back.text("legekart:north-arrow") == "10.0 20.0 30.0 40.0 -3.25"
    assert back.dotsPerMeterX() == 11811 and back.dotsPerMeterY() == 11811
