"""Check every price, measurement and brand in a reply against the facts of the products it cites.

A claim that no cited product supports is corrected when the sentence names exactly one product
(its true value is substituted) and removed with its sentence otherwise. The shopper's own numbers
("under your 500 limit") are allowed because they describe the request, not a product.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from convrec.tools.catalog import Product
from convrec.tools.facts import CURRENCY_SYMBOLS, format_price
from convrec.tools.text import phrase
from convrec.tools.units import lookup, to_base
from pydantic import BaseModel, Field

_SYMBOL_RE = "|".join(re.escape(s) for s in CURRENCY_SYMBOLS.values())
_CODES = "USD|EUR|GBP|SAR|AED|INR|JPY|CAD|AUD|dollars?|euros?|riyals?"
_PRICE = re.compile(
    rf"(?P<sym>{_SYMBOL_RE})\s?(?P<a>\d[\d,]*(?:\.\d+)?)|(?P<b>\d[\d,]*(?:\.\d+)?)\s?(?P<code>{_CODES})\b"
)
_QUANTITY = re.compile(
    r"(?<![\w.])(?P<n>\d+(?:\.\d+)?)\s?(?P<u>cm|mm|m|in|inch(?:es)?|ft|feet|foot|GB|TB|MB|kg|g|lb|lbs|mAh|W|Hz|L|ml|h)\b"
)


class Claim(BaseModel):
    kind: str  # price | quantity | brand
    text: str
    supported: bool
    fixed_to: str | None = None


class GroundingReport(BaseModel):
    checked: int = 0
    supported: int = 0
    fixed: int = 0
    removed: int = 0
    claims: list[Claim] = Field(default_factory=list)

    @property
    def unsupported_left(self) -> int:
        return self.checked - self.supported - self.fixed - self.removed


def ground_claims(
    text: str,
    products: Sequence[Product],
    allowed: Sequence[float] = (),
    brands: Sequence[str] = (),
    allowed_brands: Sequence[str] = (),
) -> tuple[str, GroundingReport]:
    """Return the reply with unsupported claims fixed or removed, and the counts.

    `allowed` and `allowed_brands` are the shopper's own numbers and brand words, which a reply may
    repeat when it talks about the request ("under your 300 limit", "does not meet: brand honor")."""
    checked_brands = _BrandNames(frozenset(brands) - frozenset(allowed_brands))
    report = GroundingReport()
    kept: list[str] = []
    dropped_last = False
    for sentence in _split(text):
        if not sentence.strip():
            if not (dropped_last and sentence != "\n"):
                kept.append(sentence)
            continue
        mentioned = _mentioned(sentence, products) or list(products)
        sentence, keep = _check_sentence(sentence, mentioned, list(products), allowed, checked_brands, report)
        dropped_last = not keep
        if keep:
            kept.append(sentence)
    return _join(kept), report


def _split(text: str) -> list[str]:
    """Sentences and the separators between them, so joining them restores the layout."""
    return [s for s in re.split(r"(\n|(?<=\D[.!?])[ \t]+)", text) if s]


def _join(parts: list[str]) -> str:
    joined = "".join(parts)
    return re.sub(r"\n{3,}", "\n\n", joined).strip()


def _mentioned(sentence: str, products: Sequence[Product]) -> list[Product]:
    lowered = sentence.lower()
    return [p for p in products if p.title.lower() in lowered or f" {p.id} " in f" {lowered} "]


def _check_sentence(
    sentence: str,
    mentioned: list[Product],
    cited: list[Product],
    allowed: Sequence[float],
    brands: _BrandNames,
    report: GroundingReport,
) -> tuple[str, bool]:
    if not sentence.strip():
        return sentence, True
    out = sentence
    # numbers inside a cited product's own title ("with 16GB Memory") are the catalog's words
    checked_text = sentence
    for p in cited:
        checked_text = checked_text.replace(p.title, " " * len(p.title))
    for m in list(_PRICE.finditer(checked_text)):
        amount = float((m.group("a") or m.group("b")).replace(",", ""))
        report.checked += 1
        if any(p.price is not None and abs(p.price - amount) < 0.005 for p in mentioned) or _allowed(
            amount, allowed
        ):
            report.supported += 1
            report.claims.append(Claim(kind="price", text=m.group(0), supported=True))
            continue
        if len(mentioned) == 1 and mentioned[0].price is not None:
            true = format_price(mentioned[0].price, mentioned[0].currency)
            out = out.replace(m.group(0), true, 1)
            report.fixed += 1
            report.claims.append(Claim(kind="price", text=m.group(0), supported=False, fixed_to=true))
            continue
        report.removed += 1
        report.claims.append(Claim(kind="price", text=m.group(0), supported=False))
        return "", False
    for m in _QUANTITY.finditer(checked_text):
        unit = lookup(m.group("u"))
        if unit is None:
            continue
        value, base = to_base(float(m.group("n")), m.group("u"))
        report.checked += 1
        if (
            _has_quantity(mentioned, value, base)
            or _allowed(value, allowed)
            or _allowed(float(m.group("n")), allowed)
        ):
            report.supported += 1
            report.claims.append(Claim(kind="quantity", text=m.group(0), supported=True))
            continue
        report.removed += 1
        report.claims.append(Claim(kind="quantity", text=m.group(0), supported=False))
        return "", False
    for brand in brands.named(phrase(checked_text).split()):
        report.checked += 1
        # a brand the product's own copy names is a fact about it ("mentions huawei" of an Honor phone)
        if any(p.brand and phrase(p.brand) == brand for p in cited) or any(
            f" {brand} " in p.text_phrase() for p in cited
        ):
            report.supported += 1
            report.claims.append(Claim(kind="brand", text=brand, supported=True))
            continue
        report.removed += 1
        report.claims.append(Claim(kind="brand", text=brand, supported=False))
        return "", False
    return out, True


class _BrandNames:
    """The catalog's brand phrases, looked up by the sentence's word runs instead of scanned one by one."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names
        self.longest = max((n.count(" ") + 1 for n in names), default=0)

    def named(self, words: list[str]) -> list[str]:
        size = min(len(words), self.longest)
        runs = (" ".join(words[i : i + n]) for n in range(1, size + 1) for i in range(len(words) - n + 1))
        return [run for run in dict.fromkeys(runs) if run in self.names]


def _has_quantity(products: Sequence[Product], value: float, unit: str) -> bool:
    for p in products:
        for attr in p.attributes.values():
            if isinstance(attr.value, str) or attr.unit != unit:
                continue
            if abs(float(attr.value) - value) <= max(0.01 * abs(value), 0.011):
                return True
    return False


def _allowed(value: float, allowed: Sequence[float]) -> bool:
    return any(abs(value - a) <= max(0.001 * abs(a), 0.005) for a in allowed)
