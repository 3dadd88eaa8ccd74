"""Keys of a boundary layer the planner imported: its own codes and names, no years, no crosswalk."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from geo.names import fold
from indicators.importer.key_results import KeyResult, Match, Resolution, VintageInfo, _name_queries
from indicators.importer.keys import clean_text, split_key
from indicators.importer.messages import Msg
from indicators.importer.units import TOTAL_KEYS


@dataclass
class LayerIndex:
    """Codes and names of an imported boundary layer (no years, no crosswalk)."""

    layer_id: str
    names: dict[str, str]
    index: dict[str, set[str]]
    width: int | None  # all codes digits of this length, for zero-padding

    @classmethod
    def from_layer(cls, layer) -> LayerIndex:
        from geo.names import variants

        codes = [str(c) for c in layer.frame["code"]]
        names = {str(c): str(n) for c, n in zip(layer.frame["code"], layer.frame["name"])}
        index: dict[str, set[str]] = {}
        for c, n in names.items():
            for k in variants(n) if n else ():
                index.setdefault(k, set()).add(c)
        widths = {len(c) for c in codes}
        width = widths.pop() if len(widths) == 1 and all(c.isdigit() for c in codes) else None
        return cls(layer.id, names, index, width)


def resolve_layer_keys(texts: Iterable[str], layer: LayerIndex) -> Resolution:
    results: dict[str, KeyResult] = {}
    for t in texts:
        results[t] = resolve_layer_one(t, layer)
    return Resolution(layer.layer_id, VintageInfo("", "high", ""), results, {})


def resolve_layer_one(text: str, layer: LayerIndex) -> KeyResult:
    shown = clean_text(text)
    if not shown:
        return KeyResult(None, Msg("row.blank_key"))
    if shown in layer.names:
        return KeyResult(Match(layer.layer_id, "", shown, layer.names[shown]))
    kt = split_key(shown)
    if kt.code is not None:
        code = kt.code.zfill(layer.width) if layer.width and len(kt.code) <= layer.width else kt.code
        if code in layer.names:
            return KeyResult(Match(layer.layer_id, "", code, layer.names[code]))
    if kt.name:
        for q in _name_queries(kt.name):
            hits = layer.index.get(fold(q), set())
            if len(hits) == 1:
                c = next(iter(hits))
                return KeyResult(Match(layer.layer_id, "", c, layer.names[c]))
            if len(hits) > 1:
                cands = ", ".join(f"{layer.names[h]} {h}" for h in sorted(hits))
                return KeyResult(None, Msg("row.ambiguous_layer", {"key": shown, "candidates": cands}))
    if kt.code is None and fold(kt.name) in TOTAL_KEYS:
        return KeyResult(None, Msg("row.total", {"key": shown}))
    return KeyResult(None, Msg("row.not_in_layer", {"key": shown, "layer": layer.layer_id}))

