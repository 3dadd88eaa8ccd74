"""The lines of a delimited text file, for :mod:`csvfile`: decoding, mixed encodings,
stray quotes and decimal commas.

Files planners get have been through several programs: part of a file may be UTF-8
and the rest Windows-1252 (two exports pasted together), a byte may be no character
at all, a lone ``"`` may open a quoted field that swallows the rest of the file, and
a comma-separated file may hold decimal commas (``12,5``). Each is repaired where
that is unambiguous and always reported — never a raw codec error, never rows that
silently disappear into one cell.
"""

from __future__ import annotations

import codecs
import csv
import re
import threading
from collections.abc import Iterator

BLOCK = 1 << 20
_state = threading.local()
_DIGITS = re.compile(r"^[-−]?\d+$")
_FRACTION = re.compile(r"^\d+\s*%?$")
_LEADING_ZERO = re.compile(r"^[-−]?0\d")


def _cp1252_fallback(exc: UnicodeDecodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are read as Windows-1252 (or U+FFFD)."""
    st: MixedStats = _state.current
    bad = exc.object[exc.start:exc.end]
    out = []
    for b in bad:
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are no character in any code page
            out.append("\ufffd")
            st.undecodable += 1
            if st.first_undecodable < 0:
                st.first_undecodable = st.base + exc.start
        st.fallback_extra += len(out[-1].encode("utf-8")) - 1
    st.fallback_bytes += len(bad)
    if st.first_fallback < 0:
        st.first_fallback = st.base + exc.start
    return "".join(out), exc.end


codecs.register_error("legekart-cp1252", _cp1252_fallback)  # type: ignore[arg-type]  # decode errors only


class MixedStats:
    """What the mixed decoder did, for the notes."""

    def __init__(self) -> None:
        self.base = 0
        self.fallback_bytes = 0
        self.first_fallback = -1
        self.undecodable = 0
        self.first_undecodable = -1
        self.fallback_extra = 0  # UTF-8 bytes beyond the first of the characters the fallback made
        self.utf8_seen = False  # valid UTF-8 letters (not ASCII) somewhere in the file
        self.bytes_read = 0


def mixed_lines(raw, stats: MixedStats, start: int = 0) -> Iterator[str]:
    """Lines of a binary stream, each valid UTF-8 sequence as UTF-8 and every other byte as
    Windows-1252 — the right reading of a file that mixes both, and of a pure cp1252 file."""
    raw.seek(start)
    stats.bytes_read = start
    parts: list[bytes] = []
    size = 0
    while True:
        block = raw.read(BLOCK)
        if block:
            cut = block.rfind(b"\n") + 1
            if cut == 0 and size < 16 * BLOCK:  # no line end yet
                parts.append(block)
                size += len(block)
                continue
            cut = cut or len(block)  # a line of 16 MB goes on whole (the csv field limit refuses it)
            chunk = b"".join(parts) + block[:cut]
            parts, size = ([block[cut:]] if cut < len(block) else []), len(block) - cut
        else:
            chunk, parts = b"".join(parts), []
        if chunk:
            stats.base = stats.bytes_read
            yield from _decode_lines(chunk, stats)
            stats.bytes_read += len(chunk)
        if not block:
            return


def _decode_lines(chunk: bytes, stats: MixedStats) -> Iterator[str]:
    """Decode a chunk of whole lines (strict UTF-8 first: the usual case costs one C call)."""
    import io

    try:
        text = chunk.decode("utf-8")
        if not stats.utf8_seen and not chunk.isascii():
            stats.utf8_seen = True
    except UnicodeDecodeError:
        _state.current = stats
        before = stats.fallback_extra
        text = chunk.decode("utf-8", errors="legekart-cp1252")
        # bytes beyond one per character that the handler did not make: valid UTF-8 letters
        if not stats.utf8_seen and len(text.encode("utf-8")) - len(text) > stats.fallback_extra - before:
            stats.utf8_seen = True
    # split as io.TextIOWrapper(newline="") would (a lone '\r' also ends a line)
    yield from io.StringIO(text, newline="")


class Lines:
    """A line iterator for :func:`csv.reader` that remembers the lines of the current record
    and can hand some back, so a record swallowed by a stray quote can be read again."""

    def __init__(self, source: Iterator[str]):
        self.source = source
        self.record: list[str] = []
        self._back: list[str] = []
        self.consumed = 0  # physical lines handed out, minus those handed back

    def __iter__(self) -> Lines:
        return self

    def __next__(self) -> str:
        line = self._back.pop() if self._back else next(self.source)
        self.record.append(line)
        self.consumed += 1
        return line

    def start_record(self) -> None:
        self.record = []

    def give_back(self, lines: list[str]) -> None:
        self._back.extend(reversed(lines))
        self.consumed -= len(lines)


def runaway_quote(record: list[str], lines: list[str], delimiter: str, width: int) -> bool:
    """Did a quoted field of this record swallow whole lines of the table (a stray quote)?"""
    if len(lines) < 2:
        return False
    need = max(1, width - 1)
    for field in record:
        if "\n" not in field and "\r" not in field:
            continue
        for part in field.replace("\r\n", "\n").replace("\r", "\n").split("\n")[1:]:
            if part.count(delimiter) >= need:
                return True
    return False


def plain_record(line: str, delimiter: str) -> list[str]:
    """One physical line split without quote handling (the stray quote stays in its cell)."""
    return next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter, quoting=csv.QUOTE_NONE), [])


def join_decimal_commas(cells: list[str], width: int) -> list[str] | None:
    """``['0301', 'Oslo', '12', '5']`` → ``['0301', 'Oslo', '12,5']`` when exactly one way of
    joining neighbouring digit fields gives ``width`` fields; None when there is none or several.

    The first field (the key) is never the whole part of a number, nor is a number with a
    leading zero ('0301').
    """
    n = len(cells)
    if n <= width or n > 2 * width:
        return None
    memo: dict[tuple[int, int], int] = {}

    def ways(i: int, k: int) -> int:
        if i == n:
            return 1 if k == 0 else 0
        if k == 0 or n - i > 2 * k or n - i < k:
            return 0
        key = (i, k)
        if key not in memo:
            w = ways(i + 1, k - 1)
            if _pair(cells, i):
                w += ways(i + 2, k - 1)
            memo[key] = min(w, 2)
        return memo[key]

    if ways(0, width) != 1:
        return None
    out, i, k = [], 0, width
    while i < n:
        if _pair(cells, i) and ways(i + 2, k - 1) == 1:
            out.append(f"{cells[i].strip()},{cells[i + 1].strip()}")
            i += 2
        else:
            out.append(cells[i])
            i += 1
        k -= 1
    return out


def _pair(cells: list[str], i: int) -> bool:
    if i == 0 or i + 1 >= len(cells):
        return False
    a, b = cells[i].strip(), cells[i + 1].strip()
    return bool(_DIGITS.match(a)) and not _LEADING_ZERO.match(a) and bool(_FRACTION.match(b))
