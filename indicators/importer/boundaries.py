"""Read a planner's own boundary file as an extra map level.

Kartverket publishes newer boundaries (2024 municipalities and counties) as
GeoJSON, GeoPackage or zipped Shapefile, in EPSG:4258/4326/25833 and sometimes in
a GeoJSON variant that wraps several feature collections in one object. Any of
these is read, reprojected to EPSG:25833, reduced to ``code``/``name``/geometry,
and repaired where polygons are invalid — with a report of what was done, so a
planner can map 2024-coded tables without a crosswalk.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely

from geo.boundary_messages import MESSAGES, BoundaryImportError  # noqa: F401 - re-exported
from geo.input_limits import LimitError, check_regular_file, load_json, short_path
from geo.levels import CRS
from geo.names import fold

#: attribute names that usually hold the unit number / the unit name (folded)
CODE_FIELDS = ("kommunenummer", "kommunenr", "komnr", "knr", "kommunenum", "fylkesnummer", "fylkesnr", "fnr",
               "fylkesnumm", "code", "kode", "nummer", "nr", "id", "objid", "lokalid")
NAME_FIELDS = ("kommunenavn", "kommunenav", "fylkesnavn", "fylkesnavn", "navn", "name", "namn", "kommune",
               "fylke", "stedsnavn", "label")
VECTOR_SUFFIXES = (".shp", ".geojson", ".json", ".gpkg")

_SHP_PARTS = {".dbf": ("attributes", "attributtene"), ".shx": ("index", "indeksen")}



@dataclass
class BoundarySource:
    """What a boundary file holds, for the dialog to offer choices."""

    path: str
    layers: list[str]
    layer: str
    fields: list[str]
    code_field: str | None
    name_field: str | None
    crs: str | None
    count: int
    geometry_type: str
    sample: list[dict] = field(default_factory=list)


# -- opening ---------------------------------------------------------------------------
def _check_exists(path: Path) -> None:  # only a regular file of an openable path is read
    try:
        check_regular_file(path)
    except LimitError as exc:
        raise BoundaryImportError("limit", en=exc.text("en"), nb=exc.text("nb")) from None
    if not path.exists():
        raise BoundaryImportError("missing", path=short_path(path))


def _zip_members(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if not n.startswith("__MACOSX")]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise BoundaryImportError("unreadable", path=path.name, error=str(exc)) from None
    lower = {n.lower() for n in names}
    for n in names:
        if n.lower().endswith(".shp"):
            for part, (what, what_nb) in _SHP_PARTS.items():
                if n.lower()[:-4] + part not in lower:
                    raise BoundaryImportError("shp_part_missing", member=n, part=part, what=what, what_nb=what_nb)
    return [n for n in names if n.lower().endswith(VECTOR_SUFFIXES)]


def _wrapped_collections(path: Path) -> dict | None:
    """Kartverket's GeoJSON variant: {"Kommune": FeatureCollection, "Kommunegrense": …}."""
    if path.suffix.lower() not in (".json", ".geojson"):
        return None
    try:
        with open(path, "rb") as f:
            head = f.read(4096).lstrip()
        if not head.startswith(b"{") or b'"type"' in head[:40]:
            return None
        data = load_json(path.read_bytes(), "the GeoJSON file", "GeoJSON-filen")
    except LimitError as exc:
        if exc.key == "json_depth":
            raise BoundaryImportError("limit", en=exc.text("en"), nb=exc.text("nb")) from None
        return None
    except OSError:
        return None
    if not isinstance(data, dict) or data.get("type"):
        return None
    out = {k: v for k, v in data.items() if isinstance(v, dict) and v.get("type") == "FeatureCollection"}
    return out or None


def list_layers(path: str | Path) -> list[str]:
    """Layers of a boundary file (one per Shapefile in a zip, per table in a GeoPackage)."""
    import pyogrio

    path = Path(path)
    _check_exists(path)
    if zipfile.is_zipfile(path):
        members = _zip_members(path)
        if not members:
            raise BoundaryImportError("zip_empty")
        return members
    wrapped = _wrapped_collections(path)
    if wrapped:
        return list(wrapped)
    try:
        layers = pyogrio.list_layers(path)
    except Exception as exc:  # pyogrio raises several DataSourceError types
        raise BoundaryImportError("unreadable", path=path.name, error=_short(exc)) from None
    names = [str(name) for name, gtype in layers if gtype is not None]
    if not names:
        raise BoundaryImportError("no_layers")
    return names


def _short(exc: Exception) -> str:
    return str(exc).split(";")[0].strip()


def _read(path: Path, layer: str | None):
    """GeoDataFrame of one layer, any CRS (not yet reprojected)."""
    import geopandas as gpd

    layers = list_layers(path)
    if layer is None:
        layer = _default_layer(layers)
    elif layer not in layers:
        raise BoundaryImportError("no_layer", layer=layer, layers=", ".join(layers))
    try:
        if zipfile.is_zipfile(path):
            inner = f"/vsizip/{path.resolve()}/{layer}"
            gdf = gpd.read_file(inner, engine="pyogrio")
        else:
            wrapped = _wrapped_collections(path)
            if wrapped:
                fc = wrapped[layer]
                gdf = gpd.GeoDataFrame.from_features(fc.get("features", []), crs=_geojson_crs(fc))
            else:
                gdf = gpd.read_file(path, layer=layer, engine="pyogrio")
    except BoundaryImportError:
        raise
    except Exception as exc:
        raise BoundaryImportError("unreadable", path=path.name, error=_short(exc)) from None
    return gdf, layer, layers


def _default_layer(layers: list[str]) -> str:
    """Prefer a layer that sounds like areas (Kommune, Fylke) over boundary lines."""
    for name in layers:
        f = fold(Path(name).stem)
        if (f in ("kommune", "kommuner", "fylke", "fylker")
                or (f.startswith(("kommune", "fylke")) and "grense" not in f)):
            return name
    return layers[0]


def _geojson_crs(fc: dict) -> str | None:
    name = ((fc.get("crs") or {}).get("properties") or {}).get("name")
    if not name:
        return "EPSG:4326"  # RFC 7946 default
    m = re.search(r"EPSG:+(\d+)", name)
    return f"EPSG:{m.group(1)}" if m else name


# -- attributes ------------------------------------------------------------------------
def _flat(value) -> str:
    """Attribute value as text; Kartverket's name lists become 'Kárášjohka - Karasjok'."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            value = load_json(value, allow_constants=True)
        except LimitError:
            return value.strip()[:200]
    if isinstance(value, list):
        parts = [_flat(v) for v in value]
        return " - ".join(p for p in parts if p)
    if isinstance(value, dict):
        for k in ("navn", "name", "komplettskrivemåte", "skrivemåte"):
            if k in value:
                return _flat(value[k])
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def guess_fields(gdf) -> tuple[str | None, str | None]:
    fields = [c for c in gdf.columns if c != gdf.geometry.name]
    folded = {fold(c): c for c in fields}
    code = next((folded[f] for f in CODE_FIELDS if f in folded), None)
    if code is None:
        for c in fields:
            vals = [_flat(v) for v in gdf[c].head(200)]
            if vals and all(v.isdigit() for v in vals) and len(set(vals)) == len(vals):
                code = c
                break
    name = next((folded[f] for f in NAME_FIELDS if f in folded and folded[f] != code), None)
    if name is None:
        for c in fields:
            if c == code:
                continue
            vals = [_flat(v) for v in gdf[c].head(50)]
            if vals and all(v and not v.isdigit() for v in vals):
                name = c
                break
    return code, name


def inspect(path: str | Path, layer: str | None = None) -> BoundarySource:
    """Layers, attributes and guessed code/name attributes of a boundary file."""
    path = Path(path)
    gdf, layer, layers = _read(path, layer)
    code, name = guess_fields(gdf)
    fields = [c for c in gdf.columns if c != gdf.geometry.name]
    sample = [{c: _flat(r[c]) for c in fields} for _, r in gdf.head(10).iterrows()]
    gtypes = sorted(set(gdf.geom_type.dropna()))
    return BoundarySource(str(path), layers, layer, fields, code, name, gdf.crs.to_string() if gdf.crs else None,
                          len(gdf), ", ".join(gtypes), sample)


# -- loading ---------------------------------------------------------------------------
def _assume_crs(gdf, report: dict):
    minx, miny, maxx, maxy = gdf.total_bounds
    if -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90:
        report["assumed_crs"] = "EPSG:4326"
        return gdf.set_crs("EPSG:4326")
    if -2_500_000 <= minx <= maxx <= 3_500_000 and 6_000_000 <= miny <= maxy <= 9_500_000:
        report["assumed_crs"] = CRS
        return gdf.set_crs(CRS)
    raise BoundaryImportError("no_crs")


def _polygonal(geom):
    """The polygonal part of a (repaired) geometry, or None."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    if geom.geom_type == "GeometryCollection":
        polys = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
        if not polys:
            return None
        return shapely.union_all(polys) if len(polys) > 1 else polys[0]
    return None


def load_boundary_layer(path: str | Path, *, layer: str | None = None, code_field: str | None = None,
                        name_field: str | None = None, layer_id: str | None = None, name: str | None = None,
                        taken: set[str] | frozenset[str] = frozenset()):
    """Read, reproject to EPSG:25833, repair and return an ``indicators.session.BoundaryLayer``.

    Coordinates that contradict the declared coordinate system, are not finite, or do
    not land in or near Norway are refused (:mod:`geo.boundary_crs`).
    """
    path = Path(path)
    try:
        return _load(path, layer, code_field, name_field, layer_id, name, taken)
    except MemoryError:
        raise BoundaryImportError("memory") from None
    except RecursionError:
        raise BoundaryImportError("limit", en="the file is nested too deeply", nb="Filen er nøstet for dypt.") from None


def _load(path: Path, layer, code_field, name_field, layer_id, name, taken):
    import geopandas as gpd

    from geo.boundary_crs import check_coordinates, check_projected, defaulted_geojson_crs
    from indicators.session import BoundaryLayer

    gdf, layer, _ = _read(path, layer)
    if gdf.empty:
        raise BoundaryImportError("no_features")
    fields = [c for c in gdf.columns if c != gdf.geometry.name]
    guess_code, guess_name = guess_fields(gdf)
    code_field = code_field or guess_code
    name_field = name_field or guess_name
    if code_field is None:
        if not fields:
            raise BoundaryImportError("no_fields")
        raise BoundaryImportError("no_code_field", fields=", ".join(fields))
    for f in (code_field, name_field):
        if f and f not in fields:
            raise BoundaryImportError("no_field", field=f, fields=", ".join(fields))
    report: dict = {"file": path.name, "layer": layer, "features": int(len(gdf)), "code_field": code_field,
                    "name_field": name_field or "", "crs_from": gdf.crs.to_string() if gdf.crs else None}
    if gdf.crs is not None and defaulted_geojson_crs(path, gdf):
        gdf = gdf.set_crs(None, allow_override=True)  # GeoJSON's WGS 84 was only the default
        report["crs_from"] = None
    if gdf.crs is None:
        gdf = _assume_crs(gdf, report)
    check_coordinates(gdf)
    codes = np.array([_flat(v) for v in gdf[code_field]], dtype=object)
    names = np.array([_flat(v) for v in gdf[name_field]] if name_field else [""] * len(gdf), dtype=object)
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    has_geom = np.array([g is not None and not g.is_empty for g in geoms])
    kinds = {g.geom_type for g in geoms[has_geom]}
    if not kinds & {"Polygon", "MultiPolygon", "GeometryCollection"}:
        raise BoundaryImportError("no_polygons", kind=", ".join(sorted(kinds)) or "no geometry")
    # repair
    valid = np.array([bool(shapely.is_valid(g)) if h else True for g, h in zip(geoms, has_geom)])
    repaired_codes = []
    out_geoms: list = []
    dropped_empty, dropped_kind = [], []
    for g, h, ok, c in zip(geoms, has_geom, valid, codes):
        if not h:
            dropped_empty.append(c)
            out_geoms.append(None)
            continue
        if not ok:
            g = shapely.make_valid(g)
            repaired_codes.append(c)
        poly = _polygonal(g)
        if poly is None or poly.is_empty:
            dropped_kind.append(c)
        out_geoms.append(poly)
    keep = np.array([g is not None for g in out_geoms]) & (codes != "")
    no_code = int(((codes == "") & np.array([g is not None for g in out_geoms])).sum())
    frame = gpd.GeoDataFrame(
        {"code": codes[keep], "name": names[keep]},
        geometry=[g for g, k in zip(out_geoms, keep) if k], crs=gdf.crs,
    )
    if frame.empty:
        raise BoundaryImportError("no_codes", field=code_field)
    source_crs = frame.crs
    frame = frame.to_crs(CRS)
    check_projected(frame, source_crs)
    dissolved = {}
    if frame["code"].duplicated().any():
        counts = frame["code"].value_counts()
        dissolved = {str(k): int(v) for k, v in counts[counts > 1].items()}
        frame = frame.dissolve(by="code", aggfunc={"name": "first"}, as_index=False)
    frame = frame.sort_values("code").reset_index(drop=True)[["code", "name", "geometry"]]
    report.update(
        units=int(len(frame)), crs_to=CRS, repaired=len(repaired_codes),
        repaired_codes=[str(c) for c in repaired_codes],
        dropped_empty=[str(c) for c in dropped_empty], dropped_not_polygonal=[str(c) for c in dropped_kind],
        dropped_without_code=no_code, dissolved=dissolved,
    )
    stem = name or path.stem
    layer_id = layer_id or _unique_id(f"lag_{_slug(stem)}", taken)
    return BoundaryLayer(id=layer_id, name=name or stem, path=str(path), frame=frame, report=report)


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", " ".join(fold(w) for w in text.split())).strip("_")
    return s[:40] or "grenser"


def _unique_id(base: str, taken) -> str:
    out, n = base, 2
    while out in taken:
        out, n = f"{base}_{n}", n + 1
    return out


def report_text(report: dict, lang: str = "nb") -> list[str]:
    """The repair report as sentences for the dialog or the log."""
    r = report
    if lang == "nb":
        lines = [f"{r.get('features', 0)} objekter lest fra laget «{r.get('layer')}», {r.get('units', 0)} enheter."]
        if r.get("assumed_crs"):
            lines.append(f"Filen oppga ikke koordinatsystem; antatt {r['assumed_crs']} ut fra koordinatene.")
        if r.get("crs_from") and r.get("crs_from") != CRS:
            lines.append(f"Omregnet fra {r['crs_from']} til {CRS}.")
        if r.get("repaired"):
            lines.append(f"{r['repaired']} ugyldige geometrier reparert: {', '.join(r['repaired_codes'][:20])}.")
        if r.get("dropped_empty") or r.get("dropped_not_polygonal"):
            lines.append("Utelatt (tom eller ikke flate): "
                         + ", ".join((r.get("dropped_empty") or []) + (r.get("dropped_not_polygonal") or [])))
        if r.get("dropped_without_code"):
            lines.append(f"{r['dropped_without_code']} objekter uten nummer er utelatt.")
        if r.get("dissolved"):
            lines.append("Flere deler slått sammen for: " + ", ".join(f"{k} ({v})" for k, v in r["dissolved"].items()))
        return lines
    lines = [f"{r.get('features', 0)} features read from layer '{r.get('layer')}', {r.get('units', 0)} units."]
    if r.get("assumed_crs"):
        lines.append(f"No CRS in the file; assumed {r['assumed_crs']} from the coordinates.")
    if r.get("crs_from") and r.get("crs_from") != CRS:
        lines.append(f"Reprojected from {r['crs_from']} to {CRS}.")
    if r.get("repaired"):
        lines.append(f"{r['repaired']} invalid geometries repaired: {', '.join(r['repaired_codes'][:20])}.")
    if r.get("dropped_empty") or r.get("dropped_not_polygonal"):
        lines.append("Left out (empty or not an area): "
                     + ", ".join((r.get("dropped_empty") or []) + (r.get("dropped_not_polygonal") or [])))
    if r.get("dropped_without_code"):
        lines.append(f"{r['dropped_without_code']} features without a code left out.")
    if r.get("dissolved"):
        lines.append("Several parts merged for: " + ", ".join(f"{k} ({v})" for k, v in r["dissolved"].items()))
    return lines
