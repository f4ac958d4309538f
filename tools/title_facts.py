"""Numeric facts a product's own title states: "Portable 10,000 mAh Power Bank", "iPhone SE 64GB", "6' Cable".

Best Buy's listings carry no attribute columns, so "a power bank with at least 10000 mAh" could only
rank by text. The title is catalog text, so a quantity it states about the product itself is a fact
like any other. Only the part before "for"/"fits" counts: "Case for iPhone 7 Plus 128GB" states the
phone's storage, not the case's. A title that states two values of one kind ("16GB/32GB") states none.
"""

from __future__ import annotations

import re

from convrec.tools.catalog import Attribute
from convrec.tools.category_evidence import fit_cut
from convrec.tools.units import to_base

# attribute name, unit, pattern for the number (thousands separators allowed); a second group, when
# there is one, is the unit as the title writes it ("GB" or "TB")
_FACTS = [
    ("storage", "GB", r"(\d+(?:\.\d+)?)\s?(GB|TB)\b"),
    ("battery", "mAh", r"(\d{1,3}(?:,\d{3})+|\d+)\s?mAh\b"),
    ("length", "ft", r"(\d+(?:\.\d+)?)(?:'|\s?(?:ft|foot|feet)\b)"),
]
_COMPILED = [(name, unit, re.compile(pattern, re.IGNORECASE)) for name, unit, pattern in _FACTS]


def title_facts(title: str) -> dict[str, Attribute]:
    """The quantities the title states about the product itself, each in its dimension's base unit."""
    words = title.split()
    own = " ".join(words[: fit_cut([w.lower() for w in words])])
    facts: dict[str, Attribute] = {}
    for name, unit, pattern in _COMPILED:
        found = {
            (float(m.group(1).replace(",", "")), m.group(2) if m.lastindex == 2 else unit)
            for m in pattern.finditer(own)
        }
        if len(found) != 1:
            continue  # none, or "16GB/32GB": which one this listing is, the title does not say
        number, written = found.pop()
        value, base = to_base(number, written)
        facts[name] = Attribute(value=value, unit=base)
    return facts
