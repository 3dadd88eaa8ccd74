"""``main.py open FILE [--check]``: check a project headless, or open it in the window.

``--check`` is strict: a project the loader had to fix (a view naming a missing
layer, say) exits 2 naming the problem; the window opens it with the fix and says so.
"""

from __future__ import annotations

import argparse

from cli.errors import CliError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("open", help="open a .legekart project (--check: verify it headless)")
    p.add_argument("file")
    p.add_argument("--check", action="store_true", help="load without a window and print a one-line summary")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from indicators.project_file import ProjectError, load

    try:
        project = load(args.file)
    except ProjectError as exc:
        raise CliError(str(exc)) from None
    if args.check:
        if project.notes:  # --check verifies: a project that needed fixing is not OK
            more = f" (and {len(project.notes) - 1} more)" if len(project.notes) > 1 else ""
            raise CliError(f"{args.file}: {project.notes[0][0]}{more}; the window would open it with this fixed")
        print(f"OK {args.file}: {project.summary()}")
        return 0
    from gui import errors
    from gui.app import application
    from gui.main_window import MainWindow

    app = application()
    errors.install()
    window = MainWindow(session=project.session, view=project.view, restore=False)
    window.project_path = args.file
    window.show()
    from gui import recovery

    recovery.install(window)
    return app.exec()
