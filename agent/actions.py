"""Action nodes: each one calls tools and leaves a `Draft` of what the reply may say."""

from __future__ import annotations

from collections import Counter
from typing import Any

from convrec.agent.belief import Belief, BeliefUpdate, record_shown
from convrec.agent.context import AgentContext
from convrec.agent.draft import Draft
from convrec.agent.evidence import allowed_numbers, goes_with, point
from convrec.agent.state import TurnState
from convrec.tools.diversify import mmr
from convrec.tools.facts import format_price
from langgraph.runtime import Runtime

POOL = 40  # candidates considered before diversification


def recommend(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    ctx = runtime.context
    belief = Belief.model_validate(state["belief"])
    update = BeliefUpdate.model_validate(state["update"])
    retriever = ctx.world.retriever
    text = " ".join([belief.need, *(s.text for s in belief.soft)]).strip()
    if update.similar_to:
        anchor = ctx.world.catalog.get(update.similar_to)
        text = f"{anchor.title} {text}".strip() if anchor else text
    exclude = list(dict.fromkeys([*belief.rejected, *(belief.last_shown if update.more else [])]))
    if update.similar_to:
        exclude.append(update.similar_to)
    parsed = retriever.parser.parse(text) if text else None
    result = retriever.search(parsed or "", constraints=belief.constraints, k=POOL, exclude=exclude)
    steps = [f"searching {result.matched:,} products that meet {len(belief.constraints)} constraint(s)"]
    k = ctx.products_per_reply
    engaged = [*belief.liked, *belief.cart, *([update.similar_to] if update.similar_to else [])]
    candidates = result.candidates
    if ctx.history is not None and engaged and candidates:
        candidates = _with_history(candidates, ctx.history.for_session(engaged, 200, exclude=belief.rejected))
        steps.append("using what you liked")
    ids = _diversified(candidates, retriever, k)
    draft = Draft(kind="recommend", matched=result.matched, allowed_numbers=allowed_numbers(belief))
    draft.understood = result.query.corrections if parsed else {}
    draft.acknowledged = [c.describe() for c in update.add if c.is_negative]
    if not ids:
        draft.kind = "empty"
        draft.relaxations = [r.suggestion for r in result.relaxations]
        closest = [c.id for c in result.closest[:k]]
        relaxed = result.relaxations[0].constraint if result.relaxations else None
        for product in ctx.world.products(closest):
            note = f"does not meet: {relaxed.describe()}" if relaxed is not None else None
            draft.products.append(point(product, belief, note=note))
        ids = closest
    else:
        draft.products = [point(p, belief) for p in ctx.world.products(ids)]
    belief = record_shown(belief, ids)
    _log(ctx, state, ids, "view")
    return {"draft": draft.model_dump(), "belief": belief.model_dump(), "steps": steps}


HISTORY_WEIGHT = 0.15  # how much "shoppers who liked that also liked" moves an item up the list


def _with_history(candidates: list[Any], history: list[tuple[str, float]]) -> list[Any]:
    """Blend the history model's scores (normalised within their list) into the retrieval scores."""
    if not history:
        return candidates
    top = max(score for _, score in history) or 1.0
    boost = {item: score / top for item, score in history}
    rescored = [
        c.model_copy(update={"score": c.score + HISTORY_WEIGHT * boost.get(c.id, 0.0)}) for c in candidates
    ]
    return sorted(rescored, key=lambda c: -c.score)


def _diversified(candidates: list[Any], retriever: Any, k: int) -> list[str]:
    if len(candidates) <= k:
        return [c.id for c in candidates]
    index = retriever.index
    rows = [index.row_of[c.id] for c in candidates]
    return mmr([c.id for c in candidates], [c.score for c in candidates], index.matrix[rows], k)


def clarify(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """Ask the one question that splits the catalog best; at cold start that is the kind of product."""
    ctx = runtime.context
    belief = Belief.model_validate(state["belief"])
    result = ctx.world.retriever.search(
        state.get("message", "")[:200] or "popular", constraints=belief.constraints, k=200
    )
    products = ctx.world.products([c.id for c in result.candidates])
    categories = Counter(p.leaf_category for p in products if p.leaf_category)
    if len(categories) > 1 or not products:
        top = [name for name, _ in categories.most_common(4)] or _popular_categories(ctx)
        draft = Draft(kind="clarify", question="What kind of product are you looking for?", options=top)
        belief = belief.model_copy(update={"open_question": "category"})
    else:
        prices = sorted(p.price for p in products if p.price is not None)
        quartiles = (
            [prices[len(prices) // 4], prices[len(prices) // 2], prices[3 * len(prices) // 4]]
            if prices
            else []
        )
        currency = ctx.world.catalog.currency
        draft = Draft(
            kind="clarify",
            question="What is your budget?",
            options=[f"under {format_price(q, currency)}" for q in quartiles],
            allowed_numbers=[float(q) for q in quartiles],
        )
        belief = belief.model_copy(update={"open_question": "price"})
    return {"draft": draft.model_dump(), "belief": belief.model_dump(), "steps": ["deciding what to ask"]}


def _popular_categories(ctx: AgentContext) -> list[str]:
    vocab = ctx.world.retriever.index.vocabulary
    narrow = [c for c, n in vocab.category_sizes.items() if n < 0.6 * max(vocab.catalog_size, 1)]
    return [vocab.categories.get(c, c) for c in sorted(narrow, key=lambda c: -vocab.category_sizes[c])[:4]]


def answer(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    ctx = runtime.context
    belief = Belief.model_validate(state["belief"])
    update = BeliefUpdate.model_validate(state["update"])
    products = ctx.world.products(update.references[:1])
    if not products:
        return {"draft": Draft(kind="no_reference").model_dump()}
    draft = Draft(kind="answer", products=[point(products[0], belief)], asked=update.question)
    if (
        update.question
        and update.question.replace("_", " ") not in draft.products[0].facts
        and update.question != "price"
    ):
        attr = products[0].attributes.get(update.question)
        if attr is not None:
            draft.products[0].facts[update.question.replace("_", " ")] = attr.render()
    return {"draft": draft.model_dump(), "steps": ["looking up the product"]}


def compare(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    ctx = runtime.context
    belief = Belief.model_validate(state["belief"])
    update = BeliefUpdate.model_validate(state["update"])
    products = ctx.world.products(update.references[:4])
    draft = Draft(kind="compare", products=[point(p, belief) for p in products])
    return {"draft": draft.model_dump(), "steps": [f"comparing {len(products)} products"]}


def complement(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    """What goes with an item: the history model's co-purchases in other categories, else search."""
    ctx = runtime.context
    belief = Belief.model_validate(state["belief"])
    update = BeliefUpdate.model_validate(state["update"])
    anchors = ctx.world.products(update.references[:1])
    if not anchors:
        return {"draft": Draft(kind="no_reference").model_dump()}
    anchor = anchors[0]
    k = ctx.products_per_reply
    exclude = {anchor.id, *belief.rejected}
    ids: list[str] = []
    if ctx.history is not None:
        ids = [i for i, _ in ctx.history.complements(anchor.id, k, exclude=exclude)]
    if not ids:
        result = ctx.world.retriever.search(
            f"accessory for {anchor.title}", constraints=[], k=POOL, exclude=list(exclude)
        )
        others = [
            p
            for p in ctx.world.products([c.id for c in result.candidates])
            if p.leaf_category != anchor.leaf_category
        ]
        ids = [p.id for p in others[:k]]
    neutral = belief.model_copy(update={"constraints": [], "soft": [], "need": ""})
    vocab = ctx.world.retriever.index.vocabulary
    draft = Draft(
        kind="complement",
        anchor=point(anchor, neutral),
        products=[
            point(p, neutral, extra_why=[goes_with(anchor, p, vocab.categories, vocab.brands)])
            for p in ctx.world.products(ids)
        ],
    )
    belief = record_shown(belief, ids)
    _log(ctx, state, ids, "view")
    return {
        "draft": draft.model_dump(),
        "belief": belief.model_dump(),
        "steps": ["finding what goes with it"],
    }


def feedback(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    ctx = runtime.context
    belief = Belief.model_validate(state["belief"])
    update = BeliefUpdate.model_validate(state["update"])
    products = {p.id: p for p in ctx.world.products([*update.add_to_cart, *update.like])}
    said = [f"Added the {products[i].title} to your cart." for i in update.add_to_cart if i in products]
    said += [f"Glad you like the {products[i].title}." for i in update.like if i in products]
    _log(ctx, state, update.add_to_cart, "cart")
    _log(ctx, state, update.like, "like")
    if not said:
        return {"draft": Draft(kind="no_reference").model_dump()}
    draft = Draft(kind="feedback", acknowledged=said, products=[point(p, belief) for p in products.values()])
    return {"draft": draft.model_dump(), "steps": ["noting your choice"]}


def chat(state: TurnState, runtime: Runtime[AgentContext]) -> dict[str, Any]:
    kind = BeliefUpdate.model_validate(state["update"]).reply_kind or "greeting"
    return {"draft": Draft(kind=kind).model_dump()}  # type: ignore[arg-type]


def _log(ctx: AgentContext, state: TurnState, ids: list[str], event: str) -> None:
    if ctx.log_event is None:
        return
    for item in ids:
        ctx.log_event(state.get("session_id", ""), item, event)
