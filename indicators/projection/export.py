"""Write a projection table to CSV (UTF-8 with BOM, ``;``) or XLSX, with its assumptions.

Why the assumptions travel with the numbers: a table copied into a report must still
say that the regional split is Legekart's own model and where each figure came from.
CSV uses ``;`` and a BOM so Excel with Norwegian settings opens it correctly.
"""

from __future__ import annotations

import csv
from pathlib import Path

from indicators.projection import national as nat
from indicators.projection.result import MODEL_NOTE, Projection, compare

FORMATS = ("csv", "xlsx")


def _meta(p: Projection, lang: str, base: Projection | None) -> list[list]:
    en = lang == "en"
    changed = p.scenario.changed()
    scen = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in changed.items())
    scen = scen or ("base" if en else "grunnscenario")
    level = {"land": "Norway" if en else "Norge"}.get(p.level, p.level)
    rows: list[list] = [
        ["Region" if en else "Område", f"{p.name} ({level} {p.code})"],
        ["Topic" if en else "Tema", nat.TOPIC_LABELS[p.topic][1 if en else 0]],
        ["Unit" if en else "Enhet", p.unit(lang)],
        ["Scenario", scen],
        ["Approximate" if en else "Omtrentlig", "true" if en else "ja"],
        ["Note" if en else "Merk", MODEL_NOTE[1 if en else 0]],
    ]
    if base is not None and changed:
        rows.append(["Base total" if en else "Sum grunnscenario", base.total])
    return rows


def rows_for_export(p: Projection, lang: str = "nb", base: Projection | None = None) -> list[list]:
    """All rows of the export: metadata, the table, and the assumptions, in one sheet."""
    header, table = p.table(lang)
    out = _meta(p, lang, base) + [[]] + [header] + table + [[]]
    out.append(["Assumptions" if lang == "en" else "Forutsetninger"])
    out += [[s] for s in p.sentences(lang)]
    return out


def write_csv(p: Projection, path: str | Path, lang: str = "nb", base: Projection | None = None) -> Path:
    path = Path(path)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        for row in rows_for_export(p, lang, base):
            writer.writerow([_cell(v, lang) for v in row])
    return path


def _cell(v, lang: str):
    if isinstance(v, float) and lang == "nb":
        return f"{v:.1f}".replace(".", ",")
    return v


def write_xlsx(p: Projection, path: str | Path, lang: str = "nb", base: Projection | None = None) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    path = Path(path)
    en = lang == "en"
    wb = Workbook()
    ws = wb.active
    ws.title = "Projection" if en else "Framskrivning"
    for row in _meta(p, lang, base):
        ws.append(row)
    ws.append([])
    header, table = p.table(lang)
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for row in table:
        ws.append(row)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 16
    notes = wb.create_sheet("Assumptions" if en else "Forutsetninger")
    notes.append(["Assumptions" if en else "Forutsetninger"])
    notes["A1"].font = Font(bold=True)
    for s in p.sentences(lang):
        notes.append([s])
        notes.cell(notes.max_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    notes.column_dimensions["A"].width = 140
    if base is not None:
        cmp_ws = wb.create_sheet("Comparison" if en else "Sammenligning")
        cmp_ws.append(["Component" if en else "Komponent", "Base" if en else "Grunnscenario",
                       "Custom" if en else "Eget scenario", "Change" if en else "Endring"])
        c = compare(base, p)
        for comp, r in c["components"].items():
            cmp_ws.append([p.label(comp, lang), r["base"], r["custom"], r["difference"]])
        t = c["total"]
        cmp_ws.append(["Total" if en else "Sum", t["base"], t["custom"], t["difference"]])
        cmp_ws.column_dimensions["A"].width = 40
    wb.save(path)
    return path


def write_table(p: Projection, path: str | Path, lang: str = "nb", base: Projection | None = None) -> Path:
    """CSV or XLSX by the file's suffix."""
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix == "csv":
        return write_csv(p, path, lang, base)
    if suffix == "xlsx":
        return write_xlsx(p, path, lang, base)
    raise ValueError(f"unknown table format {suffix!r}; use .csv or .xlsx")
