"""Read any supported table file: the one entry point for the GUI, CLI and tests."""

from __future__ import annotations

from pathlib import Path

from geo.input_limits import LimitError, check_path, check_regular_file
from indicators.importer.errors import ImportFailure
from indicators.importer.sniff import detect_format
from indicators.importer.table import Cancel, ParsedTable, Progress

FORMATS = ("csv", "xlsx", "ods")


def read_table(path: str | Path, sheet: str | None = None, progress: Progress | None = None,
               cancel: Cancel | None = None) -> ParsedTable:
    """Read a CSV/XLSX/ODS file as text cells.

    ``progress(done, total)`` is called between chunks (bytes for CSV, rows for
    spreadsheets; total 0 when unknown); ``cancel()`` returning True stops the read
    with :class:`ImportCancelled`. Raises :class:`ImportFailure` with the reason
    when the file is not a readable table.
    """
    path = Path(path)
    check_input(path)
    from indicators.importer import statbank, statbank_json  # SSB StatBank downloads are reshaped as read

    try:
        if statbank_json.is_jsonstat(path):
            return statbank_json.read_jsonstat(path)
        return statbank.recognise(_read(path, sheet, progress, cancel))
    except MemoryError:
        raise ImportFailure("file.memory") from None


def check_input(path: Path) -> None:
    """Only a regular file of a path the system can open (a pipe would block forever)."""
    try:
        check_path(path)
        if path.is_dir():
            raise ImportFailure("file.unreadable", path=str(path), error="is a folder")
        check_regular_file(path)
    except LimitError as exc:
        raise ImportFailure.from_limit(exc) from None


def _read(path: Path, sheet: str | None, progress: Progress | None, cancel: Cancel | None) -> ParsedTable:
    kind = detect_format(path)
    if kind == "xlsx":
        from indicators.importer.xlsx import read_xlsx

        return read_xlsx(path, sheet, progress, cancel)
    if kind == "ods":
        from indicators.importer.ods import read_ods

        return read_ods(path, sheet, progress, cancel)
    from indicators.importer.csvfile import read_csv

    return read_csv(path, progress, cancel)


def list_sheets(path: str | Path) -> list[str]:
    """Sheet names of a workbook; [] for text files."""
    path = Path(path)
    check_input(path)
    kind = detect_format(path)
    if kind == "xlsx":
        from indicators.importer.xlsx import sheet_names

        return sheet_names(path)
    if kind == "ods":
        from indicators.importer.ods import sheet_names

        return sheet_names(path)
    return []
