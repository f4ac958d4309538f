"""What a generated query may say about one product, read from the product's own fields."""

from __future__ import annotations

import re
from dataclasses import dataclass

from convrec.tools.catalog import Product
from convrec.tools.lexical import STOPWORDS
from convrec.tools.needs import in_my_voice, needs
from convrec.tools.text import fold, phrase

_PURPOSE = re.compile(
    r"(?<!up )\b((?:for|to|lets you|so you can|helps? you|keeps?|designed to|ideal for|perfect for|made for)\s+[^.,;:!?()]{8,70})",
    re.I,
)


@dataclass
class Facets:
    """What a query may say about one product, read from its own fields."""

    product: Product
    noun: str
    core: str
    variant: str
    words: list[str]
    phrases: list[str]  # canonical form of each word, for text constraints
    brand: str
    brand_phrase: str
    values: list[tuple[str, str, str]]  # (attribute, text value, canonical phrase)
    features: list[str]  # yes/no attributes this product has
    numbers: list[tuple[str, float, str | None]]  # (attribute, base value, base unit)
    purposes: list[str]
    needs: list[str]  # what the description says the product lets the shopper do (tools/needs.py)

    @classmethod
    def of(cls, p: Product) -> Facets:
        title, brand = unmarked(p.title), unmarked(p.brand or "")
        parts = [s.strip() for s in title.split(" - ") if s.strip()]
        if len(parts) > 1 and brand and fold(parts[0]) == fold(brand):
            parts = parts[1:]
        variant = parts[-1] if len(parts) > 1 else ""
        core = " - ".join(parts[:-1]) if variant else (parts[0] if parts else title)
        if brand and core.lower().startswith(brand.lower() + " "):
            core = core[len(brand) :].strip()
        color = p.attributes.get("color")
        if color is not None and isinstance(color.value, str):
            variant = variant or str(color.value)
            core = re.sub(rf",?\s*{re.escape(str(color.value))}\s*$", "", core, flags=re.I)
        brand_words = set(fold(brand).split())
        words = [w for w in dict.fromkeys(fold(core).split()) if w not in STOPWORDS and w not in brand_words]
        phrases = [phrase(w) for w in words]
        leaf = re.split(r"\s*(?:&|,|\band\b)\s*", p.leaf_category)[0]
        noun = re.sub(r"^all ", "", phrase(leaf)) or "product"
        named = [
            (k, str(a.value)) for k, a in p.attributes.items() if isinstance(a.value, str) and k != "color"
        ]
        if color is not None and isinstance(color.value, str):
            named.append(("color", str(color.value)))
        values = [(k, v, phrase(v)) for k, v in named if v not in ("yes", "no")]
        features = [k for k, v in named if v == "yes"]  # flags: "with glass doors", "with storage"
        numbers = [
            (k, float(a.value), a.unit) for k, a in p.attributes.items() if not isinstance(a.value, str)
        ]
        text = in_my_voice(p.description)
        purposes = [
            " ".join(m.group(1).split()[:9]).lower()
            for m in _PURPOSE.finditer(text)
            if not brand_words & set(fold(m.group(1)).split())
        ]
        return cls(
            p,
            noun,
            core,
            variant,
            words,
            phrases,
            brand,
            phrase(brand),
            values,
            features,
            numbers,
            purposes,
            needs(p.description, brand_words),
        )


def unmarked(text: str) -> str:
    """A title or brand without its ®, ™ and © marks."""
    return re.sub(r"[®™©°]", "", text).strip()
