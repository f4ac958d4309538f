"""Test doubles registered through the same seams as production engines."""

from __future__ import annotations

from collections.abc import Callable

from convrec.agent.belief import Belief, BeliefUpdate
from convrec.agent.context import World
from convrec.agent.draft import Draft


class ScriptedEngine:
    """Returns the given belief updates in order (or computes one from the message), and words
    replies with a fixed template that lists products with their draft prices."""

    name = "scripted"

    def __init__(
        self,
        updates: list[BeliefUpdate | Callable[[str, Belief], BeliefUpdate]],
        lie_about_prices: bool = False,
    ) -> None:
        self._updates = list(updates)
        self._lie = lie_about_prices

    def understand(self, message: str, belief: Belief, world: World) -> BeliefUpdate:
        nxt = self._updates.pop(0)
        return nxt(message, belief) if callable(nxt) else nxt

    def compose(self, draft: Draft, belief: Belief, world: World) -> str:
        lines = [f"{draft.kind}:"]
        for p in draft.products:
            price = (p.price or 0) / 2 if self._lie else p.price or 0
            lines.append(f"{p.title} costs ${price:.2f}.")
        return "\n".join(lines)


class BrokenEngine:
    """An engine whose endpoint is down: every call raises, as a dead HTTP endpoint would."""

    name = "broken"

    def understand(self, message: str, belief: Belief, world: World) -> BeliefUpdate:
        raise ConnectionError("endpoint unreachable")

    def compose(self, draft: Draft, belief: Belief, world: World) -> str:
        raise ConnectionError("endpoint unreachable")
