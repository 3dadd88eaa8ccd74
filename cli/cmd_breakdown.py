"""``main.py breakdown CODE [--level L] [--json] [--lang nb|en]``."""

from __future__ import annotations

import argparse
import json

from cli.errors import CliError
from cli.options import add_map_option
from cli.options import session as session_for


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("breakdown", help="own and context values of one unit")
    p.add_argument("code", help="kommunenummer, fylkesnummer, or a region/health-trust id")
    p.add_argument("--level", default="kommune", choices=["kommune", "fylke", "helseregion", "helseforetak"])
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", default="nb", choices=["nb", "en"])
    add_map_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from indicators.breakdown import breakdown

    session = session_for(args)
    try:
        bd = breakdown(session, args.level, args.code)
    except KeyError:
        raise CliError(f"unknown {args.level} code {args.code!r} on the {args.map_vintage} map") from None
    data = bd.to_dict(session, args.lang)
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    print(f"{data['name']} ({data['level']} {data['code']})")
    for lv in ("fylke", "helseregion", "helseforetak"):
        if lv in data:
            print(f"  {lv}: {data[lv]['name']} ({data[lv]['code']})")
    if data.get("own_values_note"):
        print("  " + data["own_values_note"])
    for v in data["own_values"]:
        print(f"  {v['name']}: {v['text']} ({v['period']}{', approx.' if v['approximate'] else ''})")
    for v in data["own_missing"]:  # sums over part of the unit's municipalities: shown as partial, never as its value
        if "coverage" in v:
            print(f"  {v['name']}: {v['text']} ({v['period']}{', approx.' if v['approximate'] else ''})")
    for lv, ctx in data["context"].items():
        print(f"  -- {ctx['name']} ({lv})")
        for v in ctx["values"]:
            print(f"     {v['name']}: {v['text']} ({v['period']}{', approx.' if v['approximate'] else ''})")
    return 0
