"""What an SSB update would change, shown before it is applied (like the import's match report).

Compared cell by cell with the snapshot in use (the bundled one, or an earlier update):
new years, values added, changed and gone, municipalities added or missing. The same
dict is printed by ``main.py update --json`` and shown, as text, in the window.
"""

from __future__ import annotations

from indicators.ssb.snapshot import Snapshot
from indicators.ssb.validate import Checked

LIST_LIMIT = 40


def _cells(s: Snapshot) -> dict[tuple[str, str, str], float]:
    return {(v, r, y): x for v, by_region in s.values.items() for r, series in by_region.items()
            for y, x in series.items()}


def _units_2024(codes: set[str]) -> set[str]:
    """Municipalities on the 2024 map that the codes cover (pre-2024 codes via the crosswalk)."""
    from geo.crosswalk import crosswalk, municipality_codes

    valid = set(municipality_codes("2024"))
    out = codes & valid
    rest = codes - valid
    if rest:
        fwd = crosswalk("2020", "2024")
        out |= set(fwd.loc[fwd["code_from"].isin(rest), "code_to"])
        rest -= set(fwd["code_from"])
    if rest:
        back = crosswalk("2019", "2020")
        mid = set(back.loc[back["code_from"].isin(rest), "code_to"])
        out |= set(fwd.loc[fwd["code_from"].isin(mid), "code_to"]) | (mid & valid)
    return out


def build(checked: Checked, in_use: Snapshot | None, in_use_kind: str) -> dict:
    new = checked.snapshot
    new_cells = _cells(new)
    old_cells = _cells(in_use) if in_use is not None else {}
    added = sum(1 for k in new_cells if k not in old_cells)
    removed = sum(1 for k in old_cells if k not in new_cells)
    modified = sum(1 for k, x in new_cells.items() if k in old_cells and abs(old_cells[k] - x) > 1e-9)
    years = new.years()
    old_years = set(in_use.years()) if in_use is not None else set()
    codes = set(new.regions())
    old_codes = set(in_use.regions()) if in_use is not None else set()
    from geo.crosswalk import municipality_codes

    valid_2024 = set(municipality_codes("2024"))
    per_year = {y: len({r for by_region in new.values.values() for r, s in by_region.items() if y in s})
                for y in years}
    return {
        "table": new.table,
        "retrieved": new.retrieved,
        "via": new.via,
        "in_use": {"kind": in_use_kind, "retrieved": in_use.retrieved if in_use is not None else None},
        "years": years,
        "new_years": [y for y in years if y not in old_years],
        "changed": added + modified + removed,
        "added": added,
        "modified": modified,
        "removed": removed,
        "units": len(_units_2024(codes)),
        "codes": len(codes),
        "pre_2024_codes": sorted(codes - valid_2024),
        "units_added": sorted(codes - old_codes)[:LIST_LIMIT],
        "units_added_count": len(codes - old_codes),
        "units_missing": sorted(old_codes - codes)[:LIST_LIMIT],
        "units_missing_count": len(old_codes - codes),
        "values_per_year": per_year,
        "variables": len(new.variables),
        "left_out_codes": dict(sorted(checked.dropped_codes.items())[:LIST_LIMIT]),
        "left_out_codes_count": len(checked.dropped_codes),
        "special_codes": checked.special_codes,
        "left_out_years": checked.dropped_years,
    }


def _list(codes: list[str], n: int) -> str:
    shown = ", ".join(codes[:12])
    return shown + (f" … ({n})" if n > 12 else "")


def to_text(r: dict, lang: str = "nb") -> str:
    """A few lines for the window (bokmål) or the terminal (English)."""
    nb = lang == "nb"
    kind = {
        "bundled": "de medfølgende tallene" if nb else "the bundled figures",
        "user": "forrige oppdatering" if nb else "the previous update",
    }.get(r["in_use"]["kind"], r["in_use"]["kind"])
    when = (r["in_use"].get("retrieved") or "")[:10]
    lines = []
    if nb:
        lines.append(f"SSB tabell {r['table']}, hentet {r['retrieved'][:10]}: {r['units']} kommuner, "
                     f"år {r['years'][0]}–{r['years'][-1]}." if r["years"] else f"SSB tabell {r['table']}: ingen år.")
        lines.append(f"Sammenlignet med {kind} (hentet {when}):" if when else f"Sammenlignet med {kind}:")
        lines.append(f"  Nye år: {', '.join(r['new_years']) or 'ingen'}")
        lines.append(f"  {r['changed']} verdier er annerledes: {r['added']} nye, {r['modified']} endret, "
                     f"{r['removed']} finnes ikke lenger")
        if r["units_added_count"]:
            lines.append(f"  Koder som er nye: {_list(r['units_added'], r['units_added_count'])}")
        if r["units_missing_count"]:
            lines.append(f"  Koder som mangler nå: {_list(r['units_missing'], r['units_missing_count'])}")
        if r["pre_2024_codes"]:
            lines.append(f"  {len(r['pre_2024_codes'])} koder fra før 2024 gir seriene bakover i tid")
        if r["left_out_codes_count"]:
            lines.append(f"  Utelatt (koder fra før 2019 som Legekart ikke kan plassere): "
                         f"{_list(list(r['left_out_codes']), r['left_out_codes_count'])}")
        if r["left_out_years"]:
            lines.append(f"  Utelatte år: {', '.join(r['left_out_years'])}")
    else:
        lines.append(f"SSB table {r['table']}, retrieved {r['retrieved'][:10]}: {r['units']} municipalities, "
                     f"years {r['years'][0]}–{r['years'][-1]}." if r["years"] else f"SSB table {r['table']}: no years.")
        lines.append(f"Compared with {kind} (retrieved {when}):" if when else f"Compared with {kind}:")
        lines.append(f"  New years: {', '.join(r['new_years']) or 'none'}")
        lines.append(f"  {r['changed']} values differ: {r['added']} new, {r['modified']} changed, {r['removed']} gone")
        if r["units_added_count"]:
            lines.append(f"  Codes added: {_list(r['units_added'], r['units_added_count'])}")
        if r["units_missing_count"]:
            lines.append(f"  Codes missing now: {_list(r['units_missing'], r['units_missing_count'])}")
        if r["pre_2024_codes"]:
            lines.append(f"  {len(r['pre_2024_codes'])} codes from before 2024 carry the series back in time")
        if r["left_out_codes_count"]:
            lines.append(f"  Left out (codes from before 2019 Legekart cannot place): "
                         f"{_list(list(r['left_out_codes']), r['left_out_codes_count'])}")
        if r["left_out_years"]:
            lines.append(f"  Years left out: {', '.join(r['left_out_years'])}")
    return "\n".join(lines)
