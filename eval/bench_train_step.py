"""Fine-tuning step cost: batches in stream order vs batches of queries of similar length.

    .venv/bin/python -m convrec.eval.bench_train_step [--steps 12] [--out DIR]

Runs the real query-tower step (`finetune.catalog_loss` over a catalog-sized matrix of product vectors,
backward, AdamW) on the shipped hand-written queries, the same number of steps each way, and prints
seconds per step (median and p95) and the share of each batch that is padding. Writes JSON with --out.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np
from convrec.eval.finetune_eval import BENCHMARKS, load_queries
from convrec.tools import finetune
from convrec.tools.training_pairs import TrainingPair


def measure(pairs: list[TrainingPair], grouped: bool, steps: int, products: int = 3291) -> dict[str, Any]:
    import torch

    config = finetune.TrainConfig(group_by_length=grouped)
    batches = finetune.batches_of(pairs, config)[:steps]
    ids = [p.positive for p in pairs]
    matrix = np.random.default_rng(0).normal(size=(max(products, len(ids)), 384)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    all_ids = ids + [f"x{i}" for i in range(len(matrix) - len(ids))]
    loss_of = finetune.catalog_loss(all_ids, matrix, pairs, lambda pair: [], config.scale)
    model = finetune.load_base(config.max_length)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.rate)
    tokenizer = model.tokenizer
    seconds, padding = [], []
    for batch in batches:
        lengths = [len(tokenizer(p.model_text)["input_ids"]) for p in batch]
        padding.append(1 - sum(lengths) / (len(lengths) * max(lengths)))
        started = time.perf_counter()
        loss_of(model, batch).backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)  # as `finetune.train` does
        optimizer.step()
        optimizer.zero_grad()
        seconds.append(time.perf_counter() - started)
    seconds = seconds[1:]  # the first step warms up
    return {
        "grouped": grouped,
        "steps": len(seconds),
        "batch_size": config.batch_size,
        "p50_s": round(statistics.median(seconds), 3),
        "p95_s": round(float(np.quantile(seconds, 0.95)), 3),
        "padding_share": round(float(np.mean(padding)), 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    texts = [q.query for f in sorted(BENCHMARKS.glob("*_queries.jsonl")) for q in load_queries(f)]
    rng = random.Random(0)
    pool = [rng.choice(texts) for _ in range(args.steps * 32 * 2)]  # enough for `steps` batches either way
    pairs = [TrainingPair(t, f"p{i}", "bench", "bench/0", []) for i, t in enumerate(pool)]
    results = [measure(pairs, grouped, args.steps) for grouped in (False, True)]
    for r in results:
        print(
            f"{'grouped by length' if r['grouped'] else 'stream order':<18} {r['p50_s']:.3f} s/step p50, "
            f"{r['p95_s']:.3f} p95, padding {r['padding_share']:.0%} ({r['steps']} steps of {r['batch_size']})"
        )
    print(f"grouped / stream order: {results[1]['p50_s'] / results[0]['p50_s']:.2f} of the time per step")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "train_step.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
