"""Seeded synthetic catalogs of any size for the search benchmark, with demo-like vocabulary.

Texts are short on purpose (embedding 100k products is the slow part of a benchmark run), but the
shape is realistic: category paths, brands per department, log-normal prices around a per-category
median, sizes in cm, colours and materials, a popularity long tail.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from convrec.tools.catalog import Product
from convrec.tools.text import fold


@dataclass(frozen=True)
class Kind:
    department: str
    category: str
    nouns: tuple[str, ...]
    median_price: float
    width_cm: tuple[int, int] | None = None
    storage_gb: tuple[int, ...] = ()
    power_w: tuple[int, ...] = ()


KINDS: tuple[Kind, ...] = (
    Kind("Furniture", "Desks", ("desk", "writing desk", "standing desk", "computer desk"), 240, (80, 180)),
    Kind("Furniture", "Office Chairs", ("office chair", "desk chair", "task chair"), 160, (50, 75)),
    Kind("Furniture", "Sofas", ("sofa", "2-seat sofa", "3-seat sofa", "corner sofa"), 650, (140, 300)),
    Kind("Furniture", "Wardrobes", ("wardrobe", "2-door wardrobe", "sliding wardrobe"), 420, (80, 240)),
    Kind("Furniture", "Bookcases", ("bookcase", "shelving unit", "wall shelf"), 130, (40, 160)),
    Kind("Furniture", "Beds", ("bed frame", "double bed", "single bed", "storage bed"), 380, (90, 180)),
    Kind("Furniture", "Dining Tables", ("dining table", "extendable table", "round table"), 330, (70, 220)),
    Kind("Electronics", "Phones", ("smartphone", "phone"), 480, storage_gb=(64, 128, 256, 512)),
    Kind("Electronics", "Laptops", ("laptop", "ultrabook", "notebook"), 950, storage_gb=(256, 512, 1024)),
    Kind("Electronics", "Headphones", ("headphones", "wireless earbuds", "over-ear headphones"), 90),
    Kind("Electronics", "Monitors", ("monitor", "gaming monitor", "4k monitor"), 260, (50, 80)),
    Kind(
        "Electronics",
        "Chargers",
        ("charger", "usb-c charger", "car charger", "wall charger"),
        25,
        power_w=(18, 20, 30, 45, 65, 100),
    ),
    Kind("Electronics", "Phone Cases", ("phone case", "rugged case", "wallet case", "clear case"), 22),
    Kind(
        "Kitchen",
        "Coffee Makers",
        ("coffee maker", "espresso machine", "drip coffee maker"),
        120,
        power_w=(800, 1000, 1450),
    ),
    Kind(
        "Kitchen",
        "Blenders",
        ("blender", "hand blender", "smoothie blender"),
        70,
        power_w=(300, 600, 1000, 1400),
    ),
    Kind("Kitchen", "Cookware", ("frying pan", "saucepan", "stockpot", "wok"), 45, (18, 32)),
    Kind(
        "Kitchen",
        "Kettles",
        ("kettle", "electric kettle", "gooseneck kettle"),
        40,
        power_w=(1500, 2200, 3000),
    ),
    Kind("Kitchen", "Knives", ("chef knife", "knife set", "santoku knife"), 60),
)

BRANDS: dict[str, tuple[str, ...]] = {
    "Furniture": ("Lindqvist", "Nordhaus", "Kallio", "Basix", "Oakridge", "Fjord", "Milano", "Haven"),
    "Electronics": ("Voltra", "Samsung", "Apple", "Zentek", "Auralis", "Pixelon", "Otterbox", "Anker"),
    "Kitchen": ("Cucina", "Brewell", "Ferrum", "Kitchly", "Vitamix", "Smeg", "Stahl", "Morning Co"),
}
COLORS = ("white", "black", "grey", "oak", "walnut", "blue", "green", "red", "silver", "beige")
MATERIALS = {
    "Furniture": ("wood", "solid oak", "pine", "metal", "particleboard", "velvet", "leather", "fabric"),
    "Electronics": ("aluminium", "plastic", "glass", "silicone", "leather"),
    "Kitchen": ("stainless steel", "cast iron", "ceramic", "glass", "plastic", "carbon steel"),
}
FEATURES = {
    "Furniture": ("soft close", "space saving", "with drawers", "adjustable height", "easy assembly"),
    "Electronics": ("fast charging", "noise cancelling", "two year warranty", "slim", "water resistant"),
    "Kitchen": ("easy to clean", "dishwasher safe", "compact", "two year warranty", "induction ready"),
}


def product(index: int, rng: random.Random) -> dict:
    """One product record as a user's JSONL catalog would hold it."""
    kind = rng.choice(KINDS)
    brand = rng.choice(BRANDS[kind.department])
    noun = rng.choice(kind.nouns)
    color = rng.choice(COLORS)
    material = rng.choice(MATERIALS[kind.department])
    attributes: dict[str, str] = {"color": color, "material": material}
    extra = ""
    if kind.width_cm:
        width = rng.randrange(kind.width_cm[0], kind.width_cm[1] + 1, 5)
        attributes["width"] = f"{width} cm"
        extra = f" {width} cm"
    if kind.storage_gb:
        storage = rng.choice(kind.storage_gb)
        attributes["storage"] = f"{storage} GB"
        extra = f" {storage}GB"
    if kind.power_w:
        power = rng.choice(kind.power_w)
        attributes["power"] = f"{power} W"
        extra = f" {power}W"
    price = round(max(4.0, rng.lognormvariate(0, 0.45) * kind.median_price), 0) - 0.01
    model = f"{rng.choice('ABCDEFGHKLMNPRSTVXZ')}{rng.randint(10, 990)}"
    return {
        "id": f"syn-{index:06d}",
        "title": f"{brand} {model} {noun.title()}{extra}, {color}",
        "category": [kind.department, kind.category],
        "brand": brand,
        "price": price,
        "popularity": int(rng.paretovariate(1.2) * 10),
        "attributes": attributes,
        "description": f"{material.capitalize()} {noun}, {rng.choice(FEATURES[kind.department])}.",
    }


def catalog(size: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    return [product(i, rng) for i in range(size)]


def write_catalog(path: Path, size: int, seed: int = 0) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for record in catalog(size, seed):
            fh.write(json.dumps(record) + "\n")
    return path


def queries(count: int, seed: int = 0, constrained: bool = False) -> list[str]:
    """Shopper-like requests over the same vocabulary; `constrained` adds price/brand/colour limits."""
    rng = random.Random(seed + 1)
    out: list[str] = []
    for _ in range(count):
        kind = rng.choice(KINDS)
        noun = rng.choice(kind.nouns)
        lead = rng.choice(("", "", f"{rng.choice(COLORS)} ", f"{rng.choice(MATERIALS[kind.department])} "))
        text = f"{lead}{noun}"
        if rng.random() < 0.3:
            text += f" {rng.choice(FEATURES[kind.department])}"
        if constrained:
            limit = int(kind.median_price * rng.choice((0.6, 0.8, 1.0, 1.5)))
            text += rng.choice(
                (
                    f" under {limit}",
                    f" under {limit} not {rng.choice(COLORS)}",
                    f" {rng.choice(BRANDS[kind.department])} under {limit}",
                    f" between {limit // 2} and {limit}",
                    f" not {rng.choice(BRANDS[kind.department])}",
                )
            )
        out.append(text)
    return out


def queries_from(
    products: Sequence[Product], count: int, seed: int = 0, constrained: bool = False
) -> list[str]:
    """Requests built from a real catalog's own titles, categories, brands and prices."""
    rng = random.Random(seed + 2)
    out: list[str] = []
    for _ in range(count):
        p = rng.choice(products)
        words = fold(p.title.split(" - ", 1)[-1]).split() or fold(p.leaf_category).split()
        start = rng.randrange(max(1, len(words) - 2))
        text = " ".join(words[start : start + rng.randint(2, 4)])
        if constrained:
            kind, brand = fold(p.leaf_category), fold(p.brand or "")
            limit = int((p.price or 50) * rng.choice((0.8, 1.0, 1.5))) + 1
            text = rng.choice(
                (
                    f"{kind} under {limit}",
                    f"{brand} {kind} under {limit}",
                    f"{text} under {limit}",
                    f"{kind} not {brand}",
                )
            )
        out.append(text)
    return out
