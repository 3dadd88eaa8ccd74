"""``main.py info [--json]``: levels and indicators with periods and sources."""

from __future__ import annotations

import argparse
import json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("info", help="levels, indicators, periods and sources")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def info_dict() -> dict:
    from geo.gazetteer import gazetteer
    from geo.levels import LEVELS
    from indicators.session import Session

    gaz = gazetteer()
    session = Session()
    obs = session.observations
    indicators = []
    for ind in session.catalogue:
        indicators.append(
            {
                "id": ind.id,
                "name_nb": ind.name_nb,
                "name_en": ind.name_en,
                "theme": ind.theme,
                "kind": ind.kind,
                "unit": ind.unit,
                "levels": obs.levels(ind.id),
                "periods": obs.periods(ind.id),
                "vintages": obs.vintages(ind.id),
                "sources": [
                    {"id": sid, "title": session.catalogue.sources[sid].citation()}
                    if sid in session.catalogue.sources else {"id": sid}
                    for sid in (ind.sources or tuple(obs.sources(ind.id)))
                ],
                "approximate_values": bool(
                    obs.frame.loc[obs.frame["indicator"] == ind.id, "approximate"].any()
                ),
            }
        )
    return {
        "levels": {lv: len(gaz.level_units(lv)) for lv in LEVELS},
        "boundaries": "Kartverket 2020 (CC BY 4.0)",
        "indicators": indicators,
    }


def run(args: argparse.Namespace) -> int:
    data = info_dict()
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    print("Levels: " + ", ".join(f"{k} {v}" for k, v in data["levels"].items()))
    for ind in data["indicators"]:
        print(f"{ind['id']:45s} {','.join(ind['levels']):40s} {','.join(ind['periods'])}")
    return 0
