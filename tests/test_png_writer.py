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


def test_in_place_writes_the_same_file_and_leaves_the_image_rgb888(qapp, tmp_path):
    img = _page(qapp)
    copy, inplace = tmp_path / "copy.png", tmp_path / "inplace.png"
    write_png(img, copy)
    assert img.format() == QImage.Format_RGB32  # a copy was converted
    write_png(img, inplace, in_place=True)
    assert inplace.read_bytes() == copy.read_bytes()
    assert img.format() == QImage.Format_RGB888 and img.text("Title") == "Andel pasienter på liste uten lege"


def _idat_stream(png: bytes) -> bytes:
    import struct

    pos, out = 8, []
    while pos < len(png):
        (n,) = struct.unpack(">I", png[pos: pos + 4])
        if png[pos + 4: pos + 8] == b"IDAT":
            out.append(png[pos + 8: pos + 8 + n])
        pos += 12 + n
    return b"".join(out)


def test_bands_compressed_apart_join_into_one_valid_zlib_stream(qapp, tmp_path, monkeypatch):
    import zlib

    from gui import png_writer

    img = _page(qapp).scaled(1201, 1900)  # tall enough for several bands
    one, three = tmp_path / "one.png", tmp_path / "three.png"
    monkeypatch.setattr(png_writer, "_bands", lambda: 1)
    write_png(img, one)
    monkeypatch.setattr(png_writer, "_bands", lambda: 3)
    write_png(img, three)
    # zlib checks the stream's Adler-32 and that the bands end where the next begins
    raw_one = zlib.decompress(_idat_stream(one.read_bytes()))
    raw_three = zlib.decompress(_idat_stream(three.read_bytes()))
    assert raw_three == raw_one and len(raw_one) == 1900 * (1201 * 3 + 1)
    assert QImage(str(three)).convertToFormat(QImage.Format_RGB32) == img.convertToFormat(QImage.Format_RGB32)
    assert three.stat().st_size < one.stat().st_size * 1.02  # each band primed with the data before it
