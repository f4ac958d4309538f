"""What a product's description says it lets a shopper do, as the shopper would ask for it.

Listings often open a sentence with what the product is for: "Charge and power your mobile device at
home with this Dynex wall charger." Its first clause, in the shopper's voice ("charge and power my
mobile device at home"), is a vague-need query whose answer is the product, with no product name in
it: the kind of request ("keep my phone charged on a trip") that names no category.
"""

from __future__ import annotations

import re

from convrec.tools.text import fold

# how product copy starts a sentence about what the product does for the shopper
VERBS = frozenset(
    """add armor attach avoid boost bring capture carry change charge check clean connect control cover
    create customize defend dress enhance enjoy ensure express extend find free get give go guard hear
    hold keep let listen make mount organize personalize play power prevent print protect record
    recharge reduce refresh replace safeguard save secure see share shield show shop snap store stream
    stay stop switch sync take talk toughen track transform turn update upgrade use view watch wrap""".split()
)
# a clause ends where the copy turns to the product itself ("... with this charger", "..., which")
_CUT = re.compile(
    r"\s*(?:[,;:()!?]|\s-\s|\b(?:with|using|from|by|thanks to|via) (?:this|these|the|its|a|an)\b"
    r"|\b(?:while|when|that|which|so|because|thanks to)\b)"
)
_VOICE = tuple(
    (re.compile(pattern, re.I), word)
    for pattern, word in (
        (r"\byour\b", "my"),
        (r"\byou're\b", "i'm"),
        (r"\byourself\b", "myself"),
        (r"\b(lets?|helps?|gives?|keeps?|allows?|enables?|tells?|shows?|for|to|with|at)\s+you\b", r"\1 me"),
        (r"\byou\b", "i"),
    )
)


def in_my_voice(text: str) -> str:
    """Product copy addressed to "you", as the shopper would say it: "protect your phone" -> "protect my phone"."""
    for pattern, word in _VOICE:
        text = pattern.sub(word, text)
    return text


def needs(description: str, own_words: set[str]) -> list[str]:
    """First clauses of the description's sentences that ask for something, in the shopper's voice.

    A clause naming the product's own brand (`own_words`) is left out: it would teach that the need
    is the brand.
    """
    out: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", description):
        clause = in_my_voice(_CUT.split(sentence.strip().rstrip("."), maxsplit=1)[0])
        words = fold(clause).split()
        if not 2 <= len(words) <= 10 or words[0] not in VERBS or own_words & set(words):
            continue
        out.append(" ".join(words))
    return list(dict.fromkeys(out))
