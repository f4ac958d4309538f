"""The embedded engine's understanding: catalog vocabulary, the query parser and fuzzy matching.

No model is involved: intent comes from cue phrases, constraints from the foundation's parser,
and references ("the second one", "the oak one", "cheaper than those") from the items on screen.
"""

from __future__ import annotations

import re

from convrec.agent.belief import Belief, BeliefUpdate
from convrec.agent.context import World
from convrec.tools.constraints import Constraint
from convrec.tools.lexical import STOPWORDS
from convrec.tools.text import fold, phrase
from convrec.tools.vocabulary import ordinal
from rapidfuzz import fuzz

MAX_CHARS = 2000  # longer messages are cut: a shopper's need fits in far fewer words

_RESET = r"\b(start over|start again|reset|new search|clear (everything|all)|forget (everything|it all))\b"
_INJECTION = (
    r"\b(ignore (all |the |your )?(previous|prior|above) (instructions|rules)|system prompt|you are now|act as|"
    r"jailbreak|developer mode|(set|change|make) (the |all |every )?prices?|price (is|should be|to) (now )?\$?0|"
    r"for free|give me (a |an )?discount|pretend)\b"
)
_GREETING = r"^(hi|hello|hey|good (morning|afternoon|evening)|yo|hiya|greetings)\b"
_THANKS = r"\b(thanks|thank you|cheers|bye|goodbye|that s all|great thanks)\b"
_OUT_OF_SCOPE = r"\b(weather|joke|poem|politic|election|football|recipe|homework|write (me )?(a|some) code|stock market|who are you|your name)\b"
_COMPARE = r"\b(compare|comparison|difference|differences|versus|vs|which (one )?(is|would be) (better|cheaper|bigger|best))\b"
_COMPLEMENT = r"\b(goes? with|go together|accessor(y|ies)|pair(s)? with|match(es)? (with )?(it|this|that)|add ons?|what else|complete (the|my) (set|setup|look)|need with)\b"
_QUESTION = (
    r"\b(how much|price of|cost of|what s the|what is the|how (wide|tall|big|heavy|deep|long|high)|does (it|this|that)|"
    r"is (it|this|that|the)|tell me (more )?about|more (details|info)|specs|dimensions|which colou?r|what colou?r|"
    r"what (size|material|brand))\b"
)
_REJECT = r"\b(not (the|that|this) ?(\w+ )?(one|item)?|don t like|do not like|no to|remove|hate|not for me|nope|not interested in)\b"
_REJECT_ALL = r"\b(none of (these|them|those)|neither|not these|none are right|all wrong)\b"
_LIKE = r"\b(i (really )?(like|love)|nice one|looks (good|great)|perfect|i prefer)\b"
_CART = r"\b(add (it|this|that|the \w+( one)?|them) to (my |the )?(cart|basket)|add to (my |the )?(cart|basket)|i ll take|i will take|buy (it|this|that|the)|put (it|this|that) in (my |the )?cart)\b"
_SIMILAR = r"\b(like the (first|second|third|fourth|fifth|last)( one)?|similar to|more like (this|that|it|the)|something like)\b"
_MORE = r"\b(show me more|more options|other options|anything else|something else|more like that|next)\b"
_NEW_NEED = r"\b(actually|instead|rather|switch to|now i need|now i want|what about|how about)\b"
_RELAX = {
    (
        "price",
        None,
        "*",
    ): r"\b(any price|forget (about )?the (price|budget)|price doesn t matter|no budget|ignore (the )?(price|budget)|money is no object)\b",
    ("brand", None, "*"): r"\b(any brand|forget (about )?the brand|brand doesn t matter|other brands too)\b",
    ("attribute", "color", "*"): r"\b(any colou?r|colou?r doesn t matter|forget (about )?the colou?r)\b",
    ("category", None, "*"): r"\b(any (kind|type|category))\b",
}
_ATTRIBUTE_WORDS = {
    "price": ("price", "cost", "how much", "expensive", "cheap"),
    "width": ("wide", "width"),
    "height": ("tall", "height", "high"),
    "depth": ("deep", "depth"),
    "color": ("color", "colour"),
    "material": ("material", "made of"),
    "brand": ("brand", "who makes"),
    "weight": ("heavy", "weight"),
    "storage": ("storage", "memory", "space"),
    "battery": ("battery",),
    "screen_size": ("screen",),
}


def understand(message: str, belief: Belief, world: World) -> tuple[BeliefUpdate, str | None]:
    """Return the belief update and, for turns that need no search, the kind of chat reply."""
    text = fold(message[:MAX_CHARS])
    if not text or _gibberish(text, world):
        return BeliefUpdate(intent="chat"), "gibberish"
    if re.search(_INJECTION, text):
        return BeliefUpdate(intent="chat"), "injection"
    if re.search(_RESET, text):
        return BeliefUpdate(intent="reset"), "reset"
    refs = resolve_references(text, belief, world)
    parsed = world.retriever.parser.parse(message[:MAX_CHARS])
    names_product = (
        bool(parsed.constraints) or bool(parsed.preferences) or _mentions_products(parsed.ranking_text, world)
    )
    if re.search(_CART, text):
        return BeliefUpdate(
            intent="feedback", add_to_cart=refs or _default_ref(belief), references=refs
        ), None
    if re.search(_COMPARE, text):
        targets = refs if len(refs) >= 2 else belief.last_shown[:3]
        return BeliefUpdate(intent="compare", references=targets), None
    if (
        re.search(_COMPLEMENT, text)
        and (refs or belief.last_shown or belief.focus)
        and not _names_category(parsed)
    ):
        anchor = refs or _default_ref(belief)
        return BeliefUpdate(intent="complement", references=anchor[:1]), None
    relax = [slot for slot, pattern in _RELAX.items() if re.search(pattern, text)]
    if re.search(_REJECT_ALL, text) and belief.last_shown:
        update = _search_update(parsed, belief, world, text, names_product)
        update.reject = list(belief.last_shown)
        return update, None
    if (
        re.search(_REJECT, text)
        and (refs or belief.focus)
        and not relax
        and not _negates_a_name(parsed.constraints)
    ):
        rejected = refs or [belief.focus or ""]
        update = _search_update(parsed, belief, world, text, names_product)
        update.reject = rejected
        update.intent = "recommend"
        return update, None
    if re.search(_LIKE, text) and refs and not names_product:
        return BeliefUpdate(intent="feedback", like=refs, references=refs), None
    if re.search(_QUESTION, text) or (text.endswith("?") and refs and not names_product):
        target = refs or _default_ref(belief)
        if target and not (names_product and not refs and _has_new_category(parsed, belief, world)):
            return BeliefUpdate(intent="answer", references=target[:1], question=_asked(text)), None
    relative = _relative(text, belief, world)
    if re.search(_SIMILAR, text) and refs:
        update = _search_update(parsed, belief, world, text, names_product)
        update.add = [*update.add, *relative]
        update.relax = _freed_by(relative)
        update.similar_to = refs[0]
        update.references = refs
        return update, None
    if names_product and not belief.need and not belief.constraints and _too_vague(parsed, world):
        return BeliefUpdate(intent="clarify", soft=parsed.soft[:3]), None
    more = bool(re.search(_MORE, text)) and bool(belief.last_shown)
    if names_product or relative or relax or more:
        update = _search_update(parsed, belief, world, text, names_product)
        update.add = [*update.add, *relative]
        # "cheaper" moves the price down: an old minimum on the same field would make it impossible
        update.relax = relax + _freed_by(relative)
        update.more = more
        return update, None
    if re.search(_GREETING, text) or re.search(_THANKS, text):
        return BeliefUpdate(intent="chat"), "greeting"
    if re.search(_OUT_OF_SCOPE, text):
        return BeliefUpdate(intent="chat"), "out_of_scope"
    if belief.need or belief.constraints:
        update = _search_update(parsed, belief, world, text, names_product)
        return update, None
    return BeliefUpdate(intent="clarify", soft=parsed.soft[:3]), None


def _search_update(parsed, belief: Belief, world: World, text: str, names_product: bool) -> BeliefUpdate:  # type: ignore[no-untyped-def]
    constraints = list(parsed.constraints)
    new_category = _has_new_category(parsed, belief, world)
    # A different kind of product starts a new need only when the shopper asks for it as such
    # ("actually a bed", "show me chairs", "lamps"); "ideally an iphone one" only describes the item.
    asks_for_it = bool(re.search(_NEW_NEED, text) or re.match(_REQUEST, text)) or len(text.split()) <= 3
    starts_over = bool(new_category and belief.need and asks_for_it)
    if new_category and belief.need and not starts_over:
        constraints = [c for c in constraints if not (c.field == "category" and c.op == "in")]
    kept_kind = not (new_category and belief.need and not starts_over)  # a new kind only as a description
    category_named = any(c.field == "category" and c.op == "in" for c in constraints) or (
        bool(parsed.preferences) and kept_kind
    )
    need = _need_text(parsed.ranking_text) if (category_named or not belief.need) and names_product else None
    vocab = world.retriever.index.lexical.vocabulary
    soft = [] if need else [w for w in parsed.soft if w in vocab and w not in _NOT_PREFERENCES][:4]
    return BeliefUpdate(
        intent="recommend",
        new_need=starts_over,
        need=need,
        add=constraints,
        soft=soft,
        answered_question=belief.open_question is not None,
    )


_REQUEST = r"^(hi |hello |hey )?(i (want|need|d like|would like|m looking for|am looking for)|show me|looking for|find me|do you have|give me)\b"
_FILLER = re.compile(
    r"\b(hi|hello|hey|i m|i am|im|looking for|i want|i need|i d like|show me|find me|none of (these|them|those)|"
    r"please|thanks|actually|instead|rather|ideally|it has to be|it should be)\b"
)


_NOT_PREFERENCES = set(
    "cheaper one ones show more option options not first second third last actually instead rather something else like want need "
    "looking also please ideal ideally these those right wrong none has have must should".split()
)


def _need_text(ranking_text: str) -> str:
    """The need in the shopper's words, without conversational filler ("actually ... instead")."""
    ranking_text = _FILLER.sub(" ", ranking_text)
    # "my" stays: "a cable to charge my iphone" is a cable, "a cable to charge iphone" might be an iPhone
    words = [
        w
        for w in ranking_text.split()
        if w not in _NOT_PREFERENCES and w not in ("a", "an", "the", "i", "me")
    ]
    return " ".join(words)


def resolve_references(text: str, belief: Belief, world: World) -> list[str]:
    """Map "the second one", "that one", "the oak one", "both" to ids of items on screen."""
    shown = belief.last_shown
    if not shown:
        return []
    refs: list[str] = []
    for word in re.findall(r"\b(first|second|third|fourth|fifth|last|1st|2nd|3rd|4th|5th)\b", text):
        position = ordinal(word)
        if position is not None and -len(shown) <= (position - 1 if position > 0 else position) < len(shown):
            refs.append(shown[position - 1 if position > 0 else position])
    for number in re.findall(r"\b(?:number|no|#|option|item)\s*(\d)\b", text):
        if 0 < int(number) <= len(shown):
            refs.append(shown[int(number) - 1])
    if re.search(r"\b(both|them|those|these|all of them)\b", text):
        refs.extend(shown[:2] if "both" in text else shown)
    if not refs:
        refs.extend(_by_name(text, shown, world))
    if not refs and re.search(r"\b(it|that one|this one|that|this)\b", text):
        refs.append(belief.focus or shown[0])
    return list(dict.fromkeys(refs))


def _by_name(text: str, shown: list[str], world: World) -> list[str]:
    """The shown item whose title shares a distinctive word with the message ("the oak one")."""
    words = set(phrase(text).split()) - STOPWORDS  # "what goes with it?" names no item by "with"
    scored = []
    for product in world.products(shown):
        title_words = set(phrase(product.title).split())
        distinct = title_words - set().union(
            *(set(phrase(p.title).split()) for p in world.products(shown) if p.id != product.id)
        )
        overlap = len(words & distinct)
        if overlap or fuzz.partial_ratio(phrase(product.title), phrase(text)) > 92:
            scored.append((overlap, product.id))
    scored.sort(reverse=True)
    return [scored[0][1]] if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]) else []


def _default_ref(belief: Belief) -> list[str]:
    for candidate in (belief.focus, *(belief.cart[-1:]), *(belief.liked[-1:]), *(belief.last_shown[:1])):
        if candidate:
            return [candidate]
    return []


def _relative(text: str, belief: Belief, world: World) -> list[Constraint]:
    """ "cheaper", "bigger": bounds relative to what is on screen."""
    shown = world.products(belief.last_shown)
    out: list[Constraint] = []
    prices = [p.price for p in shown if p.price is not None]
    if (
        prices
        and re.search(
            r"\b(cheaper|less expensive|lower price|more affordable|too expensive|too pricey)\b", text
        )
        and not re.search(r"\bcheaper than \d", text)
    ):
        out.append(Constraint(field="price", op="lt", value=min(prices), unit=world.catalog.currency))
    elif prices and re.search(r"\b(more expensive|pricier|higher end|better quality)\b", text):
        out.append(Constraint(field="price", op="gt", value=max(prices), unit=world.catalog.currency))
    widths = [w for p in shown if (w := p.numeric("width")) is not None]
    if widths and re.search(r"\b(bigger|larger|wider)\b", text):
        out.append(Constraint(field="attribute", name="width", op="gt", value=max(widths), unit="cm"))
    elif widths and re.search(r"\b(smaller|narrower|more compact|too big)\b", text):
        out.append(Constraint(field="attribute", name="width", op="lt", value=min(widths), unit="cm"))
    return out


def _freed_by(relative: list[Constraint]) -> list[tuple[str, str | None, str]]:
    """ "cheaper" moves the price down: an old minimum or range on that field would make it impossible."""
    return [
        (c.field, c.name, side)
        for c in relative
        for side in (("min", "range") if c.op in ("lt", "le") else ("max", "range"))
    ]


def _asked(text: str) -> str | None:
    for name, cues in _ATTRIBUTE_WORDS.items():
        if any(re.search(rf"\b{cue}\b", text) for cue in cues):
            return name
    return None


def _has_new_category(parsed, belief: Belief, world: World) -> bool:  # type: ignore[no-untyped-def]
    """True when the message names a kind of product other than the one the belief is about.

    A kind is named by a category filter or by a category preference (a loose word such as "iphone 7
    case" ranks instead of filtering); the belief's preferred kind comes from its need, parsed again.
    """
    new = _kinds(parsed)
    old = _kinds(world.retriever.parser.parse(belief.need)) if belief.need else set()
    old |= {v for c in belief.constraints if c.field == "category" and c.op == "in" for v in c.values}
    return bool(new) and bool(old) and not (new & old)


def _kinds(parsed) -> set[str]:  # type: ignore[no-untyped-def]
    named = (*parsed.constraints, *parsed.preferences)
    return {v for c in named if c.field == "category" and c.op == "in" for v in c.values}


def _names_category(parsed) -> bool:  # type: ignore[no-untyped-def]
    """ "phone accessories" names what to search for; "accessories for it" asks what goes with an item."""
    return bool(_kinds(parsed))


def _negates_a_name(constraints: list[Constraint]) -> bool:
    return any(c.is_negative for c in constraints)


def _mentions_products(ranking_text: str, world: World) -> bool:
    words = [w for w in phrase(ranking_text).split() if len(w) > 2]
    vocab = world.retriever.index.lexical.vocabulary
    return any(w in vocab and vocab[w] < max(50, len(world.retriever.index.ids) // 4) for w in words)


def _too_vague(parsed, world: World) -> bool:  # type: ignore[no-untyped-def]
    """True when nothing was constrained and the best matches spread over many kinds of product."""
    if parsed.constraints or parsed.preferences:
        return False
    if not any(w in world.retriever.index.title_words for w in phrase(parsed.ranking_text).split()):
        return True  # only marketing words ("a gift"): nothing names a kind of product
    result = world.retriever.search(parsed, constraints=[], k=20)
    leaves = [p.leaf_category for p in world.products([c.id for c in result.candidates])]
    top = max((leaves.count(leaf) for leaf in set(leaves)), default=0)
    return top < 0.5 * max(len(leaves), 1)


def _gibberish(text: str, world: World) -> bool:
    words = [w for w in text.split() if w.isalpha()]
    if not words:
        return not any(ch.isdigit() for ch in text)
    vocab = world.retriever.index.vocabulary
    known = sum(1 for w in words if vocab.known(w) or vocab.correct(w) != w or w in _COMMON)
    return known == 0 and len(words) <= 12


_COMMON = set(
    "i you we it is are am was be do does want need looking for something show me please can could would "
    "like what which how much many why when where who ok okay yes no sure maybe good great bad fine".split()
)
