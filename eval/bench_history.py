"""Benchmark the history recommenders: leave-one-out Hit@10 / NDCG@10, diversity and complement precision.

Run: `.venv/bin/python -m convrec.eval.bench_history [--out DIR]` (default var/bench/history/).
Data sets (eval/history_datasets.py): MovieLens-100K (from the recbole wheel), the demo catalog's log,
and Best Buy with a synthetic log generated on the fly from the catalog when ../shared holds it (the row
is skipped with a note otherwise); that log is made from popularity + fit rules, so models scored on it
are scored on learning those rules back.
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
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from convrec.eval.history_datasets import BESTBUY, Dataset, bestbuy_synthetic, demo_or_synthetic, movielens
from convrec.tools.catalog import MemoryCatalog
from convrec.tools.history_fit import fits
from convrec.tools.history_synth import Shoppers
from convrec.tools.history_train import train
from convrec.tools.interactions import STRONG_EVENTS, Event
from tqdm import tqdm

MODELS = ("popularity", "itemknn", "item2vec")
K = 10


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
        # complements drop known misfits, so this is a guard that the filter holds (0 by construction),
        # not a quality figure
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
    parser.add_argument(
        "--bestbuy", type=Path, default=BESTBUY, help="Best Buy catalog file (row skipped when absent)"
    )
    parser.add_argument(
        "--bestbuy-sessions",
        type=int,
        default=Shoppers.sessions,
        help="sessions in the Best Buy synthetic log",
    )
    args = parser.parse_args(argv)
    datasets = ([] if args.skip_movielens else [movielens(args.cache)]) + [demo_or_synthetic(args.seed)]
    bestbuy = bestbuy_synthetic(args.bestbuy, args.bestbuy_sessions, args.seed)
    datasets += [bestbuy] if bestbuy else []
    results = run(datasets, args.seed)
    print(report(results, {d.name: d.note for d in datasets}, args.out))
    print(f"wrote {args.out}/results.json, results.md, results.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
