"""What the catalog itself calls things: categories, brands, attribute names and values, words.

The query parser and the embedded language engine read names only from here, so a catalog of
furniture in riyals and a catalog of phones in dollars are understood with the same code.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from convrec.tools.english import is_english
from convrec.tools.lexical import STOPWORDS
from convrec.tools.text import phrase
from convrec.tools.units import unit_names
from rapidfuzz import fuzz, process

# Words shoppers and catalogs use for the same thing. A shopper's word that the catalog never uses is
# replaced by the group member the catalog uses most; catalog words are never replaced.
SYNONYM_GROUPS: list[tuple[str, ...]] = [
    ("sofa", "couch", "settee"),
    ("sofa bed", "sleeper", "futon", "sleeper sofa"),
    ("phone", "cellphone", "smartphone", "mobile"),
    ("headphone", "headset", "earphone", "earbud", "headphones"),
    ("laptop", "notebook"),
    ("wardrobe", "armoire", "closet", "cupboard"),
    ("bookcase", "bookshelf", "shelving"),
    ("case", "cover"),
    ("bag", "sleeve"),
    ("power bank", "powerbank", "portable battery"),
    ("monitor", "display"),
    ("tv", "television", "telly"),
    ("charger", "charging"),
    ("lamp", "light"),
    ("mug", "cup"),
]
# Words the parser itself understands; never "corrected" into catalog words.
KEYWORDS = set(
    "under below less than cheaper cheap cheapest over above more at least most max maximum min minimum "
    "up to no not without except excluding other anything but between and from to around about "
    "approximately roughly budget wide width tall height high deep depth long length big size with for "
    "the a an of in on my me i want need looking show find something some any one ones that this those "
    "these it first second third fourth fifth last like similar instead actually please thanks thank you "
    "hello hi hey what which how much does is are can could would should go goes together compare versus "
    "vs or than price cost dollar dollars euro euros riyal riyals buck bucks pound pounds usd eur sar gbp "
    "room small large new good best nice modern classic wider taller deeper longer higher bigger smaller "
    "narrower shorter lower larger while when where who whom why will was were been being also just only very "
    "really quite after before because both each few into its same such their them then there they through too "
    "until way well have has had get got make made use used work works fit fits fine okay sure maybe".split()
)

_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "5th": 5,
    "last": -1,
}


@dataclass
class Vocabulary:
    currency: str = "USD"
    categories: dict[str, str] = field(default_factory=dict)  # phrase -> display name
    brands: dict[str, str] = field(default_factory=dict)  # phrase -> display name
    numeric: dict[str, str | None] = field(default_factory=dict)  # attribute -> base unit
    # attribute -> (smallest, largest) value a product has, in the base unit; empty: not known
    numeric_ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    text_values: dict[str, list[str]] = field(default_factory=dict)  # attribute -> phrases
    words: Counter[str] = field(default_factory=Counter)
    category_aliases: dict[str, list[str]] = field(default_factory=dict)
    value_index: dict[str, list[str]] = field(default_factory=dict)  # value phrase -> attribute names
    brand_names: dict[str, str] = field(default_factory=dict)  # what shoppers call a brand -> its phrase
    # a brand and the catalog's misspellings of it, two letters swapped ("insignia", "insginia")
    brand_spellings: dict[str, list[str]] = field(default_factory=dict)
    # a category named by two others is a kind of both ("sofa bed": a sofa, and a bed): each name's blends
    blends: dict[str, list[str]] = field(default_factory=dict)

    category_sizes: dict[str, int] = field(default_factory=dict)
    value_categories: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    numeric_categories: dict[str, set[str]] = field(default_factory=dict)  # attribute -> categories having it
    _by_length: dict[int, list[str]] = field(default_factory=dict, repr=False)
    _corrections: dict[str, str] = field(default_factory=dict, repr=False)
    catalog_size: int = 0

    def finish(self) -> Vocabulary:
        """Derive aliases and indexes once the raw names are known."""
        aliases: dict[str, set[str]] = {}
        for cat_phrase, display in self.categories.items():
            # "All Cell Phones with Plans" is a kind of phone: "with" joins parts like "&" does
            for part in re.split(r"\s*(?:&|\band\b|\bwith\b|,|\+)\s*", display):
                words = phrase(part).split()
                for start in range(len(words)):
                    alias = " ".join(words[start:])
                    if alias and alias not in KEYWORDS:
                        aliases.setdefault(alias, set()).add(cat_phrase)
            aliases.setdefault(cat_phrase, set()).add(cat_phrase)
        # an exact category name always wins over a suffix of a longer one
        # a category that holds most of the catalog (a root like "Cell Phones") narrows nothing
        broad = {
            c for c, n in self.category_sizes.items() if self.catalog_size and n > 0.6 * self.catalog_size
        }
        self.category_aliases = {}
        for alias, cats in aliases.items():
            if alias in self.categories and alias not in broad:
                self.category_aliases[alias] = [alias]
            elif narrow := sorted(cats - broad):
                self.category_aliases[alias] = narrow
            elif alias in self.categories:
                self.category_aliases[alias] = [alias]
        index: dict[str, list[str]] = {}
        for name, values in self.text_values.items():
            if len(values) > 60:  # free-text-like attributes are not a closed set of values
                continue
            for value in values:
                if value in ("yes", "no") or value.isdigit() or len(value) < 3:
                    continue
                index.setdefault(value, []).append(name)
        self.value_index = index
        self.brand_names = self._brand_names()
        self.brand_spellings = self._brand_spellings()
        self.blends = self._blends()
        for name in (*self.categories, *self.brands, *index, *self.numeric):
            for word in phrase(name.replace("_", " ")).split():
                self.words[word] += 1
        return self

    def _blends(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for name in self.categories:
            words = name.split()
            for cut in range(1, len(words)):
                first, rest = " ".join(words[:cut]), " ".join(words[cut:])
                if first in self.categories and rest in self.categories:
                    out.setdefault(first, []).append(name)
                    out.setdefault(rest, []).append(name)
        return out

    def _brand_names(self) -> dict[str, str]:
        """Each brand under its own phrase and under the leading words shoppers shorten it to.

        "kate spade" is "kate spade new york". A two-letter brand ("lg") counts unless the word is
        one the parser or the shop's language already uses ("at", "in" as inches); a one-letter one never.
        A shortening that fits several brands, or is itself a category or attribute value, names none.
        """
        taken = KEYWORDS | STOPWORDS | {u.lower() for u in unit_names()}
        names = {
            b: b for b in self.brands if len(b.split()) > 1 or len(b) > 2 or (len(b) == 2 and b not in taken)
        }
        shortened: dict[str, set[str]] = {}
        for brand in self.brands:
            words = brand.split()
            for size in range(2, len(words)):
                short = " ".join(words[:size])
                if words[size - 1] not in taken and short not in self.category_aliases:
                    shortened.setdefault(short, set()).add(brand)
        for short, brands in shortened.items():
            if len(brands) == 1 and short not in names and short not in self.value_index:
                names[short] = next(iter(brands))
        return names

    def _brand_spellings(self) -> dict[str, list[str]]:
        """Brands of five letters or more that the catalog also spells with two letters swapped, and
        brands it also names with more words after them.

        Listings are typed by people: Best Buy's has "Insginia" beside "Insignia". Only a swap counts;
        a changed letter can be another brand ("Sonix", "Sonic"). "H2O" and "H2O Wireless", "Verizon"
        and "Verizon Wireless" are one maker's names: "h2o wireless sim card" is sold under "H2O".
        """
        out: dict[str, set[str]] = {}
        for brand in self.brands:
            swapped = {
                brand[:i] + brand[i + 1] + brand[i] + brand[i + 2 :]
                for i in range(len(brand) - 1)
                if brand[i] != brand[i + 1] and brand[i : i + 2].isalpha()
            }
            if len(brand) >= 5 and (found := swapped & self.brands.keys()):
                out.setdefault(brand, {brand}).update(found)
        for brand in self.brands:
            words = brand.split()
            roots = [" ".join(words[:size]) for size in range(1, len(words))]
            for root in (r for r in roots if r in self.brands):
                family = {root, brand, *out.get(root, ()), *out.get(brand, ())}
                for member in family:
                    out.setdefault(member, {member}).update(family)
        return {brand: sorted(names) for brand, names in out.items()}

    def spellings(self, brand: str) -> list[str]:
        """The brand's phrase and its misspellings in the catalog: a filter on the brand means all of them."""
        return self.brand_spellings.get(brand, [brand])

    def brand_of(self, words: str) -> str | None:
        """The brand a phrase names, exactly or by its leading words, or None."""
        return self.brand_names.get(words)

    def known(self, word: str) -> bool:
        return word in self.words or word in KEYWORDS or word.isdigit()

    def correct(self, word: str) -> str:
        """Return the catalog word the shopper most likely meant, or the word itself."""
        if len(word) < 4 or self.known(word) or not word.isalpha():
            return word
        if (synonym := self.synonym(word)) is not None:
            return synonym
        if is_english(word):  # "nurse" is not a typo of "purse"
            return word
        if word in self._corrections:
            return self._corrections[word]
        if not self._by_length:  # bucket the vocabulary once: a typo is within two letters of its word
            for known in self.words:
                self._by_length.setdefault(len(known), []).append(known)
        choices = [w for size in range(len(word) - 2, len(word) + 3) for w in self._by_length.get(size, [])]
        best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=80 if len(word) < 8 else 75)
        fixed = str(best[0]) if best else word
        if len(self._corrections) < 10_000:
            self._corrections[word] = fixed
        return fixed

    def _has(self, words: str) -> bool:
        return all(w in self.words for w in words.split())

    def synonym(self, word: str) -> str | None:
        """The catalog's own word for a word the catalog never uses, if they are synonyms."""
        if word in self.words:
            return None
        for group in SYNONYM_GROUPS:
            if word in group:
                known = [w for w in group if w != word and self._has(w)]
                if known:
                    return max(known, key=lambda w: min(self.words[t] for t in w.split()))
        return None


def ordinal(word: str) -> int | None:
    return _ORDINALS.get(word)
