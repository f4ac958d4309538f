"""Which column of a user's file is which product field; auto-detected when no mapping is given."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field

_COMMON_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "sku", "product_id", "item_id", "asin", "objectid", "code"),
    "title": ("title", "name", "product_name", "product", "item_name"),
    "category": ("category", "categories", "category_path", "department", "type"),
    "brand": ("brand", "maker", "manufacturer", "vendor"),
    "price": ("price", "sale_price", "price_usd", "current_price", "cost"),
    "description": ("description", "details", "desc", "summary", "body"),
    "url": ("url", "link", "product_url", "href"),
    "image": ("image", "image_url", "img", "photo", "picture", "thumbnail"),
    "popularity": ("popularity", "sales", "rating_count", "reviews", "num_reviews"),
    "currency": ("currency",),
    "attributes": ("attributes", "specs", "properties"),
}


class NumericColumn(BaseModel):
    column: str
    unit: str | None = None


class Mapping(BaseModel):
    """A small file that says how to read a catalog; see README "Data formats"."""

    format: Literal["csv", "json", "jsonl"] | None = None
    currency: str = "USD"
    fields: dict[str, str | list[str] | None] = Field(default_factory=dict)
    id_from: list[str] = Field(default_factory=list)
    popularity: str | None = None
    text: list[str] = Field(default_factory=list)
    numeric: dict[str, NumericColumn] = Field(default_factory=dict)
    attributes: dict[str, str] = Field(default_factory=dict)
    auto_attributes: bool = True  # unmapped short columns become attributes
    title_facts: bool = True  # quantities a title states ("10,000 mAh", "64GB", "6'") fill missing attributes

    @classmethod
    def load(cls, path: Path) -> Mapping:
        raw = yaml.safe_load(path.read_text()) or {}
        return cls.model_validate(raw)

    def column(self, field: str) -> str | list[str] | None:
        return self.fields.get(field)

    def resolved(self, columns: list[str]) -> Mapping:
        """Fill fields the file did not name from common column names."""
        lowered = {c.lower(): c for c in columns}
        fields = dict(self.fields)
        for field, names in _COMMON_NAMES.items():
            if field in fields:
                continue
            if field == "popularity" and self.popularity:
                fields[field] = self.popularity
                continue
            match = next((lowered[n] for n in names if n in lowered), None)
            if match is not None:
                fields[field] = match
        if self.popularity and "popularity" not in self.fields:
            fields["popularity"] = self.popularity
        return self.model_copy(update={"fields": fields})

    def used_columns(self) -> set[str]:
        used: set[str] = set(self.text) | set(self.attributes.values()) | set(self.id_from)
        used |= {n.column for n in self.numeric.values()}
        for value in self.fields.values():
            if isinstance(value, list):
                used |= set(value)
            elif value:
                used.add(value)
        return used
