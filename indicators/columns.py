"""Named numpy columns of equal length: the observation rows without pandas.

Why: importing pandas costs 0.3–0.5 s of every process, more than drawing an A4 page.
The map path (select one indicator's rows, join them to a level's units, classify,
draw) needs no more than boolean masks and takes on a few arrays, so it runs on
these columns; a pandas DataFrame is built from them only when analysis, the
window's tables or a writer asks for one (:meth:`Columns.to_frame`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


class Columns:
    """A read-only table: column name → 1-d numpy array, all of one length, in a fixed order.

    Text columns are object arrays of ``str``, numbers ``float64``, flags ``bool``.
    ``index`` keeps the row labels a pandas frame would have (positions in the table
    the rows were taken from), so ``to_frame`` gives what pandas filtering gave.
    """

    __slots__ = ("_data", "_n", "index")

    def __init__(self, data: dict[str, np.ndarray], index: np.ndarray | None = None):
        lengths = {len(a) for a in data.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns of unequal length: {sorted(lengths)}")
        self._data = data
        self._n = lengths.pop() if lengths else 0
        self.index = np.arange(self._n) if index is None else index

    # -- reading ------------------------------------------------------------------
    def __len__(self) -> int:
        return self._n

    def __getitem__(self, name: str) -> np.ndarray:
        return self._data[name]

    def __contains__(self, name: object) -> bool:
        return name in self._data

    @property
    def names(self) -> list[str]:
        return list(self._data)

    @property
    def empty(self) -> bool:
        return self._n == 0

    def rows(self) -> Iterator[dict[str, Any]]:
        """Each row as a dict of plain Python values."""
        names = self.names
        for values in zip(*(self._data[c].tolist() for c in names)):
            yield dict(zip(names, values))

    # -- deriving -------------------------------------------------------------------
    def take(self, positions: np.ndarray) -> Columns:
        """The rows at ``positions`` (integer array) or where ``positions`` is True (bool mask)."""
        positions = np.asarray(positions)
        if positions.dtype == bool:
            positions = np.flatnonzero(positions)
        return Columns({c: a[positions] for c, a in self._data.items()}, self.index[positions])

    @staticmethod
    def concat(parts: Iterable[Columns], names: list[str]) -> Columns:
        """Rows of ``parts`` one after the other (index renumbered, as ``ignore_index=True``);
        empty parts keep their columns' types in the result."""
        parts = list(parts)
        if not parts:
            return Columns({c: np.array([], dtype=object) for c in names})
        return Columns({c: np.concatenate([p[c] for p in parts]) for c in names})

    # -- pandas, on demand ------------------------------------------------------------
    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Columns:
        return cls({c: frame[c].to_numpy() for c in frame.columns}, np.asarray(frame.index))

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        plain = np.array_equal(self.index, np.arange(self._n))
        index = pd.RangeIndex(self._n) if plain else pd.Index(self.index)
        return pd.DataFrame(dict(self._data), index=index, columns=self.names)

    def __getstate__(self) -> tuple:
        """Text columns are pickled as their distinct strings and int32 positions.

        Why: a pickled object array stores every cell's string again (29 000 rows of
        mostly repeated indicator ids, codes and notes); reading the bundled rows back
        took twice as long as building the arrays from the distinct strings."""
        return _ENCODED, {c: _encoded(a) for c, a in self._data.items()}, self.index

    def __setstate__(self, state: tuple) -> None:
        if len(state) == 3 and state[0] == _ENCODED:
            data, index = {c: _decoded(v) for c, v in state[1].items()}, state[2]
        else:  # the plain layout: (columns, index)
            data, index = state
        self._data, self.index = data, index
        self._n = len(index)


_ENCODED = "distinct-strings-1"


def _encoded(a: np.ndarray) -> tuple:
    """``("s", distinct strings, positions)`` for a column of ``str`` only, else ``("a", a)``."""
    if a.dtype != object:
        return "a", a
    cells = a.tolist()
    if not all(type(x) is str for x in cells):  # None, NaN or numbers keep their own objects
        return "a", a
    seen: dict[str, int] = {}
    positions = np.fromiter((seen.setdefault(x, len(seen)) for x in cells), dtype=np.int32, count=len(cells))
    return "s", list(seen), positions


def _decoded(value: tuple) -> np.ndarray:
    if value[0] == "a":
        return value[1]
    _, distinct, positions = value
    strings = np.empty(len(distinct), dtype=object)
    strings[:] = distinct
    return strings[positions]
