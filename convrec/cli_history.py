"""History commands: synth-log (make up a log for a catalog without one), train-history (learn from an
interaction log) and update-history (fold in feedback)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pydantic import BaseModel

from convrec.cli_catalog import settings_from
from convrec.compose import CatalogMissing, open_facts
from convrec.settings import Settings
from convrec.tools.catalog_sql import SqliteCatalog
from convrec.tools.folder import CatalogFolder
from convrec.tools.history import HistoryModel
from convrec.tools.history_synth import Shoppers, synthesize
from convrec.tools.history_train import train
from convrec.tools.interactions import Event, LineError, merge_into, read_events, write_events

MODEL_KINDS = ["itemknn", "item2vec", "popularity"]


class HistorySummary(BaseModel):
    catalog: str
    model: str
    source: str
    events_read: int
    bad_lines: list[str]
    new_events: int
    log_events: int
    sessions: int = 0
    unknown_item_events: int = 0  # events naming products the catalog does not have
    items_covered: int = 0
    catalog_products: int = 0
    seconds: float = 0.0
    saved_to: str = ""
    up_to_date: bool = False

    def lines(self) -> list[str]:
        if self.up_to_date:
            return [f"history model for {self.catalog} is up to date ({self.log_events} events in the log)"]
        out = [
            f"history model {self.model} for catalog {self.catalog}: {self.events_read} events read from "
            f"{self.source}, {len(self.bad_lines)} bad lines, {self.new_events} new",
            f"  {self.log_events} events in the catalog log, {self.sessions} sessions; "
            f"{self.items_covered} of {self.catalog_products} products covered"
            + (
                f"; skipped {self.unknown_item_events} events for products not in the catalog"
                if self.unknown_item_events
                else ""
            )
            + f"; {self.seconds:.1f} s",
            f"  saved to {self.saved_to}",
        ]
        return out + [f"  {e}" for e in self.bad_lines]


class SynthLogSummary(BaseModel):
    catalog: str
    out: str
    seed: int
    sessions: int
    events: int
    by_event: dict[str, int]
    products: int
    products_seen: int
    sessions_with_add_ons: int
    seconds: float

    def line(self) -> str:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.by_event.items(), key=lambda kv: -kv[1]))
        return (
            f"synthetic log for catalog {self.catalog} (seed {self.seed}): {self.sessions} sessions, "
            f"{self.events} events ({kinds}); {self.sessions_with_add_ons} sessions bought add-ons that fit; "
            f"{self.products_seen} of {self.products} products appear; written to {self.out} "
            f"in {self.seconds:.1f} s"
        )


def register(sub: argparse._SubParsersAction) -> None:
    synth = sub.add_parser(
        "synth-log",
        help="make up a synthetic interaction log from the catalog's popularity and fit facts (no real log)",
    )
    synth.add_argument("--catalog", required=True, help="catalog name")
    synth.add_argument("--out", type=Path, required=True, help="JSON-lines file to write (replaced)")
    synth.add_argument("--sessions", type=int, default=Shoppers.sessions, help="shopping sessions to make")
    synth.add_argument("--seed", type=int, help="default: the settings' seed (0)")
    synth.add_argument("--json", action="store_true", help="print the summary as JSON")
    synth.set_defaults(run=run_synth)

    fit = sub.add_parser("train-history", help="learn 'also viewed' and add-on lists from an interaction log")
    fit.add_argument("--catalog", required=True, help="catalog name")
    fit.add_argument("--interactions", type=Path, required=True, help="JSON-lines log (see README)")
    fit.add_argument("--model", choices=MODEL_KINDS, default="itemknn")
    fit.add_argument("--json", action="store_true", help="print the summary as JSON")
    fit.set_defaults(run=run_train)

    update = sub.add_parser("update-history", help="retrain on the catalog's own log when feedback arrived")
    update.add_argument("--catalog", required=True, help="catalog name")
    update.add_argument("--model", choices=MODEL_KINDS, help="default: the kind of the current model")
    update.add_argument("--force", action="store_true", help="retrain even when nothing new was logged")
    update.add_argument("--json", action="store_true")
    update.set_defaults(run=run_update)


def train_history(
    settings: Settings,
    name: str,
    interactions: Path | None,
    kind: str | None = None,
    show_progress: bool = True,
    force: bool = True,
) -> HistorySummary:
    """Merge a log (if given) into the catalog's own, then retrain the history model on all of it."""
    folder = CatalogFolder.under(settings.home, name)
    if not folder.exists():
        raise CatalogMissing(name, settings.home)
    started = time.perf_counter()
    read: list[Event] = []
    errors: list[LineError] = []
    new = 0
    if interactions is not None:
        if not interactions.exists():
            raise FileNotFoundError(f"interaction log {interactions} does not exist")
        read, errors = read_events(interactions)
        new = merge_into(folder.interactions, read)
    events, log_errors = read_events(folder.interactions)
    facts = SqliteCatalog(folder.facts, name)
    current = HistoryModel.load(folder.history_model)
    kind = kind or (current.kind if current else "itemknn")
    summary = HistorySummary(
        catalog=name,
        model=kind,
        source=str(interactions or folder.interactions),
        events_read=len(read) if interactions else len(events),
        bad_lines=[str(e) for e in errors] + [f"{folder.interactions.name} {e}" for e in log_errors],
        new_events=new,
        log_events=len(events),
    )
    if not force and current and current.kind == kind and current.stats.get("events") == len(events):
        summary.up_to_date = True
        return summary
    with folder.write_lock():
        model = train(events, facts, kind=kind, show_progress=show_progress, seed=settings.seed)
        model.save(folder.history_model)
    summary.unknown_item_events = model.stats["unknown_item_events"]
    summary.sessions = model.stats["sessions"]
    summary.items_covered = model.stats["items_covered"]
    summary.catalog_products = model.stats["catalog_products"]
    summary.seconds = time.perf_counter() - started
    summary.saved_to = str(folder.history_model)
    return summary


def synth_log(
    settings: Settings,
    name: str,
    out: Path,
    sessions: int,
    seed: int | None = None,
    show_progress: bool = True,
) -> SynthLogSummary:
    """Write a synthetic log for the catalog: popularity picks anchors, fit facts pick their add-ons."""
    if sessions < 1:
        raise ValueError("--sessions must be at least 1")
    seed = settings.seed if seed is None else seed
    events, stats = synthesize(
        open_facts(settings, name), Shoppers(sessions=sessions), seed=seed, show_progress=show_progress
    )
    write_events(out, events)
    return SynthLogSummary(
        catalog=name,
        out=str(out),
        seed=seed,
        sessions=stats.sessions,
        events=stats.events,
        by_event=dict(stats.by_event),
        products=stats.products,
        products_seen=stats.products_seen,
        sessions_with_add_ons=stats.sessions_with_add_ons,
        seconds=stats.seconds,
    )


def run_synth(args: argparse.Namespace) -> int:
    summary = synth_log(settings_from(args), args.catalog, args.out, args.sessions, args.seed, not args.json)
    print(summary.model_dump_json(indent=2) if args.json else summary.line())
    return 0 if summary.events else 1


def run_train(args: argparse.Namespace) -> int:
    summary = train_history(settings_from(args), args.catalog, args.interactions, args.model, not args.json)
    print(summary.model_dump_json(indent=2) if args.json else "\n".join(summary.lines()))
    return 0 if summary.log_events else 1


def run_update(args: argparse.Namespace) -> int:
    summary = train_history(
        settings_from(args), args.catalog, None, args.model, not args.json, force=args.force
    )
    print(summary.model_dump_json(indent=2) if args.json else "\n".join(summary.lines()))
    return 0
