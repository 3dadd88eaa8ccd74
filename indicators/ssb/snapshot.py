"""One retrieval of an SSB StatBank table, as plain values with where they came from.

Why a snapshot type of its own: the bundled figures (a vendored file) and a planner's
later update from SSB's API must give the same observations, so both are first read
into this one shape and derived by the same code (:mod:`indicators.ssb.derive`). A
snapshot is never edited: an update writes a new one beside the bundled data.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

#: bump when the stored JSON layout changes; older files are still read
SCHEMA = 1

#: SSB's symbols for a cell without a number (PxWeb): ".." not available yet,
#: "..." not applicable, ":" suppressed (confidentiality), "-" nothing to report (zero)
SYMBOL_TEXT = {
    "..": "SSB has no figure for this cell (not available)",
    "...": "SSB marks this cell as not applicable",
    ":": "SSB suppresses this cell (confidentiality)",
}


def source_id(table: str) -> str:
    """The catalogue's source id of an SSB table (``ssb-12005``)."""
    return f"ssb-{table}"


@dataclass(frozen=True)
class Variable:
    """One ContentsCode of a table."""

    code: str  # e.g. "KOSandelpasiente0000"
    label: str  # SSB's label, Norwegian
    unit: str = ""  # SSB's unit text: "prosent", "antall", "personer" …


@dataclass(frozen=True)
class Snapshot:
    """Values of one table: variable → region code → year → number.

    Region codes are SSB's (4-digit kommunenummer, which may include codes that were
    valid only before 2024). A cell without a number is absent from ``values``;
    when SSB gave a reason (a symbol), it is kept in ``missing``.
    """

    table: str  # "12005"
    retrieved: str  # ISO 8601 date or date-time of the retrieval from SSB
    via: str  # how the values reached Legekart (API URL, or the vendored file and its origin)
    variables: tuple[Variable, ...]
    values: dict[str, dict[str, dict[str, float]]]
    missing: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    region_names: dict[str, str] = field(default_factory=dict)
    #: the json-stat2 query that was POSTed, when Legekart fetched the table itself
    query: dict | None = None

    def variable(self, code: str) -> Variable:
        for v in self.variables:
            if v.code == code:
                return v
        raise KeyError(f"table {self.table} snapshot has no variable {code!r}")

    def years(self, code: str | None = None) -> list[str]:
        """Years with at least one value (of one variable, or of any)."""
        codes = [code] if code else list(self.values)
        found = {y for c in codes for series in self.values.get(c, {}).values() for y in series}
        return sorted(found)

    def regions(self) -> list[str]:
        return sorted({r for by_region in self.values.values() for r in by_region})

    def value(self, code: str, region: str, year: str) -> float | None:
        return self.values.get(code, {}).get(region, {}).get(year)

    def retrieved_date(self) -> str:
        return self.retrieved[:10]

    def source_text(self, lang: str = "nb") -> str:
        """How the figures are cited: 'Statistisk sentralbyrå, tabell 12005, hentet 2027-03-15'."""
        if lang == "en":
            return f"Statistics Norway (SSB), table {self.table}, retrieved {self.retrieved_date()}"
        return f"Statistisk sentralbyrå, tabell {self.table}, hentet {self.retrieved_date()}"

    # -- storage ------------------------------------------------------------------------
    def to_json(self) -> dict:
        return {
            "schema": SCHEMA,
            "table": self.table,
            "retrieved": self.retrieved,
            "via": self.via,
            "variables": [{"code": v.code, "label": v.label, "unit": v.unit} for v in self.variables],
            "values": self.values,
            "missing": self.missing,
            "region_names": self.region_names,
            "query": self.query,
        }

    @classmethod
    def from_json(cls, data: dict) -> Snapshot:
        """Read a stored snapshot, refusing anything that is not one (ValueError)."""
        if not isinstance(data, dict) or not isinstance(data.get("values"), dict):
            raise ValueError("not a Legekart SSB snapshot")
        schema = data.get("schema")
        if not isinstance(schema, int) or schema > SCHEMA:
            raise ValueError(f"SSB snapshot schema {schema!r} is newer than this Legekart ({SCHEMA})")
        variables = tuple(
            Variable(str(v["code"]), str(v.get("label", "")), str(v.get("unit", "")))
            for v in data.get("variables", [])
        )
        values: dict[str, dict[str, dict[str, float]]] = {}
        for code, by_region in data["values"].items():
            out: dict[str, dict[str, float]] = {}
            for region, series in by_region.items():
                clean = {str(y): float(x) for y, x in series.items() if _finite(x)}
                if clean:
                    out[str(region)] = clean
            values[str(code)] = out
        return cls(
            table=str(data["table"]), retrieved=str(data["retrieved"]), via=str(data.get("via", "")),
            variables=variables, values=values, missing=data.get("missing") or {},
            region_names=data.get("region_names") or {}, query=data.get("query"),
        )

    def write(self, path: str | Path) -> None:
        """Write atomically: temp file in the same folder, fsync, rename."""
        from indicators.atomic_file import atomic_path

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_path(path) as tmp:
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(self.to_json(), f, ensure_ascii=False, separators=(",", ":"))
                f.flush()
                os.fsync(f.fileno())

    @classmethod
    def read(cls, path: str | Path) -> Snapshot:
        with open(path, encoding="utf-8") as f:
            return cls.from_json(json.load(f))


def _finite(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(float(x))


def user_data_dir() -> Path:
    """Where updates are kept: ``$LEGEKART_DATA_DIR`` or the XDG data folder."""
    base = os.environ.get("LEGEKART_DATA_DIR") or os.path.join(
        os.environ.get("XDG_DATA_HOME") or os.path.join(Path.home(), ".local", "share"), "legekart"
    )
    return Path(base)


def user_snapshot_path(table: str) -> Path:
    return user_data_dir() / "ssb" / f"{table}.json"
