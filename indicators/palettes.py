"""Colour palettes: ColorBrewer sequential ramps and colour-blind-safe categories.

Sequential ramps come from ColorBrewer (via ``branca``, already a folium
dependency) so we do not keep our own colour tables. The traffic-light scheme has
a variant for red-green colour blindness that swaps green for blue (Okabe–Ito
colours), which stays distinct under deuteranopia.
"""

from __future__ import annotations

from functools import cache, lru_cache

#: ColorBrewer sequential ramps offered in the UI
SEQUENTIAL = ("YlOrRd", "OrRd", "Reds", "PuRd", "YlGnBu", "Blues", "PuBu", "Purples", "Greens", "Greys")

#: Fill for units without data: a neutral grey drawn with a hatch, never in a ramp.
NO_DATA = "#dcdcdc"
NO_DATA_HATCH = "#b0b0b0"

#: Category colours keyed by palette id, then class key.
CATEGORICAL: dict[str, dict[str, str]] = {
    "trafikklys": {
        "gronn": "#1a9641", "gul": "#f2d43b", "rod": "#d7191c", "ikke_svart": "#ffffff",
    },
    # deuteranopia-safe: blue / yellow / vermillion (Okabe & Ito 2008)
    "trafikklys_fargeblind": {
        "gronn": "#0072b2", "gul": "#f0e442", "rod": "#d55e00", "ikke_svart": "#ffffff",
    },
    "ks": {
        "ikke": "#fef0d9", "litt": "#fdcc8a", "ganske": "#fc8d59", "meget": "#d7301f", "vet_ikke": "#ffffff",
    },
}

#: Which categorical palette each scheme uses by default, and its colour-blind twin.
SCHEME_PALETTES = {
    "rekruttering_status": ("trafikklys", "trafikklys_fargeblind"),
    "ks_rekruttering": ("ks", "ks"),
}


@lru_cache(maxsize=1)
def _brewer_schemes() -> dict:
    """ColorBrewer's scheme table as shipped in branca, read without importing branca
    (its import pulls in jinja2 and costs ~0.15 s of start-up)."""
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("branca")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("branca (installed with folium) is needed for its colour schemes")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return json.loads((folder / "_schemes.json").read_text(encoding="utf-8"))


@cache
def sequential(name: str, k: int) -> tuple[str, ...]:
    """k colours of a ColorBrewer ramp, light to dark."""
    if not 2 <= k <= 9:
        raise ValueError("between 2 and 9 classes")
    if name not in SEQUENTIAL and name not in ("YlGn", "YlOrBr", "BuPu", "GnBu", "RdPu"):
        raise ValueError(f"unknown ColorBrewer ramp {name!r}")
    colours = _brewer_schemes().get(f"{name}_{max(k, 3):02d}")
    if colours is None:  # fall back to branca's interpolation for sizes the table lacks
        from branca.utilities import color_brewer

        colours = color_brewer(name, max(k, 3))
    if k < 3:  # ColorBrewer starts at 3: take the ends of the 3-class ramp
        colours = [colours[0], colours[-1]][:k]
    return tuple(c.lower() for c in colours[:k])


#: ColorBrewer diverging ramps (the change map: falling ↔ rising around zero)
DIVERGING = ("RdBu", "PuOr", "BrBG")


@cache
def diverging(name: str, k: int) -> tuple[str, ...]:
    """k colours (3–11) of a ColorBrewer diverging ramp, first end to second end."""
    if name not in DIVERGING or not 3 <= k <= 11:
        raise ValueError(f"unknown diverging ramp {name!r} or size {k}")
    return tuple(c.lower() for c in _brewer_schemes()[f"{name}_{k:02d}"])


def reverse(colours: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(reversed(colours))


def categorical(scheme_id: str, colour_blind: bool = False) -> dict[str, str]:
    normal, safe = SCHEME_PALETTES.get(scheme_id, ("trafikklys", "trafikklys_fargeblind"))
    return dict(CATEGORICAL[safe if colour_blind else normal])
