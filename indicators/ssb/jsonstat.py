"""Decode a json-stat2 dataset (SSB's PxWebApi answer, or a file saved from its console).

Why our own decoder: the one well-known Python library (pyjstat) turns a dataset into
a pandas frame by labels and drops the ``status`` symbols, and we need codes, the
per-cell reason for a missing value (".." / ":" / "..."), units and a precise error
when SSB changes a table's layout. json-stat2 is small enough to read exactly:
``id`` and ``size`` give the dimensions in row-major order, each dimension's
``category.index`` gives the position of each code, ``value`` is a dense array or a
sparse ``{position: value}`` object, and ``status`` is a string, an array or an object.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

from indicators.ssb.errors import SsbError
from indicators.ssb.snapshot import Snapshot, Variable

#: SSB symbols that stand for "no number"; "-" means "nothing to report" and is zero
MISSING_SYMBOLS = ("..", "...", ":")
ZERO_SYMBOL = "-"

_GEO_NAMES = ("Region", "KOKkommuneregion0000", "Kommune", "region")
_METRIC_NAMES = ("ContentsCode", "statistikkvariabel")
_TIME_NAMES = ("Tid", "år", "Year")


@dataclass(frozen=True)
class Dimension:
    id: str
    label: str
    codes: tuple[str, ...]  # in index order
    labels: dict[str, str]
    units: dict[str, str] = field(default_factory=dict)  # metric dimension: code -> unit base


@dataclass(frozen=True)
class Dataset:
    """A decoded json-stat2 dataset: dimensions plus one value (or None) per cell."""

    label: str
    updated: str
    dimensions: tuple[Dimension, ...]
    values: list[float | None]
    status: dict[int, str]
    roles: dict[str, list[str]]

    def dimension(self, dim_id: str) -> Dimension:
        for d in self.dimensions:
            if d.id == dim_id:
                return d
        raise KeyError(dim_id)

    @property
    def ids(self) -> list[str]:
        return [d.id for d in self.dimensions]

    def strides(self) -> list[int]:
        sizes = [len(d.codes) for d in self.dimensions]
        out = [1] * len(sizes)
        for i in range(len(sizes) - 2, -1, -1):
            out[i] = out[i + 1] * sizes[i + 1]
        return out


def _layout(detail: str) -> SsbError:
    return SsbError("layout", detail=detail)


def decode(doc: object) -> Dataset:
    """Read a parsed JSON document as a json-stat2 dataset; SsbError("layout") if it is not one."""
    if isinstance(doc, dict) and doc.get("class") == "collection":
        raise _layout("a json-stat collection, not one dataset")
    if not isinstance(doc, dict) or doc.get("class", "dataset") != "dataset":
        raise _layout("not a json-stat2 dataset")
    ids, sizes, dims = doc.get("id"), doc.get("size"), doc.get("dimension")
    if not (isinstance(ids, list) and isinstance(sizes, list) and isinstance(dims, dict)):
        raise _layout("no id/size/dimension (json-stat 1 or another format)")
    if len(ids) != len(sizes) or not all(isinstance(s, int) and s >= 0 for s in sizes):
        raise _layout("id and size do not match")
    dimensions = tuple(_dimension(str(i), dims.get(i), n) for i, n in zip(ids, sizes))
    total = math.prod(sizes) if sizes else 0
    values = _values(doc.get("value"), total)
    status = _status(doc.get("status"), total)
    role = doc.get("role")
    if not isinstance(role, dict):
        role = {}
    roles = {str(k): [str(x) for x in v] for k, v in role.items() if isinstance(v, list)}
    return Dataset(str(doc.get("label", "")), str(doc.get("updated", "")), dimensions, values, status, roles)


def _dimension(dim_id: str, raw: object, size: int) -> Dimension:
    if not isinstance(raw, dict) or not isinstance(raw.get("category"), dict):
        raise _layout(f"dimension {dim_id!r} has no categories")
    cat = raw["category"]
    index, labels = cat.get("index"), cat.get("label") or {}
    if index is None and isinstance(labels, dict) and len(labels) == 1:  # a single category may omit index
        index = list(labels)
    if isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, dict):
        try:
            order = sorted(index.items(), key=lambda kv: int(kv[1]))
        except (TypeError, ValueError):
            raise _layout(f"dimension {dim_id!r} has a broken index") from None
        codes = [str(c) for c, _ in order]
        if [int(p) for _, p in order] != list(range(len(codes))):
            raise _layout(f"dimension {dim_id!r} has gaps in its index")
    else:
        raise _layout(f"dimension {dim_id!r} has no index")
    if len(codes) != size or len(set(codes)) != len(codes):
        raise _layout(f"dimension {dim_id!r} has {len(codes)} categories, size says {size}")
    units = {}
    if isinstance(cat.get("unit"), dict):
        for code, u in cat["unit"].items():
            if isinstance(u, dict):
                units[str(code)] = str(u.get("base") or u.get("label") or "")
    names = {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}
    return Dimension(dim_id, str(raw.get("label", dim_id)), tuple(codes), names, units)


def _number(x: object, where: str) -> float | None:
    if x is None:
        return None
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(float(x)):
        raise _layout(f"value {where} is {x!r}, not a number")
    return float(x)


def _values(raw: object, total: int) -> list[float | None]:
    if isinstance(raw, list):
        if len(raw) != total:
            raise _layout(f"{len(raw)} values for {total} cells")
        return [_number(x, f"#{i}") for i, x in enumerate(raw)]
    if isinstance(raw, dict):  # sparse: position -> value
        out: list[float | None] = [None] * total
        for k, x in raw.items():
            try:
                i = int(k)
            except ValueError:
                raise _layout(f"sparse value key {k!r} is not a position") from None
            if not 0 <= i < total:
                raise _layout(f"sparse value position {i} outside {total} cells")
            out[i] = _number(x, f"#{i}")
        return out
    raise _layout("no value array")


def _status(raw: object, total: int) -> dict[int, str]:
    if raw is None:
        return {}
    if isinstance(raw, str):
        return {i: raw for i in range(total)}
    if isinstance(raw, list):
        return {i: str(s) for i, s in enumerate(raw[:total]) if s is not None}
    if isinstance(raw, dict):
        out = {}
        for k, s in raw.items():
            try:
                out[int(k)] = str(s)
            except ValueError:
                raise _layout(f"status key {k!r} is not a position") from None
        return out
    raise _layout("status is neither text, array nor object")


# -- dataset -> snapshot -------------------------------------------------------------------
def _pick(ds: Dataset, role: str, names: tuple[str, ...], wanted: str | None) -> Dimension:
    if wanted:
        try:
            return ds.dimension(wanted)
        except KeyError:
            raise _layout(f"no dimension {wanted!r} (has {', '.join(ds.ids)})") from None
    for d in ds.roles.get(role, []):
        if d in ds.ids:
            return ds.dimension(d)
    for dim in ds.dimensions:
        if dim.id in names or dim.label in names:
            return dim
    raise _layout(f"no {role} dimension (has {', '.join(ds.ids)})")


def main_dimensions(ds: Dataset, region_dim: str | None = None) -> tuple[Dimension, Dimension, Dimension]:
    """The region, variable and year dimensions (by role, else by SSB's usual ids)."""
    geo = _pick(ds, "geo", _GEO_NAMES, region_dim)
    metric = _pick(ds, "metric", _METRIC_NAMES, None)
    time = _pick(ds, "time", _TIME_NAMES, None)
    if len({geo.id, metric.id, time.id}) < 3:
        raise _layout("region, variable and year must be three dimensions")
    return geo, metric, time


def to_snapshot(ds: Dataset, table: str, *, via: str, query: dict | None = None, retrieved: str | None = None,
                region_dim: str | None = None, keep_region=None) -> Snapshot:
    """Values by variable → region → year. Every other dimension must hold one category
    (a total), otherwise the cells would be summed or mixed silently: SsbError("layout").

    ``keep_region(code)`` chooses the region codes kept (default: 4-digit municipality codes;
    SSB's own county and KOSTRA-group aggregates are left out, Legekart sums its own).
    """
    geo, metric, time = main_dimensions(ds, region_dim)
    for d in ds.dimensions:
        if d.id not in (geo.id, metric.id, time.id) and len(d.codes) != 1:
            raise _layout(f"dimension {d.id!r} has {len(d.codes)} categories; expected a total")
    keep = keep_region or (lambda c: len(c) == 4 and c.isdigit())
    strides = dict(zip(ds.ids, ds.strides()))
    sg, sm, st = strides[geo.id], strides[metric.id], strides[time.id]
    values: dict[str, dict[str, dict[str, float]]] = {c: {} for c in metric.codes}
    missing: dict[str, dict[str, dict[str, str]]] = {}
    regions = [(i, c) for i, c in enumerate(geo.codes) if keep(c)]
    for mi, mc in enumerate(metric.codes):
        out = values[mc]
        for gi, gc in regions:
            base = gi * sg + mi * sm
            series: dict[str, float] = {}
            for ti, tc in enumerate(time.codes):
                pos = base + ti * st
                v = ds.values[pos]
                sym = ds.status.get(pos, "")
                if v is None:
                    if sym.strip() == ZERO_SYMBOL:
                        series[tc] = 0.0
                    elif sym:
                        missing.setdefault(mc, {}).setdefault(gc, {})[tc] = sym
                else:
                    series[tc] = v
            if series:
                out[gc] = series
    variables = tuple(Variable(c, metric.labels.get(c, c), metric.units.get(c, "")) for c in metric.codes)
    names = {c: geo.labels[c] for _, c in regions if c in geo.labels}
    when = retrieved or datetime.now(UTC).replace(microsecond=0).isoformat()
    return Snapshot(table=table, retrieved=when, via=via, variables=variables, values=values,
                    missing=missing, region_names=names, query=query)
