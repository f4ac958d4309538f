"""Metrics checked against values worked out by hand (the arithmetic is in the comments)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from convrec.eval import metrics
from convrec.tools.catalog import Product
from convrec.tools.constraints import Constraint

RANKED = ["a", "b", "c", "d", "e"]
RELEVANT = {"b", "d"}  # relevant at ranks 2 and 4


def test_ndcg_with_relevant_at_ranks_2_and_4() -> None:
    # DCG = 1/log2(2+1) + 1/log2(4+1) = 0.63093 + 0.43068 = 1.06161
    # ideal: relevant at ranks 1 and 2 -> 1/log2(2) + 1/log2(3) = 1 + 0.63093 = 1.63093
    assert metrics.dcg_at_k(RANKED, RELEVANT, 5) == pytest.approx(1.06161, abs=1e-5)
    assert metrics.ndcg_at_k(RANKED, RELEVANT, 5) == pytest.approx(1.06161 / 1.63093, abs=1e-5)
    assert metrics.ndcg_at_k(RANKED, RELEVANT, 5) == pytest.approx(0.65092, abs=1e-5)
    # cut at 3: only rank 2 counts; ideal for k=3 still has both relevant first
    assert metrics.ndcg_at_k(RANKED, RELEVANT, 3) == pytest.approx(0.63093 / 1.63093, abs=1e-5)
    assert metrics.ndcg_at_k(["b", "d", "a"], RELEVANT, 3) == pytest.approx(1.0)


def test_ndcg_ideal_is_bounded_by_k() -> None:
    # three relevant ids but k=1: the ideal list holds one, so a hit at rank 1 is perfect
    assert metrics.ndcg_at_k(["x"], {"x", "y", "z"}, 1) == 1.0
    assert metrics.ndcg_at_k(RANKED, set(), 5) == 0.0


def test_hit_mrr_recall() -> None:
    assert metrics.hit_at_k(RANKED, RELEVANT, 1) == 0.0
    assert metrics.hit_at_k(RANKED, RELEVANT, 2) == 1.0
    assert metrics.first_relevant_rank(RANKED, RELEVANT) == 2
    assert metrics.reciprocal_rank(RANKED, RELEVANT) == 0.5
    assert metrics.reciprocal_rank(RANKED, RELEVANT, k=1) == 0.0
    assert metrics.reciprocal_rank(RANKED, {"zz"}) == 0.0
    assert metrics.recall_at_k(RANKED, RELEVANT, 3) == 0.5
    assert metrics.recall_at_k(RANKED, RELEVANT, 4) == 1.0
    # MRR over two queries: ranks 2 and 1 -> (0.5 + 1) / 2
    assert (
        metrics.mean([metrics.reciprocal_rank(RANKED, RELEVANT), metrics.reciprocal_rank(RANKED, {"a"})])
        == 0.75
    )


def test_coverage_counts_products_meeting_every_constraint() -> None:
    products = [
        Product(id="1", title="Desk", price=100.0, brand="Basix"),
        Product(id="2", title="Desk", price=200.0, brand="Kallio"),
        Product(id="3", title="Desk", price=350.0, brand="Basix"),
    ]
    under_300 = Constraint(field="price", op="lt", value=300)
    not_kallio = Constraint(field="brand", op="not_in", values=["kallio"])
    assert metrics.coverage_at_k(products, [under_300], 3) == pytest.approx(2 / 3)
    assert metrics.coverage_at_k(products, [under_300, not_kallio], 3) == pytest.approx(1 / 3)
    assert metrics.coverage_at_k(products, [under_300], 1) == 1.0
    assert metrics.coverage_at_k([], [under_300], 5) is None


def test_intra_list_diversity_is_mean_pairwise_distance() -> None:
    # pairs (0,1)=1, (0,3)=3, (1,3)=2 -> 6/3
    assert metrics.intra_list_diversity([0, 1, 3], lambda a, b: abs(a - b)) == 2.0
    assert metrics.intra_list_diversity([5], lambda a, b: abs(a - b)) == 0.0


def test_success_at_turn_is_cumulative() -> None:
    # four dialogues succeed at turns 1, 3, never, 2
    assert metrics.success_at_turn([1, 3, None, 2], 4) == [0.25, 0.5, 0.75, 0.75]
    assert metrics.success_at_turn([], 2) == [0.0, 0.0]


def test_percentiles_interpolate_like_numpy() -> None:
    # p50 of 1..4 sits halfway between 2 and 3; p95 at position 3*0.95 = 2.85 -> 3 + 0.85
    assert metrics.percentile([4, 1, 3, 2], 50) == 2.5
    assert metrics.percentile([4, 1, 3, 2], 95) == pytest.approx(3.85)
    values = [float(v) for v in np.random.default_rng(0).exponential(10, 101)]
    for q in (50, 95, 99):
        assert metrics.percentile(values, q) == pytest.approx(float(np.percentile(values, q)))
    assert metrics.percentiles([10.0]) == {"p50": 10.0, "p95": 10.0}
    assert metrics.percentiles([]) == {}


def test_bootstrap_interval_is_seeded_and_brackets_the_mean() -> None:
    values = [0.0, 1.0] * 20
    low, high = metrics.bootstrap_interval(values, seed=3)
    assert (low, high) == metrics.bootstrap_interval(values, seed=3)
    assert low < 0.5 < high and low >= 0.0 and high <= 1.0
    assert metrics.bootstrap_interval([0.7, 0.7]) == (pytest.approx(0.7), pytest.approx(0.7))
    assert metrics.bootstrap_interval([]) is None
    assert not math.isnan(high)
