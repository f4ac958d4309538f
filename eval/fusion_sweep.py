"""Base vs fine-tuned retriever at each fixed fusion weight: what the model adds, apart from the weight.

`convrec train` chooses the fused ranking's dense weight on generated queries, and that choice moves the
hand-written figures as much as the model does. This diagnostic scores both models at every weight of the
grid (and the dense model alone) on the same queries, with a paired-bootstrap interval of each change. It
chooses nothing: the served weight stays the one `convrec train` chose.

    .venv/bin/python -m convrec.eval.fusion_sweep --catalog bestbuy [--queries FILE] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from convrec.eval import finetune_eval as fe
from convrec.tools.retrieval import HybridRetriever, Method

from convrec.settings import Settings


def sweep(settings: Settings, name: str, queries_file: Path | None = None) -> dict[str, Any]:
    """Hybrid MRR of base and fine-tuned at each weight of the grid, dense alone, and each change."""
    path = queries_file or fe.default_queries(name)
    if path is None:
        raise LookupError(f"no hand-written queries for catalog {name!r}; pass --queries FILE")
    runtime = fe.tuned_runtime(settings, name)
    queries = fe.load_queries(path)
    base, tuned = fe.served_pair(settings, runtime, queries, show_progress=False)
    rows = {
        f"{weight:.2f}": _row([HybridRetriever(r.index, weight) for r in (base, tuned)], queries, "hybrid")
        for weight in (*fe.WEIGHT_GRID, 1.0)
    }
    rows["dense"] = _row([base, tuned], queries, "dense")
    return {
        "catalog": name,
        "queries": str(path),
        "n": len(queries),
        "served": tuned.dense_weight,
        "rows": rows,
    }


def _row(pair: Sequence[HybridRetriever], queries: Sequence[fe.EvalQuery], method: Method) -> dict[str, Any]:
    reciprocal = [fe.reciprocal_ranks(fe.ranks(model, queries, method)) for model in pair]
    return {
        "base": round(float(reciprocal[0].mean()), 4),
        "fine-tuned": round(float(reciprocal[1].mean()), 4),
        "change": fe.paired_interval(reciprocal[1] - reciprocal[0]),
    }


def table(result: dict[str, Any]) -> str:
    lines = [
        f"catalog {result['catalog']}, {result['n']} queries ({result['queries']}); served weight {result['served']}",
        "| dense weight | base MRR | fine-tuned MRR | change (95% CI) |",
        "|---|---|---|---|",
    ]
    for weight, row in result["rows"].items():
        c = row["change"]
        lines.append(
            f"| {weight} | {row['base']:.3f} | {row['fine-tuned']:.3f} | {c['mean']:+.3f} [{c['low']:+.3f}, {c['high']:+.3f}] |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalog", required=True)
    parser.add_argument("--queries", type=Path)
    parser.add_argument("--out", type=Path, help="also write fusion_sweep.json here")
    args = parser.parse_args(argv)
    result = sweep(Settings(), args.catalog, args.queries)
    print(table(result))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "fusion_sweep.json").write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
