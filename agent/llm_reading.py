"""The model's reading of a message and the catalog's checks on it, apart from the client that asks."""

from __future__ import annotations

import re
from typing import Any

from convrec.agent.belief import Belief, BeliefUpdate
from convrec.agent.context import World
from convrec.agent.rules import resolve_references
from convrec.tools.constraints import Constraint, wanted_categories
from convrec.tools.text import fold, phrase, tokens
from convrec.tools.tokens import within_budget
from convrec.tools.vocabulary import Vocabulary
from pydantic import BaseModel, ConfigDict, Field

MAX_CHARS = 2000
ACTIONS = (
    "search", "more", "cheaper", "similar", "reject", "like", "cart", "ask", "compare", "complement",
    "greeting", "off_topic", "reset", "unclear",
)  # fmt: skip
_NEEDS_ITEMS = {"more", "cheaper", "similar", "reject", "like", "cart", "ask", "compare", "complement"}
_CHAT = {"greeting": "greeting", "off_topic": "out_of_scope", "reset": "reset"}
_NEGATORS = {"not", "no", "without", "except", "excluding", "avoid", "never", "nothing", "don", "hate", "non"}
_RELAX_CUES = {
    "price": {"price", "budget", "cost", "money", "expensive"},
    "brand": {"brand", "make", "maker"},
    "category": {"category", "kind", "type"},
}
# an action that changes what the agent believes needs the shopper's own words for it, not just the model's
_CUES = {
    "reject": r"\b(not|no|don t|dont|hate|dislike|remove|without|other than|anything but|nope|skip|instead)\b",
    "like": r"\b(like|love|nice|great|perfect|prefer|good|cool|beautiful)\b",
    "cart": r"\b(cart|basket|buy|take|order|purchase|checkout)\b",
    "reset": r"\b(start over|start again|reset|clear|new search|forget)\b",
    "cheaper": r"\b(cheaper|less|budget|afford\w*|expensive|pricey|lower)\b",
    "compare": r"\b(compare|comparison|vs|versus|difference|better|which)\b",
    "similar": r"\b(like|similar|same|such)\b",
    "ask": r"\?|\b(how|what|which|does|is|are|tell|can|much|price|cost)\b",
    "complement": r"\b(with|accessor\w*|go|goes|pair|match\w*|complete)\b",
}
_CHEAPER = r"\b(cheaper|less expensive|more affordable|lower price|too expensive|too pricey)\b"
_FILLER = {"cheaper", "show", "more", "option", "something", "else", "like", "want", "need", "please", "one"}


class ImplausibleReading(ValueError):
    """The model's reading contradicts the message; the fallback engine serves the turn better."""


class Reading(BaseModel):
    """What the model may say about a message; everything else is decided by the catalog."""

    model_config = ConfigDict(extra="ignore")
    need: str = ""
    category: str = ""
    brands: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    action: str = "unclear"
    items: list[int] = Field(default_factory=list)
    question: str = ""
    relax: list[str] = Field(default_factory=list)


class CatalogNames(BaseModel):
    """The names the model may choose from, cut to a token budget (largest categories first)."""

    categories: list[str]
    brands: list[str]
    values: list[str]
    attributes: list[str]


def catalog_names(vocab: Vocabulary, max_tokens: int) -> CatalogNames:
    by_size = sorted(vocab.categories, key=lambda c: -vocab.category_sizes.get(c, 0))
    lists = ([vocab.categories[c] for c in by_size], list(vocab.brands.values()), sorted(vocab.value_index))
    kept = [
        within_budget(names, int(max_tokens * share))
        for names, share in zip(lists, (0.4, 0.3, 0.3), strict=True)
    ]
    attributes = sorted({*vocab.numeric, *vocab.text_values})
    return CatalogNames(categories=kept[0], brands=kept[1], values=kept[2], attributes=attributes)


def schema(names: CatalogNames, shown: int) -> dict[str, Any]:
    """A JSON schema that admits only this catalog's names and the positions on screen."""

    def choice(values: list[str]) -> dict[str, Any]:
        return {"type": "string", "enum": ["", *values]}

    def several(values: list[str] | list[int], kind: str, most: int) -> dict[str, Any]:
        item = {"type": kind, "enum": values} if values else {"type": kind}
        return {"type": "array", "items": item, "maxItems": most if values else 0}

    properties: dict[str, Any] = {  # in the order a small model should decide them
        "need": {"type": "string", "maxLength": 40},
        "category": choice(names.categories),
        "brands": several(names.brands, "string", 3),
        "exclude": several([*names.values, *names.brands, *names.categories], "string", 3),
        "action": {"type": "string", "enum": list(ACTIONS)},
        "items": several(list(range(1, shown + 1)), "integer", min(shown, 4)),
        "question": choice(["price", *names.attributes]),
        "relax": several(["price", "brand", "category", *names.attributes], "string", 3),
    }
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def merge_reading(
    reading: Reading, message: str, belief: Belief, world: World, names: CatalogNames
) -> BeliefUpdate:
    """Turn the model's reading into a belief update the catalog vouches for.

    The parser's constraints stand (numbers and units are never the model's); the model may add a
    category, brands and exclusions the parser missed, only with the vocabulary's names and only
    where the shopper used them (a first category may be implied). Ordinals the rules resolve
    ("the second one") beat the model's positions. A reading the message does not support raises.
    """
    text = fold(message[:MAX_CHARS])
    words = tokens(text)
    parsed = world.retriever.parser.parse(message[:MAX_CHARS])
    shown = belief.last_shown
    said = resolve_references(text, belief, world)
    refs = list(dict.fromkeys(said or [shown[i - 1] for i in reading.items if 0 < i <= len(shown)]))
    lexical = world.retriever.index.lexical.vocabulary
    about_products = any(w in lexical and w not in _FILLER for w in parsed.soft)
    add = _constraints(
        reading, parsed.constraints, words, belief, world.retriever.index.vocabulary, about_products
    )
    action = reading.action if reading.action in ACTIONS else "unclear"
    if action in _NEEDS_ITEMS and not shown:
        action = "search" if add or about_products else "unclear"
    if action in ("greeting", "off_topic", "reset") and parsed.constraints:
        action = "search"  # the catalog's parser found a requirement: whatever the model says, it is a search
    if action == "unclear" and (add or belief.need or belief.constraints):
        action = "search"
    if action == "reject" and any(c.is_negative for c in parsed.constraints):
        action = "search"  # "not white" excludes a colour, not the item on screen
    if action in _CUES and not re.search(_CUES[action], text) and (shown or belief.need):
        raise ImplausibleReading(f"the model read {action!r} into {message[:80]!r}")
    default = [i for i in (belief.focus, *belief.cart[-1:], *belief.liked[-1:], *shown[:1]) if i][:1]
    if action in _CHAT:
        return BeliefUpdate(intent="reset" if action == "reset" else "chat", reply_kind=_CHAT[action])
    if action == "unclear":
        return BeliefUpdate(intent="clarify", soft=parsed.soft[:3])
    if action in ("like", "cart"):
        ids = refs or default
        key = "like" if action == "like" else "add_to_cart"
        return BeliefUpdate.model_validate({"intent": "feedback", key: ids, "references": ids})
    if action == "ask":
        asked = reading.question if reading.question in ("price", *names.attributes) else None
        return BeliefUpdate(intent="answer", references=(refs or default)[:1], question=asked)
    if action == "compare":
        return BeliefUpdate(intent="compare", references=refs if len(refs) >= 2 else shown[:3])
    if action == "complement":
        return BeliefUpdate(intent="complement", references=(refs or default)[:1])
    return _search(action, reading, add, refs, parsed.soft, text, words, belief, world)


def _search(action: str, reading: Reading, add: list[Constraint], refs: list[str], soft: list[str],
            text: str, words: list[str], belief: Belief, world: World) -> BeliefUpdate:  # fmt: skip
    lexical = world.retriever.index.lexical.vocabulary
    relax = [_slot(r) for r in reading.relax if _relax_said(r, words)]
    prices = [p.price for p in world.products(belief.last_shown) if p.price is not None]
    if (
        prices
        and (action == "cheaper" or re.search(_CHEAPER, text))
        and not any(c.field == "price" for c in add)
    ):
        add = [*add, Constraint(field="price", op="lt", value=min(prices), unit=world.catalog.currency)]
        relax.append(("price", None, "min"))  # an old minimum would make "cheaper" impossible
    new = wanted_categories(add)
    old = wanted_categories(belief.constraints)
    need = ""
    if new or not belief.need:
        need = _need(reading.need, words, new) or " ".join(
            w for w in soft if w in lexical and w not in _FILLER
        )
    update = BeliefUpdate(
        intent="recommend",
        new_need=bool(new and old and not new & old),
        need=need or None,
        add=add,
        relax=relax,
        soft=[] if need else [w for w in soft if w in lexical and w not in _FILLER][:4],
        more=action == "more",
        answered_question=belief.open_question is not None,
    )
    if action == "similar" and refs:
        update.similar_to, update.references = refs[0], refs
    if action == "reject" and (refs or belief.focus):
        update.reject = refs or [belief.focus or ""]
    if not (update.add or update.need or update.relax or update.reject or belief.need or belief.constraints):
        return BeliefUpdate(intent="clarify", soft=soft[:3])
    return update


def _constraints(reading: Reading, parsed: list[Constraint], words: list[str], belief: Belief,
                 vocab: Vocabulary, about_products: bool) -> list[Constraint]:  # fmt: skip
    out = list(parsed)
    taken = {c.slot() for c in out}  # the parser's numbers and names stand; the model only adds
    category = phrase(reading.category)
    has_category = any(c.field == "category" and c.op == "in" for c in belief.constraints)
    if (
        category in vocab.categories
        and ("category", None, "is") not in taken
        and (_said(category, words) or (about_products and not has_category))
    ):
        out.append(Constraint(field="category", op="in", values=[category]))
    brands = [b for b in map(phrase, reading.brands) if b in vocab.brands and _said(b, words)]
    if brands and ("brand", None, "is") not in taken:
        out.append(Constraint(field="brand", op="in", values=brands))
    excluded = {v for c in out if c.is_negative for v in c.values}
    for value in map(phrase, reading.exclude):
        negation = _negation(value, vocab)
        if negation is not None and value not in excluded and _negated(value, words):
            out.append(negation)
    return out


def _negation(value: str, vocab: Vocabulary) -> Constraint | None:
    if value in vocab.brands:
        return Constraint(field="brand", op="not_in", values=[value])
    if value in vocab.categories:
        return Constraint(field="category", op="not_in", values=vocab.category_aliases.get(value, [value]))
    if value in vocab.value_index:
        return Constraint(field="attribute", name=vocab.value_index[value][0], op="not_in", values=[value])
    return None


def _said(name: str, words: list[str]) -> bool:
    return any(w in words for w in name.split())


def _negated(value: str, words: list[str]) -> bool:
    """The shopper put a "not"/"no"/"without" within four words before the value."""
    first = value.split()[0] if value else ""
    return any(w == first and _NEGATORS & set(words[max(0, i - 4) : i]) for i, w in enumerate(words))


def _relax_said(name: str, words: list[str]) -> bool:
    cues = _RELAX_CUES.get(name) or {*name.split("_"), *(("colour",) if name == "color" else ())}
    return bool(cues & set(words))


def _slot(name: str) -> tuple[str, str | None, str]:
    return (name, None, "*") if name in _RELAX_CUES else ("attribute", name, "*")


def _need(proposed: str, words: list[str], categories: set[str]) -> str:
    """The model's words for the need, kept only where the shopper or the category used them."""
    allowed = set(words) | {w for c in categories for w in c.split()}
    return " ".join(w for w in tokens(proposed) if w in allowed)
