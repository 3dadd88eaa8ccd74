"""Write an opaque QImage as PNG with a deliberately chosen zlib level.

Why not ``QImage.save``: Qt hands every row to libpng's adaptive filters and zlib at a
level derived from ``quality``; for a 2480×3508 page of flat map colours that took
0.25–0.5 s, as long as drawing the page. Flat colour compresses well with no filter at
all, so rows are written unfiltered (filter type 0) through ``zlib`` at :data:`LEVEL`,
block by block (no second copy of the page in memory). Measured on the national A4 page
at 300 dpi (bench/RESULTS.md): Qt quality 80 ≈ 576 KB; level 3 ≈ 524 KB in about a
quarter of the time. The page has ~600 distinct colours (antialiased text), more than a
palette holds, so it stays RGB (lossless).

The file keeps what Qt wrote: the image's text entries (tEXt when Latin-1, else iTXt)
and its resolution (pHYs), so ``QImage(path).text(key)`` and ``dotsPerMeterX()`` read back.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage

#: zlib level: 1–3 are within 15 % in size on map pages; 3 is the smallest of the fast ones
LEVEL = 3
#: rows per compressed block
_BLOCK_ROWS = 256


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _text_chunk(key: str, value: str) -> bytes:
    k = key.encode("latin-1", "replace")[:79]
    try:
        return _chunk(b"tEXt", k + b"\0" + value.encode("latin-1"))
    except UnicodeEncodeError:  # iTXt: uncompressed UTF-8, no language tag
        return _chunk(b"iTXt", k + b"\0\0\0\0\0" + value.encode("utf-8"))


def write_png(image: QImage, path: str | Path, level: int = LEVEL) -> None:
    """Write ``image`` (any opaque format) as an 8-bit RGB PNG at ``path``."""
    rgb = image.convertToFormat(QImage.Format_RGB888)
    w, h = rgb.width(), rgb.height()
    if w <= 0 or h <= 0:
        raise ValueError("cannot write an empty image")
    bpl = rgb.bytesPerLine()
    pixels = np.frombuffer(rgb.constBits(), dtype=np.uint8, count=bpl * h).reshape(h, bpl)[:, : w * 3]
    head = [b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))]
    if image.dotsPerMeterX() > 0 and image.dotsPerMeterY() > 0:
        head.append(_chunk(b"pHYs", struct.pack(">IIB", image.dotsPerMeterX(), image.dotsPerMeterY(), 1)))
    head += [_text_chunk(k, image.text(k)) for k in image.textKeys()]
    comp = zlib.compressobj(level)
    rows = np.zeros((min(_BLOCK_ROWS, h), w * 3 + 1), dtype=np.uint8)  # column 0: filter type 0 (none)
    with open(path, "wb") as f:
        f.write(b"".join(head))
        for top in range(0, h, _BLOCK_ROWS):
            block = pixels[top: top + _BLOCK_ROWS]
            rows[: len(block), 1:] = block
            data = comp.compress(rows[: len(block)].tobytes())
            if data:
                f.write(_chunk(b"IDAT", data))
        f.write(_chunk(b"IDAT", comp.flush()))
        f.write(_chunk(b"IEND", b""))
