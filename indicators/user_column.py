"""Map one column of the planner's own file: ``main.py export --data FILE --column NAME``.

The import pipeline (:mod:`indicators.importer`) reads, matches and harmonises the
file exactly as File → Importer data… does; this module only keeps the one column
asked for and returns the id of the indicator it added to the session.
"""

from __future__ import annotations

from pathlib import Path

from indicators.session import Session


class UserColumnError(ValueError):
    """The file or column cannot be mapped; the message is one line for the command line."""


def load_user_column(session: Session, path: str | Path, column: str, level: str) -> str:
    """Import ``column`` of ``path`` as an indicator at ``level``; returns the indicator id."""
    from indicators.importer import ImportFailure, analyse, apply_import, guess_plan, read_table

    try:
        table = read_table(path)
        if column not in table.columns:
            raise UserColumnError(f"no column {column!r} in {Path(path).name} "
                                  f"(columns: {', '.join(map(str, table.columns))})")
        layer = session.boundary_layers.get(level)
        plan = guess_plan(table, level=None if layer is not None else level, layer=layer)
        specs = [v for v in plan.value_columns if v.column == column]
        if column == plan.key_column or not specs:
            raise UserColumnError(f"column {column!r} holds no values to map (key column: {plan.key_column!r})")
        for v in plan.value_columns:
            v.include = v.column == column
        analysis = analyse(table, plan, layers=session.boundary_layers, map_vintage=session.map_vintage)
        if not analysis.report.matched:
            raise UserColumnError(f"no row of {Path(path).name} matched a {level} (key column {plan.key_column!r})")
        # the export maps one level, so the aggregates for the levels above are not built
        ids = apply_import(session, table, analysis=analysis, aggregate_up=False)
    except ImportFailure as exc:
        raise UserColumnError(str(exc)) from None
    if not ids:
        raise UserColumnError(f"column {column!r} gave no indicator")
    return ids[0]
