"""Held-out products and templates, split off before training sees anything."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from convrec.tools.training_pairs import KINDS, TrainingPair


@dataclass
class PairSplit:
    train: list[TrainingPair]
    heldout_products: list[TrainingPair]  # queries about products training never saw
    heldout_templates: list[TrainingPair]  # queries phrased in ways training never saw
    heldout_ids: set[str]
    heldout_template_ids: set[str]


def split_pairs(
    pairs: Sequence[TrainingPair],
    seed: int = 0,
    product_share: float = 0.1,
    max_eval: int = 300,
    weight: Callable[[TrainingPair], float] | None = None,
) -> PairSplit:
    """Hold out a share of products and one template per kind before training sees anything.

    `weight` tilts the order of training pairs (e.g. towards products of small categories, so a
    catalog that is half phone cases still teaches what a phone is); evaluation sets stay unweighted.
    """
    rng = random.Random(seed + 1)
    ids = sorted({p.positive for p in pairs})
    heldout_ids = set(rng.sample(ids, max(1, int(len(ids) * product_share)))) if len(ids) > 4 else set()
    templates = {k: sorted({p.template for p in pairs if p.kind == k}) for k in KINDS}
    heldout_templates = {rng.choice(t) for t in templates.values() if len(t) >= 2}
    train, by_product, by_template = [], [], []
    for pair in pairs:
        if pair.positive in heldout_ids:
            if pair.template not in heldout_templates:
                by_product.append(pair)
        elif pair.template in heldout_templates:
            by_template.append(pair)
        else:
            train.append(pair)
    return PairSplit(
        balanced(train, len(train), rng, weight),
        balanced(by_product, max_eval, rng),
        balanced(by_template, max_eval, rng),
        heldout_ids,
        heldout_templates,
    )


def balanced(
    pairs: Sequence[TrainingPair],
    limit: int,
    rng: random.Random,
    weight: Callable[[TrainingPair], float] | None = None,
) -> list[TrainingPair]:
    """Shuffle (weighted), then interleave kinds so any prefix, which is what a time budget trains
    on, mixes kinds evenly."""
    keys = [rng.random() ** (1.0 / weight(p)) if weight else rng.random() for p in pairs]
    by_kind: dict[str, list[TrainingPair]] = {}
    for _, pair in sorted(zip(keys, pairs, strict=True), key=lambda kp: kp[0]):
        by_kind.setdefault(pair.kind, []).append(pair)
    out: list[TrainingPair] = []
    while len(out) < limit and any(by_kind.values()):
        for queue in by_kind.values():
            if queue and len(out) < limit:
                out.append(queue.pop())
    return out
