"""How product facts are written in replies; the grounding checker reads them back the same way."""

from __future__ import annotations

from convrec.tools.catalog import Product

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def format_price(amount: float, currency: str) -> str:
    symbol = CURRENCY_SYMBOLS.get(currency.upper())
    return f"{symbol}{amount:,.2f}" if symbol else f"{amount:,.2f} {currency.upper()}"


def attribute_label(name: str) -> str:
    return name.replace("_", " ")


def key_facts(product: Product, first: list[str] | None = None, limit: int = 5) -> dict[str, str]:
    """The facts worth showing on a card: the ones the shopper asked about first, then the rest."""
    names = [n for n in (first or []) if n in product.attributes]
    names += [n for n in product.attributes if n not in names]
    facts = {"price": format_price(product.price or 0.0, product.currency)}
    if product.brand:
        facts["brand"] = product.brand
    for name in names[:limit]:
        facts[attribute_label(name)] = product.attributes[name].render()
    return facts
