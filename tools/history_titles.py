"""Read what an add-on says it fits from its title, for catalogs that have no `compatible_with` column.

Best Buy's listings say it in words: "ZAGG - Screen Protector for Apple® iPhone® 6 and 6s - Clear" fits
the iPhone 6 and the iPhone 6s, and the phone "Apple - iPhone 6s 64GB - Gold (AT&T)" names its model.
A target is kept only when the catalog backs it: its words name a product in some title that is not an
add-on itself ("iphone 6s"), or it starts the way such a name does ("iphone 5c" when only the case is
stocked). "For Most USB-Enabled Devices" or "for kids" name nothing, so the add-on says nothing it fits.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from convrec.tools.text import fold

SEPARATOR = "|"  # between targets in one `Note.fits` string; folded text never holds it
_FOR = re.compile(r"\bfor\s+(.+)$", re.IGNORECASE)
_LIST = re.compile(r"\s*(?:/|,|&|\band\b|\bor\b)\s*", re.IGNORECASE)
_ASIDE = re.compile(r"\([^()]*(?:[/,&]|pack)[^()]*\)", re.IGNORECASE)  # "(AT&T/Verizon)", "(4-Pack)"
_WORDS_DIGITS = re.compile(r"\b([a-z]{2,})(\d+)\b")  # note5 -> note 5 ("note 5" is how others write it)
_LETTER_NUMBER = re.compile(r"\b([a-z]) (\d+)\b")  # galaxy s 5 -> galaxy s5
_QUANTIFIERS = {"most", "select", "all", "any", "many", "other", "various", "universal"}
_LEADING = {"for", "use", "with", "your", "the", "a", "an"}
_DEVICE_NOUNS = {
    "cell", "phone", "phones", "mobile", "smartphone", "smartphones", "device", "devices",
    "smartwatch", "smartwatches", "case", "cases", "model", "models", "series", "the",
}  # fmt: skip


def model_text(text: str) -> str:
    """Fold a title or target so model names compare equal however the listing spells them."""
    folded = fold(text.replace("+", " plus "))
    return _LETTER_NUMBER.sub(r"\1\2", _WORDS_DIGITS.sub(r"\1 \2", folded))


def raw_targets(title: str) -> list[str]:
    """The models a title says it is for, spelled out ("iphone 6 and 6s" -> iphone 6, iphone 6s)."""
    for segment in title.split(" - "):
        found = _FOR.search(segment)
        if found:
            said = _ASIDE.sub(" ", found.group(1).rsplit(" for ", 1)[-1])
            return _spell_out(_LIST.split(said))
    return []


def _spell_out(parts: Iterable[str]) -> list[str]:
    targets: list[str] = []
    head: list[str] = []  # the words a continuation like "6s" or "S7 edge" inherits ("apple iphone")
    for part in parts:
        words = model_text(part).split()
        while words and words[0] in _LEADING:
            words.pop(0)
        if not words or words[0] in _QUANTIFIERS:
            continue
        while words and words[-1] in _DEVICE_NOUNS:
            words.pop()
        while words and words[0] in _DEVICE_NOUNS:
            words.pop(0)
        if not words:
            continue
        if targets and head and (len(words) == 1 or any(c.isdigit() for c in words[0])):
            words = head + words
        else:
            numbered = [n for n, w in enumerate(words) if any(c.isdigit() for c in w)]
            head = words[: numbered[0]] if numbered else words[:-1]
        targets.append(" ".join(words))
    return list(dict.fromkeys(targets))


def families_named(
    targets: Iterable[str], anchor_titles: Iterable[str], makers: Iterable[str] = ()
) -> set[str]:
    """The targets that name a model in the catalog; a maker's name is dropped where that still does."""
    haystack = " " + f" {SEPARATOR} ".join(anchor_titles) + " "
    makers = set(makers)

    def named(words: list[str]) -> bool:
        # a model name has two words or a number: "usb", "verizon" or "apple" name no model
        model = len(words) >= 2 or any(c.isdigit() for c in words[0])
        return model and f" {' '.join(words)} " in haystack

    families: set[str] = set()
    for target in targets:
        words = target.split()
        if words[0] in makers and len(words) >= 3 and named(words[1:]):  # apple iphone 7 -> iphone 7
            families.add(" ".join(words[1:]))
        elif named(words):
            families.add(target)
    return families


def backed_targets(targets: Iterable[str], families: set[str], lines: set[str]) -> list[str]:
    """Targets in the families' spelling, keeping those the catalog backs (see the module docstring)."""
    kept: list[str] = []
    for target in targets:
        words = target.split()
        short = " ".join(words[1:])
        if target in families:
            kept.append(target)
        elif short in families:
            kept.append(short)
        elif len(words) > 1 and (words[0] in lines or words[1] in lines):
            kept.append(short if len(words) > 2 and words[1] in lines else target)
    return list(dict.fromkeys(kept))


def product_lines(families: Iterable[str]) -> set[str]:
    """First words of the families ("iphone", "galaxy"): a target starting with one names a real line."""
    return {f.split()[0] for f in families if any(c.isdigit() for c in f) or len(f.split()) > 1}


def as_written(target: str, titles: Iterable[str]) -> str | None:
    """The target as the first title that names it spells it ("iphone 7" -> "iPhone 7"), signs dropped."""
    for title in titles:
        # signs and modifier marks are decoration: "Apple® iPhoneˊ 6" is written "Apple iPhone 6"
        words = "".join(c for c in title if unicodedata.category(c) not in ("So", "Sk", "Lm")).split()
        for start in range(len(words)):
            if not model_text(words[start]):  # a run starts and ends on a word, not on " - "
                continue
            for end in range(start + 1, len(words) + 1):
                said = model_text(" ".join(words[start:end]))
                if said == target and model_text(words[end - 1]):
                    run = re.sub(r"\s+[-|]\s+", " ", " ".join(words[start:end])).strip(" ,.;:")
                    return run if run.count("(") == run.count(")") else run.replace("(", "").replace(")", "")
                if len(said) > len(target):
                    break
    return None
