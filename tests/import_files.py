"""Generate the test tables for the import tests (CSV, XLSX, ODS) inside tmp_path.

Nothing here is real data: values are made up in each test and written to
temporary files, so no data file is committed.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np


def write_csv(path: Path, rows: list[list[object]], delimiter: str = ";", encoding: str = "utf-8",
              newline: str = "\n") -> Path:
    text = newline.join(delimiter.join("" if c is None else str(c) for c in r) for r in rows) + newline
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]],
               percent_columns: dict[str, set[int]] | None = None) -> Path:
    """One worksheet per entry; ``percent_columns`` marks 0-based columns formatted as 0.0 %."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(list(r))
        for col in (percent_columns or {}).get(name, set()):
            for row in ws.iter_rows(min_col=col + 1, max_col=col + 1):
                for cell in row:
                    if isinstance(cell.value, float):
                        cell.number_format = "0.0%"
    wb.save(path)
    return path


def _ods_cell(v: object) -> str:
    if v is None or v == "":
        return "<table:table-cell/>"
    if isinstance(v, tuple) and v[0] == "percent":
        return (f'<table:table-cell office:value-type="percentage" office:value="{v[1]}">'
                f"<text:p>{float(v[1]) * 100:g} %</text:p></table:table-cell>")
    if isinstance(v, (int, float)):
        return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(v))}</text:p></table:table-cell>'


def write_ods(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A minimal OpenDocument spreadsheet; cells ("percent", 0.025) are percentage cells."""
    tables = []
    for name, rows in sheets.items():
        body = "".join("<table:table-row>" + "".join(_ods_cell(c) for c in r) + "</table:table-row>" for r in rows)
        # trailing empty rows repeated, as LibreOffice writes them
        body += ('<table:table-row table:number-rows-repeated="1048000">'
                 '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
        tables.append(f'<table:table table:name="{escape(name)}">{body}</table:table>')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet>{"".join(tables)}</office:spreadsheet></office:body>'
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def ten_municipalities() -> list[tuple[str, str, int, int]]:
    """(code, name, numerator, denominator) for 10 municipalities in two counties (made-up counts)."""
    return [
        ("0301", "Oslo", 30, 1200), ("4601", "Bergen", 12, 600), ("4602", "Kinn", 3, 40), ("4611", "Etne", 1, 8),
        ("4612", "Sveio", 0, 9), ("4613", "Bømlo", 2, 14), ("4614", "Stord", 4, 20), ("4615", "Fitjar", 1, 5),
        ("4616", "Tysnes", 0, 4), ("4617", "Kvinnherad", 2, 15),
    ]


def big_csv(path: Path, rows: int, seed: int = 1) -> Path:
    """A large generated table: municipality code; count; share (one line per row)."""
    from geo.crosswalk import municipality_codes

    codes = np.array(list(municipality_codes("2020")), dtype=object)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(codes), rows)
    vals = rng.integers(0, 1000, rows)
    lines = codes[idx] + ";" + vals.astype(str).astype(object) + ";" + (vals / 10).astype(str).astype(object)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("kommunenummer;antall;andel (%)\n")
        f.write("\n".join(lines))
        f.write("\n")
    return path
