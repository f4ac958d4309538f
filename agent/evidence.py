"""Build the evidence pack: product facts from the catalog and the reasons each item fits."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from convrec.agent.belief import Belief
from convrec.agent.draft import ProductPoint
from convrec.tools.catalog import Attribute, Product
from convrec.tools.facts import format_price, key_facts
from convrec.tools.history_fit import FITS_ATTRIBUTES, Note, fits
from convrec.tools.history_titles import as_written, model_text, raw_targets
from convrec.tools.lexical import STOPWORDS
from convrec.tools.text import phrase, singular
from convrec.tools.units import lookup, to_base


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
    text = product.text_phrase()
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


def goes_with(
    anchor: Product, item: Product, categories: Mapping[str, str], makers: Collection[str] = ()
) -> str:
    """Why an add-on suits the anchor, in catalog words: what it is made for, else what it is bought with.

    `categories` (phrase -> display name) and `makers` (brand phrases) are the catalog vocabulary's."""
    kind = kind_of(anchor, categories, makers)
    return _made_for(anchor, item, kind, makers) or f"often bought with {kind}"


def _made_for(anchor: Product, item: Product, kind: str, makers: Collection[str]) -> str | None:
    titles = (anchor.title, item.title)
    said = next((item.attributes[n] for n in FITS_ATTRIBUTES if n in item.attributes), None)
    if said is not None and isinstance(said.value, str):  # a column says it: "aurora x12"
        target = model_text(said.value)
        if not (_model(target) and _names(anchor, target)):
            return None
        return f"made for the {as_written(target, titles) or said.value.title()}"
    if said is not None:  # a size: a bag for laptops up to 15.6 in
        verdict = fits(Note.of(anchor), Note(item.leaf_category, fits=float(said.value)))
        return f"made for {kind} up to {_as_titled(said, item.title)}" if verdict else None
    # no column: the title says it ("Case for Apple® iPhone® 7 and 7 Plus")
    own = set(raw_targets(anchor.title))  # an add-on anchor: the models both are made for
    models = [
        _without_maker(t, makers) for t in raw_targets(item.title) if t in own or _names(anchor, t, makers)
    ]
    if models:  # the longest, then the one the anchor names first ("7 Plus" in "for 7 Plus and 6s Plus")
        spoken = model_text(anchor.title)
        target = min(models, key=lambda t: (-len(t.split()), spoken.find(t) % (len(spoken) + 1)))
        return f"made for the {as_written(target, titles) or target}"
    plug, other = item.attributes.get("connector"), anchor.attributes.get("connector")
    if plug is not None and other is not None and model_text(str(plug.value)) == model_text(str(other.value)):
        shared = model_text(str(plug.value))
        return f"uses the same {as_written(shared, titles) or plug.value} connector"
    return None


_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s?([A-Za-z]+\b|\"|″)")


def _as_titled(size: Attribute, title: str) -> str:
    """A size in the unit the title writes it in ('for 15.6" Laptops' -> "15.6 in"), else as stored."""
    for number, unit in _SIZE.findall(title):
        found = lookup(unit)
        value, base = to_base(float(number), unit)
        if found is not None and base == size.unit and abs(value - float(size.value)) < 1e-3:
            return f"{number} {found.symbol}"
    return size.render()


def _model(target: str) -> bool:
    """A model name has two words or a number: "samsung" or "kids" names no model."""
    words = target.split()
    return len(words) >= 2 or any(c.isdigit() for c in target)


def _without_maker(target: str, makers: Collection[str]) -> str:
    words = target.split()  # "apple iphone 7" -> "iphone 7": the model, as shoppers say it
    return " ".join(words[1:]) if words[0] in makers and _model(" ".join(words[1:])) else target


def _names(anchor: Product, target: str, makers: Collection[str] = ()) -> bool:
    """Whether the anchor's title names this model itself, not a longer one ("iphone 7" in "iphone 7 plus")."""
    forms = {target, _without_maker(target, makers)}
    kind = {singular(w) for c in anchor.category for w in model_text(c).split()}
    for segment in re.split(r" - |[,;|]", anchor.title):
        words = model_text(segment).split()
        for form in filter(_model, forms):
            size = len(form.split())
            for start in range(len(words) - size + 1):
                if " ".join(words[start : start + size]) != form:
                    continue
                after = words[start + size] if start + size < len(words) else ""
                # what follows a model's own name: nothing, "with", "32gb", "128 gb", its kind ("phone")
                if not after or after in STOPWORDS or after[0].isdigit() or singular(after) in kind:
                    return True
    return False


def kind_of(anchor: Product, categories: Mapping[str, str], makers: Collection[str] = ()) -> str:
    """What the anchor is, as a plural a shopper says: "iPhones", "Samsung Galaxy phones", "cell phones".

    A catalog category that the title names and that is a line, not a kind ("iPhone" in "Apple - iPhone 7
    32GB", where kinds are plural: "Adapters") beats a broad filing one ("All Cell Phones with Plans")."""
    path = [name for c in anchor.category if (name := _readable(c, makers))]
    if not path:
        return "it"
    head = next((h for name in reversed(path) if _plural(h := _head(name))), "")
    # an add-on made "for" a line is of its own kind: "Case for Apple iPhone 7" is a cell phone case
    title = f" {phrase(anchor.title)} " if head and not raw_targets(anchor.title) else ""
    lines = [
        d for name, d in categories.items() if f" {name} " in title and not _plural(d) and name not in makers
    ]
    if lines:
        line = max(lines, key=lambda d: len(d.split()))
        line = as_written(model_text(line), [anchor.title]) or line
        return f"{line}s" if model_text(line).endswith(singular(head)) else f"{line} {head}"
    own = path[-1]
    if _plural(own):
        return own
    return f"{own} products" if own.split()[-1].islower() else f"{own}s"  # "care & cleaning", "iPhone"


_QUANTIFIERS = {"all", "other", "more"}


def _plural(name: str) -> bool:
    last = name.lower().split()[-1:] or [""]
    return last[0].endswith("s") and not last[0].endswith("ss")


def _head(name: str) -> str:
    """The noun a category name is about: "cases" in "cell phone cases & clips"."""
    first = name.split(" & ")[0].split()
    return (first if " & " in name and len(first) >= 2 else name.split())[-1]


def _readable(category: str, makers: Collection[str]) -> str:
    """A category name as words in a sentence: "All Cell Phones with Plans" -> "cell phones"."""
    words = re.split(r"\s+with\s+", category.strip(), maxsplit=1, flags=re.IGNORECASE)[0].split()
    while words and words[0].lower() in _QUANTIFIERS:
        words.pop(0)

    def plain(word: str) -> bool:  # "Cell", "No-Contract" or "&"; not "iPhone", "SIM", "7" or a maker
        parts = [p for p in re.split(r"[-/]", word) if p.isalpha()]
        return all(p[0].isupper() and p[1:].islower() for p in parts) and phrase(word) not in makers

    said: list[str] = []
    for n, word in enumerate(words):
        # a name goes on after a number or a maker ("iPhone 7 Plus", "Samsung Galaxy"); the head never does
        named = (
            n
            and n < len(words) - 1
            and (any(c.isdigit() for c in words[n - 1]) or phrase(words[n - 1]) in makers)
        )
        said.append(word.lower() if plain(word) and not named else word)
    return " ".join(said)
