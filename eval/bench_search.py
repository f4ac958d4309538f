"""Search benchmark: ingest throughput, index size, memory and latency at 3k, 10k and 100k products.

    .venv/bin/python -m convrec.eval.bench_search [--sizes bestbuy,10000,100000] [--out DIR] [--reuse]

Each size is ingested through the real path (`ingest_file`) in its own process and searched in
another, so each phase's peak RSS is its own. On Best Buy the same run also compares BM25, dense and
fused retrieval on the labelled query sets. Figures are printed and written as JSON + Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from convrec.eval import synthetic
from convrec.eval.report import Chart, Report, summary_table

from convrec.settings import Settings

BESTBUY = Path(__file__).resolve().parents[2] / "shared" / "data" / "bestbuy_cellphones.json"
BENCHMARKS = Path(__file__).resolve().parent / "benchmarks"
SEED = 0


@contextmanager
def timed_method(cls: type, name: str) -> Iterator[dict[str, float]]:
    """Add up the wall time spent in `cls.name` while the block runs (the embedding part of ingest)."""
    original = getattr(cls, name)
    clock = {"seconds": 0.0, "calls": 0}

    def wrapper(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            clock["seconds"] += time.perf_counter() - started
            clock["calls"] += 1

    setattr(cls, name, wrapper)
    try:
        yield clock
    finally:
        setattr(cls, name, original)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def cpu_seconds() -> float:
    """CPU time of this process: unlike wall time it hardly moves when other jobs share the cores."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def disk_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def source_file(size: str, data_dir: Path) -> Path:
    if size == "bestbuy":
        return BESTBUY
    return synthetic.write_catalog(data_dir / f"synthetic-{size}-seed{SEED}.jsonl", int(size), SEED)


def catalog_name(size: str) -> str:
    return f"bench-{size}"


def run_ingest(home: Path, size: str, data_dir: Path) -> dict:
    """Ingest one catalog from scratch and measure it (runs in its own process)."""
    from convrec.tools.embedding import OnnxEmbedder
    from convrec.tools.folder import CatalogFolder

    from convrec.cli_catalog import ingest_file

    path = source_file(size, data_dir)
    settings = Settings(home=home, catalog=catalog_name(size))
    folder = CatalogFolder.under(home, catalog_name(size))
    shutil.rmtree(folder.root, ignore_errors=True)
    load_before, cpu_before = os.getloadavg()[0], cpu_seconds()
    with timed_method(OnnxEmbedder, "embed") as clock:
        summary = ingest_file(settings, path, folder.name, None, show_progress=True)
    cpu = cpu_seconds() - cpu_before
    sizes = {
        "sqlite": disk_bytes(folder.facts),
        "chroma": disk_bytes(folder.vectors / "chroma"),
        "matrix": disk_bytes(folder.vectors / "matrix.npy") + disk_bytes(folder.vectors / "matrix_ids.json"),
    }
    return {
        "products": summary.total,
        "ingest_seconds": round(summary.seconds, 2),
        "products_per_s": round(summary.total / summary.seconds, 1),
        "embed_seconds": round(clock["seconds"], 2),
        "embed_products_per_s": round(summary.embedded / max(clock["seconds"], 1e-9), 1),
        "other_seconds": round(summary.seconds - clock["seconds"], 2),
        "ingest_cpu_seconds": round(cpu, 1),
        "products_per_cpu_s": round(summary.total / cpu, 1),
        "loadavg_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "index_mb": {k: round(v / 2**20, 1) for k, v in sizes.items()},
        "index_mb_total": round(sum(sizes.values()) / 2**20, 1),
        "ingest_peak_rss_mb": round(peak_rss_mb(), 0),
    }


def run_search(home: Path, size: str, queries: int) -> dict:
    """Open the catalog cold, then time warm searches with and without constraints (own process)."""
    from convrec.eval.metrics import percentiles

    from convrec.compose import open_catalog

    load_before, started = os.getloadavg()[0], time.perf_counter()
    runtime = open_catalog(Settings(home=home), catalog_name(size))
    out: dict = {"open_seconds": round(time.perf_counter() - started, 2)}
    sets = latency_queries(size, runtime.facts.iter_products(), queries)
    runtime.retriever.search("warm up the caches", k=10)
    for label, texts in sets.items():
        timings, matched = [], []
        for text in texts:
            t0 = time.perf_counter()
            result = runtime.retriever.search(text, k=10)
            timings.append((time.perf_counter() - t0) * 1000)
            matched.append(result.matched)
        out[f"latency_{label}"] = {
            "queries": len(texts),
            **{f"{k}_ms": round(v, 2) for k, v in percentiles(timings).items()},
            "mean_ms": round(sum(timings) / len(timings), 2),
            "mean_matched": round(sum(matched) / len(matched), 0),
        }
    if size == "bestbuy":
        out["quality"] = quality(Settings(home=home), catalog_name(size))
    out["search_peak_rss_mb"] = round(peak_rss_mb(), 0)
    out["search_loadavg_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    return out


def latency_queries(size: str, products: list, count: int) -> dict[str, list[str]]:
    """Distinct requests (repeats would hit the query-embedding cache), without and with constraints."""
    if size == "bestbuy":
        free, limited = (synthetic.queries_from(products, count * 2, SEED, c) for c in (False, True))
    else:
        free, limited = (synthetic.queries(count * 2, SEED, c) for c in (False, True))
    return {"free": list(dict.fromkeys(free))[:count], "constrained": list(dict.fromkeys(limited))[:count]}


def quality(settings: Settings, name: str) -> dict:
    """BM25, dense and fused, with and without the hard-constraint filter, on the labelled query sets."""
    from convrec.eval.retrieval_eval import contenders, evaluate, labels_by_rule, load_queries, summarise

    competitors = contenders(settings, name, unfiltered=True)
    products = competitors[0].retriever.index.catalog.iter_products()
    out = {}
    for path in sorted(BENCHMARKS.glob("bestbuy*.jsonl")):
        queries = load_queries(path)
        # rule-made labels must still describe this catalog: a changed data file would show here
        stale = [q.id for q in queries if q.type_rule and set(labels_by_rule(products, q)) != set(q.relevant)]
        summary = summarise(evaluate(queries, competitors, 10), SEED)
        methods = {m: {k: row[k] for k in QUALITY.values()} for m, row in summary.items()}
        out[path.stem] = {"queries": len(queries), "stale_labels": stale, "methods": methods}
    return out


def child(phase: str, home: Path, size: str, data_dir: Path, queries: int) -> dict:
    """Run one phase in a fresh interpreter so its peak RSS and caches are its own."""
    cmd = [sys.executable, "-m", "convrec.eval.bench_search", "--phase", phase, "--sizes", size]
    cmd += ["--home", str(home), "--data", str(data_dir), "--queries", str(queries)]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(results: dict[str, dict]) -> Report:
    """Tables for ingest, search latency and (Best Buy) retrieval quality, and a latency chart."""
    out = Report("Search benchmark", {"seed": SEED, "results": results})
    ingest = {s: r | {f"{k}_mb": v for k, v in r["index_mb"].items()} for s, r in results.items()}
    out.add(
        "Ingest (real `ingest_file` path; a fresh catalog each time)",
        "Products per CPU-second add up every core's time, so they move little when others share the machine.",
        summary_table(ingest, INGEST, "catalog"),
    )
    for r in results.values():
        for label in ("free", "constrained"):
            r |= {f"{label}_{k}": v for k, v in r[f"latency_{label}"].items()}
    out.add(
        "Search latency (hybrid, k=10, warm, distinct queries)",
        "`open s`: opening the catalog cold (SQLite facts, matrix, BM25 index, vocabulary).",
        summary_table(results, SEARCH, "catalog"),
    )
    for name, q in (results.get("bestbuy", {}).get("quality") or {}).items():
        stale = (
            f" Labels no longer matching their rule: {', '.join(q['stale_labels'])}."
            if q["stale_labels"]
            else ""
        )
        out.add(
            f"Retrieval quality on Best Buy: {name} ({q['queries']} queries)",
            "`(no filter)` rows rank without the hard-constraint filter, to show what the filter buys."
            + stale,
            summary_table(q["methods"], QUALITY),
        )
    sizes = list(results)
    series = {
        f"{p} {label}": [results[s][f"{label}_{p}_ms"] for s in sizes]
        for label in ("free", "constrained")
        for p in ("p50", "p95")
    }
    out.charts.append(Chart("latency.png", "Search latency by catalog size", sizes, series, "ms"))
    return out


INGEST = {"products": "products", "ingest s": "ingest_seconds", "products/s": "products_per_s"}
INGEST |= {"embedding products/s": "embed_products_per_s", "products/CPU-s": "products_per_cpu_s"}
INGEST |= {
    "SQLite MB": "sqlite_mb",
    "chroma MB": "chroma_mb",
    "matrix MB": "matrix_mb",
    "total MB": "index_mb_total",
}
INGEST |= {"peak RSS MB": "ingest_peak_rss_mb", "load (1 min) before, after": "loadavg_1m"}
SEARCH = {"open s": "open_seconds", "p50 ms": "free_p50_ms", "p95 ms": "free_p95_ms"}
SEARCH |= {"p50 ms, constraints": "constrained_p50_ms", "p95 ms, constraints": "constrained_p95_ms"}
SEARCH |= {"mean matched, constraints": "constrained_mean_matched", "peak RSS MB": "search_peak_rss_mb"}
SEARCH |= {"load (1 min) before, after": "search_loadavg_1m"}
QUALITY = {"Hit@1": "hit@1", "Hit@5": "hit@5", "MRR": "mrr", "NDCG@10": "ndcg@10"}
QUALITY |= {"coverage@5": "coverage@5", "n": "coverage@5_queries", "coverage@5 stated": "coverage@5_stated"}
QUALITY |= {"n stated": "coverage@5_stated_queries", "unsatisfiable": "unsatisfiable"}


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    parser = argparse.ArgumentParser(prog="bench_search", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="bestbuy,10000,100000")
    parser.add_argument("--out", type=Path, default=Path("var/bench/search"))
    parser.add_argument("--home", type=Path, help="where bench catalogs live (default: OUT/home)")
    parser.add_argument("--data", type=Path, help="where synthetic catalogs are written (default: OUT/data)")
    parser.add_argument("--queries", type=int, default=300, help="queries per latency set")
    parser.add_argument(
        "--reuse", action="store_true", help="keep an existing bench catalog and its ingest figures"
    )
    parser.add_argument("--phase", choices=["ingest", "search"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    home, data_dir = args.home or args.out / "home", args.data or args.out / "data"
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    if args.phase:  # inside a child: one size, one phase, JSON on the last stdout line
        result = (
            run_ingest(home, sizes[0], data_dir)
            if args.phase == "ingest"
            else run_search(home, sizes[0], args.queries)
        )
        print(json.dumps(result))
        return 0
    if "bestbuy" in sizes and not BESTBUY.exists():
        print(f"skipping bestbuy: {BESTBUY} not found", file=sys.stderr)
        sizes.remove("bestbuy")
    results: dict[str, dict] = {}
    for size in sizes:
        record = home / "catalogs" / catalog_name(size) / "bench-ingest.json"
        if args.reuse and record.exists():
            ingest = json.loads(record.read_text())
        else:
            print(f"[{size}] ingesting ...", file=sys.stderr)
            ingest = child("ingest", home, size, data_dir, args.queries)
            record.write_text(json.dumps(ingest))
        print(f"[{size}] searching ...", file=sys.stderr)
        results[size] = {"size": size, **ingest, **child("search", home, size, data_dir, args.queries)}
        print(json.dumps(results[size], indent=2))
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    files = report(results).write(args.out / f"bench-{stamp}", "bench")
    print(files[1].read_text())
    print("\n".join(f"wrote {p}" for p in files), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
