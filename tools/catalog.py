"""The product model and the `Catalog` protocol every store and fake implements."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Protocol

from convrec.tools.text import fold, phrase, without_refusals
from convrec.tools.units import display
from pydantic import BaseModel, Field


class Attribute(BaseModel):
    """One fact about a product: a number in its dimension's base unit, or a short text value."""

    value: float | str
    unit: str | None = None

    def render(self) -> str:
        if isinstance(self.value, float | int) and not isinstance(self.value, bool):
            return display(float(self.value), self.unit)
        return str(self.value)


class Product(BaseModel):
    id: str
    title: str
    category: list[str] = Field(default_factory=list)
    brand: str | None = None
    price: float | None = None
    currency: str = "USD"
    description: str = ""
    url: str | None = None
    image: str | None = None
    popularity: float = 0.0
    attributes: dict[str, Attribute] = Field(default_factory=dict)
    search_text: str = ""  # extra searchable text named by the mapping

    def content_hash(self) -> str:
        """Hash of everything that defines the product, to detect changes on re-ingest."""
        payload = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha1(payload.encode()).hexdigest()

    @property
    def leaf_category(self) -> str:
        return self.category[-1] if self.category else ""

    def category_phrases(self) -> set[str]:
        return {phrase(c) for c in self.category}

    def numeric(self, name: str) -> float | None:
        attr = self.attributes.get(name)
        if attr is None or isinstance(attr.value, str):
            return None
        return float(attr.value)

    def embedding_text(self) -> str:
        """The text the dense model sees: what a shopper would say about the product."""
        facts = "; ".join(f"{k.replace('_', ' ')} {a.render()}" for k, a in self.attributes.items())
        parts = [self.title, " > ".join(self.category), self.brand or "", facts, self.description[:300]]
        return ". ".join(p for p in parts if p)

    def lexical_text(self) -> str:
        """The text BM25 indexes; the title counts twice because shoppers name products."""
        values = " ".join(f"{k.replace('_', ' ')} {a.render()}" for k, a in self.attributes.items())
        return " ".join(
            [
                self.title,
                self.title,
                " ".join(self.category),
                self.brand or "",
                values,
                self.search_text,
                self.description,
            ]
        )

    def folded_text(self) -> str:
        """Folded text for exclusion checks ("no glass doors"): what the product is and has.

        What its listing says it lacks is left out, so "a hotspot without a contract" does not refuse
        a "No-Contract Hotspot" or one whose copy says "no annual contract".
        """
        said = " . ".join([self.title, *self.category, self.description, self.search_text])
        return fold(f"{without_refusals(said)} {' '.join(a.render() for a in self.attributes.values())}")

    def text_phrase(self) -> str:
        """`folded_text` as canonical phrases padded with spaces, for " word " containment tests
        (the facts store keeps it as the `text_phrase` column)."""
        return f" {phrase(self.folded_text())} "


class Catalog(Protocol):
    """Where product facts come from: the only source of prices and attributes."""

    name: str

    def get(self, product_id: str) -> Product | None: ...

    def get_many(self, product_ids: Sequence[str]) -> list[Product]: ...

    def all_ids(self) -> list[str]: ...

    def __len__(self) -> int: ...


class MemoryCatalog:
    """A small in-memory catalog for tests and fixtures; same contract as the SQLite store."""

    def __init__(self, products: Iterable[Product], name: str = "memory", currency: str = "USD") -> None:
        self.name = name
        self.currency = currency
        self._products = {p.id: p for p in products}

    def get(self, product_id: str) -> Product | None:
        return self._products.get(product_id)

    def get_many(self, product_ids: Sequence[str]) -> list[Product]:
        return [self._products[i] for i in product_ids if i in self._products]

    def all_ids(self) -> list[str]:
        return list(self._products)

    def products(self) -> list[Product]:
        return list(self._products.values())

    def __len__(self) -> int:
        return len(self._products)
