"""``main.py projection --level L --region R [--topic T] [--scenario KEY=VALUE …] [--json]``.

Prints one region's projection to 2035: components per year, total and the
assumptions in words. The regional split is Legekart's own model (``approximate``).
"""

from __future__ import annotations

import argparse
import json

from cli.errors import CliError
from cli.options import add_map_option
from cli.options import session as session_for

LEVEL_CHOICES = ["fylke", "helseregion", "helseforetak", "land"]
#: kept here (not imported) so building the parser does not load pandas for every command;
#: tests/test_projection_cli.py checks it equals indicators.projection.national.TOPICS
TOPICS = ("fastleger", "psykiatere", "lis1")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("projection", help="regional projection of the need for GPs, psychiatrists or LIS1 to 2035")
    p.add_argument("--level", default="helseregion", choices=LEVEL_CHOICES)
    p.add_argument("--region", default=None,
                   help="fylkesnummer (18), health region id (helse-nord) or HF id (nordlandssykehuset)")
    p.add_argument("--topic", default="fastleger", choices=list(TOPICS))
    p.add_argument("--scenario", nargs="+", action="extend", default=[], metavar="KEY=VALUE",
                   help="e.g. hours=45 retirement_age=69 key=lister; --params lists them")
    p.add_argument("--params", action="store_true", help="list the scenario keys of the topic and exit")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--lang", default="nb", choices=["nb", "en"])
    add_map_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from indicators.projection import ProjectionError, Scenario, compare, parse, project

    if args.params:
        return _print_params(args.topic, args.lang, args.json)
    if args.region is None and args.level != "land":
        raise CliError(f"--region is required for --level {args.level}")
    session = session_for(args)
    try:
        scenario = parse(args.topic, args.scenario)
        result = project(session, args.level, args.region or "NO", args.topic, scenario)
        base = project(session, args.level, args.region or "NO", args.topic, Scenario.base(args.topic))
    except ProjectionError as exc:
        raise CliError(str(exc)) from None
    data = result.to_dict()
    if scenario.changed():
        data["comparison"] = compare(base, result)
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    _print_text(result, args.lang, data.get("comparison"))
    return 0


def _print_text(result, lang: str, comparison: dict | None) -> None:
    from indicators import format as fmt
    from indicators.projection import summary

    print(summary(result, lang))
    header, rows = result.table(lang)
    widths = [max(len(str(h)), 7) for h in header]
    print("  ".join(str(h).rjust(w) for h, w in zip(header, widths)))
    for row in rows:
        print("  ".join((fmt.number(v, lang, 0) if isinstance(v, (int, float)) and i else str(v)).rjust(w)
                        for i, (v, w) in enumerate(zip(row, widths))))
    if comparison:
        t = comparison["total"]
        label = "Grunnscenario → eget" if lang == "nb" else "Base → custom"
        print(f"{label}: {fmt.number(t['base'], lang, 0)} → {fmt.number(t['custom'], lang, 0)} "
              f"({t['difference']:+d})")
    print()
    for sentence in result.sentences(lang):
        print(f"- {sentence}")


def _print_params(topic: str, lang: str, as_json: bool) -> int:
    from indicators.projection import ProjectionError, params

    try:
        spec = params(topic)
    except ProjectionError as exc:
        raise CliError(str(exc)) from None
    rows = []
    for p in spec.values():
        rows.append({"key": p.id, "kind": p.kind, "label": p.label(lang), "default": p.default,
                     "choices": list(p.choices), "accepts_number": p.numeric or p.kind in ("number", "int", "local"),
                     "minimum": p.minimum, "maximum": p.maximum})
    if as_json:
        print(json.dumps({"topic": topic, "params": rows}, ensure_ascii=False))
        return 0
    for r in rows:
        extra = f" choices: {', '.join(r['choices'])}" if r["choices"] else ""
        print(f"{r['key']:22s} {r['label']} (default {r['default']!r}){extra}")
    return 0
