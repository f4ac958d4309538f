"""Base vs fine-tuned retriever at each fixed fusion weight: what the model adds, apart from the weight.

`convrec train` chooses the fused ranking's dense weight on generated queries, and that choice moves the
hand-written figures as much as the model does. This diagnostic scores both models at every weight of the
grid (and the dense model alone) on the same queries, with a paired-bootstrap interval of each change,
plus the pair as served (the base at the configured weight, the fine-tuned model at the weight it chose).
It chooses nothing: the served weight stays the one `convrec train` chose.

With several `--home` folders (one trained model each, e.g. the same catalog trained with seeds 0-4) it
scores every one and pools them: each query's change averaged over the runs, with its interval over the
queries, so seed noise and query noise are reported apart.

    .venv/bin/python -m convrec.eval.fusion_sweep --catalog bestbuy [--queries FILE] [--since ID] [--out DIR]
    .venv/bin/python -m convrec.eval.fusion_sweep --catalog bestbuy --home var/s0 --home var/s1 ...
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from convrec.eval import finetune_eval as fe
from convrec.tools.retrieval import HybridRetriever

from convrec.settings import Settings

SERVED = "served"  # the row of the pair as it ships: base at its weight, fine-tuned at its chosen one


def sweep(
    settings: Settings, name: str, queries_file: Path | None = None, since: str | None = None
) -> dict[str, Any]:
    """Hybrid MRR of base and fine-tuned at each weight of the grid, dense alone, as served, and each change.

    `since`: only the queries whose id sorts at or after it (a later, blind part of the set).
    """
    path = queries_file or fe.default_queries(name)
    if path is None:
        raise LookupError(f"no hand-written queries for catalog {name!r}; pass --queries FILE")
    runtime = fe.tuned_runtime(settings, name)
    queries = [q for q in fe.load_queries(path) if since is None or q.id >= since]
    if not queries:
        raise LookupError(f"no queries in {path} from id {since!r} on")
    base, tuned = fe.served_pair(settings, runtime, queries, show_progress=False)
    fused: dict[tuple[int, float], np.ndarray] = {}  # (model, weight) -> reciprocal ranks, each ranked once

    def at(model: int, weight: float) -> np.ndarray:
        if (model, weight) not in fused:
            index = (base, tuned)[model].index
            fused[model, weight] = fe.reciprocal_ranks(
                fe.ranks(HybridRetriever(index, weight), queries, "hybrid")
            )
        return fused[model, weight]

    rows = {f"{w:.2f}": _row(at(0, w), at(1, w)) for w in (*fe.WEIGHT_GRID, 1.0)}
    rows["dense"] = _row(*(fe.reciprocal_ranks(fe.ranks(r, queries, "dense")) for r in (base, tuned)))
    rows[SERVED] = _row(at(0, base.dense_weight), at(1, tuned.dense_weight))
    return {
        "catalog": name,
        "home": str(settings.home),
        "queries": str(path),
        "since": since,
        "n": len(queries),
        "ids": [q.id for q in queries],
        "kinds": [q.kind for q in queries],
        "served": tuned.dense_weight,
        "base_weight": base.dense_weight,
        "rows": rows,
    }


def _row(base: np.ndarray, tuned: np.ndarray) -> dict[str, Any]:
    return {
        "base": round(float(base.mean()), 4),
        "fine-tuned": round(float(tuned.mean()), 4),
        "change": fe.paired_interval(tuned - base),
        "per_query": {"base": _rounded(base), "fine-tuned": _rounded(tuned)},
    }


def _rounded(values: np.ndarray) -> list[float]:
    return [round(float(v), 4) for v in values]


def pooled(results: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Several runs on the same queries: per row, each run's change and the change averaged over runs.

    The interval is a paired bootstrap over queries of the run-averaged per-query change; `runs_above`
    counts the runs whose own interval lies above zero. Per kind: the run-averaged mean change.
    """
    if not results:
        raise ValueError("nothing to pool")
    ids = results[0]["ids"]
    if any(r["ids"] != ids for r in results):
        raise ValueError("the runs were scored on different queries")
    kinds = results[0]["kinds"]
    rows: dict[str, Any] = {}
    for key in results[0]["rows"]:
        changes = np.array(
            [
                np.array(r["rows"][key]["per_query"]["fine-tuned"])
                - np.array(r["rows"][key]["per_query"]["base"])
                for r in results
            ]
        )
        mean = changes.mean(axis=0)
        by_kind: dict[str, list[float]] = defaultdict(list)
        for kind, value in zip(kinds, mean, strict=True):
            by_kind[kind].append(float(value))
        rows[key] = {
            "base": [r["rows"][key]["base"] for r in results],
            "fine-tuned": [r["rows"][key]["fine-tuned"] for r in results],
            "runs": [r["rows"][key]["change"] for r in results],
            "runs_above": sum(r["rows"][key]["change"]["low"] > 0 for r in results),
            "change": fe.paired_interval(mean),
            "by_kind": {
                k: {"n": len(v), "mean": round(float(np.mean(v)), 4)} for k, v in sorted(by_kind.items())
            },
        }
    return {
        "catalog": results[0]["catalog"],
        "queries": results[0]["queries"],
        "since": results[0]["since"],
        "n": len(ids),
        "runs": len(results),
        "homes": [r["home"] for r in results],
        "served": [r["served"] for r in results],
        "rows": rows,
    }


def table(result: dict[str, Any]) -> str:
    lines = [
        f"catalog {result['catalog']}, {result['n']} queries ({result['queries']}"
        + (f", ids from {result['since']}" if result.get("since") else "")
        + f"); served weight {result['served']} (base {result['base_weight']})",
        "| dense weight | base MRR | fine-tuned MRR | change (95% CI) |",
        "|---|---|---|---|",
    ]
    for weight, row in result["rows"].items():
        lines.append(
            f"| {weight} | {row['base']:.3f} | {row['fine-tuned']:.3f} | {_interval(row['change'])} |"
        )
    return "\n".join(lines)


def pooled_table(result: dict[str, Any]) -> str:
    kinds = list(next(iter(result["rows"].values()))["by_kind"])
    lines = [
        f"{result['runs']} runs pooled, {result['n']} queries; served weights {result['served']}",
        "| dense weight | base MRR (mean) | fine-tuned MRR (mean) | change per run | runs above zero "
        "| mean change (95% CI) | " + " | ".join(kinds) + " |",
        "|---|---|---|---|---|---|" + "---|" * len(kinds),
    ]
    for key, row in result["rows"].items():
        per_run = ", ".join(f"{c['mean']:+.3f}" for c in row["runs"])
        lines.append(
            f"| {key} | {np.mean(row['base']):.3f} | {np.mean(row['fine-tuned']):.3f} | {per_run} "
            f"| {row['runs_above']}/{result['runs']} | {_interval(row['change'])} | "
            + " | ".join(f"{row['by_kind'][k]['mean']:+.3f}" for k in kinds)
            + " |"
        )
    counts = next(iter(result["rows"].values()))["by_kind"]
    lines.append("queries per kind: " + ", ".join(f"{k} {v['n']}" for k, v in counts.items()))
    return "\n".join(lines)


def _interval(change: dict[str, float]) -> str:
    return f"{change['mean']:+.3f} [{change['low']:+.3f}, {change['high']:+.3f}]"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalog", required=True)
    parser.add_argument("--queries", type=Path)
    parser.add_argument("--since", metavar="ID", help="only queries whose id sorts at or after ID")
    parser.add_argument(
        "--home", type=Path, action="append", default=[], help="a CONVREC_HOME with a trained model (repeat)"
    )
    parser.add_argument("--out", type=Path, help="also write fusion_sweep.json (and pooled.json) here")
    args = parser.parse_args(argv)
    settings = Settings()
    homes = args.home or [settings.home]
    results = []
    for home in homes:
        result = sweep(settings.model_copy(update={"home": home}), args.catalog, args.queries, args.since)
        print(f"{home}:\n{table(result)}\n")
        results.append(result)
    summary = pooled(results) if len(results) > 1 else None
    if summary:
        print(pooled_table(summary))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "fusion_sweep.json").write_text(
            json.dumps(results if summary else results[0], indent=2) + "\n"
        )
        if summary:
            (args.out / "pooled.json").write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
