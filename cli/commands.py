"""Registration of the subcommands; each lives in its own small module."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    from cli import cmd_breakdown, cmd_info

    for module in (cmd_info, cmd_breakdown, *_optional_modules()):
        module.register(sub)


def _optional_modules():
    """Subcommands whose modules exist (they land issue by issue)."""
    import importlib

    for name in ("cmd_import", "cmd_projection", "cmd_export", "cmd_screenshot", "cmd_open", "cmd_update",
                 "cmd_profile"):
        try:
            yield importlib.import_module(f"cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"cli.{name}":
                raise
