"""One SSB update in two steps, shared by the window and the command line.

:func:`prepare` fetches, decodes and checks a table and compares it with the data in
use — nothing is written, so any failure (an :class:`SsbError`) leaves everything as
it was. :func:`apply` then writes the checked snapshot; only that step changes files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from indicators.ssb import client, jsonstat, report, store, validate
from indicators.ssb.errors import SsbError
from indicators.ssb.query import build_query, spec


@dataclass
class Prepared:
    checked: validate.Checked
    report: dict

    @property
    def table(self) -> str:
        return self.checked.snapshot.table


def snapshot_from_document(doc: dict, table: str, *, via: str, query: dict | None = None,
                           retrieved: str | None = None) -> validate.Checked:
    """A parsed json-stat2 document (from the API or a saved file) → checked snapshot."""
    s = spec(table)
    ds = jsonstat.decode(doc)
    region_dim = s.region_dim if s.region_dim in ds.ids else None
    snap = jsonstat.to_snapshot(ds, table, via=via, query=query, retrieved=retrieved, region_dim=region_dim)
    return validate.check(snap)


def prepare(table: str, *, base: str | None = None, timeout: float | None = None,
            max_bytes: int = client.MAX_BYTES, progress=None, cancel=None) -> Prepared:
    s = spec(table)
    query = build_query(s.table)
    url = client.table_url(s.table, base)
    doc = client.post(s.table, query, base=base, timeout=timeout, max_bytes=max_bytes,
                      progress=progress, cancel=cancel)
    if cancel is not None and cancel():
        raise SsbError("cancelled")
    checked = snapshot_from_document(doc, s.table, via=f"POST {url} (json-stat2)", query=query)
    use = store.in_use(s.table)
    return Prepared(checked, report.build(checked, use.snapshot, use.kind))


def apply(prepared: Prepared) -> Path:
    return store.apply(prepared.checked.snapshot)
