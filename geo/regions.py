"""Resolve what a planner types as "my county/region" to one unit.

Exports can be limited to a county, health region or health-trust area (and, for
completeness, one municipality). The CLI takes ``--region 18``, ``--region helse-nord``
or ``--region Nordland``; the export dialog offers the same units. One resolver keeps
both in agreement.
"""

from __future__ import annotations

import re

from geo.gazetteer import Gazetteer, Unit
from geo.levels import MapLevel
from geo.names import fold

#: levels a region can be chosen from, in the order names are tried
REGION_LEVELS = ("fylke", "helseregion", "helseforetak", "kommune")


class RegionNotFound(KeyError):
    """The text names no county, region or health-trust area (or more than one)."""

    def __str__(self) -> str:  # KeyError quotes its message; keep it readable
        return str(self.args[0]) if self.args else ""


def find_region(text: str, gaz: Gazetteer) -> Unit:
    """Unit for a fylke number ('18'), kommune number ('1804'), region/HF id or exact name."""
    q = str(text).strip()
    if not q:
        raise RegionNotFound("empty region")
    if re.fullmatch(r"\d{1,2}", q):
        unit = gaz.find("fylke", q)
        if unit:
            return unit
    if re.fullmatch(r"\d{3,4}", q):
        unit = gaz.find("kommune", q)
        if unit:
            return unit
    key = fold(q)
    for i, level in enumerate(REGION_LEVELS):
        if i == 1:  # ids after county names, so "Oslo" is the county, "oslo" too
            for id_level in ("helseregion", "helseforetak"):
                unit = gaz.find(id_level, q.lower())
                if unit:
                    return unit
        hits = [u for u in gaz.level_units(level) if key in {fold(u.name), fold(u.short_name), fold(u.code)}
                or key in {fold(n) for n in u.parallel_names}]
        if not hits:
            hits = gaz.by_name(q, level)
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            codes = ", ".join(u.code for u in hits)
            raise RegionNotFound(f"region {text!r} is ambiguous ({level} {codes}); give the number")
    raise RegionNotFound(
        f"unknown region {text!r}: give a fylke number (e.g. 18), a kommune number, "
        "a health region or health-trust id (see main.py info), or an exact name"
    )


def region_choices(gaz: Gazetteer) -> list[Unit]:
    """Counties, health regions and health-trust areas, for the export dialog."""
    return [u for lv in ("fylke", "helseregion", "helseforetak") for u in gaz.level_units(lv)]


def units_in_region(region: Unit, label_points, geoms=None, *, vintage: str | None = None):
    """Boolean mask: which units (given by their label points) lie in ``region``.

    A unit belongs to the region when its label point (a point inside the unit) lies in
    the region's polygon. If the region is smaller than every unit (one municipality on
    a county map), the unit that holds the region is chosen, which needs ``geoms``.
    """
    import numpy as np
    import shapely

    from geo.boundaries import shapes

    s = shapes(region.level, vintage or region.vintage)
    poly = s.geometries[s.index(region.code)]
    pts = np.asarray(label_points, dtype=float)
    inside = np.asarray(shapely.contains_xy(poly, pts[:, 0], pts[:, 1]), dtype=bool)
    if not inside.any() and geoms is not None:
        x, y = shapely.get_coordinates(shapely.point_on_surface(poly))[0]
        inside = np.asarray(shapely.contains_xy(np.asarray(geoms, dtype=object), x, y), dtype=bool)
    return inside


def region_codes(level: MapLevel, region: Unit, vintage: str | None = None) -> set[str]:
    """Codes of the units of ``level`` (bundled or imported) that lie in ``region`` of the ``vintage`` map."""
    s = level.shapes()
    mask = units_in_region(region, s.label_points, s.geometries, vintage=vintage)
    return {c for c, m in zip(s.codes, mask) if m}
