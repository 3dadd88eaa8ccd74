"""Stream a delimited text file into a :class:`TableBuilder`.

The stdlib csv reader (not pandas) so that every record keeps its line number,
ragged rows are reported instead of aborting, and a decoding problem late in a
large file can restart the read in Windows-1252 rather than fail.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from indicators.importer.errors import ImportFailure
from indicators.importer.messages import Msg
from indicators.importer.sniff import HEAD_BYTES, detect_encoding, looks_double_encoded, read_head, sniff_delimiter
from indicators.importer.table import CHUNK_ROWS, Cancel, ParsedTable, Progress, TableBuilder

_DELIMITER_NAMES = {";": "semicolon", ",": "comma", "\t": "tab", "|": "pipe"}


def read_csv(path: Path, progress: Progress | None = None, cancel: Cancel | None = None) -> ParsedTable:
    head = read_head(path, HEAD_BYTES)
    encoding = detect_encoding(head)
    notes: list[Msg] = []
    try:
        return _read(path, head, encoding, notes, progress, cancel)
    except UnicodeDecodeError as exc:
        if encoding not in ("utf-8", "utf-8-sig"):
            raise ImportFailure("file.encoding") from None
        notes.append(Msg("note.encoding_fallback", {"pos": exc.start, "encoding": "cp1252"}))
        return _read(path, head, "cp1252", notes, progress, cancel)


def _read(path: Path, head: bytes, encoding: str, notes: list[Msg],
          progress: Progress | None, cancel: Cancel | None) -> ParsedTable:
    sample = head.decode(encoding, errors="replace")
    if sample.startswith("\ufeff"):
        sample = sample[1:]
    delimiter = sniff_delimiter(sample)
    total = os.path.getsize(path)
    builder = TableBuilder(progress, cancel, total)
    csv.field_size_limit(16 * 1024 * 1024)
    with open(path, "rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        reader = csv.reader(text, delimiter=delimiter)
        line = 1
        count = 0
        try:
            for record in reader:
                builder.add(record, line)
                line = reader.line_num + 1
                count += 1
                if count % CHUNK_ROWS == 0:
                    builder.check(raw.tell())
        except csv.Error as exc:
            if "NUL" in str(exc):
                raise ImportFailure("file.binary") from None
            raise ImportFailure("file.unreadable", path=path.name, error=f"line {line}: {exc}") from None
    builder.check(total)
    label = {"utf-8-sig": "UTF-8 (BOM)", "utf-8": "UTF-8", "cp1252": "Windows-1252", "latin-1": "ISO-8859-1",
             "utf-16": "UTF-16"}.get(encoding, encoding)
    extra_notes = [Msg("note.encoding", {"encoding": label}), *notes]
    if looks_double_encoded(sample):
        extra_notes.append(Msg("note.mojibake"))
    return builder.parsed(path, "csv", extra_notes, encoding=label,
                          delimiter=_DELIMITER_NAMES.get(delimiter, delimiter))
