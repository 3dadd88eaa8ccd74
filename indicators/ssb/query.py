"""The json-stat2 queries Legekart POSTs to SSB's PxWebApi (v0), one per table it updates.

Why these selections: region and year use the wildcard filter ``all``/``*`` so a new
KOSTRA year and the codes valid before the 2024 reform come back without Legekart
listing them (an ``item`` list naming a code the table lacks makes SSB refuse the
whole query). Variables are listed by ContentsCode: the 18 of table 12005 that the
bundled snapshot holds (after FemtiGram/kart's query), and the population count of
07459, whose age and sex dimensions are left out of the query so SSB returns their
total (PxWeb "elimination").
"""

from __future__ import annotations

from dataclasses import dataclass

#: ContentsCode -> (label, unit) of table 12005 "Fastlegeordningen – nøkkeltall" (KOSTRA)
VARIABLES_12005: dict[str, tuple[str, str]] = {
    "KOSantallavtaler0001": ("Antall fastlegeavtaler", "antall"),
    "KOSantallpasient0000": ("Pasienter på liste med lege", "antall"),
    "KOSantallavtaler0000": ("Fastlegelister uten lege", "antall"),
    "KOSantallpasient0001": ("Pasienter på liste uten lege", "antall"),
    "KOSandelpasiente0000": ("Andel pasienter på liste uten lege", "prosent"),
    "KOSaapnelister0000": ("Antall åpne fastlegelister", "antall"),
    "KOSgjsnlisteleng0000": ("Gjennomsnittlig listelengde", "antall"),
    "KOSgjsnllkomm0000": ("Gj.sn. listelengde korr. kommunale timer", "antall"),
    "KOSantallkvinnel0000": ("Antall kvinnelige leger", "antall"),
    "KOSandelkvinnele0000": ("Andel kvinnelige leger", "prosent"),
    "KOSkapasitet0000": ("Kapasitet hos fastlegene", "antall"),
    "KOSkapasitetbere0000": ("Beregnet kapasitet", "antall"),
    "KOSreservekapasi0000": ("Ledig kapasitet hos fastlegen", "antall"),
    "KOSkonsultpasien0000": ("Konsultasjoner (bostedskommune)", "antall"),
    "KOSkonsultlegeko0000": ("Konsultasjoner (praksiskommune)", "antall"),
    "KOSkonspasientpr0000": ("Konsultasjoner per person (bosted)", "antall"),
    "KOSkonslegeprper0000": ("Konsultasjoner per person (praksis)", "antall"),
    "KOSantallavtaler0002": ("Avtaler totalt inkl. lister uten lege", "antall"),
}

#: ContentsCode -> (label, unit) of table 07459 "Befolkning, etter region, kjønn, alder og år"
VARIABLES_07459: dict[str, tuple[str, str]] = {"Personer1": ("Personer", "personer")}


@dataclass(frozen=True)
class TableSpec:
    """What Legekart asks of one SSB table and how the answer is read."""

    table: str
    title: str
    region_dim: str
    variables: dict[str, tuple[str, str]]
    first_year: int  # years before this are not kept
    region_vintages: tuple[str, ...]  # municipality code lists whose codes are kept


TABLES: dict[str, TableSpec] = {
    "12005": TableSpec("12005", "Fastlegeordningen – nøkkeltall", "KOKkommuneregion0000", VARIABLES_12005,
                       2015, ("2019", "2020", "2024")),
    # population for 2021 on; codes valid in 2020 are kept too, since SSB files 2021–2023 under them
    "07459": TableSpec("07459", "Befolkning", "Region", VARIABLES_07459, 2021, ("2020", "2024")),
}


def spec(table: str) -> TableSpec:
    from indicators.ssb.errors import SsbError

    try:
        return TABLES[table]
    except KeyError:
        raise SsbError("unknown_table", table=table, known=", ".join(TABLES)) from None


def _sel(code: str, filter_: str, values: list[str]) -> dict:
    return {"code": code, "selection": {"filter": filter_, "values": values}}


def build_query(table: str) -> dict:
    """The POST body for ``{base}/no/table/{table}`` (PxWebApi v0, answer in json-stat2)."""
    s = spec(table)
    if table == "12005":
        query = [
            _sel(s.region_dim, "all", ["*"]),
            _sel("ContentsCode", "item", list(s.variables)),
            _sel("Tid", "all", ["*"]),
        ]
    else:  # 07459: every region, the population count, years from 2020 on (2020 is dropped on reading)
        query = [
            _sel(s.region_dim, "all", ["*"]),
            _sel("ContentsCode", "item", list(s.variables)),
            _sel("Tid", "all", ["202*", "203*"]),
        ]
    return {"query": query, "response": {"format": "json-stat2"}}
