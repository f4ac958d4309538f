"""How well a category holds the products a shopper's category word names, read from the catalog itself.

A category word may filter only when the category it maps to is where the products called that
actually sit. On the Best Buy catalog 96% of the products whose titles say "case" are in a case
category, so "a case under 10" can filter on them. The leaf "iPhone 7 Cases" holds 27 products,
but 400 titles say "iphone 7 ... case" (most of them sit in "Cell Phone Cases & Clips"), and
the category "iPhone" holds 35 of the 157 products whose titles start by naming an iPhone. Filtering
on those would hide most of what the shopper means, so the parser ranks by them instead.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

MIN_NAMED = 3  # fewer titles than this say nothing about a category word: it keeps filtering
STRONG_COVERAGE = 0.5  # a category must hold at least this share of the products its word names
_FITS = {"for", "fits", "fit", "compatible"}  # title words after these name what the product fits


class CategoryEvidence:
    """Title words and category membership of every product, row by row, to test category words."""

    def __init__(
        self, titles: Sequence[str], categories: Sequence[set[str]], brands: Sequence[str | None] = ()
    ) -> None:
        """`titles` are canonical phrases (`text.phrase`); `categories` each product's category phrases;
        `brands` each product's brand phrase (optional: without them `made_by` knows nothing)."""
        self._titles = list(titles)
        self._brands = np.array([b or "" for b in brands], dtype=object)
        self._fitted: dict[tuple[str, ...], bool] = {}
        whole: dict[str, list[int]] = {}
        head: dict[str, list[int]] = {}
        members: dict[str, list[int]] = {}
        for row, (title, names) in enumerate(zip(titles, categories, strict=True)):
            words = title.split()
            cut = fit_cut(words)
            for word in set(words):
                whole.setdefault(word, []).append(row)
            for word in set(words[:cut]):  # "Case for Apple iPhone 7": a case, not an iPhone
                head.setdefault(word, []).append(row)
            for name in names:
                members.setdefault(name, []).append(row)
        self._views = [_arrays(head), _arrays(whole)]
        self._members = _arrays(members)
        self._cache: dict[tuple[tuple[str, ...], frozenset[str]], float | None] = {}

    def coverage(self, words: Sequence[str], categories: Collection[str]) -> float | None:
        """Share of the products whose titles say every word that sit in `categories`, or None.

        Titles are read two ways, whole and up to "for" ("Case for iPhone 7" names a case, not an
        iPhone); the better reading counts. A product outside `categories` whose own category name
        holds the words is explained by it ("desk" in a "Desk Lamps" title) and left out of the count.
        None when too few titles say the words to tell.
        """
        key = (tuple(words), frozenset(categories))
        if key in self._cache:
            return self._cache[key]
        share = self._coverage(key[0], key[1])
        if len(self._cache) < 10_000:  # words come from category names: few distinct questions
            self._cache[key] = share
        return share

    def weak(self, words: Sequence[str], categories: Collection[str]) -> bool:
        """True when the categories hold too few of the products named by the words to filter on."""
        share = self.coverage(words, categories)
        return share is not None and share < STRONG_COVERAGE

    def _coverage(self, words: tuple[str, ...], categories: frozenset[str]) -> float | None:
        if not words or not categories:
            return None
        inside = self._rows(categories)
        explaining = self._rows(
            {name for name in self._members if name not in categories and set(words) <= set(name.split())}
        )
        shares = []
        for postings in self._views:
            named = _saying(postings, words)
            if named is None:
                continue
            held = np.isin(named, inside)
            counted = len(named) - int((~held & np.isin(named, explaining)).sum())
            if counted >= MIN_NAMED:
                shares.append(float(held.sum()) / counted)
        return max(shares) if shares else None

    def made_by(self, words: Sequence[str], brands: Collection[str]) -> float | None:
        """Share of the products whose titles name these words (before any "for") that `brands` make,
        or None when too few titles say them.

        "Huawei - Google Nexus 6P": "google nexus" names a phone line Huawei and LG make, so a shopper's
        "google nexus" is not a filter on the brand Google.
        """
        if not len(self._brands):
            return None
        named = _saying(self._views[0], words)
        if named is None or len(named) < MIN_NAMED:
            return None
        return float(np.isin(self._brands[named], list(brands)).mean())

    def titled(self, words: Sequence[str]) -> int:
        """How many titles say every one of the words."""
        named = _saying(self._views[1], words)
        return 0 if named is None else len(named)

    def held_for(
        self, words: Sequence[str], categories: Collection[str], brands: Collection[str]
    ) -> float | None:
        """Share of the products `brands` make whose titles say the words that sit in `categories`, or
        None when the brands make none that say them (one title is enough: the shopper named the maker).

        "zBoost TRIO SOHO signal booster": zBoost files its boosters under "Cell Phone Add-Ons", not
        "Signal Boosters", so that category cannot filter a request for them.
        """
        if not len(self._brands):
            return None
        named = _saying(self._views[1], words)
        if named is None:
            return None
        named = named[np.isin(self._brands[named], list(brands))]
        if not len(named):
            return None
        return float(np.isin(named, self._rows(categories)).mean())

    def fitted(self, words: Sequence[str]) -> bool:
        """True when most titles that say these words say them after "for": they name what products fit.

        "Watch Band for Apple Watch": a shopper's "apple watch band" wants a band that fits an Apple
        Watch, not one Apple made.
        """
        key = tuple(words)
        if key not in self._fitted:
            if len(self._fitted) > 10_000:  # brand + next word: bounded by what shoppers type
                self._fitted.clear()
            self._fitted[key] = self._fits(key)
        return self._fitted[key]

    def _fits(self, words: tuple[str, ...]) -> bool:
        rows = _saying(self._views[1], words)
        before = after = 0
        for row in rows if rows is not None else ():
            title = self._titles[row].split()
            at = next((i for i in range(len(title)) if tuple(title[i : i + len(words)]) == words), None)
            if at is None:
                continue  # the words, but not together
            fits = at >= fit_cut(title)
            before, after = before + (not fits), after + fits
        return before + after >= MIN_NAMED and after > STRONG_COVERAGE * (before + after)

    def _rows(self, names: Collection[str]) -> np.ndarray:
        found = [self._members[n] for n in names if n in self._members]
        return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int32)


def fit_cut(title_words: Sequence[str]) -> int:
    """Where a title turns to what the product fits: its first "for"/"fits" word, else its end."""
    return next((i for i, w in enumerate(title_words) if w in _FITS), len(title_words))


def _saying(postings: dict[str, np.ndarray], words: Sequence[str]) -> np.ndarray | None:
    """Rows whose titles say every word, or None when one of them is in no title."""
    if not words or any(w not in postings for w in words):
        return None
    named = postings[words[0]]
    for word in words[1:]:
        named = np.intersect1d(named, postings[word], assume_unique=True)
    return named


def _arrays(postings: dict[str, list[int]]) -> dict[str, np.ndarray]:
    return {key: np.asarray(rows, dtype=np.int32) for key, rows in postings.items()}
