"""Training queries from the catalog alone: (query, product) pairs of many kinds.

Every generated query carries the constraints it states as the generator knows them (category, brand,
price, size, the words it copied, what it excludes) plus what the QueryParser reads from its text
(`hard_negatives.add_parsed`). Those constraints decide which products an evaluation counts as right
(`pair_check`) and which near misses may be negatives (`hard_negatives`); `pair_split` holds out
products and templates.
"""

from __future__ import annotations

import bisect
import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from convrec.tools.catalog import Product
from convrec.tools.constraints import Constraint
from convrec.tools.owned_items import OwnedItems
from convrec.tools.pair_check import ConstraintCheck
from convrec.tools.pair_facets import Facets, unmarked
from convrec.tools.text import fold, phrase
from convrec.tools.vocabulary import SYNONYM_GROUPS

KINDS = (
    "exact",
    "partial",
    "price",
    "size",
    "vague",
    "typo",
    "synonym",
    "negation",
    "similar",
    "history",
    "narrative",
)
TEMPLATES: dict[str, list[str]] = {
    "exact": ["{title}", "{brand} {core}", "{core} {variant}", "{core}"],
    "partial": [
        "{brand} {noun}",
        "{words} {noun}",
        "{brand} {words}",
        "{value} {noun}",
        "{noun} {words}",
        "{noun} with {feature}",
    ],
    "price": [
        "{noun} under {limit}",
        "{brand} {noun} under ${limit}",
        "{words} {noun} for less than {limit} dollars",
        "cheap {value} {noun} below {limit}",
        "{noun} with {feature} under {limit}",
        "{noun} between {low} and {limit}",
    ],
    "size": ["{noun} {size}", "{brand} {noun} {size}", "{value} {noun} {size}", "{size} {noun}"],
    "vague": [
        "something {purpose}",
        "i need something {purpose}",
        "looking for a {noun} {purpose}",
        "{need}",
        "what do you have {purpose}",
        "i want to {need}",
        "how can i {need}",
    ],
    "typo": ["drop", "swap", "replace", "double"],  # character edits applied to a partial or exact query
    "synonym": ["{noun}", "{brand} {noun}", "{words} {noun}", "a {noun} {purpose}"],  # noun via a synonym
    "negation": [
        "{noun} not {neg}",
        "{noun} but not {neg}",
        "{brand} {noun} without {neg}",
        "{noun}, anything but {neg}",
        "{words} {noun} no {neg}",
    ],
    "similar": [
        "like {ref} but cheaper",
        "something similar to {ref} for less",
        "a cheaper alternative to {ref}",
        "{ref} but less expensive",
    ],
    "history": [  # the shopper names what they own; the answer is an add-on made for it
        "i just bought the {owned}, what {noun} goes with it",
        "{noun} for my {owned}",
        "i have the {owned} and need a {noun}",
        "got the {owned} last week, looking for a {noun}",
    ],
    "narrative": [
        "i'm looking for a {noun} {purpose}. ideally {brand}, and no more than {limit} dollars",
        "hi, i need a new {noun}. it should be {value} and cost less than {limit}",
        "can you help me find a {brand} {noun}? my budget is {limit} and i want something {purpose}",
        "my old {noun} broke, i want a {value} one from {brand} under {limit}",
    ],
}
EXTRA_SYNONYMS: list[tuple[str, ...]] = [
    ("case", "cover", "shell"),
    ("cell phone", "cellphone", "mobile phone", "smartphone"),
    ("screen protector", "screen guard", "screen shield"),
    ("portable charger", "power bank", "battery pack"),
    ("headset", "earpiece"),
    ("band", "strap"),
    ("cable", "cord"),
    ("mount", "holder"),
    ("wardrobe", "closet"),
    ("desk", "table"),
    ("kettle", "water boiler"),
]
_NICE = (5, 10, 15, 20, 25, 30, 40, 50, 60, 75, 80, *range(100, 1000, 50))  # round price limits
_UNITS = {"cm", "mm", "in", "gb", "tb", "mah", "w", "l", "ml", "kg", "g", "hz", "x", "pack"}
_DIMS = {
    "width": ("wide", "wider"),
    "height": ("tall", "taller"),
    "depth": ("deep", "deeper"),
    "length": ("long", "longer"),
}


@dataclass
class TrainingPair:
    query: str
    positive: str
    kind: str
    template: str  # "kind/index": held-out templates are never trained on
    constraints: list[Constraint]  # what the query asks for; a negative must break one of them
    near: list[str] = field(default_factory=list)  # near misses the generator knows (the reference item)
    negatives: list[str] = field(default_factory=list)
    ranking: str = ""  # what serving's dense ranking will see of the query (parsed limits and negations out)

    @property
    def model_text(self) -> str:
        return self.ranking or self.query


def _nice_above(value: float, rng: random.Random) -> int:
    target = value * rng.uniform(1.05, 1.5)
    return next((n for n in _NICE if n >= target), int(math.ceil(target / 100.0) * 100))


def _round_down(value: float) -> float:
    step = 10 if value >= 100 else 5 if value >= 20 else 1
    return max(step, math.floor(value / step) * step) if value >= 1 else math.floor(value * 10) / 10


def _size(f: Facets, rng: random.Random) -> tuple[str, Constraint] | None:
    """A size condition the product meets, phrased the way shoppers put it."""
    if not f.numbers:
        return None
    name, value, unit = rng.choice(f.numbers)
    words = name.replace("_", " ")
    dim = next((d for d in _DIMS if d in name), None) if unit == "cm" else None
    if unit == "cm" and ("screen" in name or "laptop" in name):
        inches = math.floor(value / 2.54)
        return f"at least {inches} inch {words}", _attribute(name, "ge", inches * 2.54)
    if unit == "kg" and "load" not in name:  # lighter is what shoppers ask for
        limit = math.ceil(value * rng.uniform(1.05, 1.5) * 10) / 10
        return f"{words} under {limit:g} kg", _attribute(name, "lt", limit)
    if dim and rng.random() < 0.4:
        high = math.ceil(value * rng.uniform(1.0, 1.3) / 5) * 5
        return f"no {_DIMS[dim][1]} than {high} cm", _attribute(name, "le", high)
    low = _round_down(value * rng.uniform(0.7, 1.0)) if unit else float(math.floor(value))
    if dim:
        return f"at least {low:g} cm {_DIMS[dim][0]}", _attribute(name, "ge", low)
    return f"at least {low:g} {unit or ''} {words}".replace("  ", " "), _attribute(name, "ge", low)


def _attribute(name: str, op: str, value: float) -> Constraint:
    return Constraint.model_validate({"field": "attribute", "name": name, "op": op, "value": value})


def _typo(text: str, strategy: str, rng: random.Random) -> str:
    words = text.split()
    spots = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    for i in rng.sample(spots, min(len(spots), rng.choice((1, 1, 2)))):
        w, j = words[i], rng.randrange(1, len(words[i]) - 1)
        if strategy == "drop":
            w = w[:j] + w[j + 1 :]
        elif strategy == "swap":
            w = w[: j - 1] + w[j] + w[j - 1] + w[j + 1 :]
        elif strategy == "replace":
            w = w[:j] + rng.choice("aeiousrtnl".replace(w[j], "")) + w[j + 1 :]
        else:
            w = w[:j] + w[j] + w[j:]
        words[i] = w
    return " ".join(words)


def _synonym_noun(noun: str, rng: random.Random) -> str | None:
    """Swap the longest noun word that has synonyms ("cell phone case" -> "cellphone case")."""
    found = [
        (w, g) for g in SYNONYM_GROUPS + EXTRA_SYNONYMS for w in g if re.search(rf"\b{re.escape(w)}\b", noun)
    ]
    if not found:
        return None
    word, group = max(found, key=lambda wg: (len(wg[0]), rng.random()))
    return re.sub(rf"\b{re.escape(word)}\b", rng.choice([w for w in group if w != word]), noun, count=1)


def _says_something(span: Sequence[tuple[str, str]]) -> bool:
    """A run of title words a shopper could type: not led by a unit, not ending on a bare number."""
    words = [w for w, _ in span]
    return (
        words[0] not in _UNITS
        and not words[-1].isdigit()
        and any(w.isalpha() and len(w) > 2 and w not in _UNITS for w in words)
    )


def _all_words(phrases: Sequence[str]) -> list[Constraint]:
    return [Constraint(field="text", op="in", values=[v]) for v in phrases if v]


def _stated(used: dict[str, list[Constraint]], template: str) -> list[Constraint]:
    """The constraints behind the slots a template fills; the category is always implied."""
    return [c for key, cs in used.items() if "{" + key + "}" in template or key == "category" for c in cs]


class PairGenerator:
    """Generate one query per kind for each product, with the constraints each query states."""

    def __init__(self, products: Sequence[Product], seed: int = 0) -> None:
        self.products = list(products)
        self.rng = random.Random(seed)
        self.facets = {p.id: Facets.of(p) for p in self.products}
        self.by_category: dict[str, list[Product]] = {}
        for p in sorted(self.products, key=lambda p: p.price or 0.0):
            self.by_category.setdefault(p.leaf_category, []).append(p)
        self.prices = {k: [p.price or 0.0 for p in v] for k, v in self.by_category.items()}
        self.check = ConstraintCheck()
        self.owned = OwnedItems(self.products)

    def pairs(self, kinds: Sequence[str] = KINDS) -> list[TrainingPair]:
        out = []
        for p in self.products:
            for kind in kinds:
                pair = self.make(p, kind)
                if pair is not None and self.check.satisfies(p, pair.constraints):
                    out.append(pair)
        return out

    def make(self, p: Product, kind: str) -> TrainingPair | None:
        f, rng = self.facets[p.id], self.rng
        if kind in ("typo", "synonym"):
            return self._derived(p, f, kind)
        slots, used = self._slots(f, kind)
        usable = [
            i for i, t in enumerate(TEMPLATES[kind]) if all(s in slots for s in re.findall(r"{(\w+)}", t))
        ]
        if not usable:
            return None
        index = rng.choice(usable)
        template = TEMPLATES[kind][index]
        text = " ".join(template.format(**slots).split())
        constraints = _stated(used, template)
        near = [slots["ref_id"]] if kind == "similar" else []
        return TrainingPair(text, p.id, kind, f"{kind}/{index}", constraints, near)

    def _slots(self, f: Facets, kind: str) -> tuple[dict[str, str], dict[str, list[Constraint]]]:
        p, rng = f.product, self.rng
        slots: dict[str, str] = {"noun": f.noun, "core": f.core, "title": unmarked(p.title)}
        used: dict[str, list[Constraint]] = {}
        if kind != "exact":
            used["category"] = [Constraint(field="category", op="in", values=[phrase(p.leaf_category)])]
        if f.variant:
            slots["variant"] = f.variant
        if p.brand:
            slots["brand"] = f.brand
            used["brand"] = [Constraint(field="brand", op="in", values=[phrase(p.brand)])]
        own = [(w, c) for w, c in zip(f.words, f.phrases, strict=True) if w not in f.noun.split()]
        spans = [
            own[i : i + n]
            for n in (2, 3, 4)
            for i in range(len(own) - n + 1)
            if _says_something(own[i : i + n])
        ]
        if spans:
            picked = rng.choice(spans)
            slots["words"] = " ".join(w for w, _ in picked)
            used["words"] = _all_words([c for _, c in picked])
        if f.features:
            name = rng.choice(f.features)
            slots["feature"] = name.replace("_", " ")
            used["feature"] = [Constraint(field="attribute", name=name, op="in", values=["yes"])]
        used["core"] = _all_words(f.phrases)
        used["title"] = _all_words([*f.phrases, f.brand_phrase])
        if f.values:
            name, value, canonical = rng.choice(f.values)
            slots["value"] = value
            used["value"] = [Constraint(field="attribute", name=name, op="in", values=[canonical])]
        elif f.variant and len(f.variant.split()) <= 2:
            slots["value"] = f.variant
            used["value"] = [Constraint(field="text", op="in", values=[phrase(f.variant)])]
        if p.price:
            limit = _nice_above(p.price, rng)
            slots["limit"] = str(limit)
            used["limit"] = [Constraint(field="price", op="lt", value=float(limit))]
            low = max((n for n in _NICE if n <= p.price * 0.8), default=0)
            if low:
                slots["low"] = str(low)
                used["low"] = [Constraint(field="price", op="between", low=float(low), high=float(limit))]
        if (size := _size(f, rng)) is not None:
            slots["size"], used["size"] = size[0], [size[1]]
        if f.purposes:
            slots["purpose"] = rng.choice(f.purposes)
        if f.needs:
            slots["need"] = rng.choice(f.needs)
        if kind == "negation":
            self._negation(f, slots, used)
        if kind == "similar":
            self._reference(f, slots, used)
        if kind == "history" and (owned := self.owned.of(p)) is not None:
            owner = fold(f"{owned.owner.brand or ''} {self.facets[owned.owner.id].core}").split()
            slots["owned"] = " ".join(owner[:6])  # what a shopper would type, not the whole listing
            # only the text says what fits: "case for x12 pro and x12" fits an x12 too, so a
            # longer model name must not exclude it (a right answer pushed away is worse than a lenient one)
            used["owned"] = [Constraint(field="text", op="in", values=[phrase(owned.family)])]
        return slots, used

    def _negation(self, f: Facets, slots: dict[str, str], used: dict[str, list[Constraint]]) -> None:
        p, rng = f.product, self.rng
        peers = rng.sample(self.by_category[p.leaf_category], min(30, len(self.by_category[p.leaf_category])))
        text = self.check.text(p)
        if rng.random() < 0.3 and p.brand:
            others = [q.brand for q in peers if q.brand and fold(q.brand) != fold(p.brand)]
            if others:
                brand = rng.choice(others)
                slots["neg"] = brand
                used["neg"] = [Constraint(field="brand", op="not_in", values=[phrase(brand)])]
                return
        options = []
        for q in peers:
            g = self.facets[q.id]
            for name, value, canonical in g.values:
                if f" {canonical} " not in text and len(value) >= 3:
                    options.append((name, value))
            if (
                not g.values
                and g.variant
                and len(g.variant.split()) == 1
                and f" {phrase(g.variant)} " not in text
            ):
                options.append(("", g.variant))
        if options:
            name, value = rng.choice(options)
            slots["neg"] = value.lower()
            field_kind = "attribute" if name else "text"
            used["neg"] = [
                Constraint(field=field_kind, name=name or None, op="not_in", values=[phrase(value)])
            ]

    def _reference(self, f: Facets, slots: dict[str, str], used: dict[str, list[Constraint]]) -> None:
        p = f.product
        if not p.price:
            return
        peers = self.by_category[p.leaf_category]  # sorted by price
        pricier = peers[bisect.bisect_right(self.prices[p.leaf_category], p.price * 1.15) :]
        if not pricier:
            return
        mine = set(f.words)
        sample = self.rng.sample(pricier, min(200, len(pricier)))
        ref = max(sample, key=lambda q: len(mine.intersection(self.facets[q.id].words)))
        if len(mine.intersection(self.facets[ref.id].words)) < min(3, len(mine)):
            return  # nothing alike enough to be a fair reference
        slots["ref"] = f"{self.facets[ref.id].brand} {self.facets[ref.id].core}".strip()
        slots["ref_id"] = ref.id
        used["ref"] = [Constraint(field="price", op="lt", value=float(ref.price or 0))]

    def _derived(self, p: Product, f: Facets, kind: str) -> TrainingPair | None:
        rng = self.rng
        if kind == "typo":
            source = self.make(p, rng.choice(("partial", "exact")))
            if source is None:
                return None
            index = rng.randrange(len(TEMPLATES["typo"]))
            text = _typo(source.query, TEMPLATES["typo"][index], rng)
            return (
                TrainingPair(text, p.id, kind, f"typo/{index}", source.constraints)
                if text != source.query
                else None
            )
        noun = _synonym_noun(f.noun, rng)
        if noun is None:
            return None
        slots, used = self._slots(f, "synonym")
        slots["noun"] = noun
        usable = [
            i for i, t in enumerate(TEMPLATES[kind]) if all(s in slots for s in re.findall(r"{(\w+)}", t))
        ]
        index = rng.choice(usable)
        template = TEMPLATES[kind][index]
        return TrainingPair(template.format(**slots), p.id, kind, f"synonym/{index}", _stated(used, template))
