"""`convrec train`: fine-tune the text retriever on one catalog, export it to ONNX, re-embed, evaluate.

convrec train --catalog bestbuy [--minutes 4] [--seed 0]   train, swap in, evaluate base vs tuned
convrec train --catalog bestbuy --eval-only                 evaluate the current fine-tuned model
convrec train --catalog bestbuy --reset                     back to the bundled base model
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from convrec.cli_catalog import settings_from
from convrec.compose import CatalogMissing, dense_weight, open_catalog
from convrec.eval import finetune_eval as fe
from convrec.eval import finetune_report
from convrec.settings import Settings
from convrec.tools.embedding import BASE_MODEL_ID, FUSION_FILE, OnnxEmbedder, query_model_id
from convrec.tools.folder import CatalogFolder
from convrec.tools.hard_negatives import add_parsed, mine_negatives, near_misses, paraphrased
from convrec.tools.pair_split import split_pairs
from convrec.tools.sync import reembed
from convrec.tools.training_card import write_card
from convrec.tools.training_pairs import PairGenerator
from convrec.tools.vectors import VectorIndex

PARAPHRASE_PROMPT = (
    "Rewrite this shopping search in other words, as a shopper would type it. Keep every brand, number, "
    "price limit and exclusion. Reply with the rewritten search only."
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("train", help="fine-tune the text retriever on a catalog (CPU, a few minutes)")
    p.add_argument("--catalog", help="catalog name (default: $CONVREC_CATALOG or demo)")
    p.add_argument("--minutes", type=float, default=4.0, help="training time budget (default 4)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument(
        "--tower",
        choices=["query", "both"],
        default="query",
        help="query: train the query side over the catalog's fixed vectors (default, no re-embedding); "
        "both: train both sides on in-batch negatives and re-embed the catalog",
    )
    p.add_argument(
        "--max-pairs",
        type=int,
        help="most training queries to use (default: all for the query tower, 800 a minute for both)",
    )
    p.add_argument("--queries", type=Path, help="hand-written labelled queries (JSONL) to evaluate on")
    p.add_argument("--out", type=Path, help="also write the evaluation report here")
    p.add_argument("--eval-only", action="store_true", help="evaluate base vs the current fine-tuned model")
    p.add_argument(
        "--reset",
        action="store_true",
        help="delete the fine-tuned model (re-embeds with the base only after --tower both)",
    )
    p.set_defaults(run=run_train)


def run_train(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    name = args.catalog or settings.catalog
    if args.reset:
        count = reset_retriever(settings, name)
        print(
            f"catalog {name}: fine-tuned retriever removed; {count} products re-embedded with the base model"
        )
        return 0
    from convrec.tools.finetune import TrainConfig  # light: torch is only imported when training starts

    config = TrainConfig(minutes=args.minutes, seed=args.seed, tower=args.tower)
    if args.eval_only:
        report = fe.evaluate_catalog(settings, name, args.queries, args.out)
    else:
        report = train_catalog(settings, name, config, args.max_pairs, args.queries, args.out).report
    print(finetune_report.table(report))
    for line in report.get("summary", []):
        print(line)
    return 0


@dataclass
class TrainingRun:
    model_id: str
    folder: Path
    report: dict[str, Any]
    card: dict[str, Any]
    model: Any = None  # the trained sentence-transformers model (for checks in tests)


def train_catalog(
    settings: Settings,
    name: str,
    config: Any,
    max_pairs: int | None = None,
    queries_file: Path | None = None,
    out: Path | None = None,
    show_progress: bool = True,
) -> TrainingRun:
    """Generate pairs, hold some out, evaluate the base, train, export, re-embed, evaluate again."""
    from convrec.tools import finetune

    if not settings.use_finetuned:
        raise ValueError("fine-tuned retrievers are switched off (CONVREC_USE_FINETUNED=false)")
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    runtime = open_catalog(settings, name)
    products = runtime.facts.iter_products()
    catalog = {p.id: p for p in products}
    generator = PairGenerator(products, config.seed)
    pairs = generator.pairs()
    generated = len(pairs)
    sizes = Counter(p.leaf_category for p in products)
    split = split_pairs(pairs, config.seed, weight=lambda p: sizes[catalog[p.positive].leaf_category] ** -0.5)
    # two towers re-encode products every step (~800 queries a minute here); a query tower is cheap
    # enough to take every generated pair and let the time budget decide
    default_pairs = len(split.train) if config.tower == "query" else max(500, int(config.minutes * 800))
    train_pairs = split.train[: max_pairs or default_pairs]
    if not train_pairs:
        raise ValueError(f"catalog {name!r} is too small to generate training queries from")
    teacher = _paraphraser(settings)
    if teacher is not None:
        train_pairs += paraphrased(train_pairs, teacher, limit=300, seed=config.seed)
    held_out = split.heldout_products + split.heldout_templates
    parsed = {p.query: runtime.retriever.parser.parse(p.query) for p in train_pairs + held_out}
    disagreements = add_parsed(train_pairs + held_out, lambda text: parsed[text].constraints, catalog)
    for pair in train_pairs:  # train on the text the served model will be given, not the raw query
        pair.ranking = parsed[pair.query].ranking_text
    check = generator.check
    candidates = near_misses(runtime.index, catalog, train_pairs)
    mined = mine_negatives(train_pairs, catalog, candidates, check, split.heldout_ids, config.seed)
    sets = fe.generated_sets(
        {"heldout_products": split.heldout_products, "heldout_templates": split.heldout_templates},
        products,
        check,
    )
    handwritten = queries_file or fe.default_queries(name)
    if handwritten:
        sets["handwritten"] = fe.load_queries(handwritten)
    timings["data_s"] = round(time.perf_counter() - clock, 1)

    clock = time.perf_counter()
    queries = fe.everything(sets)
    base_vectors = fe.base_vectors(runtime, show_progress)
    base = fe.retriever_for(runtime.facts, OnnxEmbedder.base(), queries, base_vectors, dense_weight(settings))
    timings["base_vectors_s"] = round(time.perf_counter() - clock, 1)

    model = finetune.load_base(config.max_length, config.frozen)
    docs = {
        pid: catalog[pid].embedding_text()
        for pid in {p.positive for p in train_pairs} | {n for p in train_pairs for n in p.negatives}
    }
    if config.tower == "query":
        answering = lambda pair: check.matching(products, pair.constraints)  # noqa: E731
        loss = finetune.catalog_loss(
            *base_vectors, train_pairs, answering, config.scale, unseen=split.heldout_ids
        )
    else:
        answers = lambda pair, pid: check.satisfies(catalog[pid], pair.constraints)  # noqa: E731
        loss = finetune.in_batch_loss(docs, answers, config.scale)
    log = finetune.train(model, train_pairs, loss, config, show_progress)

    clock = time.perf_counter()
    model_id = f"finetuned-{name}-{time.strftime('%Y%m%d-%H%M%S')}"
    folder = runtime.folder
    staging = folder.retriever_model.with_name("retriever.new")
    shutil.rmtree(staging, ignore_errors=True)
    finetune.export_onnx(model, staging, model_id, config.tower)
    agreement = finetune.onnx_agreement(
        model, staging, [p.query for p in held_out[:16]] + list(docs.values())[:16]
    )
    if agreement < 0.999:
        raise RuntimeError(
            f"the exported ONNX model disagrees with the trained model (cosine {agreement:.4f})"
        )
    fe.save_generated(staging / "heldout_queries.jsonl", sets)
    timings["export_s"] = round(time.perf_counter() - clock, 1)
    clock = time.perf_counter()
    if config.tower == "both":
        reembed(folder, VectorIndex(folder.vectors, OnnxEmbedder.from_dir(staging)), show_progress)
    elif runtime.vectors.stored_model != BASE_MODEL_ID:  # an earlier two-tower model made them
        reembed(folder, VectorIndex(folder.vectors, OnnxEmbedder.base()), show_progress)
    _swap_in(staging, folder.retriever_model)
    timings["reembed_s"] = round(time.perf_counter() - clock, 1)

    tuned_runtime = open_catalog(settings, name)  # the composition root now serves the fine-tuned model
    served = query_model_id(tuned_runtime.index.embedder)
    tuned_vectors = (tuned_runtime.index.ids, tuned_runtime.index.matrix)
    tuned = fe.retriever_for(tuned_runtime.facts, tuned_runtime.index.embedder, queries, tuned_vectors)
    held_out_queries = fe.generated_held_out(sets)
    fusion: dict[str, Any] = {"dense_weight": settings.dense_weight, "chosen_on": "CONVREC_DENSE_WEIGHT"}
    if settings.dense_weight is None:  # chosen on generated held-out queries, never the hand-written ones
        weight, by_weight = fe.choose_dense_weight(tuned, held_out_queries)
        fusion = {"dense_weight": weight, "chosen_on": "generated held-out queries", "mrr": by_weight}
        (folder.retriever_model / FUSION_FILE).write_text(json.dumps(fusion, indent=2) + "\n")
    tuned.dense_weight = fusion["dense_weight"]
    contenders = fe.contenders(base, tuned, held_out_queries, refit=settings.dense_weight is None)
    report = fe.compare(contenders, sets, show_progress)
    report.update(catalog=name, model_id=model_id, served_model=served, fusion=fusion)
    report["summary"] = _summary(report, log, timings)
    finetune_report.write_report(report, [folder.root] + ([out] if out else []))

    per_kind = {
        kind: {"pairs": n, "negatives": sum(1 for p in train_pairs if p.kind == kind and p.negatives)}
        for kind, n in sorted(Counter(p.kind for p in train_pairs).items())
    }
    card = {
        "model_id": model_id,
        "catalog": name,
        "products": len(products),
        "data": {
            "generated_pairs": generated,
            "training_pairs": len(train_pairs),
            "trained_on": log.examples,
            "hard_negatives": mined,
            "parser_disagreements_dropped": disagreements,
            "heldout_products": len(split.heldout_ids),
            "heldout_templates": sorted(split.heldout_template_ids),
            "eval_queries": {k: len(v) for k, v in sets.items()},
            "teacher": bool(teacher),
            "per_kind": per_kind,
        },
        "training": {
            **config.resolved(),
            "steps": log.steps,
            "seconds": log.seconds,
            "cpu_seconds": log.cpu_seconds,
            "stopped_by": log.stopped_by,
            "onnx_min_cosine": round(agreement, 5),
            **timings,
        },
        "losses": log.losses,
        "evaluation": report["sets"],
        "evaluation_table": finetune_report.table(report),
    }
    write_card(folder.retriever_model, card, log.losses)
    return TrainingRun(model_id, folder.retriever_model, report, card, model)


def reset_retriever(settings: Settings, name: str) -> int:
    """Delete the fine-tuned retriever; re-embed only when a two-tower model made the product vectors.

    Returns how many products were re-embedded (0 after a query tower: its vectors are the base's)."""
    folder = CatalogFolder.under(settings.home, name)
    if not folder.exists():
        raise CatalogMissing(name, settings.home)
    shutil.rmtree(folder.retriever_model, ignore_errors=True)
    vectors = VectorIndex(folder.vectors, OnnxEmbedder.base())
    if vectors.stored_model == BASE_MODEL_ID:
        return 0
    return reembed(folder, vectors)


def _swap_in(staging: Path, target: Path) -> None:
    old = target.with_name("retriever.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def _summary(report: dict[str, Any], log: Any, timings: dict[str, float]) -> list[str]:
    lines = [
        f"trained {log.steps} steps on {log.examples} queries in {log.seconds:.0f} s "
        f"({log.cpu_seconds:.0f} CPU s, stopped by {log.stopped_by}); "
        + ", ".join(f"{k} {v}" for k, v in timings.items())
    ]
    for set_name, entry in report["sets"].items():
        s = entry["scores"]
        lines.append(
            f"{set_name}: MRR hybrid {s['base/hybrid']['mrr']:.3f} -> {s['fine-tuned/hybrid']['mrr']:.3f}, "
            f"dense {s['base/dense']['mrr']:.3f} -> {s['fine-tuned/dense']['mrr']:.3f}"
            + (
                f"; hybrid vs the base with its fusion refit {change['mean']:+.3f} "
                f"[{change['low']:+.3f}, {change['high']:+.3f}]"
                if (change := entry.get("model_change", {}).get("hybrid"))
                else ""
            )
        )
    fusion = report.get("fusion", {})
    lines.append(
        f"retrieval now serves {report.get('served_model')}, dense weight {fusion.get('dense_weight')} "
        f"(chosen on {fusion.get('chosen_on')})"
    )
    return lines


def _paraphraser(settings: Settings) -> Callable[[str], str | None] | None:
    """A teacher that rewords queries, when an OpenAI-compatible endpoint is configured."""
    if not settings.llm_base_url:
        return None
    from openai import OpenAI

    client = OpenAI(
        base_url=settings.llm_base_url, api_key=settings.llm_api_key, timeout=settings.llm_timeout_s
    )

    def paraphrase(query: str) -> str | None:
        try:
            reply = client.chat.completions.create(
                model=settings.llm_model,
                messages=[
                    {"role": "system", "content": PARAPHRASE_PROMPT},
                    {"role": "user", "content": query},
                ],
                temperature=0.7,
                max_tokens=60,
            )
        except Exception:  # a teacher is optional: a failed call just means one paraphrase fewer
            return None
        return reply.choices[0].message.content

    return paraphrase
