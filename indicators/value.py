"""One value of one unit and period, ready to show or serialise, with its provenance.

Apart from the breakdown because every view uses it: details, profile, trend, tables.
A value summed from only some municipalities is partial and has no plain value.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from indicators import format as fmt
from indicators.catalogue import Indicator
from indicators.session import Session


@dataclass(frozen=True)
class Value:
    """A value ready to show or serialise, with its provenance."""

    indicator: str
    level: str
    code: str
    period: str
    value: float | None
    numerator: float | None
    denominator: float | None
    category: str | None
    distribution: tuple[dict, ...]
    source: str
    table: str
    seed_lines: str
    approximate: bool
    derived: bool
    note: str
    origin: str
    #: for a value summed from municipalities: how many had a value, of how many
    members_have: int | None = None
    members_of: int | None = None
    #: why there is no value ("" when there is one)
    missing: str = ""
    #: for a context unit without the compared period: its value in the nearest period
    nearest: Value | None = None

    @property
    def is_partial(self) -> bool:
        return self.members_of is not None and self.members_have is not None and self.members_have < self.members_of

    @property
    def has_value(self) -> bool:
        return not self.missing and not self.is_partial and (
            self.value is not None or bool(self.category) or bool(self.distribution))

    def partial_value(self, indicator: Indicator) -> float | None:
        """The ratio (or sum) over the members that have a value: shown only as partial."""
        if not self.is_partial or self.numerator is None:
            return None
        if indicator.kind == "count":
            return self.numerator
        if self.denominator:
            return self.numerator / self.denominator * indicator.scale
        return None

    def to_dict(self) -> dict:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__  # type: ignore[attr-defined]
             if k not in ("members_have", "members_of", "missing", "nearest")}
        d["distribution"] = list(self.distribution)
        if self.members_of is not None:
            d["members"] = {"have": self.members_have, "of": self.members_of}
        if self.is_partial:
            d["value"] = None
            d["coverage"] = {"have": self.members_have, "of": self.members_of}
        if self.missing:
            d["value"] = None
            d["missing"] = self.missing
        if self.nearest is not None:
            d["nearest"] = self.nearest.to_dict()
        return d

    def text(self, indicator: Indicator, session: Session, lang: str = "nb", compact: bool = False) -> str:
        """Human text for the value, e.g. '8,4 %' or 'Rød 12 % · Gul 33 %'.

        ``compact`` puts each class of a distribution on its own line (for tables).
        """
        if self.missing:
            nb = f"Ingen verdi for {self.period}" if self.period else "Ingen data"
            en = f"No value for {self.period}" if self.period else "No data"
            text = en if lang == "en" else nb
            if self.nearest is not None:
                text += f" ({self.nearest.period}: {self.nearest.text(indicator, session, lang, compact)})"
            return text
        if self.is_partial:
            part = self.partial_value(indicator)
            head = (f"Partial: {self.members_have} of {self.members_of} municipalities" if lang == "en"
                    else f"Delvis: {self.members_have} av {self.members_of} kommuner")
            return head + (f" ({fmt.with_unit(part, indicator.unit, lang)})" if part is not None else "")
        scheme = session.catalogue.scheme_of(indicator)
        if self.category and scheme:
            return scheme.get(self.category).label(lang)
        if self.distribution:
            parts = []
            for d in self.distribution:
                label = scheme.get(d["category"]).label(lang) if scheme else d["category"]
                if compact and " " in label:
                    label = label.split(" ")[0]  # "Meget utfordrende" -> "Meget"
                share = d.get("share")
                parts.append(f"{label} {fmt.percent(share, lang)}" if share is not None else label)
            n = self.distribution[0].get("n")
            tail = f" (n = {fmt.number(n, lang, 0)})" if n else ""
            if compact:
                return "\n".join(parts) + ("\n" + tail.strip() if tail else "")
            return " · ".join(parts) + tail
        return fmt.with_unit(self.value, indicator.unit, lang)


def _num(x) -> float | None:
    if x is None or x == "":
        return None
    x = float(x)
    return None if math.isnan(x) else x


def _share(r: dict) -> float | None:
    """A category's share: the stated value, else numerator / denominator in per cent."""
    value, num, den = _num(r["value"]), _num(r["numerator"]), _num(r["denominator"])
    if value is not None:
        return value
    return num / den * 100 if num is not None and den else None


def _count(x) -> int | None:
    v = _num(x)
    return None if v is None else int(v)
