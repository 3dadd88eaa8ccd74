"""Names of imported indicators: the id made from the file and column, and the catalogue entry.

Kept apart from :mod:`indicators.importer.apply` (which needs pandas) so the
pandas-free join (:mod:`indicators.importer.plain_join`) names things the same way.
"""

from __future__ import annotations

import re
from collections.abc import Set
from pathlib import Path

from geo.names import fold
from indicators.catalogue import Indicator
from indicators.importer.plan import ValueSpec
from indicators.importer.table import ParsedTable
from indicators.session import Session


def _slug(text: str, limit: int = 30) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", fold_keep_spaces(text)).strip("_")
    return s[:limit].strip("_") or "x"


def fold_keep_spaces(text: str) -> str:
    return " ".join(fold(w) for w in str(text).split())


def indicator_id(session: Session, file_name: str, column: str, taken: Set[str] = frozenset()) -> str:
    base = f"import_{_slug(Path(file_name).stem, 24)}_{_slug(column)}"
    out, n = base, 2
    while out in session.catalogue or out in taken:
        out, n = f"{base}_{n}", n + 1
    return out


def make_indicator(spec: ValueSpec, ind_id: str, table: ParsedTable, level: str) -> Indicator:
    where = f"{table.name}" + (f", ark «{table.sheet}»" if table.sheet else "")
    where_en = f"{table.name}" + (f", sheet '{table.sheet}'" if table.sheet else "")
    category = spec.kind == "category"
    palette = spec.palette or ("Blues" if spec.worse == "none" else "YlOrRd")
    return Indicator(
        id=ind_id, theme="import", name_nb=spec.name or spec.column, name_en=spec.name or spec.column,
        unit=spec.unit, kind=spec.kind, worse=spec.worse, scale=float(spec.scale),
        classification="categorical" if category else (
            spec.classification if spec.classification != "categorical" else "quantiles"),
        classes=int(spec.classes), palette="" if category else palette, scheme=spec.scheme if category else "",
        maps=True,
        description_nb=f"Importert fra {where}, kolonne «{spec.column}» ({level}). "
                       "Egne data, ikke fra Legekarts kilder.",
        description_en=f"Imported from {where_en}, column '{spec.column}' ({level}). "
                       "Own data, not from Legekart's sources.",
        sources=(getattr(table, "source", table.name),), origin=table.name,
    )
