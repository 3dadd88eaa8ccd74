"""A municipality's kind by SSB's centrality class, for comparing it with the seeds' figures.

The seeds give some figures per SSB centrality class 1-6 (document 001, staffing 2018) and
others per three groups, sentral / mellomsentral / usentral (document 000, the 2021
municipality survey), without saying how the groups map to SSB's six classes. The 6 → 3
mapping below is therefore **Legekart's own assumption**, and every place that uses it
says so (:data:`ASSUMPTION`).
"""

from __future__ import annotations

from indicators.session import Session

#: Legekart's assumption: SSB classes 1-2 sentral, 3-4 mellomsentral, 5-6 usentral
CLASS3 = {"1": "sentral", "2": "sentral", "3": "mellomsentral", "4": "mellomsentral",
          "5": "usentral", "6": "usentral"}
GROUP_NAMES = {"sentral": ("Sentrale kommuner", "Central municipalities"),
               "mellomsentral": ("Mellomsentrale kommuner", "Intermediate municipalities"),
               "usentral": ("Usentrale kommuner", "Peripheral municipalities")}
ASSUMPTION = {
    "nb": ("Legekarts antakelse: SSB-klasse 1–2 = sentral, 3–4 = mellomsentral, 5–6 = usentral. Kilden sier ikke "
           "hvordan den deler inn; med 2020-klassene gir denne inndelingen 7,3 / 33,4 / 59,3 % av de 356 kommunene, "
           "nær de 8 / 34 / 58 % dokument 000 oppgir (linje 1007–1011)."),
    "en": ("Legekart's assumption: SSB classes 1–2 = central, 3–4 = intermediate, 5–6 = peripheral. The source does "
           "not say how it groups them; with the 2020 classes this grouping gives 7.3 / 33.4 / 59.3 % of the 356 "
           "municipalities, close to the 8 / 34 / 58 % document 000 prints (lines 1007–1011)."),
}


def class_of(session: Session, code: str) -> str | None:
    """SSB centrality class ("1".."6") of a municipality on the session's map, if known."""
    rows = session.observations.unit_rows("sentralitet_klasse", "kommune", code, vintage=session.map_vintage)
    return rows[0]["category"] or None if rows else None


def group_of(klass: str | None) -> str | None:
    return CLASS3.get(klass or "")
