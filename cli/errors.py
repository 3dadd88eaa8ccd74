"""Errors of the command line: one line for the user, the details in a log file."""

from __future__ import annotations

import os
import tempfile
import traceback
from pathlib import Path


class CliError(Exception):
    """A user-facing error: bad argument, unknown code, unreadable file."""


def log_dir() -> Path:
    base = os.environ.get("LEGEKART_LOG_DIR") or os.path.join(
        os.environ.get("XDG_STATE_HOME") or os.path.join(Path.home(), ".local", "state"), "legekart"
    )
    path = Path(base)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        path = Path(tempfile.gettempdir())
    return path


def log_exception(exc: BaseException) -> Path:
    """Append a traceback to the log file and return its path."""
    path = log_dir() / "legekart.log"
    with path.open("a", encoding="utf-8") as f:
        f.write("".join(traceback.format_exception(exc)))
        f.write("\n")
    return path
