"""Observation rows of the municipalities' reference attributes: population and centrality.

Population (SSB 07459, 1 January 2015–2020) is given on 2020 borders and reaches the
2024 map through :mod:`indicators.map_rows` (Ålesund/Haram have none there: the 2020
unit was divided). SSB's centrality classes and index exist for the 2020 and the 2024
codes alike (KLASS 128), so each map gets its own, and they are not summed.
"""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd

from geo.crosswalk import municipality_codes
from geo.levels import MAP_VINTAGES
from indicators.bundle import CENTRALITY_CSV, POPULATION_CSV
from indicators.catalogue import Catalogue
from indicators.map_rows import on_both_maps
from indicators.observations import normalise


def population_rows(catalogue: Catalogue) -> pd.DataFrame:
    names = municipality_codes("2020")
    records = []
    with POPULATION_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code = row["municip_code"].zfill(4)
            for year, value in row.items():
                if year == "municip_code" or not value:
                    continue
                records.append({
                    "indicator": "folketall", "level": "kommune", "vintage": "2020", "code": code,
                    "unit_name": names.get(code, ""), "period": year, "category": "", "value": float(value),
                    "numerator": float(value), "source": "ssb-07459", "table": "07459",
                    "seed_lines": f"1. januar {year}, sum over alder", "approximate": False, "derived": False,
                    "note": "", "origin": "ssb",
                })
    native = normalise(pd.DataFrame(records))
    return on_both_maps(native, "2020", catalogue)


def centrality_rows() -> pd.DataFrame:
    records = []
    with CENTRALITY_CSV.open(encoding="utf-8") as f:
        table = {r["code"].zfill(4): r for r in csv.DictReader(f)}
    for vintage in MAP_VINTAGES:
        for code, name in municipality_codes(vintage).items():
            r = table.get(code)
            base = {"level": "kommune", "vintage": vintage, "code": code, "unit_name": name, "period": "2020",
                    "source": "ssb-klass-128", "table": "KLASS 128", "approximate": False, "derived": False,
                    "origin": "ssb"}
            if r is None:
                records.append(dict(base, indicator="sentralitet_klasse", category="", value=np.nan,
                                    note="no centrality class for this code in the transcribed KLASS 128 file"))
                continue
            records.append(dict(base, indicator="sentralitet_klasse", category=str(int(r["class"])),
                                value=np.nan, seed_lines=f"kode {code}: klasse {r['class']}", note=""))
            records.append(dict(base, indicator="sentralitetsindeks", category="", value=float(r["index"]),
                                seed_lines=f"kode {code}: indeks {r['index']}", note=""))
    return normalise(pd.DataFrame(records))


def reference_rows(catalogue: Catalogue) -> pd.DataFrame:
    return normalise(pd.concat([population_rows(catalogue), centrality_rows()], ignore_index=True))
