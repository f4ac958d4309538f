"""Ranking and recommendation metrics as pure functions over ids, so each can be checked by hand.

Relevance is binary (an id is relevant or not). Cut-offs count ranks from 1. Functions that are
undefined for an input (coverage of an empty list, a percentile of nothing) return None rather
than a number that would quietly pull an average.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Sequence
from itertools import combinations
from typing import TypeVar

from convrec.tools.catalog import Product
from convrec.tools.constraints import Constraint, satisfies_all

T = TypeVar("T")


def first_relevant_rank(ranked: Sequence[str], relevant: Collection[str]) -> int | None:
    """Rank (1-based) of the first relevant id, or None when none is listed."""
    return next((rank for rank, item in enumerate(ranked, start=1) if item in relevant), None)


def hit_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """1.0 when any relevant id is in the top k."""
    return 1.0 if any(item in relevant for item in ranked[:k]) else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: Collection[str], k: int | None = None) -> float:
    """1 / rank of the first relevant id within the top k (0 when none); its mean is MRR."""
    rank = first_relevant_rank(ranked[:k] if k else ranked, relevant)
    return 1.0 / rank if rank else 0.0


def recall_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """Share of the relevant ids that appear in the top k."""
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & set(relevant)) / len(set(relevant))


def dcg_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    return sum(1.0 / math.log2(rank + 1) for rank, item in enumerate(ranked[:k], start=1) if item in relevant)


def ndcg_at_k(ranked: Sequence[str], relevant: Collection[str], k: int) -> float:
    """DCG of the list over the DCG of an ideal list (all relevant ids first), binary gains."""
    ideal = sum(1.0 / math.log2(rank + 1) for rank in range(1, min(len(set(relevant)), k) + 1))
    return dcg_at_k(ranked, relevant, k) / ideal if ideal else 0.0


def coverage_at_k(products: Sequence[Product], constraints: Sequence[Constraint], k: int) -> float | None:
    """Share of the top k products that satisfy every hard constraint; None for an empty list."""
    top = list(products[:k])
    if not top:
        return None
    return sum(satisfies_all(p, list(constraints)) for p in top) / len(top)


def intra_list_diversity(items: Sequence[T], distance: Callable[[T, T], float]) -> float:
    """Mean pairwise distance within one list (0 for fewer than two items)."""
    pairs = list(combinations(items, 2))
    return sum(distance(a, b) for a, b in pairs) / len(pairs) if pairs else 0.0


def success_at_turn(turns_to_success: Sequence[int | None], max_turn: int) -> list[float]:
    """Share of dialogues that had succeeded by turn 1..max_turn (None: never succeeded)."""
    total = len(turns_to_success)
    if not total:
        return [0.0] * max_turn
    return [
        sum(1 for t in turns_to_success if t is not None and t <= turn) / total
        for turn in range(1, max_turn + 1)
    ]


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def percentiles(values: Sequence[float], qs: Sequence[int] = (50, 95)) -> dict[str, float]:
    """{"p50": .., "p95": ..}; empty when there are no values."""
    return {f"p{q}": v for q in qs if (v := percentile(values, q)) is not None}


def bootstrap_interval(
    values: Sequence[float], seed: int = 0, resamples: int = 1000, level: float = 0.95
) -> tuple[float, float] | None:
    """Percentile bootstrap interval of the mean: how much a score moves with the queries drawn."""
    if not values:
        return None
    import numpy as np

    data = np.asarray(values, dtype=np.float64)
    draws = np.random.default_rng(seed).integers(0, len(data), (resamples, len(data)))
    means = data[draws].mean(axis=1)
    tail = (1 - level) / 2 * 100
    return float(np.percentile(means, tail)), float(np.percentile(means, 100 - tail))


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None
