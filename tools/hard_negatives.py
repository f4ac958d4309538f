"""Hard negatives that never answer the query, the parser's reading of each query, teacher rewordings.

A near-miss product becomes a hard negative only when it breaks at least one constraint of the query
(`TrainingPair.constraints`), so a "negative" is never in fact a right answer.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from convrec.tools.catalog import Product
from convrec.tools.constraints import Constraint
from convrec.tools.pair_check import ConstraintCheck
from convrec.tools.training_pairs import TrainingPair


def add_parsed(
    pairs: Sequence[TrainingPair], parse: Callable[[str], list[Constraint]], catalog: dict[str, Product]
) -> int:
    """Add what the parser reads from each query; returns how many parsed constraints the positive broke."""
    disagreements = 0
    for pair in pairs:
        for c in parse(pair.query):
            if c.satisfied_by(catalog[pair.positive]):
                pair.constraints.append(c)
            else:  # the parser misread a generated query; serving would filter the positive out too
                disagreements += 1
    return disagreements


def mine_negatives(
    pairs: Sequence[TrainingPair],
    catalog: dict[str, Product],
    ranked: Callable[[TrainingPair], list[str]],
    check: ConstraintCheck,
    exclude: set[str],
    seed: int = 0,
    pick_from: int = 3,
) -> int:
    """Give each pair one hard negative: a near miss that breaks at least one of its constraints."""
    rng = random.Random(seed + 2)
    found = 0
    for pair in pairs:
        positive = catalog[pair.positive]
        ok = []
        for pid in dict.fromkeys([*pair.near, *ranked(pair)]):
            other = catalog.get(pid)
            if other is None or pid == pair.positive or pid in exclude:
                continue
            if other.embedding_text() == positive.embedding_text() or check.satisfies(
                other, pair.constraints
            ):
                continue  # a duplicate or a product that answers the query too: never a negative
            ok.append(pid)
            if len(ok) >= pick_from:
                break
        if ok:
            pair.negatives = [ok[0] if pair.near and ok[0] in pair.near else rng.choice(ok)]
            found += 1
    return found


def paraphrased(
    pairs: Sequence[TrainingPair], paraphrase: Callable[[str], str | None], limit: int, seed: int = 0
) -> list[TrainingPair]:
    """Extra pairs from a teacher model's rewordings; each keeps the constraints of its source."""
    out = []
    for pair in random.Random(seed + 3).sample(list(pairs), min(limit, len(pairs))):
        text = (paraphrase(pair.query) or "").strip().strip('"')
        if text and text.lower() != pair.query.lower() and len(text) < 300:
            out.append(
                TrainingPair(text, pair.positive, "paraphrase", "paraphrase/llm", list(pair.constraints))
            )
    return out


def near_misses(
    index: Any, catalog: dict[str, Product], pairs: Sequence[TrainingPair]
) -> Callable[[TrainingPair], list[str]]:
    """Candidate negatives for a query: its BM25 hits, its positive's nearest vectors, its category.

    `index` is a CatalogIndex (ids, matrix, row_of and lexical aligned row by row).
    """
    rows = sorted({index.row_of[p.positive] for p in pairs if p.positive in index.row_of})
    nearest: dict[str, list[str]] = {}
    for start in range(0, len(rows), 512):  # one matrix product per chunk: per-row BLAS calls crawl
        chunk = rows[start : start + 512]
        scores = index.matrix[chunk] @ index.matrix.T
        top = np.argpartition(-scores, min(16, scores.shape[1] - 1), axis=1)[:, :16]
        for i, (row, best) in enumerate(zip(chunk, top, strict=True)):
            nearest[index.ids[row]] = [index.ids[int(j)] for j in best[np.argsort(-scores[i][best])]]
    by_category: dict[str, list[str]] = {}
    for pid, p in catalog.items():
        by_category.setdefault(p.leaf_category, []).append(pid)

    def ranked(pair: TrainingPair) -> list[str]:
        lexical = index.lexical.scores(pair.query)
        top = np.argpartition(-lexical, min(15, len(lexical) - 1))[:15]
        hits = [index.ids[int(i)] for i in top[np.argsort(-lexical[top])] if lexical[i] > 0]
        return hits + nearest.get(pair.positive, []) + by_category[catalog[pair.positive].leaf_category][:10]

    return ranked
