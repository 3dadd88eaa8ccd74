"""The canvas's start view (its id and border layers) kept in the user cache (issue 15).

Why: the first paint of a start built every unit's path, rasterised the id image and
stroked the borders and coast — ~40 ms of the cold start, for pixels that are the same
at every start with the same map, window size and extent. The layers of the view a
window opens with (and of the one it closes on, which the next start restores) are kept
as one entry of :func:`geo.disk_cache.cached`, under a key of everything they are drawn
from: the bundled geometry's own cache key (GeoPackage and drawing code), this module,
the raster cache and the painter, the extent, the size, the style and Qt's version.
Imported layers (no cache key) are never kept. A damaged entry is rebuilt, never trusted.
"""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

import numpy as np
from PySide6.QtCore import qVersion
from PySide6.QtGui import QImage

log = logging.getLogger(__name__)

NAME = "start-view"  # one entry: the last view kept


def view_key(geo, overlay, extent, width: int, height: int, style) -> str | None:
    """The disk key of these layers, or None when they are not drawn from bundled geometry only."""
    if geo.cache_key is None or (overlay is not None and overlay.cache_key is None):
        return None
    from geo.disk_cache import key_of
    from gui.render import map_painter, raster_cache

    parts = [*geo.cache_key, *(overlay.cache_key if overlay is not None else ("", "")),
             repr(tuple(round(v, 3) for v in extent)), f"{width}x{height}", repr(style), qVersion()]
    return key_of([Path(__file__), Path(raster_cache.__file__), Path(map_painter.__file__)], *parts)


def _path(key: str) -> Path:
    from geo.disk_cache import entry_path

    return entry_path(NAME, key)


def load(key: str, width: int, height: int) -> tuple[np.ndarray, QImage] | None:
    """(ids, lines) kept under ``key``, or None (not kept, or not readable as such)."""
    try:
        with _path(key).open("rb") as f:
            ids, lines = pickle.load(f)
        ids = np.asarray(ids)
        if ids.shape != (height, width) or ids.dtype.kind not in "ui" or not isinstance(lines, bytes) \
                or len(lines) != width * height * 4:
            raise ValueError("layers of another size")
    except FileNotFoundError:
        return None
    except Exception as exc:  # noqa: BLE001 - a damaged entry is rebuilt, never trusted
        log.warning("start view %s unreadable (%s); drawn again", key, exc)
        return None
    image = QImage(lines, width, height, width * 4, QImage.Format_ARGB32_Premultiplied).copy()  # owns its pixels
    return ids, image  # kept as stored (uint16 for up to 65 535 units): the colour lookup reads fewer bytes


def save(key: str, ids: np.ndarray, lines: QImage) -> None:
    """Keep these layers under ``key`` (replacing the entry kept before), unless kept already."""
    if _path(key).exists():
        return
    from geo.disk_cache import cached

    h, w = ids.shape
    if lines.bytesPerLine() != w * 4 or lines.format() != QImage.Format_ARGB32_Premultiplied:
        return
    small = ids.astype(np.uint16) if ids.max(initial=0) < 1 << 16 else ids
    cached(NAME, key, lambda: (small, bytes(lines.constBits())), kind=tuple)
