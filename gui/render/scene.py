"""Geometry of one level prepared for drawing and hit-testing, built once and cached.

Switching indicator or period only changes which class each unit is in; the
geometry here is reused, so re-colouring never rebuilds polygons.

Drawing uses levels of detail: at national scale one screen pixel covers about
2 km, so the full 77 000 vertices are wasted work. A detail level snaps every
vertex to a grid of the tolerance and drops repeated points (numpy, a few ms).
Because both neighbours hold the same vertices along a shared border, they snap to
the same grid points, so borders still coincide and no gaps open. The tolerance is
kept under half a device pixel. Hit-testing always uses the full geometry.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import shapely
from PySide6.QtGui import QPainterPath

from geo.levels import MapLevel
from gui.render.paths import LINE_TO, MOVE_TO, element_arrays, path_from_elements, paths_from_elements

#: simplification tolerances in metres; 0 = full detail
DETAIL_TOLERANCES = (0, 125, 250, 500, 1000, 2000, 4000)


@dataclass(eq=False)
class Detail:
    """Drawable arrays of one level at one simplification tolerance."""

    elements: np.ndarray
    offsets: np.ndarray
    _outline: QPainterPath | None = None
    _coast: QPainterPath | None = None
    _inner: QPainterPath | None = None
    _segment_counts: tuple | None = None
    _class_cache: OrderedDict = field(default_factory=OrderedDict)

    def outline(self) -> QPainterPath:
        if self._outline is None:
            self._outline = path_from_elements(self.elements)
        return self._outline

    def _segments(self) -> tuple[np.ndarray, np.ndarray]:
        """Every edge once, direction-normalised, and how often it occurs in the coverage."""
        if self._segment_counts is None:
            e = self.elements
            seg = e["type"][1:] == LINE_TO
            x1, y1, x2, y2 = e["x"][:-1][seg], e["y"][:-1][seg], e["x"][1:][seg], e["y"][1:][seg]
            swap = (x1 > x2) | ((x1 == x2) & (y1 > y2))
            a = np.ascontiguousarray(np.column_stack([np.where(swap, x2, x1), np.where(swap, y2, y1),
                                                      np.where(swap, x1, x2), np.where(swap, y1, y2)]))
            keys = a.view(np.dtype((np.void, a.dtype.itemsize * 4))).ravel()  # one 32-byte key per edge
            _, first, counts = np.unique(keys, return_index=True, return_counts=True)
            self._segment_counts = (a[first], counts)
        return self._segment_counts

    def _segment_path(self, segments: np.ndarray) -> QPainterPath:
        out = np.empty(2 * len(segments), dtype=self.elements.dtype)
        out["type"][0::2], out["type"][1::2] = MOVE_TO, LINE_TO
        out["x"][0::2], out["y"][0::2] = segments[:, 0], segments[:, 1]
        out["x"][1::2], out["y"][1::2] = segments[:, 2], segments[:, 3]
        return path_from_elements(out)

    def coast(self) -> QPainterPath:
        """The outer edge of the coverage (coast and national border).

        In a coverage every inner edge occurs twice (once per neighbour) and the outer
        edge once, so the coast is the edges that occur once — found with numpy on the
        same arrays the fills use, so it lines up with them at every detail level.
        """
        if self._coast is None:
            segments, counts = self._segments()
            self._coast = self._segment_path(segments[counts == 1])
        return self._coast

    def inner(self) -> QPainterPath:
        """Only the borders between units (edges that occur twice)."""
        if self._inner is None:
            segments, counts = self._segments()
            self._inner = self._segment_path(segments[counts >= 2])
        return self._inner

    def unit_path(self, i: int) -> QPainterPath:
        return path_from_elements(self.elements[self.offsets[i]: self.offsets[i + 1]])

    def unit_paths(self) -> list[QPainterPath]:
        """Every unit's path, in unit order (read in one stream: the same paths as :meth:`unit_path`)."""
        return paths_from_elements(self.elements, self.offsets)

    def class_paths(self, class_index: tuple[int, ...], n_classes: int) -> tuple[list[QPainterPath], QPainterPath]:
        key = (class_index, n_classes)
        hit = self._class_cache.get(key)
        if hit is not None:
            self._class_cache.move_to_end(key)
            return hit
        idx = np.asarray(class_index, dtype=int)
        # class of every vertex, then one stable sort: each class's vertices stay in unit
        # order, so its rings stay contiguous (no Python loop over units)
        element_class = np.repeat(idx, np.diff(self.offsets))
        order = np.argsort(element_class, kind="stable")
        bounds = np.searchsorted(element_class[order], np.arange(-1, n_classes + 1))
        ordered = self.elements[order]
        no_data = path_from_elements(ordered[bounds[0]: bounds[1]]) if bounds[1] > bounds[0] else QPainterPath()
        per_class = [
            path_from_elements(ordered[bounds[k + 1]: bounds[k + 2]])
            if bounds[k + 2] > bounds[k + 1] else QPainterPath()
            for k in range(n_classes)
        ]
        result = (per_class, no_data)
        self._class_cache[key] = result
        while len(self._class_cache) > 16:
            self._class_cache.popitem(last=False)
        return result


@dataclass(eq=False)
class LevelGeometry:
    """A level's shapes, codes and label points in map coordinates, with a spatial index made on demand."""

    level: str
    codes: tuple[str, ...]
    names: tuple[str, ...]
    geoms: np.ndarray
    label_points: np.ndarray
    _tree: shapely.STRtree | None = field(default=None, repr=False)
    _details: dict = field(default_factory=dict, repr=False)
    #: the export dialog renders in a worker thread while the screen paints
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    #: (name, key) of the drawing arrays in the disk cache (bundled levels only; see geometry_of)
    cache_key: tuple[str, str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.index = {c: i for i, c in enumerate(self.codes)}
        self.bounds = tuple(float(v) for v in shapely.total_bounds(self.geoms))
        self.unit_bounds = shapely.bounds(self.geoms)

    # -- detail levels -----------------------------------------------------------
    def detail(self, tolerance: float = 0) -> Detail:
        with self._lock:
            d = self._details.get(tolerance)
            if d is None:
                if self.cache_key is None:
                    d = self._build_detail(tolerance)
                else:  # a bundled level: the arrays come from the per-user disk cache
                    from geo.disk_cache import cached

                    name, key = self.cache_key
                    elements, offsets, segments = cached(f"detail-{name}-{tolerance:g}", key,
                                                         lambda: self._detail_arrays(tolerance), kind=tuple)
                    d = Detail(elements, offsets, _segment_counts=segments)
                self._details[tolerance] = d
            return d

    def _build_detail(self, tolerance: float) -> Detail:
        if tolerance == 0:
            return Detail(*element_arrays(self.geoms))
        return Detail(*snap_elements(self.detail(0).elements, self.detail(0).offsets, tolerance))

    def _detail_arrays(self, tolerance: float) -> tuple:
        d = self._build_detail(tolerance)
        return d.elements, d.offsets, d._segments()

    def detail_for(self, metres_per_pixel: float) -> Detail:
        """Coarsest detail whose grid is at most one device pixel."""
        return self.detail(tolerance_for(metres_per_pixel))

    def inner_borders(self, metres_per_pixel: float = 0) -> QPainterPath:
        """Only the borders between units, not the coast: drawn as the outline of the
        level above, so coasts do not print almost black."""
        return self.detail_for(metres_per_pixel).inner() if metres_per_pixel else self.detail(0).inner()

    # -- convenience at full detail ------------------------------------------------
    def outline(self) -> QPainterPath:
        return self.detail(0).outline()

    def unit_path(self, code: str) -> QPainterPath:
        return self.detail(0).unit_path(self.index[code])

    # -- queries ---------------------------------------------------------------
    @property
    def tree(self) -> shapely.STRtree:
        if self._tree is None:
            self._tree = shapely.STRtree(self.geoms)
        return self._tree

    def hit(self, x: float, y: float) -> str | None:
        """Code of the unit containing map point (x, y), or None (sea, abroad)."""
        hits = self.tree.query(shapely.Point(x, y), predicate="intersects")
        return self.codes[int(hits[0])] if len(hits) else None

    def extent_of(self, codes) -> tuple[float, float, float, float]:
        rows = self.unit_bounds[[self.index[c] for c in codes]]
        return (float(rows[:, 0].min()), float(rows[:, 1].min()), float(rows[:, 2].max()), float(rows[:, 3].max()))

    def aligned(self, class_codes: tuple[str, ...], class_index: tuple[int, ...]) -> tuple[int, ...]:
        """Re-order a classification's class indices to this geometry's unit order."""
        if class_codes == self.codes:
            return class_index
        lookup = dict(zip(class_codes, class_index))
        return tuple(lookup.get(c, -1) for c in self.codes)


def tolerance_for(metres_per_pixel: float) -> float:
    tol = 0
    for t in DETAIL_TOLERANCES:
        if t <= metres_per_pixel:  # snapping moves a vertex by at most 0.7 grid steps
            tol = t
    return tol


def snap_elements(elements: np.ndarray, offsets: np.ndarray, tolerance: float) -> tuple[np.ndarray, np.ndarray]:
    """Snap vertices to a ``tolerance`` grid, then drop repeated and collinear points.

    Both steps are decided from a vertex and its ring neighbours only, so a border
    shared by two units is treated the same on both sides; dropping an exactly
    collinear point (checked on integer grid indices) never changes a shape.
    """
    gx = np.round(elements["x"] / tolerance).astype(np.int64)
    gy = np.round(elements["y"] / tolerance).astype(np.int64)
    kind = elements["type"]
    owner = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))

    def ring_bounds(k):
        start = k == MOVE_TO
        end = np.ones(len(k), dtype=bool)
        end[:-1] = start[1:]
        return start, end

    start, end = ring_bounds(kind)
    same = np.zeros(len(gx), dtype=bool)
    same[1:] = (gx[1:] == gx[:-1]) & (gy[1:] == gy[:-1])
    keep = start | end | ~same
    gx, gy, kind, owner = gx[keep], gy[keep], kind[keep], owner[keep]
    start, end = ring_bounds(kind)
    cross = np.zeros(len(gx), dtype=bool)
    if len(gx) > 2:
        ax, ay = gx[1:-1] - gx[:-2], gy[1:-1] - gy[:-2]
        bx, by = gx[2:] - gx[1:-1], gy[2:] - gy[1:-1]
        cross[1:-1] = (ax * by - ay * bx) == 0
    keep = start | end | ~cross
    out = np.empty(int(keep.sum()), dtype=elements.dtype)
    out["type"] = kind[keep]
    out["x"] = gx[keep] * tolerance
    out["y"] = gy[keep] * tolerance
    new_offsets = np.searchsorted(owner[keep], np.arange(len(offsets)), side="left")
    return out, new_offsets


def from_geometries(level: str, codes, names, geoms, label_points=None) -> LevelGeometry:
    """Geometry from arbitrary polygons (imported boundary files, benchmark layers)."""
    geoms = np.asarray(geoms, dtype=object)
    if label_points is None:
        pts = shapely.point_on_surface(geoms)
        label_points = np.column_stack([shapely.get_x(pts), shapely.get_y(pts)])
    return LevelGeometry(level, tuple(codes), tuple(names), geoms, np.asarray(label_points, dtype=float))


class _BundledGeometry(LevelGeometry):
    """A bundled level's geometry whose shapes are read from the GeoPackage when first used.

    Why: the county borders over the municipality map are drawn from the drawing arrays in
    the disk cache (and at start from the kept start view), so reading and decoding the
    counties' polygons (~15 ms) waited on the first paint for nothing (issue 15). Any of
    the shape fields read them, the same fields :class:`LevelGeometry` has from the start.
    """

    _SHAPE_FIELDS = frozenset({"codes", "names", "geoms", "label_points", "index", "bounds", "unit_bounds"})

    def __init__(self, level: MapLevel) -> None:  # not the dataclass's: the shapes come later
        self.level = level.id
        self._map_level = level
        self._tree = None
        self._details = {}
        self._lock = threading.RLock()
        self.cache_key = _bundled_key(level)

    def __getattr__(self, name: str):
        if name not in _BundledGeometry._SHAPE_FIELDS:
            raise AttributeError(name)
        with self._lock:
            if name not in self.__dict__:
                s = self._map_level.shapes()
                self.codes, self.names, self.geoms, self.label_points = s.codes, s.names, s.geometries, s.label_points
                self.__post_init__()
        return self.__dict__[name]


def geometry_of(level: MapLevel) -> LevelGeometry:
    """Drawable geometry of any map level (bundled or imported), built once per level."""
    hit = level._cache.get("geometry")
    if hit is None:
        if level.bundled:
            hit = _BundledGeometry(level)
        else:
            s = level.shapes()
            hit = LevelGeometry(level.id, s.codes, s.names, s.geometries, s.label_points)
        level._cache["geometry"] = hit
    return hit


def _bundled_key(level: MapLevel) -> tuple[str, str]:
    """Drawing arrays of a bundled level are derived from its GeoPackage by this code only.

    The GeoPackage is named by its path, size and modification time (as Python checks a
    module's source against its .pyc), not by its sha256: hashing its 5 MB took ~6 ms of
    every cold start (issue 15), and the file changes only when it is rebuilt or checked out,
    which gives it a new modification time. The code is named by its content, as before.
    """
    from pathlib import Path

    from geo.boundaries import gpkg_path
    from geo.disk_cache import key_of
    from gui.render import paths

    gpkg = gpkg_path(level.vintage)
    st = gpkg.stat()
    return f"{level.id}-{level.vintage}", key_of([Path(__file__), Path(paths.__file__)],
                                                 f"{gpkg.resolve()}:{st.st_size}:{st.st_mtime_ns}")


def level_geometry(level: str, vintage: str) -> LevelGeometry:
    """The bundled geometry of a map level of one map vintage."""
    from geo.boundaries import map_level

    return geometry_of(map_level(level, vintage))
