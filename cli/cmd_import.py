"""``main.py import FILE [--level …] [--sheet NAME] [--dry-run] --json``: the match report.

Prints the report as one JSON object (rows, matched, unmatched with reasons,
duplicates, vintage, key_column, value_columns, …). Exit 0 when the file could
be read as a table, even with unmatched rows; exit 2 with one line on stderr when
it could not. The command line keeps no session, so without ``--dry-run`` the
import is applied to a throwaway session only to prove it works and to list what
would be added. ``--unmatched CSV`` never replaces the input table, and replaces an
existing file only with ``--force``.
"""

from __future__ import annotations

import argparse
import json
import sys

from cli.errors import CliError
from cli.options import add_map_option
from cli.options import session as session_for

LEVEL_CHOICES = ("kommune", "fylke", "helseregion", "helseforetak")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="read a CSV/XLSX/ODS table and print the match report")
    p.add_argument("file", metavar="FILE", help="the table to import (CSV, XLSX or ODS)")
    p.add_argument("--level", choices=LEVEL_CHOICES, help="level of the key column (default: detected)")
    p.add_argument("--sheet", metavar="NAME", help="sheet of a workbook (default: the first with data)")
    p.add_argument("--key-column", metavar="NAME", help="column holding the unit numbers or names")
    p.add_argument("--vintage", choices=("2017", "2019", "2020", "2024"),
                   help="year of the codes (default: detected)")
    p.add_argument("--dry-run", action="store_true", help="only match and report; do not build indicators")
    p.add_argument("--unmatched", metavar="CSV", help="also write the unmatched rows to this file")
    p.add_argument("--force", action="store_true", help="replace an existing --unmatched file")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    add_map_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from indicators.importer import (
        ImportFailure,
        analyse,
        apply_import,
        build,
        guess_plan,
        read_table,
        summarise,
        write_unmatched_csv,
    )
    if args.unmatched:
        _check_unmatched_target(args)
    try:
        table = read_table(args.file, sheet=args.sheet)
        plan = guess_plan(table, level=args.level)
        if args.key_column:
            if args.key_column not in table.columns:
                raise ImportFailure("file.unknown_column", column=args.key_column)
            plan.key_column = args.key_column
        if args.vintage:
            plan.vintage = args.vintage
        analysis = analyse(table, plan, map_vintage=args.map_vintage)
    except ImportFailure as exc:
        raise CliError(f"cannot import {_short(args.file)}: {exc}") from None
    except ValueError as exc:  # e.g. a vintage that does not exist for the level
        raise CliError(f"cannot import {_short(args.file)}: {exc}") from None
    report = analysis.report.to_dict("en")
    report["dry_run"] = bool(args.dry_run)
    if getattr(table, "statbank", None) is not None:  # an SSB StatBank download: its table, variables, matches
        report["statbank"] = table.statbank.to_dict()
    if not args.dry_run:
        session = session_for(args)
        report["would_add"] = summarise(build(session, table, analysis), args.map_vintage) \
            if analysis.report.matched else []
        if analysis.report.matched:
            apply_import(session, table, analysis=analysis)
    if args.unmatched:
        from indicators.atomic_file import TargetExists, TargetIsSource

        try:
            report["unmatched_written"] = write_unmatched_csv(table, analysis, args.unmatched, lang="en",
                                                              force=args.force)
        except (TargetExists, TargetIsSource) as exc:
            raise CliError(str(exc)) from None
        except OSError as exc:
            raise CliError(f"cannot write {_short(args.unmatched)}: {exc.strerror or exc}") from None
    if args.json:
        print(json.dumps(report, ensure_ascii=False, default=_json_default))
        return 0
    _print_text(report)
    return 0


def _short(path: str) -> str:
    from geo.input_limits import short_path

    return short_path(path)


def _check_unmatched_target(args: argparse.Namespace) -> None:
    """Before any work: the unmatched rows never replace the input or, without --force, any file."""
    from geo.input_limits import LimitError, check_path
    from indicators.atomic_file import TargetExists, TargetIsSource, check_target

    try:
        check_path(args.unmatched)
        check_target(args.unmatched, [args.file], force=args.force)
    except LimitError as exc:
        raise CliError(f"cannot write --unmatched: {exc}") from None
    except TargetIsSource:
        raise CliError(f"--unmatched {_short(args.unmatched)} is the table being imported; "
                       "choose another file") from None
    except TargetExists:
        raise CliError(f"{_short(args.unmatched)} exists; use --force to overwrite") from None
    except OSError as exc:
        raise CliError(f"cannot write {_short(args.unmatched)}: {exc.strerror or exc}") from None


def _json_default(o):
    try:
        import numpy as np

        if isinstance(o, np.generic):
            return o.item()
    except ImportError:  # pragma: no cover
        pass
    return str(o)


def _print_text(r: dict) -> None:
    out = sys.stdout
    print(f"{r['file']}: {r['rows']} rows, {r['matched']} matched, {r['unmatched_count']} unmatched, "
          f"{r['duplicates_count']} duplicates, {r['out_of_range_count']} out of range", file=out)
    print(f"key column: {r['key_column']} ({r['level']}), vintage: {r['vintage'] or '-'}", file=out)
    for v in r["value_columns"]:
        print(f"  {v['column']}: {v['kind']} {v['unit']} ({v['values']} values, {v['failures']} unreadable)", file=out)
    for u in r["unmatched"][:20]:
        print(f"  row {u['row']}: {u['key']!r}: {u['reason']}", file=out)
    for n in r["notes"]:
        print(f"note: {n}", file=out)
