"""The embedded engine's wording: templates with variety, filled only from the draft's facts."""

from __future__ import annotations

import hashlib

from convrec.agent.belief import Belief
from convrec.agent.draft import Draft, ProductPoint

_OPENERS = {
    "recommend": [
        "Here are {n} options that fit:",
        "These {n} look like a good match:",
        "I found {matched} matches; the best {n}:",
    ],
    "recommend_one": [
        "Here is one option that fits:",
        "This one looks like a good match:",
        "I found {matched} matches; the best one:",
    ],
    "complement": [
        "These go well with the {anchor}:",
        "To go with the {anchor}, shoppers pick:",
        "Good companions for the {anchor}:",
    ],
    "empty": [
        "Nothing in the catalog meets all of that.",
        "I couldn't find anything that meets every requirement.",
    ],
}
_CHAT = {
    "greeting": [
        'Hi! Tell me what you\'re shopping for, e.g. "{example}".',
        'Hello! What are you looking for today? For example: "{example}".',
    ],
    "gibberish": ["Sorry, I didn't catch that. Could you say what you're looking for, e.g. \"{example}\"?"],
    "out_of_scope": [
        'I can only help with shopping in this catalog. What are you looking for? For example: "{example}".'
    ],
    "injection": [
        "I can't change prices or my rules: every price I show comes straight from the catalog. What can I help you find?"
    ],
    "reset": ["Okay, starting fresh. What are you looking for?"],
    "no_reference": [
        'Which item do you mean? Ask me for recommendations first, then refer to them as "the first one" or by name.'
    ],
}


def pick(options: list[str], seed: str) -> str:
    """Choose a variant deterministically, so a replayed conversation reads the same."""
    digest = int(hashlib.sha1(seed.encode()).hexdigest()[:8], 16)
    return options[digest % len(options)]


def product_line(rank: int, p: ProductPoint, show_why: bool = True) -> str:
    line = f"{rank}. {p.title} — {p.price_text}"
    if p.note:
        line += f" ({p.note})"
    if show_why and p.why:
        line += f". Why: {'; '.join(p.why)}."
    return line


def compose(draft: Draft, belief: Belief, example: str) -> str:
    seed = f"{belief.turns}:{draft.kind}:{','.join(p.id for p in draft.products)}"
    if draft.kind in _CHAT:
        return pick(_CHAT[draft.kind], seed).format(example=example)
    lines: list[str] = []
    if draft.understood:
        lines.append("(Reading " + ", ".join(f'"{a}" as "{b}"' for a, b in draft.understood.items()) + ".)")
    if draft.acknowledged and draft.kind != "feedback":
        lines.append("Noted: " + "; ".join(draft.acknowledged) + ".")
    if draft.kind == "clarify":
        lines.append(draft.question or "What are you looking for?")
        if draft.options:
            lines.append("For example: " + ", ".join(draft.options) + ".")
    elif draft.kind == "recommend":
        opener = _OPENERS["recommend_one" if len(draft.products) == 1 else "recommend"]
        lines.append(pick(opener, seed).format(n=len(draft.products), matched=draft.matched))
        lines += [product_line(i, p) for i, p in enumerate(draft.products, 1)]
        lines.append(
            'Tell me what you think: "cheaper", "not the first one", "compare 1 and 2", "what goes with it?"'
        )
    elif draft.kind == "empty":
        lines.append(pick(_OPENERS["empty"], seed))
        if draft.relaxations:
            lines.append("To see options you could " + " or ".join(draft.relaxations[:2]) + ".")
        if draft.products:
            lines.append("Closest options:")
            lines += [product_line(i, p) for i, p in enumerate(draft.products, 1)]
    elif draft.kind == "complement":
        anchor = draft.anchor.title if draft.anchor else "it"
        lines.append(pick(_OPENERS["complement"], seed).format(anchor=anchor))
        lines += [product_line(i, p) for i, p in enumerate(draft.products, 1)]
    elif draft.kind == "answer":
        lines += _answer(draft)
    elif draft.kind == "compare":
        lines += _compare(draft)
    elif draft.kind == "feedback":
        lines += draft.acknowledged
        lines.append("Anything else? I can find more like it or suggest what goes with it.")
    return "\n".join(line for line in lines if line)


def _answer(draft: Draft) -> list[str]:
    if not draft.products:
        return ["Which item do you mean?"]
    p = draft.products[0]
    asked = (draft.asked or "").replace("_", " ")
    if asked == "price":
        return [f"The {p.title} costs {p.price_text}."]
    if asked and asked in p.facts:
        return [f"The {p.title}: {asked} {p.facts[asked]}."]
    if asked:
        known = "; ".join(f"{k} {v}" for k, v in p.facts.items())
        return [f"The catalog doesn't list the {asked} of the {p.title}. What it does say: {known}."]
    facts = "; ".join(f"{k}: {v}" for k, v in p.facts.items())
    return [f"{p.title} — {facts}."]


def _compare(draft: Draft) -> list[str]:
    if len(draft.products) < 2:
        return ["I need at least two items on screen to compare. Ask for recommendations first."]
    lines = ["Side by side:"]
    names = list(dict.fromkeys(k for p in draft.products for k in p.facts))
    for i, p in enumerate(draft.products, 1):
        lines.append(
            f"{i}. {p.title}: " + "; ".join(f"{k} {p.facts[k]}" for k in names if k in p.facts) + "."
        )
    cheapest = min(
        (p for p in draft.products if p.price is not None), key=lambda p: p.price or 0.0, default=None
    )
    if cheapest is not None:
        lines.append(f"The cheapest is the {cheapest.title} at {cheapest.price_text}.")
    return lines
