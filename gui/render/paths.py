"""Fast conversion of shapely polygons to QPainterPath.

Building QPainterPaths point by point from Python is slow for tens of thousands of
polygons. Instead we keep every unit's outline as a numpy array in the binary
stream format of QPainterPath (the approach pyqtgraph uses) and let QDataStream
read it in one call. Because the arrays are plain numpy, the paths of all units in
one map class can be concatenated and drawn with a single call, which keeps
re-colouring cheap at 14 000 polygons.

Rings are oriented (exteriors one way, holes the other) and paths use the winding
fill rule, so a merged path still fills a municipality that sits in another's hole.
Map y is negated so that north is up in Qt's y-down coordinates.
"""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtGui import QPainterPath

ELEMENT = np.dtype([("type", ">i4"), ("x", ">f8"), ("y", ">f8")])
MOVE_TO, LINE_TO = 0, 1
WINDING_FILL = 1


def element_arrays(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All rings of all geometries as one element array, plus per-geometry offsets.

    Elements of geometry ``i`` are ``elements[offsets[i]:offsets[i + 1]]``.
    """
    geoms = shapely.orient_polygons(np.asarray(geoms, dtype=object), exterior_cw=False)
    n = len(geoms)
    parts, part_owner = shapely.get_parts(geoms, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    coord_owner = part_owner[ring_part][coord_ring]
    elements = np.empty(len(coords), dtype=ELEMENT)
    elements["x"] = coords[:, 0]
    elements["y"] = -coords[:, 1]
    starts = np.ones(len(coords), dtype=bool)
    starts[1:] = coord_ring[1:] != coord_ring[:-1]
    elements["type"] = np.where(starts, MOVE_TO, LINE_TO)
    offsets = np.searchsorted(coord_owner, np.arange(n + 1), side="left")
    return elements, offsets


def path_from_elements(elements: np.ndarray, fill_rule: int = WINDING_FILL) -> QPainterPath:
    """Deserialize one element array into a QPainterPath."""
    header = np.array([len(elements)], dtype=">i4").tobytes()
    trailer = np.array([0, fill_rule], dtype=">i4").tobytes()  # cStart, fill rule
    # numpy may return native byte order after concatenation; the stream is big-endian
    body = np.ascontiguousarray(elements, dtype=ELEMENT).tobytes()
    from PySide6.QtCore import QByteArray, QDataStream, QIODevice  # not made at start: the view is kept (issue 15)

    data = QByteArray(header + body + trailer)
    path = QPainterPath()
    stream = QDataStream(data, QIODevice.ReadOnly)
    stream >> path
    return path


def paths_from_elements(elements: np.ndarray, offsets: np.ndarray, fill_rule: int = WINDING_FILL) -> list[QPainterPath]:
    """One QPainterPath per geometry (``elements[offsets[i]:offsets[i + 1]]``), read from one stream.

    Why: the canvas's first view needs every unit's path; one numpy copy, one QByteArray and
    one QDataStream for all of them cost a fraction of :func:`path_from_elements` per unit
    (~70 µs each, some 25 ms of the first paint at 357 municipalities).
    """
    n = len(offsets) - 1
    if n <= 0:
        return []
    counts = np.diff(offsets).astype(np.int64)
    words = ELEMENT.itemsize // 4  # an element is 5 big-endian int32 words
    # every unit's record: [count] [elements ...] [0, fill rule], as int32 words
    sizes = 3 + counts * words
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(sizes[:-1], out=starts[1:])
    out = np.empty(int(sizes.sum()), dtype=">i4")
    out[starts] = counts
    out[starts + sizes - 2] = 0
    out[starts + sizes - 1] = fill_rule
    first = int(offsets[0])
    body = np.ascontiguousarray(elements[first:int(offsets[-1])], dtype=ELEMENT).view(">i4")
    # where each unit's words land: its record's start + 1, shifted back by its first element's
    shift = np.repeat(starts + 1 - (offsets[:-1].astype(np.int64) - first) * words, counts * words)
    out[np.arange(len(body)) + shift] = body
    from PySide6.QtCore import QByteArray, QDataStream, QIODevice

    data = QByteArray(out.tobytes())  # kept referenced: the stream reads it
    stream = QDataStream(data, QIODevice.ReadOnly)
    paths = []
    for _ in range(n):
        path = QPainterPath()
        stream >> path
        paths.append(path)
    return paths
