"""The dependencies a turn needs, passed to every node as LangGraph's runtime context."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from convrec.agent.belief import Belief, BeliefUpdate
from convrec.agent.draft import Draft
from convrec.tools.catalog import Product
from convrec.tools.catalog_sql import SqliteCatalog
from convrec.tools.retrieval import HybridRetriever


class LanguageEngine(Protocol):
    """Turns text into a belief update and a draft into words. Rules, an LLM, or a script."""

    name: str

    def understand(self, message: str, belief: Belief, world: World) -> BeliefUpdate: ...

    def compose(self, draft: Draft, belief: Belief, world: World) -> str: ...


class ItemRecommender(Protocol):
    """What the history model offers the agent (see tools/history.py)."""

    def similar(self, item_id: str, k: int, exclude: set[str] = ...) -> list[tuple[str, float]]: ...

    def complements(self, item_id: str, k: int, exclude: set[str] = ...) -> list[tuple[str, float]]: ...


@dataclass
class World:
    """What engines may consult: the catalog's facts and its parser, never the network."""

    catalog: SqliteCatalog
    retriever: HybridRetriever

    def products(self, ids: Sequence[str]) -> list[Product]:
        return self.catalog.get_many(list(ids))


@dataclass
class AgentContext:
    world: World
    engine: LanguageEngine
    fallback: LanguageEngine  # used when `engine` fails (a dead LLM endpoint must not crash a turn)
    history: ItemRecommender | None = None
    log_event: Callable[[str, str, str], None] | None = None  # (session, item, event)
    products_per_reply: int = 3
    clock: Callable[[], float] = field(default=lambda: 0.0)
    steps: list[str] = field(default_factory=list)
