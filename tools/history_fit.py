"""Decide whether an add-on fits a product, from the few catalog facts the history model keeps per item."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from convrec.tools.catalog import Product
from convrec.tools.history_titles import (
    SEPARATOR,
    backed_targets,
    families_named,
    model_text,
    product_lines,
    raw_targets,
)

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
    # what an accessory fits: folded families joined by "|" ("iphone 6|iphone 6s"), or a size
    fits: str | float | None = None
    size: float | None = None  # screen size, in base units
    connector: str | None = None
    family: str | None = None  # the longest accessory family named in the title ("aurora x12 pro")

    @classmethod
    def of(cls, product: Product, families: Iterable[str] = (), lines: set[str] | None = None) -> Note:
        """Read the note; `families` (from `read_notes`) let a title say what it fits and what it is."""
        families = set(families)
        fits = _attribute_fits(product)
        if fits is None:  # no column says it: "Case for Apple iPhone 7 - Black" does
            lines = product_lines(families) if lines is None else lines
            fits = SEPARATOR.join(backed_targets(raw_targets(product.title), families, lines)) or None
        size = next((product.numeric(n) for n in SIZE_ATTRIBUTES if product.numeric(n) is not None), None)
        plug = product.attributes.get("connector")
        title = model_text(product.title)
        padded = f" {title} "
        # the model named last and longest is the product's own: "iphone 7 plus" over "iphone 7"
        named = [(padded.rfind(f" {f} ") + len(f), len(f), f) for f in families if f" {f} " in padded]
        family = max(named)[2] if named and fits is None else None
        connector = model_text(str(plug.value)) if plug else None
        return cls(product.leaf_category, product.popularity, title, fits, size, connector, family)


def _attribute_fits(product: Product) -> str | float | None:
    for name in FITS_ATTRIBUTES:
        attr = product.attributes.get(name)
        if attr is not None:
            return model_text(attr.value) if isinstance(attr.value, str) else float(attr.value)
    return None


def fits(anchor: Note, other: Note) -> bool | None:
    """Whether two products go together physically; None when neither says what it fits."""
    verdicts = [_fits_one(a, b) for a, b in ((other, anchor), (anchor, other)) if a.fits is not None]
    if anchor.connector and other.connector:
        verdicts.append(anchor.connector == other.connector)
    known = [v for v in verdicts if v is not None]
    return all(known) if known else None


def _fits_one(accessory: Note, product: Note) -> bool | None:
    if isinstance(accessory.fits, str):
        targets = set(accessory.fits.split(SEPARATOR))
        if isinstance(product.fits, str):  # two add-ons go together when they fit one model
            return bool(targets & set(product.fits.split(SEPARATOR)))
        if product.family:
            return product.family in targets
        return any(f" {t} " in f" {product.title} " for t in targets)
    if product.size is None or accessory.fits is None:
        return None
    # a bag or sleeve fits screens up to its size, and not ones much smaller that slide around in it
    return 0.88 * accessory.fits <= product.size <= 1.02 * accessory.fits


def read_notes(catalog: ProductSource) -> dict[str, Note]:
    """Notes for every product; families come from fit columns and from titles' "for ..." clauses."""
    products = getattr(catalog, "iter_products", None)
    listed = list(products() if callable(products) else catalog.get_many(catalog.all_ids()))
    said = {p.id: _attribute_fits(p) for p in listed}
    wanted = {p.id: raw_targets(p.title) for p in listed if said[p.id] is None}
    anchors = [model_text(p.title) for p in listed if said[p.id] is None and not wanted[p.id]]
    targets = {t for found in wanted.values() for t in found}
    families = {f for v in said.values() if isinstance(v, str) for f in v.split(SEPARATOR) if f}
    makers = {model_text(p.brand) for p in listed if p.brand}
    families |= families_named(sorted(targets), anchors, makers)
    lines = product_lines(families) | makers  # "for Sony Xperia Z3": a model, even if none is stocked
    return {p.id: Note.of(p, families, lines) for p in listed}


def families_of(notes: Iterable[Note]) -> set[str]:
    return {f for n in notes if isinstance(n.fits, str) for f in n.fits.split(SEPARATOR) if f}


class FitIndex:
    """Which products fit a given one, found through what add-ons name instead of testing every pair."""

    def __init__(self, notes: Mapping[str, Note]) -> None:
        self._notes = notes
        self._by_target: dict[str, list[str]] = {}
        self._scan: list[str] = []  # sizes and connectors are not names: these are tested one by one
        for item, note in notes.items():
            if isinstance(note.fits, str):
                for target in note.fits.split(SEPARATOR):
                    self._by_target.setdefault(target, []).append(item)
            elif note.fits is not None or note.connector:
                self._scan.append(item)
        self._cache: dict[str, list[str]] = {}

    def fitting(self, item_id: str) -> list[str]:
        """Products of other categories that fit this one (add-ons that say so), in catalog order."""
        if item_id in self._cache:
            return self._cache[item_id]
        anchor = self._notes.get(item_id)
        if anchor is None:
            return []
        if isinstance(anchor.fits, str):
            named = anchor.fits.split(SEPARATOR)
        elif anchor.family:
            named = [anchor.family]
        else:
            named = [t for t in self._by_target if f" {t} " in f" {anchor.title} "]
        candidates = [j for t in named for j in self._by_target.get(t, ())] + self._scan
        found = [
            j
            for j in dict.fromkeys(candidates)
            if j != item_id
            and self._notes[j].category != anchor.category
            and fits(anchor, self._notes[j]) is True
        ]
        self._cache[item_id] = found
        return found
