"""Split a key cell into a unit number and a name, the way planners write them.

"301", "0301", "301.0", "K-0301", "0301 Oslo", "Oslo (0301)" and "Oslo" all mean
Oslo. This module only takes the cell apart; :mod:`units` decides which unit it
is. Kept separate so the parser can be property-tested on its own.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

#: prefixes people put before a number: K-0301, Knr 0301, kommune 0301, F-03, fylke 03
_PREFIX = re.compile(
    r"^(?P<p>k|kn|knr|kommunenr|kommunenummer|kommune|f|fnr|fylkesnr|fylkesnummer|fylke)"
    r"(?:\s*[-.:#]\s*|\s+)(?=\d)",
    re.IGNORECASE,
)
_NUM = r"(?P<num>\d+)(?:[.,]0+)?"
_LEADING = re.compile(r"^[\[(]?" + _NUM + r"[\])]?(?:\s*[-–:,.]\s*|\s+|$|(?=[^\W\d_]))(?P<rest>.*)$")
_TRAILING = re.compile(r"^(?P<rest>.*?)[\s,:–-]*[\[(]" + _NUM + r"[\])]$"
                       r"|^(?P<rest2>.*?\D)\s+" + _NUM.replace("num", "num2") + r"$")
_FLOATLIKE = re.compile(r"^(?P<num>\d+)[.,]0+$")
_DIGIT_FIRST = re.compile(r"^\d")


@dataclass(frozen=True)
class KeyText:
    """A key cell taken apart: digits as typed (zeros kept) and the name part."""

    code: str | None
    name: str
    #: 'kommune' or 'fylke' when a prefix said so (K-0301, F-03)
    prefix_level: str | None = None

    @property
    def code_level(self) -> str | None:
        """Level implied by the number of digits: 1–2 fylke, 3–4 kommune."""
        if self.code is None:
            return None
        if self.prefix_level:
            return self.prefix_level
        if len(self.code) <= 2:
            return "fylke"
        if len(self.code) <= 4:
            return "kommune"
        return None


#: the second byte of a two-byte UTF-8 letter (0x80–0xBF) as Windows-1252 or Latin-1 shows it:
#: 'Ã¸' is ø, but 'Ã˜' is Ø and 'Ã…' is Å (0x98 and 0x85 are '˜' and '…' in Windows-1252)
_CONT = "".join(sorted({bytes([b]).decode("cp1252", "ignore") for b in range(0x80, 0xC0)} | {
    chr(b) for b in range(0x80, 0xC0)} - {""}))
#: lead bytes 0xC2–0xC5: Latin-1 punctuation, Norwegian letters, and Sami letters (š, ŋ, ŧ, ž, č, đ)
MOJIBAKE = re.compile(f"[ÂÃÄÅ][{re.escape(_CONT)}]")


def _unmangle(m: re.Match) -> str:
    pair = m.group(0)
    for enc in ("cp1252", "latin-1"):
        try:
            return pair.encode(enc).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return pair


def repair_mojibake(text: str) -> str:
    """'TromsÃ¸' → 'Tromsø', 'Ã…r' → 'År' (UTF-8 bytes read as Windows-1252), pair by pair so
    a real 'Å' elsewhere in the text does not stop the repair; unchanged when nothing fits."""
    if not MOJIBAKE.search(text):
        return text
    return MOJIBAKE.sub(_unmangle, text)


def clean_text(text: object) -> str:
    """Mojibake repaired, NFKC, no-break spaces to spaces, trimmed — how keys are compared."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFKC", repair_mojibake(str(text)))
    return " ".join(s.split())


def split_key(text: object) -> KeyText:
    """Take a key cell apart into number and name."""
    return _split(text) if isinstance(text, str) else _split(str(text) if text is not None else "")


@lru_cache(maxsize=65_536)
def _split(text: str) -> KeyText:
    """:func:`split_key` of a text, kept: guessing the key column, the level and the
    vintage take every key cell apart several times (KeyText is frozen, so it is shared)."""
    s = clean_text(text)
    if not s:
        return KeyText(None, "")
    prefix_level = None
    m = _PREFIX.match(s)
    if m:
        p = m.group("p").lower()
        prefix_level = "fylke" if p.startswith("f") else "kommune"
        s = s[m.end():]
    m = _FLOATLIKE.match(s)
    if m:
        return KeyText(m.group("num"), "", prefix_level)
    m = _LEADING.match(s)
    if m and not _DIGIT_FIRST.match(m.group("rest") or ""):
        return KeyText(m.group("num"), _strip_name(m.group("rest")), prefix_level)
    m = _TRAILING.match(s)
    if m:
        num = m.group("num") or m.group("num2")
        rest = m.group("rest") if m.group("rest") is not None else m.group("rest2")
        return KeyText(num, _strip_name(rest or ""), prefix_level)
    return KeyText(None, s, prefix_level)


def _strip_name(name: str) -> str:
    """Trim separators around a name part; drop brackets only when they wrap it whole."""
    name = name.strip(" -–:,")
    while len(name) >= 2 and name[0] + name[-1] in ("()", "[]") and name.count(name[0]) == 1:
        name = name[1:-1].strip(" -–:,")
    return name


def kommune_code(code: str) -> str:
    return code.lstrip("0").zfill(4) if len(code) > 4 else code.zfill(4)


def fylke_code(code: str) -> str:
    return (code.lstrip("0") or "0").zfill(2)
