"""Errors of the projection model that a user can cause (reported in one line)."""

from __future__ import annotations


class ProjectionError(ValueError):
    """Base class: bad scenario, unusable key or unknown region."""


class ScenarioError(ProjectionError):
    """A bad scenario key or value."""


class KeyBuildError(ProjectionError):
    """A distribution key that cannot be built (unknown id, no values)."""


class UnknownRegion(ProjectionError):
    """No unit with that level and code."""
