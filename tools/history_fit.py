"""Decide whether an add-on fits a product, from the few catalog facts the history model keeps per item."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from convrec.tools.catalog import Product
from convrec.tools.text import fold

FITS_ATTRIBUTES = ("compatible_with", "fits_laptop", "fits")
SIZE_ATTRIBUTES = ("screen_size", "display_size", "screen")


class ProductSource(Protocol):
    def get(self, product_id: str) -> Product | None: ...

    def get_many(self, product_ids: Sequence[str]) -> list[Product]: ...

    def all_ids(self) -> list[str]: ...


@dataclass(frozen=True)
class Note:
    """What the model remembers about a product: enough for categories, popularity and fit."""

    category: str
    popularity: float = 0.0
    title: str = ""  # folded
    fits: str | float | None = None  # what an accessory fits: a folded family ("aurora x12") or a size
    size: float | None = None  # screen size, in base units
    connector: str | None = None
    family: str | None = None  # the longest accessory family named in the title ("aurora x12 pro")

    @classmethod
    def of(cls, product: Product, families: Iterable[str] = ()) -> Note:
        fits: str | float | None = None
        for name in FITS_ATTRIBUTES:
            attr = product.attributes.get(name)
            if attr is not None:
                fits = fold(attr.value) if isinstance(attr.value, str) else float(attr.value)
                break
        size = next((product.numeric(n) for n in SIZE_ATTRIBUTES if product.numeric(n) is not None), None)
        plug = product.attributes.get("connector")
        title = fold(product.title)
        named = [f for f in families if f" {f} " in f" {title} "]
        family = max(named, key=len) if named and fits is None else None
        connector = fold(str(plug.value)) if plug else None
        return cls(product.leaf_category, product.popularity, title, fits, size, connector, family)


def fits(anchor: Note, other: Note) -> bool | None:
    """Whether two products go together physically; None when neither says what it fits."""
    verdicts = [_fits_one(a, b) for a, b in ((other, anchor), (anchor, other)) if a.fits is not None]
    if anchor.connector and other.connector:
        verdicts.append(anchor.connector == other.connector)
    known = [v for v in verdicts if v is not None]
    return all(known) if known else None


def _fits_one(accessory: Note, product: Note) -> bool | None:
    if isinstance(accessory.fits, str):
        target = product.fits if isinstance(product.fits, str) else product.family
        return accessory.fits == target if target else f" {accessory.fits} " in f" {product.title} "
    if product.size is None or accessory.fits is None:
        return None
    # a bag or sleeve fits screens up to its size, and not ones much smaller that slide around in it
    return 0.88 * accessory.fits <= product.size <= 1.02 * accessory.fits


def read_notes(catalog: ProductSource) -> dict[str, Note]:
    products = getattr(catalog, "iter_products", None)
    listed = list(products() if callable(products) else catalog.get_many(catalog.all_ids()))
    families = families_of(Note.of(p) for p in listed)
    return {p.id: Note.of(p, families) for p in listed}


def families_of(notes: Iterable[Note]) -> set[str]:
    return {n.fits for n in notes if isinstance(n.fits, str) and n.fits}
