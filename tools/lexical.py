"""BM25 over product text (bm25s), scored for every product so constraints can mask exactly."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
from convrec.tools.text import tokens

# Function words carry no product meaning and would dominate short queries.
STOPWORDS = frozenset(
    "a an the for my me i want need looking show find something some any with of in on to and or is are "
    "it that this please by from at as be can you your our we us new".split()
)


def lexical_tokens(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in STOPWORDS]


class LexicalIndex:
    """A BM25 index whose rows line up with the dense matrix rows."""

    def __init__(self, texts: Sequence[str]) -> None:
        import bm25s

        self._size = len(texts)
        self._bm25 = bm25s.BM25()
        corpus = [lexical_tokens(t) or ["__empty__"] for t in texts]
        logging.getLogger("bm25s").setLevel(logging.ERROR)
        self._bm25.index(corpus, show_progress=False)
        self.vocabulary: dict[str, int] = {}
        self._doc_terms = [frozenset(doc) for doc in corpus]
        for terms in self._doc_terms:
            for token in terms:
                self.vocabulary[token] = self.vocabulary.get(token, 0) + 1

    def scores(self, query: str) -> np.ndarray:
        terms = [t for t in lexical_tokens(query) if t in self.vocabulary]
        if not terms or self._size == 0:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float32)

    def matched_terms(self, query_terms: list[str], row: int) -> list[str]:
        """Which query words the product's text contains: evidence shown with a result."""
        have = self._doc_terms[row]
        return [t for t in query_terms if t in have]
