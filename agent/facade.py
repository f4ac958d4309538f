"""The `Agent`: the one object support bots, the UI and evaluation talk to."""

from __future__ import annotations

import threading
import time
from typing import Any, Literal

from convrec.agent.belief import Belief, BeliefUpdate
from convrec.agent.context import AgentContext
from convrec.agent.draft import Draft
from convrec.agent.reply import GroundingCounts, Reply
from langchain_core.runnables import RunnableConfig
from langgraph.graph.state import CompiledStateGraph

MAX_MESSAGE_CHARS = 20_000
Action = Literal[
    "like", "reject", "cart", "more_like", "complement"
]  # anything longer is cut before it reaches the engine


class Agent:
    def __init__(self, graph: CompiledStateGraph[Any, Any, Any, Any], context: AgentContext) -> None:
        self._graph = graph
        self._context = context
        self._lock = threading.Lock()  # turns are short; one at a time keeps SQLite handles simple

    @property
    def context(self) -> AgentContext:
        return self._context

    def chat(self, session_id: str, text: str) -> Reply:
        """Run one turn of the conversation `session_id` and return the grounded reply."""
        return self._turn(session_id, (text or "")[:MAX_MESSAGE_CHARS], None)

    def _turn(self, session_id: str, message: str, action: BeliefUpdate | None) -> Reply:
        started = time.perf_counter()
        with self._lock:
            state = self._graph.invoke(  # type: ignore[call-overload]
                {
                    "message": message,
                    "session_id": session_id,
                    "action": action.model_dump() if action else None,
                },
                self._config(session_id),
                context=self._context,
                durability="exit",
            )
        return self._reply(session_id, state, (time.perf_counter() - started) * 1000)

    def act(self, session_id: str, action: Action, product_id: str) -> Reply:
        """A product-card button as a turn: like, reject ("not for me"), cart, more like this, what goes with it."""
        product = self._context.world.catalog.get(product_id)
        if product is None:
            raise KeyError(f"no product {product_id!r} in this catalog")
        update, said = {
            "like": (BeliefUpdate(intent="feedback", like=[product_id]), "I like"),
            "reject": (BeliefUpdate(intent="recommend", reject=[product_id]), "Not for me"),
            "cart": (BeliefUpdate(intent="feedback", add_to_cart=[product_id]), "Add to cart"),
            "more_like": (
                BeliefUpdate(intent="recommend", similar_to=product_id, references=[product_id]),
                "More like",
            ),
            "complement": (BeliefUpdate(intent="complement", references=[product_id]), "What goes with"),
        }[action]
        return self._turn(session_id, f"{said}: {product.title}", update)

    def belief(self, session_id: str) -> Belief:
        values = self._values(session_id)
        return Belief.model_validate(values.get("belief") or {})

    def transcript(self, session_id: str) -> list[dict[str, Any]]:
        return list(self._values(session_id).get("transcript") or [])

    def set_belief(self, session_id: str, belief: Belief) -> None:
        """Replace the belief (the UI's editable chips); takes effect on the next recommendation."""
        with self._lock:
            self._graph.update_state(
                self._config(session_id), {"belief": belief.model_dump()}, as_node="update_belief"
            )

    def remove_constraint(self, session_id: str, index: int) -> Belief:
        belief = self.belief(session_id)
        if 0 <= index < len(belief.constraints):
            belief = belief.model_copy(
                update={"constraints": [c for i, c in enumerate(belief.constraints) if i != index]}
            )
            self.set_belief(session_id, belief)
        return belief

    def _values(self, session_id: str) -> dict[str, Any]:
        with self._lock:
            snapshot = self._graph.get_state(self._config(session_id))
        return dict(snapshot.values or {})

    @staticmethod
    def _config(session_id: str) -> RunnableConfig:
        return {"configurable": {"thread_id": session_id}}

    def _reply(self, session_id: str, state: dict[str, Any], latency_ms: float) -> Reply:
        draft = Draft.model_validate(state.get("draft") or {"kind": "chat"})
        belief = Belief.model_validate(state.get("belief") or {})
        g = state.get("grounding") or {}
        return Reply(
            session_id=session_id,
            text=state.get("text", ""),
            products=draft.products,
            anchor=draft.anchor,
            belief=belief.model_dump(mode="json"),
            chips=belief.describe(),
            grounding=GroundingCounts(
                claims_checked=g.get("checked", 0),
                claims_supported=g.get("supported", 0),
                claims_fixed=g.get("fixed", 0),
                claims_removed=g.get("removed", 0),
            ),
            intent=(state.get("update") or {}).get("intent", "chat"),
            kind=draft.kind,
            engine=state.get("engine_used", self._context.engine.name),
            steps=state.get("steps") or [],
            question=draft.question,
            options=draft.options,
            latency_ms=round(latency_ms, 2),
        )
