"""Why an SSB update failed, in one sentence for the planner (bokmål) or the command line (English).

Every way the update can fail — no network, a timeout, an HTTP error, a cut-off or
oversized answer, another table layout, garbage, values that fail the checks — is
one :class:`SsbError` with a key, so the window, the command line and the tests
show the same reason, and nothing has been written when one is raised.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "offline": (
        "Fikk ikke kontakt med SSBs API ({url}): {reason}. Ingenting er endret; Legekart bruker tallene du har.",
        "SSB's API could not be reached ({url}): {reason}. Nothing was changed.",
    ),
    "timeout": (
        "SSBs API svarte ikke innen {seconds} sekunder ({url}). Ingenting er endret; prøv igjen senere.",
        "SSB's API did not answer within {seconds} seconds ({url}). Nothing was changed.",
    ),
    "http": (
        "SSBs API svarte med feil {status} ({reason}). Ingenting er endret.",
        "SSB's API answered with HTTP {status} ({reason}). Nothing was changed.",
    ),
    "truncated": (
        "Svaret fra SSB ble avbrutt underveis ({detail}). Ingenting er endret; prøv igjen.",
        "SSB's answer was cut off ({detail}). Nothing was changed.",
    ),
    "too_large": (
        "Svaret fra SSB er større enn {limit} MB og ble ikke lest. Ingenting er endret.",
        "SSB's answer is larger than {limit} MB and was not read. Nothing was changed.",
    ),
    "garbage": (
        "Svaret fra SSB er ikke JSON ({detail}). Ingenting er endret.",
        "SSB's answer is not JSON ({detail}). Nothing was changed.",
    ),
    "layout": (
        "Svaret fra SSB har en annen form enn Legekart kjenner ({detail}). Tabellen kan være endret hos SSB. "
        "Ingenting er endret.",
        "SSB's answer has a layout Legekart does not know ({detail}); the table may have changed. Nothing was changed.",
    ),
    "invalid": (
        "Tallene fra SSB besto ikke kontrollen: {detail}. Ingenting er endret.",
        "SSB's figures failed the checks: {detail}. Nothing was changed.",
    ),
    "cancelled": ("Oppdateringen ble avbrutt. Ingenting er endret.", "The update was cancelled. Nothing was changed."),
    "unknown_table": (
        "Legekart kan ikke oppdatere tabell {table} (kjente tabeller: {known}).",
        "Legekart cannot update table {table} (known tables: {known}).",
    ),
    "write": (
        "Kunne ikke lagre de nye tallene i {path}: {reason}. De gamle tallene er uendret.",
        "Could not save the new figures in {path}: {reason}. The previous figures are unchanged.",
    ),
    "no_user_snapshot": (
        "Det finnes ingen oppdatering av tabell {table}; Legekart bruker allerede de medfølgende tallene.",
        "There is no update of table {table}; Legekart already uses the bundled figures.",
    ),
}


#: HTTP status -> (bokmål, English) explanation
HTTP_REASONS: dict[int, tuple[str, str]] = {
    400: ("spørringen ble ikke godtatt; tabellen kan være endret",
          "the query was not accepted; the table may have changed"),
    403: ("spørringen ber om for mange celler", "the query asks for too many cells"),
    404: ("tabellen finnes ikke", "no such table"),
    429: ("for mange spørringer; vent et minutt", "too many requests; wait a minute"),
    503: ("tjenesten er utilgjengelig nå", "the service is unavailable"),
}


def _http_reason(status: object, lang: str) -> str:
    nb, en = HTTP_REASONS.get(status if isinstance(status, int) else 0, (
        ("feil hos SSB", "an error at SSB") if isinstance(status, int) and status >= 500 else ("ukjent feil", "error")))
    return nb if lang == "nb" else en


def _number(value: object, lang: str) -> object:
    """Numbers with a decimal comma in bokmål (0,3 sekunder), a point in English."""
    if isinstance(value, float):
        text = f"{value:g}"
        return text.replace(".", ",") if lang == "nb" else text
    return value


class SsbError(Exception):
    """One failure of an SSB update. ``key`` picks the sentence, ``params`` fill it in."""

    def __init__(self, key: str, **params: object):
        if key not in TEXTS:
            raise KeyError(key)
        self.key = key
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "nb") -> str:
        nb, en = TEXTS[self.key]
        text = nb if lang == "nb" else en
        params = {k: _number(v, lang) for k, v in self.params.items()}
        if self.key == "http":
            params.setdefault("reason", _http_reason(self.params.get("status"), lang))
        try:
            return text.format(**params)
        except (KeyError, IndexError):  # a missing parameter must not hide the reason
            return text

    def to_dict(self) -> dict:
        return {"error": self.key, "message": self.message("en"), "melding": self.message("nb")}
