"""Errors of the command line: one line for the user, the details in the log file."""

from __future__ import annotations

from indicators.logfile import log_dir, log_exception  # noqa: F401  (used by the commands)


class CliError(Exception):
    """A user-facing error: bad argument, unknown code, unreadable file."""
