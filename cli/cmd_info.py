"""``main.py info [--json]``: levels and indicators with periods and sources."""

from __future__ import annotations

import argparse
import json

from cli.options import DEFAULT_MAP, add_map_option


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("info", help="levels, indicators, periods and sources")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_map_option(p)
    p.set_defaults(func=run)


def info_dict(map_vintage: str = DEFAULT_MAP) -> dict:
    from geo.levels import CREDIT, LEVELS
    from indicators.session import Session

    session = Session(map_vintage=map_vintage)
    gaz = session.gazetteer()
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
                "levels": session.data_levels(ind.id),
                "periods": session.periods(ind.id),
                "vintages": obs.vintages(ind.id),
                "sources": [
                    {"id": sid, "title": session.catalogue.sources[sid].citation()}
                    if sid in session.catalogue.sources else {"id": sid}
                    for sid in (ind.sources or tuple(obs.sources(ind.id)))
                ],
                "approximate_values": bool(
                    obs.frame.loc[obs.frame["indicator"] == ind.id, "approximate"].any()
                ),
                **({"ssb": ind.ssb()} if ind.ssb() else {}),
            }
        )
    return {
        "map": map_vintage,
        "levels": {lv: len(gaz.level_units(lv)) for lv in LEVELS},
        "boundaries": f"Kartverket {map_vintage} (CC BY 4.0)",
        "credit": CREDIT[map_vintage][0],
        "indicators": indicators,
    }


def run(args: argparse.Namespace) -> int:
    data = info_dict(args.map_vintage)
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return 0
    print("Levels: " + ", ".join(f"{k} {v}" for k, v in data["levels"].items()))
    for ind in data["indicators"]:
        print(f"{ind['id']:45s} {','.join(ind['levels']):40s} {','.join(ind['periods'])}")
    return 0
