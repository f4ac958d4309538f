"""Numbers in a request: prices, ranges and measurements, resolved against the catalog's attributes.

"between 100 and 300", "at least 150 cm wide", "under $500", "128GB": each becomes a numeric
`Constraint` in the catalog's currency or the attribute's base unit, and the words it used are
marked taken so the rest of the parser (negations, names) and the ranking text leave them alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from convrec.tools.constraints import Constraint
from convrec.tools.text import singular
from convrec.tools.units import BASE_UNIT, dimension_of, to_base, unit_names
from convrec.tools.vocabulary import Vocabulary

CURRENCY_WORDS: dict[str, tuple[str, ...]] = {
    "USD": ("usd", "dollar", "dollars", "buck", "bucks"),
    "EUR": ("eur", "euro", "euros"),
    "GBP": ("gbp", "pound sterling", "quid"),
    "SAR": ("sar", "sr", "riyal", "riyals", "rial", "rials"),
    "AED": ("aed", "dirham", "dirhams"),
    "INR": ("inr", "rupee", "rupees", "rs"),
    "JPY": ("jpy", "yen"),
}
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
_OR_LESS = r"or less|or fewer|or under|or below|or lower|or smaller|or cheaper|at most|max|maximum|tops"
_OR_MORE = (
    r"or more|or over|or above|or higher|or bigger|or larger|or longer|or taller|or wider|or deeper|"
    r"at least|minimum|min|plus"
)
_APPROX = r"around|about|approximately|roughly|close to|~"
# "not spending more than", "don t want to pay over": a negated limit on what the shopper spends
_NEG = (
    r"(?:nothing|none|never|not|don t|won t|do not|will not|can t|cannot)"
    r"(?:\s+(?:want|going|willing|able)\s+to)?(?:\s+(?:spend|spending|pay|paying|go|going))?"
)
# "1,500 square feet", "for 2 people", "a 5 year old", "30 days": a count of something no product attribute
# measures; read as nothing, so it is neither a price nor a brand ("square")
_COUNTED = (
    r"square|sq|acres?|miles?|years?|yrs?|months?|weeks?|days?|minutes?|mins?|people|persons?|kids?|"
    r"children|percent|degrees?|mph|times"
)


@dataclass
class Span:
    """Characters of the request a constraint already used: later readers skip them."""

    start: int
    end: int


class QuantityReader:
    """Read the numeric constraints of a request against one catalog's vocabulary."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocab = vocabulary

    def read(self, text: str, out: list[Constraint], taken: list[Span]) -> list[Span]:
        """Append the constraints found in `text` to `out` and the spans they used to `taken`.

        Returns the spans of counts that are no measurement ("2 people", "1,500 square feet"): they
        constrain nothing, and no later reader should take their words for a name."""
        counts = [Span(m.start(), m.end()) for m in _COUNTS.finditer(text)]
        skipped = [*taken, *counts]
        first_new = len(skipped)
        for reader in (self._ranges, self._bounded, self._bare_quantities):
            reader(text, out, skipped)
        taken.extend(skipped[first_new:])  # the readers' own spans, one per constraint, in order
        return counts

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

    def _ranges(self, text: str, out: list[Constraint], taken: list[Span]) -> None:
        pattern = re.compile(
            rf"\b(?:between|from)?\s*(?:{_CURRENCY_RE})?\s*{_NUM}\s*(?:{_CURRENCY_RE})?\s*(?:and|to|-)\s*(?:{_CURRENCY_RE})?\s*{_NUM}\s*(?P<unit>{_CURRENCY_RE}|{_UNIT_RE})?\b(?:\s*(?P<dim>{_DIM_RE})\b)?"
        )
        for m in pattern.finditer(text):
            if overlaps(m, taken) or not (
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
            taken.append(Span(m.start(), m.end()))

    def _scaled(self, number: str, unit: str | None) -> float:
        if unit and unit not in _currency_words():
            return to_base(float(number), unit)[0]
        return float(number)

    def _bounded(self, text: str, out: list[Constraint], taken: list[Span]) -> None:
        pattern = re.compile(
            rf"\b(?:(?P<dim1>{_DIM_RE})\s+(?:of\s+|is\s+)?)?(?:(?P<neg>{_NEG})\s+)?(?P<cmp>{_UPPER}|{_LOWER}|{_APPROX})\s*(?P<cur>{_CURRENCY_RE})?\s*(?P<num>{_NUM})\s*(?P<unit>{_CURRENCY_RE}|{_UNIT_RE})?\b(?:\s*(?P<dim2>{_DIM_RE})\b)?"
        )
        for m in pattern.finditer(text):
            if overlaps(m, taken):
                continue
            comparator = m.group("cmp")
            unit = m.group("unit") or m.group("cur")
            # "6 ft or longer under $25": a currency before the number makes it a price, whatever came before
            dim = None if m.group("cur") else m.group("dim1") or m.group("dim2") or _dim_in(comparator)
            context = text[max(0, m.start() - 25) : m.end() + 25]
            resolved = self._quantity(m.group("num"), unit, dim, context)
            if resolved is None:
                continue
            field, name, _ = resolved
            value = self._scaled(m.group("num"), unit)
            if re.fullmatch(_APPROX, comparator):
                constraint = self._numeric(
                    field,
                    name,
                    "between",
                    low=round(value * 0.8, 2),
                    high=round(value * 1.2, 2),
                    unit=unit,
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
                if m.group("neg"):  # "nothing over 150" is at most 150; "not under 50" at least 50
                    upper, strict = not upper, not strict
                op = ("lt" if strict else "le") if upper else ("gt" if strict else "ge")
                constraint = self._numeric(field, name, op, value=value, unit=unit)
            out.append(constraint)
            # a dimension word dropped for a price stays free: "6 ft or longer" is read next
            start = m.start() if not m.group("cur") else m.start("neg") if m.group("neg") else m.start("cmp")
            taken.append(Span(start, m.end()))

    def _bare_quantities(self, text: str, out: list[Constraint], taken: list[Span]) -> None:
        # "15 dollars", "6 ft long", and the currency first: "$15 or less" (folded to "usd 15 or less")
        pattern = re.compile(
            rf"\b(?:(?P<currency>{_CURRENCY_RE})\s*(?P<amount>{_NUM})|(?P<number>{_NUM})\s*(?P<unit>{_CURRENCY_RE}|{_UNIT_RE})\b"
            rf"(?:\s*(?P<dim>{_DIM_RE})\b)?)(?:\s*(?P<most>{_OR_LESS})\b|\s*(?P<least>{_OR_MORE})\b)?"
        )
        for m in pattern.finditer(text):
            if overlaps(m, taken) or self._preposition(text, m):
                continue
            unit = m.group("unit") or m.group("currency")
            number = m.group("amount") or m.group("number")
            context = text[max(0, m.start() - 25) : m.end() + 25]
            bound = m.group("most") or m.group("least") or ""  # "150 cm or wider" is a width
            resolved = self._quantity(number, unit, m.group("dim") or _dim_in(bound), context)
            if resolved is None:
                continue
            field, name, _ = resolved
            value = self._scaled(number, unit)
            if m.group("most") or m.group("least"):  # "5000 mah or less", "300 dollars or more"
                op = "le" if m.group("most") else "ge"
                constraint = self._numeric(field, name, op, value=value, unit=unit)
            elif field == "price":
                constraint = self._numeric(field, name, "le", value=value, unit=unit)
            elif dimension_of(unit) in ("length", "mass", "volume", "frequency", "storage"):
                low, high = round(value * 0.9, 3), round(value * 1.1, 3)
                if self._unheard_of(name, low, high):
                    continue  # "my 42mm apple watch": no product of the catalog is anywhere near 4.2 cm long
                constraint = self._numeric(field, name, "between", low=low, high=high, unit=unit)
            else:
                constraint = self._numeric(field, name, "ge", value=value, unit=unit)
            out.append(constraint)
            taken.append(Span(m.start(), m.end()))

    def _unheard_of(self, name: str | None, low: float, high: float) -> bool:
        """True when the catalog knows the attribute's values and none lies near [low, high]."""
        known = self.vocab.numeric_ranges.get(name or "")
        return known is not None and (high < known[0] or low > known[1])

    def _preposition(self, text: str, m: re.Match[str]) -> bool:
        """True when a bare "in" after a number is the preposition: "my iphone 7 in real leather", "an
        iphone 7 in a couple of months". As inches it ends the request or comes before a dimension or a
        product word: "screen protector 5.5 in", "a 10 in tablet case", "12 in long"."""
        if m.group("unit") != "in" or m.group("dim") or m.group("most") or m.group("least"):
            return False
        after = text[m.end() :].split()
        return bool(after) and after[0] not in self.vocab.category_aliases

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


_COUNTS = re.compile(rf"\b{_NUM}\s*(?:{_COUNTED})\b(?:\s*(?:{_UNIT_RE})\b)?")


def _currency_words() -> set[str]:
    return {w for ws in CURRENCY_WORDS.values() for w in ws}


def _dim_in(comparator: str) -> str | None:
    for word in comparator.split():
        if word in _DIM_WORDS:
            return word
    return None


def overlaps(m: re.Match[str], taken: list[Span]) -> bool:
    return any(m.start() < s.end and s.start < m.end() for s in taken)
