"""Product vectors: chromadb on disk is the store; a numpy matrix snapshot serves exact scoring.

chromadb's metadata filters are slow at 100k products (~110 ms measured), so hard constraints are
applied in SQLite and the dense score of just the allowed rows is computed exactly from the matrix.
A reader reloads the snapshot when the catalog version changes (chromadb's own reader would not).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings
from convrec.tools.embedding import Embedder

COLLECTION = "products"


class LocalEmbeddingFunction(EmbeddingFunction[Documents]):
    """chromadb's hook for our local embedder, so chromadb never downloads its default model."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._embedder.embed(list(input)))

    @staticmethod
    def name() -> str:
        return "convrec-local"

    def get_config(self) -> dict[str, Any]:
        return {"model_id": self._embedder.model_id}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> LocalEmbeddingFunction:
        raise NotImplementedError("convrec passes its embedder explicitly")


class VectorIndex:
    """One catalog's vectors in a chromadb PersistentClient, with a matrix snapshot for scoring."""

    def __init__(self, folder: Path, embedder: Embedder) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.folder = folder
        self.embedder = embedder
        folder.mkdir(parents=True, exist_ok=True)
        self._client = chromadb.PersistentClient(
            path=str(folder / "chroma"), settings=ChromaSettings(anonymized_telemetry=False)
        )
        self._collection = self._client.get_or_create_collection(
            COLLECTION,
            embedding_function=LocalEmbeddingFunction(embedder),  # type: ignore[arg-type]
            metadata={"hnsw:space": "cosine"},
        )
        self._snapshot_file = folder / "matrix.npy"
        self._ids_file = folder / "matrix_ids.json"
        self._model_file = folder / "MODEL_ID"

    @property
    def stored_model(self) -> str | None:
        """The model that made the stored vectors (a file: chromadb metadata cannot change later)."""
        return self._model_file.read_text().strip() if self._model_file.exists() else None

    def count(self) -> int:
        return self._collection.count()

    def sync(
        self,
        upsert: Sequence[tuple[str, str]],
        delete: Sequence[str],
        progress: Callable[[int], None] | None = None,
        batch_size: int = 128,
    ) -> None:
        """Embed and store (id, text) pairs, drop deleted ids, then rewrite the matrix snapshot."""
        if delete:
            self._collection.delete(ids=list(delete))
        for start in range(0, len(upsert), batch_size):
            chunk = upsert[start : start + batch_size]
            vectors = self.embedder.embed([text for _, text in chunk])
            self._collection.upsert(ids=[i for i, _ in chunk], embeddings=list(vectors))
            if progress:
                progress(len(chunk))
        self._model_file.write_text(self.embedder.model_id)
        self.write_snapshot()

    def clear(self) -> None:
        self._client.delete_collection(COLLECTION)
        self._collection = self._client.get_or_create_collection(
            COLLECTION,
            embedding_function=LocalEmbeddingFunction(self.embedder),  # type: ignore[arg-type]
            metadata={"hnsw:space": "cosine"},
        )

    def write_snapshot(self) -> None:
        ids: list[str] = []
        chunks: list[np.ndarray] = []
        total = self._collection.count()
        for offset in range(0, total, 5000):
            got = self._collection.get(include=["embeddings"], limit=5000, offset=offset)
            ids.extend(got["ids"])
            chunks.append(np.asarray(got["embeddings"], dtype=np.float32))
        matrix = np.vstack(chunks) if chunks else np.zeros((0, 384), dtype=np.float32)
        np.save(self._snapshot_file, matrix)
        self._ids_file.write_text(json.dumps({"model_id": self.embedder.model_id, "ids": ids}))

    def load_snapshot(self) -> tuple[list[str], np.ndarray, str | None]:
        if not self._snapshot_file.exists():
            # only the writer makes the snapshot; a reader that finds none is early, not entitled to write
            raise RuntimeError(
                f"catalog vectors in {self.folder} are not ready: an ingest is running or did not finish; "
                "wait for it, or run `convrec ingest` again"
            )
        meta = json.loads(self._ids_file.read_text())
        return meta["ids"], np.load(self._snapshot_file), meta.get("model_id")

    def query(self, vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """Approximate nearest neighbours through chromadb's HNSW (no filters)."""
        got = self._collection.query(query_embeddings=[vector.tolist()], n_results=k, include=["distances"])
        distances = got["distances"] or [[]]
        return [(i, 1.0 - float(d)) for i, d in zip(got["ids"][0], distances[0], strict=True)]
