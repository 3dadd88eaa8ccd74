"""Numbers as Norwegian spreadsheets write them.

"2,5 %", "1 234" (with a space, no-break space or thin space between thousands),
"−3" (a real minus sign) and the statistics symbols for "no value" ("..", ":",
"-") all occur in files planners download. Missing must stay missing: a dash is
never read as zero, and a cell we cannot read is reported, not guessed.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

#: Cells that mean "no value" (SSB/Helsedirektoratet symbols, blanks, pandas artefacts).
MISSING_TOKENS = frozenset({
    "", "-", "−", "–", "—", ".", "..", "...", ":", "nan", "na", "n/a", "none", "null", "#n/a",
})

#: Cells that are a spreadsheet's error values or a program's not-a-number: they mean
#: "no value" like the symbols above, but something went wrong upstream, so the report
#: counts them as unreadable cells with examples instead of as ordinary blanks.
#: Excel's English and Norwegian names, LibreOffice's Err:NNN, and NaN/inf spellings.
ERROR_TOKENS = frozenset({
    "#div/0!", "#value!", "#ref!", "#name?", "#num!", "#null!", "#n/a", "#spill!", "#calc!", "#getting_data",
    "#verdi!", "#navn?", "#tall!", "#i/t", "#field!", "#blocked!", "#unknown!", "#connect!", "#busy!",
    "nan", "-nan", "+nan", "inf", "-inf", "+inf", "infinity", "-infinity", "+infinity", "#nan", "#inf",
})
_ERR = re.compile(r"^err:\d{3}$|^#[a-z/0?!]+[!?]?$")
#: Excel keeps 15 significant digits; larger magnitudes are not measurements of anything
#: Legekart maps and would overflow to infinity when county and national totals are summed.
MAX_ABS = 1e15

_SPACES = re.compile(r"[\s\u00a0\u2009\u202f\u2007']+")
_GROUPED_SPACE = re.compile(r"^\d{1,3}(?:[\s\u00a0\u2009\u202f\u2007']\d{3})+(?:[.,]\d*)?$")
_PLAIN = re.compile(r"^\d+$")
_DEC_COMMA = re.compile(r"^(?:\d+,\d*|\d*,\d+)$")
_DEC_POINT = re.compile(r"^(?:\d+\.\d*|\d*\.\d+)$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_THOUSANDS_POINT = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_NO_STYLE = re.compile(r"^\d{1,3}(?:\.\d{3})+,\d+$")  # 1.234,5
_EN_STYLE = re.compile(r"^\d{1,3}(?:,\d{3})+\.\d+$")  # 1,234.5
_SCI = re.compile(r"^(?:\d+(?:[.,]\d*)?|[.,]\d+)[eE][+-]?\d+$")
_MINUS = "-−–"


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def is_missing(text: object) -> bool:
    """True for blanks and the symbols that mean "no value"."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return True
    return _clean(str(text)).casefold() in MISSING_TOKENS


@lru_cache(maxsize=200_000)
def parse_number(text: str) -> float:
    """Parse one cell. Missing → NaN; unreadable → ValueError.

    A single '.' or ',' is the decimal separator ("2,5" and "2.5" are both 2.5);
    several, or one of each, are read as thousands separators before the decimal
    one ("1.234,5", "1,234.5"). A trailing '%' is dropped (the number stays in
    percent, see :func:`has_percent`).
    """
    s = _clean(str(text))
    if s.casefold() in MISSING_TOKENS:
        return math.nan
    if s.endswith("%"):
        s = s[:-1].rstrip()
        if not s:
            raise ValueError(text)
    sign = 1.0
    if s and s[0] in _MINUS + "+":
        sign = -1.0 if s[0] in _MINUS else 1.0
        s = s[1:].lstrip()
    if not s:
        raise ValueError(text)
    if _GROUPED_SPACE.match(s):
        s = _SPACES.sub("", s)
    elif _SPACES.search(s):
        raise ValueError(text)
    if _PLAIN.match(s):
        value = float(s)
    elif _DEC_COMMA.match(s):
        value = float(s.replace(",", "."))
    elif _DEC_POINT.match(s):
        value = float(s)
    elif _THOUSANDS_COMMA.match(s):
        value = float(s.replace(",", ""))
    elif _THOUSANDS_POINT.match(s):
        value = float(s.replace(".", ""))
    elif _NO_STYLE.match(s):
        value = float(s.replace(".", "").replace(",", "."))
    elif _EN_STYLE.match(s):
        value = float(s.replace(",", ""))
    elif _SCI.match(s):
        value = float(s.replace(",", "."))
    else:
        raise ValueError(text)
    if not math.isfinite(value) or abs(value) > MAX_ABS:
        raise ValueError(text)
    return sign * value


def is_error_value(text: object) -> bool:
    """A spreadsheet error value (#DIV/0!, #I/T, Err:502) or a NaN/infinity spelling."""
    s = _clean(str(text)).casefold()
    return s in ERROR_TOKENS or bool(_ERR.match(s))


def has_percent(text: object) -> bool:
    return isinstance(text, str) and _clean(text).endswith("%")


@dataclass
class ParsedNumbers:
    """A column parsed to floats, with what happened to each cell."""

    values: np.ndarray  # float, NaN where missing or failed
    missing: np.ndarray  # bool: the cell means "no value"
    failed: np.ndarray  # bool: the cell is text we cannot read as a number
    percent: np.ndarray  # bool: the cell carried a '%' sign
    #: bool: an error value or NaN/inf (also ``failed`` or ``missing``): reported as unreadable
    errors: np.ndarray | None = None
    #: bool: a number too large to be real (also ``failed``)
    too_large: np.ndarray | None = None

    def __post_init__(self) -> None:
        n = len(self.values)
        if self.errors is None:
            self.errors = np.zeros(n, dtype=bool)
        if self.too_large is None:
            self.too_large = np.zeros(n, dtype=bool)

    @property
    def unreadable(self) -> np.ndarray:
        """Cells the report counts as failures: unreadable text, error values, NaN."""
        return self.failed | self.errors

    @property
    def n_values(self) -> int:
        return int(np.count_nonzero(~self.missing & ~self.failed))


#: columns up to this many cells are parsed without pandas (reading a table and guessing
#: its mapping then need no pandas); longer ones with pandas' vectorised parser
PLAIN_CELLS = 20_000


def parse_series(series: pd.Series | np.ndarray) -> ParsedNumbers:
    """Parse a column of cells fast: plain numbers in C, the rest cell by cell."""
    if len(series) <= PLAIN_CELLS:
        return _parse_plain(series)
    import pandas as pd

    if not isinstance(series, pd.Series):
        series = pd.Series(series, dtype=object)
    s = series.astype(object).where(series.notna(), "")
    fast = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    with np.errstate(invalid="ignore"):
        slow = ~np.isfinite(fast) | (np.abs(fast) > MAX_ABS)
    out = _blank(fast.copy())
    if slow.any():
        codes, uniques = pd.factorize(pd.Series(s.to_numpy()[slow]), use_na_sentinel=False)
        _fill(out, slow, codes, [_slow_cell(str(t)) for t in uniques])
    return out


def _parse_plain(cells) -> ParsedNumbers:
    """:func:`parse_series` without pandas: each distinct cell once.

    ``float`` reads exactly what ``pandas.to_numeric`` reads for ASCII text without
    '_' (Python's float also takes '1_0' and other scripts' digits, which go to
    :func:`parse_number` here as they do there)."""
    if hasattr(cells, "notna"):  # a Series: its missing markers (None, NaN, NA) are blank cells
        cells = cells.astype(object).where(cells.notna(), "").to_numpy()
    texts = [("" if v is None or (isinstance(v, float) and math.isnan(v)) else v) for v in cells]
    index: dict[object, int] = {}
    codes = np.fromiter((index.setdefault(t, len(index)) for t in texts), dtype=np.intp, count=len(texts))
    parsed = [_plain_cell(t) for t in index]
    out = _blank(np.empty(len(texts)))
    _fill(out, np.ones(len(texts), dtype=bool), codes, parsed)
    return out


def _plain_cell(cell: object) -> tuple[float, bool, bool, bool, bool, bool]:
    t = cell if isinstance(cell, str) else str(cell)
    if t.isascii() and "_" not in t:
        try:
            v = float(t)
        except ValueError:
            pass
        else:
            if math.isfinite(v) and abs(v) <= MAX_ABS:
                return v, False, False, False, False, False
    return _slow_cell(t)


def _slow_cell(t: str) -> tuple[float, bool, bool, bool, bool, bool]:
    """(value, missing, failed, percent, error value, too large) of a cell that is no plain number."""
    err = is_error_value(t)
    try:
        v = parse_number(t)
    except ValueError:
        return math.nan, False, True, False, err, not err and _too_large(t)
    return v, math.isnan(v), False, has_percent(t), err, False


def _blank(values: np.ndarray) -> ParsedNumbers:
    n = len(values)
    return ParsedNumbers(values, np.zeros(n, dtype=bool), np.zeros(n, dtype=bool), np.zeros(n, dtype=bool),
                         np.zeros(n, dtype=bool), np.zeros(n, dtype=bool))


def _fill(out: ParsedNumbers, where: np.ndarray, codes: np.ndarray, parsed: list[tuple]) -> None:
    """Spread the per-distinct-cell results onto the cells ``where`` selects."""
    if not parsed:
        return
    columns = list(zip(*parsed))
    out.values[where] = np.asarray(columns[0], dtype=float)[codes]
    flags = (out.missing, out.failed, out.percent, out.errors, out.too_large)
    for target, column in zip(flags, columns[1:]):
        assert target is not None  # (set by ParsedNumbers.__post_init__)
        target[where] = np.asarray(column, dtype=bool)[codes]


def _too_large(text: str) -> bool:
    """Does the cell read as a number once the magnitude limit is lifted?"""
    try:
        v = float(_clean(text).replace(",", ".").rstrip("%").strip().replace("−", "-"))
    except ValueError:
        return False
    return not math.isnan(v) and abs(v) > MAX_ABS
