#!/usr/bin/env python3
"""Generate the deterministic demo data set shipped with convrec.

Writes (relative to the repository root):

  convrec/data/demo/catalog.jsonl        ~3,000 invented products
  convrec/data/demo/interactions.jsonl   ~20,000 session events
  convrec/data/demo/README.md            what the files hold, how they were made
  convrec/data/examples/furniture.csv            small SAR furniture shop export
  convrec/data/examples/furniture.mapping.yaml   column mapping for it
  convrec/data/examples/furniture_broken.csv     same columns, with known defects
  convrec/data/examples/bestbuy.mapping.yaml     mapping for the Best Buy phones file

Only the standard library and numpy are used.  Every random choice comes from a
single ``numpy.random.Generator`` seeded with ``--seed``, so two runs with the
same seed produce byte-identical files.

    python scripts/make_demo_data.py            # seed 20260301
    python scripts/make_demo_data.py --seed 7 --root /tmp/x
"""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

DEFAULT_SEED = 20260301
BASE_URL = "https://demo.convrec.example/p/"

# --------------------------------------------------------------------------
# random helpers (all draws go through one Generator: deterministic per seed)
# --------------------------------------------------------------------------
RNG: np.random.Generator = np.random.default_rng(DEFAULT_SEED)


def rint(lo: int, hi: int) -> int:
    """Random int in [lo, hi] inclusive."""
    return int(RNG.integers(lo, hi + 1))


def chance(p: float) -> bool:
    return bool(RNG.random() < p)


def pick(seq, weights=None):
    if weights is None:
        return seq[int(RNG.integers(len(seq)))]
    w = np.asarray(weights, dtype=float)
    return seq[int(RNG.choice(len(seq), p=w / w.sum()))]


def sample(seq, k: int):
    k = min(k, len(seq))
    idx = RNG.choice(len(seq), size=k, replace=False)
    return [seq[int(i)] for i in idx]


def shop_price(value: float) -> float:
    """Round a raw price to a shop-like one ending in .99 or .00."""
    if value < 20:
        base = max(2, round(value))
    elif value < 200:
        base = round(value)
        base = max(5, int(round(base / 5.0)) * 5)
    elif value < 1000:
        base = int(round(value / 10.0)) * 10
    else:
        base = int(round(value / 50.0)) * 50
    r = RNG.random()
    if r < 0.6:
        return round(base - 0.01, 2)
    if r < 0.8 and base > 10:
        return float(base - 1)
    return float(base)


def fmt_num(x: float) -> str:
    x = round(float(x), 1)
    return str(int(x)) if x == int(x) else f"{x:.1f}"


def q(x: float, unit: str) -> str:
    """Quantity attribute value: '<number> <unit>'."""
    assert unit in {"cm", "kg", "GB", "in", "mAh", "W", "Hz", "L"}, unit
    return f"{fmt_num(x)} {unit}"


def yn(flag: bool) -> str:
    return "yes" if flag else "no"


def cap(s: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in s.split(" "))


def describe(lead: str, uses: list[str], feats: list[str]) -> str:
    """2-4 sentences: a lead, 1-2 use-cases and 0-2 features."""
    n_use = rint(1, 2)
    n_feat = rint(0, 3 - n_use)
    parts = [lead] + sample(uses, n_use) + sample(feats, n_feat)
    return " ".join(parts)


# --------------------------------------------------------------------------
# catalog vocabulary
# --------------------------------------------------------------------------
FURN_BRANDS = ["Lindqvist", "Nordhaüs", "Søvn", "Bjørkvik", "Oakhaven", "Casamora", "Verdal", "Kvist"]
ELEC_BRANDS = ["Lumio", "Zenit", "Kestrel", "Pixelwave", "Ondeo", "Voltra", "Skärm", "Ångström Audio"]
KITCH_BRANDS = ["Brühmeister", "Crema & Co", "Tassa", "Ketelhuis", "Mokka Nord", "Café Lúmen"]

LINES = [
    "Arvika",
    "Tuna",
    "Fjord",
    "Mosse",
    "Linnea",
    "Saga",
    "Holm",
    "Rune",
    "Alva",
    "Edda",
    "Vega",
    "Sten",
    "Lærk",
    "Malmö",
    "Hagen",
    "Ölme",
    "Brisa",
    "Tova",
    "Kaj",
    "Nora",
]

WOOD_COLORS = ["oak", "white", "black", "walnut", "grey", "natural", "white oak", "dark brown"]
FABRIC_COLORS = ["grey", "beige", "dark grey", "navy", "green", "cream", "terracotta", "black", "light blue"]
STYLES = ["scandinavian", "modern", "industrial", "minimalist", "classic", "mid-century"]

# (key, department, category, id prefix, target count)
CATEGORIES = [
    ("desks", "Furniture", "Desks", "dsk", 130),
    ("office_chairs", "Furniture", "Office Chairs", "och", 110),
    ("gaming_chairs", "Furniture", "Gaming Chairs", "gch", 100),
    ("bookcases", "Furniture", "Bookcases", "bkc", 110),
    ("wardrobes", "Furniture", "Wardrobes", "wrd", 130),
    ("sofas", "Furniture", "Sofas", "sof", 130),
    ("sofa_beds", "Furniture", "Sofa Beds", "sfb", 100),
    ("beds", "Furniture", "Beds", "bed", 120),
    ("mattresses", "Furniture", "Mattresses", "mat", 120),
    ("coffee_tables", "Furniture", "Coffee Tables", "ctb", 100),
    ("desk_lamps", "Furniture", "Desk Lamps", "lmp", 100),
    ("rugs", "Furniture", "Rugs", "rug", 100),
    ("phones", "Electronics", "Phones", "phn", None),
    ("phone_cases", "Electronics", "Phone Cases", "cas", None),
    ("screen_protectors", "Electronics", "Screen Protectors", "scp", None),
    ("phone_chargers", "Electronics", "Phone Chargers", "chg", 100),
    ("power_banks", "Electronics", "Power Banks", "pwb", 100),
    ("headphones", "Electronics", "Headphones", "hph", 130),
    ("laptops", "Electronics", "Laptops", "lap", 120),
    ("laptop_bags", "Electronics", "Laptop Bags", "lbg", 100),
    ("monitors", "Electronics", "Monitors", "mon", 110),
    ("mice", "Electronics", "Mice", "mse", 100),
    ("coffee_makers", "Kitchen", "Coffee Makers", "cfm", 120),
    ("coffee_grinders", "Kitchen", "Coffee Grinders", "grd", 100),
    ("mugs", "Kitchen", "Mugs", "mug", 110),
    ("kettles", "Kitchen", "Kettles", "ktl", 100),
]

# Phone families: brand, family name, screen (in), ram options, battery mAh, connector, base price
PHONE_FAMILIES = [
    ("Lumio", "Aurora X12", 6.1, [6, 8], 3900, "usb-c", 799),
    ("Lumio", "Aurora X12 Pro", 6.7, [8, 12], 4600, "usb-c", 1099),
    ("Lumio", "Aurora Mini 4", 5.4, [4, 6], 2800, "lightning", 549),
    ("Zenit", "Zenit Lite 5", 6.4, [4, 6], 5000, "usb-c", 249),
    ("Zenit", "Zenit Max 7", 6.8, [8, 12], 5500, "usb-c", 649),
    ("Zenit", "Zenit Fold 2", 7.6, [12], 4400, "usb-c", 1599),
    ("Kestrel", "Kestrel One", 6.2, [6, 8], 4300, "lightning", 699),
    ("Kestrel", "Kestrel One Plus", 6.6, [8], 4800, "lightning", 899),
    ("Pixelwave", "Pixelwave P8", 6.3, [8], 4500, "usb-c", 599),
    ("Pixelwave", "Pixelwave P8a", 6.1, [6], 4400, "usb-c", 399),
    ("Ondeo", "Ondeo Nova 3", 6.5, [4, 6], 5000, "usb-c", 199),
]
PHONE_COLORS = [
    "midnight black",
    "silver",
    "ocean blue",
    "rose gold",
    "sage green",
    "graphite",
    "white",
    "lavender",
]


def family_title(brand: str, family: str) -> str:
    return family if family.startswith(brand) else f"{brand} {family}"


# --------------------------------------------------------------------------
# per-category product generators: each returns (title, brand, price, description, attributes)
# --------------------------------------------------------------------------
def gen_desk():
    brand = pick(["Lindqvist", "Oakhaven", "Kvist", "Verdal", "Bjørkvik"])
    kind = pick(["standing", "corner", "compact", "writing", "gaming"], [3, 2, 3, 3, 2])
    width = {
        "standing": pick([120, 140, 160, 180]),
        "corner": pick([120, 140, 160, 180]),
        "compact": pick([70, 80, 90, 100]),
        "writing": pick([100, 110, 120, 140]),
        "gaming": pick([120, 140, 160]),
    }[kind]
    depth = 120 if kind == "corner" else (pick([40, 45, 50]) if kind == "compact" else pick([60, 70, 80]))
    height = 125 if kind == "standing" else 75
    color = pick(WOOD_COLORS if kind != "gaming" else ["black", "black", "white", "grey"])
    material = pick(
        ["wood", "engineered wood", "metal", "bamboo"] if kind != "gaming" else ["metal", "engineered wood"]
    )
    style = pick(STYLES if kind != "gaming" else ["modern", "industrial"])
    line = pick(LINES)
    label = {
        "standing": "Electric Standing Desk",
        "corner": "Corner Desk",
        "compact": "Compact Desk",
        "writing": "Writing Desk",
        "gaming": "Gaming Desk",
    }[kind]
    if kind == "compact" and chance(0.4):
        label = "Compact Writing Desk"
    title = f"{brand} {line} {label} {width} cm, {cap(color)}"
    base = {"standing": 420, "corner": 260, "compact": 110, "writing": 170, "gaming": 230}[kind]
    price = shop_price(base * (width / 120) ** 0.8 * RNG.uniform(0.75, 1.35))
    lead = f"The {line} {label.lower()} gives you a {width} x {depth} cm {material} top in {color}."
    uses = [
        "It fits a small room or a bedroom corner without crowding it.",
        "Made for the home office: room for a laptop, a monitor and a notebook.",
        "A good first desk for kids doing homework.",
        "Wide enough for a gaming setup with two monitors.",
        "Students in a shared flat will like how little floor space it takes.",
        "Ideal for a guest room that doubles as a study.",
    ]
    feats = [
        "Cable management tray keeps wires out of sight.",
        "Adjustable feet level it on uneven floors.",
        "Assembly takes about 30 minutes with the included tools.",
        "The scratch-resistant surface wipes clean easily.",
    ]
    if kind == "standing":
        feats += ["A quiet dual motor lifts it from 72 to 125 cm with three memory presets."]
        uses += ["Switch between sitting and standing through a long working day."]
    if kind == "corner":
        uses += ["The L-shape turns an awkward corner into a full workstation."]
    attrs = {
        "width": q(width, "cm"),
        "depth": q(depth, "cm"),
        "height": q(height, "cm"),
        "color": color,
        "material": material,
        "style": style,
        "type": kind,
        "height_adjustable": yn(kind == "standing"),
    }
    return title, brand, price, describe(lead, uses, feats), attrs


def _chair(gaming: bool):
    if gaming:
        brand = pick(["Kvist", "Verdal", "Oakhaven", "Nordhaüs"])
        line = pick(["Raptor", "Vortex", "Nitro", "Apex", "Blaze", "Titan", "Drift", "Pulse"])
        color = pick(["black", "red", "blue", "white", "grey", "green", "pink"])
        material = pick(["faux leather", "fabric", "mesh"], [3, 2, 1])
        extra = pick(["", " with Footrest", " with Lumbar Pillow", " XL"], [3, 2, 2, 1])
        title = f"{brand} {line} Gaming Chair{extra}, {cap(color)}"
        style = "gaming"
        width, depth, height = rint(6, 7) * 10, rint(6, 7) * 10, rint(125, 140)
        max_load = pick([120, 130, 150, 180])
        price = shop_price(RNG.uniform(140, 480) * (1.2 if "XL" in extra else 1.0))
        lead = (
            f"The {line} gaming chair has a high back, {material} upholstery and a {max_load} kg load rating."
        )
        uses = [
            "Built for long gaming sessions and streaming nights.",
            "It works just as well as a home office chair for long calls.",
            "A popular pick for teenagers' rooms.",
            "Taller players get full head and neck support.",
        ]
        feats = [
            "4D armrests and a 155-degree recline.",
            "Removable head and lumbar cushions.",
            "Class 4 gas lift and smooth-rolling casters.",
            "Cold-foam seat keeps its shape.",
        ]
    else:
        brand = pick(["Lindqvist", "Oakhaven", "Nordhaüs", "Verdal", "Bjørkvik"])
        line = pick(["Ergo", "Flex", "Task", "Pro", "Comfort", "Aria", "Posture", "Lite"])
        color = pick(["black", "grey", "white", "blue", "beige", "black"])
        material = pick(["mesh", "fabric", "leather", "mesh"])
        extra = pick(["", " with Headrest", " High-Back", " Compact"], [3, 2, 2, 1])
        title = f"{brand} {line} {cap(material)} Office Chair{extra}, {cap(color)}"
        style = pick(["modern", "minimalist", "classic", "ergonomic"])
        width, depth, height = rint(58, 70), rint(58, 68), rint(95, 130)
        max_load = pick([110, 120, 130, 150])
        price = shop_price(RNG.uniform(79, 599) * (0.8 if "Compact" in extra else 1.0))
        lead = f"The {line} office chair combines a {material} seat with adjustable lumbar support."
        uses = [
            "Comfortable for full days in a home office.",
            "The compact base suits a small room or a study nook.",
            "Sturdy enough for kids doing homework.",
            "A calm, neutral look for shared workspaces.",
        ]
        feats = [
            "Seat height and tilt tension are adjustable.",
            "Breathable back keeps you cool.",
            "Armrests flip up to slide under the desk.",
            "Five-year warranty on the frame.",
        ]
    attrs = {
        "width": q(width, "cm"),
        "depth": q(depth, "cm"),
        "height": q(height, "cm"),
        "color": color,
        "material": material,
        "style": style,
        "max_load": q(max_load, "kg"),
        "armrests": yn(gaming or chance(0.85)),
    }
    return title, brand, price, describe(lead, uses, feats), attrs


def gen_office_chair():
    return _chair(False)


def gen_gaming_chair():
    return _chair(True)


def gen_bookcase():
    brand = pick(["Lindqvist", "Bjørkvik", "Oakhaven", "Casamora", "Verdal"])
    line = pick(LINES)
    width = pick([40, 60, 80, 100, 120, 160])
    height = pick([80, 106, 150, 180, 202, 220])
    depth = pick([25, 28, 30, 35, 40])
    shelves = max(2, min(7, height // 35))
    glass = chance(0.25)
    color = pick(WOOD_COLORS)
    material = pick(["wood", "engineered wood", "metal", "bamboo"])
    style = pick(STYLES)
    label = "Glass-Door Bookcase" if glass else pick(["Bookcase", "Bookshelf", "Open Shelving Unit"])
    title = f"{brand} {line} {label} {width}x{height} cm, {cap(color)}"
    price = shop_price(RNG.uniform(0.6, 1.1) * (40 + width * height / 90) * (1.4 if glass else 1.0))
    lead = f"The {line} {label.lower()} has {shelves} shelves in {color} {material}."
    uses = [
        "Fits a small room or a hallway.",
        "Great for a home office library.",
        "Low shelves keep kids' books within reach.",
        "Display collectibles or gaming memorabilia.",
        "Works as a room divider in a studio.",
    ]
    feats = [
        "Shelves are height-adjustable.",
        "Wall anchor included for safety.",
        "Each shelf holds up to 15 kg.",
    ]
    if glass:
        feats.append("Tempered glass doors keep dust off books and display pieces.")
    attrs = {
        "width": q(width, "cm"),
        "depth": q(depth, "cm"),
        "height": q(height, "cm"),
        "color": color,
        "material": material,
        "style": style,
        "shelves": int(shelves),
        "glass_doors": yn(glass),
    }
    return title, brand, price, describe(lead, uses, feats), attrs


def gen_wardrobe():
    brand = pick(["Nordhaüs", "Lindqvist", "Bjørkvik", "Casamora", "Søvn"])
    line = pick(LINES)
    width = pick([50, 60, 80, 100, 120, 150, 180, 200, 250], [1, 2, 3, 4, 3, 3, 2, 2, 1])
    doors = 1 if width <= 60 else (2 if width <= 120 else (3 if width <= 180 else 4))
    door_type = (
        pick(["hinged", "sliding", "glass"], [5, 3, 1]) if width >= 100 else pick(["hinged", "glass"], [6, 1])
    )
    if door_type == "sliding":
        doors = 2 if width <= 200 else 3
    mirror = door_type != "glass" and chance(0.35)
    height = pick([180, 201, 220, 236])
    depth = pick([55, 58, 60, 65])
    color = pick(["white", "white", "white", "oak", "black", "grey", "walnut", "beige"])
    material = pick(["engineered wood", "wood", "engineered wood"])
    style = pick(STYLES)
    extra = ""
    if mirror:
        extra = " with Mirror"
    elif door_type == "glass":
        extra = " with Glass Doors"
    door_word = "Sliding-Door" if door_type == "sliding" else f"{doors}-Door"
    title = f"{brand} {line} {door_word} Wardrobe {width} cm{extra}, {cap(color)}"
    price = shop_price(
        RNG.uniform(0.8, 1.25)
        * (60 + width * 2.6 + (40 if mirror else 0) + (70 if door_type == "glass" else 0))
    )
    lead = f"The {line} wardrobe is {width} cm wide and {height} cm tall, with {doors} {door_type} door{'s' if doors > 1 else ''}."
    uses = [
        "A slim option for a small room or a kids' bedroom.",
        "Plenty of hanging space for a shared bedroom.",
        "Handy in a guest room for visitors' clothes.",
        "Fits neatly into an alcove or a hallway.",
    ]
    if width >= 180:
        uses.append("Large enough for a couple's full wardrobe plus bedding.")
    feats = [
        "Hanging rail plus adjustable shelves.",
        "Soft-close hinges.",
        "Wall fixings are included.",
        "Two drawers at the bottom for accessories.",
    ]
    if mirror:
        feats.append("A full-length mirror on the door saves wall space.")
    if door_type == "glass":
        feats.append("Frosted glass doors give a light, airy look.")
    if door_type == "sliding":
        feats.append("Sliding doors need no clearance in front, ideal for tight spaces.")
    attrs = {
        "width": q(width, "cm"),
        "depth": q(depth, "cm"),
        "height": q(height, "cm"),
        "color": color,
        "material": material,
        "style": style,
        "doors": int(doors),
        "mirror": yn(mirror),
        "door_type": door_type,
    }
    return title, brand, price, describe(lead, uses, feats), attrs


def gen_sofa():
    brand = pick(["Casamora", "Nordhaüs", "Verdal", "Kvist", "Lindqvist"])
    line = pick(["Milo", "Oslo", "Luna", "Bruno", "Sienna", "Hugo", "Greta", "Otto", "Elsa", "Vik"])
    seats = pick([2, 3, 3, 4, 5])
    corner = seats >= 4 and chance(0.5)
    width = seats * rint(62, 75) + (40 if corner else 20)
    depth = 160 if corner else rint(85, 100)
    height = rint(75, 90)
    material = pick(["fabric", "velvet", "leather", "boucle", "linen"], [4, 2, 2, 1, 1])
    color = pick(FABRIC_COLORS if material != "leather" else ["brown", "black", "cognac", "cream"])
    style = pick(STYLES)
    label = "Corner Sofa" if corner else f"{seats}-Seat Sofa"
    title = f"{brand} {line} {label}, {cap(material)} {cap(color)}"
    price = shop_price(RNG.uniform(0.8, 1.3) * (200 + 180 * seats) * (1.5 if material == "leather" else 1.0))
    lead = f"The {line} {label.lower()} seats {seats} on deep {material} cushions in {color}."
    uses = [
        "Sized for movie nights with family and friends.",
        "Compact arms help it fit a small living room."
        if seats <= 3
        else "Room for everyone when guests come over.",
        "Kid-friendly: covers are removable and washable.",
        "Comfortable enough for long gaming sessions.",
    ]
    feats = [
        "Pocket-sprung seat cushions.",
        "Solid wood frame.",
        "Legs in black metal.",
        "Reversible back cushions last longer.",
    ]
    attrs = {
        "width": q(width, "cm"),
        "depth": q(depth, "cm"),
        "height": q(height, "cm"),
        "seats": int(seats),
        "color": color,
        "material": material,
        "style": style,
    }
    return title, brand, price, describe(lead, uses, feats), attrs


def gen_sofa_bed():
    brand = pick(["Søvn", "Casamora", "Nordhaüs", "Verdal"])
    line = pick(["Gästa", "Nattö", "Flip", "Duo", "Hvila", "Loft", "Vista", "Sova"])
    seats = pick([2, 3, 3])
    bed_width = pick([120, 140, 160]) if seats == 3 else pick([90, 120, 140])
    width = seats * rint(64, 72) + 20
    depth, height = rint(85, 100), rint(78, 90)
    material = pick(["fabric", "velvet", "faux leather"], [4, 2, 1])
    color = pick(FABRIC_COLORS)
    style = pick(STYLES)
    mech = pick(["Click-Clack", "Pull-Out", "Fold-Out", "Corner"])
    title = f"{brand} {line} {mech} Sofa Bed, {seats}-Seat {cap(color)}"
    price = shop_price(RNG.uniform(0.8, 1.3) * (300 + 170 * seats))
    lead = f"By day the {line} is a {seats}-seat sofa; by night it opens into a {bed_width} cm wide bed."
    uses = [
        "Perfect for guests staying over.",
        "Turns a small room or home office into a guest room.",
        "A smart choice for studio flats.",
        "Kids love it for sleepovers.",
    ]
    feats = [
        "Storage box for bedding under the seat.",
        "Opens in seconds with one movement.",
        "Foam mattress is included.",
        "Removable, washable cover.",
    ]
    attrs = {
        "width": q(width, "cm"),
        "depth": q(depth, "cm"),
        "height": q(height, "cm"),
        "seats": int(seats),
        "bed_width": q(bed_width, "cm"),
        "color": color,
        "material": material,
        "style": style,
    }
    return title, brand, price, describe(lead, uses, feats), attrs


BED_SIZES = {90: "single", 120: "small double", 140: "double", 160: "queen", 180: "king"}


def gen_bed():
    brand = pick(["Søvn", "Lindqvist", "Bjørkvik", "Nordhaüs", "Oakhaven"])
    line = pick(["Havn", "Dröm", "Vila", "Ro", "Mjuk", "Natt", "Lys", "Skog"])
    mw = pick([90, 120, 140, 160, 180], [2, 1, 3, 3, 2])
    storage = chance(0.3)
    material = pick(["wood", "engineered wood", "metal", "upholstered fabric"])
    color = pick(WOOD_COLORS if material != "upholstered fabric" else FABRIC_COLORS)
    style = pick(STYLES)
    label = "Storage Bed" if storage else pick(["Bed Frame", "Bed Frame", "Platform Bed"])
    if material == "upholstered fabric":
        label = "Upholstered " + label
    title = f"{brand} {line} {label} {mw}x200 cm, {cap(color)}"
    price = shop_price(RNG.uniform(0.8, 1.3) * (90 + mw * 1.8) * (1.3 if storage else 1.0))
    lead = f"The {line} {label.lower()} takes a {mw}x200 cm ({BED_SIZES[mw]}) mattress."
    uses = [
        "A good fit for a kids' room." if mw <= 120 else "Roomy enough for couples.",
        "Low profile keeps a small room feeling open.",
        "Dress up the guest room with it.",
        "Clean lines match most bedroom styles.",
    ]
    feats = [
        "Slatted base included; mattress sold separately.",
        "Adjustable side rails fit most mattress heights.",
        "Solid, squeak-free joints.",
    ]
    if storage:
        feats.append("Gas-lift base reveals a large storage compartment.")
    attrs = {
        "width": q(mw + rint(8, 20), "cm"),
        "depth": q(rint(208, 222), "cm"),
        "height": q(rint(30, 110), "cm"),
        "mattress_width": q(mw, "cm"),
        "mattress_length": q(200, "cm"),
        "color": color,
        "material": material,
        "style": style,
        "storage": yn(storage),
    }
    return title, brand, price, describe(lead, uses, feats), attrs


def gen_mattress():
    brand = pick(["Søvn", "Nordhaüs", "Bjørkvik", "Casamora"])
    line = pick(["Dröm", "Moln", "Vila", "Cloud", "Hvile", "Balans", "Lätt", "Ro"])
    w = pick([90, 120, 140, 160, 180], [2, 1, 3, 3, 2])
    kind = pick(["memory foam", "pocket spring", "hybrid", "latex"], [3, 3, 3, 1])
    firm = pick(["soft", "medium", "medium-firm", "firm"])
    thick = pick([16, 18, 20, 22, 25, 28, 30])
    title = f"{brand} {line} {cap(kind)} Mattress {w}x200 cm, {cap(firm)}"
    price = shop_price(RNG.uniform(0.7, 1.4) * (60 + w * 1.6) * (1 + (thick - 16) / 25))
    lead = f"The {line} is a {thick} cm {kind} mattress with a {firm} feel, sized {w}x200 cm."
    uses = [
        "Made for side and back sleepers.",
        "A good choice for a guest bed that gets occasional use.",
        "Supportive enough for growing kids.",
        "Ideal for couples who sleep at different temperatures.",
    ]
    feats = [
        "Rolled and vacuum-packed for easy delivery.",
        "Breathable removable cover.",
        "100-night trial.",
        "Edge support prevents roll-off.",
    ]
    attrs = {
        "width": q(w, "cm"),
        "length": q(200, "cm"),
        "height": q(thick, "cm"),
        "type": kind,
        "firmness": firm,
    }
    return title, brand, price, describe(lead, uses, feats), attrs


def gen_coffee_table():
    brand = pick(["Casamora", "Verdal", "Oakhaven", "Kvist", "Lindqvist"])
    line = pick(LINES)
    shape = pick(["rectangular", "round", "oval", "square"])
    if shape in ("round", "square"):
        width = pick([60, 70, 80, 90])
        depth = width
    else:
        width = pick([90, 100, 110, 120])
        depth = pick([50, 55, 60])
    height = pick([35, 40, 42, 45])
    material = pick(["wood", "glass", "marble", "metal", "engineered wood"])
    color = pick(WOOD_COLORS if material != "marble" else ["white", "black", "green"])
    style = pick(STYLES)
    title = f"{brand} {line} {cap(shape)} Coffee Table {width} cm, {cap(color)} {cap(material)}"
    price = shop_price(RNG.uniform(0.7, 1.3) * (40 + width * 1.5) * (1.8 if material == "marble" else 1.0))
    lead = f"A {shape} {material} coffee table in {color}, {width} cm across and {height} cm high."
    uses = [
        "Sized for a small living room.",
        "Rounded edges make it safer with kids around."
        if shape in ("round", "oval")
        else "Plenty of surface for board games with guests.",
        "Pairs well with a three-seat sofa.",
        "Keeps controllers and snacks close on gaming nights.",
    ]
    feats = ["A lower shelf holds magazines.", "Easy to assemble.", "Heat-resistant top."]
    attrs = {
        "width": q(width, "cm"),
        "depth": q(depth, "cm"),
        "height": q(height, "cm"),
        "color": color,
        "material": material,
        "style": style,
        "shape": shape,
    }
    return title, brand, price, describe(lead, uses, feats), attrs


def gen_desk_lamp():
    brand = pick(["Lindqvist", "Kvist", "Verdal", "Nordhaüs"])
    line = pick(["Lumen", "Ljus", "Glimt", "Strale", "Halo", "Beam", "Sol", "Pixel"])
    kind = pick(["led", "architect", "clamp", "dimmable led"])
    power = pick([5, 6, 8, 10, 12])
    color = pick(["black", "white", "brass", "grey", "green", "silver"])
    material = pick(["metal", "aluminium", "plastic", "wood"])
    style = pick(STYLES)
    height = rint(35, 60)
    label = {
        "led": "LED Desk Lamp",
        "architect": "Architect Desk Lamp",
        "clamp": "Clamp Desk Lamp",
        "dimmable led": "Dimmable LED Desk Lamp",
    }[kind]
    title = f"{brand} {line} {label}, {cap(color)}"
    price = shop_price(RNG.uniform(15, 130))
    lead = f"The {line} {label.lower()} gives focused {power} W light for reading and work."
    uses = [
        "Brightens a home office desk.",
        "Good for kids doing homework in the evening.",
        "Slim enough for a bedside table in a small room.",
        "Low-glare light for late-night gaming.",
    ]
    feats = [
        "Three colour temperatures.",
        "USB charging port in the base.",
        "Flexible arm and swivel head.",
        "Touch dimmer with memory.",
    ]
    attrs = {
        "height": q(height, "cm"),
        "color": color,
        "material": material,
        "style": style,
        "power": q(power, "W"),
        "type": kind,
    }
    return title, brand, price, describe(lead, uses, feats), attrs


def gen_rug():
    brand = pick(["Casamora", "Verdal", "Nordhaüs", "Kvist"])
    line = pick(["Kilim", "Berber", "Nomad", "Sahara", "Fjäll", "Stripe", "Bohem", "Tundra"])
    w, length = pick([(80, 150), (120, 170), (160, 230), (200, 300), (240, 340)])
    material = pick(["wool", "cotton", "jute", "polypropylene", "viscose"])
    color = pick(["beige", "grey", "cream", "blue", "terracotta", "green", "multicolour", "black"])
    style = pick(["scandinavian", "bohemian", "modern", "classic", "minimalist"])
    pile = pick(["low pile", "high pile", "flatweave"])
    title = f"{brand} {line} {cap(pile)} Rug {w}x{length} cm, {cap(color)}"
    price = shop_price(RNG.uniform(0.7, 1.4) * (20 + w * length / 350) * (1.6 if material == "wool" else 1.0))
    lead = f"A {pile} {material} rug, {w}x{length} cm, in {color}."
    uses = [
        "Anchors a sofa and coffee table in the living room.",
        "Soft underfoot in a kids' room.",
        "Warms up a small room or a home office.",
        "Makes a guest room feel finished.",
    ]
    feats = ["Anti-slip backing.", "Easy to vacuum.", "Colour-fast dyes.", "Hand-finished edges."]
    attrs = {
        "width": q(w, "cm"),
        "length": q(length, "cm"),
        "color": color,
        "material": material,
        "style": style,
        "pile": pile,
    }
    return title, brand, price, describe(lead, uses, feats), attrs


def gen_phones():
    out = []
    for brand, fam, screen, rams, batt, conn, base in PHONE_FAMILIES:
        storages = [64, 128, 256] if base < 500 else [128, 256, 512]
        colors = sample(PHONE_COLORS, rint(3, 4))
        for si, st in enumerate(storages):
            ram = rams[min(si, len(rams) - 1)]
            for color in colors:
                title = f"{family_title(brand, fam)} {st} GB, {cap(color)}"
                price = shop_price(base * (1 + 0.17 * si) * RNG.uniform(0.98, 1.02))
                lead = f"The {fam} has a {screen}-inch display, {ram} GB RAM and {st} GB of storage."
                uses = [
                    "A dependable everyday phone for work and family.",
                    "A good first smartphone for teens."
                    if base < 500
                    else "Built for mobile gaming and photography.",
                    "Battery lasts a full day of travel.",
                    "Great for video calls with the family.",
                ]
                feats = [
                    f"{batt} mAh battery with fast charging over {conn}.",
                    "Dual SIM and 5G.",
                    "Water and dust resistant.",
                    "Triple camera with night mode.",
                ]
                attrs = {
                    "storage": q(st, "GB"),
                    "ram": q(ram, "GB"),
                    "screen_size": q(screen, "in"),
                    "battery": q(batt, "mAh"),
                    "color": color,
                    "connector": conn,
                }
                out.append((title, brand, price, describe(lead, uses, feats), attrs))
    return out


def gen_phone_cases():
    out = []
    kinds = [
        ("silicone", "silicone", 1.0),
        ("clear", "tpu", 0.8),
        ("rugged", "polycarbonate", 1.4),
        ("wallet", "leather", 1.6),
        ("slim", "polycarbonate", 0.9),
        ("leather", "leather", 1.8),
    ]
    colors = ["black", "clear", "navy", "red", "sand", "olive", "pink", "brown"]
    for brand, fam, *_ in PHONE_FAMILIES:
        seen = set()
        n = rint(13, 17)
        while len(seen) < n:
            cbrand = pick([brand, "Skärm", "Ondeo", "Voltra"], [2, 3, 2, 1])
            kind, mat, mult = pick(kinds)
            color = "clear" if kind == "clear" else pick([c for c in colors if c != "clear"])
            title = f"{cbrand} {cap(kind)} Case for {fam}, {cap(color)}"
            if title in seen:
                continue
            seen.add(title)
            price = shop_price(RNG.uniform(12, 35) * mult)
            lead = f"A {kind} {mat} case made for the {fam}, in {color}."
            uses = [
                "Protects your phone from everyday drops.",
                "A tough pick for kids and outdoor trips.",
                "Slim enough to slide into a pocket for commuting.",
                "Keeps cards and cash with your phone when travelling.",
            ]
            feats = [
                "Raised edges protect the camera and screen.",
                "Precise cut-outs for buttons and ports.",
                "Compatible with wireless charging.",
                "Drop-tested from 2 metres.",
            ]
            attrs = {"compatible_with": fam.lower(), "type": kind, "material": mat, "color": color}
            out.append((title, cbrand, price, describe(lead, uses, feats), attrs))
    return out


def gen_screen_protectors():
    out = []
    kinds = [
        ("clear", "tempered glass"),
        ("privacy", "tempered glass"),
        ("matte", "film"),
        ("anti-blue-light", "tempered glass"),
        ("clear", "film"),
    ]
    for brand, fam, *_ in PHONE_FAMILIES:
        seen = set()
        n = rint(9, 11)
        while len(seen) < n:
            pbrand = pick(["Skärm", "Ondeo", "Voltra", brand], [3, 2, 1, 1])
            kind, mat = pick(kinds)
            pack = pick([1, 2, 3])
            title = f"{pbrand} {cap(kind)} {cap(mat)} Screen Protector for {fam}, {pack}-Pack"
            if title in seen:
                continue
            seen.add(title)
            price = shop_price(RNG.uniform(7, 18) * (1 + 0.35 * (pack - 1)))
            lead = f"A {kind} {mat} screen protector cut for the {fam}; {pack} in the box."
            uses = [
                "Keeps the screen scratch-free in a bag with keys.",
                "Handy for kids' phones that get dropped.",
                "Privacy filter hides your screen on the commute."
                if kind == "privacy"
                else "Crystal-clear for gaming and video.",
            ]
            feats = [
                "Alignment frame for bubble-free install.",
                "9H hardness.",
                "Case-friendly edges.",
                "Keeps full touch sensitivity.",
            ]
            attrs = {"compatible_with": fam.lower(), "type": kind, "material": mat, "pack_size": int(pack)}
            out.append((title, pbrand, price, describe(lead, uses, feats), attrs))
    return out


def gen_phone_charger():
    brand = pick(["Voltra", "Ondeo", "Lumio", "Zenit", "Kestrel"])
    kind = pick(["wall", "wall", "car", "wireless"])
    power = pick(
        [20, 25, 30, 45, 65, 100] if kind == "wall" else ([15, 20, 30] if kind == "car" else [10, 15])
    )
    conn = pick(["usb-c", "usb-c", "lightning"])
    ports = pick([1, 1, 2, 3]) if kind != "wireless" else 1
    color = pick(["white", "black"])
    if kind == "wireless":
        title = f"{brand} {power} W Wireless Charging Pad with {'USB-C' if conn == 'usb-c' else 'Lightning'} Cable, {cap(color)}"
    else:
        plug = "Wall Charger" if kind == "wall" else "Car Charger"
        cable = "USB-C" if conn == "usb-c" else "Lightning"
        title = f"{brand} {power} W {ports}-Port {plug} with {cable} Cable, {cap(color)}"
    price = shop_price(RNG.uniform(0.7, 1.2) * (8 + power * 0.55))
    lead = f"A {power} W {kind} charger with a {conn} cable."
    uses = [
        "Charge your phone to 50% in about 30 minutes.",
        "A compact spare for travel bags.",
        "Keeps phones topped up on road trips."
        if kind == "car"
        else "A tidy bedside or home office charging spot.",
    ]
    feats = [
        "Over-heat and over-current protection.",
        "1 m braided cable included.",
        "Foldable plug." if kind == "wall" else "Works through most cases.",
    ]
    attrs = {"power": q(power, "W"), "connector": conn, "type": kind, "ports": int(ports), "color": color}
    return title, brand, price, describe(lead, uses, feats), attrs


def gen_power_bank():
    brand = pick(["Voltra", "Ondeo", "Kestrel", "Zenit"])
    cap_mah = pick([5000, 10000, 10000, 20000, 26800])
    power = pick([18, 20, 22.5, 30, 45, 65])
    conn = pick(["usb-c", "usb-c", "lightning"])
    color = pick(["black", "white", "blue", "pink", "grey"])
    weight = round(0.1 + cap_mah / 60000 + RNG.uniform(0, 0.05), 2)
    line = pick(["Volt", "Juice", "Charge", "Go", "Max", "Mini", "Pocket"])
    title = f"{brand} {line} Power Bank {cap_mah} mAh {fmt_num(power)} W, {cap(color)}"
    price = shop_price(RNG.uniform(0.8, 1.2) * (10 + cap_mah / 600 + power * 0.3))
    lead = f"A {cap_mah} mAh power bank with {fmt_num(power)} W output over {conn}."
    uses = [
        "Enough for two to four phone charges on a weekend away.",
        "Light enough for a daily commute.",
        "Keeps kids' tablets running on long journeys.",
        "Backup power for festivals and camping.",
    ]
    feats = ["LED charge indicator.", "Charges two devices at once.", "Airline carry-on approved."]
    attrs = {
        "battery": q(cap_mah, "mAh"),
        "power": q(power, "W"),
        "connector": conn,
        "color": color,
        "weight": f"{weight:g} kg",
    }
    return title, brand, price, describe(lead, uses, feats), attrs


def gen_headphones():
    brand = pick(["Ångström Audio", "Ondeo", "Pixelwave", "Lumio", "Kestrel"])
    kind = pick(["over-ear", "on-ear", "in-ear"], [3, 1, 3])
    wireless = chance(0.75)
    anc = wireless and chance(0.5)
    color = pick(["black", "white", "silver", "blue", "beige", "green"])
    line = (
        pick(["Echo", "Pulse", "Calm", "Wave", "Studio", "Flow", "Bass", "Aria", "Nord"]) + f" {rint(2, 9)}"
    )
    form = {
        "over-ear": "Over-Ear Headphones",
        "on-ear": "On-Ear Headphones",
        "in-ear": "Earbuds" if wireless else "In-Ear Headphones",
    }[kind]
    parts = []
    if anc:
        parts.append("Noise-Cancelling")
    parts.append("Wireless" if wireless else "Wired")
    title = f"{brand} {line} {' '.join(parts)} {form}, {cap(color)}"
    weight = round(
        (0.25 if kind == "over-ear" else 0.18 if kind == "on-ear" else 0.05) + RNG.uniform(0, 0.08), 2
    )
    price = shop_price(
        RNG.uniform(0.7, 1.3)
        * (25 + (60 if wireless else 0) + (110 if anc else 0) + (30 if kind == "over-ear" else 0))
    )
    lead = f"{kind.capitalize()} {'wireless' if wireless else 'wired'} headphones{' with active noise cancelling' if anc else ''}."
    uses = [
        "Block out the open-plan office." if anc else "Clear sound for calls in a home office.",
        "Great for gaming with a detachable mic."
        if kind != "in-ear"
        else "Secure fit for running and the gym.",
        "Comfortable on long flights.",
        "A safe volume limit option for kids.",
    ]
    feats = [
        "Up to 30 hours of battery." if wireless else "Tangle-free flat cable.",
        "Multipoint Bluetooth pairing." if wireless else "In-line remote and mic.",
        "Foldable design with a travel pouch.",
    ]
    attrs = {
        "type": kind,
        "wireless": yn(wireless),
        "noise_cancelling": yn(anc),
        "color": color,
        "weight": f"{weight:g} kg",
    }
    return title, brand, price, describe(lead, uses, feats), attrs


LAPTOP_SIZES = [13.3, 14.0, 15.6, 16.0, 17.3]


def gen_laptop():
    brand = pick(["Kestrel", "Pixelwave", "Lumio", "Zenit"])
    size = pick(LAPTOP_SIZES, [2, 3, 3, 2, 1])
    line = pick(["AirBook", "ProBook", "Studio", "Flex", "Edge", "Titan", "Slate", "Nimbus"])
    ram = pick([8, 16, 16, 32])
    storage = pick([256, 512, 512, 1024, 2048])
    gaming = line == "Titan"
    weight = round(0.9 + (size - 13) * 0.35 + (0.8 if gaming else 0) + RNG.uniform(0, 0.3), 2)
    color = pick(["silver", "space grey", "black", "blue", "white"])
    title = f'{brand} {line} {fmt_num(size)}" Laptop, {ram} GB RAM, {storage} GB SSD, {cap(color)}'
    price = shop_price(
        RNG.uniform(0.85, 1.2) * (300 + ram * 18 + storage * 0.35 + (500 if gaming else 0) + (size - 13) * 40)
    )
    lead = f"The {line} laptop pairs a {fmt_num(size)}-inch screen with {ram} GB RAM and a {storage} GB SSD."
    uses = [
        "Light enough to carry to lectures every day."
        if weight < 1.6
        else "A desktop replacement for the home office.",
        "Handles video calls, spreadsheets and photo editing.",
        "Built for gaming with a dedicated graphics card."
        if gaming
        else "A reliable family laptop for homework and streaming.",
        "Battery lasts a full working day.",
    ]
    feats = [
        "Backlit keyboard.",
        "Fingerprint reader.",
        "Two USB-C ports and HDMI.",
        "1080p webcam with privacy shutter.",
    ]
    attrs = {
        "screen_size": q(size, "in"),
        "ram": q(ram, "GB"),
        "storage": q(storage, "GB"),
        "weight": q(weight, "kg"),
        "color": color,
    }
    return title, brand, price, describe(lead, uses, feats), attrs


def gen_laptop_bag():
    brand = pick(["Skärm", "Ondeo", "Voltra", "Kestrel"])
    fits = pick(LAPTOP_SIZES + [15.6])
    kind = pick(["backpack", "sleeve", "messenger", "briefcase"], [3, 3, 2, 1])
    material = pick(
        ["nylon", "polyester", "leather", "canvas", "neoprene"]
        if kind == "sleeve"
        else ["nylon", "polyester", "leather", "canvas"]
    )
    color = pick(["black", "grey", "navy", "olive", "brown", "burgundy"])
    water = chance(0.5)
    line = pick(["Commuter", "Urban", "Metro", "Trek", "Nomad", "Campus", "Office"])
    title = f'{brand} {line} Laptop {cap(kind)} for {fmt_num(fits)}" Laptops, {cap(color)}'
    price = shop_price(
        RNG.uniform(0.7, 1.3)
        * {"backpack": 55, "sleeve": 25, "messenger": 50, "briefcase": 75}[kind]
        * (1.6 if material == "leather" else 1.0)
    )
    lead = f"A {material} laptop {kind} that fits laptops up to {fmt_num(fits)} inches."
    uses = [
        "Made for the daily commute.",
        "Room for a charger, mouse and notebook.",
        "A neat choice for students.",
        "Fits under an airline seat for business trips.",
    ]
    feats = [
        "Padded laptop compartment.",
        "Water-resistant fabric." if water else "Soft lining protects the screen.",
        "Luggage strap slips over a trolley handle.",
    ]
    attrs = {
        "fits_laptop": q(fits, "in"),
        "type": kind,
        "material": material,
        "color": color,
        "water_resistant": yn(water),
    }
    return title, brand, price, describe(lead, uses, feats), attrs


def gen_monitor():
    brand = pick(["Pixelwave", "Kestrel", "Zenit", "Lumio"])
    size = pick([24, 27, 27, 32, 34])
    res = pick(["1920x1080", "2560x1440", "3840x2160"] if size != 34 else ["3440x1440"])
    refresh = pick([60, 75, 144, 165, 240])
    panel = pick(["ips", "va", "oled"], [5, 3, 1])
    res_name = {
        "1920x1080": "Full HD",
        "2560x1440": "QHD",
        "3840x2160": "4K UHD",
        "3440x1440": "UltraWide QHD",
    }[res]
    line = pick(["View", "Vivid", "Arc", "Vision", "Frame", "Pro"])
    title = f'{brand} {line} {size}" {res_name} {panel.upper()} Monitor {refresh} Hz'
    price = shop_price(
        RNG.uniform(0.8, 1.2)
        * (
            90
            + (size - 24) * 18
            + refresh * 0.8
            + {"1920x1080": 0, "2560x1440": 90, "3840x2160": 200, "3440x1440": 220}[res]
            + (350 if panel == "oled" else 0)
        )
    )
    lead = f"A {size}-inch {res_name} {panel.upper()} monitor running at {refresh} Hz."
    uses = [
        "Smooth motion for competitive gaming."
        if refresh >= 144
        else "Sharp text for spreadsheets and coding.",
        "A second screen that doubles home office productivity.",
        "Accurate colour for photo editing.",
        "Easy on the eyes during long study sessions.",
    ]
    feats = [
        "Height-adjustable stand.",
        "USB-C with 65 W power delivery.",
        "VESA mount compatible.",
        "Flicker-free backlight and low blue light mode.",
    ]
    attrs = {
        "screen_size": q(size, "in"),
        "refresh_rate": q(refresh, "Hz"),
        "resolution": res,
        "panel": panel,
    }
    return title, brand, price, describe(lead, uses, feats), attrs


def gen_mouse():
    brand = pick(["Kestrel", "Pixelwave", "Voltra", "Ondeo"])
    kind = pick(["office", "gaming", "travel", "vertical"])
    wireless = chance(0.65)
    dpi = pick([1600, 2400, 4000, 8000, 16000, 26000] if kind == "gaming" else [1000, 1600, 2400, 4000])
    color = pick(["black", "white", "grey", "pink", "blue"])
    line = pick(["Glide", "Swift", "Claw", "Orbit", "Pebble", "Arc", "Nova"])
    title = f"{brand} {line} {'Wireless' if wireless else 'Wired'} {cap(kind)} Mouse, {cap(color)}"
    price = shop_price(
        RNG.uniform(0.7, 1.3)
        * (12 + (15 if wireless else 0) + (35 if kind == "gaming" else 0) + (10 if kind == "vertical" else 0))
    )
    lead = f"A {'wireless' if wireless else 'wired'} {kind} mouse with a {dpi} DPI sensor."
    uses = [
        "Precise aim for fast-paced gaming." if kind == "gaming" else "Quiet clicks for shared home offices.",
        "Small enough to pack with a laptop.",
        "Ergonomic shape eases wrist strain on long days.",
        "Works for left- and right-handed kids.",
    ]
    feats = [
        "Up to 18 months on one AA battery." if wireless else "Braided 1.8 m cable.",
        "Programmable side buttons.",
        "Works on glass and wood surfaces.",
    ]
    attrs = {"type": kind, "wireless": yn(wireless), "color": color, "dpi": int(dpi)}
    return title, brand, price, describe(lead, uses, feats), attrs


def gen_coffee_maker():
    brand = pick(KITCH_BRANDS)
    kind = pick(["drip", "espresso", "pod", "bean-to-cup"], [3, 3, 2, 2])
    capacity = pick(
        {
            "drip": [1.0, 1.25, 1.5, 1.8],
            "espresso": [1.0, 1.5, 1.8, 2.0],
            "pod": [0.6, 0.8, 1.0],
            "bean-to-cup": [1.5, 1.7, 1.8],
        }[kind]
    )
    power = pick(
        {
            "drip": [800, 900, 1000],
            "espresso": [1100, 1350, 1450],
            "pod": [1200, 1450],
            "bean-to-cup": [1450, 1500],
        }[kind]
    )
    color = pick(["black", "stainless steel", "white", "red", "cream"])
    line = pick(["Barista", "Morning", "Crema", "Brew", "Aroma", "Roma", "Café", "Duo"])
    label = {
        "drip": "Filter Coffee Maker",
        "espresso": "Espresso Machine",
        "pod": "Pod Coffee Machine",
        "bean-to-cup": "Bean-to-Cup Coffee Machine",
    }[kind]
    title = f"{brand} {line} {label} {fmt_num(capacity)} L, {cap(color)}"
    price = shop_price(
        RNG.uniform(0.75, 1.3) * {"drip": 60, "espresso": 260, "pod": 90, "bean-to-cup": 650}[kind]
    )
    lead = f"A {kind} coffee maker with a {fmt_num(capacity)} L water tank and {power} W heater."
    uses = [
        "Brews enough for the whole family at breakfast.",
        "Compact for a small kitchen or office kitchenette.",
        "Impress guests with café-style drinks.",
        "Fresh coffee for long home office days.",
    ]
    feats = [
        "Keep-warm plate and auto shut-off." if kind == "drip" else "15-bar pump and steam wand.",
        "Removable tank for easy refills.",
        "Programmable timer.",
        "Descaling alert.",
    ]
    attrs = {"type": kind, "capacity": q(capacity, "L"), "power": q(power, "W"), "color": color}
    return title, brand, price, describe(lead, uses, feats), attrs


def gen_coffee_grinder():
    brand = pick(KITCH_BRANDS)
    kind = pick(["conical burr", "flat burr", "blade"], [3, 2, 2])
    power = pick([150, 160, 200, 250] if kind != "blade" else [150, 180, 200])
    capacity = pick([0.2, 0.25, 0.3, 0.4] if kind != "blade" else [0.07, 0.1])
    settings = pick([15, 18, 31, 40]) if kind != "blade" else 1
    color = pick(["black", "stainless steel", "white", "matte grey"])
    line = pick(["Mahl", "Grind", "Mühle", "Moka", "Fine", "Burr"])
    title = f"{brand} {line} {cap(kind)} Coffee Grinder, {cap(color)}"
    price = shop_price(RNG.uniform(0.7, 1.3) * (25 if kind == "blade" else 110))
    lead = f"A {kind} coffee grinder with {settings} grind setting{'s' if settings > 1 else ''} and a {fmt_num(capacity)} L bean hopper."
    uses = [
        "Grinds fresh for espresso, filter or French press.",
        "Quiet enough for early mornings in a shared flat.",
        "Compact for a small kitchen counter.",
        "A great gift for coffee lovers.",
    ]
    feats = [
        "Stainless steel blades." if kind == "blade" else "Hardened steel burrs for an even grind.",
        "Removable grounds container.",
        "Safety lock lid.",
    ]
    attrs = {
        "type": kind,
        "power": q(power, "W"),
        "capacity": q(capacity, "L"),
        "grind_settings": int(settings),
        "color": color,
    }
    return title, brand, price, describe(lead, uses, feats), attrs


def gen_mug():
    brand = pick(KITCH_BRANDS)
    material = pick(["ceramic", "stoneware", "porcelain", "glass", "enamel", "stainless steel"])
    capacity = pick([0.25, 0.3, 0.35, 0.4, 0.5])
    set_size = pick([1, 2, 4, 6])
    color = pick(["white", "black", "blue", "sage", "terracotta", "cream", "speckled grey"])
    kind = pick(
        ["mug", "travel mug"]
        if material == "stainless steel"
        else ["mug", "mug", "latte mug", "espresso cup"]
    )
    if kind == "espresso cup":
        capacity = pick([0.08, 0.1])
    line = pick(["Nordic", "Morning", "Stack", "Rustic", "Everyday", "Café"])
    label = cap(kind) + ("s" if set_size > 1 else "")
    qty = f"Set of {set_size} " if set_size > 1 else ""
    title = f"{brand} {line} {cap(material)} {qty}{label} {fmt_num(capacity)} L, {cap(color)}"
    price = shop_price(
        RNG.uniform(0.7, 1.3) * (7 if material != "stainless steel" else 18) * (set_size**0.85)
    )
    lead = f"{'A set of ' + str(set_size) + ' ' if set_size > 1 else 'A '}{material} {kind}{'s' if set_size > 1 else ''} holding {fmt_num(capacity)} L each."
    uses = [
        "Sized for a generous morning coffee.",
        "Enough for when guests come over." if set_size > 1 else "A nice gift for a coffee-loving colleague.",
        "Keeps drinks hot on the commute."
        if kind == "travel mug"
        else "Stackable to save space in a small kitchen.",
        "Sturdy enough for everyday family use.",
    ]
    feats = [
        "Dishwasher and microwave safe."
        if material not in ("stainless steel", "enamel")
        else "Hand wash recommended.",
        "Comfortable wide handle.",
        "Glazed inside for easy cleaning.",
    ]
    attrs = {
        "capacity": q(capacity, "L"),
        "material": material,
        "color": color,
        "set_size": int(set_size),
        "type": kind,
        "dishwasher_safe": yn(material not in ("stainless steel", "enamel")),
    }
    return title, brand, price, describe(lead, uses, feats), attrs


def gen_kettle():
    brand = pick(KITCH_BRANDS)
    kind = pick(["electric", "gooseneck"], [3, 1])
    capacity = pick([0.8, 1.0] if kind == "gooseneck" else [1.0, 1.5, 1.7])
    power = pick([1200, 1500] if kind == "gooseneck" else [2000, 2200, 2400, 3000])
    material = pick(["stainless steel", "glass", "plastic"] if kind == "electric" else ["stainless steel"])
    color = pick(["stainless steel", "black", "white", "cream", "red", "matte black"])
    temp = kind == "gooseneck" or chance(0.3)
    line = pick(["Boil", "Steam", "Pour", "Quick", "Tee", "Nord"])
    label = "Gooseneck Kettle" if kind == "gooseneck" else "Electric Kettle"
    title = f"{brand} {line} {label} {fmt_num(capacity)} L {power} W, {cap(color)}"
    price = shop_price(
        RNG.uniform(0.7, 1.3) * (25 + (45 if temp else 0) + (30 if kind == "gooseneck" else 0))
    )
    lead = f"A {fmt_num(capacity)} L {material} {label.lower()} rated at {power} W."
    uses = [
        "Precise pour-over coffee at home."
        if kind == "gooseneck"
        else "Boils enough for the whole family's tea.",
        "Compact for a small kitchen or a student room.",
        "Handy in a guest room or home office.",
    ]
    feats = [
        "Variable temperature with keep-warm." if temp else "Rapid boil and auto shut-off.",
        "Limescale filter.",
        "360-degree cordless base.",
    ]
    attrs = {
        "capacity": q(capacity, "L"),
        "power": q(power, "W"),
        "material": material,
        "color": color,
        "type": kind,
        "temperature_control": yn(temp),
    }
    return title, brand, price, describe(lead, uses, feats), attrs


SINGLE_GENERATORS = {
    "desks": gen_desk,
    "office_chairs": gen_office_chair,
    "gaming_chairs": gen_gaming_chair,
    "bookcases": gen_bookcase,
    "wardrobes": gen_wardrobe,
    "sofas": gen_sofa,
    "sofa_beds": gen_sofa_bed,
    "beds": gen_bed,
    "mattresses": gen_mattress,
    "coffee_tables": gen_coffee_table,
    "desk_lamps": gen_desk_lamp,
    "rugs": gen_rug,
    "phone_chargers": gen_phone_charger,
    "power_banks": gen_power_bank,
    "headphones": gen_headphones,
    "laptops": gen_laptop,
    "laptop_bags": gen_laptop_bag,
    "monitors": gen_monitor,
    "mice": gen_mouse,
    "coffee_makers": gen_coffee_maker,
    "coffee_grinders": gen_coffee_grinder,
    "mugs": gen_mug,
    "kettles": gen_kettle,
}
BATCH_GENERATORS = {
    "phones": gen_phones,
    "phone_cases": gen_phone_cases,
    "screen_protectors": gen_screen_protectors,
}


def popularity() -> int:
    """Skewed 0-1000: most items a few dozen, a long tail of hits."""
    v = 1000 * RNG.beta(0.55, 4.5)
    if chance(0.02):
        v = RNG.uniform(700, 1000)
    return int(min(1000, max(0, round(v))))


def build_catalog() -> list[dict]:
    products: list[dict] = []
    for key, dept, cat, prefix, target in CATEGORIES:
        if key in BATCH_GENERATORS:
            rows = BATCH_GENERATORS[key]()
        else:
            rows, seen, tries = [], set(), 0
            while len(rows) < target and tries < target * 50:
                tries += 1
                row = SINGLE_GENERATORS[key]()
                if row[0] in seen:
                    continue
                seen.add(row[0])
                rows.append(row)
        for i, (title, brand, price, desc, attrs) in enumerate(rows, start=1):
            pid = f"{prefix}-{i:04d}"
            products.append(
                {
                    "id": pid,
                    "title": title,
                    "category": [dept, cat],
                    "brand": brand,
                    "price": float(price),
                    "currency": "USD",
                    "description": desc,
                    "url": BASE_URL + pid,
                    "image": None,
                    "popularity": popularity(),
                    "attributes": attrs,
                    "_key": key,
                }
            )
    return products


# --------------------------------------------------------------------------
# interactions
# --------------------------------------------------------------------------
N_SESSIONS = 2500
N_USERS = 600
START = datetime(2026, 1, 1, tzinfo=UTC)
DAYS = 90


def num(v) -> float:
    return float(str(v).split()[0])


class Sessions:
    def __init__(self, products: list[dict]):
        self.by_key: dict[str, list[dict]] = {}
        for p in products:
            self.by_key.setdefault(p["_key"], []).append(p)
        self.all = products

    def draw(self, items: list[dict], k: int = 1, exclude=()) -> list[dict]:
        pool = [p for p in items if p["id"] not in exclude]
        if not pool:
            return []
        w = np.array([p["popularity"] + 10.0 for p in pool]) ** 1.15
        k = min(k, len(pool))
        idx = RNG.choice(len(pool), size=k, replace=False, p=w / w.sum())
        return [pool[int(i)] for i in idx]

    # complements: list of (category key, filter) for an anchor product
    def complements(self, key: str, p: dict) -> list[list[dict]]:
        a = p["attributes"]
        c = self.by_key
        if key == "phones":
            fam = None
            for f in PHONE_FAMILIES:
                if p["title"].startswith(family_title(f[0], f[1]) + " "):
                    fam = f[1].lower()
            groups = [
                [x for x in c["phone_cases"] if x["attributes"]["compatible_with"] == fam],
                [x for x in c["screen_protectors"] if x["attributes"]["compatible_with"] == fam],
                [x for x in c["phone_chargers"] if x["attributes"]["connector"] == a["connector"]],
            ]
            if chance(0.3):
                groups.append([x for x in c["power_banks"] if x["attributes"]["connector"] == a["connector"]])
            return groups
        if key == "laptops":
            size = num(a["screen_size"])
            bags = [x for x in c["laptop_bags"] if 0 <= num(x["attributes"]["fits_laptop"]) - size <= 1.7]
            groups = [bags, c["mice"]]
            if chance(0.3):
                groups.append(c["monitors"])
            return groups
        if key == "desks":
            chairs = c["gaming_chairs"] if a["type"] == "gaming" else c["office_chairs"]
            groups = [chairs, c["desk_lamps"]]
            if chance(0.25):
                groups.append(c["monitors"])
            return groups
        if key == "beds":
            return [[x for x in c["mattresses"] if x["attributes"]["width"] == a["mattress_width"]]]
        if key in ("sofas", "sofa_beds"):
            return [c["coffee_tables"], c["rugs"]]
        if key == "coffee_makers":
            return [c["coffee_grinders"], c["mugs"]]
        return []


ANCHORS = ["phones", "laptops", "desks", "beds", "sofas", "sofa_beds", "coffee_makers"]
ANCHOR_W = [5, 3, 3, 2, 2, 1, 2]


def build_interactions(products: list[dict]) -> list[dict]:
    S = Sessions(products)
    cat_keys = [c[0] for c in CATEGORIES]
    cat_w = [len(S.by_key[k]) * (2.0 if k in ANCHORS else 1.0) for k in cat_keys]

    # users: everyone appears at least once, then a skewed tail of returning shoppers
    users = [f"u{i:04d}" for i in range(1, N_USERS + 1)]
    uw = 1.0 / (np.arange(N_USERS) + 8.0) ** 0.9
    session_users = list(users) + [
        users[int(i)] for i in RNG.choice(N_USERS, size=N_SESSIONS - N_USERS, p=uw / uw.sum())
    ]
    session_users = [session_users[int(i)] for i in RNG.permutation(len(session_users))]

    hour_w = np.array([1, 1, 1, 1, 1, 1, 2, 4, 6, 7, 8, 8, 9, 9, 8, 8, 8, 9, 11, 13, 13, 11, 7, 3], float)
    starts = []
    for _ in range(N_SESSIONS):
        day = rint(0, DAYS - 1)
        hour = int(RNG.choice(24, p=hour_w / hour_w.sum()))
        starts.append(START + timedelta(days=day, hours=hour, minutes=rint(0, 59), seconds=rint(0, 59)))
    starts.sort()

    events: list[dict] = []
    for si in range(N_SESSIONS):
        sid = f"s{si + 1:05d}"
        user = session_users[si]
        t = starts[si]
        acts: list[tuple[str, str]] = []  # (item, event)
        r = RNG.random()
        if r < 0.5:  # complementary basket
            key = pick(ANCHORS, ANCHOR_W)
            pool = S.by_key[key]
            anchor = S.draw(pool, 1)[0]
            for p in S.draw(pool, rint(0, 2), exclude={anchor["id"]}):
                acts.append((p["id"], "view"))
                if chance(0.3):
                    acts.append((p["id"], "reject"))
            acts.append((anchor["id"], "view"))
            acts.append((anchor["id"], "click"))
            if chance(0.15):
                acts.append((anchor["id"], "like"))
            bought = chance(0.7)
            if bought:
                acts.append((anchor["id"], "cart"))
                if chance(0.6):
                    acts.append((anchor["id"], "purchase"))
            groups = S.complements(key, anchor)
            n_groups = rint(1, len(groups))
            for group in groups[:n_groups]:
                cands = S.draw(group, rint(1, 2))
                if not cands:
                    continue
                for p in cands:
                    acts.append((p["id"], "view"))
                chosen = cands[-1]
                if len(cands) > 1 and chance(0.4):
                    acts.append((cands[0]["id"], "reject"))
                if chance(0.6):
                    acts.append((chosen["id"], "click"))
                    if chance(0.55):
                        acts.append((chosen["id"], "cart"))
                        if bought and chance(0.6):
                            acts.append((chosen["id"], "purchase"))
        elif r < 0.88:  # browsing alternatives in one category
            key = pick(cat_keys, cat_w)
            items = S.draw(S.by_key[key], rint(3, 7))
            kept = []
            for p in items:
                acts.append((p["id"], "view"))
                x = RNG.random()
                if x < 0.22:
                    acts.append((p["id"], "reject"))
                    continue
                kept.append(p)
                if x < 0.34:
                    acts.append((p["id"], "like"))
                elif x < 0.52:
                    acts.append((p["id"], "click"))
            if kept and chance(0.25):
                best = kept[int(np.argmax([p["popularity"] for p in kept]))]
                acts.append((best["id"], "cart"))
                if chance(0.4):
                    acts.append((best["id"], "purchase"))
        else:  # short visit: a popular item or two
            for p in S.draw(S.all, rint(1, 2)):
                acts.append((p["id"], "view"))
                if chance(0.3):
                    acts.append((p["id"], "click"))
        for item, ev in acts:
            events.append(
                {
                    "session": sid,
                    "user": user,
                    "item": item,
                    "event": ev,
                    "ts": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                }
            )
            t += timedelta(seconds=rint(6, 40) if ev in ("reject", "like") else rint(15, 240))
    return events


# --------------------------------------------------------------------------
# example CSVs and mappings
# --------------------------------------------------------------------------
FURN_COLUMNS = [
    "sku",
    "product_name",
    "dept",
    "subcategory",
    "maker",
    "price_sar",
    "details",
    "width_cm",
    "height_cm",
    "depth_cm",
    "colour",
    "material",
    "link",
    "photo",
]
SHOP = "https://shop.dar-alathath.example.sa"

# (name, dept, subcategory, maker, price, details, w, h, d, colour, material)
FURNITURE_ROWS = [
    (
        "POÄNG Armchair",
        "Living Room",
        "Armchairs",
        "Nordhaüs",
        449,
        "Bentwood armchair with a gentle bounce; washable cushion cover.",
        68,
        100,
        82,
        "birch",
        "wood",
    ),
    (
        "POÄNG Armchair, Black-Brown",
        "Living Room",
        "Armchairs",
        "Nordhaüs",
        449,
        "Layer-glued bent beech frame, comfortable for reading.",
        68,
        100,
        82,
        "black-brown",
        "wood",
    ),
    (
        "LÅNGFORS Wardrobe 50 cm, White",
        "Bedroom",
        "Wardrobes",
        "Nordhaüs",
        399,
        "Slim one-door wardrobe for small bedrooms or an entrance.",
        50,
        180,
        55,
        "white",
        "engineered wood",
    ),
    (
        "LÅNGFORS Wardrobe 80 cm, White",
        "Bedroom",
        "Wardrobes",
        "Nordhaüs",
        599,
        "Two doors, hanging rail and one shelf.",
        80,
        201,
        58,
        "white",
        "engineered wood",
    ),
    (
        "LÅNGFORS Wardrobe 100 cm, Oak",
        "Bedroom",
        "Wardrobes",
        "Nordhaüs",
        799,
        "Two doors with soft-close hinges, oak-effect finish.",
        100,
        201,
        58,
        "oak",
        "engineered wood",
    ),
    (
        "LÅNGFORS Wardrobe 150 cm with Mirror, White",
        "Bedroom",
        "Wardrobes",
        "Nordhaüs",
        1199,
        "Three doors, the middle one with a full-length mirror.",
        150,
        236,
        60,
        "white",
        "engineered wood",
    ),
    (
        "LÅNGFORS Wardrobe 200 cm, Grey",
        "Bedroom",
        "Wardrobes",
        "Nordhaüs",
        1499,
        "Four doors, two hanging rails and six shelves.",
        200,
        236,
        60,
        "grey",
        "engineered wood",
    ),
    (
        "Najd Sliding Wardrobe 180 cm, White",
        "Bedroom",
        "Wardrobes",
        "Najd Home",
        1699,
        "Sliding doors need no clearance; ideal for tight rooms.",
        180,
        220,
        62,
        "white",
        "engineered wood",
    ),
    (
        "Najd Sliding Wardrobe 250 cm, Walnut",
        "Bedroom",
        "Wardrobes",
        "Najd Home",
        2399,
        "Large wardrobe with sliding mirrored door panels.",
        250,
        236,
        65,
        "walnut",
        "wood",
    ),
    (
        "Qasr Classic Wardrobe 120 cm, Beige",
        "Bedroom",
        "Wardrobes",
        "Qasr Furniture",
        1299,
        "Classic carved doors with brass handles.",
        120,
        210,
        60,
        "beige",
        "wood",
    ),
    (
        "Qasr Glass-Door Wardrobe 100 cm, Black",
        "Bedroom",
        "Wardrobes",
        "Qasr Furniture",
        1399,
        "Smoked glass doors and interior LED strip.",
        100,
        220,
        58,
        "black",
        "metal",
    ),
    (
        "Jeddah Kids Wardrobe 60 cm, White",
        "Kids",
        "Wardrobes",
        "Jeddah Crafts",
        549,
        "Low hanging rail children can reach, rounded corners.",
        60,
        150,
        50,
        "white",
        "engineered wood",
    ),
    (
        "HÄRLIG Sofa-Bed, 3-Seat, Grey",
        "Living Room",
        "Sofa Beds",
        "Søvn",
        1899,
        "Click-clack sofa bed for guests, storage under the seat.",
        200,
        88,
        95,
        "grey",
        "fabric",
    ),
    (
        "HÄRLIG Sofa-Bed, 2-Seat, Beige",
        "Living Room",
        "Sofa Beds",
        "Søvn",
        1499,
        "Compact sofa bed that opens to a 120 cm bed.",
        160,
        88,
        92,
        "beige",
        "fabric",
    ),
    (
        "Majlis Corner Sofa, Sand",
        "Living Room",
        "Sofas",
        "Qasr Furniture",
        4999,
        "Generous L-shaped sofa for family gatherings.",
        300,
        85,
        170,
        "sand",
        "fabric",
    ),
    (
        "Majlis 3-Seat Sofa, Olive",
        "Living Room",
        "Sofas",
        "Qasr Furniture",
        2999,
        "Deep seats and firm cushions.",
        220,
        85,
        95,
        "olive",
        "velvet",
    ),
    (
        "Riyadh Leather Sofa 2-Seat, Cognac",
        "Living Room",
        "Sofas",
        "Al-Waha Furniture",
        3799,
        "Full-grain leather, solid wood frame.",
        170,
        82,
        90,
        "cognac",
        "leather",
    ),
    (
        "Riyadh Leather Sofa 3-Seat, Black",
        "Living Room",
        "Sofas",
        "Al-Waha Furniture",
        4599,
        "Full-grain leather, pocket-sprung cushions.",
        215,
        82,
        92,
        "black",
        "leather",
    ),
    (
        "KLÄTT Glass-Door Cabinet, White",
        "Living Room",
        "Cabinets",
        "Nordhaüs",
        899,
        "Display cabinet with tempered glass doors and three shelves.",
        80,
        180,
        40,
        "white",
        "engineered wood",
    ),
    (
        "KLÄTT Glass-Door Cabinet, Black",
        "Living Room",
        "Cabinets",
        "Nordhaüs",
        899,
        "Display cabinet with tempered glass doors and three shelves.",
        80,
        180,
        40,
        "black",
        "engineered wood",
    ),
    (
        "Diwan Glass Display Cabinet, Walnut",
        "Dining Room",
        "Cabinets",
        "Qasr Furniture",
        1799,
        "Tall vitrine for fine china, glass on three sides.",
        100,
        200,
        45,
        "walnut",
        "wood",
    ),
    (
        "Diwan Sideboard, Walnut",
        "Dining Room",
        "Cabinets",
        "Qasr Furniture",
        1599,
        "Four doors and two drawers for tableware.",
        180,
        80,
        45,
        "walnut",
        "wood",
    ),
    (
        "Al-Waha Bookcase 80 cm, Oak",
        "Office",
        "Bookcases",
        "Al-Waha Furniture",
        499,
        "Five adjustable shelves.",
        80,
        202,
        30,
        "oak",
        "engineered wood",
    ),
    (
        "Al-Waha Bookcase 40 cm, White",
        "Office",
        "Bookcases",
        "Al-Waha Furniture",
        299,
        "Narrow bookcase for small rooms.",
        40,
        202,
        30,
        "white",
        "engineered wood",
    ),
    (
        "SKÅPET Bookcase with Glass Doors, White",
        "Office",
        "Bookcases",
        "Nordhaüs",
        1099,
        "Keeps books dust-free behind glass doors.",
        80,
        202,
        30,
        "white",
        "engineered wood",
    ),
    (
        "Kafd Standing Desk 140 cm, White",
        "Office",
        "Desks",
        "Najd Home",
        1899,
        "Electric height adjustment from 72 to 122 cm.",
        140,
        122,
        70,
        "white",
        "metal",
    ),
    (
        "Kafd Standing Desk 160 cm, Black",
        "Office",
        "Desks",
        "Najd Home",
        2199,
        "Dual motor, three memory presets.",
        160,
        122,
        80,
        "black",
        "metal",
    ),
    (
        "Kafd Compact Desk 90 cm, Oak",
        "Office",
        "Desks",
        "Najd Home",
        549,
        "Small desk for a bedroom study corner.",
        90,
        75,
        50,
        "oak",
        "engineered wood",
    ),
    (
        "Kafd Corner Desk 150 cm, Walnut",
        "Office",
        "Desks",
        "Najd Home",
        1299,
        "L-shaped desk with cable tray.",
        150,
        75,
        120,
        "walnut",
        "engineered wood",
    ),
    (
        "MÅLA Kids Desk, Pink",
        "Kids",
        "Desks",
        "Jeddah Crafts",
        399,
        "Child-height desk with a pencil drawer.",
        80,
        58,
        50,
        "pink",
        "wood",
    ),
    (
        "Ergo Office Chair, Black",
        "Office",
        "Office Chairs",
        "Al-Waha Furniture",
        899,
        "Mesh back with adjustable lumbar support.",
        65,
        120,
        62,
        "black",
        "mesh",
    ),
    (
        "Ergo Office Chair, Grey",
        "Office",
        "Office Chairs",
        "Al-Waha Furniture",
        899,
        "Mesh back with adjustable lumbar support.",
        65,
        120,
        62,
        "grey",
        "mesh",
    ),
    (
        "Falcon Gaming Chair, Green",
        "Office",
        "Gaming Chairs",
        "Jeddah Crafts",
        999,
        "High back, footrest and 150 kg load rating.",
        70,
        135,
        70,
        "green",
        "faux leather",
    ),
    (
        "Nakheel Bed Frame 160x200, Oak",
        "Bedroom",
        "Beds",
        "Al-Waha Furniture",
        1599,
        "Solid oak bed frame; mattress sold separately.",
        172,
        95,
        212,
        "oak",
        "wood",
    ),
    (
        "Nakheel Bed Frame 180x200, Walnut",
        "Bedroom",
        "Beds",
        "Al-Waha Furniture",
        1899,
        "Solid walnut-stained bed frame.",
        192,
        95,
        212,
        "walnut",
        "wood",
    ),
    (
        "Nakheel Storage Bed 140x200, White",
        "Bedroom",
        "Beds",
        "Al-Waha Furniture",
        1799,
        "Gas-lift base with storage underneath.",
        152,
        100,
        212,
        "white",
        "engineered wood",
    ),
    (
        "Sahara Kids Bed 90x200, White",
        "Kids",
        "Beds",
        "Jeddah Crafts",
        799,
        "Single bed with guard rail.",
        97,
        80,
        207,
        "white",
        "wood",
    ),
    (
        "SÖMN Memory Foam Mattress 160x200",
        "Bedroom",
        "Mattresses",
        "Søvn",
        1299,
        "Medium-firm memory foam, 25 cm thick.",
        160,
        25,
        200,
        "white",
        "memory foam",
    ),
    (
        "SÖMN Pocket Spring Mattress 180x200",
        "Bedroom",
        "Mattresses",
        "Søvn",
        1699,
        "Firm pocket springs for back sleepers.",
        180,
        28,
        200,
        "white",
        "pocket spring",
    ),
    (
        "SÖMN Kids Mattress 90x200",
        "Kids",
        "Mattresses",
        "Søvn",
        499,
        "Breathable foam mattress for children.",
        90,
        16,
        200,
        "white",
        "foam",
    ),
    (
        "Oasis Round Coffee Table 80 cm, Marble",
        "Living Room",
        "Coffee Tables",
        "Qasr Furniture",
        1199,
        "White marble top on a brass base.",
        80,
        42,
        80,
        "white",
        "marble",
    ),
    (
        "Oasis Coffee Table 120 cm, Oak",
        "Living Room",
        "Coffee Tables",
        "Qasr Furniture",
        699,
        "Rectangular table with a lower shelf.",
        120,
        42,
        60,
        "oak",
        "wood",
    ),
    (
        "Oasis Glass Coffee Table 100 cm",
        "Living Room",
        "Coffee Tables",
        "Qasr Furniture",
        799,
        "Tempered glass top, chrome legs.",
        100,
        40,
        55,
        "clear",
        "glass",
    ),
    (
        "Souq Nesting Tables, Set of 2",
        "Living Room",
        "Side Tables",
        "Jeddah Crafts",
        449,
        "Two nesting tables with mosaic tops.",
        50,
        50,
        50,
        "multicolour",
        "metal",
    ),
    (
        "Sadu Rug 160x230, Red",
        "Living Room",
        "Rugs",
        "Al-Waha Furniture",
        899,
        "Hand-woven wool rug with traditional Sadu pattern.",
        160,
        "",
        230,
        "red",
        "wool",
    ),
    (
        "Sadu Rug 200x300, Beige",
        "Living Room",
        "Rugs",
        "Al-Waha Furniture",
        1399,
        "Large hand-woven wool rug.",
        200,
        "",
        300,
        "beige",
        "wool",
    ),
    (
        "Dune Jute Rug 120x170",
        "Living Room",
        "Rugs",
        "Najd Home",
        399,
        "Natural jute, flatweave.",
        120,
        "",
        170,
        "natural",
        "jute",
    ),
    (
        "Noor Desk Lamp, Brass",
        "Office",
        "Lamps",
        "Najd Home",
        249,
        "LED desk lamp with dimmer.",
        15,
        45,
        15,
        "brass",
        "metal",
    ),
    (
        "Noor Floor Lamp, Black",
        "Living Room",
        "Lamps",
        "Najd Home",
        449,
        "Arc floor lamp with linen shade.",
        40,
        180,
        40,
        "black",
        "metal",
    ),
    (
        "Qamar Pendant Lamp, White",
        "Dining Room",
        "Lamps",
        "Qasr Furniture",
        349,
        "Perforated metal pendant casting patterned light.",
        35,
        40,
        35,
        "white",
        "metal",
    ),
    (
        "BJÖRKÅ Dining Table 180 cm, Oak",
        "Dining Room",
        "Dining Tables",
        "Nordhaüs",
        1899,
        "Seats six; extendable to 240 cm.",
        180,
        75,
        90,
        "oak",
        "wood",
    ),
    (
        "BJÖRKÅ Dining Chair, Oak",
        "Dining Room",
        "Dining Chairs",
        "Nordhaüs",
        299,
        "Solid oak chair with a woven seat.",
        45,
        80,
        50,
        "oak",
        "wood",
    ),
    (
        "Majlis Floor Cushion Set, Terracotta",
        "Living Room",
        "Floor Seating",
        "Qasr Furniture",
        1499,
        "Traditional floor seating set of 4 cushions and back rests.",
        200,
        60,
        80,
        "terracotta",
        "fabric",
    ),
    (
        "Majlis Floor Cushion Set, Navy",
        "Living Room",
        "Floor Seating",
        "Qasr Furniture",
        1499,
        "Traditional floor seating set of 4 cushions and back rests.",
        200,
        60,
        80,
        "navy",
        "fabric",
    ),
    (
        "Tabuk TV Bench 160 cm, White",
        "Living Room",
        "TV Units",
        "Al-Waha Furniture",
        699,
        "Two drawers and open cable storage.",
        160,
        50,
        40,
        "white",
        "engineered wood",
    ),
    (
        "Tabuk TV Bench 200 cm, Walnut",
        "Living Room",
        "TV Units",
        "Al-Waha Furniture",
        999,
        "Wide TV unit with glass-door compartments.",
        200,
        50,
        42,
        "walnut",
        "wood",
    ),
    (
        "Hijaz Shoe Cabinet, White",
        "Hallway",
        "Storage",
        "Jeddah Crafts",
        399,
        "Tilting compartments for 12 pairs.",
        80,
        100,
        25,
        "white",
        "engineered wood",
    ),
    (
        "Hijaz Coat Stand, Black",
        "Hallway",
        "Storage",
        "Jeddah Crafts",
        179,
        "Metal coat stand with 8 hooks.",
        45,
        175,
        45,
        "black",
        "metal",
    ),
    (
        "ÅSKÄR Chest of Drawers, 6 Drawers, White",
        "Bedroom",
        "Dressers",
        "Nordhaüs",
        899,
        "Six smooth-running drawers.",
        120,
        80,
        48,
        "white",
        "engineered wood",
    ),
    (
        "ÅSKÄR Bedside Table, White",
        "Bedroom",
        "Dressers",
        "Nordhaüs",
        249,
        "Bedside table with one drawer.",
        45,
        55,
        40,
        "white",
        "engineered wood",
    ),
]


def _furniture_records() -> list[list[str]]:
    rows = []
    for i, (name, dept, sub, maker, price, details, w, h, d, colour, material) in enumerate(
        FURNITURE_ROWS, start=1
    ):
        sku = f"DA-{1000 + i}"
        photo = f"{SHOP}/img/{sku}.jpg" if i % 7 != 0 else ""  # a few rows without a photo
        rows.append(
            [
                sku,
                name,
                dept,
                sub,
                maker,
                f"{price:.2f}",
                details,
                str(w),
                str(h),
                str(d),
                colour,
                material,
                f"{SHOP}/p/{sku}",
                photo,
            ]
        )
    return rows


def _csv_text(rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(FURN_COLUMNS)
    w.writerows(rows)
    return buf.getvalue()


def broken_rows() -> tuple[list[list[str]], list[tuple[int, str]]]:
    good = _furniture_records()
    g = {r[0]: list(r) for r in good}
    rows: list[list[str]] = []
    notes: list[tuple[int, str]] = []

    def add(row, note):
        rows.append(row)
        notes.append((len(rows) + 1, note))  # header is line 1

    add(g["DA-1003"], "good row (DA-1003)")
    add(g["DA-1004"], "good row (DA-1004)")
    r = list(g["DA-1005"])
    r[0] = ""
    add(r, "missing sku (empty `sku`)")
    add(g["DA-1013"], "good row (DA-1013)")
    r = list(g["DA-1019"])
    r[1] = ""
    add(r, "missing product_name (DA-1019)")
    r = list(g["DA-1026"])
    r[5] = "abc"
    add(r, "unparseable price `abc` (DA-1026)")
    add(g["DA-1031"], "good row (DA-1031)")
    r = list(g["DA-1034"])
    r[5] = "-1599.00"
    add(r, "negative price `-1599.00` (DA-1034)")
    r = list(g["DA-1004"])
    r[5] = "649.00"
    add(r, "duplicate sku DA-1004 with a different price (649.00 vs 599.00 on line 3)")
    add(g["DA-1041"], "good row (DA-1041)")
    add(list(g["DA-1013"]), "exact duplicate of line 5 (DA-1013, identical data)")
    add(g["DA-1045"], "good row (DA-1045)")
    return rows, notes


FURNITURE_MAPPING = """format: csv
currency: SAR
fields:
  id: sku
  title: product_name
  category: [dept, subcategory]
  brand: maker
  price: price_sar
  description: details
  url: link
  image: photo
text: [colour, material]
numeric:
  width: {column: width_cm, unit: cm}
  height: {column: height_cm, unit: cm}
  depth: {column: depth_cm, unit: cm}
attributes: {color: colour, material: material}
"""

BESTBUY_MAPPING = """format: json
currency: USD
fields: {id: null, title: name, category: categories, brand: brand, price: price, description: description, image: image, popularity: popularity}
id_from: [image]
"""


# --------------------------------------------------------------------------
# README
# --------------------------------------------------------------------------
def readme(products, events, seed, broken_notes) -> str:
    cats = Counter((p["category"][0], p["category"][1]) for p in products)
    attr_names: dict[str, list[str]] = {}
    for p in products:
        names = attr_names.setdefault(p["category"][1], [])
        for k in p["attributes"]:
            if k not in names:
                names.append(k)
    ev = Counter(e["event"] for e in events)
    lines = [
        "# convrec demo data",
        "",
        "Invented data for demos, tests and offline evaluation. Every product, brand and",
        "shopper here is fictional; nothing was copied from a real shop.",
        "",
        "## How it was generated",
        "",
        "```",
        f"python scripts/make_demo_data.py --seed {seed}",
        "```",
        "",
        "The script uses only the standard library and numpy. All randomness comes from one",
        "`numpy.random.default_rng(seed)`, so re-running it with the same seed rewrites every",
        "file byte for byte (checked with `sha1sum`). Edit the script, not the files.",
        "",
        "## catalog.jsonl",
        "",
        f"{len(products)} products, one JSON object per line with the keys `id, title, category,",
        "brand, price, currency, description, url, image, popularity, attributes`.",
        "",
        "- `category` is `[department, category]`; `currency` is always `USD`; `image` is always",
        "  `null` (the UI shows a placeholder); `url` points at `https://demo.convrec.example/`.",
        "- `popularity` is an integer 0-1000 with a skewed (long-tail) distribution.",
        "- Prices end in `.99` or `.00` and scale with size / specs inside each category.",
        '- Measured attributes are strings `"<number> <unit>"` with units from',
        "  `cm, kg, GB, in, mAh, W, Hz, L`; counts (`seats`, `doors`, `shelves`, `pack_size`, ...)",
        "  are JSON numbers; everything else is a lowercase string (`yes`/`no` for flags).",
        "- Phone accessories carry `compatible_with` = the lowercase phone family",
        "  (e.g. `aurora x12`, `zenit lite 5`); phones and chargers share `connector`",
        "  (`usb-c` / `lightning`); laptop bags have `fits_laptop` in inches; beds have",
        "  `mattress_width` matching mattress `width`.",
        "",
        "| department | category | products | attributes |",
        "|---|---|---:|---|",
    ]
    for _key, dept, cat, prefix, _ in CATEGORIES:
        lines.append(f"| {dept} | {cat} (`{prefix}-`) | {cats[(dept, cat)]} | {', '.join(attr_names[cat])} |")
    lines += [
        "",
        "## interactions.jsonl",
        "",
        f"{len(events)} events from {len({e['session'] for e in events})} sessions by "
        f"{len({e['user'] for e in events})} users, 2026-01-01 to 2026-03-31 (UTC). One line per event:",
        '`{"session", "user", "item", "event", "ts"}`; timestamps increase within a session and',
        "sessions are numbered in order of their start time.",
        "",
        "Event counts: "
        + ", ".join(f"{k} {ev[k]}" for k in ["view", "click", "cart", "purchase", "like", "reject"])
        + ".",
        "",
        "Session kinds (items drawn with probability growing with `popularity`):",
        "",
        "- ~50% complementary baskets: view 0-2 alternatives of an anchor item (some rejected), pick it, then look at",
        "  accessories that fit it: phone -> case and screen protector for the same family, charger",
        "  with the same connector (sometimes a power bank); laptop -> bag whose `fits_laptop` is the",
        "  laptop size or up to 1.7 in larger, mouse (sometimes a monitor); desk -> office chair (gaming",
        "  chair for gaming desks), desk lamp; bed -> mattress of the same width; sofa / sofa bed ->",
        "  coffee table, rug; coffee maker -> grinder, mugs.",
        "- ~38% browsing: 3-7 alternatives in one category with some `reject`s, `like`s and clicks,",
        "  sometimes ending in cart / purchase.",
        "- ~12% short visits: one or two popular items.",
        "",
        "## examples/",
        "",
        "- `furniture.csv`: a fictional Saudi furniture shop export (prices in SAR), "
        f"{len(FURNITURE_ROWS)} rows,",
        f"  columns `{','.join(FURN_COLUMNS)}`.",
        "  Rugs leave `height_cm` empty; some rows have no `photo`.",
        "- `furniture.mapping.yaml`: maps those columns onto the catalog schema.",
        "- `furniture_broken.csv`: same columns, 12 data rows with known defects for ingestion tests:",
        "",
        "| CSV line | content |",
        "|---:|---|",
    ]
    lines += [f"| {ln} | {note} |" for ln, note in broken_notes]
    lines += [
        "",
        "  Line 1 is the header. Six rows (2, 3, 5, 8, 11, 13) are clean; line 10 reuses the sku of",
        "  line 3 with a different price, and line 12 repeats line 5 exactly.",
        "- `bestbuy.mapping.yaml`: mapping for the real Best Buy phones file",
        "  `/work/shared/data/bestbuy_cellphones.json` (JSON array, no id column: ids are derived from",
        "  `image`). That data is not copied into this repository.",
        "",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------
def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main(argv=None) -> int:
    global RNG
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument(
        "--root",
        type=Path,
        default=Path(__file__).resolve().parent.parent,
        help="repository root to write under (default: this checkout)",
    )
    args = ap.parse_args(argv)
    RNG = np.random.default_rng(args.seed)

    products = build_catalog()
    events = build_interactions(products)
    for p in products:
        del p["_key"]

    demo = args.root / "convrec" / "data" / "demo"
    ex = args.root / "convrec" / "data" / "examples"
    write(demo / "catalog.jsonl", "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in products))
    write(demo / "interactions.jsonl", "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events))
    write(ex / "furniture.csv", _csv_text(_furniture_records()))
    brows, bnotes = broken_rows()
    write(ex / "furniture_broken.csv", _csv_text(brows))
    write(ex / "furniture.mapping.yaml", FURNITURE_MAPPING)
    write(ex / "bestbuy.mapping.yaml", BESTBUY_MAPPING)
    write(demo / "README.md", readme(products, events, args.seed, bnotes))

    cats = Counter(" > ".join(p["category"]) for p in products)
    width = max(len(c) for c in cats)
    for c in sorted(cats):
        print(f"{c:<{width}}  {cats[c]:5d}")
    print(f"{'TOTAL products':<{width}}  {len(products):5d}")
    ev = Counter(e["event"] for e in events)
    print(
        f"interactions: {len(events)} events, {len({e['session'] for e in events})} sessions, "
        f"{len({e['user'] for e in events})} users; " + ", ".join(f"{k}={ev[k]}" for k in sorted(ev))
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
