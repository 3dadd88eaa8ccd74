"""Indicators: catalogue, observations, aggregation, classification, projections (no Qt)."""
