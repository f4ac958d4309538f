"""The data sets the history benchmark runs on, each with a catalog and what makes two items alike.

- MovieLens-100K, read out of the `recbole` wheel (research-use licence) fetched with
  `pip download recbole --no-deps` into a cache folder at run time; it is never a dependency nor
  committed. Ratings become events: 4-5 stars "like", 3 "click", 1-2 "view"; one session per user.
- The demo catalog's log (convrec/data/demo/interactions.jsonl), or a small made-up shop when it is absent.
- Best Buy (../shared/data/bestbuy_cellphones.json, when present) with a log made on the fly by
  `tools/history_synth.py` from its popularity, categories and the fits its titles state. That log is
  synthetic: a model scored on it is scored on how well it learns those rules back.
"""

from __future__ import annotations

import random
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

from convrec.tools.catalog import MemoryCatalog, Product
from convrec.tools.history_fit import Note, fits
from convrec.tools.history_synth import Shoppers, synthesize
from convrec.tools.interactions import Event, read_events

DEMO = Path(str(resources.files("convrec") / "data" / "demo"))
BESTBUY = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "bestbuy_cellphones.json"


@dataclass
class Dataset:
    name: str
    events: list[Event]
    catalog: MemoryCatalog
    tags: dict[str, set[str]]  # what makes two items alike, for intra-list diversity
    note: str


def movielens(cache: Path) -> Dataset:
    wheels = sorted(cache.glob("recbole-*.whl"))
    if not wheels:
        cache.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "recbole", "--no-deps", "-q", "-d", str(cache)]
        subprocess.run(cmd, check=True)
        wheels = sorted(cache.glob("recbole-*.whl"))
    with zipfile.ZipFile(wheels[-1]) as wheel:
        name = next(n for n in wheel.namelist() if n.endswith("ml-100k/ml-100k.inter"))
        inter = wheel.read(name).decode().splitlines()[1:]
        items = wheel.read(name.replace(".inter", ".item")).decode("latin-1").splitlines()[1:]
    tags: dict[str, set[str]] = {}
    products = []
    for line in items:
        iid, title, _year, genres = (line.split("\t") + ["", "", ""])[:4]
        tags[f"ml{iid}"] = set(genres.split()) or {"unknown"}
        products.append(Product(id=f"ml{iid}", title=title, category=sorted(tags[f"ml{iid}"])[:1]))
    kinds = {1: "view", 2: "view", 3: "click", 4: "like", 5: "like"}
    events = []
    for line in inter:
        user, item, rating, ts = line.split("\t")
        when = datetime.fromtimestamp(float(ts), UTC)
        kind = kinds[round(float(rating))]
        events.append(
            Event.model_construct(session=f"u{user}", user=f"u{user}", item=f"ml{item}", event=kind, ts=when)
        )
    return Dataset("ml-100k", events, MemoryCatalog(products), tags, f"recbole wheel {wheels[-1].name}")


def demo_or_synthetic(seed: int) -> Dataset:
    log, catalog_file = DEMO / "interactions.jsonl", DEMO / "catalog.jsonl"
    if log.exists() and catalog_file.exists():
        from convrec.tools.ingest import read_catalog

        products = read_catalog(catalog_file).products
        events, errors = read_events(log)
        tags = {p.id: {p.leaf_category} for p in products}
        note = f"{log.name}: {len(events)} events, {len(errors)} bad lines"
        return Dataset("demo", events, MemoryCatalog(products), tags, note)
    products, events = synthetic_log(seed)
    tags = {p.id: {p.leaf_category} for p in products}
    return Dataset("synthetic", events, MemoryCatalog(products), tags, "demo log absent: synthetic shop log")


# main category -> (add-on categories, whether add-ons name the model they fit)
SHOP = {
    "Phones": (["Phone Cases", "Phone Chargers", "Screen Protectors"], True),
    "Laptops": (["Laptop Bags", "Mice", "Keyboards"], True),
    "Desks": (["Office Chairs", "Desk Lamps"], False),
    "Sofas": (["Cushions", "Rugs"], False),
    "Coffee Makers": (["Mugs", "Coffee Grinders"], False),
}


def synthetic_log(seed: int, sessions: int = 6000) -> tuple[list[Product], list[Event]]:
    """Shoppers compare a few items of one kind, buy one, and often add fitting add-ons."""
    rng = random.Random(seed)
    products: list[Product] = []
    by_cat: dict[str, list[Product]] = {}
    for main, (addons, named) in SHOP.items():
        models = [f"{main[:3]} {m}" for m in range(40)]
        for m in models:
            by_cat.setdefault(main, []).append(
                Product(id=f"{main[:3]}-{m}", title=f"{m} {main[:-1]}", category=[main])
            )
        for addon in addons:
            for n in range(30):
                fit = (
                    {"compatible_with": {"value": models[n % len(models)].lower()}} if named and n % 3 else {}
                )
                p = Product(
                    id=f"{addon[:4]}-{n}", title=f"{addon[:-1]} {n}", category=[addon], attributes=fit
                )
                by_cat.setdefault(addon, []).append(p)
    products = [p for ps in by_cat.values() for p in ps]
    start = datetime(2025, 1, 1, tzinfo=UTC)
    events: list[Event] = []
    for s in range(sessions):
        main = rng.choice(list(SHOP))
        shelf = by_cat[main]
        picks = rng.sample(shelf[: rng.choice([10, 40])], rng.randint(2, 5))  # popular head or long tail
        clock = [start + timedelta(hours=s)]

        def log(item: str, kind: str, s: int = s, clock: list[datetime] = clock) -> None:
            clock[0] += timedelta(seconds=30)
            events.append(Event(session=f"s{s}", item=item, event=kind, ts=clock[0]))  # type: ignore[arg-type]

        for p in picks:
            log(p.id, rng.choice(["view", "view", "click"]))
        if rng.random() < 0.2:
            log(picks[0].id, "reject")
        if rng.random() < 0.5:
            bought = picks[-1]
            log(bought.id, "purchase" if rng.random() < 0.7 else "cart")
            for addon in rng.sample(SHOP[main][0], rng.randint(0, 2)):
                fitting = [a for a in by_cat[addon] if fits(Note.of(bought), Note.of(a))]
                log(rng.choice(fitting if fitting and rng.random() < 0.8 else by_cat[addon]).id, "purchase")
    return products, events


def bestbuy_synthetic(path: Path, sessions: int, seed: int) -> Dataset | None:
    """Best Buy with a synthetic log made now from the catalog; None (and a note) when the file is absent."""
    if not path.exists():
        print(f"note: {path} not found; skipping the Best Buy (synthetic log) row")
        return None
    from convrec.tools.ingest import read_catalog

    catalog = MemoryCatalog(read_catalog(path).products, name="bestbuy")
    events, stats = synthesize(catalog, Shoppers(sessions=sessions), seed=seed)
    tags = {p.id: {p.leaf_category} for p in catalog.products()}
    note = (
        f"synthetic log from popularity + title fit rules: {stats.sessions} sessions, {stats.events} events, "
        f"seed {seed}"
    )
    return Dataset("bestbuy-synthetic", events, catalog, tags, note)
