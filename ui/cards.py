"""The shopper's view as small HTML templates: product cards, "what I know about you", the cart.

Everything that comes from a catalog or a shopper passes through `html.escape`; buttons carry their
action in data attributes, and the page's script turns a press into a Gradio event (see ui/app.py).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from convrec.agent.draft import ProductPoint

ACTIONS = [  # (action for Agent.act, label, label once done)
    ("cart", "Add to cart", "In cart ✓"),
    ("like", "Like", "Liked ✓"),
    ("reject", "Not for me", "Not for me"),
    ("more_like", "More like this", "More like this"),
    ("complement", "What goes with it", "What goes with it"),
]
PLACEHOLDER_HUES = (210, 160, 30, 280, 340, 190, 100, 250)


@dataclass(frozen=True)
class CartLine:
    id: str
    title: str
    price_text: str


def _image_url(url: str | None) -> str | None:
    return url if url and url.startswith(("https://", "http://", "/")) else None


def _placeholder(label: str) -> str:
    hue = PLACEHOLDER_HUES[zlib.crc32(label.encode()) % len(PLACEHOLDER_HUES)]
    initial = escape(label[:1].upper() or "?")
    return (
        f'<div class="cr-ph" style="--ph-hue:{hue}" aria-hidden="true">'
        f'<span class="cr-ph-letter">{initial}</span><span class="cr-ph-label">{escape(label)}</span></div>'
    )


def product_card(
    point: ProductPoint, rank: int, category: str = "", liked: bool = False, in_cart: bool = False
) -> str:
    facts = [(k, v) for k, v in point.facts.items() if k not in ("price", "brand")][:4]
    image = _image_url(point.image)
    media = _placeholder(category or point.title)
    if image:  # the page script swaps a broken image for the placeholder under it
        media += f'<img src="{escape(image)}" alt="" loading="lazy">'
    done = {"like": liked, "cart": in_cart}
    buttons = "".join(
        f'<button type="button" class="cr-act cr-act-{action}{" cr-done" if done.get(action) else ""}" '
        f'data-action="{action}" data-id="{escape(point.id)}" '
        f'aria-label="{escape(label)}: {escape(point.title)}">{escape(done_label if done.get(action) else label)}</button>'
        for action, label, done_label in ACTIONS
    )
    title = escape(point.title)
    if point.url and point.url.startswith(("https://", "http://")):
        title = f'<a href="{escape(point.url)}" target="_blank" rel="noopener noreferrer">{title}</a>'
    parts = [
        f'<article class="cr-card" data-id="{escape(point.id)}">',
        f'<div class="cr-media{" cr-has-img" if image else ""}"><span class="cr-rank">{rank}</span>{media}</div>',
        '<div class="cr-body">',
        f'<div class="cr-brand">{escape(point.brand or "")}</div>',
        f'<h3 class="cr-title">{title}</h3>',
        f'<div class="cr-price">{escape(point.price_text)}</div>',
    ]
    if point.note:
        parts.append(f'<div class="cr-note">{escape(point.note)}</div>')
    if facts:
        parts.append(
            '<dl class="cr-facts">'
            + "".join(f"<div><dt>{escape(k)}</dt><dd>{escape(v)}</dd></div>" for k, v in facts)
            + "</dl>"
        )
    if point.why:
        parts.append(f'<p class="cr-why"><span>Why it fits:</span> {escape("; ".join(point.why))}</p>')
    parts += [f'<div class="cr-actions">{buttons}</div>', "</div></article>"]
    return "".join(parts)


def product_cards(
    points: Sequence[ProductPoint],
    categories: dict[str, str],
    liked: Sequence[str] = (),
    cart: Sequence[str] = (),
    heading: str = "Recommendations",
) -> str:
    if not points:
        return (
            '<section class="cr-cards-empty"><p>Products I suggest show up here, with the facts '
            "that back them and buttons to steer me.</p></section>"
        )
    cards = "".join(
        product_card(p, rank, categories.get(p.id, ""), p.id in liked, p.id in cart)
        for rank, p in enumerate(points, start=1)
    )
    return f'<section class="cr-results"><h2 class="cr-h">{escape(heading)}</h2><div class="cr-cards">{cards}</div></section>'


def belief_panel(
    need: str, constraints: Sequence[str], soft: Sequence[str], liked: Sequence[str], rejected: int
) -> str:
    """Chips for what the agent believes; each constraint or preference has an × that removes it."""
    chips = [
        f'<span class="cr-chip">{escape(text)}<button type="button" class="cr-x" data-remove="{kind}:{i}" '
        f'aria-label="Remove {escape(text)}" title="Remove">×</button></span>'
        for kind, items in (("c", constraints), ("s", soft))
        for i, text in enumerate(items)
    ]
    parts = ['<section class="cr-panel cr-knows"><h2 class="cr-h">What I know about you</h2>']
    if not (need or chips or liked or rejected):
        parts.append(
            '<p class="cr-muted">Tell me what you are looking for: a budget, a size, a colour or a brand. '
            "I keep track of it here, and you can remove anything I got wrong.</p>"
        )
    if need:
        parts.append(f'<p class="cr-need">Looking for <strong>{escape(need)}</strong></p>')
    if chips:
        parts.append(f'<div class="cr-chips">{"".join(chips)}</div>')
        parts.append('<p class="cr-muted">Removing a chip changes the next recommendation.</p>')
    if liked:
        parts.append(
            '<h3 class="cr-h3">Liked</h3><ul class="cr-list">'
            + "".join(f"<li>{escape(t)}</li>" for t in liked)
            + "</ul>"
        )
    if rejected:
        noun = "item" if rejected == 1 else "items"
        parts.append(f'<p class="cr-muted">{rejected} {noun} hidden as not for you.</p>')
    parts.append("</section>")
    return "".join(parts)


def cart_panel(lines: Sequence[CartLine], total_text: str) -> str:
    parts = ['<section class="cr-panel cr-cart"><h2 class="cr-h">Cart</h2>']
    if not lines:
        parts.append('<p class="cr-muted">Your cart is empty.</p></section>')
        return "".join(parts)
    parts.append('<ul class="cr-cart-lines">')
    parts += [
        f'<li data-id="{escape(line.id)}"><span>{escape(line.title)}</span>'
        f'<span class="cr-cart-price">{escape(line.price_text)}</span></li>'
        for line in lines
    ]
    parts.append(
        f'</ul><div class="cr-total"><span>Total ({len(lines)} item{"s" if len(lines) != 1 else ""})</span>'
        f"<strong>{escape(total_text)}</strong></div></section>"
    )
    return "".join(parts)


def status_line(text: str, busy: bool = False) -> str:
    cls = "cr-status cr-busy" if busy else "cr-status"
    return f'<div class="{cls}" role="status" aria-live="polite">{escape(text)}</div>' if text else ""


def header(catalog: str, products: int | None = None) -> str:
    count = f" · {products:,} products" if products is not None else ""
    return (
        '<header class="cr-header"><div class="cr-logo" aria-hidden="true">c</div><div>'
        '<h1>Shopping assistant</h1><p class="cr-sub">'
        f"{escape(catalog)} catalog{count} · every fact shown comes from the catalog"
        "</p></div></header>"
    )


def empty_state(home: str) -> str:
    """No catalog is ingested yet: say exactly what to run."""
    return (
        '<section class="cr-empty"><h1>No catalog yet</h1>'
        f"<p>There is no ingested catalog under <code>{escape(home)}</code>. Load your products with</p>"
        "<pre>convrec ingest products.jsonl --catalog shop\nconvrec ui --catalog shop</pre>"
        "<p>or try the bundled demo shop with <code>convrec demo</code>. CSV, JSON and JSONL files work; "
        "see the README for the columns.</p></section>"
    )
