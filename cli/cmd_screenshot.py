"""``main.py screenshot --out FILE.png [...]``: render the real window offscreen to a PNG."""

from __future__ import annotations

import argparse
import os
import re
import tempfile
from pathlib import Path

from cli.errors import CliError
from cli.options import add_map_option
from cli.options import session as session_for


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("screenshot", help="render the main window offscreen to a PNG")
    p.add_argument("--out", required=True)
    p.add_argument("--level", choices=["kommune", "fylke", "helseregion", "helseforetak"])
    p.add_argument("--indicator")
    p.add_argument("--period")
    p.add_argument("--select", help="code of the unit to select (its breakdown is shown)")
    p.add_argument("--size", default="1600x1000", help="WxH in pixels")
    p.add_argument("--lang", choices=["nb", "en"], default="nb")
    add_map_option(p)
    p.add_argument("--force", action="store_true", help="replace an existing --out file")
    p.set_defaults(func=run)


def parse_size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", text)
    if not m or not (200 <= int(m.group(1)) <= 8000 and 200 <= int(m.group(2)) <= 8000):
        raise CliError(f"--size must be WxH between 200 and 8000 pixels, got {text!r}")
    return int(m.group(1)), int(m.group(2))


def run(args: argparse.Namespace) -> int:
    width, height = parse_size(args.size)
    out = Path(args.out)
    if out.suffix.lower() != ".png":
        raise CliError("--out must end in .png")
    if not out.parent.exists():
        raise CliError(f"folder does not exist: {out.parent}")
    if out.exists() and not args.force:  # every writer: never replace a file without being asked
        raise CliError(f"{out} exists; use --force to overwrite")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from gui.app import application, scratch_settings
    from indicators.view import ViewState

    app = application()
    session = session_for(args)
    view = ViewState(lang=args.lang, map_vintage=session.map_vintage)
    if args.level:
        view.level = args.level
    if args.indicator:
        if args.indicator not in session.catalogue:
            raise CliError(f"unknown indicator {args.indicator!r} (see main.py info)")
        view.indicator = args.indicator
    if args.period:
        periods = session.periods(view.indicator, view.level)
        if args.period not in periods:
            raise CliError(f"no period {args.period!r} for {view.indicator} at {view.level}; "
                           f"have {', '.join(periods) or 'none'}")
        view.period = args.period
    unit_code = None
    if args.select:
        unit = session.gazetteer().find(view.level, args.select)
        if unit is None:
            raise CliError(f"unknown {view.level} code {args.select!r} on the {session.map_vintage} map")
        unit_code = unit.code
    from gui.app import quiet_offscreen_warnings
    from gui.main_window import MainWindow

    quiet_offscreen_warnings()
    with tempfile.TemporaryDirectory() as tmp:
        # a throwaway settings file: a screenshot must not read or change the user's settings
        settings = scratch_settings(tmp)
        window = MainWindow(session=session, settings=settings, view=view, restore=False)
        window.resize(width, height)
        window.show()
        app.processEvents()
        if unit_code:
            window.select_unit(view.level, unit_code)
        window.canvas.reset_view()
        app.processEvents()
        image = window.grab()
        from indicators.atomic_file import atomic_path

        with atomic_path(out) as tmp_out:
            if not image.save(str(tmp_out), "PNG"):
                raise CliError(f"could not write {out}")
        window.close()
    print(str(out))
    return 0
