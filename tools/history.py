"""Recommend from what shoppers did: "people who looked at this also...", add-ons, and a cold start.

`tools/history_train.py` turns the interaction log into per-item neighbour lists (item-kNN or
item2vec), complement lists (co-cart / co-purchase lift across different leaf categories) and links
between categories. `HistoryModel` serves them from two small files (history.json + history.npz) with
numpy only, so loading is fast and never imports torch or scipy. Unseen items, and catalogs with no log
at all, fall back to popularity spread across categories; add-ons that say what they fit
(`compatible_with`, `fits_laptop`, a shared `connector`, or a title's "Case for Apple iPhone 7") are
matched against the anchor product (`tools/history_fit.py`): those that fit come first, even where the
log never paired them, and those known not to fit are never offered.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from convrec.tools.history_fit import FitIndex, Note, ProductSource, families_of, fits, read_notes

FORMAT = "convrec-history/1"
# Blend weights, chosen with eval/bench_history.py on MovieLens-100K and the demo log:
PRIOR = 0.3  # for_session: weight of "popular in the categories in play" beside item neighbours
LINK_SHARE = 0.5  # ... of a category reached through a category link, relative to one seen directly
PRIOR_DEPTH = 50  # popular items per category considered by the back-off
LEARNED_WEIGHT = 0.5  # complements: learned item pairs beside category-level candidates (max 1)
FIT_WEIGHT = 0.5  # ... and add-ons that say they fit the item, whether or not the log paired them


Scored = list[tuple[str, float]]


@dataclass
class HistoryModel:
    """Serve neighbour, complement and category lists learned from the log; same API with no log."""

    kind: str
    notes: dict[str, Note]
    ids: list[str] = field(default_factory=list)  # rows of the neighbour arrays
    similar_idx: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int32))
    similar_score: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    complement_idx: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int32))
    complement_score: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    popularity: dict[str, float] = field(default_factory=dict)  # from the log
    category_links: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)
    disliked: set[str] = field(default_factory=set)  # rejected more than wanted: never a fallback pick
    session_decay: float = 0.8
    catalog: ProductSource | None = None

    def __post_init__(self) -> None:
        self._row = {item: r for r, item in enumerate(self.ids)}
        self._families = families_of(self.notes.values())
        top = max(self.popularity.values(), default=0.0) or 1.0
        top_catalog = max((n.popularity for n in self.notes.values()), default=0.0) or 1.0
        ranked = {i: 0.05 * n.popularity / top_catalog for i, n in self.notes.items()}
        for item, value in self.popularity.items():
            ranked[item] = ranked.get(item, 0.0) + value / top
        self._popular = sorted(
            ((i, v) for i, v in ranked.items() if i not in self.disliked), key=lambda kv: -kv[1]
        )
        self._rank = dict(self._popular)
        self._fit_index: FitIndex | None = None
        self._by_category: dict[str, Scored] = {}
        for item, value in self._popular:
            self._by_category.setdefault(self.note(item).category, []).append((item, value))

    @classmethod
    def cold(cls, catalog: ProductSource) -> HistoryModel:
        """A model with no history: popularity and category diversity only."""
        return cls("popularity", read_notes(catalog), catalog=catalog)

    # -- the API the agent calls -------------------------------------------------------------------
    def similar(self, item_id: str, k: int, exclude: Iterable[str] = ()) -> Scored:
        """Items of the same kind that shoppers looked at alongside this one ("people also looked at")."""
        skip = {item_id, *exclude}
        anchor = self.note(item_id).category
        found = [
            (j, s)
            for j, s in self._row_list(self.similar_idx, self.similar_score, item_id)
            if j not in skip and (not anchor or self.note(j).category == anchor)
        ]
        # other kinds seen alongside are add-ons: complements() serves them
        same_kind = self._by_category.get(anchor, []) if anchor else []
        return self._fill(found[:k], k, skip, same_kind, spill=not anchor)

    def complements(self, item_id: str, k: int, exclude: Iterable[str] = ()) -> Scored:
        """Add-ons bought with this item: other leaf categories, products that fit it first."""
        skip = {item_id, *exclude}
        anchor = self.note(item_id)
        learned = [
            (j, s * _fit_factor(fits(anchor, self.note(j))))
            for j, s in self._row_list(self.complement_idx, self.complement_score, item_id)
            if j not in skip and self.note(j).category != anchor.category
        ]
        top = max((s for _, s in learned), default=1.0) or 1.0
        scores = {j: LEARNED_WEIGHT * s / top for j, s in learned}
        # category-level candidates (kinds bought with this kind, fitting first) add to the pairs
        for j, s in self._linked_pool(anchor, skip):
            scores[j] = scores.get(j, 0.0) + s
        # add-ons that name this item fit it even where the log is silent (cold start, the long tail)
        top_rank = self._popular[0][1] if self._popular else 1.0
        for j in self.fit_index.fitting(item_id):
            if j not in skip and j in self._rank:
                scores[j] = scores.get(j, 0.0) + FIT_WEIGHT * (0.5 + 0.5 * self._rank[j] / top_rank)
        pool = sorted(scores.items(), key=lambda kv: -kv[1])
        # an add-on known not to fit (a case for another phone), or another model that add-ons are made
        # for (another phone), is never offered: a shorter list beats a wrong one. One listing per title:
        # catalogs list the same product twice
        titles: set[str] = set()
        kept: Scored = []
        for j, s in pool:
            note = self.note(j)
            if not self._misfit(anchor, note) and (not note.title or note.title not in titles):
                titles.add(note.title)
                kept.append((j, s))
        return _diverse(kept, k, self.note)

    def for_session(self, item_ids: Sequence[str], k: int, exclude: Iterable[str] = ()) -> Scored:
        """What to show next given what the shopper engaged with, most recent last."""
        skip = {*item_ids, *exclude}
        scores: dict[str, float] = {}
        # category -> (how much the session points at it, the item that led there through a link)
        interest: dict[str, tuple[float, str | None]] = {}
        for age, item in enumerate(reversed(item_ids)):
            weight = self.session_decay**age
            for j, s in self._row_list(self.similar_idx, self.similar_score, item):
                if j not in skip:
                    scores[j] = scores.get(j, 0.0) + weight * s
            category = self.note(item).category
            links = self.category_links.get(category, [])
            for linked, strength in links:
                share = LINK_SHARE * weight * strength / links[0][1]
                if share > interest.get(linked, (0.0, None))[0]:
                    interest[linked] = (share, item)
            if weight >= interest.get(category, (0.0, None))[0]:
                interest[category] = (weight, None)
        # back off to popular items of the categories in play (item pairs are sparse, categories are
        # not); add-ons reached through a category link must fit the item that led there
        for category, (weight, source) in interest.items():
            anchor = self.note(source) if source else None
            for j, pop in self._by_category.get(category, [])[:PRIOR_DEPTH]:
                if j not in skip:
                    fit = _fit_factor(fits(anchor, self.note(j))) if anchor else 1.0
                    scores[j] = scores.get(j, 0.0) + PRIOR * weight * pop * fit
        found = sorted(scores.items(), key=lambda kv: -kv[1])[:k]
        categories = {self.note(i).category for i in item_ids} - {""}
        near = sorted(
            (kv for c in categories for kv in self._by_category.get(c, [])[: 2 * k]), key=lambda kv: -kv[1]
        )
        return self._fill(found, k, skip, near)

    def popular(self, k: int, exclude: Iterable[str] = (), categories: set[str] | None = None) -> Scored:
        """Popular items, spread across categories so one kind does not fill the list."""
        skip = set(exclude)
        pool = [
            (i, s)
            for i, s in self._popular
            if i not in skip and (categories is None or self.note(i).category in categories)
        ]
        return _diverse(pool[: max(200, 20 * k)], k, self.note)

    # -- lookups -----------------------------------------------------------------------------------
    def note(self, item_id: str) -> Note:
        found = self.notes.get(item_id)
        if found is None and self.catalog is not None:
            product = self.catalog.get(item_id)
            found = Note.of(product, self._families) if product else None
            if found is not None:
                self.notes[item_id] = found
        return found or Note("")

    @staticmethod
    def _misfit(anchor: Note, other: Note) -> bool:
        verdict = fits(anchor, other)
        return verdict is False or (verdict is None and other.family not in (None, anchor.family))

    @property
    def fit_index(self) -> FitIndex:
        if self._fit_index is None:
            self._fit_index = FitIndex(self.notes)
        return self._fit_index

    def knows(self, item_id: str) -> bool:
        return item_id in self._row

    def _row_list(self, idx: np.ndarray, score: np.ndarray, item_id: str) -> Scored:
        row = self._row.get(item_id)
        if row is None or row >= len(idx):
            return []
        return [(self.ids[j], float(s)) for j, s in zip(idx[row], score[row], strict=True) if j >= 0]

    def _fill(self, found: Scored, k: int, skip: set[str], first: Scored, spill: bool = True) -> Scored:
        """Top up a short list from `first` (same kind), then, if `spill`, diverse popular items."""
        if len(found) >= k:
            return found
        taken = skip | {j for j, _ in found}
        floor = min((s for _, s in found), default=1.0)
        extra = [(j, s) for j, s in first if j not in taken][: k - len(found)]
        taken |= {j for j, _ in extra}
        if spill:
            extra += self.popular(k - len(found) - len(extra), exclude=taken)
        # below every learned score, in the order the fallback ranked them
        return found + [(j, 0.5 * floor / (1 + r)) for r, (j, _) in enumerate(extra)]

    def _linked_pool(self, anchor: Note, skip: set[str]) -> Scored:
        """Candidates from categories bought with the anchor's category, those that fit it first."""
        links = self.category_links.get(anchor.category, [])
        if not links:
            return [
                kv
                for kv in self._popular[:200]
                if kv[0] not in skip and self.note(kv[0]).category != anchor.category
            ]
        pool: Scored = []
        for category, strength in links:
            for j, pop in self._by_category.get(category, [])[:PRIOR_DEPTH]:
                if j not in skip:
                    factor = _fit_factor(fits(anchor, self.note(j)))
                    pool.append((j, strength / links[0][1] * factor * (0.5 + 0.5 * pop)))
        top = max((s for _, s in pool), default=1.0) or 1.0
        return sorted(((j, s / top) for j, s in pool), key=lambda kv: -kv[1])

    # -- files -------------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        """Write history.json (notes, links, stats) and history.npz (neighbour arrays) atomically."""
        path.parent.mkdir(parents=True, exist_ok=True)
        stamp = f"{time.time_ns()}-{os.getpid()}"
        # each save gets its own arrays file, so a reader never pairs new JSON with old arrays
        arrays = path.with_name(f"{path.stem}-{stamp}.npz")
        tmp = arrays.with_name(arrays.stem + ".tmp.npz")
        np.savez(
            tmp,
            similar_idx=self.similar_idx,
            similar_score=self.similar_score,
            complement_idx=self.complement_idx,
            complement_score=self.complement_score,
        )
        os.replace(tmp, arrays)
        payload = {
            "format": FORMAT,
            "kind": self.kind,
            "stamp": stamp,
            "arrays": arrays.name,
            "stats": self.stats,
            "session_decay": self.session_decay,
            "ids": self.ids,
            "popularity": self.popularity,
            "category_links": self.category_links,
            "disliked": sorted(self.disliked),
            "notes": {i: list(astuple(n)) for i, n in self.notes.items()},
        }
        tmp_json = path.with_suffix(".json.tmp")
        tmp_json.write_text(json.dumps(payload, ensure_ascii=False))
        os.replace(tmp_json, path)
        for old in path.parent.glob(f"{path.stem}-*.npz"):
            if old != arrays:
                old.unlink(missing_ok=True)

    @classmethod
    def load(cls, path: Path, catalog: ProductSource | None = None) -> HistoryModel | None:
        """Load a trained model; None when there is none (or it is from another format)."""
        for _ in range(3):  # a save running beside us may remove the arrays we were about to read
            try:
                payload = json.loads(path.read_text())
                if payload.get("format") != FORMAT:
                    return None
                with np.load(path.with_name(payload["arrays"])) as arrays:
                    loaded = {name: arrays[name] for name in arrays.files}
                break
            except FileNotFoundError:
                if not path.exists():
                    return None
        else:
            return None
        return cls(
            kind=payload["kind"],
            notes={i: Note(*row) for i, row in payload["notes"].items()},
            ids=payload["ids"],
            popularity=payload["popularity"],
            category_links={c: [tuple(x) for x in v] for c, v in payload["category_links"].items()},
            stats=payload["stats"],
            disliked=set(payload["disliked"]),
            session_decay=payload["session_decay"],
            catalog=catalog,
            **loaded,
        )


def _fit_factor(verdict: bool | None) -> float:
    return 1.0 if verdict is None else (2.0 if verdict else 0.25)


def _diverse(pool: Scored, k: int, note: Any, decay: float = 0.5) -> Scored:
    """Greedy pick that halves an item's score for every pick already made from its category."""
    chosen: Scored = []
    used: dict[str, int] = {}
    left = [(item, score, note(item).category) for item, score in pool]
    while left and len(chosen) < k:
        # ties (say, a catalog with no popularity at all) go to the least used category
        values = [(score * decay ** used.get(c, 0), -used.get(c, 0)) for _, score, c in left]
        best = max(range(len(left)), key=values.__getitem__)
        item, _, category = left.pop(best)
        chosen.append((item, values[best][0]))
        used[category] = used.get(category, 0) + 1
    return chosen
