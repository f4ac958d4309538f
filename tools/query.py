"""Turn a shopper's free text into a typed query: hard constraints, soft preferences, ranking text.

"wardrobe under 800 riyals, at least 150 cm wide, not white" ->
category wardrobe; price < 800 SAR; width >= 150 cm; color not white. The embedded language engine
uses this same parser for every turn, so search and conversation agree on what words mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from convrec.tools.constraints import Constraint
from convrec.tools.text import fold, phrase, singular
from convrec.tools.units import BASE_UNIT, dimension_of, to_base, unit_names
from convrec.tools.vocabulary import Vocabulary
from pydantic import BaseModel, Field

CURRENCY_WORDS: dict[str, tuple[str, ...]] = {
    "USD": ("usd", "dollar", "dollars", "buck", "bucks"),
    "EUR": ("eur", "euro", "euros"),
    "GBP": ("gbp", "pound sterling", "quid"),
    "SAR": ("sar", "sr", "riyal", "riyals", "rial", "rials"),
    "AED": ("aed", "dirham", "dirhams"),
    "INR": ("inr", "rupee", "rupees", "rs"),
    "JPY": ("jpy", "yen"),
}
_SYMBOLS = {"$": " usd ", "€": " eur ", "£": " gbp ", "﷼": " sar ", "¥": " jpy ", "₹": " inr "}
_CURRENCY_RE = "|".join(sorted({w for ws in CURRENCY_WORDS.values() for w in ws}, key=len, reverse=True))
_NUM = r"(\d+(?:\.\d+)?)"
_UNIT_RE = "|".join(re.escape(u.lower()) for u in unit_names() if u not in ('"', "″"))
_DIM_WORDS = {
    "wide": "width",
    "width": "width",
    "wider": "width",
    "tall": "height",
    "high": "height",
    "height": "height",
    "taller": "height",
    "higher": "height",
    "deep": "depth",
    "depth": "depth",
    "deeper": "depth",
    "long": "length",
    "length": "length",
    "longer": "length",
}
_DIM_RE = "|".join(sorted(_DIM_WORDS, key=len, reverse=True))
_UPPER = r"under|below|less than|cheaper than|lower than|max|maximum|at most|up to|no more than|not more than|within|budget of|budget is|budget|no (?:taller|wider|deeper|longer|higher|bigger) than|<=|<"
_LOWER = r"over|above|more than|at least|min|minimum|no less than|starting at|from|>=|>|(?:taller|wider|deeper|longer|higher|bigger) than"
_APPROX = r"around|about|approximately|roughly|close to|~"
_NEGATORS = r"not|no|without|except|excluding|other than|anything but|non|nothing|avoid|never|dont want|don t want|isn t"
_STOP = set(
    "a an the for my me i want need looking show find something some any with of in on to and or is are "
    "it that this please".split()
)
_MARKERS = {"for", "with", "fits", "fit", "match", "matches", "matching", "compatible"}
_REFERENCE_WORDS = {
    "the",
    "that",
    "this",
    "those",
    "these",
    "it",
    "them",
    "one",
    "ones",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "last",
    "more",
    "too",
    "so",
    "as",
    "expensive",
    "cheap",
    "longer",
}


class ParsedQuery(BaseModel):
    text: str  # the request as the shopper wrote it (folded)
    ranking_text: str  # what lexical and dense ranking should match: negations and numbers removed
    constraints: list[Constraint] = Field(default_factory=list)
    soft: list[str] = Field(default_factory=list)
    corrections: dict[str, str] = Field(default_factory=dict)
    sort: str | None = None  # "price_asc" | "price_desc"
    modifiers: list[str] = Field(default_factory=list)  # category-like words after "for"/"with"


@dataclass
class _Span:
    start: int
    end: int


class QueryParser:
    """Parse requests against one catalog's vocabulary (its categories, brands, attributes, currency)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocab = vocabulary

    def parse(self, raw: str) -> ParsedQuery:
        text, corrections = self._normalise(raw)
        constraints: list[Constraint] = []
        taken: list[_Span] = []
        self._ranges(text, constraints, taken)
        self._bounded(text, constraints, taken)
        self._bare_quantities(text, constraints, taken)
        self._negations(text, constraints, taken)
        ranking = _remove(text, taken)  # names stay: they help ranking ("a case for my iphone 7")
        modifiers = self._names(text, constraints, taken)
        sort = None
        if re.search(
            r"\b(cheapest|cheap|inexpensive|affordable|lowest price|least expensive|budget friendly)\b", text
        ):
            sort = "price_asc"
        elif re.search(r"\b(most expensive|premium|high end|top of the line|priciest)\b", text):
            sort = "price_desc"
        soft = [w for w in ranking.split() if w not in _STOP and not w.isdigit() and len(w) > 2]
        return ParsedQuery(
            text=text,
            ranking_text=ranking.strip() or text,
            constraints=_merge(constraints),
            soft=soft,
            corrections=corrections,
            sort=sort,
            modifiers=modifiers,
        )

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

    # -- numbers -------------------------------------------------------------------------------------
    def _quantity(
        self, number: str, unit: str | None, dim: str | None, context: str
    ) -> tuple[str, str | None, float] | None:
        """Resolve a number to (field, attribute name, value in base unit/currency)."""
        value = float(number)
        if unit and unit in _currency_words():
            return ("price", None, value)
        if unit:
            base_value, base_unit = to_base(value, unit)
            name = self._attribute_for(dimension_of(unit), dim, context)
            return ("attribute", name, base_value) if name else None
        if dim:
            name = self._attribute_for("length", dim, context)
            return ("attribute", name, value) if name else None
        counted = self._counted_attribute(context)
        if counted:
            return ("attribute", counted, value)
        return ("price", None, value)

    def _attribute_for(self, dimension: str | None, dim_word: str | None, context: str) -> str | None:
        numeric = self.vocab.numeric
        base = BASE_UNIT.get(dimension or "", None)
        same_unit = [n for n, u in numeric.items() if base and u == base]
        if dim_word:
            wanted = _DIM_WORDS[dim_word]
            named = [n for n in numeric if wanted in n]
            if named:
                return min(named, key=len)
        mentioned = [n for n in same_unit if any(w in context.split() for w in n.split("_"))]
        if mentioned:
            return mentioned[0]
        if len(same_unit) == 1:
            return same_unit[0]
        preferred = {"storage": "storage", "length": "screen_size", "charge": "battery", "power": "power"}
        for candidate in same_unit:
            if dimension and preferred.get(dimension, "") in candidate:
                return candidate
        return same_unit[0] if same_unit else None

    def _counted_attribute(self, context: str) -> str | None:
        words = {singular(w) for w in context.split()}
        for name, unit in self.vocab.numeric.items():
            if unit is None and singular(name.split("_")[-1]) in words:
                return name
        return None

    def _ranges(self, text: str, out: list[Constraint], taken: list[_Span]) -> None:
        pattern = re.compile(
            rf"\b(?:between|from)?\s*(?:{_CURRENCY_RE})?\s*{_NUM}\s*(?:{_CURRENCY_RE})?\s*(?:and|to|-)\s*(?:{_CURRENCY_RE})?\s*{_NUM}\s*(?P<unit>{_CURRENCY_RE}|{_UNIT_RE})?\b(?:\s*(?P<dim>{_DIM_RE})\b)?"
        )
        for m in pattern.finditer(text):
            if _overlaps(m, taken) or not (
                m.group(0).strip().startswith(("between", "from")) or m.group("unit")
            ):
                continue
            context = text[max(0, m.start() - 25) : m.end() + 25]
            resolved = self._quantity(m.group(1), m.group("unit"), m.group("dim"), context)
            if resolved is None:
                continue
            field, name, _ = resolved
            low = self._scaled(m.group(1), m.group("unit"))
            high = self._scaled(m.group(2), m.group("unit"))
            out.append(
                self._numeric(
                    field, name, "between", low=min(low, high), high=max(low, high), unit=m.group("unit")
                )
            )
            taken.append(_Span(m.start(), m.end()))

    def _scaled(self, number: str, unit: str | None) -> float:
        if unit and unit not in _currency_words():
            return to_base(float(number), unit)[0]
        return float(number)

    def _bounded(self, text: str, out: list[Constraint], taken: list[_Span]) -> None:
        pattern = re.compile(
            rf"\b(?:(?P<dim1>{_DIM_RE})\s+(?:of\s+|is\s+)?)?(?P<cmp>{_UPPER}|{_LOWER}|{_APPROX})\s*(?:{_CURRENCY_RE})?\s*{_NUM}\s*(?P<unit>{_CURRENCY_RE}|{_UNIT_RE})?\b(?:\s*(?P<dim2>{_DIM_RE})\b)?"
        )
        for m in pattern.finditer(text):
            if _overlaps(m, taken):
                continue
            comparator = m.group("cmp")
            dim = m.group("dim1") or m.group("dim2") or _dim_in(comparator)
            context = text[max(0, m.start() - 25) : m.end() + 25]
            resolved = self._quantity(m.group(3), m.group("unit"), dim, context)
            if resolved is None:
                continue
            field, name, _ = resolved
            value = self._scaled(m.group(3), m.group("unit"))
            if re.fullmatch(_APPROX, comparator):
                constraint = self._numeric(
                    field,
                    name,
                    "between",
                    low=round(value * 0.8, 2),
                    high=round(value * 1.2, 2),
                    unit=m.group("unit"),
                )
            else:
                upper = re.fullmatch(_UPPER, comparator) is not None
                strict = (
                    comparator
                    in (
                        "under",
                        "below",
                        "less than",
                        "cheaper than",
                        "lower than",
                        "over",
                        "above",
                        "more than",
                        "<",
                        ">",
                    )
                    or comparator.endswith(" than")
                    and not comparator.startswith("no")
                )
                op = ("lt" if strict else "le") if upper else ("gt" if strict else "ge")
                constraint = self._numeric(field, name, op, value=value, unit=m.group("unit"))
            out.append(constraint)
            taken.append(_Span(m.start(), m.end()))

    def _bare_quantities(self, text: str, out: list[Constraint], taken: list[_Span]) -> None:
        pattern = re.compile(rf"\b{_NUM}\s*(?P<unit>{_CURRENCY_RE}|{_UNIT_RE})\b(?:\s*(?P<dim>{_DIM_RE})\b)?")
        for m in pattern.finditer(text):
            if _overlaps(m, taken):
                continue
            unit = m.group("unit")
            context = text[max(0, m.start() - 25) : m.end() + 25]
            resolved = self._quantity(m.group(1), unit, m.group("dim"), context)
            if resolved is None:
                continue
            field, name, _ = resolved
            value = self._scaled(m.group(1), unit)
            if field == "price":
                constraint = self._numeric(field, name, "le", value=value, unit=unit)
            elif dimension_of(unit) in ("length", "mass", "volume", "frequency"):
                constraint = self._numeric(
                    field, name, "between", low=round(value * 0.9, 3), high=round(value * 1.1, 3), unit=unit
                )
            else:
                constraint = self._numeric(field, name, "ge", value=value, unit=unit)
            out.append(constraint)
            taken.append(_Span(m.start(), m.end()))

    def _numeric(
        self,
        field: str,
        name: str | None,
        op: str,
        *,
        value: float | None = None,
        low: float | None = None,
        high: float | None = None,
        unit: str | None = None,
    ) -> Constraint:
        shown_unit = self.vocab.currency if field == "price" else self.vocab.numeric.get(name or "")
        return Constraint.model_validate(
            {
                "field": field,
                "name": name,
                "op": op,
                "value": value,
                "low": low,
                "high": high,
                "unit": shown_unit,
            }
        )

    # -- names -------------------------------------------------------------------------------------------
    def _negations(self, text: str, out: list[Constraint], taken: list[_Span]) -> None:
        pattern = re.compile(
            rf"\b(?:{_NEGATORS})\s+(?:a\s+|an\s+|any\s+|the\s+color\s+)?(?P<what>[a-z0-9]+(?:\s+[a-z0-9]+){{0,3}})"
        )
        for m in pattern.finditer(text):
            words = _until_break(m.group("what").split())
            if not words or words[0] in _REFERENCE_WORDS:
                continue
            constraint, used = self._negated(words)
            span = _Span(m.start(), m.start("what") + len(" ".join(words[:used])))
            if constraint is None or any(span.start < s.end and s.start < span.end for s in taken):
                continue
            out.append(constraint)
            taken.append(span)

    def _negated(self, words: list[str]) -> tuple[Constraint | None, int]:
        for size in range(min(3, len(words)), 0, -1):
            candidate = phrase(" ".join(words[:size]))
            if candidate in self.vocab.brands:
                return Constraint(field="brand", op="not_in", values=[candidate]), size
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
        if len(candidate) < 3 or candidate in _STOP:
            return None, 0
        return Constraint(field="text", op="not_in", values=[candidate]), size

    def _names(self, text: str, out: list[Constraint], taken: list[_Span]) -> list[str]:
        """Find brands, categories and attribute values named positively, longest match first.

        Of several category words the last one before a "for"/"with" is the product wanted
        ("galaxy s7 case" is a case; "a case for my phone" is a case); the others become modifiers.
        """
        words = text.split()
        offsets = _word_offsets(text)
        categories: list[tuple[str, bool]] = []  # (alias, after a "for"/"with" marker)
        values: list[tuple[str, _Span]] = []  # attribute values named ("oak", "wireless")
        modifiers: list[str] = []
        marker_seen = False
        i = 0
        while i < len(words):
            if words[i] in _MARKERS:
                marker_seen = True
            if _inside(offsets[i], taken):
                i += 1
                continue
            matched = 0
            for size in range(min(4, len(words) - i), 0, -1):
                span = _Span(offsets[i], offsets[i + size - 1] + len(words[i + size - 1]))
                if any(_inside(offsets[j], taken) for j in range(i, i + size)):
                    continue
                candidate = phrase(" ".join(words[i : i + size]))
                if candidate in self.vocab.brands and (size > 1 or len(candidate) > 2):
                    if marker_seen:  # "a case for my samsung": samsung is what it fits, not who made it
                        modifiers.append(candidate)
                    else:
                        out.append(Constraint(field="brand", op="in", values=[candidate]))
                elif candidate in self.vocab.category_aliases and candidate not in _REFERENCE_WORDS:
                    categories.append((candidate, marker_seen))
                elif candidate in self.vocab.value_index and size <= 2:
                    values.append((candidate, span))
                else:
                    continue
                taken.append(span)
                matched = size
                break
            i += matched or 1
        heads = [alias for alias, after_marker in categories if not after_marker]
        if heads and not any(c.field == "category" and c.op == "in" for c in out):
            head = heads[-1]  # what follows "for" is what the product fits, never the product itself
            out.append(Constraint(field="category", op="in", values=self.vocab.category_aliases[head]))
            modifiers += [alias for alias, _ in categories if alias != head]
        else:
            modifiers += [alias for alias, _ in categories]
        wanted = {v for c in out if c.field == "category" and c.op == "in" for v in c.values}
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


def _currency_words() -> set[str]:
    return {w for ws in CURRENCY_WORDS.values() for w in ws}


def _dim_in(comparator: str) -> str | None:
    for word in comparator.split():
        if word in _DIM_WORDS:
            return word
    return None


def _until_break(words: list[str]) -> list[str]:
    out = []
    for word in words:
        if word in (
            "and",
            "or",
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


def _overlaps(m: re.Match[str], taken: list[_Span]) -> bool:
    return any(m.start() < s.end and s.start < m.end() for s in taken)


def _inside(position: int, taken: list[_Span]) -> bool:
    return any(s.start <= position < s.end for s in taken)


def _word_offsets(text: str) -> list[int]:
    return [m.start() for m in re.finditer(r"\S+", text)]


def _remove(text: str, taken: list[_Span]) -> str:
    keep = [c if not _inside(i, taken) else " " for i, c in enumerate(text)]
    return re.sub(r"\s+", " ", "".join(keep)).strip()


def _merge(constraints: list[Constraint]) -> list[Constraint]:
    """Keep the last constraint per slot: "under 500 ... under 300" means under 300."""
    by_slot: dict[tuple[str, str | None, str], Constraint] = {}
    for c in constraints:
        previous = by_slot.get(c.slot())
        if previous is not None and not c.is_numeric:
            merged = sorted(set(previous.values) | set(c.values))
            c = c.model_copy(update={"values": merged}) if c.is_negative else c
        by_slot[c.slot()] = c
    return list(by_slot.values())
