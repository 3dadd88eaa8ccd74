"""``main.py export``: write a map image, offline HTML, GeoPackage or table (batch-friendly).

    python main.py export --indicator ID --level L [--period P] [--region CODE]
        [--data FILE --column NAME] [--format png|svg|pdf|html|gpkg|csv|xlsx]
        [--dpi N] [--page a4|a3|a4-landscape|a3-landscape] [--size WxH] [--title T]
        [--subtitle S] [--source S] [--note N] [--layout map|map+ranking]
        [--method M] [--classes K] [--lang nb|en] [--force] --out PATH
    python main.py export --boundaries FILE [--key FIELD] [--boundary-credit TEXT]
        --data TABLE --column COL --out OUT

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
from cli.options import add_map_option
from cli.options import session as session_for

PAGES = ("a4", "a3", "a4-landscape", "a3-landscape")
FORMATS = ("png", "svg", "pdf", "html", "gpkg", "csv", "xlsx")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export", help="write a map (PNG/SVG/PDF/HTML), GeoPackage or table (CSV/XLSX)")
    p.add_argument("--indicator", help="indicator id (see main.py info), or 'all' (not needed with --data)")
    p.add_argument("--level", help="kommune, fylke, helseregion or helseforetak (not with --boundaries)")
    p.add_argument("--period", help="period (default: the latest with data)")
    p.add_argument("--region", help="zoom to a county (18), health region (helse-nord) or health-trust area")
    p.add_argument("--data", help="your own table (CSV/XLSX/ODS) to map a column of")
    p.add_argument("--column", help="the column of --data to map")
    p.add_argument("--format", choices=FORMATS, help="default: from the suffix of --out (png for a folder)")
    p.add_argument("--dpi", type=float, default=300, help="72–600 (images; default 300)")
    p.add_argument("--page", choices=PAGES, default="a4", help="paper size (images; default a4)")
    p.add_argument("--size", help="free pixel size WxH instead of --page (images)")
    p.add_argument("--title", help="replace the map title")
    p.add_argument("--subtitle", help="replace the line under the title ('' = none)")
    p.add_argument("--source", help="replace the source line (default: the data's sources and 'Kartgrunnlag: …')")
    p.add_argument("--note", help="a free note printed above the source line")
    p.add_argument("--layout", choices=["map", "map+ranking"], default="map",
                   help="map+ranking: ranked bars and values beside (landscape) or below (portrait) the map")
    p.add_argument("--method", choices=["quantiles", "equal_interval", "natural_breaks"],
                   help="classification (default: the indicator's)")
    p.add_argument("--classes", type=int, help="number of classes, 3–7 (default: the indicator's)")
    p.add_argument("--boundaries", help="map --data onto your own boundary file (GeoJSON, GeoPackage, zipped SHP)")
    p.add_argument("--key", help="the field of --boundaries holding the unit code (default: guessed)")
    p.add_argument("--boundary-credit", help="credit for --boundaries in the source line (default: its file name)")
    p.add_argument("--lang", choices=["nb", "en"], default="nb")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.add_argument("--out", required=True, help="output file, or a folder with --indicator all")
    add_map_option(p)
    p.set_defaults(func=run)


def _page(args: argparse.Namespace, fmt: str):
    if fmt not in ("png", "svg", "pdf"):
        return None
    if not 72 <= args.dpi <= 600:
        raise CliError(f"--dpi must be between 72 and 600, got {args.dpi:g}")
    from gui.app import painting_app

    painting_app()  # before any drawing module: the one place PySide6 is first imported
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
    if not session.has_level(level):
        raise CliError(f"unknown level {level!r}; choose one of {', '.join(LEVELS)}")
    if args.indicator == "all":
        ids = [i.id for i in session.catalogue if i.maps and level in session.data_levels(i.id)
               and (not args.period or args.period in session.periods(i.id, level))]
        if not ids:
            raise CliError(f"no indicator has data at level {level}" + (f" for {args.period}" if args.period else ""))
        return ids
    if args.indicator not in session.catalogue:
        raise CliError(f"unknown indicator {args.indicator!r} (see main.py info)")
    levels = session.data_levels(args.indicator)
    if "sykehus" in levels and level in LEVELS and args.format not in ("csv", "xlsx", "gpkg", "html"):
        return [args.indicator]  # a point layer (LIS1 sites): drawn over any level's base map
    if level not in levels:
        have = ", ".join(lv for lv in levels if lv in LEVELS) or "none"
        raise CliError(f"{args.indicator} has no data at level {level} on the {session.map_vintage} map "
                       f"(levels with data: {have})")
    if args.period:
        periods = session.periods(args.indicator, level)
        if args.period not in periods:
            raise CliError(f"no period {args.period!r} for {args.indicator} at {level}; have {', '.join(periods)}")
    return [args.indicator]


def _targets(args: argparse.Namespace, ids: list[str]) -> tuple[str, list[tuple[str, Path]]]:
    from indicators.writers.jobs import SUFFIXES, format_of

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
    if bool(args.data) != bool(args.column):
        raise CliError("--data and --column go together")
    if args.boundaries and not args.data:
        raise CliError("--boundaries needs --data FILE --column NAME")
    if not args.boundaries and not args.level:
        raise CliError("give --level (kommune, fylke, helseregion, helseforetak) or --boundaries FILE")
    if args.classes is not None and not 3 <= args.classes <= 7:
        raise CliError(f"--classes must be between 3 and 7, got {args.classes}")
    if not args.indicator and not args.data:
        raise CliError("give --indicator ID (or 'all'), or --data FILE --column NAME")
    _check_paths(args)
    if args.data and not Path(args.data).is_file():
        raise CliError(f"file not found: {args.data}")
    session = session_for(args)
    if args.boundaries:
        args.level = _own_boundaries(session, args)
    if args.data:  # the imported column is what gets mapped
        from indicators.user_column import load_user_column

        try:
            args.indicator = load_user_column(session, args.data, args.column, args.level)
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
            region = find_region(args.region, session.gazetteer())
        except RegionNotFound as exc:
            raise CliError(str(exc)) from None
    page = _page(args, fmt)
    if fmt in ("png", "svg", "pdf"):
        from gui.app import painting_app

        painting_app()
    from gui.exporter import ExportJob, run_job
    from indicators.view import ViewState

    failed: list[str] = []
    for indicator_id, path in targets:
        view = ViewState(level=args.level, indicator=indicator_id, period=args.period, lang=args.lang,
                         map_vintage=session.map_vintage, method=args.method, classes=args.classes)
        try:
            run_job(session, ExportJob(path, fmt, view, page, region, None, args.title, args.subtitle, args.source,
                                       args.note, args.layout))
        except PermissionError:
            raise CliError(f"cannot write {path}: permission denied") from None
        except OSError as exc:
            raise CliError(f"cannot write {path}: {exc.strerror or exc}") from None
        except Exception as exc:
            if type(exc).__name__ == "LeafletMissing":  # indicators.writers.html, imported only for HTML
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


def _own_boundaries(session, args: argparse.Namespace) -> str:
    """Load ``--boundaries`` as a map level; returns its id. Credited by file name unless told."""
    from indicators.importer.boundaries import BoundaryImportError, load_boundary_layer

    path = Path(args.boundaries)
    try:
        layer = load_boundary_layer(path, code_field=args.key, taken=set(session.boundary_layers))
    except BoundaryImportError as exc:
        raise CliError(f"--boundaries: {exc.message('en')}") from None
    layer.credit = args.boundary_credit or path.name
    session.add_boundary_layer(layer)
    return layer.id
