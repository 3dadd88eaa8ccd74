"""What a project file must hold before it is opened: refuse contradictions, fix the view.

A project is a zip anyone can edit. An imported indicator that reuses a built-in id
would silently hide the bundled one, an observations table with the wrong columns
would open as zero rows, a boundary layer with infinite coordinates would draw
nothing and be saved again as ``Infinity``. Those are refused (the file is damaged).
A view that names a layer or an indicator the project does not have, an impossible
number of classes or an unknown palette is only the window's state: it is put back
to a default and each change is listed, so the planner is told what was fixed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from indicators.catalogue import Indicator
from indicators.view import DEFAULT_INDICATOR, DEFAULT_LEVEL, ViewState

#: columns observations.csv must have (the others default when missing)
REQUIRED_OBSERVATION_COLUMNS = ("indicator", "level", "code", "period", "value")


class Refusal(Exception):
    """A contradiction in the project; ``project_file`` turns it into a ProjectError."""


def check_indicator(ind: Indicator, bundled_ids: set[str]) -> None:
    if ind.id in bundled_ids:
        raise Refusal(f"imported indicator {ind.id!r} has the id of a built-in indicator")


def check_observations(df: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED_OBSERVATION_COLUMNS if c not in df.columns]
    if missing:
        raise Refusal(f"observations.csv lacks the columns {', '.join(missing)}")


def check_layer(layer_id: str, frame) -> None:
    """Coordinates that are finite and lie in or near Norway (EPSG:25833)."""
    from geo.boundary_crs import near_norway

    if frame.empty:
        raise Refusal(f"boundary layer {layer_id!r} has no areas")
    bounds = np.asarray(frame.total_bounds, dtype=float)
    if not np.isfinite(bounds).all():
        raise Refusal(f"boundary layer {layer_id!r} has coordinates that are not finite numbers")
    if not near_norway(bounds):
        raise Refusal(f"boundary layer {layer_id!r} does not lie in or near Norway")


def repair_view(view: ViewState, session) -> list[tuple[str, str]]:
    """Put impossible view settings back to defaults; (English, bokmål) note per change."""
    from geo.levels import LEVELS
    from indicators.classify import MAX_CLASSES, METHODS, MIN_CLASSES
    from indicators.palettes import CATEGORICAL, SEQUENTIAL

    notes: list[tuple[str, str]] = []
    if view.level not in LEVELS and view.level not in session.boundary_layers:
        notes.append((f"the view named the level {view.level!r}, which the project does not have; showing "
                      f"{DEFAULT_LEVEL}", f"Visningen viste nivået «{view.level}», som prosjektet ikke har; "
                      f"viser {DEFAULT_LEVEL}"))
        view.level = DEFAULT_LEVEL
        view.selection = None
    if view.indicator not in session.catalogue:
        notes.append((f"the view named the indicator {view.indicator!r}, which the project does not have; "
                      f"showing {DEFAULT_INDICATOR}", f"Visningen viste indikatoren «{view.indicator}», som "
                      f"prosjektet ikke har; viser {DEFAULT_INDICATOR}"))
        view.indicator = DEFAULT_INDICATOR
        view.period = None
    if view.classes is not None and not MIN_CLASSES <= view.classes <= MAX_CLASSES:
        notes.append((f"the view had {view.classes} classes (possible: {MIN_CLASSES}–{MAX_CLASSES}); using the "
                      "indicator's default", f"Visningen hadde {view.classes} klasser (mulig: "
                      f"{MIN_CLASSES}–{MAX_CLASSES}); bruker indikatorens standard"))
        view.classes = None
    if view.method is not None and view.method not in METHODS:
        notes.append((f"unknown classification {view.method!r}; using the indicator's default",
                      f"Ukjent klassifisering «{view.method}»; bruker indikatorens standard"))
        view.method = None
    if view.palette is not None and view.palette not in SEQUENTIAL and view.palette not in CATEGORICAL:
        notes.append((f"unknown palette {view.palette!r}; using the indicator's default",
                      f"Ukjent fargeskala «{view.palette}»; bruker indikatorens standard"))
        view.palette = None
    if view.extent is not None and not np.isfinite(np.asarray(view.extent, dtype=float)).all():
        notes.append(("the view's map extent was not finite; showing the whole map",
                      "Kartutsnittet var ikke gyldig; viser hele kartet"))
        view.extent = None
    return notes
