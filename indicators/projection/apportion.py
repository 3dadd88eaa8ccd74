"""Whole-number apportionment that keeps sums exact.

Why: planners count doctors in whole persons, and the regional figures must add up
exactly to the national tables (3 622 GPs, 1 399 psychiatrists). Rounding each share
on its own would break that, so every split uses the largest-remainder (Hamilton)
method: floor each quota, then hand the leftover units to the largest remainders.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def largest_remainder(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Split an integer ``total`` in proportion to ``weights``; the parts sum to ``total``.

    Negative totals are split by magnitude and keep their sign. Ties in the
    remainders go to the larger weight, then to the earlier key (deterministic).
    """
    if total != int(total):
        raise ValueError(f"total must be a whole number, got {total!r}")
    total = int(total)
    if any(w < 0 or math.isnan(w) for w in weights.values()):
        raise ValueError("weights must be non-negative numbers")
    wsum = math.fsum(weights.values())
    if total == 0:
        return {k: 0 for k in weights}
    if wsum <= 0:
        raise ValueError("all weights are zero")
    sign, n = (1, total) if total > 0 else (-1, -total)
    keys = list(weights)
    quotas = {k: n * weights[k] / wsum for k in keys}
    out = {k: int(math.floor(quotas[k] + 1e-9)) for k in keys}
    left = n - sum(out.values())
    if left < 0:  # the tolerance above over-counted: fall back to plain floors
        out = {k: int(math.floor(quotas[k])) for k in keys}
        left = n - sum(out.values())
    order = sorted(
        range(len(keys)),
        key=lambda i: (-(quotas[keys[i]] - out[keys[i]]), -weights[keys[i]], i),
    )
    for i in order[:left]:
        out[keys[i]] += 1
    return {k: sign * v for k, v in out.items()}


def spread(total: int, years: int, active: int | None = None) -> list[int]:
    """Spread a whole-number total evenly over the first ``active`` of ``years`` years.

    The remainder goes to the earliest years, so the list sums to ``total`` exactly.
    """
    active = years if active is None else max(1, min(int(active), years))
    parts = largest_remainder(total, {str(i): 1.0 for i in range(active)})
    return [parts[str(i)] for i in range(active)] + [0] * (years - active)


def cumulative(values: Sequence[int]) -> list[int]:
    out, acc = [], 0
    for v in values:
        acc += v
        out.append(acc)
    return out
