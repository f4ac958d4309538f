"""The composition root: the only place that builds real stores, models and engines from settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from convrec.settings import Settings
from convrec.tools.catalog_sql import SqliteCatalog
from convrec.tools.embedding import Embedder, OnnxEmbedder
from convrec.tools.folder import CatalogFolder, list_catalogs
from convrec.tools.retrieval import CatalogIndex, HybridRetriever
from convrec.tools.vectors import VectorIndex


class CatalogMissing(LookupError):
    def __init__(self, name: str, home: Path) -> None:
        available = list_catalogs(home)
        hint = f"available: {', '.join(available)}" if available else "none ingested yet"
        super().__init__(
            f"no catalog named {name!r} under {home} ({hint}); run `convrec ingest FILE --catalog {name}`"
        )


def build_embedder(settings: Settings, folder: CatalogFolder) -> Embedder:
    """The fine-tuned retriever when one was trained for this catalog, else the bundled base model."""
    tuned = folder.retriever_model
    if settings.use_finetuned and (tuned / "model.onnx").exists():
        return OnnxEmbedder.from_dir(tuned)
    return OnnxEmbedder.base()


@dataclass
class CatalogRuntime:
    folder: CatalogFolder
    facts: SqliteCatalog
    vectors: VectorIndex
    index: CatalogIndex
    retriever: HybridRetriever


def open_catalog(settings: Settings, name: str | None = None) -> CatalogRuntime:
    folder = CatalogFolder.under(settings.home, name or settings.catalog)
    if not folder.exists():
        raise CatalogMissing(folder.name, settings.home)
    embedder = build_embedder(settings, folder)
    facts = SqliteCatalog(folder.facts, folder.name)
    vectors = VectorIndex(folder.vectors, embedder)
    index = CatalogIndex(facts, embedder, vectors.load_snapshot)
    return CatalogRuntime(folder, facts, vectors, index, HybridRetriever(index, settings.dense_weight))


def vector_index(settings: Settings, folder: CatalogFolder) -> VectorIndex:
    return VectorIndex(folder.vectors, build_embedder(settings, folder))
