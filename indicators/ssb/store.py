"""Which SSB snapshot is in use, and the two ways to change that: apply an update, go back.

Why a user snapshot beside the bundled one: the bundled figures ship with Legekart
and are never changed; an update is written into the planner's data folder
(``$LEGEKART_DATA_DIR/ssb/{table}.json``) atomically — a temporary file in the same
folder, fsync, rename, fsync of the folder — so a crash or a kill leaves the old
file or the new one, never half of one. Going back parks the update (it is moved,
not deleted), after which the bundled figures are in use again.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

from indicators.ssb.errors import SsbError
from indicators.ssb.snapshot import Snapshot, user_data_dir, user_snapshot_path

log = logging.getLogger(__name__)

def bundled(table: str) -> Snapshot | None:
    """The snapshot shipped with Legekart, or None when this table ships none (07459)."""
    from indicators.ssb.bundled import bundled_snapshot

    try:
        return bundled_snapshot(table)
    except KeyError:
        return None


@dataclass(frozen=True)
class InUse:
    """Which SSB snapshot a table's figures come from (an applied update, the bundled one or none)."""

    snapshot: Snapshot | None
    kind: str  # "user" (an update the planner applied) | "bundled" | "none"
    path: Path | None
    #: why a user snapshot that exists is not used (unreadable), else ""
    problem: str = ""


def in_use(table: str) -> InUse:
    """The user's update when there is a readable one, else the bundled snapshot."""
    path = user_snapshot_path(table)
    problem = ""
    if path.is_file():
        try:
            return InUse(Snapshot.read(path), "user", path)
        except (OSError, ValueError, KeyError, TypeError) as exc:  # never let a bad file stop the app
            problem = f"{path}: {exc}"
            log.warning("SSB update %s is unreadable, using the bundled figures: %s", path, exc)
    snap = bundled(table)
    return InUse(snap, "bundled" if snap is not None else "none", None, problem)


def user_snapshot(table: str) -> Snapshot | None:
    """The planner's applied update, or None (missing or unreadable: the bundled data is used)."""
    use = in_use(table)
    return use.snapshot if use.kind == "user" else None


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # e.g. Windows cannot open a folder; the rename is still atomic there
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def apply(snapshot: Snapshot) -> Path:
    """Write ``snapshot`` as the user's snapshot of its table; the bundled data is untouched."""
    path = user_snapshot_path(snapshot.table)
    _clear_leftovers(path)
    try:
        snapshot.write(path)
    except OSError as exc:
        raise SsbError("write", path=str(path), reason=exc.strerror or str(exc)) from None
    _fsync_dir(path.parent)
    log.info("SSB table %s applied: %s (retrieved %s)", snapshot.table, path, snapshot.retrieved)
    return path


def _clear_leftovers(path: Path) -> None:
    """Temporary files a killed writer left beside the snapshot (they were never renamed into place)."""
    if not path.parent.is_dir():
        return
    for p in path.parent.glob(f".{path.stem}.*.part{path.suffix}"):
        try:
            p.unlink()
        except OSError:
            pass


def parked_dir() -> Path:
    return user_data_dir() / "ssb" / "parked"


def revert(table: str) -> Path:
    """Go back to the bundled figures: move the update into ``ssb/parked/`` (kept, not deleted)."""
    path = user_snapshot_path(table)
    if not path.exists():
        raise SsbError("no_user_snapshot", table=table)
    target_dir = parked_dir()
    try:
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / f"{table}-{time.strftime('%Y%m%dT%H%M%S')}.json"
        n = 1
        while target.exists():
            n += 1
            target = target_dir / f"{table}-{time.strftime('%Y%m%dT%H%M%S')}-{n}.json"
        os.replace(path, target)
    except OSError as exc:
        raise SsbError("write", path=str(path), reason=exc.strerror or str(exc)) from None
    _fsync_dir(path.parent)
    log.info("SSB table %s: back to the bundled figures; update parked as %s", table, target)
    return target


def dated_sources(catalogue) -> None:
    """Cite an applied update with its own retrieval date ("… (hentet 2027-03-15)").

    The catalogue's SSB sources carry the bundled file's date; a planner's update in use
    replaces it, so every source line, export and breakdown names the figures shown.
    """
    import dataclasses

    from indicators.ssb.snapshot import source_id

    for table in ("12005",):
        sid = source_id(table)
        src = catalogue.sources.get(sid)
        snap = user_snapshot(table) if src is not None and user_snapshot_path(table).is_file() else None
        if snap is not None:
            catalogue.sources[sid] = dataclasses.replace(src, date=f"hentet {snap.retrieved_date()}")


def status(table: str) -> dict:
    """For ``main.py update --status`` and the window: what is in use and since when."""
    use = in_use(table)
    snap = use.snapshot
    return {
        "table": table, "in_use": use.kind, "path": str(use.path) if use.path else None,
        "retrieved": snap.retrieved if snap else None, "via": snap.via if snap else None,
        "years": snap.years() if snap else [], "problem": use.problem or None,
    }
