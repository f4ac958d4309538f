"""Build the evidence pack: product facts from the catalog and the reasons each item fits."""

from __future__ import annotations

from convrec.agent.belief import Belief
from convrec.agent.draft import ProductPoint
from convrec.tools.catalog import Product
from convrec.tools.facts import format_price, key_facts
from convrec.tools.text import phrase


def point(
    product: Product, belief: Belief, extra_why: list[str] | None = None, note: str | None = None
) -> ProductPoint:
    """Everything the reply may say about one product, copied from the catalog."""
    asked = [c.name for c in belief.constraints if c.field == "attribute" and c.name]
    return ProductPoint(
        id=product.id,
        title=product.title,
        price=product.price,
        currency=product.currency,
        price_text=format_price(product.price or 0.0, product.currency),
        brand=product.brand,
        facts=key_facts(product, asked),
        why=[*why_it_fits(product, belief), *(extra_why or [])][:4],
        image=product.image,
        url=product.url,
        note=note,
    )


def why_it_fits(product: Product, belief: Belief) -> list[str]:
    """Reasons in the shopper's terms: their limits and preferences, checked against the facts."""
    reasons = [
        r for c in belief.constraints if (r := c.fit_reason(product)) is not None and c.field != "category"
    ]
    text = f" {phrase(product.folded_text())} "
    for pref in belief.soft:
        words = [w for w in phrase(pref.text).split() if len(w) > 2]
        if words and all(f" {w} " in text for w in words):
            reasons.append(f"mentions {pref.text}")
    need_words = [w for w in phrase(belief.need).split() if len(w) > 3]
    matched = [w for w in need_words if f" {w} " in text]
    if matched and len(reasons) < 3:
        reasons.append("matches " + ", ".join(f'"{w}"' for w in matched[:3]))
    return reasons


def allowed_brands(belief: Belief) -> list[str]:
    """The brands the shopper named, which a reply may repeat when it talks about the request."""
    return [v for c in belief.constraints if c.field == "brand" for v in c.values]


def allowed_numbers(belief: Belief) -> list[float]:
    """The shopper's own numbers, which a reply may repeat ("under your 500 limit")."""
    out: list[float] = []
    for c in belief.constraints:
        out += [v for v in (c.value, c.low, c.high) if v is not None]
    return out
