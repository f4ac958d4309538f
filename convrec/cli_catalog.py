"""Catalog commands: ingest, search, catalogs."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from convrec.compose import open_catalog, vector_index
from convrec.settings import Settings
from convrec.tools.folder import CatalogFolder, list_catalogs
from convrec.tools.ingest import read_catalog
from convrec.tools.mapping import Mapping
from convrec.tools.sync import sync_catalog


def settings_from(args: argparse.Namespace) -> Settings:
    overrides: dict[str, object] = {"home": Path(args.home)} if getattr(args, "home", None) else {}
    if getattr(args, "catalog", None):
        overrides["catalog"] = args.catalog
    return Settings.model_validate(overrides)


def register(sub: argparse._SubParsersAction) -> None:
    ingest = sub.add_parser("ingest", help="load a CSV, JSON or JSONL catalog (re-run to update it)")
    ingest.add_argument("path", type=Path)
    ingest.add_argument("--catalog", required=True, help="catalog name (one folder per catalog)")
    ingest.add_argument("--mapping", type=Path, help="YAML file saying which column is which (see README)")
    ingest.add_argument("--json", action="store_true", help="print the summary as JSON")
    ingest.set_defaults(run=run_ingest)

    search = sub.add_parser("search", help="hybrid search with hard constraints parsed from the text")
    search.add_argument("text")
    search.add_argument("--catalog", help="catalog name (default: $CONVREC_CATALOG or demo)")
    search.add_argument("--k", type=int, default=5)
    search.add_argument("--method", choices=["hybrid", "bm25", "dense"], default="hybrid")
    search.add_argument("--json", action="store_true")
    search.set_defaults(run=run_search)

    catalogs = sub.add_parser("catalogs", help="list ingested catalogs")
    catalogs.set_defaults(
        run=lambda args: print("\n".join(list_catalogs(settings_from(args).home)) or "(none)")
    )


def ingest_file(
    settings: Settings, path: Path, name: str, mapping_file: Path | None, show_progress: bool = True
):
    """Read, validate and load one file into a catalog; returns the summary."""
    if not path.exists():
        raise FileNotFoundError(f"catalog file {path} does not exist")
    mapping = Mapping.load(mapping_file) if mapping_file else None
    started = time.perf_counter()
    read = read_catalog(path, mapping)
    folder = CatalogFolder.under(settings.home, name)
    summary = sync_catalog(
        folder,
        read.products,
        read.currency,
        read.report,
        vector_index(settings, folder),
        show_progress=show_progress,
    )
    summary.seconds = time.perf_counter() - started
    return summary


def run_ingest(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    summary = ingest_file(settings, args.path, args.catalog, args.mapping, show_progress=not args.json)
    print(summary.model_dump_json(indent=2) if args.json else "\n".join(summary.lines()))
    return 0 if summary.read.loaded else 1


def run_search(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    runtime = open_catalog(settings)
    result = runtime.retriever.search(args.text, k=args.k, method=args.method)
    products = runtime.facts.get_many([c.id for c in result.candidates])
    if args.json:
        payload = result.model_dump(mode="json")
        payload["products"] = [p.model_dump(mode="json") for p in products]
        print(json.dumps(payload, indent=2))
        return 0
    if result.constraints:
        print("constraints: " + "; ".join(c.describe() for c in result.constraints))
    if result.query.corrections:
        print("understood: " + ", ".join(f"{a} -> {b}" for a, b in result.query.corrections.items()))
    print(f"{result.matched} products match ({result.latency_ms:.1f} ms)")
    for rank, (cand, product) in enumerate(zip(result.candidates, products, strict=True), start=1):
        price = f"{product.price:,.2f} {product.currency}" if product.price is not None else "no price"
        print(f"{rank:>2}. {product.title}  [{price}]  id={product.id}")
        why = cand.evidence.constraints_met + (
            [f"matches: {', '.join(cand.evidence.matched_terms)}"] if cand.evidence.matched_terms else []
        )
        if why:
            print(f"    {'; '.join(why)}")
    if not result.candidates and result.relaxations:
        print("Nothing meets every constraint. To see options:")
        for r in result.relaxations[:3]:
            print(f"  - {r.suggestion} ({r.would_match} products would match)")
        for cand in result.closest[:3]:
            product = runtime.facts.get(cand.id)
            if product:
                print(f"    closest: {product.title} [{product.price:,.2f} {product.currency}]")
    return 0
