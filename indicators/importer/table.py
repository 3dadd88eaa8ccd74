"""The parsed table: text cells in file order, with the file row of each line.

Cells stay text until a column is mapped (a key column must keep "0301" as
written; a value column is parsed by :mod:`numbers`). Rows arrive one at a time
from a reader and are stored column-wise in chunks with repeated strings shared,
so a 1 000 000-row file costs little more than a pointer per cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Union

import numpy as np

from indicators.importer.errors import ImportCancelled, ImportFailure
from indicators.importer.header import SCAN_ROWS, column_names, find_header, width
from indicators.importer.messages import Msg

if TYPE_CHECKING:
    import pandas as pd

Progress = Callable[[int, int], None]
#: a table's cells: column name -> object array of str, or (read from a spreadsheet, reshaped) a DataFrame
Cells = Union[dict[str, np.ndarray], "pd.DataFrame"]
Cancel = Callable[[], bool]

CHUNK_ROWS = 50_000
#: distinct strings shared per column before we stop de-duplicating (bounds the cache)
SHARE_LIMIT = 200_000
#: rows with more fields than the header kept for the report (bounded)
EXTRA_LIMIT = 10_000
#: a planner's table has tens of columns; 10 000 took minutes per step and half a gigabyte
MAX_COLUMNS = 2_000


@dataclass
class ParsedTable:
    """A table read from a file, before any column has a meaning.

    The cells are kept as plain arrays and a DataFrame is made on first use of
    :attr:`frame`: reading a CSV and guessing its mapping need no pandas, so a
    one-column export (:mod:`indicators.importer.plain_join`) never imports it.
    """

    path: str
    format: str  # csv | xlsx | ods
    data: Cells  # object columns of str ('' = empty cell)
    row_numbers: np.ndarray  # 1-based row (line) in the file of each frame row
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""
    header_row: int | None = None  # 1-based; None when the file has no header
    skipped_above: int = 0
    blank_rows: int = 0
    notes: list[Msg] = field(default_factory=list)
    #: frame row -> number of fields, for rows longer than the header
    extra_fields: dict[int, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def frame(self) -> pd.DataFrame:
        """The cells as a DataFrame of object columns (made once, on first use)."""
        if isinstance(self.data, dict):
            import pandas as pd

            self.data = pd.DataFrame(self.data, dtype=object, copy=False)
        return self.data

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.data]

    def column(self, name: str) -> np.ndarray:
        """One column's cells as an object array (no DataFrame needed)."""
        if isinstance(self.data, dict):
            return self.data[name]
        return self.data[name].to_numpy(dtype=object)

    def __len__(self) -> int:
        return len(self.row_numbers)

    def preview(self, n: int = 50) -> pd.DataFrame:
        return self.frame.head(n)

    def info(self) -> dict:
        return {
            "file": self.name, "format": self.format, "sheet": self.sheet, "sheets": list(self.sheets),
            "encoding": self.encoding, "delimiter": self.delimiter, "header_row": self.header_row,
            "columns": self.columns,
        }


class TableBuilder:
    """Collects rows from a reader: finds the header, drops blank rows, stores columns."""

    def __init__(self, progress: Progress | None = None, cancel: Cancel | None = None, total: int = 0,
                 row_fixer: Callable[[list[str], int], list[str] | None] | None = None):
        #: repairs a row longer than the header (decimal commas in a comma-separated file)
        self.row_fixer = row_fixer
        self.fixed_rows = 0
        self.unclear_rows = 0
        self.progress = progress
        self.cancel = cancel
        self.total = total
        self._head: list[tuple[list[str], int]] = []
        self._names: list[str] | None = None
        self._rows: list[list[str]] = []
        self._numbers: list[int] = []
        self._chunks: list[list[np.ndarray]] = []
        self._chunk_numbers: list[np.ndarray] = []
        self._shared: list[dict[str, str]] = []
        self.header_row: int | None = None
        self.headerless = False
        self.skipped_above = 0
        self.blank_rows = 0
        self.extra_fields: dict[int, int] = {}
        self._named = 0
        self._n = 0

    # -- feeding --------------------------------------------------------------------
    def add(self, cells: list[str], row_number: int) -> None:
        if len(cells) > MAX_COLUMNS:
            n = len(cells)
            while n > MAX_COLUMNS and not cells[n - 1].strip():
                n -= 1
            if n > MAX_COLUMNS:
                raise ImportFailure("file.too_many_columns", n=n, limit=MAX_COLUMNS)
            cells = cells[:n]
        if self._names is None:
            self._head.append((cells, row_number))
            if len(self._head) >= SCAN_ROWS:
                self._settle_header()
            return
        self._add_data(cells, row_number)

    def check(self, done: int) -> None:
        """Between chunks: honour a cancel request and report progress."""
        if self.cancel is not None and self.cancel():
            raise ImportCancelled()
        if self.progress is not None:
            self.progress(done, self.total)

    def _settle_header(self) -> None:
        rows = [c for c, _ in self._head]
        idx, headerless = find_header(rows)
        if idx is None:
            if any(width(r) for r in rows):
                raise ImportFailure("file.one_column")
            raise ImportFailure("file.blank")
        n = max(len(r) for r in rows[idx:])
        if headerless:
            self._names = column_names([], n)
            self.headerless = True
            self._named = n
            start = idx
        else:
            header = rows[idx]
            n = max(n, len(header))
            self._names = column_names(header, n)
            self._named = max((i + 1 for i, c in enumerate(header) if c.strip()), default=0)
            self.header_row = self._head[idx][1]
            start = idx + 1
        self.skipped_above = sum(1 for r in rows[:idx] if width(r))
        self._shared = [{} for _ in self._names]
        head, self._head = self._head[start:], []
        for cells, number in head:
            self._add_data(cells, number)

    def _add_data(self, cells: list[str], row_number: int) -> None:
        if not any(c.strip() for c in cells):
            self.blank_rows += 1
            return
        n = len(self._names)  # type: ignore[arg-type]
        if self.row_fixer is not None and len(cells) > self._named and any(c.strip() for c in cells[self._named:]):
            fixed = self.row_fixer(cells, self._named)
            if fixed is not None:
                cells = fixed
                self.fixed_rows += 1
            else:
                self.unclear_rows += 1
        if len(cells) > n:
            if any(c.strip() for c in cells[n:]):
                if len(self.extra_fields) < EXTRA_LIMIT:
                    self.extra_fields[self._n] = len(cells)
            cells = cells[:n]
        elif len(cells) < n:
            cells = cells + [""] * (n - len(cells))
        self._rows.append(cells)
        self._numbers.append(row_number)
        self._n += 1
        if len(self._rows) >= CHUNK_ROWS:
            self._flush()

    def _flush(self) -> None:
        if not self._rows:
            return
        cols = []
        for j, col in enumerate(zip(*self._rows)):
            shared = self._shared[j]
            cells = [shared.setdefault(v, v) for v in col] if len(shared) < SHARE_LIMIT else list(col)
            arr = np.empty(len(cells), dtype=object)
            arr[:] = cells
            cols.append(arr)
        self._chunks.append(cols)
        self._chunk_numbers.append(np.asarray(self._numbers, dtype=np.int64))
        self._rows, self._numbers = [], []

    # -- result -----------------------------------------------------------------------
    def finish(self) -> tuple[dict[str, np.ndarray], np.ndarray]:
        if self._names is None:
            if not self._head:
                raise ImportFailure("file.blank")
            self._settle_header()
        self._flush()
        names = self._names or []
        if self._n == 0:
            raise ImportFailure("file.header_only")
        if len(names) < 2 or sum(1 for j in range(len(names)) if self._column_has_data(j)) < 2:
            raise ImportFailure("file.one_column")
        data = {
            name: np.concatenate([chunk[j] for chunk in self._chunks]) for j, name in enumerate(names)
        }
        self._chunks = []
        numbers = np.concatenate(self._chunk_numbers)
        if not self.headerless:
            data = self._unnamed_tail(data)
        return data, numbers

    def parsed(self, path, fmt: str, notes: list[Msg] | None = None, **extra) -> ParsedTable:
        """The finished table with what the builder learned about its layout."""
        data, numbers = self.finish()
        return ParsedTable(
            path=str(path), format=fmt, data=data, row_numbers=numbers, header_row=self.header_row,
            skipped_above=self.skipped_above, blank_rows=self.blank_rows,
            notes=[*(notes or []), *self.notes()], extra_fields=self.extra_fields, **extra,
        )

    def _unnamed_tail(self, data: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Columns right of the last header: trailing delimiters are dropped; a few rows
        with values there are rows with too many fields (reported), not a new column."""
        names = list(data)
        filled = {c: data[c].astype(bool) for c in names}
        drop = []
        for j, c in enumerate(names):
            if j < self._named:
                continue
            n = int(filled[c].sum())
            if n == 0:
                drop.append(c)
            elif n < 0.5 * len(data[c]):
                drop.append(c)
                for i in np.flatnonzero(filled[c]):
                    if len(self.extra_fields) < EXTRA_LIMIT:
                        last = max(k for k, name in enumerate(names) if filled[name][i])
                        self.extra_fields[int(i)] = max(self.extra_fields.get(int(i), 0), last + 1)
        return {c: v for c, v in data.items() if c not in drop} if drop else data

    def _column_has_data(self, j: int) -> bool:
        return any(bool(chunk[j].astype(bool).any()) for chunk in self._chunks)

    def notes(self) -> list[Msg]:
        out = []
        if self.headerless:
            out.append(Msg("note.no_header"))
        elif self.header_row and self.header_row > 1:
            out.append(Msg("note.header_row", {"row": self.header_row, "n": self.skipped_above}))
        if self.blank_rows:
            out.append(Msg("note.blank_rows", {"n": self.blank_rows}))
        if self.fixed_rows:
            out.append(Msg("note.decimal_commas", {"n": self.fixed_rows}))
        if self.unclear_rows:
            out.append(Msg("note.decimal_commas_unclear", {"n": self.unclear_rows}))
        return out
