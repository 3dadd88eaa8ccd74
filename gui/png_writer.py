"""Write an opaque QImage as PNG with a deliberately chosen zlib level.

Why not ``QImage.save``: Qt hands every row to libpng's adaptive filters and zlib at a
level derived from ``quality``; for a 2480×3508 page of flat map colours that took
0.25–0.5 s, as long as drawing the page. Flat colour compresses well with no filter at
all, so rows are written unfiltered (filter type 0) through ``zlib`` at :data:`LEVEL`,
in bands compressed on every core and joined into one zlib stream. Measured on the national A4 page
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
#: fewest rows per band compressed on its own core
_BLOCK_ROWS = 256
#: rows converted and fed to zlib at a time within a band
_STEP_ROWS = 256
#: deflate's window: each band is primed with this much of the data before it
_WINDOW = 32768
#: bytes per IDAT chunk
_IDAT = 1 << 20


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _text_chunk(key: str, value: str) -> bytes:
    k = key.encode("latin-1", "replace")[:79]
    try:
        return _chunk(b"tEXt", k + b"\0" + value.encode("latin-1"))
    except UnicodeEncodeError:  # iTXt: uncompressed UTF-8, no language tag
        return _chunk(b"iTXt", k + b"\0\0\0\0\0" + value.encode("utf-8"))


def _rows(rgb: np.ndarray, top: int, bottom: int) -> bytes:
    """Rows ``top:bottom`` of the RGB page as PNG scanlines: filter byte 0 (none), then the pixels."""
    rows = np.zeros((bottom - top, rgb.shape[1] + 1), dtype=np.uint8)
    rows[:, 1:] = rgb[top:bottom]
    return rows.tobytes()


def _deflate(rgb: np.ndarray, top: int, bottom: int, level: int, last: bool) -> tuple[bytes, int, int]:
    """One band as raw deflate, primed with the 32 KB before it (so a band boundary costs
    almost nothing in size), ended byte-aligned so bands join into one stream (as pigz does).
    Returns (compressed, Adler-32 of the band's scanlines, their length)."""
    prime = _rows(rgb, max(0, top - 8), top)[-_WINDOW:] if top else b""
    comp = zlib.compressobj(level, zlib.DEFLATED, -15, 9, zlib.Z_DEFAULT_STRATEGY, prime) if prime \
        else zlib.compressobj(level, zlib.DEFLATED, -15)
    out, adler, n = [], 1, 0
    for start in range(top, bottom, _STEP_ROWS):  # a few MB at a time: no copy of the whole page
        data = _rows(rgb, start, min(start + _STEP_ROWS, bottom))
        adler, n = zlib.adler32(data, adler), n + len(data)
        out.append(comp.compress(data))
    out.append(comp.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH))
    return b"".join(out), adler, n


def _adler32_combine(a: int, b: int, len_b: int) -> int:
    """The Adler-32 of two byte strings one after the other, from theirs (zlib's adler32_combine)."""
    base = 65521
    rem = len_b % base
    s1 = a & 0xFFFF
    s2 = (rem * s1) % base
    s1 = (s1 + (b & 0xFFFF) + base - 1) % base
    s2 = (s2 + ((a >> 16) & 0xFFFF) + ((b >> 16) & 0xFFFF) + base - rem) % base
    return s1 | (s2 << 16)


def write_png(image: QImage, path: str | Path, level: int = LEVEL, in_place: bool = False) -> None:
    """Write ``image`` (any opaque format) as an 8-bit RGB PNG at ``path``.

    The page is deflated in bands on all cores (zlib and the numpy copies release the GIL):
    on the national A4 page at 300 dpi that halves the ~110 ms of one core on two.
    ``in_place`` converts the caller's image itself to RGB888 (it is RGB888 afterwards):
    ~10 ms instead of ~20 ms for a copy whose 26 MB are new memory to a fresh process."""
    if in_place:
        image.convertTo(QImage.Format_RGB888)
        img = image
    else:
        img = image.convertToFormat(QImage.Format_RGB888)
    w, h = img.width(), img.height()
    if w <= 0 or h <= 0:
        raise ValueError("cannot write an empty image")
    bpl = img.bytesPerLine()
    rgb = np.frombuffer(img.constBits(), dtype=np.uint8, count=bpl * h).reshape(h, bpl)[:, : w * 3]
    head = [b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))]
    if image.dotsPerMeterX() > 0 and image.dotsPerMeterY() > 0:
        head.append(_chunk(b"pHYs", struct.pack(">IIB", image.dotsPerMeterX(), image.dotsPerMeterY(), 1)))
    head += [_text_chunk(k, image.text(k)) for k in image.textKeys()]
    bands = max(1, min(_bands(), h // _BLOCK_ROWS))
    edges = [round(i * h / bands) for i in range(bands + 1)]
    jobs = [(edges[i], edges[i + 1], i == bands - 1) for i in range(bands)]
    if bands == 1:
        parts = [_deflate(rgb, *jobs[0][:2], level, True)]
    else:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(bands) as pool:
            parts = list(pool.map(lambda j: _deflate(rgb, j[0], j[1], level, j[2]), jobs))
    adler = parts[0][1]
    for _, a, n in parts[1:]:
        adler = _adler32_combine(adler, a, n)
    # zlib header: deflate with a 32 KB window, FLEVEL 1 ("fast"); FCHECK makes it divisible by 31
    stream = b"\x78\x5e" + b"".join(c for c, _, _ in parts) + struct.pack(">I", adler & 0xFFFFFFFF)
    with open(path, "wb") as f:
        f.write(b"".join(head))
        for i in range(0, len(stream), _IDAT):
            f.write(_chunk(b"IDAT", stream[i: i + _IDAT]))
        f.write(_chunk(b"IEND", b""))


def _bands() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
