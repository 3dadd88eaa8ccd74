"""Tables downloaded by hand from SSB's StatBank (PxWeb), imported as they are.

Why a layout of its own: a StatBank CSV/XLSX is not one row per unit. It has a title
line ("12005: Fastlegeordningen – nøkkeltall, etter region, statistikkvariabel og år"),
then ``region`` ("1804 Bodø"), ``statistikkvariabel`` ("Andel pasienter på liste uten
lege (prosent)") and one column per year — so each municipality has one row *per
variable*. Read as an ordinary table, the year columns become ratio columns and every
second row is thrown away as a "duplicate". Here the layout is recognised (also the
transposed one with regions as columns, the long one with one value column, variables
as columns, and a json-stat2 file saved from the API console) and reshaped to one row
per region and year with one column per variable, named by its label. The unit comes
from the label's parenthesis, the table number from the title line; ".." / ":" / "..."
stay missing and "-" (SSB: nothing to report) is zero.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from indicators.importer.messages import TEMPLATES, Msg
from indicators.importer.table import ParsedTable

if TYPE_CHECKING:
    import pandas as pd

TEMPLATES.update({
    "note.statbank": (
        "SSB StatBank table{table_text} recognised ({layout}): {n_vars} variable(s) × {n_years} year(s), "
        "reshaped to one row per region and year",
        "Tabell fra SSBs statistikkbank{table_text_nb} gjenkjent ({layout_nb}): {n_vars} variabel(er) × "
        "{n_years} år, lest som én rad per region og år",
    ),
    "note.statbank_zero": (
        "{n} cells with '-' read as 0 (SSB: nothing to report)",
        "{n} celler med «-» er lest som 0 (SSB: ingenting å rapportere)",
    ),
    "note.statbank_missing": (
        "{n} cells with '..', '...' or ':' are missing (SSB: not available, not applicable, suppressed)",
        "{n} celler med «..», «...» eller «:» mangler (SSB: ikke tilgjengelig, ikke aktuelt, skjermet)",
    ),
    "note.statbank_footer": (
        "{n} line(s) below the table (notes, source) left out",
        "{n} linje(r) under tabellen (merknader, kilde) er utelatt",
    ),
    "note.statbank_bundled": (
        "'{label}' is the bundled SSB indicator {code} of table {table}: "
        "it can be updated instead of imported as a copy",
        "«{label}» er den medfølgende SSB-indikatoren {code} i tabell {table}: den kan oppdateres i stedet for å "
        "importeres som en kopi",
    ),
    "note.statbank_repeat": (
        "{n} cell(s) given twice for the same region, variable and year; the first is kept",
        "{n} celle(r) står to ganger for samme region, variabel og år; den første er brukt",
    ),
})

LAYOUTS = {  # layout -> (English, bokmål)
    "years_as_columns": ("years as columns", "år som kolonner"),
    "regions_as_columns": ("regions as columns", "regioner som kolonner"),
    "long": ("one value column", "én verdikolonne"),
    "variables_as_columns": ("variables as columns", "variabler som kolonner"),
    "variable_year_columns": ("variable and year in the column headers", "variabel og år i kolonneoverskriftene"),
    "json-stat2": ("json-stat2", "json-stat2"),
}

_ROLE = {"region": "region", "statistikkvariabel": "variable", "contents": "variable", "år": "year",
         "year": "year", "tid": "year", "time": "year"}
_TITLE = re.compile(r"^\s*(\d{5})\s*:\s*(.+?)\s*$")
_UNIT = re.compile(r"\s*\(([^()]+)\)\s*$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_LABEL_YEAR = re.compile(r"^(.*\S)\s+((?:19|20)\d\d)$")
_REGION_HEADER = re.compile(r"^(?:K-|F-)?\d{2,4}\s+\S|^(?:EAK|EKA\d\d|EKG\d\d)\b")
_AVERAGE = re.compile(r"gjennomsnitt|gj\.\s?sn|\bper\b|\bpr\.|\bindeks|ledig kapasitet|average|\bmean\b",
                      re.IGNORECASE)
ZERO = "-"
MISSING = ("..", "...", ":")
UNITS = {"prosent": "%", "percent": "%", "antall": "antall", "personer": "personer", "kroner": "kr",
         "1 000 kr": "1000 kr", "number": "antall", "persons": "personer"}


@dataclass
class StatbankVariable:
    label: str  # as in the file, with its unit parenthesis
    name: str  # the label without the parenthesis
    unit: str  # from the parenthesis: "prosent", "antall", … ('' when none)
    column: str  # the value column it became
    code: str = ""  # ContentsCode, when the file says (json-stat2)
    bundled: dict | None = None  # {"table", "code", "indicator"} when it is a bundled SSB indicator


@dataclass
class StatbankInfo:
    table: str  # "12005", or "" when the title line has no number
    title: str
    layout: str
    variables: list[StatbankVariable] = field(default_factory=list)
    years: list[str] = field(default_factory=list)
    zero_cells: int = 0
    missing_cells: int = 0
    footer_rows: int = 0

    @property
    def source(self) -> str:
        return f"Statistisk sentralbyrå, tabell {self.table}" if self.table else "Statistisk sentralbyrå"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["source"] = self.source
        return d


@dataclass
class StatbankTable(ParsedTable):
    """A reshaped StatBank table: what the importer reads, plus where it came from."""

    statbank: StatbankInfo | None = None

    @property
    def source(self) -> str:
        return self.statbank.source if self.statbank else self.name

    def adjust_plan(self, plan) -> None:
        """Name, unit and kind of each value column from SSB's label (called by guess_plan)."""
        by_column = {v.column: v for v in self.statbank.variables} if self.statbank else {}
        for spec in plan.value_columns:
            var = by_column.get(spec.column)
            if var is None:
                continue
            spec.name = var.name
            unit = var.unit.strip().lower()
            if unit in ("prosent", "percent"):
                spec.kind, spec.unit, spec.scale = "ratio", "%", 100.0
            elif spec.kind != "category":
                spec.unit = UNITS.get(unit, var.unit)
                if _AVERAGE.search(var.name):  # an average or an index is never summed
                    spec.kind, spec.scale = "ratio", 1.0
                elif unit in ("antall", "personer", "number", "persons"):
                    spec.kind = "count"


def split_label(label: str) -> tuple[str, str]:
    """'Andel pasienter på liste uten lege (prosent)' -> ('Andel pasienter på liste uten lege', 'prosent')."""
    m = _UNIT.search(label)
    if not m:
        return label.strip(), ""
    return label[: m.start()].strip(), m.group(1).strip()


# -- the title line ----------------------------------------------------------------------------
def title_lines(table: ParsedTable) -> list[str]:
    """The non-blank lines above the header (the reader skipped them)."""
    n = (table.header_row or 1) - 1
    if n <= 0:
        return []
    path = Path(table.path)
    rows: list[list[str]] = []
    try:
        if table.format == "csv":
            raw = path.read_bytes()[: 64 * 1024]
            text = None
            for enc in ("utf-8-sig", "cp1252"):
                try:
                    text = raw.decode(enc)
                    break
                except UnicodeDecodeError:
                    continue
            named = {"semicolon": ";", "comma": ",", "tab": "\t", "pipe": "|"}
            delim = named.get(table.delimiter, table.delimiter or ";")
            rows = list(csv.reader(io.StringIO(text or ""), delimiter=delim))[:n]
        elif table.format == "xlsx":
            import openpyxl

            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                ws = wb[table.sheet] if table.sheet in wb.sheetnames else wb.worksheets[0]
                for r in ws.iter_rows(min_row=1, max_row=n, values_only=True):
                    rows.append(["" if c is None else str(c) for c in r])
            finally:
                wb.close()
    except Exception:  # the title is a courtesy; a table without one is still imported
        return []
    return [" ".join(c.strip() for c in r if c and c.strip()) for r in rows if any(c and c.strip() for c in r)]


def _label_year(column: str) -> tuple[str, str]:
    """('label', 'year') of a 'label year' column header the layout check has matched."""
    m = _LABEL_YEAR.match(column)
    return (m.group(1), m.group(2)) if m else (column, "")


def find_title(lines: Sequence[str], extra: Sequence[str] = ()) -> tuple[str, str]:
    for line in [*lines, *extra]:
        m = _TITLE.match(line.strip().strip('"'))
        if m:
            return m.group(1), line.strip().strip('"')
    return "", (lines[0].strip() if lines else "")


# -- recognising and reshaping --------------------------------------------------------------------
def _norm(c: str) -> str:
    return " ".join(str(c).split()).casefold()


def recognise(table: ParsedTable) -> ParsedTable:
    """The table reshaped when it is a StatBank download, else the table unchanged."""
    if isinstance(table, StatbankTable) or table.format not in ("csv", "xlsx", "ods"):
        return table
    cols = table.columns
    roles: dict[str, str] = {}
    for c in cols:
        r = _ROLE.get(_norm(c))
        if r and r not in roles.values():
            roles[c] = r
    by_role = {r: c for c, r in roles.items()}
    rest = [c for c in cols if c not in roles and table.column(c).astype(bool).any()]
    if not rest:
        return table
    lines = title_lines(table)
    number, title = find_title(lines, [c for c in rest])
    region, var, year = by_role.get("region"), by_role.get("variable"), by_role.get("year")
    signed = bool(var) or bool(number)  # a statistikkvariabel column or an SSB title line
    layout = None
    if region and var and year and len(rest) == 1:
        layout = "long"
    elif region and var and not year and all(_YEAR.match(c.strip()) for c in rest):
        layout = "years_as_columns"
    elif not region and (var or year) and sum(bool(_REGION_HEADER.match(c)) for c in rest) >= max(1, 0.8 * len(rest)):
        layout = "regions_as_columns"
    elif region and not var and not year and all(_LABEL_YEAR.match(c) for c in rest) and len(
            {_label_year(c)[1] for c in rest}) > 1:
        layout, signed = "variable_year_columns", True
    elif region and year and not var and signed:
        layout = "variables_as_columns"
    if layout is None or not signed:
        return table
    return _reshape(table, layout, region, var, year, rest, number, title)


def _reshape(table: ParsedTable, layout: str, region: str | None, var: str | None, year: str | None,
             rest: list[str], number: str, title: str) -> StatbankTable:
    # lines below the table (source, notes): no value, and at most the one cell of text
    f = table.frame
    filled = f.astype(bool)
    empty = ~filled[rest].any(axis=1) & (filled.sum(axis=1) <= 1)
    footer = int(empty.sum())
    f = f[~empty.to_numpy()].reset_index(drop=True)
    rownum = table.row_numbers[~empty.to_numpy()]
    n = len(f)
    # cells: (region, variable, year, text, file row)
    if layout == "long":
        reg, vv, yy = _filled(f[region]), _filled(f[var]), _filled(f[year])
        cells = [(reg[i], vv[i], yy[i], f[rest[0]].iat[i], rownum[i]) for i in range(n)]
    elif layout == "years_as_columns":
        reg, vv = _filled(f[region]), _filled(f[var])
        cells = [(reg[i], vv[i], y.strip(), f[y].iat[i], rownum[i]) for i in range(n) for y in rest]
    elif layout == "regions_as_columns":
        vv = _filled(f[var]) if var else [title_var(title)] * n
        yy = _filled(f[year]) if year else [""] * n
        if not year:  # the year is in the variable cell ("… 2023") or missing
            split = [_LABEL_YEAR.match(v) for v in vv]
            vv = [m.group(1) if m else v for m, v in zip(split, vv)]
            yy = [m.group(2) if m else "" for m in split]
        cells = [(r, vv[i], yy[i], f[r].iat[i], rownum[i]) for i in range(n) for r in rest]
    elif layout == "variable_year_columns":
        reg = _filled(f[region])
        parts = {c: _label_year(c) for c in rest}
        cells = [(reg[i], parts[c][0], parts[c][1], f[c].iat[i], rownum[i]) for i in range(n) for c in rest]
    else:  # variables_as_columns
        reg, yy = _filled(f[region]), _filled(f[year])
        cells = [(reg[i], c, yy[i], f[c].iat[i], rownum[i]) for i in range(n) for c in rest]
    region_name = region or "region"
    year_name = year or "år"
    return build_table(table, cells, layout, number, title, region_name, year_name, footer)


def title_var(title: str) -> str:
    """A single-variable table without a statistikkvariabel column: the variable is the table."""
    m = _TITLE.match(title)
    text = m.group(2) if m else title
    return text.split(",")[0].strip() or "Verdi"


def _filled(col: pd.Series) -> list[str]:
    """Cells of a dimension column; a blank cell repeats the one above (merged cells in XLSX)."""
    out, last = [], ""
    for v in col.astype(str):
        v = " ".join(v.split())
        if v:
            last = v
        out.append(last if not v else v)
    return out


def build_table(table: ParsedTable, cells, layout: str, number: str, title: str, region_name: str,
           year_name: str, footer_rows: int = 0) -> StatbankTable:
    labels: list[str] = []
    regions: list[str] = []
    years: set[str] = set()
    grid: dict[tuple[str, str], dict[str, str]] = {}
    first_row: dict[tuple[str, str], int] = {}
    zero = repeats = missing = 0
    for reg, label, yr, text, row in cells:
        text = "" if text is None else str(text).strip()
        if not reg or not label:
            continue
        if text == ZERO:
            text, zero = "0", zero + 1
        elif text in MISSING:
            missing += 1
        if label not in labels:
            labels.append(label)
        key = (reg, yr)
        if key not in grid:
            grid[key] = {}
            first_row[key] = int(row)
            if reg not in regions:
                regions.append(reg)
        if yr:
            years.add(yr)
        if label in grid[key]:
            if grid[key][label] != text:
                repeats += 1
            continue
        grid[key][label] = text
    order = sorted(grid, key=lambda k: (regions.index(k[0]), k[1]))
    columns = {region_name: [k[0] for k in order], year_name: [k[1] for k in order]}
    for label in labels:
        columns[label] = [grid[k].get(label, "") for k in order]
    import pandas as pd

    frame = pd.DataFrame(columns, dtype=object)
    variables = []
    for label in labels:
        name, unit = split_label(label)
        variables.append(StatbankVariable(label=label, name=name, unit=unit, column=label))
    info = StatbankInfo(table=number, title=title, layout=layout, variables=variables, years=sorted(years),
                        zero_cells=zero, missing_cells=missing, footer_rows=footer_rows)
    from indicators.importer.statbank_match import match_bundled

    match_bundled(info)
    notes = [*table.notes, *notes_for(info, repeats)]
    out = StatbankTable(path=table.path, format=table.format, data=frame,
                        row_numbers=np.asarray([first_row[k] for k in order], dtype=np.int64), sheet=table.sheet,
                        sheets=list(table.sheets), encoding=table.encoding, delimiter=table.delimiter,
                        header_row=table.header_row, skipped_above=table.skipped_above, blank_rows=table.blank_rows,
                        notes=notes, extra_fields={}, statbank=info)
    return out


def notes_for(info: StatbankInfo, repeats: int = 0) -> list[Msg]:
    en, nb = LAYOUTS[info.layout]
    out = [Msg("note.statbank", {"table_text": f" {info.table}" if info.table else "",
                                 "table_text_nb": f" {info.table}" if info.table else "", "layout": en,
                                 "layout_nb": nb, "n_vars": len(info.variables), "n_years": len(info.years)})]
    if info.zero_cells:
        out.append(Msg("note.statbank_zero", {"n": info.zero_cells}))
    if info.missing_cells:
        out.append(Msg("note.statbank_missing", {"n": info.missing_cells}))
    if info.footer_rows:
        out.append(Msg("note.statbank_footer", {"n": info.footer_rows}))
    if repeats:
        out.append(Msg("note.statbank_repeat", {"n": repeats}))
    for v in info.variables:
        if v.bundled:
            out.append(Msg("note.statbank_bundled", {"label": v.name, "code": v.bundled["code"],
                                                     "table": v.bundled["table"]}))
    return out
