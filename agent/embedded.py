"""The default language engine: rules and templates over the catalog's vocabulary. No model, no network."""

from __future__ import annotations

from convrec.agent import rules, templates
from convrec.agent.belief import Belief, BeliefUpdate
from convrec.agent.context import World
from convrec.agent.draft import Draft


class EmbeddedEngine:
    name = "embedded"

    def understand(self, message: str, belief: Belief, world: World) -> BeliefUpdate:
        update, reply_kind = rules.understand(message, belief, world)
        return update.model_copy(update={"reply_kind": reply_kind}) if reply_kind else update

    def compose(self, draft: Draft, belief: Belief, world: World) -> str:
        return templates.compose(draft, belief, example=example_request(world))


def example_request(world: World) -> str:
    """A request this catalog can answer, for help texts ("desks under 300")."""
    vocab = world.retriever.index.vocabulary
    sizes = {c: n for c, n in vocab.category_sizes.items() if n < 0.6 * max(vocab.catalog_size, 1)}
    if not sizes:
        return "something under 100"
    leaf = max(sizes, key=lambda c: sizes[c])
    prices = world.retriever.index.prices
    limit = int(round(float(prices.mean()), -1)) if len(prices) else 100
    return f"{vocab.categories.get(leaf, leaf).lower()} under {limit}"
