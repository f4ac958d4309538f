"""Base vs fine-tuned retriever on queries training never saw: Hit@1/5/10 and MRR, dense and hybrid.

Query sets: generated queries about held-out products, generated queries from held-out templates, and
the hand-written set for the catalog (eval/benchmarks/<catalog>_queries.jsonl) when there is one. Both
models are scored in the same run over the same catalog rows, each with its own product vectors.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from convrec.eval.finetune_report import METHODS, write_report
from convrec.tools.catalog import Product
from convrec.tools.catalog_sql import SqliteCatalog
from convrec.tools.constraints import Constraint
from convrec.tools.embedding import (
    BASE_MODEL_ID,
    Embedder,
    OnnxEmbedder,
    query_model_id,
    trained_dense_weight,
)
from convrec.tools.pair_check import ConstraintCheck
from convrec.tools.query import ParsedQuery, QueryParser
from convrec.tools.retrieval import DENSE_WEIGHT, CatalogIndex, HybridRetriever, Method
from convrec.tools.training_pairs import TrainingPair
from pydantic import BaseModel
from tqdm import tqdm

from convrec.compose import CatalogRuntime, dense_weight, open_catalog
from convrec.settings import Settings

BENCHMARKS = Path(__file__).resolve().parent / "benchmarks"
GENERATED = ("heldout_products", "heldout_templates")
WEIGHT_GRID = (0.4, 0.55, 0.7, 0.85)  # dense share of the fused score tried for each model


class EvalQuery(BaseModel):
    id: str
    query: str
    relevant: list[str]
    kind: str = ""
    source: str = "handwritten"


def load_queries(path: Path, source: str = "handwritten") -> list[EvalQuery]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [EvalQuery.model_validate({"source": source, **row}) for row in rows]


def default_queries(catalog: str) -> Path | None:
    """The hand-written set shipped for a catalog of this name, if any."""
    path = BENCHMARKS / f"{catalog}_queries.jsonl"
    return path if path.exists() else None


class QueryVectors:
    """An embedder whose query vectors are computed in batches up front (one by one is ~10x slower)."""

    def __init__(self, embedder: Embedder, queries: Sequence[str]) -> None:
        self.model_id = embedder.model_id
        self._embedder = embedder
        texts = list(dict.fromkeys(queries))
        self._vectors = dict(zip(texts, embedder.embed_queries(texts), strict=True)) if texts else {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self._embedder.embed(texts)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embedder.embed_queries(texts)

    def embed_query(self, text: str) -> np.ndarray:
        hit = self._vectors.get(text)
        return hit if hit is not None else self._embedder.embed_query(text)


class ParsedOnce(QueryParser):
    """Parses each evaluation query once, however many models, methods and fusion weights rank it."""

    def __init__(self, parser: QueryParser) -> None:
        super().__init__(parser.vocab, parser.evidence)
        self._parsed: dict[str, ParsedQuery] = {}

    def parse(self, raw: str) -> ParsedQuery:
        if raw not in self._parsed:
            self._parsed[raw] = super().parse(raw)
        return self._parsed[raw]


def catalog_vectors(
    facts: SqliteCatalog, embedder: Embedder, cache: Path | None = None, show_progress: bool = True
) -> tuple[list[str], np.ndarray]:
    """Every product's vector under this model; kept in `cache` while the catalog's content is unchanged."""
    digest = hashlib.sha1(
        json.dumps([embedder.model_id, sorted(facts.hashes().items())]).encode()
    ).hexdigest()
    if cache is not None and cache.exists():
        stored = np.load(cache, allow_pickle=False)
        if str(stored["digest"]) == digest:
            return [str(i) for i in stored["ids"]], stored["matrix"]
    products = facts.iter_products()
    chunks = [np.zeros((0, 384), np.float32)]
    for start in tqdm(
        range(0, len(products), 64), desc=f"embedding with {embedder.model_id}", disable=not show_progress
    ):
        chunks.append(embedder.embed([p.embedding_text() for p in products[start : start + 64]]))
    ids, matrix = [p.id for p in products], np.vstack(chunks)
    if cache is not None:
        remember(cache, facts, embedder, (ids, matrix), digest)
    return ids, matrix


def remember(
    cache: Path,
    facts: SqliteCatalog,
    embedder: Embedder,
    vectors: tuple[list[str], np.ndarray],
    digest: str | None = None,
) -> None:
    """Keep vectors that were computed anyway (e.g. the base model's, before it is replaced)."""
    digest = (
        digest
        or hashlib.sha1(json.dumps([embedder.model_id, sorted(facts.hashes().items())]).encode()).hexdigest()
    )
    cache.parent.mkdir(parents=True, exist_ok=True)
    with cache.open("wb") as fh:
        np.savez(fh, digest=np.array(digest), ids=np.array(vectors[0]), matrix=vectors[1])


def retriever_for(
    facts: SqliteCatalog,
    embedder: Embedder,
    queries: Sequence[EvalQuery],
    vectors: tuple[list[str], np.ndarray],
    weight: float = DENSE_WEIGHT,
) -> HybridRetriever:
    """A retriever over the catalog with this model's product vectors; query vectors computed in a batch."""
    ids, matrix = vectors
    index = CatalogIndex(facts, embedder, lambda: (ids, matrix, embedder.model_id))
    index.parser = ParsedOnce(index.parser)
    ranking = [index.parser.parse(q.query).ranking_text for q in queries]
    index.embedder = QueryVectors(embedder, ranking)
    return HybridRetriever(index, weight)


def ranks(
    retriever: HybridRetriever, queries: Sequence[EvalQuery], method: Method, k: int = 10
) -> list[int | None]:
    """Rank (0-based) of the first relevant product in the top k of each query, None when absent.

    "dense" is the embedding model alone: no parsed hard filters nor category boosts, so the parser's
    mistakes (and its successes) do not mask what the model itself ranks. "hybrid" is the production search.
    """
    out: list[int | None] = []
    for q in queries:
        relevant = set(q.relevant)
        parsed = retriever.parser.parse(q.query)
        if method == "dense":
            parsed = parsed.model_copy(update={"preferences": []})
        filters: list[Constraint] | None = [] if method == "dense" else None
        found = [c.id for c in retriever.search(parsed, filters, k=k, method=method).candidates]
        out.append(next((i for i, pid in enumerate(found) if pid in relevant), None))
    return out


def choose_dense_weight(
    retriever: HybridRetriever, queries: Sequence[EvalQuery], grid: Sequence[float] = WEIGHT_GRID
) -> tuple[float, dict[str, float]]:
    """The fusion weight with the best hybrid MRR on these queries, and each weight's MRR.

    Called with generated held-out queries only: a weight picked on the hand-written set would make
    that set's figures a training result.
    """
    scores = {w: metrics(ranks(HybridRetriever(retriever.index, w), queries, "hybrid"))["mrr"] for w in grid}
    return max(scores, key=scores.__getitem__), {f"{w:.2f}": mrr for w, mrr in scores.items()}


def contenders(
    base: HybridRetriever, tuned: HybridRetriever, held_out: Sequence[EvalQuery], refit: bool
) -> dict[str, HybridRetriever]:
    """The base as served and the fine-tuned model; with `refit` (the tuned model's fusion weight was
    chosen on `held_out`), also the base with its weight chosen the same way, which says what the
    model itself adds."""
    if not refit or not held_out:
        return {"base": base, "fine-tuned": tuned}
    weight, _ = choose_dense_weight(base, held_out)
    return {"base": base, "base (fusion refit)": HybridRetriever(base.index, weight), "fine-tuned": tuned}


def reciprocal_ranks(found: Sequence[int | None]) -> np.ndarray:
    """1 / (rank + 1) of each query's first relevant product, 0 where none was found."""
    return np.array([0.0 if r is None else 1.0 / (r + 1) for r in found])


def metrics(found: Sequence[int | None]) -> dict[str, float]:
    n = max(1, len(found))
    scores = {f"hit@{cut}": sum(r is not None and r < cut for r in found) / n for cut in (1, 5, 10)}
    scores["mrr"] = sum(1.0 / (r + 1) for r in found if r is not None) / n
    return scores


def compare(
    retrievers: dict[str, HybridRetriever],
    sets: dict[str, list[EvalQuery]],
    show_progress: bool = True,
) -> dict[str, Any]:
    """Every model x query set x method, plus per-kind MRR of each method."""
    results: dict[str, Any] = {
        "models": list(retrievers),
        "dense_weights": {name: r.dense_weight for name, r in retrievers.items()},
        "sets": {},
    }
    jobs = [(name, qs) for name, qs in sets.items() if qs]
    total = sum(len(qs) for _, qs in jobs) * len(retrievers) * len(METHODS)
    with tqdm(total=total, desc="evaluating", unit="query", disable=not show_progress) as bar:
        for set_name, queries in jobs:
            entry: dict[str, Any] = {
                "queries": len(queries),
                "scores": {},
                "by_kind": {},
                "mrr_change": {},  # last model vs the first (what was served before)
                "model_change": {},  # last vs the one before it: same fusion choice, other model
            }
            reciprocal: dict[str, list[np.ndarray]] = {m: [] for m in METHODS}
            for label, retriever in retrievers.items():
                for method in METHODS:
                    found = ranks(retriever, queries, method)
                    bar.update(len(queries))
                    entry["scores"][f"{label}/{method}"] = metrics(found)
                    reciprocal[method].append(reciprocal_ranks(found))
                    for kind in sorted({q.kind for q in queries}):
                        subset = [r for r, q in zip(found, queries, strict=True) if q.kind == kind]
                        row = entry["by_kind"].setdefault(kind, {"queries": len(subset)})
                        row[f"{label}/{method}"] = round(metrics(subset)["mrr"], 4)
            for method, series in reciprocal.items():
                if len(series) > 1:
                    entry["mrr_change"][method] = paired_interval(series[-1] - series[0])
                if len(series) > 2:
                    entry["model_change"][method] = paired_interval(series[-1] - series[-2])
            results["sets"][set_name] = entry
    return results


def paired_interval(differences: np.ndarray, rounds: int = 2000, seed: int = 0) -> dict[str, float]:
    """Mean per-query change with a 95% paired-bootstrap interval: is a gain more than noise?"""
    rng = np.random.default_rng(seed)
    means = differences[rng.integers(0, len(differences), (rounds, len(differences)))].mean(axis=1)
    low, high = np.quantile(means, [0.025, 0.975])
    return {
        "mean": round(float(differences.mean()), 4),
        "low": round(float(low), 4),
        "high": round(float(high), 4),
    }


def generated_sets(
    sets: dict[str, Sequence[TrainingPair]], products: list[Product], check: ConstraintCheck
) -> dict[str, list[EvalQuery]]:
    """Held-out generated queries; relevant = every product their constraints allow, not just the source."""
    return {
        source: [
            EvalQuery(
                id=f"{source.split('_')[-1][0]}{i:04d}",
                query=p.query,
                relevant=check.matching(products, p.constraints),
                kind=p.kind,
                source=source,
            )
            for i, p in enumerate(pairs)
        ]
        for source, pairs in sets.items()
    }


def everything(sets: dict[str, list[EvalQuery]]) -> list[EvalQuery]:
    return [q for qs in sets.values() for q in qs]


def generated_held_out(sets: dict[str, list[EvalQuery]]) -> list[EvalQuery]:
    """The generated queries about held-out products and templates: what fusion weights are chosen on."""
    return [q for name in GENERATED for q in sets.get(name, [])]


def base_vectors(runtime: CatalogRuntime, show_progress: bool = True) -> tuple[list[str], np.ndarray]:
    """The base model's product vectors: the stored ones while it is active (kept for later), else cached."""
    cache = runtime.folder.root / "models" / "base_vectors.npz"
    base = OnnxEmbedder.base()
    if runtime.index.embedder.model_id == BASE_MODEL_ID:
        vectors = (runtime.index.ids, runtime.index.matrix)
        remember(cache, runtime.facts, base, vectors)
        return vectors
    return catalog_vectors(runtime.facts, base, cache, show_progress)


def save_generated(path: Path, sets: dict[str, list[EvalQuery]]) -> None:
    rows = [q.model_dump() for q in generated_held_out(sets)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def tuned_runtime(settings: Settings, name: str) -> CatalogRuntime:
    """The catalog as served, refused when it has no fine-tuned retriever to compare with the base."""
    runtime = open_catalog(settings, name)
    if not (runtime.folder.retriever_model / "model.onnx").exists():
        raise LookupError(
            f"catalog {name!r} has no fine-tuned retriever; run `convrec train --catalog {name}`"
        )
    return runtime


def served_pair(
    settings: Settings, runtime: CatalogRuntime, queries: Sequence[EvalQuery], show_progress: bool = True
) -> tuple[HybridRetriever, HybridRetriever]:
    """The base retriever (the configured fusion weight) and the fine-tuned one (its served weight)."""
    base = retriever_for(
        runtime.facts,
        OnnxEmbedder.base(),
        queries,
        base_vectors(runtime, show_progress),
        dense_weight(settings),
    )
    tuned_vectors = (runtime.index.ids, runtime.index.matrix)
    tuned = retriever_for(
        runtime.facts, runtime.index.embedder, queries, tuned_vectors, runtime.retriever.dense_weight
    )
    return base, tuned


def evaluate_catalog(
    settings: Settings, name: str, queries_file: Path | None, out: Path | None, show_progress: bool = True
) -> dict[str, Any]:
    """Base vs the current fine-tuned retriever on the saved held-out queries and the hand-written set."""
    runtime = tuned_runtime(settings, name)
    tuned_dir = runtime.folder.retriever_model
    saved = tuned_dir / "heldout_queries.jsonl"
    generated = load_queries(saved, "generated") if saved.exists() else []
    sets = {source: [q for q in generated if q.source == source] for source in GENERATED}
    handwritten = queries_file or default_queries(name)
    if handwritten:
        sets["handwritten"] = load_queries(handwritten)
    base, tuned = served_pair(settings, runtime, everything(sets), show_progress)
    refit = settings.dense_weight is None and trained_dense_weight(tuned_dir) is not None
    report = compare(contenders(base, tuned, generated_held_out(sets), refit), sets, show_progress)
    report.update(catalog=name, model_id=query_model_id(runtime.index.embedder))
    write_report(report, [runtime.folder.root] + ([out] if out else []))
    return report
