"""The SSB tables bundled with Legekart, read into :class:`~indicators.ssb.snapshot.Snapshot`.

The bundled table 12005 is a byte-identical copy of FemtiGram/kart's
``public/data/fastlege.json`` (retrieved from SSB's API on 2026-05-05; see
``data/sources/MANIFEST.toml``). Its layout is that repository's own
(``kommuner → knr → latest / trend``), so it is translated here into the snapshot
shape an update from SSB's API gives, and both are derived by the same code.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from indicators.ssb.snapshot import Snapshot, Variable

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"
FASTLEGE_JSON = DATA_DIR / "sources" / "ssb-12005" / "fastlege.json"
VIA_12005 = ("SSB API (POST data.ssb.no/api/v0/no/table/12005, json-stat2) via github.com/FemtiGram/kart "
             "public/data/fastlege.json, commit b2bfce137c9c8a4b070fab9ac8558c4ead551f3a")


def read_femtigram(path: str | Path) -> Snapshot:
    """Translate FemtiGram/kart's fastlege.json into a snapshot of table 12005."""
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    latest_year = str(raw["latestYear"])
    variables = tuple(Variable(m["code"], m["label"], m.get("unit", "")) for m in raw["metrics"])
    values: dict[str, dict[str, dict[str, float]]] = {v.code: {} for v in variables}
    for knr, entry in raw["kommuner"].items():
        for code, value in (entry.get("latest") or {}).items():
            if value is not None:
                values.setdefault(code, {}).setdefault(knr, {})[latest_year] = float(value)
        for code, series in (entry.get("trend") or {}).items():
            for point in series:
                if point.get("value") is not None:
                    values.setdefault(code, {}).setdefault(knr, {})[str(point["year"])] = float(point["value"])
    return Snapshot(table="12005", retrieved=str(raw["generatedAt"]), via=VIA_12005, variables=variables,
                    values=values)


@cache
def bundled_snapshot(table: str = "12005") -> Snapshot:
    """The snapshot shipped with Legekart (never changed by an update)."""
    if table != "12005":
        raise KeyError(f"no bundled snapshot of SSB table {table}")
    return read_femtigram(FASTLEGE_JSON)
