"""Read a json-stat2 file saved from SSB's API console as a StatBank table.

The dataset is decoded by :mod:`indicators.ssb.jsonstat`; each ContentsCode becomes a
variable (one per combination when the file keeps another breakdown, such as sex),
each region a row key "1804 Bodø" and each year a period, exactly as a CSV download
of the same table would be read.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np

from indicators.importer.statbank import StatbankTable, build_table, find_title, notes_for, split_label
from indicators.importer.table import ParsedTable


def is_jsonstat(path: str | Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096).decode("utf-8-sig", errors="replace").lstrip()
    except OSError:
        return False
    if not head.startswith("{"):
        return False
    compact = head.replace(" ", "").replace("\n", "")
    return ('"class":"dataset"' in compact or ('"id":[' in compact and '"size":[' in compact)
            or '"dimension":' in compact)


def read_jsonstat(path: str | Path) -> StatbankTable:
    """A json-stat2 dataset saved from SSB's API console, as a StatBank table."""
    from indicators.importer.errors import ImportFailure
    from indicators.ssb import jsonstat
    from indicators.ssb.errors import SsbError

    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
        ds = jsonstat.decode(doc)
        geo, metric, time = jsonstat.main_dimensions(ds)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailure("file.unreadable", path=path.name, error=str(exc)) from None
    except SsbError as exc:
        raise ImportFailure("file.unreadable", path=path.name, error=exc.message("en")) from None
    others = [d for d in ds.dimensions if d.id not in (geo.id, metric.id, time.id)]
    strides = dict(zip(ds.ids, ds.strides()))
    cells = []
    combos = list(itertools.product(*[range(len(d.codes)) for d in others])) or [()]
    for gi, gc in enumerate(geo.codes):
        gname = geo.labels.get(gc, "")
        region = f"{gc} {gname}" if gname and not gname.startswith(gc) else (gname or gc)
        for mi, mc in enumerate(metric.codes):
            for combo in combos:
                label = metric.labels.get(mc, mc)
                unit = metric.units.get(mc, "")
                extra = [d.labels.get(d.codes[k], d.codes[k]) for d, k in zip(others, combo) if len(d.codes) > 1]
                name = ", ".join([split_label(label)[0], *extra])
                if unit and not split_label(label)[1]:
                    label = f"{name} ({unit})"
                elif extra:
                    label = f"{name} ({split_label(label)[1]})" if split_label(label)[1] else name
                base = gi * strides[geo.id] + mi * strides[metric.id] + sum(
                    k * strides[d.id] for d, k in zip(others, combo))
                for ti, tc in enumerate(time.codes):
                    pos = base + ti * strides[time.id]
                    v = ds.values[pos]
                    text = ds.status.get(pos, "") if v is None else format(v, ".15g")
                    cells.append((region, label, tc, text, gi + 1, mc))
    number, title = find_title([ds.label])
    base_table = ParsedTable(path=str(path), format="json-stat2", data={"x": np.empty(0, dtype=object)},
                             row_numbers=np.zeros(0, dtype=np.int64), encoding="UTF-8")
    out = build_table(base_table, [c[:5] for c in cells], "json-stat2", number, title or ds.label, "region", "år")
    codes = {c[1]: c[5] for c in cells}
    info = out.statbank
    if info is None:  # build_table always describes a StatBank table; nothing to refine otherwise
        return out
    for var in info.variables:
        var.code = codes.get(var.label, "")
    from indicators.importer.statbank_match import match_bundled

    match_bundled(info)  # again, now with the ContentsCodes
    out.notes = [n for n in out.notes if n.key != "note.statbank_bundled"] + [
        n for n in notes_for(info) if n.key == "note.statbank_bundled"]
    return out
