"""Routers: small named functions that read the state and name the next node."""

from __future__ import annotations

from typing import Literal

from convrec.agent.state import TurnState

Action = Literal["clarify", "recommend", "answer", "compare", "complement", "feedback", "chat"]


def route_after_update(state: TurnState) -> Action:
    intent = state["update"]["intent"]
    if intent == "reset":
        return "chat"
    if intent in ("clarify", "recommend", "answer", "compare", "complement", "feedback", "chat"):
        return intent  # type: ignore[no-any-return]
    return "chat"
