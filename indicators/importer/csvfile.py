"""Stream a delimited text file into a :class:`TableBuilder`.

The stdlib csv reader (not pandas) so that every record keeps its line number,
ragged rows are reported instead of aborting, and a decoding problem late in a
large file can restart the read rather than fail. A file that is not pure UTF-8 is
read line by line as UTF-8 with Windows-1252 for every other byte (see
:mod:`csvlines`), which also reads files that mix the two correctly.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
from pathlib import Path

from indicators.importer.csvlines import (
    Lines,
    MixedStats,
    join_decimal_commas,
    mixed_lines,
    plain_record,
    runaway_quote,
)
from indicators.importer.errors import ImportFailure
from indicators.importer.messages import Msg
from indicators.importer.sniff import (
    HEAD_BYTES,
    detect_encoding,
    looks_double_encoded,
    read_head,
    sample_records,
    sniff_delimiter,
)
from indicators.importer.table import CHUNK_ROWS, Cancel, ParsedTable, Progress, TableBuilder

_DELIMITER_NAMES = {";": "semicolon", ",": "comma", "\t": "tab", "|": "pipe"}
_LABELS = {"utf-8-sig": "UTF-8 (BOM)", "utf-8": "UTF-8", "utf-16": "UTF-16", "mixed": "Windows-1252"}
STRAY_QUOTE_NOTES = 5


def read_csv(path: Path, progress: Progress | None = None, cancel: Cancel | None = None) -> ParsedTable:
    head = read_head(path, HEAD_BYTES)
    encoding = detect_encoding(head)
    if encoding in ("utf-8", "utf-8-sig", "utf-16"):
        try:
            return _read(path, head, encoding, progress, cancel)
        except UnicodeDecodeError:
            if encoding == "utf-16":
                raise ImportFailure("file.encoding") from None
    return _read(path, head, "mixed", progress, cancel, started_utf8=encoding != "cp1252" and encoding != "latin-1")


def _sample(head: bytes, encoding: str) -> str:
    if encoding == "mixed":
        return "".join(_decode_sample(head))
    sample = head.decode(encoding, errors="replace")
    return sample[1:] if sample.startswith("\ufeff") else sample


def _decode_sample(head: bytes):
    from indicators.importer.csvlines import _decode_lines

    start = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    return _decode_lines(head[start:], MixedStats())


def _read(path: Path, head: bytes, encoding: str, progress: Progress | None, cancel: Cancel | None,
          started_utf8: bool = False) -> ParsedTable:
    sample = _sample(head, encoding)
    delimiter = sniff_delimiter(sample)
    width = _width(sample, delimiter)
    total = os.path.getsize(path)
    builder = TableBuilder(progress, cancel, total, row_fixer=join_decimal_commas if delimiter == "," else None)
    csv.field_size_limit(16 * 1024 * 1024)
    stats = MixedStats()
    stray: list[tuple[int, int, int]] = []
    n_stray = 0
    with open(path, "rb") as raw:
        if encoding == "mixed":
            source = mixed_lines(raw, stats, len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0)
        else:
            source = io.TextIOWrapper(raw, encoding=encoding, newline="")
        lines = Lines(source)
        reader = csv.reader(lines, delimiter=delimiter)
        count = 0
        while True:
            lines.start_record()
            line = lines.consumed + 1
            try:
                record = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if "NUL" in str(exc):
                    raise ImportFailure("file.binary") from None
                raise ImportFailure("file.unreadable", path=path.name, error=f"line {line}: {exc}") from None
            if len(lines.record) > 1 and runaway_quote(record, lines.record, delimiter, width):
                # a lone '"' opened a field that swallowed whole lines: read its line without
                # quote handling and the swallowed lines again, each as its own row
                n_stray += 1
                if len(stray) < STRAY_QUOTE_NOTES:
                    stray.append((line, line + 1, line + len(lines.record) - 1))
                swallowed = lines.record[1:]
                record = plain_record(lines.record[0], delimiter)
                lines.give_back(swallowed)
            builder.add(record, line)
            count += 1
            if count % CHUNK_ROWS == 0:
                builder.check(stats.bytes_read if encoding == "mixed" else raw.tell())
    builder.check(total)
    label, notes = _encoding_notes(encoding, stats, started_utf8)
    notes += [Msg("note.stray_quote", {"line": a, "first": b, "last": c}) for a, b, c in stray]
    if n_stray > len(stray):
        notes.append(Msg("note.truncated", {"what": "stray quotes", "shown": len(stray), "total": n_stray}))
    if looks_double_encoded(sample):
        notes.append(Msg("note.mojibake"))
    return builder.parsed(path, "csv", notes, encoding=label, delimiter=_DELIMITER_NAMES.get(delimiter, delimiter))


def _width(sample: str, delimiter: str) -> int:
    """The usual number of fields per record in the sample."""
    from collections import Counter

    counts = Counter(len(r) for r in sample_records(sample, delimiter) if len(r) > 1)
    return counts.most_common(1)[0][0] if counts else 2


def _encoding_notes(encoding: str, stats: MixedStats, started_utf8: bool) -> tuple[str, list[Msg]]:
    label = _LABELS.get(encoding, encoding)
    notes: list[Msg] = []
    if encoding == "mixed":
        if stats.fallback_bytes == 0:
            label = "UTF-8"
        elif stats.utf8_seen:
            label = "UTF-8 + Windows-1252"
        if started_utf8 and stats.fallback_bytes:
            notes.append(Msg("note.encoding_fallback", {"pos": stats.first_fallback, "encoding": "cp1252"}))
        if stats.utf8_seen and stats.fallback_bytes:
            notes.append(Msg("note.mixed_encoding", {"n": stats.fallback_bytes, "pos": stats.first_fallback}))
        if stats.undecodable:
            notes.append(Msg("note.undecodable", {"n": stats.undecodable, "pos": stats.first_undecodable}))
    return label, [Msg("note.encoding", {"encoding": label}), *notes]
