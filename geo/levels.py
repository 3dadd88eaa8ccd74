"""The administrative levels Legekart maps, and the constants every module agrees on."""

from __future__ import annotations

from dataclasses import dataclass

#: All bundled geometry is stored and drawn in ETRS89 / UTM zone 33N, Norway's
#: national map projection, so areas and scale bars are in metres.
CRS = "EPSG:25833"

#: The boundary vintage of the bundled geometry (Kartverket 2020).
BOUNDARY_VINTAGE = "2020"


@dataclass(frozen=True)
class Level:
    id: str
    name_nb: str
    name_en: str
    parent: str | None


KOMMUNE = Level("kommune", "Kommune", "Municipality", "fylke")
FYLKE = Level("fylke", "Fylke", "County", "helseregion")
HELSEREGION = Level("helseregion", "Helseregion (RHF)", "Health region (RHF)", None)
HELSEFORETAK = Level("helseforetak", "Helseforetaksområde (HF)", "Health-trust area (HF)", "helseregion")

#: Map levels in drill-down order.
LEVELS: dict[str, Level] = {lv.id: lv for lv in (KOMMUNE, FYLKE, HELSEREGION, HELSEFORETAK)}

#: Pseudo-level for national values (context only, never drawn as a polygon).
LAND = "land"
LAND_CODE = "NO"


def level(level_id: str) -> Level:
    try:
        return LEVELS[level_id]
    except KeyError:
        raise ValueError(
            f"unknown level {level_id!r}; choose one of {', '.join(LEVELS)}"
        ) from None
