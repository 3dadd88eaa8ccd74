"""Argument parsing and dispatch for ``main.py``.

Subcommands are specified in the issues and are how the project is checked, so
their flags and outputs are contracts. Every failure a user can cause exits with
status 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import sys

from cli import environment  # noqa: F401  (before numpy is imported: see cli/environment.py)
from cli.errors import CliError


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line (exit 2), as the contracts require."""

    def error(self, message: str):  # type: ignore[override]
        print(f"error: {message} (see main.py --help)", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    from cli import commands

    parser = OneLineParser(
        prog="main.py",
        description="Legekart: fastlege- og psykiatrimangel på kart. Uten argumenter åpnes vinduet.",
    )
    sub = parser.add_subparsers(dest="command")
    commands.register(sub)
    return parser




def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        from gui.app import run

        return run()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed a one-line usage error
        return 0 if exc.code in (0, None) else 2
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `main.py info | head`: the reader left, nothing to report
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug: keep the contract (one line), keep the details in a log
        from cli.errors import log_exception

        where = log_exception(exc)
        print(f"error: internal error ({type(exc).__name__}: {exc}); details in {where}", file=sys.stderr)
        return 2


def entry(argv: list[str] | None = None) -> int:
    """``main`` for a process that ends when it returns (main.py, the ``legekart`` script).

    Nothing the command made is garbage any more, so its objects are frozen: the collections
    of interpreter shutdown do not traverse them again, 85-115 ms of an export (issue 15).
    Tests call :func:`main`, which keeps the collector as it was."""
    status = main(argv)
    gc.freeze()
    return status
