"""Benchmarks: timings live here, not in the tests. Run ``python -m bench``."""
