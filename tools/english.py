"""Everyday English words, so that the typo corrector leaves a real word alone.

A catalog's own vocabulary is small: without this, "nurse" became "purse" and "lunch" became "launch"
because those are the nearest words the catalog uses. The word list is symspellpy's English frequency
dictionary (82,765 words from Google's n-grams), read once on first use.
"""

from __future__ import annotations

from functools import cache

from convrec.tools.embedding import package_dir

DICTIONARY = "frequency_dictionary_en_82_765.txt"
MIN_COUNT = 1_000_000  # rarer entries include misspellings ("recieve", "lightening") that should be corrected


@cache
def english_words() -> frozenset[str]:
    path = package_dir("symspellpy") / DICTIONARY  # a dependency: only its data file is used
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, count = line.partition(" ")
        if count.isdigit() and int(count) >= MIN_COUNT:
            words.add(word)
    return frozenset(words)


def is_english(word: str) -> bool:
    return word in english_words()
