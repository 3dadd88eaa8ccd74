"""Legekart project files (``.legekart``): a zip of JSON and CSV, never pickle.

A project holds the view, every imported dataset with its data embedded (the
parsed table, the observation rows and the indicator definitions — not just a
path that may be gone next week), imported boundary layers, scenario parameters
and export presets. Each embedded file's sha256 is recorded, so a damaged file is
detected instead of half-loaded. Saving is atomic and keeps the previous version as
``<name>.legekart.bak``. Older schemas open through :data:`MIGRATIONS`; a newer or
damaged file raises :class:`ProjectError` and nothing is changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from geo.input_limits import LimitError, check_regular_file, check_zip, load_json, short_path
from indicators.atomic_file import remove_stale
from indicators.catalogue import Indicator
from indicators.observations import normalise
from indicators.project_checks import Refusal, check_indicator, check_layer, check_observations, repair_view
from indicators.session import BoundaryLayer, ImportedDataset, Session
from indicators.view import ViewState

FORMAT = "legekart-project"
SCHEMA_VERSION = 3
SUFFIX = ".legekart"
#: refuse archives that would unpack to more than this (zip bombs, wrong files); every
#: member is held in memory while loading, and a 2020 project with a million imported
#: rows unpacks to about 100 MB
MAX_UNPACKED = 512 * 1024 * 1024
MAX_MEMBERS = 10_000


class ProjectError(Exception):
    """The file is not a project Legekart can open; the message says why, in one line."""


@dataclass
class Project:
    session: Session
    view: ViewState
    scenarios: dict = field(default_factory=dict)
    export_presets: dict = field(default_factory=dict)
    schema_version: int = SCHEMA_VERSION
    migrated_from: int | None = None
    saved: str = ""
    #: what the loader put right, as (English, bokmål) sentences
    notes: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """One line: what the project holds."""
        imported = [i for i in self.session.catalogue if i.is_imported]
        rows = int(self.session.observations.frame["origin"].str.startswith("import:").sum())
        parts = [
            f"schema {self.schema_version}" + (f" (migrated from {self.migrated_from})" if self.migrated_from else ""),
            f"view {self.view.level}/{self.view.indicator}" + (f"/{self.view.period}" if self.view.period else ""),
            f"{len(self.session.imports)} imported dataset(s), {len(imported)} indicator(s), {rows} row(s)",
            f"{len(self.session.boundary_layers)} boundary layer(s)",
            f"{len(self.scenarios)} scenario(s)",
        ]
        if self.saved:
            parts.append(f"saved {self.saved}")
        return "; ".join(parts)


# -- writing -------------------------------------------------------------------------
def _csv_bytes(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False, lineterminator="\n").encode("utf-8")


def to_bytes(project: Project) -> bytes:
    """The project as zip bytes (deterministic member order)."""
    session = project.session
    members: dict[str, bytes] = {}
    imported_ids = [i.id for i in session.catalogue if i.is_imported]
    frame = session.observations.frame
    imports_meta = []
    for n, ds in enumerate(session.imports):
        entry = {
            "name": ds.name, "path": ds.path, "indicator_ids": list(ds.indicator_ids),
            "mapping": _jsonable(ds.mapping), "report": _jsonable(ds.report),
        }
        if ds.table is not None:
            members[f"imports/{n}/table.csv"] = _csv_bytes(ds.table.astype(str))
            entry["table"] = f"imports/{n}/table.csv"
        imports_meta.append(entry)
    rows = frame[frame["indicator"].isin(imported_ids)]
    members["observations.csv"] = _csv_bytes(rows)
    layers_meta = []
    for n, layer in enumerate(session.boundary_layers.values()):
        name = f"boundaries/{n}.geojson"
        members[name] = layer.frame[["code", "name", "geometry"]].to_json().encode("utf-8")
        layers_meta.append({"id": layer.id, "name": layer.name, "path": layer.path, "file": name,
                            "code_column": layer.code_column, "name_column": layer.name_column,
                            "report": _jsonable(layer.report)})
    meta = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "saved": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "view": project.view.to_dict(),
        "indicators": [dataclasses.asdict(session.catalogue.get(i)) for i in imported_ids],
        "imports": imports_meta,
        "boundary_layers": layers_meta,
        "scenarios": _jsonable(project.scenarios or session.scenarios),
        "export_presets": _jsonable(project.export_presets or session.export_presets),
        "checksums": {k: hashlib.sha256(v).hexdigest() for k, v in sorted(members.items())},
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.json", json.dumps(meta, ensure_ascii=False, indent=1))
        for name, data in sorted(members.items()):
            z.writestr(name, data)
    return buf.getvalue()


def _jsonable(obj):
    """Round-trip through JSON so only plain data is stored (numpy/pandas scalars become numbers)."""
    return json.loads(json.dumps(obj, default=lambda o: o.item() if hasattr(o, "item") else str(o)))


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, keep_backup: bool = True) -> None:
    """Write ``data`` to ``path`` so that a crash at any moment leaves either the old
    complete file or the new complete file: temp file in the same folder, flush and
    fsync, keep the old version as ``.bak``, then rename."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    remove_stale(folder, rf"\.{re.escape(path.name)}\.(?P<pid>\d+)\.(?:bak\.)?tmp")
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if keep_backup and path.exists():
            bak_tmp = folder / f".{path.name}.{os.getpid()}.bak.tmp"
            with open(path, "rb") as src, open(bak_tmp, "wb") as dst:
                while chunk := src.read(1 << 20):
                    dst.write(chunk)
                dst.flush()
                os.fsync(dst.fileno())
            os.replace(bak_tmp, backup_path(path))
        os.replace(tmp, path)
        _fsync_dir(folder)
    finally:
        for leftover in (tmp, folder / f".{path.name}.{os.getpid()}.bak.tmp"):
            try:
                leftover.unlink()
            except FileNotFoundError:
                pass


def save(project: Project, path: str | Path, keep_backup: bool = True) -> Path:
    path = Path(path)
    if path.suffix != SUFFIX:
        path = path.with_suffix(SUFFIX)
    write_atomic(path, to_bytes(project), keep_backup=keep_backup)
    return path


# -- reading -------------------------------------------------------------------------
def _migrate_1_to_2(meta: dict) -> dict:
    """Schema 1 had no scenarios or export presets, and named the view key 'kart'."""
    meta = dict(meta)
    if "kart" in meta and "view" not in meta:
        meta["view"] = meta.pop("kart")
    meta.setdefault("scenarios", {})
    meta.setdefault("export_presets", {})
    meta["schema_version"] = 2
    return meta


def _migrate_2_to_3(meta: dict) -> dict:
    """Schema 2 knew only the 2020 map: its view and imported rows belong to it."""
    meta = dict(meta)
    view = dict(meta.get("view") or {})
    view.setdefault("map_vintage", "2020")
    meta["view"] = view
    meta["schema_version"] = 3
    return meta


#: schema version N → function that upgrades N to N + 1
MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _migrate_1_to_2, 2: _migrate_2_to_3}


def _read_members(path: Path) -> tuple[dict, dict[str, bytes]]:
    try:
        check_regular_file(path)
    except LimitError as exc:
        raise ProjectError(str(exc)) from None
    try:
        z = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise ProjectError(f"file not found: {short_path(path)}") from None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise ProjectError(f"not a Legekart project (not a zip archive): {path.name}") from None
    with z:
        infos = z.infolist()
        if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNPACKED:
            raise ProjectError(f"not a Legekart project (archive too large or too many entries): {path.name}")
        try:
            check_zip(z, total=MAX_UNPACKED, member_limit=MAX_UNPACKED)
        except LimitError as exc:
            raise ProjectError(f"damaged project file ({exc}): {path.name}") from None
        names = {i.filename for i in infos}
        if "project.json" not in names:
            raise ProjectError(f"not a Legekart project (no project.json): {path.name}")
        try:
            meta = load_json(z.read("project.json"), "project.json", "project.json", allow_constants=True)
            members = {n: z.read(n) for n in names if n != "project.json"}
        except LimitError as exc:
            raise ProjectError(f"damaged project file ({exc}): {path.name}") from None
        except (zipfile.BadZipFile, zlib.error, UnicodeDecodeError, ValueError, OSError, EOFError,
                NotImplementedError, RuntimeError) as exc:
            raise ProjectError(f"damaged project file ({_damage(exc)}): {path.name}") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ProjectError(f"not a Legekart project (unknown format): {path.name}")
    return meta, members


def _damage(exc: BaseException) -> str:
    """What went wrong reading a member, in words (a flipped bit fails the deflate stream or the CRC)."""
    if isinstance(exc, (zlib.error, zipfile.BadZipFile, EOFError)):
        return "a compressed part is corrupt"
    return type(exc).__name__


def load(path: str | Path) -> Project:
    """Open a project; raises ProjectError (one line) for anything it cannot open.

    Problems the loader can put right (a view naming a layer or indicator that is not
    in the project, an impossible number of classes) are fixed and listed in
    ``Project.notes``; damage and contradictions are refused.
    """
    path = Path(path)
    try:
        return _load(path)
    except MemoryError:
        raise ProjectError(f"the project is too large to open in the memory available: {path.name}") from None
    except RecursionError:
        raise ProjectError(f"damaged project file (nested too deeply): {path.name}") from None


def _load(path: Path) -> Project:
    meta, members = _read_members(path)
    version = meta.get("schema_version")
    if not isinstance(version, int) or version < 1:
        raise ProjectError(f"damaged project file (bad schema version {version!r}): {path.name}")
    if version > SCHEMA_VERSION:
        raise ProjectError(
            f"made by a newer Legekart (schema {version}; this version reads up to {SCHEMA_VERSION}): {path.name}")
    migrated_from = None
    while version < SCHEMA_VERSION:
        migrated_from = migrated_from or version
        meta = MIGRATIONS[version](meta)
        version = meta["schema_version"]
    try:
        return _build(meta, members, migrated_from)
    except ProjectError:
        raise
    except (Refusal, LimitError) as exc:
        raise ProjectError(f"damaged project file ({exc}): {path.name}") from None
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ProjectError(f"damaged project file ({type(exc).__name__}: {exc}): {path.name}") from None


def _check(meta: dict, members: dict[str, bytes]) -> None:
    sums = meta.get("checksums") or {}
    if not isinstance(sums, dict):
        raise ProjectError("damaged project file (checksums)")
    for name, digest in sums.items():
        if name not in members:
            raise ProjectError(f"damaged project file (missing {name})")
        if hashlib.sha256(members[name]).hexdigest() != digest:
            raise ProjectError(f"damaged project file (checksum mismatch in {name})")


def _build(meta: dict, members: dict[str, bytes], migrated_from: int | None) -> Project:
    _check(meta, members)
    view = ViewState.from_dict(meta.get("view") or {})
    session = Session(map_vintage=view.map_vintage)
    bundled_ids = set(session.catalogue.indicators)
    known = {f.name for f in dataclasses.fields(Indicator)}
    indicators = []
    for raw in meta.get("indicators", []):
        kw = {k: v for k, v in raw.items() if k in known}
        for name in ("sources", "ssb_numerator", "ssb_denominator"):
            kw[name] = tuple(kw.get(name, ()))
        ind = Indicator(**kw)
        if not ind.origin:
            raise ProjectError(f"damaged project file (indicator {ind.id} is not an import)")
        check_indicator(ind, bundled_ids)
        indicators.append(ind)
    if members.get("observations.csv"):
        raw = pd.read_csv(io.BytesIO(members["observations.csv"]), dtype=str, keep_default_na=False)
        check_observations(raw)
        rows = normalise(raw)
    else:
        rows = normalise(pd.DataFrame())
    for ind in indicators:
        session.add_indicator(ind, rows[rows["indicator"] == ind.id])
    for entry in meta.get("imports", []):
        table = None
        if entry.get("table"):
            table = pd.read_csv(io.BytesIO(members[entry["table"]]), dtype=str, keep_default_na=False)
        session.imports.append(ImportedDataset(
            name=str(entry["name"]), path=str(entry.get("path", "")), indicator_ids=list(entry["indicator_ids"]),
            table=table, mapping=dict(entry.get("mapping") or {}), report=dict(entry.get("report") or {}),
        ))
    for entry in meta.get("boundary_layers", []):
        import geopandas as gpd

        from geo.levels import CRS

        features = load_json(members[entry["file"]], str(entry["file"]), str(entry["file"]), allow_constants=True)
        frame = gpd.GeoDataFrame.from_features(features["features"], crs=CRS)
        check_layer(str(entry["id"]), frame)
        frame["code"] = frame["code"].astype(str)
        session.add_boundary_layer(BoundaryLayer(
            id=str(entry["id"]), name=str(entry["name"]), path=str(entry.get("path", "")), frame=frame,
            code_column=entry.get("code_column", "code"), name_column=entry.get("name_column", "name"),
            report=dict(entry.get("report") or {}),
        ))
    notes = repair_view(view, session)
    session.scenarios = {str(k): dict(v) for k, v in (meta.get("scenarios") or {}).items()}
    session.export_presets = {str(k): dict(v) for k, v in (meta.get("export_presets") or {}).items()}
    return Project(session=session, view=view, scenarios=session.scenarios,
                   export_presets=session.export_presets,
                   schema_version=SCHEMA_VERSION, migrated_from=migrated_from, saved=str(meta.get("saved", "")),
                   notes=notes)
