"""Hybrid search: BM25 and dense scores fused over exactly the products that meet the hard constraints.

Constraints are applied exactly first (SQLite's fact columns, held as arrays: see `fact_columns.FactColumns`),
so a result can never violate one; ranking only orders the allowed rows. When nothing is allowed,
the result names the constraint to relax and the closest options.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
from convrec.tools.catalog import Product
from convrec.tools.catalog_sql import SqliteCatalog
from convrec.tools.category_evidence import CategoryEvidence
from convrec.tools.constraints import Constraint
from convrec.tools.embedding import Embedder
from convrec.tools.fact_columns import FactColumns
from convrec.tools.facts import format_price
from convrec.tools.lexical import LexicalIndex, lexical_tokens
from convrec.tools.query import ParsedQuery, QueryParser
from convrec.tools.text import phrase
from convrec.tools.units import display
from convrec.tools.vocabulary import Vocabulary
from pydantic import BaseModel, Field

Method = Literal["bm25", "dense", "hybrid"]
DENSE_WEIGHT = 0.55  # tuned on the labelled Best Buy queries (see README, retrieval benchmark)
# What a preferred category adds to a fused score (dense cosine and normalised BM25, each 0..1): enough
# to lift the category's products over look-alikes elsewhere, not enough to bury better matches.
PREFERENCE_WEIGHT = 0.1


class Evidence(BaseModel):
    matched_terms: list[str] = Field(default_factory=list)
    lexical: float = 0.0
    dense: float = 0.0
    constraints_met: list[str] = Field(default_factory=list)


class Candidate(BaseModel):
    id: str
    score: float
    evidence: Evidence


class Relaxation(BaseModel):
    constraint: Constraint
    description: str
    would_match: int
    suggestion: str
    nearest: str | None = None  # the product at the suggested value, shown first among the closest


class SearchResult(BaseModel):
    query: ParsedQuery
    constraints: list[Constraint]
    candidates: list[Candidate]
    matched: int
    relaxations: list[Relaxation] = Field(default_factory=list)
    closest: list[Candidate] = Field(default_factory=list)  # violate the relaxed constraint; labelled as such
    method: str = "hybrid"
    latency_ms: float = 0.0


class CatalogIndex:
    """Everything search needs for one catalog, aligned row by row, rebuilt when the catalog changes."""

    def __init__(
        self,
        catalog: SqliteCatalog,
        embedder: Embedder,
        load_vectors: Callable[[], tuple[list[str], np.ndarray, str | None]],
    ) -> None:
        self.catalog = catalog
        self.embedder = embedder
        self._load_vectors = load_vectors
        self._version = -1
        self.refresh()

    def refresh(self) -> None:
        version = self.catalog.version
        if version == self._version:
            return
        ids, matrix, model_id = self._load_vectors()
        if model_id and model_id != self.embedder.model_id:
            raise RuntimeError(
                f"catalog vectors were made by {model_id!r} but the embedder is {self.embedder.model_id!r}; "
                "re-run `convrec ingest` (or `convrec train`) for this catalog"
            )
        products = {p.id: p for p in self.catalog.iter_products()}
        keep = [i for i, pid in enumerate(ids) if pid in products]
        self.ids = [ids[i] for i in keep]
        self.matrix = matrix[keep] if len(keep) != len(ids) else matrix
        self.row_of = {pid: row for row, pid in enumerate(self.ids)}
        self.columns = FactColumns(self.catalog.path)
        index_ids = list(zip(self.columns.idx.tolist(), self.columns.ids, strict=True))
        top = max((i for i, _ in index_ids), default=0)
        self.row_of_idx = np.full(top + 1, -1, dtype=np.int64)
        for idx, pid in index_ids:
            self.row_of_idx[idx] = self.row_of.get(pid, -1)
        self.texts = [products[pid].lexical_text() for pid in self.ids]
        # words that name products (titles, categories, brands), as opposed to words of marketing copy
        self.title_words = {
            t
            for p in products.values()
            for t in lexical_tokens(" ".join([p.title, *p.category, p.brand or ""]))
        }
        self.lexical = LexicalIndex(self.texts)
        self.prices = np.array([products[pid].price or 0.0 for pid in self.ids], dtype=np.float64)
        pop = np.array([products[pid].popularity for pid in self.ids], dtype=np.float64)
        self.popularity = np.log1p(np.clip(pop, 0, None)) / max(
            float(np.log1p(pop.max())) if len(pop) else 1.0, 1e-9
        )
        self.vocabulary = Vocabulary(
            currency=self.catalog.currency,
            categories=self.catalog.category_names(),
            brands=self.catalog.brand_names(),
            numeric=self.catalog.numeric_attributes(),
            numeric_ranges=self.catalog.numeric_ranges(),
            text_values=self.catalog.text_attribute_values(),
            category_sizes=self.catalog.category_counts(),
            value_categories=self.catalog.text_attribute_categories(),
            numeric_categories=self.catalog.numeric_attribute_categories(),
            catalog_size=len(self.ids),
        )
        self.vocabulary.words.update(self.lexical.vocabulary)
        self.vocabulary.finish()
        self.evidence = CategoryEvidence(
            [phrase(products[pid].title) for pid in self.ids],
            [products[pid].category_phrases() for pid in self.ids],
            [phrase(products[pid].brand or "") for pid in self.ids],
        )
        self.parser = QueryParser(self.vocabulary, self.evidence)
        self._version = version

    def allowed_rows(self, constraints: Sequence[Constraint]) -> np.ndarray:
        if not constraints:
            return np.arange(len(self.ids))
        keep = np.ones(len(self.columns.idx), dtype=bool)
        rest = []
        for c in constraints:
            mask = self.columns.mask(c)
            if mask is None:
                rest.append(c)
            else:
                keep &= mask
        indexes = self.columns.idx[keep]
        if rest:  # anything the columns do not mirror is asked of SQLite, the reference
            indexes = np.intersect1d(indexes, self.catalog.filter_indexes(rest))
        rows = self.row_of_idx[indexes]
        return rows[rows >= 0]


class HybridRetriever:
    """`search(query, constraints, k)` over one catalog; BM25 alone and dense alone for comparison."""

    def __init__(self, index: CatalogIndex, dense_weight: float = DENSE_WEIGHT) -> None:
        self.index = index
        self.dense_weight = dense_weight

    @property
    def parser(self) -> QueryParser:
        return self.index.parser

    def search(
        self,
        query: str | ParsedQuery,
        constraints: Sequence[Constraint] | None = None,
        k: int = 10,
        exclude: Sequence[str] = (),
        method: Method = "hybrid",
        boost: str = "",
    ) -> SearchResult:
        started = time.perf_counter()
        self.index.refresh()
        parsed = self.parser.parse(query) if isinstance(query, str) else query
        active = list(parsed.constraints if constraints is None else constraints)
        rows = self._without(self.index.allowed_rows(active), exclude)
        preferred = self.index.allowed_rows(parsed.preferences) if parsed.preferences else None
        text = f"{parsed.ranking_text} {boost}".strip()
        ranked = self._rank(rows, text, k, method, parsed.sort, preferred)
        result = SearchResult(
            query=parsed, constraints=active, candidates=ranked, matched=len(rows), method=method
        )
        if not len(rows) and active:
            result.relaxations = self.relaxations(active, exclude)
            if result.relaxations:
                best = result.relaxations[0].constraint
                others = [c for c in active if c is not best]
                rows = self._without(self.index.allowed_rows(others), exclude)
                ranked = self._rank(rows, parsed.ranking_text, max(k, 50), method, None, preferred)
                nearest = result.relaxations[0].nearest
                if nearest and nearest not in {c.id for c in ranked}:
                    ranked.append(Candidate(id=nearest, score=0.0, evidence=Evidence()))
                result.closest = self._closest(best, ranked, k)
        for candidate in (*result.candidates, *result.closest):
            product = self.index.catalog.get(candidate.id)
            if product is not None:
                candidate.evidence.constraints_met = [
                    reason for c in active if (reason := c.fit_reason(product)) is not None
                ]
        result.latency_ms = (time.perf_counter() - started) * 1000
        return result

    def _without(self, rows: np.ndarray, exclude: Sequence[str]) -> np.ndarray:
        if not exclude:
            return rows
        drop = np.array([self.index.row_of[i] for i in exclude if i in self.index.row_of], dtype=np.int64)
        return rows[~np.isin(rows, drop)] if len(drop) else rows

    def _rank(
        self,
        rows: np.ndarray,
        text: str,
        k: int,
        method: Method,
        sort: str | None,
        preferred: np.ndarray | None = None,
    ) -> list[Candidate]:
        """Order `rows` by relevance to `text`; rows also in `preferred` (a soft category) move up."""
        if not len(rows):
            return []
        idx = self.index
        lexical = idx.lexical.scores(text)[rows] if method != "dense" else np.zeros(len(rows), np.float32)
        dense = np.zeros(len(rows), np.float32)
        if method != "bm25":
            query = idx.embedder.embed_query(text)
            # scoring every row beats copying most of the matrix out first (same numbers either way)
            dense = (idx.matrix @ query)[rows] if len(rows) > len(idx.ids) // 8 else idx.matrix[rows] @ query
        top = float(lexical.max()) if len(lexical) else 0.0
        in_preferred = np.isin(rows, preferred) if preferred is not None else np.zeros(len(rows), dtype=bool)
        if method == "bm25":  # raw BM25 has no fixed scale: the preference is a share of the best score
            score = lexical + 1e-3 * idx.popularity[rows] + PREFERENCE_WEIGHT * max(top, 1e-6) * in_preferred
        elif method == "dense":
            score = dense + 1e-3 * idx.popularity[rows] + PREFERENCE_WEIGHT * in_preferred
        else:
            lex_norm = lexical / top if top > 0 else lexical
            score = (
                self.dense_weight * dense
                + (1 - self.dense_weight) * lex_norm
                + 0.03 * idx.popularity[rows]
                + PREFERENCE_WEIGHT * in_preferred
            )
        pool = min(len(rows), max(k, 50) if sort else k)
        order = np.argpartition(-score, pool - 1)[:pool] if pool < len(rows) else np.arange(len(rows))
        order = order[np.argsort(-score[order], kind="stable")]
        if sort == "price_asc":
            order = order[np.argsort(idx.prices[rows[order]], kind="stable")]
        elif sort == "price_desc":
            order = order[np.argsort(-idx.prices[rows[order]], kind="stable")]
        out = []
        terms = list(dict.fromkeys(lexical_tokens(text)))
        for o in order[:k]:
            row = int(rows[o])
            out.append(
                Candidate(
                    id=idx.ids[row],
                    score=round(float(score[o]), 4),
                    evidence=Evidence(
                        matched_terms=idx.lexical.matched_terms(terms, row),
                        lexical=round(float(lexical[o]), 4),
                        dense=round(float(dense[o]), 4),
                    ),
                )
            )
        return out

    def _closest(self, relaxed: Constraint, ranked: list[Candidate], k: int) -> list[Candidate]:
        """Order near misses by how little they miss the relaxed bound, then by relevance."""
        if not relaxed.is_numeric:
            return ranked[:k]
        low, high = relaxed.bounds()
        products = {p.id: p for p in self.index.catalog.get_many([c.id for c in ranked])}

        def miss(c: Candidate) -> float:
            value = _value(relaxed, products[c.id]) if c.id in products else None
            return float("inf") if value is None else max(low - value, value - high, 0.0)

        return sorted(ranked, key=miss)[:k]

    def relaxations(self, constraints: Sequence[Constraint], exclude: Sequence[str] = ()) -> list[Relaxation]:
        """For each constraint, how many products would match without it, and the nearest value."""
        out: list[Relaxation] = []
        for c in constraints:
            others = [o for o in constraints if o is not c]
            rows = self._without(self.index.allowed_rows(others), exclude)
            if not len(rows):
                continue
            suggestion, nearest = self._suggest(c, rows)
            out.append(
                Relaxation(
                    constraint=c,
                    description=c.describe(),
                    would_match=len(rows),
                    suggestion=suggestion,
                    nearest=nearest,
                )
            )
        # numeric near-misses first (the smallest change), then the constraint that frees the most items
        out.sort(key=lambda r: (not r.constraint.is_numeric, -r.would_match))
        return out

    def _suggest(self, c: Constraint, rows: np.ndarray) -> tuple[str, str | None]:
        """The smallest change that admits products, and the product at that nearest value."""
        if c.field == "price":
            pairs = [
                (float(v), self.index.ids[int(r)]) for v, r in zip(self.index.prices[rows], rows, strict=True)
            ]
        else:  # a sample is enough to name the nearest available value
            sample = [self.index.ids[int(r)] for r in rows[:2000]]
            pairs = [
                (v, p.id) for p in self.index.catalog.get_many(sample) if (v := _value(c, p)) is not None
            ]
        if not c.is_numeric or not pairs:
            return f"drop '{c.describe()}'", None
        low, high = c.bounds()
        currency = self.index.vocabulary.currency

        def shown(value: float) -> str:
            return format_price(value, currency) if c.field == "price" else display(value, c.unit)

        lowest, highest = min(pairs), max(pairs)
        if high < float("inf") and lowest[0] > high:
            return f"raise the limit to {shown(lowest[0])}", lowest[1]
        if low > float("-inf") and highest[0] < low:
            return f"lower the minimum to {shown(highest[0])}", highest[1]
        return f"drop '{c.describe()}'", None


def _value(c: Constraint, p: Product) -> float | None:
    return p.price if c.field == "price" else p.numeric(c.name or "")
