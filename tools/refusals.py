"""What a shopper refuses: "not white", "no samsung", "without plugging in a cable" -> exclusions.

A refused word becomes the narrowest exclusion the catalog knows: a brand, a category, an attribute
value, else the text itself. A refusal ends where a new clause or a limit starts.
"""

from __future__ import annotations

import re

from convrec.tools.category_evidence import CategoryEvidence
from convrec.tools.constraints import Constraint, wanted_categories
from convrec.tools.quantities import Span
from convrec.tools.query_words import MARKERS, POSSESSIVES, REFERENCE_WORDS, STOP
from convrec.tools.text import phrase
from convrec.tools.vocabulary import Vocabulary

# "that doesn't need bluetooth": what the product need not have is refused like "no bluetooth"
_NEGATORS = (
    r"doesn t need|does not need|don t need|do not need|no need for|"
    r"not|no|without|except|excluding|other than|anything but|any colou?r but|non|nothing|avoid|never|dont want|"
    r"don t want|isn t|isnt|isn"
)


class RefusalReader:
    """Read refusals against one catalog's vocabulary."""

    def __init__(self, vocabulary: Vocabulary, evidence: CategoryEvidence | None = None) -> None:
        self.vocab = vocabulary
        self.evidence = evidence  # which words titles say: "not the edge" refuses a line the titles name

    def read(self, text: str, out: list[Constraint], taken: list[Span]) -> None:
        """Add each refusal in `text` to `out`, and its span to `taken`."""
        pattern = re.compile(
            rf"\b(?:{_NEGATORS})\s+(?:a\s+|an\s+|any\s+|the\s+color\s+|(?P<the>the\s+))?(?:made\s+by\s+|by\s+|from\s+)?"
            r"(?P<what>[a-z0-9]+(?:\s+[a-z0-9]+){0,3})"
        )
        pos = 0
        while m := pattern.search(text, pos):
            pos = m.start("what")  # the next refusal may start inside this one's words: "..., and not the x"
            raw = m.group("what").split()
            words = _until_break(raw)
            # a brand the clause break would cut is read whole: "at&t" folds to "at t", and "at" ends a clause
            if (used := self._brand_words(raw)) > len(words):
                words = raw[:used]
            if self._lacking(text[: m.start()]):
                continue
            lead = 0  # "not too bulky", "not just plain black": the adverb is not what is refused
            while lead < len(words) - 1 and (words[lead] in _ADVERBS or lead and words[lead] in _ARTICLES):
                lead += 1
            if not words or words[lead] in REFERENCE_WORDS or words[lead] in _PEOPLE | POSSESSIVES:
                continue
            constraint, used = self._negated(words[lead:])
            used += lead
            span = Span(m.start(), m.start("what") + len(" ".join(words[:used])))
            if constraint is None or any(span.start < s.end and s.start < span.end for s in taken):
                continue
            if m.group("the") and constraint.field == "text":
                # "not the google one" refuses Google; "not the cheapest" refuses no words; "not the tactical
                # one", "not the edge", "isn't the bulky defender" refuse the line the titles name
                constraint, used = self._named_line(words[lead:])
                if constraint is None:
                    continue
                span = Span(m.start(), m.start("what") + len(" ".join(words[: lead + used])))
            out.append(constraint)
            taken.append(span)
            for more, end in self._listed(text, span.end, constraint):
                out.append(more)
                taken.append(Span(span.end, end))
                span = Span(span.start, end)

    def _named_line(self, words: list[str]) -> tuple[Constraint | None, int]:
        """ "the tactical one", "the edge", "the bulky defender": the words titles say, up to a stand-in
        ("one", "kind"), name a product line; refused in titles only ("edge" is in many descriptions).
        A rank, a size or a superlative names none: "not the cheapest one", "not the big one"."""
        end = next((i for i, w in enumerate(words) if w in _STAND_INS), len(words))
        start = 0
        while start < end and words[start] not in _PLAIN and not self._titled(words[start : start + 1]):
            start += 1  # "the bulky defender": no title says "bulky"
        named = words[start:end]
        if not named or any(w in _NO_LINE or w.endswith("est") for w in named):
            return None, 0
        if len(" ".join(named)) < 3 or not self._titled(named):
            return None, 0
        used = end + 1 if end < len(words) else end
        return Constraint(field="text", name="title", op="not_in", values=[phrase(" ".join(named))]), used

    def _titled(self, words: list[str]) -> bool:
        if self.evidence is None:
            return all(self.vocab.known(w) for w in words)
        return self.evidence.titled(words) > 0

    def _lacking(self, before: str) -> bool:
        """True when the negation says what the shopper's place or thing lacks, not what they refuse:
        "there s no outlet in my car", "a cabin with no wifi", "a 2006 civic with no bluetooth". After a
        product word ("a case with no clip") or a stand-in for one ("something with no buttons") it refuses."""
        if re.search(r"\bthere (?:s|is|are|was|were)\s+$", before):
            return True
        owner = re.search(r"\b([a-z0-9]+) with\s+$", before)
        return owner is not None and not (
            owner.group(1) in self.vocab.category_aliases or owner.group(1) in _STAND_INS
        )

    def _brand_words(self, words: list[str]) -> int:
        """How many leading words name a brand (0: none)."""
        for size in range(min(3, len(words)), 0, -1):
            if self.vocab.brand_of(phrase(" ".join(words[:size]))) is not None:
                return size
        return 0

    def _listed(self, text: str, start: int, first: Constraint) -> list[tuple[Constraint, int]]:
        """The names listed after a refused one, of the same kind: "not at&t or verizon",
        "anything but insignia, dynex or rocketfish" refuse every one of them."""
        if first.field not in ("brand", "category", "attribute"):
            return []
        found: list[tuple[Constraint, int, bool]] = []
        # the text is folded, so a list's commas are gone: "kallio hemma or nordhaus". Names may follow each
        # other bare only inside a list that an "or"/"nor"/"and" closes: "no apple, samsung is better" keeps
        # samsung, "not white black" is no list
        # "isn't a case or a car mount": after "or" / "nor" an article may come
        joiner = re.compile(r"\s+(?:(?P<word>or|nor|and)\s+)?(?:not\s+)?(?:(?<=or )(?:a|an|the)\s+)?")
        while m := joiner.match(text, start):
            words = text[m.end() :].split()[:3]
            constraint, used = self._negated(words[: self._brand_words(words)] or words[:2])
            if constraint is None or constraint.field != first.field or constraint.name != first.name:
                break
            start = m.end() + len(" ".join(words[:used]))
            found.append((constraint, start, bool(m.group("word"))))
        closed = max((i + 1 for i, (_, _, worded) in enumerate(found) if worded), default=0)
        return [(constraint, end) for constraint, end, _ in found[:closed]]

    def _negated(self, words: list[str]) -> tuple[Constraint | None, int]:
        for size in range(min(3, len(words)), 0, -1):
            candidate = phrase(" ".join(words[:size]))
            if (brand := self.vocab.brand_of(candidate)) is not None:
                return Constraint(field="brand", op="not_in", values=[brand]), size
            if candidate in self.vocab.category_aliases and size > 1 or candidate in self.vocab.categories:
                return Constraint(
                    field="category", op="not_in", values=self.vocab.category_aliases[candidate]
                ), size
            if candidate in self.vocab.value_index:
                name = self.vocab.value_index[candidate][0]
                return Constraint(field="attribute", name=name, op="not_in", values=[candidate]), size
        size = min(2, len(words))
        candidate = phrase(" ".join(words[:size]))
        if candidate in self.vocab.category_aliases:
            return Constraint(
                field="category", op="not_in", values=self.vocab.category_aliases[candidate]
            ), size
        # "without plugging in a cable": the cable is what is refused; "not sure which tv" refuses nothing
        later_objects = range(1, len(words)) if words and words[0].endswith("ing") else range(0)
        for start in later_objects:
            if words[start] in POSSESSIVES or words[start] in MARKERS:
                break  # "no scratches on my phone" refuses scratches, not phones
            for size in range(min(2, len(words) - start), 0, -1):
                later = phrase(" ".join(words[start : start + size]))
                if later in self.vocab.category_aliases and later not in REFERENCE_WORDS:
                    values = self.vocab.category_aliases[later]
                    return Constraint(field="category", op="not_in", values=values), start + size
        # "without making it any thicker", "no plugging in": a doing, no product word to refuse; but
        # "without a ring holder", "no charging port" refuse the thing
        doing = bool(later_objects) and (len(words) == 1 or words[1] in _FUNCTION)
        if len(candidate) < 3 or candidate in STOP or doing:
            return None, 0
        return Constraint(field="text", op="not_in", values=[candidate]), size


_FUNCTION = (
    STOP | POSSESSIVES | REFERENCE_WORDS | {"in", "out", "up", "on", "off", "to", "down", "around", "over"}
)

# "no him on a contract", "riot without their shows": a person or what is theirs is no product refused
_PEOPLE = {"him", "her", "me", "us", "you", "them"}
_STAND_INS = {
    "something",
    "anything",
    "one",
    "ones",
    "it",
    "them",
    "those",
    "model",
    "version",
    "kind",
    "type",
}
_ADVERBS = {"just", "only", "even", "really", "quite", "very", "too", "so", "overly"}
_ARTICLES = {"a", "an", "the", "any"}
# a rank, a size or a judgement names no product line: "not the big one", "not the right size"
_PLAIN = set(
    "big small large little new old other same usual regular basic good right wrong perfect ideal real whole "
    "entire only exact".split()
)
_NO_LINE = REFERENCE_WORDS | STOP | _PLAIN

# a subject starts a new clause: "no outlets, i want a battery pack" refuses outlets, not "outlet i"
_SUBJECTS = {"i", "we", "you", "he", "she", "they"}


def _until_break(words: list[str]) -> list[str]:
    out = []
    for word in words:
        if word in _SUBJECTS or word in (
            "and",
            "or",
            "nor",
            "but",
            "under",
            "over",
            "below",
            "above",
            "with",
            "for",
            "please",
            "between",
            "at",
        ):
            break
        out.append(word)
    return out


def refusing_only_others(constraints: list[Constraint], preferences: list[Constraint]) -> list[Constraint]:
    """Drop a category exclusion that refuses the category the shopper asks for.

    "phone case without a clip": "clip" names the catalog's "cases & clips" category, the same one
    "phone case" names, so excluding it would leave nothing; the category cannot tell them apart.
    """
    wanted = wanted_categories([*constraints, *preferences])
    return [
        c for c in constraints if not (c.field == "category" and c.op == "not_in" and wanted & set(c.values))
    ]
