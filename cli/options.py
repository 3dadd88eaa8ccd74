"""Options shared by the subcommands (kept tiny: building the parser must stay cheap)."""

from __future__ import annotations

import argparse

#: kept here, not imported from geo, so the parser loads nothing heavy; tests check they agree
MAP_CHOICES = ("2020", "2024")
DEFAULT_MAP = "2024"


def add_map_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--map", choices=MAP_CHOICES, default=DEFAULT_MAP, dest="map_vintage",
                   help="municipality structure of the map: 2024 (today's, default) or 2020")


def session(args: argparse.Namespace):
    """A session on the map the command was asked for."""
    from indicators.session import Session

    return Session(map_vintage=getattr(args, "map_vintage", DEFAULT_MAP))
