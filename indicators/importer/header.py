"""Find where the table starts: title lines and notes above the header are skipped.

Spreadsheets from Helsedirektoratet and SSB put a title, a blank line and
sometimes a source note above the column headers. The header is the first row
about as wide as the table below it; a first row that already holds data (a unit
key and a number) means the file has no header at all.
"""

from __future__ import annotations

import math
from collections import Counter

from indicators.importer.numbers import is_missing, parse_number

SCAN_ROWS = 60


def width(row: list[str]) -> int:
    return sum(1 for c in row if c.strip())


def _is_number(cell: str) -> bool:
    if is_missing(cell):
        return False
    try:
        parse_number(cell)
        return True
    except ValueError:
        return False


def _is_key(cell: str) -> bool:
    from indicators.importer.keys import split_key
    from indicators.importer.resolve import key_levels

    return bool(cell.strip()) and bool(key_levels(split_key(cell)))


def find_header(rows: list[list[str]]) -> tuple[int | None, bool]:
    """(index of the header row, headerless) among the first rows of a sheet.

    Returns (None, False) when no row is wider than one cell.
    """
    widths = [width(r) for r in rows]
    wide = [w for w in widths if w >= 2]
    if not wide:
        return None, False
    table_width = Counter(wide).most_common(1)[0][0]
    need = max(2, math.ceil(table_width * 0.6))
    for i, r in enumerate(rows):
        if widths[i] < need:
            continue
        cells = [c for c in r if c.strip()]
        # a data row in place of a header: it starts with a unit key and holds numbers
        # (only the first cell counts: headers like '2019' look like 2019 municipality codes)
        if _is_key(cells[0]) and any(_is_number(c) for c in cells[1:]):
            return i, True
        return i, False
    return None, False


def column_names(header: list[str], n: int) -> list[str]:
    """Unique, non-empty column names (blank headers become 'Kolonne N'; 'Ã…r' becomes 'År')."""
    from indicators.importer.keys import repair_mojibake

    names: list[str] = []
    seen: set[str] = set()
    for i in range(n):
        raw = " ".join(repair_mojibake(header[i]).split()) if i < len(header) else ""
        name = raw or f"Kolonne {i + 1}"
        if name in seen:
            name = f"{name} ({i + 1})"
        seen.add(name)
        names.append(name)
    return names
