"""All bundled observations in one frame: seed tables, SSB statistics, reference attributes.

Why a cache: the SSB rows and the reference rows are derived from their vendored
sources at run time (so a planner's SSB update goes through exactly the same code),
which takes about two seconds; the derived frame is kept in the user's cache folder
under a key made of the sources' and the deriving code's hashes, so it is rebuilt
only when one of them changes.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from indicators.columns import Columns

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
SOURCES = HERE.parent / "data" / "sources"
#: the vendored SSB files behind the reference rows (:mod:`indicators.reference_rows`)
POPULATION_CSV = SOURCES / "population-2020" / "population_b2020_2015_2020.csv"
CENTRALITY_CSV = SOURCES / "centrality" / "sentralitet_klass_TRANSCRIBED_2020_2024codes.csv"
#: code whose change must invalidate the cache
_CODE = [HERE / n for n in ("bundle.py", "columns.py", "map_rows.py", "aggregate.py", "observations.py",
                            "reference_rows.py", "ssb/derive.py", "ssb/bundled.py", "ssb/snapshot.py", "ssb/store.py")]


def _inputs() -> tuple[list[Path], object]:
    from indicators.catalogue import CATALOGUE_FILES
    from indicators.observations import OBSERVATIONS_CSV
    from indicators.ssb.bundled import FASTLEGE_JSON
    from indicators.ssb.snapshot import user_snapshot_path

    # applied updates of 12005 and 07459 (a damaged one is read, refused, and keyed too)
    updates = [p for p in (user_snapshot_path("12005"), user_snapshot_path("07459")) if p.is_file()]
    ssb = [FASTLEGE_JSON, *updates]
    return [OBSERVATIONS_CSV, *CATALOGUE_FILES, *ssb, POPULATION_CSV, CENTRALITY_CSV, *_CODE], ssb


def build() -> pd.DataFrame:
    """Derive the frame from the sources (no cache)."""
    import pandas as pd

    from indicators.catalogue import bundled as bundled_catalogue
    from indicators.observations import normalise, read_seed_rows
    from indicators.reference_rows import reference_rows
    from indicators.ssb.derive import observations as ssb_observations
    from indicators.ssb.derive import population_observations
    from indicators.ssb.store import in_use

    catalogue = bundled_catalogue()
    snapshot = in_use("12005").snapshot  # the planner's update when there is a readable one
    if snapshot is None:  # in_use falls back to the bundled snapshot, which the package always carries
        raise FileNotFoundError("the bundled SSB table 12005 snapshot is missing from the installation")
    parts = [read_seed_rows(), ssb_observations(snapshot, catalogue), reference_rows(catalogue)]
    population = in_use("07459")
    if population.kind == "user" and population.snapshot is not None:  # SSB's population from 2021 on
        parts.append(population_observations(population.snapshot, catalogue))
    return normalise(pd.concat(parts, ignore_index=True))


def bundled_columns() -> Columns:
    """The rows, from the cache when its key matches, else built and cached.

    Cached as numpy columns (not a pickled DataFrame), so reading them needs no pandas."""
    from geo.disk_cache import cached, key_of

    paths, _ = _inputs()
    return cached("observation-columns", key_of(paths, "columns"),
                  lambda: Columns.from_frame(build()), kind=Columns)
