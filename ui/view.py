"""What one session looks like on screen, read back from the agent: chat, cards, belief, cart, details.

The agent's checkpointed state is the only source: a reload or a second server process shows the same
page, and nothing about a shopper is kept in the UI process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from convrec.agent.belief import Belief
from convrec.agent.draft import ProductPoint
from convrec.agent.evidence import point
from convrec.agent.facade import Agent
from convrec.agent.reply import Reply
from convrec.tools.facts import format_price
from convrec.ui.cards import CartLine, belief_panel, cart_panel, product_cards

HEADINGS = {"complement": "Goes well with it", "compare": "Side by side", "empty": "Closest options"}


@dataclass
class Page:
    chat: list[dict[str, str]]
    cards: str
    knows: str
    cart: str
    details: dict[str, Any] = field(default_factory=dict)


def chat_messages(transcript: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {"role": m["role"], "content": str(m.get("text") or "")}
        for m in transcript
        if m.get("role") in ("user", "assistant")
    ]


def page_for(agent: Agent, session_id: str, reply: Reply | None = None) -> Page:
    """The whole page for one session; `reply` (this turn's) supplies cards with its own reasons."""
    belief = agent.belief(session_id)
    transcript = agent.transcript(session_id)
    catalog = agent.context.world.catalog
    points: list[ProductPoint]
    if reply is not None and reply.products and reply.kind != "feedback":
        points, heading = list(reply.products), HEADINGS.get(reply.kind, "Recommendations")
    else:  # a like, a cart or a question leaves the last list on screen (also after a reload)
        ids = [i for i in belief.last_shown if i not in belief.rejected]
        points, heading = [point(p, belief) for p in catalog.get_many(ids)], "Recommendations"
    shown = catalog.get_many([p.id for p in points])
    cards = product_cards(
        points, {p.id: p.leaf_category for p in shown}, belief.liked, belief.cart, heading=heading
    )
    knows = belief_panel(
        belief.need,
        [c.describe() for c in belief.constraints],
        [s.text for s in belief.soft],
        [p.title for p in catalog.get_many(belief.liked)],
        len(belief.rejected),
    )
    in_cart = catalog.get_many(belief.cart)
    currency = in_cart[0].currency if in_cart else catalog.currency
    lines = [CartLine(p.id, p.title, format_price(p.price or 0.0, p.currency)) for p in in_cart]
    total = format_price(sum(p.price or 0.0 for p in in_cart), currency)
    return Page(chat_messages(transcript), cards, knows, cart_panel(lines, total), details(reply, belief))


def details(reply: Reply | None, belief: Belief) -> dict[str, Any]:
    """For engineers: what the agent believed and checked on the last turn."""
    if reply is None:
        return {"belief": belief.model_dump(mode="json")}
    return {
        "kind": reply.kind,
        "intent": reply.intent,
        "engine": reply.engine,
        "latency_ms": reply.latency_ms,
        "steps": reply.steps,
        "grounding": reply.grounding.model_dump(),
        "belief": reply.belief,
        "products": [p.id for p in reply.products],
    }


def word_chunks(text: str, words: int = 3) -> Iterator[str]:
    """Growing prefixes of `text`, a few words at a time, whitespace kept (for a streamed reply)."""
    pieces = re.findall(r"\S+\s*", text)
    for end in range(words, len(pieces) + words, words):
        yield "".join(pieces[:end])


def status_text(reply: Reply) -> str:
    count = len(reply.products)
    parts = ["noted" if reply.kind == "feedback" else f"{count} product{'s' if count != 1 else ''}"]
    g = reply.grounding
    if g.claims_checked:
        parts.append(f"{g.claims_supported}/{g.claims_checked} facts checked against the catalog")
    parts.append(f"{reply.latency_ms:.0f} ms")
    return " · ".join(parts)
