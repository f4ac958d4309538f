"""Retrieval evaluation: BM25, dense and fused search (base and fine-tuned) on labelled queries.

Every method answers every query in one run, so the numbers are comparable side by side. Queries
are JSON lines: {"id", "query", "relevant": [ids], "kind"?, "constraints"?: true, "stated"?: [...]};
"stated" holds the hard constraints the labeller meant, checked as well as the parser's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from convrec.eval import metrics
from convrec.eval.report import Chart, Report, summary_table
from convrec.tools.catalog import Product
from convrec.tools.catalog_sql import SqliteCatalog
from convrec.tools.constraints import Constraint, satisfies_all
from convrec.tools.embedding import Embedder, OnnxEmbedder, load_retriever, query_model_id
from convrec.tools.folder import CatalogFolder
from convrec.tools.retrieval import CatalogIndex, HybridRetriever, Method
from convrec.tools.text import phrase
from pydantic import BaseModel, ConfigDict, Field
from tqdm import tqdm

from convrec.compose import dense_weight, vector_index
from convrec.settings import Settings

METRICS = ("hit@1", "hit@5", "hit@10", "mrr", "ndcg@10", "recall@10")


class TypeRule(BaseModel):
    """The kind of product a query asks for, as its labeller defined it, from categories and title words.

    A product fits when it is in one of `category_any`, its title has a phrase from every group in
    `title_has` (["case", "shell"] and ["iphone 7"]) and none of `title_none`.
    """

    category_any: list[str] = Field(default_factory=list)
    title_has: list[list[str]] = Field(default_factory=list)
    title_none: list[str] = Field(default_factory=list)

    def admits(self, product: Product) -> bool:
        title = f" {phrase(product.title)} "

        def said(words: list[str]) -> bool:
            return any(f" {phrase(w)} " in title for w in words)

        categories = {phrase(c) for c in self.category_any}
        return (
            (not categories or bool(product.category_phrases() & categories))
            and all(said(group) for group in self.title_has)
            and not said(self.title_none)
        )


class LabelledQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    query: str
    relevant: list[str]
    kind: str = "general"
    constraints: bool = False  # the labeller says the text states machine-checkable constraints
    stated: list[Constraint] = Field(default_factory=list)
    type_rule: TypeRule | None = None  # with `stated`, defines `relevant` (see `labels_by_rule`)


def labels_by_rule(products: Sequence[Product], query: LabelledQuery) -> list[str]:
    """Every product of the requested type that meets every stated constraint: rule-made labels."""
    rule = query.type_rule or TypeRule()
    return [p.id for p in products if rule.admits(p) and satisfies_all(p, query.stated)]


def load_queries(path: Path) -> list[LabelledQuery]:
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                out.append(LabelledQuery.model_validate_json(line))
            except ValueError as exc:
                raise ValueError(f"{path}:{number}: not a labelled query: {exc}") from exc
    if not out:
        raise ValueError(f"{path} holds no queries")
    return out


@dataclass
class Contender:
    """One way of searching: a method over an index built with one embedder."""

    name: str
    retriever: HybridRetriever
    method: Method
    filtered: bool = True  # False ranks without the hard-constraint filter (a baseline for coverage)


def build_index(
    facts: SqliteCatalog, embedder: Embedder, snapshot, show_progress: bool = False
) -> CatalogIndex:
    """An index over the stored vectors when this embedder made them, else vectors computed in memory."""
    ids, matrix, model_id = snapshot
    if model_id != embedder.model_id:
        products = facts.iter_products()
        ids = [p.id for p in products]
        texts = [p.embedding_text() for p in products]
        chunks = [
            embedder.embed(texts[i : i + 256])
            for i in tqdm(
                range(0, len(texts), 256), desc=f"embedding ({embedder.model_id})", disable=not show_progress
            )
        ]
        matrix = np.vstack(chunks) if chunks else np.zeros((0, 384), np.float32)
    return CatalogIndex(facts, embedder, lambda: (ids, matrix, embedder.model_id))


def contenders(
    settings: Settings, name: str, unfiltered: bool = False, show_progress: bool = False
) -> list[Contender]:
    """BM25, dense and fused with the base model, plus dense and fused with the fine-tuned one if trained."""
    folder = CatalogFolder.under(settings.home, name)
    if not folder.exists():
        raise LookupError(f"no catalog named {name!r} under {settings.home}; run `convrec ingest` first")
    facts = SqliteCatalog(folder.facts, name)
    snapshot = vector_index(settings, folder).load_snapshot()
    base = HybridRetriever(
        build_index(facts, OnnxEmbedder.base(), snapshot, show_progress), dense_weight(settings)
    )
    out = [Contender(m, base, m) for m in ("bm25", "dense", "hybrid")]
    if (folder.retriever_model / "model.onnx").exists():
        tuned_index = build_index(facts, load_retriever(folder.retriever_model), snapshot, show_progress)
        tuned = HybridRetriever(tuned_index, dense_weight(settings, folder))
        out += [Contender("dense-ft", tuned, "dense"), Contender("hybrid-ft", tuned, "hybrid")]
    if unfiltered:
        out += [Contender(f"{c.name} (no filter)", c.retriever, c.method, False) for c in out]
    return out


def evaluate(
    queries: Sequence[LabelledQuery],
    competitors: Sequence[Contender],
    k: int = 10,
    show_progress: bool = False,
) -> list[dict]:
    """Run every query through every contender; one record per (query, contender)."""
    records = []
    depth = max(k, 10)
    for q in tqdm(queries, desc="queries", disable=not show_progress):
        for c in competitors:
            result = c.retriever.search(
                q.query, constraints=None if c.filtered else [], k=depth, method=c.method
            )
            ranked = [cand.id for cand in result.candidates]
            parsed = result.query.constraints
            top = c.retriever.index.catalog.get_many(ranked[:5])
            relevant = set(q.relevant)
            records.append(
                {
                    "query_id": q.id,
                    "query": q.query,
                    "kind": q.kind,
                    "method": c.name,
                    "hit@1": metrics.hit_at_k(ranked, relevant, 1),
                    "hit@5": metrics.hit_at_k(ranked, relevant, 5),
                    "hit@10": metrics.hit_at_k(ranked, relevant, 10),
                    "mrr": metrics.reciprocal_rank(ranked, relevant, depth),
                    "ndcg@10": metrics.ndcg_at_k(ranked, relevant, 10),
                    "recall@10": metrics.recall_at_k(ranked, relevant, 10),
                    "first_relevant_rank": metrics.first_relevant_rank(ranked, relevant),
                    "constraints_flagged": q.constraints,
                    "parsed_constraints": [x.describe() for x in parsed],
                    "coverage@5": metrics.coverage_at_k(top, parsed, 5) if parsed else None,
                    "stated_constraints": [x.describe() for x in q.stated],
                    "coverage@5_stated": metrics.coverage_at_k(top, q.stated, 5) if q.stated else None,
                    "matched": result.matched,
                    "latency_ms": round(result.latency_ms, 2),
                    "ranked": ranked[:k],
                    "relevant": q.relevant,
                }
            )
    return records


def summarise(records: Sequence[dict], seed: int = 0) -> dict[str, dict]:
    """Mean metrics per method, a bootstrap 95% interval for MRR and NDCG@10, coverage and latency."""
    out: dict[str, dict] = {}
    for method in dict.fromkeys(r["method"] for r in records):
        rows = [r for r in records if r["method"] == method]
        row: dict[str, object] = {"queries": len(rows)}
        row.update({m: metrics.mean([r[m] for r in rows]) for m in METRICS})
        for m in ("mrr", "ndcg@10"):
            interval = metrics.bootstrap_interval([r[m] for r in rows], seed)
            row[f"{m}_ci95"] = [round(v, 4) for v in interval] if interval else None
        for key in ("coverage@5", "coverage@5_stated"):
            got = [r[key] for r in rows if r[key] is not None]
            row[key], row[f"{key}_queries"] = metrics.mean(got), len(got)
        row["unsatisfiable"] = sum(1 for r in rows if r["parsed_constraints"] and not r["ranked"])
        row["flagged_unparsed"] = sum(
            1 for r in rows if r["constraints_flagged"] and not r["parsed_constraints"]
        )
        row.update({f"{p}_ms": v for p, v in metrics.percentiles([r["latency_ms"] for r in rows]).items()})
        out[method] = row
    return out


def by_kind(records: Sequence[dict], seed: int = 0) -> dict[str, dict[str, dict]]:
    return {
        kind: summarise([r for r in records if r["kind"] == kind], seed)
        for kind in sorted({r["kind"] for r in records})
    }


OVERALL = {"n": "queries", "Hit@1": "hit@1", "Hit@5": "hit@5", "Hit@10": "hit@10", "MRR": "mrr"}
OVERALL |= {"MRR 95% CI": "mrr_ci95", "NDCG@10": "ndcg@10", "NDCG 95% CI": "ndcg@10_ci95"}
PER_KIND = {"n": "queries", "Hit@1": "hit@1", "Hit@5": "hit@5", "MRR": "mrr", "NDCG@10": "ndcg@10"}
COVERAGE = {"coverage@5": "coverage@5", "n": "coverage@5_queries", "coverage@5 (stated)": "coverage@5_stated"}
COVERAGE |= {"n stated": "coverage@5_stated_queries", "unsatisfiable": "unsatisfiable"}
COVERAGE |= {"flagged, none parsed": "flagged_unparsed"}


def run_retrieval_eval(
    settings: Settings,
    name: str,
    queries_file: Path,
    out: Path,
    k: int = 10,
    seed: int = 0,
    show_progress: bool = True,
) -> tuple[dict[str, dict], list[Path]]:
    """Evaluate every contender on one query file and write the report; returns the overall table."""
    queries = load_queries(queries_file)
    competitors = contenders(settings, name, show_progress=show_progress)
    records = evaluate(queries, competitors, k, show_progress)
    overall, kinds = summarise(records, seed), by_kind(records, seed)
    models = {c.name: query_model_id(c.retriever.index.embedder) for c in competitors if c.method != "bm25"}
    payload = {"catalog": name, "queries_file": str(queries_file), "k": k, "seed": seed, "models": models}
    report = Report(
        f"Retrieval on {name}: {queries_file.name}",
        {**payload, "overall": overall, "by_kind": kinds, "records": records},
    )
    described = ", ".join(f"{m} = {i}" for m, i in models.items())
    report.add(
        "Overall",
        f"{len(queries)} queries, k={k}; models: {described}. 95% bootstrap intervals (seed {seed}).",
        summary_table(overall, OVERALL),
    )
    report.add(
        "Per kind",
        *(f"**{kind}**\n\n" + summary_table(table_, PER_KIND) for kind, table_ in kinds.items()),
    )
    report.add(
        "Hard constraints",
        "Coverage@5: share of the top 5 that satisfy every constraint the parser found (and, where the"
        " query file states them, every stated constraint). Queries with nothing to show are left out.",
        summary_table(overall, COVERAGE),
    )
    labels = [*kinds, "all"]
    series = {
        m: [(kinds[kd][m] if kd in kinds else overall[m])["ndcg@10"] or 0.0 for kd in labels] for m in overall
    }
    report.charts.append(
        Chart(
            "ndcg_by_kind.png", f"NDCG@10 per kind of query ({name})", labels, series, "NDCG@10", ylim=(0, 1)
        )
    )
    return overall, report.write(out, "retrieval")
