"""The nodes around the actions: understand the turn, update the belief, word the reply, ground it."""

from __future__ import annotations

import logging
from typing import Any

from convrec.agent.belief import Belief, BeliefUpdate, apply_update
from convrec.agent.context import AgentContext
from convrec.agent.draft import Draft
from convrec.agent.evidence import allowed_brands
from convrec.agent.state import TurnState
from convrec.tools.grounding import ground_claims
from langgraph.runtime import Runtime

log = logging.getLogger(__name__)


def understand(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Turn the message into a belief update; a failing engine degrades to the embedded one."""
    ctx = runtime.context
    belief = Belief.model_validate(state.get("belief") or {})
    message = state.get("message", "")
    if state.get("action"):  # a button press needs no understanding
        update = BeliefUpdate.model_validate(state["action"])
        return {
            "update": update.model_dump(),
            "action": None,
            "engine_used": "button",
            "transcript": [{"role": "user", "text": message}],
        }
    try:
        update = ctx.engine.understand(message, belief, ctx.world)
        used = ctx.engine.name
    except Exception as exc:  # a dead endpoint, a timeout, malformed model output
        log.warning("engine %s failed to understand (%s); using %s", ctx.engine.name, exc, ctx.fallback.name)
        update = ctx.fallback.understand(message, belief, ctx.world)
        used = f"{ctx.fallback.name} (fallback)"
    return {
        "update": update.model_dump(),
        "engine_used": used,
        "transcript": [{"role": "user", "text": message[:2000]}],
    }


def update_belief(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    belief = Belief.model_validate(state.get("belief") or {})
    update = BeliefUpdate.model_validate(state["update"])
    if runtime.context.log_event is not None:
        for item in update.reject:
            runtime.context.log_event(state.get("session_id", ""), item, "reject")
    return {"belief": apply_update(belief, update).model_dump(), "steps": []}


def compose(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    ctx = runtime.context
    draft = Draft.model_validate(state["draft"])
    belief = Belief.model_validate(state["belief"])
    try:
        text = ctx.engine.compose(draft, belief, ctx.world)
    except Exception as exc:
        log.warning("engine %s failed to compose (%s); using %s", ctx.engine.name, exc, ctx.fallback.name)
        text = ctx.fallback.compose(draft, belief, ctx.world)
        # the reply says which engine worded it, not only which one understood it
        return {
            "text": text,
            "engine_used": f"{state.get('engine_used', ctx.engine.name)}; worded by {ctx.fallback.name} (fallback)",
        }
    return {"text": text}


def ground(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Check every claim in the reply against the cited products' catalog facts before it leaves."""
    ctx = runtime.context
    draft = Draft.model_validate(state["draft"])
    cited_ids = [p.id for p in draft.products] + ([draft.anchor.id] if draft.anchor else [])
    cited = ctx.world.products(cited_ids)
    brands = list(ctx.world.retriever.index.vocabulary.brands)
    belief = Belief.model_validate(state.get("belief") or {})
    text, report = ground_claims(
        state.get("text", ""),
        cited,
        allowed=draft.allowed_numbers,
        brands=brands,
        allowed_brands=allowed_brands(belief),
    )
    if not text.strip():
        text = "Sorry, I could not put that into words reliably. Could you rephrase?"
    products = [p.id for p in draft.products]
    return {
        "text": text,
        "grounding": report.model_dump(),
        "transcript": [{"role": "assistant", "text": text, "products": products}],
    }
