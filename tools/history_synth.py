"""Make up an interaction log from what a catalog knows, for a catalog that has no real one (Best Buy).

The log is synthetic. Every session follows a few rules over real catalog signals only:

1. an anchor product is drawn by the catalog's `popularity` (weight popularity^skew, so a head and a tail);
2. the shopper looks at 1-4 other products of the anchor's leaf category, the same model first
   ("iPhone 7" in another colour), and now and then strays to a popular product of another category or
   turns one of the look-alikes down (`reject`);
3. then leaves (an abandoned session: views only), leaves a cart, or buys the anchor;
4. a buyer (or carter) adds 0-3 kinds of add-on that fit the anchor by the catalog's own fit facts
   (`tools/history_fit.py`: an add-on names the anchor's model, "Case for Apple iPhone 7", shares its
   connector or takes its size), viewing a few of each kind and buying one, drawn by popularity; now and
   then (when the anchor is not an add-on itself) one item of those kinds that states no fit at all.

So a history model trained on this log learns popularity and the fit rules back, nothing about real
shoppers: the log is there so that training, the agent's "what goes with it" and the benchmarks run end
to end on a catalog without a log. Events use the documented format (`tools/interactions.py`); the same
catalog, session count and seed give the same log, byte for byte.
"""

from __future__ import annotations

import random
import time
from bisect import bisect
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from convrec.tools.history_fit import FitIndex, Note, ProductSource, read_notes
from convrec.tools.interactions import Event, EventKind

START = datetime(2025, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Shoppers:
    """How the made-up shoppers behave; the defaults are round numbers, not measured from anywhere."""

    sessions: int = 20_000
    skew: float = 2.0  # anchor weight = (popularity / top) ** skew
    abandon: float = 0.30  # leave after looking
    cart_only: float = 0.10  # leave a cart behind
    add_on_kinds: tuple[float, ...] = (0.2, 0.4, 0.25, 0.15)  # chance of 0, 1, 2, 3 kinds of add-on
    universal: float = 0.15  # an add-on that states no fit, from a kind that fits
    stray: float = 0.15  # a look at something popular elsewhere
    reject: float = 0.10  # turn a look-alike down


@dataclass
class SynthStats:
    sessions: int = 0
    events: int = 0
    by_event: Counter[str] = field(default_factory=Counter)
    products: int = 0  # in the catalog
    products_seen: int = 0
    sessions_with_add_ons: int = 0
    anchors_that_take_add_ons: int = 0  # sessions whose anchor has fitting add-ons at all
    seconds: float = 0.0


class _Pool:
    """Products to draw from by popularity weight, deterministic for a seeded generator."""

    def __init__(self, items: list[str], weights: list[float]) -> None:
        self.items = items
        self._cum = list(accumulate(weights))
        self.total = self._cum[-1] if self._cum else 0.0

    def draw(self, rng: random.Random) -> str:
        return self.items[min(bisect(self._cum, rng.random() * self._cum[-1]), len(self.items) - 1)]

    def __bool__(self) -> bool:
        return bool(self.items)


class _Shop:
    def __init__(self, notes: dict[str, Note], skew: float) -> None:
        self.notes = notes
        self.ids = sorted(notes)
        top = max((n.popularity for n in notes.values()), default=0.0) or 1.0
        self.weight = {i: max(notes[i].popularity / top, 0.0) ** skew + 1e-3 for i in self.ids}
        self.everything = self.pool(self.ids)
        self._by_category: dict[str, list[str]] = {}
        for i in self.ids:
            self._by_category.setdefault(notes[i].category, []).append(i)
        self._pools: dict[tuple[str, ...], _Pool] = {}
        self._fit = FitIndex(notes)

    def pool(self, items: list[str]) -> _Pool:
        return _Pool(items, [self.weight[i] for i in items])

    def cached(self, key: tuple[str, ...], items: list[str]) -> _Pool:
        if key not in self._pools:
            self._pools[key] = self.pool(items)
        return self._pools[key]

    def category(self, name: str, family: str | None = None) -> _Pool:
        items = self._by_category.get(name, [])
        if family is None:
            return self.cached(("category", name), items)
        return self.cached(("family", name, family), [i for i in items if self.notes[i].family == family])

    def add_ons(self, anchor: str) -> dict[str, _Pool]:
        """Kinds of add-on that fit the anchor, each a pool of the fitting products of that kind."""
        kinds: dict[str, list[str]] = {}
        for j in sorted(self._fit.fitting(anchor)):
            kinds.setdefault(self.notes[j].category, []).append(j)
        return {k: self.cached(("fits", anchor, k), v) for k, v in sorted(kinds.items())}

    def universal(self, kind: str, family: str | None) -> _Pool:
        """Products of a kind that state no fit (and name no other model than the anchor's)."""
        items = [
            i
            for i in self._by_category.get(kind, [])
            if self.notes[i].fits is None
            and not self.notes[i].connector
            and self.notes[i].family in (None, family)
        ]
        return self.cached(("universal", kind, family or ""), items)


def synthesize(
    catalog: ProductSource,
    shoppers: Shoppers | None = None,
    seed: int = 0,
    start: datetime = START,
    show_progress: bool = False,
) -> tuple[list[Event], SynthStats]:
    """Generate the sessions (see the module docstring); returns the events (in time order within each session) and counts."""
    from tqdm import tqdm

    shoppers = shoppers or Shoppers()
    started = time.perf_counter()
    shop = _Shop(read_notes(catalog), shoppers.skew)
    stats = SynthStats(products=len(shop.ids))
    events: list[Event] = []
    if not shop.ids:
        return events, stats
    rng = random.Random(seed)
    regulars = max(1, shoppers.sessions // 4)
    for n in tqdm(range(shoppers.sessions), desc="synth-log", unit="session", disable=not show_progress):
        user = f"u-{rng.randrange(regulars):05d}" if rng.random() < 0.7 else None
        clock = start + timedelta(minutes=5 * n, seconds=rng.randrange(300))
        session = _Session(f"syn-{seed}-{n:06d}", user, clock, rng, events)
        took = _visit(shop, shoppers, rng, session)
        stats.sessions_with_add_ons += took[0]
        stats.anchors_that_take_add_ons += took[1]
    stats.sessions = shoppers.sessions
    stats.events = len(events)
    stats.by_event = Counter(e.event for e in events)
    stats.products_seen = len({e.item for e in events})
    stats.seconds = time.perf_counter() - started
    return events, stats


@dataclass
class _Session:
    id: str
    user: str | None
    clock: datetime
    rng: random.Random
    events: list[Event]

    def log(self, item: str, kind: EventKind) -> None:
        self.clock += timedelta(seconds=self.rng.randrange(20, 150))
        self.events.append(
            Event.model_construct(session=self.id, user=self.user, item=item, event=kind, ts=self.clock)
        )


def _visit(shop: _Shop, shoppers: Shoppers, rng: random.Random, session: _Session) -> tuple[bool, bool]:
    """One shopper's visit; returns (bought add-ons, the anchor takes add-ons at all)."""
    anchor = shop.everything.draw(rng)
    note = shop.notes[anchor]
    session.log(anchor, "view" if rng.random() < 0.6 else "click")
    same_model = shop.category(note.category, note.family) if note.family else None
    looked: list[str] = []
    for _ in range(rng.randint(1, 4)):
        pool = same_model if same_model and rng.random() < 0.5 else shop.category(note.category)
        other = pool.draw(rng)
        if other != anchor and other not in looked:
            looked.append(other)
            session.log(other, "view" if rng.random() < 0.7 else "click")
    if rng.random() < shoppers.stray:
        session.log(shop.everything.draw(rng), "view")
    if looked and rng.random() < shoppers.reject:
        session.log(rng.choice(looked), "reject")
    kinds = shop.add_ons(anchor)
    outcome = rng.random()
    if outcome < shoppers.abandon:
        return False, bool(kinds)
    bought: EventKind = "cart" if outcome < shoppers.abandon + shoppers.cart_only else "purchase"
    session.log(anchor, "cart")
    if bought == "purchase":
        session.log(anchor, "purchase")
    wanted = rng.choices(range(len(shoppers.add_on_kinds)), weights=shoppers.add_on_kinds)[0]
    names = list(kinds)
    chosen: list[str] = []
    while names and len(chosen) < wanted:  # kinds drawn by how popular their fitting products are
        pick = rng.choices(names, weights=[kinds[k].total for k in names])[0]
        names.remove(pick)
        chosen.append(pick)
    for kind in chosen:
        seen = {kinds[kind].draw(rng) for _ in range(rng.randint(1, 3))}
        for item in sorted(seen):
            session.log(item, "view")
        _buy(session, rng.choice(sorted(seen)), bought)
    # an add-on bought on its own takes only add-ons for the same model, never a universal one
    if chosen and note.fits is None and rng.random() < shoppers.universal:
        spare = shop.universal(rng.choice(chosen), note.family)
        if spare:
            item = spare.draw(rng)
            session.log(item, "view")
            _buy(session, item, bought)
    return bool(chosen), bool(kinds)


def _buy(session: _Session, item: str, how: EventKind) -> None:
    session.log(item, "cart")
    if how == "purchase":
        session.log(item, "purchase")
