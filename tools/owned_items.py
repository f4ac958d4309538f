"""What a shopper already owns, read from an accessory's own title: history -> item training queries.

"Case for Apple iPhone 7 - Black" names the product it is made for (read by `history_titles`, the
same reading the history model's fit rules use). When another product in the catalog carries that
name, a shopper who owns it may ask "i just bought the apple iphone 7 32gb, what case goes with it":
the query speaks of the owned item, the answer is the accessory. Only names that belong to a catalog
product count, so "for most micro usb devices" makes no query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from convrec.tools.catalog import Product
from convrec.tools.history_titles import model_text, raw_targets

# words that turn a model into another one: an "iphone 7 plus" is no "iphone 7"
VARIANTS = {"plus", "edge", "mini", "max", "pro", "xl", "active", "neo", "lite", "note", "se", "s", "c"}


@dataclass(frozen=True)
class Owned:
    family: str  # the model name both titles share ("apple iphone 7")
    owner: Product  # a catalog product of that name in another category


class OwnedItems:
    """For an accessory: the catalog product it is made for, if its title names one."""

    def __init__(self, products: Sequence[Product]) -> None:
        self._titles: dict[str, list[tuple[str, Product]]] = {}
        for p in sorted(products, key=lambda p: -p.popularity):  # the best-known owner first
            title = f" {model_text(p.title)} "
            if " for " in title:
                continue  # another add-on made "for" something is nobody's owned product
            for word in set(title.split()):
                self._titles.setdefault(word, []).append((title, p))

    def of(self, accessory: Product) -> Owned | None:
        for family in raw_targets(accessory.title):
            owner = self._owner(family, accessory)
            if owner is not None:
                return Owned(family, owner)
        return None

    def _owner(self, family: str, accessory: Product) -> Product | None:
        needle = f" {family} "
        longer = [f" {family} {v} " for v in VARIANTS]
        rarest = min(family.split(), key=lambda w: len(self._titles.get(w, ())))
        for title, p in self._titles.get(rarest, ()):
            if (
                needle in title
                and not any(n in title for n in longer)
                and p.leaf_category != accessory.leaf_category
            ):
                return p
        return None
