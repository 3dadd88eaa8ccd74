"""Number formatting for the UI and exports: Norwegian by default, English on request.

Bokmål writes 1 234,5 (no-break space between thousands, decimal comma); English
writes 1,234.5. Kept in one place so legends, tooltips, tables and exports agree.
"""

from __future__ import annotations

import math

NBSP = "\u00a0"
#: units that need no suffix after the number
PLAIN_UNITS = {"", "antall", "kategori", "stillinger", "count", "indeks"}


def decimals_for(unit: str, value: float) -> int:
    if unit == "%":
        return 1
    if float(value).is_integer():
        return 0
    return 1 if abs(value) >= 10 else 2 if abs(value) < 1 else 1


def number(value: float | None, lang: str = "nb", decimals: int | None = None, unit: str = "") -> str:
    """Format a number; ``None``/NaN becomes an en dash (missing, never zero)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    d = decimals_for(unit, value) if decimals is None else decimals
    text = f"{value:,.{d}f}"
    if lang == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", NBSP)


def with_unit(value: float | None, unit: str, lang: str = "nb", decimals: int | None = None) -> str:
    text = number(value, lang, decimals, unit)
    if text == "–" or not unit:
        return text
    if unit == "%":
        return f"{text}{NBSP}%"
    if unit in PLAIN_UNITS:
        return text
    return f"{text} {unit}"


def percent(value: float | None, lang: str = "nb", decimals: int = 0) -> str:
    return with_unit(value, "%", lang, decimals)
