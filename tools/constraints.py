"""Hard constraints: what a product must (or must not) be. Checked exactly, never approximately.

A `Constraint` is evaluated two ways that must agree: `satisfied_by` in Python (the truth, used by
grounding and evaluation) and `catalog_sql.compile_constraints` in SQLite (the fast filter). A test
runs both over the same fixture catalog.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from convrec.tools.catalog import Product
from convrec.tools.facts import format_price
from convrec.tools.text import fold, phrase
from pydantic import BaseModel, Field

FieldKind = Literal["price", "category", "brand", "attribute", "text"]
Op = Literal["lt", "le", "gt", "ge", "between", "eq", "in", "not_in"]

NUMERIC_OPS = ("lt", "le", "gt", "ge", "between", "eq")


class Constraint(BaseModel):
    """One hard requirement. Numeric values are in the base unit (or the catalog currency)."""

    field: FieldKind
    op: Op
    # the attribute's name when field == "attribute"; "title" when a text test reads the title only
    name: str | None = None
    value: float | None = None  # lt/le/gt/ge/eq
    low: float | None = None  # between, inclusive
    high: float | None = None
    values: list[str] = Field(default_factory=list)  # in/not_in: canonical phrases
    unit: str | None = None  # base unit, or the currency for price

    @property
    def is_numeric(self) -> bool:
        return self.op in NUMERIC_OPS

    @property
    def is_negative(self) -> bool:
        return self.op == "not_in"

    def slot(self) -> tuple[str, str | None, str]:
        """Constraints in the same slot replace each other ("under 300" after "under 500")."""
        if self.is_numeric:
            direction = {"lt": "max", "le": "max", "gt": "min", "ge": "min"}.get(self.op, "range")
            return (self.field, self.name, direction)
        return (self.field, self.name, "not" if self.is_negative else "is")

    def bounds(self) -> tuple[float, float]:
        """Closed interval the value must fall in (strict ops shift by a cent-sized epsilon)."""
        eps = 1e-6
        match self.op:
            case "lt":
                return (float("-inf"), (self.value or 0) - eps)
            case "le":
                return (float("-inf"), self.value or 0)
            case "gt":
                return ((self.value or 0) + eps, float("inf"))
            case "ge":
                return (self.value or 0, float("inf"))
            case "eq":
                return (self.value or 0, self.value or 0)
            case _:
                low = self.low if self.low is not None else float("-inf")
                high = self.high if self.high is not None else float("inf")
                return (low, high)

    def satisfied_by(self, product: Product) -> bool:
        if self.field == "text":
            return _text_ok(self, product)
        if self.is_numeric:
            observed = product.price if self.field == "price" else product.numeric(self.name or "")
            if observed is None:
                return False
            low, high = self.bounds()
            return low <= observed <= high
        have = _phrases(self, product)
        hit = bool(have & set(self.values))
        if self.op == "not_in" and self.field == "attribute":
            title = f" {phrase(product.title)} "
            hit = hit or any(f" {v} " in title for v in self.values)
        return hit if self.op == "in" else not hit

    def describe(self) -> str:
        """Say the constraint the way a shopper would recognise it."""
        subject = {"price": "price", "category": "category", "brand": "brand", "text": "mentions"}.get(
            self.field, (self.name or "").replace("_", " ")
        )
        if self.is_numeric:
            unit = self.unit or ""

            def fmt(v):
                return f"{v:g} {unit}".strip()

            match self.op:
                case "lt":
                    return f"{subject} under {fmt(self.value or 0)}"
                case "le":
                    return f"{subject} at most {fmt(self.value or 0)}"
                case "gt":
                    return f"{subject} over {fmt(self.value or 0)}"
                case "ge":
                    return f"{subject} at least {fmt(self.value or 0)}"
                case "eq":
                    return f"{subject} exactly {fmt(self.value or 0)}"
            if self.low is not None and self.high is not None:
                return f"{subject} between {fmt(self.low)} and {fmt(self.high)}"
            return f"{subject} {'at least ' + fmt(self.low) if self.low is not None else 'at most ' + fmt(self.high or 0)}"
        joined = " or ".join(self.values)
        if self.field == "text":
            return f"no {joined}" if self.op == "not_in" else f"mentions {joined}"
        return f"{subject} not {joined}" if self.op == "not_in" else f"{subject} {joined}"

    def fit_reason(self, product: Product) -> str | None:
        """Explain, from the product's own facts, how it meets this constraint."""
        if not self.satisfied_by(product):
            return None
        if self.field == "price" and product.price is not None:
            limit = {"lt": "under", "le": "within"}.get(self.op)
            if limit and self.value is not None:
                return f"{format_price(product.price, product.currency)}, {limit} your {self.value:g} limit"
            return f"{format_price(product.price, product.currency)}, in your range"
        if self.field == "attribute" and self.is_numeric and self.name:
            attr = product.attributes[self.name]
            return f"{self.name.replace('_', ' ')} {attr.render()} as you asked"
        if self.op == "not_in":
            return f"not {' or '.join(self.values)}"
        if self.field == "brand":
            return f"by {product.brand}"
        if self.field == "attribute" and self.name:
            return f"{self.name.replace('_', ' ')} {product.attributes[self.name].render()}"
        return None


def _phrases(c: Constraint, product: Product) -> set[str]:
    if c.field == "category":
        return product.category_phrases()
    if c.field == "brand":
        return {phrase(product.brand)} if product.brand else set()
    attr = product.attributes.get(c.name or "")
    if attr is None or not isinstance(attr.value, str):
        return set()
    return {phrase(attr.value)}


def _text_ok(c: Constraint, product: Product) -> bool:
    text = f" {phrase(product.title)} " if c.name == "title" else product.text_phrase()
    hit = any(f" {v} " in text for v in c.values)
    return not hit if c.op == "not_in" else hit


def wanted_categories(constraints: Iterable[Constraint]) -> set[str]:
    """The categories these constraints ask for (not the ones they refuse)."""
    return {v for c in constraints if c.field == "category" and c.op == "in" for v in c.values}


def satisfies_all(product: Product, constraints: list[Constraint]) -> bool:
    return all(c.satisfied_by(product) for c in constraints)


def text_phrase(raw: str) -> str:
    """Canonical phrase for a text exclusion ("glass doors" -> "glass door")."""
    return phrase(fold(raw))
