"""Where Legekart writes its log, through the standard :mod:`logging` module.

Why one place: the command line and the window both keep the details of an unexpected
error (the traceback) in a file and show the user one sentence; both configure the same
handler here, so neither has to import the other.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

LOG_NAME = "legekart.log"
_handler: logging.Handler | None = None


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


def log_path() -> Path:
    return log_dir() / LOG_NAME


def setup() -> Path:
    """Attach the file handler to the ``legekart`` loggers once (warnings and errors)."""
    global _handler
    path = log_path()
    if _handler is None or getattr(_handler, "baseFilename", "") != str(path):
        root = logging.getLogger("legekart")
        if _handler is not None:
            root.removeHandler(_handler)
        _handler = logging.FileHandler(path, encoding="utf-8", delay=True)
        _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        _handler.setLevel(logging.WARNING)
        root.addHandler(_handler)
        root.setLevel(logging.INFO)
    return path


def log_exception(exc: BaseException) -> Path:
    """Write the traceback of ``exc`` to the log file and return its path."""
    path = setup()
    logging.getLogger("legekart.errors").error("%s: %s", type(exc).__name__, exc, exc_info=exc)
    if _handler is not None:
        _handler.flush()
    return path
