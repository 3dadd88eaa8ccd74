"""Which snapshot of an SSB table is in use: the planner's latest update, else the bundled one."""

from __future__ import annotations

import logging
from pathlib import Path

from indicators.ssb.bundled import FASTLEGE_JSON, bundled_snapshot
from indicators.ssb.snapshot import Snapshot, user_snapshot_path

log = logging.getLogger(__name__)

BUNDLED_FILES = {"12005": FASTLEGE_JSON}


def snapshot_file(table: str) -> Path:
    """The file the table's values come from now (the user's update when it exists)."""
    user = user_snapshot_path(table)
    return user if user.is_file() else BUNDLED_FILES[table]


def snapshot_in_use(table: str) -> Snapshot:
    user = user_snapshot_path(table)
    if user.is_file():
        try:
            return Snapshot.read(user)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("SSB update %s unreadable (%s); using the bundled table", user, exc)
    return bundled_snapshot(table)
