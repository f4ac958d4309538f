"""The composition root: the only place that builds real stores, models and engines from settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from convrec.settings import Settings
from convrec.tools.catalog_sql import SqliteCatalog
from convrec.tools.embedding import Embedder, OnnxEmbedder, load_retriever, trained_dense_weight
from convrec.tools.folder import CatalogFolder, list_catalogs
from convrec.tools.retrieval import DENSE_WEIGHT, CatalogIndex, HybridRetriever
from convrec.tools.vectors import VectorIndex


class CatalogMissing(LookupError):
    def __init__(self, name: str, home: Path) -> None:
        available = list_catalogs(home)
        hint = f"available: {', '.join(available)}" if available else "none ingested yet"
        super().__init__(
            f"no catalog named {name!r} under {home} ({hint}); run `convrec ingest FILE --catalog {name}`"
        )


def served_finetuned(settings: Settings, folder: CatalogFolder) -> Path | None:
    """The catalog's fine-tuned retriever folder when one was trained and settings let it serve."""
    tuned = folder.retriever_model
    return tuned if settings.use_finetuned and (tuned / "model.onnx").exists() else None


def build_embedder(settings: Settings, folder: CatalogFolder) -> Embedder:
    """The fine-tuned retriever when one was trained for this catalog, else the bundled base model."""
    tuned = served_finetuned(settings, folder)
    return load_retriever(tuned) if tuned is not None else OnnxEmbedder.base()


def dense_weight(settings: Settings, folder: CatalogFolder | None = None) -> float:
    """Settings win; else the weight chosen when this catalog's retriever was fine-tuned; else the default."""
    if settings.dense_weight is not None:
        return settings.dense_weight
    tuned = served_finetuned(settings, folder) if folder is not None else None
    return (trained_dense_weight(tuned) if tuned is not None else None) or DENSE_WEIGHT


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
    return CatalogRuntime(
        folder, facts, vectors, index, HybridRetriever(index, dense_weight(settings, folder))
    )


def vector_index(settings: Settings, folder: CatalogFolder) -> VectorIndex:
    return VectorIndex(folder.vectors, build_embedder(settings, folder))


def event_logger(folder: CatalogFolder):  # type: ignore[no-untyped-def]
    """Append the shopper's feedback to the catalog's interaction log (see tools/interactions.py)."""
    from datetime import UTC, datetime

    from convrec.tools.interactions import Event, append_event

    def log(session: str, item: str, event: str) -> None:
        stamp = datetime.now(UTC)
        append_event(
            folder.interactions,
            Event(session=session or "anonymous", user=None, item=item, event=event, ts=stamp),
        )  # type: ignore[arg-type]

    return log


def build_agent(
    settings: Settings,
    name: str | None = None,
    checkpointer: object | None = None,
    runtime: CatalogRuntime | None = None,
    log_feedback: bool = True,
):  # type: ignore[no-untyped-def]
    """The agent over one catalog: engine from settings, sessions in SQLite unless a saver is given.

    Evaluations pass `log_feedback=False`: simulated shoppers must not train the next history model."""
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
        history=load_history(runtime),
        log_event=event_logger(runtime.folder) if log_feedback else None,
        products_per_reply=settings.products_per_reply,
    )
    return Agent(build_graph().compile(checkpointer=checkpointer), context)  # type: ignore[arg-type]


def load_history(runtime: CatalogRuntime):  # type: ignore[no-untyped-def]
    """The catalog's history model, or its cold-start fallback (popularity + diversity) when none is trained."""
    from convrec.tools.history import HistoryModel

    return HistoryModel.load(runtime.folder.history_model, runtime.facts) or HistoryModel.cold(runtime.facts)


def open_facts(settings: Settings, name: str | None = None) -> SqliteCatalog:
    """Just the fact store, for commands that need no embedder (history training, listing)."""
    folder = CatalogFolder.under(settings.home, name or settings.catalog)
    if not folder.exists():
        raise CatalogMissing(folder.name, settings.home)
    return SqliteCatalog(folder.facts, folder.name)


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
