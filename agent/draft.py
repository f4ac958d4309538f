"""What an action node hands to the language engine: the only facts it may put into words."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

DraftKind = Literal[
    "recommend",
    "empty",
    "clarify",
    "answer",
    "compare",
    "complement",
    "feedback",
    "chat",
    "greeting",
    "out_of_scope",
    "injection",
    "gibberish",
    "reset",
    "no_reference",
]


class ProductPoint(BaseModel):
    """One product as the reply may present it: facts copied from the catalog, and why it fits."""

    id: str
    title: str
    price: float | None
    currency: str
    price_text: str
    brand: str | None = None
    facts: dict[str, str] = Field(default_factory=dict)
    why: list[str] = Field(default_factory=list)
    image: str | None = None
    url: str | None = None
    note: str | None = None  # e.g. "over your limit" for a closest option


class Draft(BaseModel):
    kind: DraftKind
    products: list[ProductPoint] = Field(default_factory=list)
    matched: int = 0
    question: str | None = None
    options: list[str] = Field(default_factory=list)
    asked: str | None = None  # the attribute the shopper asked about ("price", "width")
    relaxations: list[str] = Field(default_factory=list)
    acknowledged: list[str] = Field(default_factory=list)  # "noted: not white"
    understood: dict[str, str] = Field(default_factory=dict)  # typo corrections
    anchor: ProductPoint | None = None  # the item complements are for / compared against
    allowed_numbers: list[float] = Field(default_factory=list)  # the shopper's own numbers
