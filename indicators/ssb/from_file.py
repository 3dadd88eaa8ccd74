"""Update a bundled SSB table from a StatBank file the planner downloaded, instead of importing a copy.

Why: a planner who downloads table 12005 from StatBank for Nordland has SSB's own
figures for variables Legekart already shows. Imported as a table they would become
a second indicator beside the bundled one; merged here, the bundled indicator gets
the new years and values, checked and reported exactly like an update from the API,
and written by the same atomic :func:`indicators.ssb.store.apply`.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from indicators.ssb import report, store, validate
from indicators.ssb.errors import SsbError
from indicators.ssb.snapshot import Snapshot

_CODE = re.compile(r"^(?:K-)?(\d{4})(?:\s|$)")


def region_code(key: str) -> str | None:
    """'1804 Bodø' / 'K-1804 Bodø' / '1804' -> '1804'; counties and SSB aggregates -> None."""
    m = _CODE.match(str(key).strip())
    return m.group(1) if m else None


def merge(table, *, today: _dt.date | None = None):
    """A StatBank table (see indicators.importer.statbank) merged into the snapshot in use → Prepared."""
    from indicators.importer.numbers import parse_number
    from indicators.ssb.update import Prepared

    info = getattr(table, "statbank", None)
    matched = [v for v in (info.variables if info else []) if v.bundled]
    if info is None or not matched:
        raise SsbError("layout", detail="the file holds no variable of a table Legekart updates")
    use = store.in_use(info.table)
    base = use.snapshot
    if base is None:
        raise SsbError("layout", detail=f"Legekart has no figures of table {info.table} to update")
    values = {var: {r: dict(s) for r, s in by_r.items()} for var, by_r in base.values.items()}
    missing = {var: {r: dict(s) for r, s in by_r.items()} for var, by_r in base.missing.items()}
    names = dict(base.region_names)
    frame = table.frame
    key_col, year_col = frame.columns[0], frame.columns[1]
    for v in matched:
        code = v.bundled["code"]
        for key, year, text in zip(frame[key_col], frame[year_col], frame[v.column]):
            region = region_code(key)
            text = str(text).strip()
            if region is None or not text:
                continue
            names.setdefault(region, str(key)[5:].strip())
            try:
                x = parse_number(text)
            except ValueError:
                raise SsbError("invalid", detail=f"{v.label} {key} {year}: {text!r} is not a number") from None
            if x != x:  # NaN: SSB's symbol; an existing number is kept, the reason recorded where none is
                if values.get(code, {}).get(region, {}).get(year) is None:
                    missing.setdefault(code, {}).setdefault(region, {})[year] = text
                continue
            values.setdefault(code, {}).setdefault(region, {})[year] = x
            missing.get(code, {}).get(region, {}).pop(year, None)
    path = Path(table.path)
    when = _dt.datetime.fromtimestamp(path.stat().st_mtime, _dt.UTC).replace(microsecond=0).isoformat() \
        if path.exists() else _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()
    via = f"{base.via}; updated from the StatBank file {path.name} ({', '.join(v.bundled['code'] for v in matched)})"
    merged = Snapshot(table=info.table, retrieved=when, via=via, variables=base.variables, values=values,
                      missing={k: v for k, v in missing.items() if v}, region_names=names, query=base.query)
    checked = validate.check(merged, today=today)
    return Prepared(checked, report.build(checked, base, use.kind))
