"""What a shopper already owns, read from an accessory's own title: history -> item training queries.

"Case for Apple iPhone 7 - Black" names the product it is made for. When another product in the
catalog (in another category) carries that name, a shopper who owns it may ask "i just bought the
apple iphone 7 32gb, what case goes with it": the query speaks of the owned item, the answer is the
accessory. Only names that really belong to a catalog product count, so "for most micro usb devices"
makes no query.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from convrec.tools.catalog import Product
from convrec.tools.text import fold

_MADE_FOR = re.compile(r"\bfor (?:the |your |select |most )?(.+?)(?: - |,|\(|$)", re.I)
_MAX_WORDS = 6
VARIANTS = {"plus", "edge", "mini", "max", "pro", "xl", "active", "neo", "lite", "note", "se", "s", "c"}


@dataclass(frozen=True)
class Owned:
    family: str  # the folded name both titles share ("apple iphone 7")
    owner: Product  # a catalog product of that name in another category


class OwnedItems:
    """For an accessory: the catalog product it is made for, if its title names one."""

    def __init__(self, products: Sequence[Product]) -> None:
        self._titles: dict[str, list[tuple[str, Product]]] = {}
        for p in sorted(products, key=lambda p: -p.popularity):  # the best-known owner first
            title = f" {fold(p.title)} "
            for word in set(title.split()):
                self._titles.setdefault(word, []).append((title, p))

    def of(self, accessory: Product) -> Owned | None:
        match = _MADE_FOR.search(re.sub(r"[®™©]", "", accessory.title))
        if match is None:
            return None
        named = re.split(r" (?:and|or|&) ", fold(match.group(1)))[0]  # "iphone 6 and 6s" -> "iphone 6"
        words = named.split()[:_MAX_WORDS]
        while len(words) >= 2:
            family = " ".join(words)
            owner = self._owner(family, accessory)
            if owner is not None:
                return Owned(family, owner)
            if not words[-1].isalpha() or words[-1] in VARIANTS:
                return None  # "iphone 7 plus" is not an "iphone 7": never cut a model name short
            words = words[:-1]  # "galaxy s6 cell phones" -> "galaxy s6"
        return None

    def _owner(self, family: str, accessory: Product) -> Product | None:
        needle = f" {family} "
        rarest = min(family.split(), key=lambda w: len(self._titles.get(w, ())))
        for title, p in self._titles.get(rarest, ()):
            if needle in title and p.leaf_category != accessory.leaf_category and _for_nothing(title):
                return p
        return None


def _for_nothing(title: str) -> bool:
    """An owner is a product in its own right, not another accessory made "for" the same thing."""
    return " for " not in title
