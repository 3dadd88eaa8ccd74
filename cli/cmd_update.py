"""``main.py update --source ssb [--table 12005|07459] [--dry-run] [--json]``: fetch SSB's newest figures.

Fetches the table from SSB's API (base URL from ``LEGEKART_SSB_URL``), checks it,
prints the report (new years, values that differ from the data in use,
municipalities) and, unless ``--dry-run``, writes it as the planner's snapshot.
``--revert`` goes back to the bundled figures (the update is parked, not deleted);
``--status`` says which figures are in use; ``--from-file FILE`` takes the figures from
a table the planner downloaded from StatBank instead of the API. Any failure — no
network, a timeout, an HTTP error, another layout, values that fail the checks —
exits 2 with one line on stderr and writes nothing.
"""

from __future__ import annotations

import argparse
import json

from cli.errors import CliError


def register(sub: argparse._SubParsersAction) -> None:
    from indicators.ssb.query import TABLES

    p = sub.add_parser("update", help="update the SSB figures from SSB's API (needs a network)")
    p.add_argument("--source", choices=("ssb",), default="ssb", help="where to fetch from (only ssb)")
    p.add_argument("--table", choices=tuple(TABLES), default="12005",
                   help="SSB table: 12005 (fastlege key figures, default) or 07459 (population)")
    p.add_argument("--dry-run", action="store_true", help="fetch, check and report; write nothing")
    p.add_argument("--revert", action="store_true", help="go back to the bundled figures (parks the update)")
    p.add_argument("--status", action="store_true", help="say which figures are in use; fetch nothing")
    p.add_argument("--from-file", metavar="FILE",
                   help="update from a table downloaded from SSB's StatBank (CSV/XLSX/json-stat2) instead of the API")
    p.add_argument("--timeout", type=float, metavar="SECONDS",
                   help="network timeout (default 60, or LEGEKART_SSB_TIMEOUT)")
    p.add_argument("--json", action="store_true", help="print the report as one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from indicators.ssb import report, store, update
    from indicators.ssb.errors import SsbError

    if sum(bool(x) for x in (args.revert, args.status, args.from_file)) > 1:
        raise CliError("choose one of --revert, --status and --from-file")
    try:
        if args.status:
            return _print(store.status(args.table), args.json, _status_text)
        if args.revert:
            parked = store.revert(args.table)
            out = {**store.status(args.table), "reverted": True, "parked": str(parked)}
            return _print(out, args.json, _status_text)
        prepared = _from_file(args.from_file) if args.from_file else update.prepare(args.table, timeout=args.timeout)
        out = dict(prepared.report)
        out["dry_run"] = bool(args.dry_run)
        out["applied"] = False
        if not args.dry_run:
            out["path"] = str(update.apply(prepared))
            out["applied"] = True
    except SsbError as exc:
        raise CliError(exc.message("en")) from None
    return _print(out, args.json, lambda r: report.to_text(r, "en") + (
        f"\nApplied: {r['path']}" if r.get("applied") else "\nDry run: nothing written."))


def _from_file(path: str):
    from indicators.importer import ImportFailure, read_table
    from indicators.ssb import from_file

    try:
        table = read_table(path)
    except ImportFailure as exc:
        raise CliError(f"cannot read {path}: {exc}") from None
    if getattr(table, "statbank", None) is None:
        raise CliError(f"{path} is not a table downloaded from SSB's StatBank (no title line with a table number, "
                       "no statistikkvariabel column)")
    return from_file.merge(table)


def _print(obj: dict, as_json: bool, text) -> int:
    print(json.dumps(obj, ensure_ascii=False) if as_json else text(obj))
    return 0


def _status_text(s: dict) -> str:
    kind = {"user": "your update", "bundled": "the bundled figures", "none": "no figures"}[s["in_use"]]
    lines = [f"SSB table {s['table']}: {kind}" + (f", retrieved {s['retrieved'][:10]}" if s.get("retrieved") else "")]
    if s.get("reverted"):
        lines.append(f"The update was parked as {s['parked']}.")
    if s.get("problem"):
        lines.append(f"Note: the update could not be read ({s['problem']}); the bundled figures are used.")
    return "\n".join(lines)
