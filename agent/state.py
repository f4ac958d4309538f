"""The conversation state LangGraph checkpoints: plain JSON so any saver can store it."""

from __future__ import annotations

from typing import Annotated, Any, TypedDict

TRANSCRIPT_TURNS = 50


def append_transcript(
    old: list[dict[str, Any]] | None, new: list[dict[str, Any]] | None
) -> list[dict[str, Any]]:
    """Reducer: append this turn's messages and keep the most recent ones."""
    merged = [*(old or []), *(new or [])]
    return merged[-2 * TRANSCRIPT_TURNS :]


class TurnState(TypedDict, total=False):
    message: str
    session_id: str
    belief: dict[str, Any]  # Belief.model_dump()
    update: dict[str, Any]  # BeliefUpdate.model_dump()
    action: dict[str, Any] | None  # a button press: a BeliefUpdate decided by the UI, not by the engine
    draft: dict[str, Any]  # Draft.model_dump()
    text: str
    grounding: dict[str, Any]
    engine_used: str
    steps: list[str]
    transcript: Annotated[list[dict[str, Any]], append_transcript]
