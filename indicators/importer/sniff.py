"""Look at a file's first bytes: what it is, how its text is encoded, how it is split.

Planners drop whatever they have on the window: a CSV from Excel in Windows-1252,
a UTF-8 file with a byte-order mark, an .xlsx, a PDF renamed to .csv. Each must be
recognised from its content (never from the file name alone) and refused with a
precise reason when it is not a table.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from collections import Counter
from pathlib import Path

from indicators.importer.errors import ImportFailure

HEAD_BYTES = 256 * 1024
DELIMITERS = (";", "\t", "|", ",")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def read_head(path: Path, n: int = HEAD_BYTES) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read(n)
    except FileNotFoundError:
        raise ImportFailure("file.missing", path=str(path)) from None
    except OSError as exc:
        raise ImportFailure("file.unreadable", path=str(path), error=exc.strerror or str(exc)) from None


def detect_format(path: Path) -> str:
    """'csv', 'xlsx' or 'ods' — or ImportFailure saying what the file is instead."""
    head = read_head(path)
    if not head:
        raise ImportFailure("file.empty")
    if head.startswith(b"%PDF"):
        raise ImportFailure("file.pdf")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFailure("file.xls")
    for magic, kind in ((b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"),
                        (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF")):
        if head.startswith(magic):
            raise ImportFailure("file.image", kind=kind)
    if head.startswith(b"SQLite format 3"):
        raise ImportFailure("file.geo", kind="GeoPackage/SQLite")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"
    if b"\x00" in head:
        raise ImportFailure("file.binary")
    text = head.decode("latin-1")
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f\v")
    if controls > max(2, len(text) // 200):
        raise ImportFailure("file.binary")
    stripped = text.lstrip("\ufeff\xef\xbb\xbf \t\r\n").lower()
    if not stripped:
        raise ImportFailure("file.blank")
    if stripped.startswith(("<!doctype html", "<html")):
        raise ImportFailure("file.html")
    if stripped.startswith("{") and '"featurecollection"' in stripped[:4096].replace(" ", ""):
        raise ImportFailure("file.geo", kind="GeoJSON")
    if stripped.startswith("{\\rtf"):
        raise ImportFailure("file.word", kind="RTF")
    return "csv"


#: what can go wrong opening a damaged zip (zipfile raises all of these for some input)
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, KeyError,
              NotImplementedError, RuntimeError, zlib.error)


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            mimetype = _mimetype(z) if "mimetype" in names else b""
            if mimetype.strip() == ODS_MIMETYPE:
                return "ods"
            if "word/document.xml" in names:
                raise ImportFailure("file.word", kind="Word .docx")
            if b"opendocument.text" in mimetype:
                raise ImportFailure("file.word", kind="OpenDocument .odt")
            if any(n.lower().endswith(".shp") for n in names):
                raise ImportFailure("file.geo", kind="zipped Shapefile")
    except ImportFailure:
        raise
    except ZIP_ERRORS:
        raise ImportFailure("file.truncated_zip", **_truncated_kind(read_head(path, 64 * 1024))) from None
    raise ImportFailure("file.zip", hint="")


def _mimetype(z: zipfile.ZipFile) -> bytes:
    """The ODF ``mimetype`` member, read only when it is as small as it must be."""
    info = z.getinfo("mimetype")
    return z.read("mimetype") if info.file_size <= 256 and not info.flag_bits & 0x1 else b""


def _truncated_kind(head: bytes) -> dict:
    """What a zip that cannot be opened was meant to be, from the names in its first headers."""
    if b"xl/" in head or b"[Content_Types].xml" in head:
        return {"kind": "Excel file (.xlsx)", "kind_nb": "Excel-filen (.xlsx)"}
    if ODS_MIMETYPE in head:
        return {"kind": "spreadsheet (.ods)", "kind_nb": "Regnearket (.ods)"}
    return {"kind": "zip archive", "kind_nb": "Zip-arkivet"}


def detect_encoding(head: bytes) -> str:
    """Encoding to decode the file with: BOMs first, then strict UTF-8, then Windows-1252.

    Windows-1252 (what Norwegian Excel writes) is a superset of Latin-1 for every
    letter planners use; plain Latin-1 is the fallback for the five bytes it lacks.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    dec = codecs.getincrementaldecoder("utf-8")()
    try:
        dec.decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def looks_double_encoded(text: str) -> bool:
    from indicators.importer.keys import MOJIBAKE

    return len(MOJIBAKE.findall(text)) >= 2


def sample_records(text: str, delimiter: str, limit: int = 200) -> list[list[str]]:
    """Parse the first records of a decoded sample (the last, maybe cut, line dropped)."""
    if len(text) >= HEAD_BYTES // 2 and "\n" in text:
        text = text[: text.rindex("\n")]
    out = []
    try:
        for i, rec in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)):
            if i >= limit:
                break
            out.append(rec)
    except csv.Error:
        return out
    return out


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits most records into the same number (> 1) of fields.

    Ties go to ';' (Norwegian Excel), so a decimal comma never wins by accident.
    """
    best, best_score = DELIMITERS[0], (-1, -1)
    for d in DELIMITERS:
        counts = [len(r) for r in sample_records(text, d) if any(c.strip() for c in r)]
        wide = [c for c in counts if c > 1]
        if not wide:
            continue
        m, n = Counter(wide).most_common(1)[0]
        score = (n, m)
        if score > best_score:
            best, best_score = d, score
    return best
