"""Maximal marginal relevance: keep the list relevant without showing five colours of one model."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def mmr(
    ids: Sequence[str], scores: Sequence[float], vectors: np.ndarray, k: int, relevance: float = 0.75
) -> list[str]:
    """Pick k ids greedily by relevance minus similarity to what is already picked."""
    if len(ids) <= 1 or k <= 0:
        return list(ids[:k])
    rel = np.asarray(scores, dtype=np.float64)
    spread = rel.max() - rel.min()
    rel = (rel - rel.min()) / spread if spread > 0 else np.ones_like(rel)
    sims = vectors @ vectors.T
    chosen = [int(np.argmax(rel))]
    while len(chosen) < min(k, len(ids)):
        redundancy = sims[:, chosen].max(axis=1)
        value = relevance * rel - (1 - relevance) * redundancy
        value[chosen] = -np.inf
        chosen.append(int(np.argmax(value)))
    return [ids[i] for i in chosen]
