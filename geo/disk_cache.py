"""A per-user cache of things derived from the bundled files, validated by their sha256.

Why: every process (each ``main.py export``, each window start) used to rebuild the same
derived tables from the bundled GeoPackages and reference CSVs — the importer's unit
structures, the drawing arrays of each level — which costs more than drawing the page.
They are built once into the user cache folder (``LEGEKART_CACHE_DIR``, else
``$XDG_CACHE_HOME/legekart``; the observation frame and the HTML geometry use it too) under a
key made of the sha256 of every input file and of the code that derives them, and are
rebuilt transparently when any of those changes. A damaged or unreadable cache file is
rebuilt, never trusted; a cache folder that cannot be written only costs the rebuild.
Each file's sha256 is remembered by its stat signature (``file-digests.pkl``), so an
unchanged file is not read again to make a key.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import BinaryIO, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
#: bump to drop every cache entry written by an older layout of this module
FORMAT = "1"


def cache_root() -> Path:
    """The user's Legekart cache folder (``LEGEKART_CACHE_DIR``, else ``$XDG_CACHE_HOME/legekart``)."""
    base = os.environ.get("LEGEKART_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache"), "legekart")
    return Path(base)


def cache_dir() -> Path:
    """Where :func:`cached` keeps its entries."""
    return cache_root() / "derived"


#: most files whose sha256 is remembered across processes (user tables add one each)
KEEP_DIGESTS = 2000


@cache
def _digests() -> dict[str, tuple[tuple[int, ...], str]]:
    """The sha256 of every file hashed before: path → (stat signature, hex digest)."""
    try:
        with (cache_dir() / "file-digests.pkl").open("rb") as f:
            memo = pickle.load(f)
        return memo if isinstance(memo, dict) else {}
    except Exception:  # noqa: BLE001 - missing or damaged: every file is hashed again
        return {}


def replace_file(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write ``path`` through a file of this process beside it, then swap it in at once.

    Why: processes run side by side (the window, exports, tests); a reader never sees half a
    file, and of two writers the last one wins whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        write(f)
    os.replace(tmp, path)


def _save_digests() -> None:
    memo = _digests()
    for old in list(memo)[: max(0, len(memo) - KEEP_DIGESTS)]:
        del memo[old]
    try:
        replace_file(cache_dir() / "file-digests.pkl",
                     lambda f: pickle.dump(memo, f, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:
        log.info("file digests not kept (%s)", exc)


@cache
def _file_digest(path: str, *signature: int) -> str:
    """The sha256 of ``path``, hashed again only when its stat signature (size, mtime, ctime,
    inode) differs from the one it was hashed at, in this or an earlier process.

    Why remembered: the import cache's key covers every module of geo/ and indicators/,
    the reference tables and a 5 MB GeoPackage; hashing them was ~17 ms of every export.
    As git's index does, a file whose size, times and inode are all unchanged is taken as
    unchanged (any write moves its ctime, which no tool can set back)."""
    known = _digests().get(path)
    if known is not None and known[0] == signature:
        return known[1]
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    _digests()[path] = (signature, h.hexdigest())
    _unsaved.append(path)
    return h.hexdigest()


_unsaved: list[str] = []


def key_of(paths: Iterable[Path], *parts: str) -> str:
    """A key from the content of ``paths`` (sha256, in the given order) and extra text."""
    h = hashlib.sha256(FORMAT.encode())
    for p in paths:
        st = p.stat()
        h.update(p.name.encode())
        h.update(_file_digest(str(p), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino).encode())
    for part in parts:
        h.update(b"\0" + part.encode())
    if _unsaved:
        _unsaved.clear()
        _save_digests()
    return h.hexdigest()[:24]


def cached(name: str, key: str, build: Callable[[], T], kind: type | None = None) -> T:
    """``build()``'s result, from ``<cache>/<name>-<key>.pkl`` when that exists and reads back.

    Older entries of the same ``name`` are removed when a new one is written, so the folder
    holds one entry per name. ``kind`` checks what was read (a mismatch rebuilds).
    """
    path = entry_path(name, key)
    try:
        with path.open("rb") as f:
            value = pickle.load(f)
        if kind is None or isinstance(value, kind):
            return value
        log.warning("cache %s holds a %s; rebuilding", path, type(value).__name__)
    except FileNotFoundError:
        pass
    except Exception as exc:  # noqa: BLE001 - a damaged cache file is rebuilt, never trusted
        log.warning("cache %s unreadable (%s); rebuilding", path, exc)
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"{name}-*.pkl"):
            if old != path:
                old.unlink(missing_ok=True)
        replace_file(path, lambda f: pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:
        log.info("cache %s not written (%s)", path, exc)
    return value


def entry_path(name: str, key: str) -> Path:
    """The file :func:`cached` keeps ``name`` under ``key`` in."""
    return cache_dir() / f"{name}-{key}.pkl"


def mark_used(name: str, key: str) -> None:
    """Note that the entry was just read, so :func:`prune` keeps it longest."""
    try:
        os.utime(entry_path(name, key))
    except OSError:
        pass


def prune(prefix: str, keep: int) -> int:
    """Remove all but the ``keep`` most recently used entries whose name starts with ``prefix``.

    Why: names made per file (one import-cache entry per table path) would otherwise
    grow without bound as a planner maps table after table. Returns how many went."""
    try:
        entries = [(p.stat().st_mtime_ns, p) for p in cache_dir().glob(f"{prefix}*.pkl")]
    except OSError:
        return 0
    entries.sort(reverse=True)
    removed = 0
    for _, p in entries[keep:]:
        try:
            p.unlink()
            removed += 1
        except OSError:
            pass
    if removed:
        log.info("cache: %d old %s entries removed", removed, prefix)
    return removed
