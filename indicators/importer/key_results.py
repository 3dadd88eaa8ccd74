"""What resolving a key gives: a match or a reason, the detected year, and the forms of a name to try."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indicators.importer.messages import Msg

_QUERY_SUFFIX = {
    "kommune": re.compile(r"\s+(?:kommune|kommun|municipality)$", re.IGNORECASE),
    "fylke": re.compile(r"\s+(?:fylkeskommune|fylke|county)$", re.IGNORECASE),
    "helseregion": re.compile(r"\s+(?:rhf|regionalt helseforetak)$", re.IGNORECASE),
    "helseforetak": re.compile(r"\s+(?:hf|helseforetak)$", re.IGNORECASE),
}
_IN_COUNTY = re.compile(r"^(?P<name>.+?)\s+i\s+(?P<county>[^\d]+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Match:
    """A key resolved to a code of some year at some level."""

    level: str
    vintage: str
    code: str
    name: str


@dataclass(frozen=True)
class KeyResult:
    match: Match | None
    reason: Msg | None = None
    #: for keys of another level than the one imported (mixed levels)
    other_level: str | None = None
    #: how the match was made when that needs saying (characters lost in the file)
    note: Msg | None = None


@dataclass
class VintageInfo:
    vintage: str
    confidence: str  # high | low | none
    source: str  # codes | names | user | ''
    mixed: bool = False
    matched: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, list[str]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"vintage": self.vintage, "confidence": self.confidence, "from": self.source,
                "mixed": self.mixed, "matched": dict(self.matched),
                "evidence": {k: list(v)[:10] for k, v in self.evidence.items() if v}}


@dataclass
class Resolution:
    level: str
    vintage: VintageInfo
    results: dict[str, KeyResult]
    level_counts: dict[str, int]
    mojibake: bool = False


def _name_queries(name: str, level: str = "") -> list[str]:
    """The forms of a name cell to try, most literal first ('Bodø kommune' → 'Bodø')."""
    out = [name]
    for n in list(out):
        suffix = _QUERY_SUFFIX.get(level)
        stripped = suffix.sub("", n).strip() if suffix else n
        if stripped and stripped != n:
            out.append(stripped)
        m = _IN_COUNTY.match(n)
        if m:
            out.append(f"{m.group('name')} ({m.group('county')})")
    return out
