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


def event_logger(folder: CatalogFolder):  # type: ignore[no-untyped-def]
    """Append the shopper's feedback to the catalog's interaction log (see tools/interactions.py)."""
    import json
    from datetime import UTC, datetime

    def log(session: str, item: str, event: str) -> None:
        line = json.dumps(
            {
                "session": session,
                "user": None,
                "item": item,
                "event": event,
                "ts": datetime.now(UTC).isoformat(timespec="seconds"),
            }
        )
        with open(folder.interactions, "a") as fh:
            fh.write(line + "\n")

    return log


def build_agent(
    settings: Settings,
    name: str | None = None,
    checkpointer: object | None = None,
    runtime: CatalogRuntime | None = None,
):  # type: ignore[no-untyped-def]
    """The agent over one catalog: engine from settings, sessions in SQLite unless a saver is given."""
    import sqlite3

    from langgraph.checkpoint.sqlite import SqliteSaver

    from convrec.agent.context import AgentContext, World
    from convrec.agent.embedded import EmbeddedEngine
    from convrec.agent.facade import Agent
    from convrec.agent.graph import build_graph

    runtime = runtime or open_catalog(settings, name)
    if checkpointer is None:
        checkpointer = SqliteSaver(sqlite3.connect(str(runtime.folder.sessions), check_same_thread=False))
    fallback = EmbeddedEngine()
    context = AgentContext(
        world=World(runtime.facts, runtime.retriever),
        engine=build_engine(settings, fallback),
        fallback=fallback,
        history=None,
        log_event=event_logger(runtime.folder),
        products_per_reply=settings.products_per_reply,
    )
    return Agent(build_graph().compile(checkpointer=checkpointer), context)  # type: ignore[arg-type]


def build_engine(settings: Settings, fallback):  # type: ignore[no-untyped-def]
    if settings.engine == "openai" and settings.llm_base_url:
        from convrec.agent.llm_engine import OpenAIEngine

        return OpenAIEngine(
            settings.llm_base_url,
            settings.llm_model,
            settings.llm_api_key,
            settings.llm_timeout_s,
            fallback,
            understand_prompt=settings.understand_prompt,
            compose_prompt=settings.compose_prompt,
        )
    return fallback
