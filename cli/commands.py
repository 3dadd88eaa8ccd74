"""Registration of the subcommands; each lives in its own small module.

Each module is imported plainly: a subcommand that cannot be imported is a bug to see at
once, not a command that quietly disappears. Their heavy imports happen inside ``run``.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    from cli import (
        cmd_breakdown,
        cmd_export,
        cmd_import,
        cmd_info,
        cmd_open,
        cmd_profile,
        cmd_projection,
        cmd_screenshot,
        cmd_update,
    )

    for module in (cmd_info, cmd_breakdown, cmd_import, cmd_projection, cmd_export, cmd_screenshot, cmd_open,
                   cmd_update, cmd_profile):
        module.register(sub)
