"""Stream an .xlsx sheet (openpyxl, read-only) into a :class:`TableBuilder`.

Cells are turned back into the text a planner sees: whole numbers without ".0",
percent-formatted cells as "2.5 %" (Excel stores 0.025), dates as ISO dates.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from indicators.importer.errors import ImportFailure
from indicators.importer.table import Cancel, ParsedTable, Progress, TableBuilder

CHECK_EVERY = 5_000


def _open(path: Path):
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFailure("file.bad_xlsx", error=str(exc) or type(exc).__name__) from None


def sheet_names(path: Path) -> list[str]:
    wb = _open(path)
    try:
        return list(wb.sheetnames)
    finally:
        wb.close()


def cell_text(value, number_format: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if number_format and "%" in number_format:
            return f"{round(value * 100, 10)!r} %".replace(".0 %", " %")
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _has_data(ws, rows: int = 50) -> bool:
    for i, row in enumerate(ws.iter_rows(values_only=True)):
        if any(v not in (None, "") for v in row):
            return True
        if i >= rows:
            break
    return False


def read_xlsx(path: Path, sheet: str | None = None, progress: Progress | None = None,
              cancel: Cancel | None = None) -> ParsedTable:
    """Read one sheet; without a sheet name, the first sheet that holds a table."""
    wb = _open(path)
    try:
        names = list(wb.sheetnames)
        if sheet is not None:
            if sheet not in names:
                raise ImportFailure("file.no_sheet", sheet=sheet, sheets=", ".join(names))
            return _read_sheet(path, wb, sheet, names, progress, cancel)
        last: ImportFailure | None = None
        for name in names:
            if not _has_data(wb[name]):
                continue
            try:
                return _read_sheet(path, wb, name, names, progress, cancel)
            except ImportFailure as exc:  # a cover sheet with a sentence: try the next sheet
                if exc.key not in ("file.blank", "file.one_column", "file.header_only"):
                    raise
                last = last or exc
        raise last or ImportFailure("file.no_data_sheet")
    finally:
        wb.close()


def _read_sheet(path: Path, wb, chosen: str, names: list[str], progress, cancel) -> ParsedTable:
    ws = wb[chosen]
    total = ws.max_row or 0
    builder = TableBuilder(progress, cancel, total)
    try:
        for i, row in enumerate(ws.iter_rows(), start=1):
            cells = [cell_text(c.value, getattr(c, "number_format", None)) for c in row]
            builder.add(cells, i)
            if i % CHECK_EVERY == 0:
                builder.check(i)
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise ImportFailure("file.bad_xlsx", error=str(exc)) from None
    builder.check(total)
    return builder.parsed(path, "xlsx", sheet=chosen, sheets=names)
