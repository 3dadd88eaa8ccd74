"""``main.py export``: write a map image, offline HTML, GeoPackage or table (batch-friendly).

    python main.py export --indicator ID --level L [--period P] [--region CODE]
        [--data FILE --column NAME] [--format png|svg|pdf|html|gpkg|csv|xlsx]
        [--dpi N] [--page a4|a3|a4-landscape|a3-landscape] [--size WxH] [--title T]
        [--lang nb|en] [--force] --out PATH

The format defaults to the suffix of ``--out``; ``--indicator all`` with a folder as
``--out`` writes one file per indicator that has data at the level. An existing file
is only replaced with ``--force``. Every user error exits 2 with one line.
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

from cli.errors import CliError

PAGES = ("a4", "a3", "a4-landscape", "a3-landscape")
FORMATS = ("png", "svg", "pdf", "html", "gpkg", "csv", "xlsx")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write a map (PNG/SVG/PDF/HTML), GeoPackage or table (CSV/XLSX)")
    p.add_argument("--indicator", help="indicator id (see main.py info), or 'all' (not needed with --data)")
    p.add_argument("--level", required=True, help="kommune, fylke, helseregion or helseforetak")
    p.add_argument("--period", help="period (default: the latest with data)")
    p.add_argument("--region", help="zoom to a county (18), health region (helse-nord) or health-trust area")
    p.add_argument("--data", help="your own table (CSV/XLSX/ODS) to map a column of")
    p.add_argument("--column", help="the column of --data to map")
    p.add_argument("--format", choices=FORMATS, help="default: from the suffix of --out (png for a folder)")
    p.add_argument("--dpi", type=float, default=300, help="72–600 (images; default 300)")
    p.add_argument("--page", choices=PAGES, default="a4", help="paper size (images; default a4)")
    p.add_argument("--size", help="free pixel size WxH instead of --page (images)")
    p.add_argument("--title", help="replace the map title")
    p.add_argument("--lang", choices=["nb", "en"], default="nb")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.add_argument("--out", required=True, help="output file, or a folder with --indicator all")
    p.set_defaults(func=run)


def _page(args: argparse.Namespace, fmt: str):
    if fmt not in ("png", "svg", "pdf"):
        return None
    if not 72 <= args.dpi <= 600:
        raise CliError(f"--dpi must be between 72 and 600, got {args.dpi:g}")
    from gui.render.page import page_size, pixel_size

    if args.size:
        m = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", args.size)
        if not m:
            raise CliError(f"--size must be WxH in pixels, got {args.size!r}")
        try:
            return pixel_size(int(m.group(1)), int(m.group(2)), args.dpi)
        except ValueError as exc:
            raise CliError(f"--size: {exc}") from None
    return page_size(args.page, args.dpi)


def _indicators(session, args: argparse.Namespace) -> list[str]:
    from geo.levels import LEVELS

    level = args.level
    if level not in LEVELS and level not in session.boundary_layers:
        raise CliError(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")
    obs = session.observations
    if args.indicator == "all":
        ids = [i.id for i in session.catalogue if i.maps and level in obs.levels(i.id)
               and (not args.period or args.period in obs.periods(i.id, level))]
        if not ids:
            raise CliError(f"no indicator has data at level {level}" + (f" for {args.period}" if args.period else ""))
        return ids
    if args.indicator not in session.catalogue:
        raise CliError(f"unknown indicator {args.indicator!r} (see main.py info)")
    levels = obs.levels(args.indicator)
    if level not in levels:
        have = ", ".join(lv for lv in levels if lv in LEVELS) or "none"
        raise CliError(f"{args.indicator} has no data at level {level} (levels with data: {have})")
    if args.period:
        periods = obs.periods(args.indicator, level)
        if args.period not in periods:
            raise CliError(f"no period {args.period!r} for {args.indicator} at {level}; have {', '.join(periods)}")
    return [args.indicator]


def _targets(args: argparse.Namespace, ids: list[str]) -> tuple[str, list[tuple[str, Path]]]:
    from gui.exporter import SUFFIXES, format_of

    out = Path(args.out)
    if args.indicator == "all":
        if out.exists() and not out.is_dir():
            raise CliError(f"--out must be a folder with --indicator all: {out}")
        if not out.exists():
            if not out.parent.is_dir():
                raise CliError(f"folder does not exist: {out.parent}")
            out.mkdir()
        fmt = args.format or "png"
        suffix = f"_{args.period}" if args.period else ""
        region = f"_{re.sub(r'[^0-9A-Za-z-]+', '-', args.region)}" if args.region else ""
        return fmt, [(i, out / f"{i}_{args.level}{suffix}{region}{SUFFIXES[fmt]}") for i in ids]
    if out.is_dir():
        raise CliError(f"--out is a folder; give a file name (or use --indicator all): {out}")
    if not out.parent.is_dir():
        raise CliError(f"folder does not exist: {out.parent}")
    try:
        fmt = format_of(out, args.format)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    return fmt, [(ids[0], out)]


def _check_paths(args: argparse.Namespace) -> None:
    """Paths the system can open; an empty --region (it used to export the whole country);
    and never an export onto the table it maps."""
    from geo.input_limits import LimitError, check_path, check_regular_file, short_path

    if args.region is not None and not args.region.strip():
        raise CliError("--region is empty; give a county (18), health region (helse-nord) or health-trust area")
    for flag, value in (("--out", args.out), ("--data", args.data)):
        try:
            if value:
                check_path(value)
                if flag == "--data":
                    check_regular_file(value)  # a named pipe would block the import forever
        except LimitError as exc:
            raise CliError(f"{flag}: {exc}") from None
    if args.data and Path(args.out).exists() and os.path.samefile(args.out, args.data):
        raise CliError(f"--out {short_path(args.out)} is the --data table; choose another output file")


def run(args: argparse.Namespace) -> int:
    from indicators.session import Session

    if bool(args.data) != bool(args.column):
        raise CliError("--data and --column go together")
    if not args.indicator and not args.data:
        raise CliError("give --indicator ID (or 'all'), or --data FILE --column NAME")
    _check_paths(args)
    if args.data and not Path(args.data).is_file():
        raise CliError(f"file not found: {args.data}")
    session = Session()
    if args.data:  # the imported column is what gets mapped
        from indicators.user_column import ImportPipelineMissing, load_user_column

        try:
            args.indicator = load_user_column(session, args.data, args.column, args.level)
        except ImportPipelineMissing as exc:
            raise CliError(str(exc)) from None
        except (ValueError, KeyError, OSError) as exc:
            raise CliError(f"cannot map {args.column!r} of {args.data}: {exc}") from None
    ids = _indicators(session, args)
    fmt, targets = _targets(args, ids)
    existing = [str(p) for _, p in targets if p.exists()]
    if existing and not args.force:
        more = f" (and {len(existing) - 1} more)" if len(existing) > 1 else ""
        raise CliError(f"{existing[0]} exists{more}; use --force to overwrite")
    region = None
    if args.region:
        from geo.regions import RegionNotFound, find_region

        try:
            region = find_region(args.region)
        except RegionNotFound as exc:
            raise CliError(str(exc)) from None
    page = _page(args, fmt)
    if fmt in ("png", "svg", "pdf"):
        _qt_app()
    from gui.exporter import ExportJob, run_job
    from indicators.view import ViewState

    failed: list[str] = []
    for indicator_id, path in targets:
        view = ViewState(level=args.level, indicator=indicator_id, period=args.period, lang=args.lang)
        try:
            run_job(session, ExportJob(path, fmt, view, page, region, None, args.title))
        except PermissionError:
            raise CliError(f"cannot write {path}: permission denied") from None
        except OSError as exc:
            raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None
        except Exception as exc:
            if type(exc).__name__ == "LeafletMissing":  # geo.export_html, imported only for HTML
                raise CliError(str(exc)) from None
            if len(targets) == 1:
                raise
            # a batch goes on with the other indicators and names the failures at the end
            from cli.errors import log_exception

            log_exception(exc)
            failed.append(f"{indicator_id} ({type(exc).__name__}: {exc})")
            continue
        print(path)
    if failed:
        raise CliError(f"{len(failed)} of {len(targets)} exports failed: " + "; ".join(failed))
    return 0


def _qt_app():
    """A headless QGuiApplication for fonts and painting (no window, no display needed)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication(["legekart-export"])
    return app
