"""Stream an .xlsx sheet (openpyxl, read-only) into a :class:`TableBuilder`.

Cells are turned back into the text a planner sees: whole numbers without ".0",
percent-formatted cells as "2.5 %" (Excel stores 0.025), dates as ISO dates.

A workbook is a zip of XML parts and can be damaged or hostile in many ways, so
before openpyxl sees it the parts' sizes, compression ratios and prologs are
checked (:mod:`geo.input_limits`), the sheet may not go past Excel's last row, and
whatever openpyxl raises on a broken part becomes one sentence. Formulas saved
without their results (written by a program, never recalculated) are read as
their formula text, so they are counted as unreadable cells instead of vanishing
as blanks.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

from geo.input_limits import LimitError, check_xml_prolog, check_zip
from indicators.importer.errors import ImportCancelled, ImportFailure
from indicators.importer.messages import Msg
from indicators.importer.messages_limits import damage_params
from indicators.importer.table import Cancel, ParsedTable, Progress, TableBuilder

CHECK_EVERY = 5_000
#: the last row of an Excel sheet; a sheet claiming more is damaged or a bomb
MAX_ROWS = 1_048_576
#: parts openpyxl parses whole into memory
WHOLE_PARTS = ("xl/sharedStrings.xml", "xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml")
#: a formula cell that ends without a cached <v> value
_UNCACHED = re.compile(rb"(?:</f>|<f\b[^>]*/>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")
_SCAN_CHUNK = 4 * 1024 * 1024
#: a row numbered 1 000 000 or more (only those can pass Excel's last row)
_FAR_ROW = re.compile(rb'<row\b[^>]*?\br="(\d{7,})"')


def _damage(exc: BaseException) -> ImportFailure:
    """One sentence for whatever openpyxl or zipfile raised on a broken part."""
    if isinstance(exc, ImportFailure):
        return exc
    if isinstance(exc, (zlib.error, zipfile.BadZipFile, EOFError)):
        return ImportFailure("file.bad_xlsx", **damage_params("compressed"))
    if isinstance(exc, ParseError) or type(exc).__name__ in ("XMLSyntaxError", "ExpatError"):
        return ImportFailure("file.bad_xlsx", **damage_params("xml", str(exc)))
    if isinstance(exc, (IndexError, KeyError)):
        return ImportFailure("file.bad_xlsx", **damage_params("reference"))
    return ImportFailure("file.bad_xlsx", **damage_params("structure", f"{type(exc).__name__}: {exc}"))


def _check_parts(f) -> dict[str, bool]:
    """Sizes, ratios, encryption and DTDs of every part, and the rows of every sheet, before
    anything is parsed. Returns, per sheet part, whether it holds formulas without results."""
    try:
        with zipfile.ZipFile(f) as z:
            check_zip(z, whole=WHOLE_PARTS)
            uncached = {}
            for name in z.namelist():
                if name.lower().endswith((".xml", ".rels", ".vml")):
                    check_xml_prolog(z, name)
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    uncached[name] = _scan_sheet(z, name)
    except (LimitError, ImportFailure) as exc:
        raise (ImportFailure.from_limit(exc) if isinstance(exc, LimitError) else exc) from None
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged zip raises many types
        raise _damage(exc) from None
    f.seek(0)
    return uncached


def _open(f, data_only: bool = True):
    import openpyxl

    try:
        # a file object, not the path: openpyxl refuses names not ending in .xlsx,
        # and a workbook renamed to .csv is still a workbook
        return openpyxl.load_workbook(f, read_only=True, data_only=data_only)
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types on damaged parts
        raise _damage(exc) from None


def _handle(path: Path):
    try:
        return open(path, "rb")
    except OSError as exc:
        raise ImportFailure("file.unreadable", path=path.name, error=exc.strerror or str(exc)) from None


def sheet_names(path: Path) -> list[str]:
    with _handle(path) as f:
        _check_parts(f)
        wb = _open(f)
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
    with _handle(path) as f:
        uncached = _check_parts(f)
        wb = _open(f)
        try:
            return _read_book(path, wb, sheet, progress, cancel, uncached)
        except (ImportFailure, ImportCancelled, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 - a damaged sheet fails while it is read
            raise _damage(exc) from None
        finally:
            wb.close()


def _read_book(path: Path, wb, sheet: str | None, progress, cancel, uncached: dict[str, bool]) -> ParsedTable:
    names = list(wb.sheetnames)
    if sheet is not None:
        if sheet not in names:
            raise ImportFailure("file.no_sheet", sheet=sheet, sheets=", ".join(names))
        return _read_sheet(path, wb, sheet, names, progress, cancel, uncached)
    last: ImportFailure | None = None
    for name in names:
        if not _has_data(wb[name]):
            continue
        try:
            return _read_sheet(path, wb, name, names, progress, cancel, uncached)
        except ImportFailure as exc:  # a cover sheet with a sentence: try the next sheet
            if exc.key not in ("file.blank", "file.one_column", "file.header_only"):
                raise
            last = last or exc
    raise last or ImportFailure("file.no_data_sheet")


def _scan_sheet(z: zipfile.ZipFile, member: str) -> bool:
    """One byte-level pass over a sheet's XML (C speed, no parse): refuse more rows than Excel
    allows — openpyxl parses a whole sheet that lacks its size just to open the workbook, 9 s
    for 2 000 000 empty rows — and tell whether a formula cell was saved without its result."""
    rows, uncached, tail = 0, False, b""
    with z.open(member) as f:
        while chunk := f.read(_SCAN_CHUNK):
            window = tail + chunk
            rows += window.count(b"<row") - tail.count(b"<row")
            big = _FAR_ROW.search(window)
            if rows > MAX_ROWS or (big and int(big.group(1)) > MAX_ROWS):
                raise ImportFailure("file.too_many_rows", limit=MAX_ROWS)
            uncached = uncached or bool(_UNCACHED.search(window))
            tail = chunk[-256:]
    return uncached


def _rows(path: Path, ws, chosen: str, uncached: dict[str, bool]):
    """(cells, formula cells) per row; the formula workbook is opened only when needed."""
    if not uncached.get(getattr(ws, "_worksheet_path", ""), False):
        for row in ws.iter_rows():
            yield row, None
        return
    with _handle(path) as f2:
        wb2 = _open(f2, data_only=False)
        try:
            ws2 = wb2[chosen]
            ws2.reset_dimensions()
            yield from zip(ws.iter_rows(), ws2.iter_rows())
        finally:
            wb2.close()


def _read_sheet(path: Path, wb, chosen: str, names: list[str], progress, cancel,
                uncached: dict[str, bool]) -> ParsedTable:
    ws = wb[chosen]
    total = ws.max_row or 0
    if total > MAX_ROWS:
        raise ImportFailure("file.too_many_rows", limit=MAX_ROWS)
    # without the declared size, rows are not padded to a formatting-wide last column
    ws.reset_dimensions()
    builder = TableBuilder(progress, cancel, total)
    formulas: list[str] = []
    n_formulas = 0
    for i, (row, frow) in enumerate(_rows(path, ws, chosen, uncached), start=1):
        if i > MAX_ROWS:
            raise ImportFailure("file.too_many_rows", limit=MAX_ROWS)
        n = len(row)
        while n and row[n - 1].value is None and (frow is None or _value(frow, n - 1) is None):
            n -= 1
        cells = [cell_text(c.value, getattr(c, "number_format", None)) for c in row[:n]]
        if frow is not None:
            for j in range(n):
                fv = _value(frow, j)
                if row[j].value is None and isinstance(fv, str) and fv.startswith("="):
                    cells[j] = fv
                    n_formulas += 1
                    if len(formulas) < 3:
                        formulas.append(f"{_column_letter(j + 1)}{i}")
        builder.add(cells, i)
        if i % CHECK_EVERY == 0:
            builder.check(i)
    builder.check(total)
    notes = [Msg("note.uncached_formulas", {"n": n_formulas, "cells": ", ".join(formulas)})] if n_formulas else []
    return builder.parsed(path, "xlsx", notes, sheet=chosen, sheets=names)


def _value(row, j: int):
    return row[j].value if j < len(row) else None


def _column_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)
