"""Simulated shoppers (Chat-Rec / iEvaLM style): a hidden target product, revealed one preference at a time.

The rule-based shopper knows only the target's catalog facts. It opens vaguely, answers the agent's
questions from those facts, rejects wrong suggestions with a reason (which reveals one more
preference), and accepts as soon as the target is shown. It never says the id or the exact title.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field
from typing import Protocol

from convrec.agent.reply import Reply
from convrec.tools.catalog import Product
from convrec.tools.text import phrase, singular

_GENERIC = {
    "with",
    "for",
    "and",
    "the",
    "cell",
    "phone",
    "case",
    "cases",
    "new",
    "black",
    "white",
    "series",
    "edition",
}


class Shopper(Protocol):
    target: Product

    def opening(self) -> str: ...

    def respond(self, reply: Reply) -> tuple[str, bool]: ...


@dataclass
class RuleShopper:
    """Deterministic given its seed: the same target and seed give the same dialogue."""

    target: Product
    seed: int = 0
    facets: list[str] = field(default_factory=list)
    revealed: int = 0

    def __post_init__(self) -> None:
        self.facets = preferences(self.target, random.Random(f"{self.seed}:{self.target.id}"))

    def opening(self) -> str:
        self.revealed = 1
        return f"Hi, I'm looking for {self.facets[0]}."

    def respond(self, reply: Reply) -> tuple[str, bool]:
        shown = [p.id for p in reply.products]
        if self.target.id in shown:  # on screen, even as a closest option, the shopper sees it
            return f"Yes, the {_ordinal(shown.index(self.target.id) + 1)} one is what I want.", True
        if reply.kind == "clarify":
            return self._answer(reply.question or ""), False
        reason = self._next() or "none of these are right"
        prefix = "None of these. " if shown else ""
        return f"{prefix}{reason[0].upper()}{reason[1:]}.", False

    def _answer(self, question: str) -> str:
        if "budget" in question.lower() and self.target.price is not None:
            return f"My budget is {_budget(self.target.price)}."
        return f"I want {self.facets[0]}."

    def _next(self) -> str | None:
        if self.revealed >= len(self.facets):
            return None
        facet = self.facets[self.revealed]
        self.revealed += 1
        return facet


def preferences(product: Product, rng: random.Random) -> list[str]:
    """What a shopper who wants this product would say, vaguest first: kind, brand, budget, details."""
    kind = _kind_phrase(product)
    facets = [f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"]
    if product.brand:
        facets.append(f"I'd prefer {product.brand}")
    if product.price is not None:
        facets.append(f"my budget is {_budget(product.price)}")
    details = [
        f"{name.replace('_', ' ')} {attr.render()}"
        for name, attr in product.attributes.items()
        if isinstance(attr.value, str)
    ]
    rng.shuffle(details)
    facets += [f"it should have {d}" for d in details[:2]]
    made, _, fits = phrase(product.title).partition(" for ")
    skip = (
        set(phrase(product.brand or "").split())
        | {w for c in product.category for w in phrase(c).split()}
        | _GENERIC
    )
    style = [w for w in made.split() if w not in skip and len(w) > 1][:2]
    if style:
        facets.append(f"ideally a {' '.join(style)} one")
    if fits:
        facets.append(f"it has to be for {' '.join(fits.split()[:4])}")
    return facets


def _kind_phrase(product: Product) -> str:
    leaf = product.category[-1] if product.category else "product"
    words = phrase(re.split(r"\s*(?:&|,)\s*", leaf)[0]).split()
    return " ".join(words[:-1] + [singular(words[-1])]) if words else "product"


def _distinctive_words(product: Product) -> list[str]:
    """Two or three words of the title that are neither brand nor category: partial, never the title."""
    skip = (
        set(phrase(product.brand or "").split())
        | {w for c in product.category for w in phrase(c).split()}
        | _GENERIC
    )
    words = [w for w in phrase(product.title).split() if w not in skip and len(w) > 1]
    return words[:3] if len(words) > 3 else words[: max(1, len(words) - 1)]


def _budget(price: float) -> str:
    """A round budget just above the price: 179.99 -> "under 200"."""
    step = 10 if price < 100 else 50 if price < 1000 else 100
    return f"under {int(math.ceil(price * 1.1 / step) * step)}"


def _ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(n, f"#{n}")
