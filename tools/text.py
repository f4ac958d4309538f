"""Text normalisation shared by the stores, the parser and the lexical index.

Names are matched case- and accent-insensitively (POÄNG = Poang), so every comparison goes through
`fold`. Tokens are lightly singularised so "desks" finds "desk" without a stemmer dependency.
"""

from __future__ import annotations

import re
import unicodedata

_TRADEMARKS = str.maketrans("", "", "™®©℠")
_NON_WORD = re.compile(r"[^0-9a-z.]+")
_TOKEN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
# "no annual contract", "No-Contract", "without magnets": the word a listing says it lacks, after
# at most one filler; "Non-slip grip" still has a grip
_REFUSAL = re.compile(
    r"\b(?:no|without|non|never|not)(?:\s+|-)"
    r"(?:(?:a|an|the|any|annual|monthly|extra|additional|hidden|more)\s+)?[\w']+",
    re.I,
)


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse punctuation to single spaces."""
    if text.isascii():  # most catalog text: nothing to decompose
        ascii_only = text
    else:
        # trademark signs are decoration, not letters: NFKD would turn "Insignia™" into "insigniatm"
        marks_removed = text.translate(_TRADEMARKS)
        decomposed = unicodedata.normalize("NFKD", marks_removed)
        ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
        ascii_only = ascii_only.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("ł", "l")
    lowered = ascii_only.lower().replace("-", " ").replace("/", " ")
    return _NON_WORD.sub(" ", lowered).strip(" .")


def without_refusals(text: str) -> str:
    """Copy minus what it says the product lacks: "No annual contract." mentions no contract."""
    return _REFUSAL.sub(" ", text)


def singular(token: str) -> str:
    """Return a naive singular form; good enough for shop nouns (desks, boxes, shelves)."""
    if len(token) <= 3 or token.isdigit():
        return token
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith("ves") and len(token) > 4:
        return token[:-3] + "f"
    if token.endswith(("ches", "shes", "sses", "xes")):
        return token[:-2]
    if token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    """Split folded text into singularised word and number tokens."""
    return [singular(t) for t in _TOKEN.findall(fold(text))]


def phrase(text: str) -> str:
    """Return the canonical form of a short name (brand, category, colour) for exact matching."""
    return " ".join(tokens(text))
