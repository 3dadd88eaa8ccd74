"""Write a file under a temporary name in its folder and rename it into place at the end.

Every export uses this, so a crash, an error or a cancelled export never leaves a
half-written report file, and an existing file is only replaced by a complete one.
The temporary file keeps the target's suffix because some writers (GDAL, Qt)
choose the format from it. A process killed mid-write cannot remove its temporary
file, so each writer removes stale ones of its own naming pattern on its next run.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)

#: a temporary file untouched this long belongs to a writer that was killed, not to a running one
STALE_AGE = 3600.0
_MKSTEMP_RANDOM = r"[a-z0-9_]{8}"


class TargetExists(FileExistsError):
    """The output file exists and the caller did not ask to replace it."""


class TargetIsSource(ValueError):
    """The output file is one of the files being read: writing would destroy the input."""


def check_target(target: str | Path, sources: Sequence[str | Path] = (), force: bool = False) -> None:
    """Refuse to write onto an input file (always) or onto an existing file (without ``force``)."""
    target = Path(target)
    for src in sources:
        if src and _same_file(target, Path(src)):
            raise TargetIsSource(f"{target} is the file being read; choose another output file")
    if target.exists() and not force:
        raise TargetExists(f"{target} exists; use --force to overwrite")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def remove_stale(folder: Path, pattern: str, max_age: float = STALE_AGE) -> list[Path]:
    """Delete files in ``folder`` whose whole name matches ``pattern`` and that are older than
    ``max_age`` seconds; a named group ``pid`` must also name no running process."""
    rx = re.compile(pattern)
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        m = rx.fullmatch(entry.name)
        if not m:
            continue
        try:
            if not entry.is_file(follow_symlinks=False) or now - entry.stat().st_mtime < max_age:
                continue
            if "pid" in rx.groupindex and _alive(int(m.group("pid"))):
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
            log.info("removed a stale temporary file left by an interrupted write: %s", entry.path)
        except (OSError, ValueError):
            continue
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


def part_pattern(target: Path) -> str:
    """The names :func:`atomic_path` gives its temporary files for ``target`` (with SQLite's sidecars)."""
    return (rf"\.{re.escape(target.stem)}\.{_MKSTEMP_RANDOM}\.part{re.escape(target.suffix)}"
            r"(?:-wal|-shm|-journal)?")


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` if the block succeeds."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(f"folder does not exist: {folder}")
    remove_stale(folder, part_pattern(target))
    fd, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=f".part{target.suffix}", dir=folder)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if not tmp.exists() or tmp.stat().st_size == 0:
            raise OSError(f"nothing was written to {target}")
        os.chmod(tmp, _file_mode(target))
        os.replace(tmp, target)
    except BaseException:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
            try:
                leftover.unlink()
            except FileNotFoundError:
                pass
        raise


def _file_mode(target: Path) -> int:
    """Keep an existing file's permissions; new files get the usual 0666 minus the umask."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask
