"""``main.py profile``: the one-page municipality profile as PDF or PNG.

    python main.py profile CODE --out FILE.pdf|FILE.png [--lang en] [--dpi N] [--force]
    python main.py profile --county 18 --out DIR [--format pdf|png] [--lang en] [--force]

CODE is a municipality number (1804) or an unambiguous name (Bodø) on the map chosen
with ``--map`` (default 2024). ``--county`` writes one page per municipality of the
county into DIR (``DIR/1804-bodo.pdf`` …) in one process, with a progress bar on the
terminal. An existing file is only replaced with ``--force``; every user error exits
2 with one line and writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.errors import CliError
from cli.options import add_map_option
from cli.options import session as session_for


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("profile", help="one-page A4 profile of a municipality (PDF or PNG)")
    p.add_argument("code", nargs="?", help="municipality number (1804) or name (Bodø)")
    p.add_argument("--county", help="every municipality of this county (number or name) into --out DIR")
    p.add_argument("--out", required=True, help="output file (.pdf or .png), or a folder with --county")
    p.add_argument("--format", choices=["pdf", "png"], help="default: from the suffix of --out (pdf for a folder)")
    p.add_argument("--dpi", type=float, help="PNG resolution, 72–600 (default 200)")
    p.add_argument("--lang", choices=["nb", "en"], default="nb")
    p.add_argument("--force", action="store_true", help="replace existing files")
    add_map_option(p)
    p.set_defaults(func=run)


def _municipality(gaz, text: str):
    from geo.gazetteer import normalise_code

    text = text.strip()
    if text.isdigit():
        unit = gaz.find("kommune", normalise_code("kommune", text))
        if unit is None:
            raise CliError(f"unknown municipality {text!r} on the {gaz.vintage} map")
        return unit
    hits = gaz.by_name(text, "kommune")
    if len(hits) != 1:
        detail = "ambiguous; give the number" if hits else "unknown"
        raise CliError(f"municipality {text!r} is {detail} on the {gaz.vintage} map")
    return hits[0]


def _county(gaz, text: str):
    from geo.gazetteer import normalise_code

    text = text.strip()
    unit = gaz.find("fylke", normalise_code("fylke", text)) if text.isdigit() else None
    if unit is None and not text.isdigit():
        hits = gaz.by_name(text, "fylke")
        unit = hits[0] if len(hits) == 1 else None
    if unit is None:
        raise CliError(f"unknown county {text!r} on the {gaz.vintage} map")
    return unit


def _check_out(path: Path) -> None:
    from geo.input_limits import LimitError, check_path

    try:
        check_path(str(path))
    except LimitError as exc:
        raise CliError(f"--out: {exc}") from None


def _targets(args: argparse.Namespace, gaz) -> tuple[str, list[tuple[object, Path]]]:
    from gui.export_profile import format_of
    from indicators.profile import file_name

    out = Path(args.out)
    _check_out(out)
    if args.county:
        county = _county(gaz, args.county)
        if out.exists() and not out.is_dir():
            raise CliError(f"--out must be a folder with --county: {out}")
        if not out.exists() and not out.parent.is_dir():
            raise CliError(f"folder does not exist: {out.parent}")
        fmt = args.format or "pdf"
        units = sorted(gaz.members("fylke", county.code), key=lambda u: u.code)
        return fmt, [(u, out / file_name(u, "." + fmt)) for u in units]
    unit = _municipality(gaz, args.code)
    if out.is_dir():
        raise CliError(f"--out is a folder; give a file name (.pdf or .png): {out}")
    if not out.parent.is_dir():
        raise CliError(f"folder does not exist: {out.parent}")
    try:
        fmt = format_of(out, args.format)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    return fmt, [(unit, out)]


def run(args: argparse.Namespace) -> int:
    if bool(args.code) == bool(args.county):
        raise CliError("give a municipality (main.py profile 1804 --out bodo.pdf) or --county N --out DIR")
    if args.dpi is not None and not 72 <= args.dpi <= 600:
        raise CliError(f"--dpi must be between 72 and 600, got {args.dpi:g}")
    session = session_for(args)
    gaz = session.gazetteer()
    fmt, targets = _targets(args, gaz)
    existing = [str(p) for _, p in targets if p.exists()]
    if existing and not args.force:
        more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise CliError(f"{existing[0]} exists{more}; use --force to replace")
    if args.county:
        Path(args.out).mkdir(exist_ok=True)
    from gui.app import painting_app

    painting_app()
    from gui.export_profile import export_profile

    with _progress(len(targets), bool(args.county)) as step:
        for unit, path in targets:
            try:
                export_profile(path, session, unit.code, args.lang, fmt, args.dpi)
            except PermissionError:
                raise CliError(f"cannot write {path}: permission denied") from None
            except OSError as exc:
                raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None
            step(unit.short_name)
            print(path)
    return 0


class _progress:
    """A progress bar on stderr for batches run in a terminal (rich); silent otherwise."""

    def __init__(self, total: int, batch: bool):
        self.total, self.batch = total, batch
        self._bar = None

    def __enter__(self):
        if self.batch and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._bar = Progress(TextColumn("{task.description:<24}"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn(), console=Console(stderr=True), transient=False)
            self._bar.start()
            self._task = self._bar.add_task("kommuneprofiler", total=self.total)
        return self.step

    def step(self, name: str) -> None:
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=name)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.stop()
