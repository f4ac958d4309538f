"""Train the history model from the interaction log; apart from serving so loading never pulls in scipy."""

from __future__ import annotations

import time
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from convrec.tools.history import HistoryModel
from convrec.tools.history_fit import ProductSource, read_notes
from convrec.tools.interactions import EVENT_WEIGHTS, STRONG_EVENTS, Event


@dataclass
class Sessions:
    """The log as matrices: one row per session, one column per item (scipy CSR)."""

    items: list[str]
    weights: Any  # event-weighted; a rejection that was not overturned by a cart or purchase is negative
    strong: Any  # 1 where the item was carted or bought
    sequences: list[np.ndarray]  # engaged items in time order
    rejected: list[np.ndarray]


def build_sessions(events: Iterable[Event], known: Container[str] | None = None) -> tuple[Sessions, int]:
    """Group events by session; returns the sessions and how many events named unknown items."""
    from scipy import sparse

    by_session: dict[str, list[Event]] = {}
    unknown = 0
    for event in events:
        if known is not None and event.item not in known:
            unknown += 1
        else:
            by_session.setdefault(event.session, []).append(event)
    index: dict[str, int] = {}
    cells: dict[tuple[int, int], float] = {}
    strong_cells: list[tuple[int, int]] = []
    sequences: list[np.ndarray] = []
    rejected: list[np.ndarray] = []
    for row, session in enumerate(by_session.values()):
        best: dict[str, float] = {}
        rejects: set[str] = set()
        for event in sorted(session, key=lambda e: e.ts):
            if event.event == "reject":
                rejects.add(event.item)
            else:
                best[event.item] = max(best.get(event.item, 0.0), event.weight)
        for item in rejects:
            if best.get(item, 0.0) < EVENT_WEIGHTS["cart"]:
                best[item] = EVENT_WEIGHTS["reject"]
        strong = {e.item for e in session if e.event in STRONG_EVENTS}
        for item, weight in best.items():
            col = index.setdefault(item, len(index))
            cells[(row, col)] = weight
            if item in strong:
                strong_cells.append((row, col))
        sequences.append(np.array([index[i] for i, w in best.items() if w > 0], dtype=np.int64))
        rejected.append(np.array([index[i] for i, w in best.items() if w < 0], dtype=np.int64))
    shape = (len(by_session), len(index))

    def matrix(keys: Sequence[tuple[int, int]], values: Sequence[float]) -> Any:
        rows, cols = (np.array(a, dtype=np.int64) for a in zip(*keys, strict=True)) if keys else ([], [])
        return sparse.csr_matrix((np.asarray(values, dtype=np.float64), (rows, cols)), shape=shape)

    weights = matrix(list(cells), list(cells.values()))
    strong_matrix = matrix(strong_cells, [1.0] * len(strong_cells))
    return Sessions(list(index), weights, strong_matrix, sequences, rejected), unknown


def _top_rows(matrix: Any, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Keep the k best positive entries per row (never the diagonal; `allowed[i, j]` via categories)."""
    matrix = matrix.tocsr()
    n = matrix.shape[0]
    idx = np.full((n, k), -1, dtype=np.int32)
    score = np.zeros((n, k), dtype=np.float32)
    for i in range(n):
        cols = matrix.indices[matrix.indptr[i] : matrix.indptr[i + 1]]
        vals = matrix.data[matrix.indptr[i] : matrix.indptr[i + 1]]
        keep = (vals > 0) & (cols != i)
        if allowed is not None:
            keep &= allowed[cols] != allowed[i]
        cols, vals = cols[keep], vals[keep]
        order = np.argsort(-vals, kind="stable")[:k]
        idx[i, : len(order)] = cols[order]
        score[i, : len(order)] = vals[order]
    return idx, score


def itemknn(sessions: Sessions, k: int, shrink: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """Cosine between items' event-weighted session columns; co-rejection pulls items apart."""
    gram = (sessions.weights.T @ sessions.weights).tocoo()
    norms = np.sqrt(np.maximum(gram.diagonal(), 0.0))
    gram.data = gram.data / (norms[gram.row] * norms[gram.col] + shrink)
    return _top_rows(gram, k)


def _lift(binary: Any) -> Any:
    """Shrunk log-lift of two items (or categories) appearing in the same session."""
    binary = (binary > 0).astype(np.float64)
    n = max(int((binary.getnnz(axis=1) > 0).sum()), 1)
    together = (binary.T @ binary).tocoo()
    alone = np.maximum(together.diagonal(), 1.0)
    lift = together.data * n / (alone[together.row] * alone[together.col])
    together.data = np.log1p(lift) * together.data / (together.data + 2.0)
    return together.tocsr()


def complement_lists(sessions: Sessions, categories: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Items carted or bought together across different leaf categories; looser co-engagement counts a quarter."""
    score = _lift(sessions.strong) + 0.25 * _lift(sessions.weights > 0)
    return _top_rows(score, k, allowed=categories)


def category_links(
    sessions: Sessions, categories: list[str], top: int = 12
) -> dict[str, list[tuple[str, float]]]:
    """Which leaf categories are carted or bought together (engaged with, when nothing was bought)."""
    from scipy import sparse

    names = sorted(set(categories) - {""})
    code = {c: j for j, c in enumerate(names)}
    rows = [i for i, c in enumerate(categories) if c in code]
    onehot = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, [code[categories[i]] for i in rows])), shape=(len(categories), len(names))
    )
    links: dict[str, list[tuple[str, float]]] = {}
    for basis in (sessions.strong, (sessions.weights > 0).astype(np.float64)):
        per_session = basis @ onehot
        if ((per_session > 0).getnnz(axis=1) > 1).sum() == 0:
            continue  # no session touched two categories this way
        idx, score = _top_rows(_lift(per_session), top)
        for c, (row_idx, row_score) in enumerate(zip(idx, score, strict=True)):
            pairs = [
                (names[j], round(float(s), 4)) for j, s in zip(row_idx, row_score, strict=True) if j >= 0
            ]
            if pairs:
                links[names[c]] = pairs
        break
    return links


def train(
    events: Iterable[Event],
    catalog: ProductSource,
    kind: str = "itemknn",
    k: int = 50,
    show_progress: bool = False,
    seed: int = 0,
) -> HistoryModel:
    """Learn neighbour, complement and category lists from the log; `kind` picks the neighbour model."""
    from tqdm import tqdm

    started = time.perf_counter()
    events = list(events)
    with tqdm(total=4, desc="history", unit="step", disable=not show_progress) as bar:
        notes = read_notes(catalog)
        sessions, unknown = build_sessions(events, known=notes if notes else None)
        bar.update()
        n = len(sessions.items)
        empty = (np.zeros((n, 0), np.int32), np.zeros((n, 0), np.float32))
        if kind == "itemknn":
            similar = itemknn(sessions, k)
        elif kind == "item2vec":
            similar = item2vec(sessions, k, seed=seed, show_progress=show_progress)
        elif kind == "popularity":
            similar = empty
        else:
            raise ValueError(f"unknown history model {kind!r}; use itemknn, item2vec or popularity")
        bar.update()
        leaf = [notes[i].category if i in notes else "" for i in sessions.items]
        codes = np.unique(np.array(leaf, dtype=object), return_inverse=True)[1] if n else np.zeros(0, int)
        complements = complement_lists(sessions, codes, k) if kind != "popularity" else empty
        bar.update()
        links = category_links(sessions, leaf)
        bar.update()
    liked = np.asarray(sessions.weights.maximum(0).sum(axis=0)).ravel()
    net = np.asarray(sessions.weights.sum(axis=0)).ravel()
    stats = {
        "events": len(events),
        "unknown_item_events": unknown,
        "sessions": sessions.weights.shape[0],
        "items_covered": int((liked > 0).sum()),
        "catalog_products": len(notes),
        "seconds": round(time.perf_counter() - started, 2),
    }
    return HistoryModel(
        kind,
        notes,
        sessions.items,
        similar_idx=similar[0],
        similar_score=similar[1],
        complement_idx=complements[0],
        complement_score=complements[1],
        popularity={i: float(np.log1p(v)) for i, v in zip(sessions.items, liked, strict=True) if v > 0},
        category_links=links,
        stats=stats,
        disliked={i for i, v in zip(sessions.items, net, strict=True) if v < 0},
        catalog=catalog,
    )


def item2vec(
    sessions: Sessions,
    k: int,
    dim: int = 48,
    window: int = 10,
    epochs: int = 5,
    negatives: int = 5,
    lr: float = 0.5,
    batch: int | None = None,
    seed: int = 0,
    show_progress: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Skip-gram with negative sampling over sessions (item2vec); rejected items are extra negatives."""
    from scipy import sparse
    from tqdm import tqdm

    rng = np.random.default_rng(seed)
    n = len(sessions.items)
    centre: list[np.ndarray] = []
    context: list[np.ndarray] = []
    label: list[np.ndarray] = []
    for seq, bad in zip(sessions.sequences, sessions.rejected, strict=True):
        for offset in range(1, min(window, len(seq) - 1) + 1):
            centre += [seq[:-offset], seq[offset:]]
            context += [seq[offset:], seq[:-offset]]
            label += [np.ones(2 * (len(seq) - offset), np.float32)]
        if len(bad) and len(seq):
            centre.append(np.repeat(seq, len(bad)))
            context.append(np.tile(bad, len(seq)))
            label.append(np.zeros(len(seq) * len(bad), np.float32))
    empty = np.zeros(0, np.int64)
    centres, contexts = np.concatenate([*centre, empty]), np.concatenate([*context, empty])
    labels = np.concatenate([*label, empty.astype(np.float32)])
    counts = np.bincount(np.concatenate([*sessions.sequences, empty]), minlength=n)
    noise = np.cumsum(counts**0.75) / max(float((counts**0.75).sum()), 1e-9)
    w_in = ((rng.random((n, dim)) - 0.5) / dim).astype(np.float32)
    w_out = np.zeros((n, dim), dtype=np.float32)

    def scatter(target: np.ndarray, rows: np.ndarray, updates: np.ndarray) -> None:
        # summing rows through a sparse product is ~15x faster than np.add.at
        ones = np.ones(len(rows), np.float32)
        summed = sparse.csr_matrix((ones, (rows, np.arange(len(rows)))), shape=(n, len(rows))) @ updates
        # an item's update is the mean of its gradients in the batch: summed, popular items blow up
        target += summed / np.maximum(np.bincount(rows, minlength=n), 1)[:, None]

    # small logs need small batches to get enough updates; the mean-per-item update keeps big ones stable
    batch = batch or int(np.clip(len(centres) // 250, 256, 2048))
    steps, step = max(1, epochs * -(-len(centres) // batch)), 0
    for _ in tqdm(range(epochs if len(centres) else 0), desc="item2vec", disable=not show_progress):
        order = rng.permutation(len(centres))
        for at in range(0, len(order), batch):
            rate = lr * max(0.02, 1.0 - step / steps)
            step += 1
            pick = order[at : at + batch]
            c, o, y = centres[pick], contexts[pick], labels[pick]
            neg = np.minimum(np.searchsorted(noise, rng.random((len(pick), negatives))), n - 1)
            v, u, u_neg = w_in[c], w_out[o], w_out[neg]
            g = (y - _sigmoid((v * u).sum(1))) * rate
            g_neg = -_sigmoid(np.einsum("bd,bnd->bn", v, u_neg)) * rate
            scatter(w_in, c, g[:, None] * u + np.einsum("bn,bnd->bd", g_neg, u_neg))
            outs = np.concatenate([g[:, None] * v, (g_neg[:, :, None] * v[:, None, :]).reshape(-1, dim)])
            scatter(w_out, np.concatenate([o, neg.ravel()]), outs)
    # all vectors share a popularity direction; without removing it every cosine is near 1
    return _cosine_top(w_in - w_in[counts > 0].mean(0), counts > 0, k)


def _cosine_top(vectors: np.ndarray, seen: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The k nearest seen items of every item by cosine, computed in blocks to bound memory."""
    n = len(vectors)
    unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    idx = np.full((n, k), -1, dtype=np.int32)
    score = np.zeros((n, k), dtype=np.float32)
    for at in range(0, n, 512):
        sims = unit[at : at + 512] @ unit.T
        sims[:, ~seen] = -1.0
        sims[np.arange(len(sims)), np.arange(at, at + len(sims))] = -1.0
        top = np.argsort(-sims, axis=1)[:, :k]
        best = np.take_along_axis(sims, top, axis=1)
        width = top.shape[1]
        idx[at : at + len(sims), :width] = np.where(best > 0, top, -1)
        score[at : at + len(sims), :width] = np.maximum(best, 0)
    return idx, score


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -10, 10)))
