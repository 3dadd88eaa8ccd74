"""Stream an OpenDocument spreadsheet (.ods) with the standard library only.

pandas reads .ods through odfpy, which loads the whole document into memory and
turns percentages into plain fractions; this reader streams ``content.xml`` and
keeps what the cell shows ("2.5 %").
"""

from __future__ import annotations

import zipfile
import zlib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree import ElementTree as ET

from geo.input_limits import LimitError, check_xml_prolog, check_zip
from indicators.importer.errors import ImportFailure
from indicators.importer.messages_limits import damage_params
from indicators.importer.table import Cancel, ParsedTable, Progress, TableBuilder

NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
T_TABLE = f"{{{NS['table']}}}table"
T_ROW = f"{{{NS['table']}}}table-row"
T_CELL = f"{{{NS['table']}}}table-cell"
T_COVERED = f"{{{NS['table']}}}covered-table-cell"
T_P = f"{{{NS['text']}}}p"
A_NAME = f"{{{NS['table']}}}name"
A_ROWS = f"{{{NS['table']}}}number-rows-repeated"
A_COLS = f"{{{NS['table']}}}number-columns-repeated"
A_TYPE = f"{{{NS['office']}}}value-type"
A_VALUE = f"{{{NS['office']}}}value"
A_DATE = f"{{{NS['office']}}}date-value"
A_BOOL = f"{{{NS['office']}}}boolean-value"
MAX_REPEAT = 10_000  # repeated non-empty rows/columns beyond this are formatting, not data
CHECK_EVERY = 5_000
MAX_ROWS = 1_048_576  # the most rows LibreOffice and Excel sheets have


def _damage(exc: BaseException) -> ImportFailure:
    if isinstance(exc, (zlib.error, zipfile.BadZipFile, EOFError)):
        return ImportFailure("file.bad_ods", **damage_params("compressed"))
    if isinstance(exc, ET.ParseError):
        return ImportFailure("file.bad_ods", **damage_params("xml", str(exc)))
    return ImportFailure("file.bad_ods", **damage_params("structure", f"{type(exc).__name__}: {exc}"))


def _content(path: Path):
    """The open archive and its content.xml, after the limits on size, ratio and DTDs."""
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise _damage(exc) from None
    try:
        if "content.xml" not in z.namelist():
            raise ImportFailure("file.bad_ods", **damage_params("no_content"))
        check_zip(z, whole=("styles.xml", "meta.xml", "settings.xml", "META-INF/manifest.xml"))
        check_xml_prolog(z, "content.xml")
        _count_rows(z)
        return z, z.open("content.xml")
    except ImportFailure:
        z.close()
        raise
    except LimitError as exc:
        z.close()
        raise ImportFailure.from_limit(exc) from None
    except Exception as exc:  # noqa: BLE001 - a damaged zip raises many types
        z.close()
        raise _damage(exc) from None


def _count_rows(z: zipfile.ZipFile) -> None:
    """Row elements counted on the bytes (C speed) before the XML is parsed: more than a
    spreadsheet can hold is refused instead of parsed for minutes."""
    rows, tail = 0, b""
    with z.open("content.xml") as f:
        while chunk := f.read(4 << 20):
            window = tail + chunk
            rows += window.count(b"<table:table-row") - tail.count(b"<table:table-row")
            if rows > MAX_ROWS:
                raise ImportFailure("file.too_many_rows", limit=MAX_ROWS)
            tail = chunk[-32:]


def sheet_names(path: Path) -> list[str]:
    z, f = _content(path)
    names: list[str] = []
    try:
        for _, el in ET.iterparse(f, events=("start",)):
            if el.tag == T_TABLE:
                names.append(el.get(A_NAME, f"Ark{len(names) + 1}"))
    except (ET.ParseError, zlib.error, zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise _damage(exc) from None
    finally:
        f.close()
        z.close()
    return names


def _cell_text(el) -> str:
    kind = el.get(A_TYPE)
    if kind in ("float", "currency"):
        return el.get(A_VALUE, "")
    if kind == "percentage":
        try:
            d = Decimal(el.get(A_VALUE, "")) * 100
            return format(d.normalize(), "f") + " %"
        except InvalidOperation:
            return el.get(A_VALUE, "")
    if kind == "date":
        return el.get(A_DATE, "")
    if kind == "boolean":
        return "1" if el.get(A_BOOL) == "true" else "0"
    return " ".join("".join(p.itertext()) for p in el.iter(T_P)).strip()


def read_ods(path: Path, sheet: str | None = None, progress: Progress | None = None,
             cancel: Cancel | None = None) -> ParsedTable:
    names = sheet_names(path)
    if sheet is not None and sheet not in names:
        raise ImportFailure("file.no_sheet", sheet=sheet, sheets=", ".join(names))
    candidates = [sheet] if sheet is not None else names
    last_error: ImportFailure | None = None
    for name in candidates:
        try:
            table = _read_sheet(path, name, names, progress, cancel)
        except ImportFailure as exc:
            if sheet is not None or exc.key not in ("file.blank", "file.one_column", "file.header_only"):
                raise
            last_error = exc
            continue
        return table
    raise last_error or ImportFailure("file.no_data_sheet")


def _read_sheet(path: Path, name: str, names: list[str], progress, cancel) -> ParsedTable:
    builder = TableBuilder(progress, cancel, 0)
    z, f = _content(path)
    row_no = 0
    in_sheet = False
    cells: list[str] = []
    try:
        for event, el in ET.iterparse(f, events=("start", "end")):
            if event == "start":
                if el.tag == T_TABLE:
                    in_sheet = el.get(A_NAME) == name
                elif el.tag == T_ROW and in_sheet:
                    cells = []
                continue
            if el.tag == T_TABLE:
                if in_sheet:
                    break
                el.clear()
            elif not in_sheet:
                continue
            elif el.tag in (T_CELL, T_COVERED):
                text = _cell_text(el) if el.tag == T_CELL else ""
                cells.extend([text] * min(int(el.get(A_COLS, "1")), MAX_REPEAT if text else 1024))
                el.clear()
            elif el.tag == T_ROW:
                while cells and not cells[-1]:
                    cells.pop()
                repeat = int(el.get(A_ROWS, "1"))
                if not cells:
                    row_no += repeat
                else:
                    for _ in range(min(repeat, MAX_REPEAT)):
                        row_no += 1
                        builder.add(list(cells), row_no)
                    row_no += max(0, repeat - MAX_REPEAT)
                if row_no % CHECK_EVERY == 0:
                    builder.check(row_no)
                el.clear()
    except (ET.ParseError, zlib.error, zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise _damage(exc) from None
    finally:
        f.close()
        z.close()
    builder.check(row_no)
    return builder.parsed(path, "ods", sheet=name, sheets=names)
