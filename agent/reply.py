"""What one turn returns to every way in (Python, JSON lines, HTTP, UI): a stable, documented shape."""

from __future__ import annotations

from typing import Any

from convrec.agent.draft import ProductPoint
from pydantic import BaseModel, Field


class GroundingCounts(BaseModel):
    claims_checked: int = 0
    claims_supported: int = 0
    claims_fixed: int = 0
    claims_removed: int = 0


class Reply(BaseModel):
    session_id: str
    text: str
    products: list[ProductPoint] = Field(default_factory=list)
    anchor: ProductPoint | None = None  # the item complements were found for, also cited by the reply
    belief: dict[str, Any] = Field(default_factory=dict)
    chips: list[str] = Field(default_factory=list)  # the belief in words, for "what I know about you"
    grounding: GroundingCounts = Field(default_factory=GroundingCounts)
    intent: str = "chat"
    kind: str = "chat"
    engine: str = "embedded"
    steps: list[str] = Field(default_factory=list)
    question: str | None = None
    options: list[str] = Field(default_factory=list)
    latency_ms: float = 0.0
