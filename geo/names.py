"""Name normalisation for matching place names the way planners type them.

"Kárášjohka", "karasjohka" and "KARASJOHKA " must all find 5437; "Tromso" must find
Tromsø. We fold case, accents and the Norwegian letters æ/ø/å, and drop punctuation
and white space, so the comparison key is plain ASCII letters and digits.
"""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = str.maketrans(
    {
        "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "å": "a", "Å": "a",
        "ŋ": "n", "Ŋ": "n", "đ": "d", "Đ": "d", "ŧ": "t", "Ŧ": "t",
        "ß": "ss", "–": "-", "—": "-", "−": "-",
    }
)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Comparison key: casefolded ASCII letters/digits only."""
    text = unicodedata.normalize("NFKC", str(text)).translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", text.casefold())


def variants(name: str) -> set[str]:
    """Folded keys for a name and each part of a multi-language name.

    "Porsanger - Porsáŋgu - Porsanki" yields keys for the whole string and for each
    of the three names; "Herøy (Nordland)" also yields "heroy".
    """
    keys = {fold(name)}
    for part in re.split(r"\s+[-–/]\s+|\s*/\s*", name):
        if part.strip():
            keys.add(fold(part))
    bare = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    if bare and bare != name:
        keys.add(fold(bare))
    keys.discard("")
    return keys


def slug(text: str) -> str:
    """A name in plain lower-case letters and hyphens for file names: 'Bodø' → 'bodo',
    'Indre Østfold' → 'indre-ostfold'."""
    text = unicodedata.normalize("NFKC", str(text)).translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return _NON_ALNUM.sub("-", text).strip("-") or "x"
