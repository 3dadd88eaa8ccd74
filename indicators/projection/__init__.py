"""Regional projections of the need for GPs, psychiatrists and LIS1 positions to 2035.

Public entry points (headless, no Qt)::

    project(session, level, code, topic="fastleger", scenario=None) -> Projection
    project_all(session, scenario, levels=LEVELS) -> {(level, code): Projection}
    Scenario.base(topic) / scenario.parse(topic, ["hours=45", ...]) / Scenario.with_(**values)
    compare(base, custom) -> dict
    hours_factor(current, target), retirement_scale(years, age, base_age)

The national figures are the seeds' (read from data/indicators/projection_inputs.csv);
the split among regions is Legekart's own model and every result says so.
"""

from indicators.projection.errors import KeyBuildError, ProjectionError, ScenarioError, UnknownRegion
from indicators.projection.model import LEVELS, national_components, project, project_all, resolve_region
from indicators.projection.national import TOPICS, hours_factor, list_norm_factor, retirement_scale
from indicators.projection.result import MODEL_NOTE, Projection, compare, summary
from indicators.projection.scenario import Scenario, params, parse

__all__ = [
    "KeyBuildError", "LEVELS", "MODEL_NOTE", "Projection", "ProjectionError", "Scenario", "ScenarioError",
    "TOPICS", "UnknownRegion", "compare", "hours_factor", "list_norm_factor", "national_components", "params",
    "parse", "project", "project_all", "resolve_region", "retirement_scale", "summary",
]
