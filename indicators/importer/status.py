"""Category cells → classes of the catalogue's schemes.

Recruitment status comes in three dialects: the VG/Legeforeningen levels 1–7,
the survey's own sentences (quoted in the scheme descriptions in
``catalogue.toml``), and plain colours (rød/gul/grønn, red/yellow/green). KS asks
how challenging recruiting is (ikke/litt/ganske/meget utfordrende, vet ikke). All
are mapped to the scheme's class keys; anything else is reported, not guessed.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from geo.names import fold
from indicators.catalogue import Scheme, bundled
from indicators.importer.keys import clean_text

if TYPE_CHECKING:
    import pandas as pd

STATUS = "rekruttering_status"
KS = "ks_rekruttering"
SCHEMES = (STATUS, KS)

#: extra words per scheme and class, beyond the class key and its labels
EXTRA_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    STATUS: {
        "gronn": ("grønt", "mørk grønn", "lys grønn", "dark green", "light green", "mørkegrønn", "lysegrønn"),
        "gul": ("gult", "oransje", "orange", "lys gul", "mørk gul", "amber", "gul/oransje", "lysegul", "mørkegul"),
        "rod": ("rødt", "lys rød", "mørk rød", "dark red", "light red", "lyserød", "mørkerød"),
        "ikke_svart": ("svarte ikke", "ikke svart", "ikke besvart", "ubesvart", "ikke svar", "did not answer",
                       "no answer", "not answered", "no response", "mangler svar", "hvit", "white"),
    },
    KS: {
        "ikke": ("ikke utfordrende", "ikke i det hele tatt", "not challenging", "not at all"),
        "litt": ("litt utfordrende", "noe utfordrende", "slightly challenging", "a little"),
        "ganske": ("ganske utfordrende", "quite challenging", "fairly challenging"),
        "meget": ("meget utfordrende", "svært utfordrende", "veldig utfordrende", "very challenging",
                  "meget", "svært"),
        "vet_ikke": ("vet ikke", "vet ikke/ikke relevant", "don't know", "do not know", "ikke relevant"),
    },
}
#: distinctive fragments of the survey sentences, checked in this order
STATUS_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("ikkemangler", "gronn"),
    ("uproblematisk", "gronn"),
    ("stabillegesituasjon", "gronn"),
    ("legekrise", "rod"),
    ("svaertvanskelig", "rod"),
    ("storeutfordringer", "rod"),
    ("storeproblemer", "rod"),
    ("merkerutfordringer", "gul"),
    ("iferdmedablivanskeligere", "gul"),
    ("merstabilsituasjon", "gul"),
    ("rekrutteringsutfordringer", "gul"),
)
_LEVEL = re.compile(r"^(?:nivå|niva|level|skala)?\s*([1-7])(?:[.,]0+)?(?:\s|$|[-–:.)])", re.IGNORECASE)
_QUOTED = re.compile(r"«([^»]+)»")
_NIVA = re.compile(r"nivå\s+(\d)\s*«([^»]+)»")


def scheme(scheme_id: str) -> Scheme:
    return bundled().schemes[scheme_id]


@cache
def _words(scheme_id: str) -> dict[str, str]:
    sch = scheme(scheme_id)
    out: dict[str, str] = {}
    for c in sch.classes:
        for w in (c.key, c.label_nb, c.label_en, *EXTRA_WORDS.get(scheme_id, {}).get(c.key, ())):
            out[fold(w)] = c.key
    return out


@cache
def _phrases(scheme_id: str) -> tuple[tuple[str, str], ...]:
    """Quoted survey sentences from the scheme descriptions, longest first."""
    out = []
    for c in scheme(scheme_id).classes:
        for phrase in _QUOTED.findall(c.description_nb):
            out.append((fold(phrase), c.key))
    return tuple(sorted(out, key=lambda p: -len(p[0])))


def _vg_class(level: int) -> str | None:
    for c in scheme(STATUS).classes:
        if level in c.vg_levels:
            return c.key
    return None


def classify(text: object, scheme_id: str) -> str | None:
    """Class key for one cell, '' for a blank cell, None when the cell fits no class."""
    s = clean_text(text)
    if not s:
        return ""
    key = fold(s)
    words = _words(scheme_id)
    if key in words:
        return words[key]
    if scheme_id == STATUS:
        m = _LEVEL.match(s)
        if m:
            return _vg_class(int(m.group(1)))
    elif scheme_id == KS:
        m = _LEVEL.match(s)
        if m and key.isdigit():
            keys = [c.key for c in scheme(KS).classes]
            i = int(m.group(1)) - 1
            return keys[i] if 0 <= i < len(keys) else None
    hits = {cls for phrase, cls in _phrases(scheme_id) if phrase in key or (len(key) >= 12 and key in phrase)}
    if len(hits) == 1:
        return hits.pop()
    if scheme_id == STATUS and not hits:
        for fragment, cls in STATUS_KEYWORDS:
            if fragment in key:
                return cls
    if scheme_id == KS:
        for w, cls in sorted(words.items(), key=lambda kv: -len(kv[0])):
            if len(w) >= 5 and key.startswith(w):
                return cls
    return None


def parse_categories(series: pd.Series, scheme_id: str, blank_means_no_answer: bool = True):
    """(class keys, blank mask, failed mask) for a column of cells."""
    import pandas as pd

    s = series.astype(object).where(series.notna(), "")
    codes, uniques = pd.factorize(s, use_na_sentinel=False)
    no_answer = "ikke_svart" if blank_means_no_answer and "ikke_svart" in scheme(scheme_id).keys() else ""
    u_key = np.empty(len(uniques), dtype=object)
    u_blank = np.zeros(len(uniques), dtype=bool)
    u_fail = np.zeros(len(uniques), dtype=bool)
    for i, t in enumerate(uniques):
        k = classify(t, scheme_id)
        if k is None:
            u_key[i], u_fail[i] = "", True
        elif k == "":
            u_key[i], u_blank[i] = no_answer, not no_answer
        else:
            u_key[i] = k
    return u_key[codes], u_blank[codes], u_fail[codes]


def match_share(values: list[str], scheme_id: str) -> float:
    """Share of non-blank cells that fit a class of the scheme."""
    cells = [v for v in values if clean_text(v)]
    if not cells:
        return 0.0
    return sum(1 for v in cells if classify(v, scheme_id)) / len(cells)
