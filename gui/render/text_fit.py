"""Page texts that always fit: the rule for long titles, subtitles, notes and source lines.

A planner may paste anything into the title (issue 17 found a 10 000-character title
squeezing the map to a sliver). The rule, the same for every image format:

- whitespace runs (line breaks too) become one space and control characters go;
- each text is cut at a number of characters (:data:`MAX_CHARS`) with "…";
- it is wrapped to the width available, a word longer than a line being broken
  inside, and kept to a number of lines (:data:`MAX_LINES`), the last ending in "…".

So the header and footer have a bounded height whatever is typed, and the map
keeps its room.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QFontMetricsF

ELLIPSIS = "…"
MAX_CHARS = {"title": 200, "subtitle": 300, "note": 600, "source": 900, "footnote": 1500}
MAX_LINES = {"title": 3, "subtitle": 2, "note": 4, "source": 4, "footnote": 5}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: str | None, kind: str = "title") -> str:
    """One line of text, control characters dropped, at most ``MAX_CHARS[kind]`` characters."""
    if not text:
        return ""
    text = " ".join(_CONTROL.sub("", str(text)).split())
    limit = MAX_CHARS.get(kind, 1000)
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + ELLIPSIS
    return text


def _pieces(word: str, fm: QFontMetricsF, width: float) -> list[str]:
    """A word wider than a line, broken into pieces that fit."""
    out, piece = [], ""
    for ch in word:
        if piece and fm.horizontalAdvance(piece + ch) > width:
            out.append(piece)
            piece = ch
        else:
            piece += ch
    if piece:
        out.append(piece)
    return out


def wrap_words(text: str, fm: QFontMetricsF, width: float) -> list[str]:
    """Greedy word wrap; words longer than ``width`` are broken between characters."""
    if not text:
        return []
    if fm.horizontalAdvance(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        parts = [word] if fm.horizontalAdvance(word) <= width else _pieces(word, fm, width)
        for part in parts:  # a broken word's pieces each fill a line, so they never re-join
            cand = f"{line} {part}" if line else part
            if line and fm.horizontalAdvance(cand) > width:
                lines.append(line)
                line = part
            else:
                line = cand
    if line:
        lines.append(line)
    return lines


def fit_lines(text: str, fm: QFontMetricsF, width: float, max_lines: int) -> list[str]:
    """``text`` wrapped to ``width``, at most ``max_lines`` lines, the last cut with "…"."""
    lines = wrap_words(text, fm, width)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and fm.horizontalAdvance(last + ELLIPSIS) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + ELLIPSIS
    return kept


def page_lines(text: str | None, kind: str, fm: QFontMetricsF, width: float) -> list[str]:
    """The page rule in one call: clean, cap characters, wrap, cap lines."""
    return fit_lines(clean(text, kind), fm, width, MAX_LINES.get(kind, 4))
