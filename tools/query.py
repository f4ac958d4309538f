"""Turn a shopper's free text into a typed query: hard constraints, soft preferences, ranking text.

"wardrobe under 800 riyals, at least 150 cm wide, not white" ->
category wardrobe; price < 800 SAR; width >= 150 cm; color not white. The embedded language engine
uses this same parser for every turn, so search and conversation agree on what words mean.
"""

from __future__ import annotations

import re

from convrec.tools.category_evidence import STRONG_COVERAGE, CategoryEvidence
from convrec.tools.constraints import Constraint, wanted_categories
from convrec.tools.quantities import QuantityReader, Span
from convrec.tools.query_words import MARKERS, POSSESSIVES, REFERENCE_WORDS, STOP
from convrec.tools.refusals import RefusalReader, refusing_only_others
from convrec.tools.text import fold, phrase, singular
from convrec.tools.vocabulary import Vocabulary
from pydantic import BaseModel, Field

_ABOUT_TO_BUY = {"next", "new", "replacement", "future", "first"}
# "talk on the phone hands-free", "charge the whole family's phones": what the shopper does something
# with is what the product serves, not what they want to buy. Only bare verbs: a gerund before a noun
# names a kind of product ("charging case" is a case)
_USES = {"charge", "charges", "talk", "hold", "holds", "film", "sync", "protect", "protects"}
# "just got a google pixel", "i bought a galaxy s7": what the shopper already has, a word or two on; only
# after the shopper or an adverb ("have you got any samsung phones" asks for them)
_OWNING = {"got", "bought", "own", "owns"}
_OWNERS = {"i", "we", "just", "recently", "already", "finally", "he", "she", "they", "son", "daughter"}
# a brand named with a product line filters unless it makes almost none of that line ("google nexus": Huawei's
# and LG's; "apple lightning cable": Apple makes 11% of the lightning listings, and is meant)
STRONG_MAKER = 0.05
MOSTLY_OTHERS = 0.5  # a brand whose name other makers' titles say more often than its own is a preference
_SYMBOLS = {"$": " usd ", "€": " eur ", "£": " gbp ", "﷼": " sar ", "¥": " jpy ", "₹": " inr "}


class ParsedQuery(BaseModel):
    text: str  # the request as the shopper wrote it (folded)
    ranking_text: str  # what lexical and dense ranking should match: negations and numbers removed
    constraints: list[Constraint] = Field(default_factory=list)
    # categories named too loosely to filter on ("iphone 7 case": most such cases sit elsewhere): ranked up
    preferences: list[Constraint] = Field(default_factory=list)
    soft: list[str] = Field(default_factory=list)
    corrections: dict[str, str] = Field(default_factory=dict)
    sort: str | None = None  # "price_asc" | "price_desc"
    modifiers: list[str] = Field(default_factory=list)  # category-like words after "for"/"with"


class QueryParser:
    """Parse requests against one catalog's vocabulary (its categories, brands, attributes, currency).

    With `evidence` (the catalog's titles by category) a category word filters only when its category
    holds most of the products the word names; otherwise it becomes a preference. Without, it filters.
    """

    def __init__(self, vocabulary: Vocabulary, evidence: CategoryEvidence | None = None) -> None:
        self.vocab = vocabulary
        self.evidence = evidence
        self.quantities = QuantityReader(vocabulary)
        self.refusals = RefusalReader(vocabulary, evidence)

    def parse(self, raw: str) -> ParsedQuery:
        text, corrections = self._normalise(raw)
        constraints: list[Constraint] = []
        taken: list[Span] = []
        counts = self.quantities.read(text, constraints, taken)
        measured = list(zip(constraints, taken, strict=True))  # each quantity with the words it used
        self.refusals.read(text, constraints, taken)
        unranked = list(taken)
        taken.extend(counts)  # "1,500 square feet" names no brand Square, and stays in the ranking text
        preferences: list[Constraint] = []
        modifiers = self._names(text, constraints, preferences, taken)
        # "apple watch band 42mm": the watch's size, not a length bands have; the ranking keeps the words
        if misfits := {id(c) for c in self._misfits(constraints, preferences)}:
            constraints = [c for c in constraints if id(c) not in misfits]
            freed = {id(span) for c, span in measured if id(c) in misfits}
            unranked = [s for s in unranked if id(s) not in freed]
        ranking = _remove(text, unranked)  # names stay: they help ranking ("a case for my iphone 7")
        constraints = refusing_only_others(constraints, preferences)
        sort = None
        if re.search(
            r"\b(cheapest|cheap|inexpensive|affordable|lowest price|least expensive|budget friendly)\b", text
        ):
            sort = "price_asc"
        elif re.search(r"\b(most expensive|premium|high end|top of the line|priciest)\b", text):
            sort = "price_desc"
        soft = [w for w in ranking.split() if w not in STOP and not w.isdigit() and len(w) > 2]
        return ParsedQuery(
            text=text,
            ranking_text=ranking.strip() or text,
            constraints=[self._spelled(c) for c in _merge(constraints)],
            preferences=preferences,
            soft=soft,
            corrections=corrections,
            sort=sort,
            modifiers=modifiers,
        )

    def _misfits(self, constraints: list[Constraint], preferences: list[Constraint]) -> list[Constraint]:
        """Measurements of an attribute that no product of the wanted categories has."""
        wanted = wanted_categories([*constraints, *preferences])
        held = self.vocab.numeric_categories
        return [
            c
            for c in constraints
            if wanted
            and c.field == "attribute"
            and c.is_numeric
            and c.name in held
            and not held[c.name] & wanted
        ]

    def _spelled(self, c: Constraint) -> Constraint:
        """A brand constraint holds every spelling the catalog uses for the brand ("not insignia")."""
        if c.field != "brand":
            return c
        values = sorted({s for v in c.values for s in self.vocab.spellings(v)})
        return c if values == sorted(c.values) else c.model_copy(update={"values": values})

    # -- normalisation -------------------------------------------------------------------------------
    def _normalise(self, raw: str) -> tuple[str, dict[str, str]]:
        text = raw[:2000]
        for symbol, word in _SYMBOLS.items():
            text = text.replace(symbol, word)
        text = re.sub(r"(\d),(\d{3})\b", r"\1\2", text)
        text = re.sub(
            r"\b(\d+(?:\.\d+)?)\s*k\b", lambda m: str(int(float(m.group(1)) * 1000)), text, flags=re.I
        )
        text = text.replace("'", " ")
        words = fold(text).split()
        corrections: dict[str, str] = {}
        out: list[str] = []
        for word in words:
            synonym = self.vocab.synonym(singular(word))
            fixed = synonym or self.vocab.correct(word)
            if fixed != word and singular(fixed) != singular(word):
                corrections[word] = fixed
            out.append(fixed)
        return " ".join(out), corrections

    # -- names -------------------------------------------------------------------------------------------
    def _names(
        self, text: str, out: list[Constraint], preferences: list[Constraint], taken: list[Span]
    ) -> list[str]:
        """Find brands, categories and attribute values named positively, longest match first.

        Of several category words the last one before a "for"/"with" is the product wanted
        ("galaxy s7 case" is a case; "a case for my phone" is a case); the others become modifiers,
        as does a name right after "my" ("charge my phone in the car" is not a phone). A wanted
        category the catalog's titles say it holds too little of goes to `preferences`.
        """
        words = text.split()
        offsets = _word_offsets(text)
        categories: list[tuple[str, bool]] = []  # (alias, what something fits: after "for" or "my")
        following: dict[str, list[str]] = {}  # the word after each category word ("phone holder")
        values: list[tuple[str, Span]] = []  # attribute values named ("oak", "wireless")
        modifiers: list[str] = []
        # (brand, the product line after it, where the words after the line start) titles say after "for"
        fitted_brands: list[tuple[str, str, int]] = []
        marker_seen = False
        owned_from, reach = -9, 2  # index of the last possessive (or use) word, how far it reaches
        i = 0
        while i < len(words):
            # "not more than 200 for a desk": a price's "for" says what is bought, unless a product came first
            priced = i > 0 and _inside(offsets[i - 1], taken) and not categories
            if words[i] in MARKERS and not (words[i] == "for" and priced):
                marker_seen = True
            if words[i] in POSSESSIVES or words[i] in _USES:
                owned_from, reach = i, 5 if words[i] in _USES else 2
            elif words[i] in _OWNING and i > 0 and words[i - 1] in _OWNERS:
                owned_from, reach = i, 3
            elif words[i] == "than" and not _inside(offsets[i], taken):
                owned_from, reach = i, 4  # "i d rather fix it than get a new phone": not what is wanted
            elif words[i] in _ABOUT_TO_BUY and i - owned_from == 1:
                owned_from = -9  # "my next laptop should be under 800": the laptop is what is wanted
            if _inside(offsets[i], taken):
                i += 1
                continue
            # "my phone", "my old phone"; "talk on the phone", "charge the whole family s phones"
            fits = marker_seen or i - owned_from <= reach
            matched = 0
            for size in range(min(4, len(words) - i), 0, -1):
                span = Span(offsets[i], offsets[i + size - 1] + len(words[i + size - 1]))
                if any(_inside(offsets[j], taken) for j in range(i, i + size)):
                    continue
                candidate = phrase(" ".join(words[i : i + size]))
                if (brand := self.vocab.brand_of(candidate)) is not None:
                    if fits:  # "a case for my samsung": samsung is what it fits, not who made it
                        modifiers.append(brand)
                    elif self._names_a_fit(candidate, words[i + size : i + size + 1]):
                        fitted_brands.append((brand, words[i + size], i + size + 1))
                    elif self._line_of_others(brand, candidate, words[i + size : i + size + 1]):
                        modifiers.append(brand)  # "google nexus": a line Huawei and LG make
                    elif self._named_by_others(brand, candidate):
                        modifiers.append(brand)  # "iphone se at&t": the carrier's name, on Apple's phone
                    else:
                        out.append(Constraint(field="brand", op="in", values=[brand]))
                elif (
                    candidate in self.vocab.category_aliases
                    and candidate not in REFERENCE_WORDS
                    and not _a_verb(words, i, size)
                ):
                    # "my iphone 5 s battery is worn out": the part is wanted; "my last phones got crushed, i
                    # need one that can take a beating": so is another of them
                    part = i > 0 and words[i - 1] == "s"
                    again = any(w in _AGAIN for w in words[i + size :])
                    owned = _owned_after(words[i + size : i + size + 4], complaint=not (part or again))
                    categories.append((candidate, fits or owned))
                    following[candidate] = words[i + size : i + size + 1]
                elif candidate in self.vocab.value_index and size <= 2:
                    values.append((candidate, span))
                else:
                    continue
                taken.append(span)
                matched = size
                owned_from = -9
                break
            i += matched or 1
        heads = [alias for alias, fitted in categories if not fitted]
        makers = [c for c in out if c.field == "brand" and c.op == "in"]
        for brand, line, after in fitted_brands:  # "apple watch band": a band that fits an apple watch
            # ... and "nomad apple watch strap": nomad made it, for an apple watch; "fitbit blaze leather
            # strap" names a product the catalog has no category word for
            if (
                makers
                or any(not alias.startswith(phrase(line)) for alias in heads)
                or _more_named(words[after:], offsets[after:], taken)
            ):
                modifiers.append(brand)
            else:  # "apple watch" alone: the watch itself
                out.append(Constraint(field="brand", op="in", values=[brand]))
        if heads and not any(c.field == "category" and c.op == "in" for c in out):
            head = self._head(heads)
            evidence = self.evidence
            kinds = self.vocab.category_aliases[head]
            # "sofa" covers the sofa beds too, but "iphone" not the screen protectors made for one
            if not (evidence and evidence.fitted(head.split())):
                kinds = [*kinds, *(c for c in self.vocab.blends.get(head, ()) if c not in kinds)]
            kind = Constraint(field="category", op="in", values=kinds)
            weak = evidence is not None and (
                self._weak(head, following.get(head, []), kinds) or self._filed_elsewhere(head, kinds, out)
            )
            (preferences if weak else out).append(kind)
            modifiers += [alias for alias, _ in categories if alias != head]
        else:
            modifiers += [alias for alias, _ in categories]
        wanted = wanted_categories(out)
        for value, span in values:
            names = [
                n
                for n in self.vocab.value_index[value]
                if not wanted or wanted & self.vocab.value_categories.get((n, value), wanted)
            ]
            if names:  # "aurora x12" names a case's compatible phone, not a phone's attribute
                out.append(Constraint(field="attribute", name=names[0], op="in", values=[value]))
            else:
                taken.remove(span)
                modifiers.append(value)
        return modifiers

    def _weak(self, head: str, following: list[str], categories: list[str]) -> bool:
        """True when the catalog's titles say the category word mostly outside its categories.

        The word after it counts when titles say the two together: "phone holder" names holders,
        which sit in mounts, not phones. A product word no title says with it counts on its own when its
        products sit elsewhere ("phone tripod"); one no title says at all ("phone grandma") is ignored.
        """
        assert self.evidence is not None
        words = head.split()
        if following and following[0] not in STOP and not following[0].isdigit():
            together = [*words, following[0]]
            if self.evidence.coverage(together, categories) is not None:  # cached: weak() reads it again
                words = together
            elif self._other_noun(following[0]) and self.evidence.weak(following[:1], categories):
                return True  # "phone tripod": no title says both, and tripods sit outside the phones
        return self.evidence.weak(words, categories)

    def _other_noun(self, word: str) -> bool:
        """A word that may name a product line after a brand: not a name the parser reads on its own (a
        brand, a category, an attribute value such as a colour) nor a marker."""
        return not (
            word in MARKERS
            or self.vocab.brand_of(word) is not None
            or word in self.vocab.category_aliases
            or word in self.vocab.value_index
        )

    def _filed_elsewhere(self, head: str, categories: list[str], named: list[Constraint]) -> bool:
        """True when the brands the shopper named file their products that the titles call `head`
        mostly outside `categories` ("prynt camera case" sits in photography accessories)."""
        assert self.evidence is not None
        makers = {
            s
            for c in named
            if c.field == "brand" and c.op == "in"
            for v in c.values
            for s in self.vocab.spellings(v)
        }
        if not makers:
            return False
        share = self.evidence.held_for(head.split(), categories, makers)
        return share is not None and share < STRONG_COVERAGE

    def _names_a_fit(self, brand: str, following: list[str]) -> bool:
        """True when the catalog's titles mostly say the brand and the next word after "for"
        ("Watch Band for Apple Watch"), so the pair names what a product fits."""
        if self.evidence is None or not following or following[0] in MARKERS:
            return False
        return self.evidence.fitted([*brand.split(), phrase(following[0])])

    def _line_of_others(self, brand: str, name: str, following: list[str]) -> bool:
        """True when the titles that say the brand's name and the next word are mostly other makers'
        products ("Huawei - Google Nexus 6P", "PolarPro - Otterbox uniVERSE Power Pack")."""
        if self.evidence is None or not following or not self._other_noun(following[0]):
            return False
        if following[0] in STOP or following[0].isdigit():
            return False
        share = self._made_by(brand, [*name.split(), following[0]])
        return share is not None and share < STRONG_MAKER

    def _named_by_others(self, brand: str, name: str) -> bool:
        """True when most titles that say the brand's name are other makers' products: a carrier's name
        ("Apple - iPhone SE 16GB - Space Gray (AT&T)"), a line another maker sells ("Huawei - Honor 8")."""
        share = self._made_by(brand, name.split())
        return share is not None and share < MOSTLY_OTHERS

    def _made_by(self, brand: str, words: list[str]) -> float | None:
        """Share of the titles saying the words that the brand, under any of its spellings, makes."""
        if self.evidence is None:
            return None
        return self.evidence.made_by(words, self.vocab.spellings(brand))

    def _head(self, heads: list[str]) -> str:
        """Of several category words, the kind of product the catalog's titles that say them all are.

        "phone charger": titles saying both are chargers; "lifeproof case galaxy s7": they are cases.
        Without evidence the last word wins, as English puts the head of a compound last.
        """
        if len(heads) == 1 or self.evidence is None:
            return heads[-1]
        words = [w for alias in heads for w in alias.split()]
        best, best_share = heads[-1], -1.0
        for alias in reversed(heads):  # ties go to the later word
            share = self.evidence.coverage(words, self.vocab.category_aliases[alias])
            if share is not None and share > best_share:
                best, best_share = alias, share
        return best


# "something to stick on it", "a way to clip it on my belt": after "to" and before one of these, a word
# that names a category ("stick", "clip") is what the shopper does, not what they buy
_AFTER_VERB = {"it", "them", "on", "onto", "in", "into", "up", "my", "the", "to"}


def _a_verb(words: list[str], i: int, size: int) -> bool:
    return size == 1 and 0 < i < len(words) - 1 and words[i - 1] == "to" and words[i + 1] in _AFTER_VERB


def _owned_after(words: list[str], complaint: bool = True) -> bool:
    """True when the words after a product name say the shopper has it: "a used phone i bought off
    craigslist", "the unlocked phone i already own", or that it is the subject of what goes wrong: "my
    phone is always dead", "phone dies by noon", "my last three phones got crushed"."""
    if complaint and words and words[0] in _SUFFERS:
        return True
    return bool(words) and words[0] in ("i", "we") and any(w in _OWNING or w == "have" for w in words[1:3])


_AGAIN = {"one", "another", "replacement"}
# after a product word: it is the subject of a complaint, so it is what the shopper has
_SUFFERS = set(
    "is s keeps gets got dies died charges won doesn isn wasn was has always never still barely constantly "
    "slips falls broke cracked".split()
)


def _more_named(words: list[str], offsets: list[int], taken: list[Span]) -> bool:
    """True when a content word follows, before any marker: not a stop word, a number or a word read
    already ("under 300")."""
    for word, at in zip(words, offsets, strict=True):
        if word in MARKERS:
            return False
        if word not in STOP and not word.isdigit() and not _inside(at, taken):
            return True
    return False


def _inside(position: int, taken: list[Span]) -> bool:
    return any(s.start <= position < s.end for s in taken)


def _word_offsets(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"\S+", text)]


def _remove(text: str, taken: list[Span]) -> str:
    keep = [c if not _inside(i, taken) else " " for i, c in enumerate(text)]
    return re.sub(r"\s+", " ", "".join(keep)).strip()


def _merge(constraints: list[Constraint]) -> list[Constraint]:
    """Keep the last constraint per slot: "under 500 ... under 300" means under 300.

    Exclusions add up ("not samsung, not lg"), and so do brands named together ("a samsung or lg
    phone", "huawei honor 8"): either is fine.
    """
    by_slot: dict[tuple[str, str | None, str], Constraint] = {}
    for c in constraints:
        previous = by_slot.get(c.slot())
        if previous is not None and not c.is_numeric:
            merged = sorted(set(previous.values) | set(c.values))
            if c.is_negative or c.field == "brand":
                c = c.model_copy(update={"values": merged})
        by_slot[c.slot()] = c
    return list(by_slot.values())
