"""Map one column of the planner's own file: ``main.py export --data FILE --column NAME``.

The import pipeline (:mod:`indicators.importer`) reads, matches and harmonises the
file exactly as File → Importer data… does; this module only keeps the one column
asked for and returns the id of the indicator it added to the session.

Why a cache: a planner exports the same table again and again (another page, format,
title, classification), and reading and matching it with pandas is most of such an
export. What the import added to the session (the indicator and its observation rows)
is kept under a key made of the file's sha256, the column, the level, the map and the
hash of every module of ``geo/`` and ``indicators/`` and of the reference tables and
boundaries, so any change of the file or of the code re-imports it. One entry is kept
per table path, and only the :data:`KEEP_TABLES` most recently used paths.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from indicators.catalogue import Indicator
from indicators.columns import Columns
from indicators.session import Session

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parent.parent
#: import-cache entries kept (one per table path, least recently used go first)
KEEP_TABLES = 64
PREFIX = "user-column-"


@dataclass
class ImportedColumn:
    """What importing one column added to a session, as it is cached."""

    indicator: Indicator
    rows: Columns
    name: str
    path: str
    mapping: dict = field(default_factory=dict)
    report: dict = field(default_factory=dict)


class UserColumnError(ValueError):
    """The file or column cannot be mapped; the message is one line for the command line."""


def load_user_column(session: Session, path: str | Path, column: str, level: str) -> str:
    """Import ``column`` of ``path`` as an indicator at ``level``; returns the indicator id.

    On a bundled level the result comes from the cache when the file and the code are
    unchanged; own boundary layers are always imported afresh."""
    from geo.levels import LEVELS

    if level not in LEVELS or session.boundary_layers:
        return _import(session, path, column, level)
    from geo.disk_cache import cached, key_of, mark_used, prune

    imported_now: list[str] = []

    def build() -> ImportedColumn:
        imported_now.append(_import(session, path, column, level))
        return _taken(session, imported_now[0])

    file = Path(path).resolve()
    name = PREFIX + hashlib.sha256(str(file).encode()).hexdigest()[:12]
    code = sorted((ROOT / "geo").rglob("*.py")) + sorted((ROOT / "indicators").rglob("*.py"))
    reference = sorted((ROOT / "data" / "reference").glob("*.csv")) + sorted((ROOT / "data" / "indicators").glob("*"))
    gpkg = ROOT / "data" / "boundaries" / f"legekart_{session.map_vintage}.gpkg"
    key = key_of([file, *code, *reference, gpkg], column, level, session.map_vintage)
    hit = cached(name, key, build, kind=ImportedColumn)
    if imported_now:
        prune(PREFIX, KEEP_TABLES)
        return imported_now[0]
    mark_used(name, key)
    if hit.indicator.id in session.catalogue:  # another import took the id meanwhile: import afresh
        return _import(session, path, column, level)
    from indicators.session import ImportedDataset

    session.add_indicator(hit.indicator, hit.rows)
    session.imports.append(ImportedDataset(name=hit.name, path=hit.path, indicator_ids=[hit.indicator.id],
                                           table=None, mapping=hit.mapping, report=hit.report))
    log.info("%s: %r from the import cache", file.name, column)
    return hit.indicator.id


def _taken(session: Session, indicator_id: str) -> ImportedColumn:
    """What the import of ``indicator_id`` added to the session."""
    rows = session.observations.columns
    ds = next(d for d in reversed(session.imports) if indicator_id in d.indicator_ids)
    return ImportedColumn(session.catalogue.get(indicator_id), rows.take(rows["indicator"] == indicator_id),
                          ds.name, ds.path, ds.mapping, ds.report)


def _import(session: Session, path: str | Path, column: str, level: str) -> str:
    from indicators.importer.errors import ImportFailure
    from indicators.importer.plan import guess_plan
    from indicators.importer.reader import read_table

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
        if layer is None:  # a plain table on a bundled level is joined without pandas,
            from indicators.importer.plain_join import join_plain  # onto the one map drawn

            joined = join_plain(session, table, plan, maps=(session.map_vintage,))
            if joined is not None:
                return joined
        from indicators.importer import analyse, apply_import  # the pipeline (pandas)

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
