"""The bundled demo shop: ingest it once, and learn "shoppers also bought" from its interaction log."""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from convrec.cli_catalog import ingest_file
from convrec.settings import Settings
from convrec.tools.folder import CatalogFolder

DEMO_CATALOG = "demo"
log = logging.getLogger(__name__)


def demo_file(name: str) -> Path:
    """A file bundled in convrec/data/demo (catalog.jsonl, interactions.jsonl)."""
    return Path(str(resources.files("convrec") / "data" / "demo" / name))


def ensure_demo(settings: Settings, show_progress: bool = True) -> str:
    """Make sure the demo catalog is ingested (about a minute the first time) and return its name."""
    folder = CatalogFolder.under(settings.home, DEMO_CATALOG)
    if not folder.exists():
        print(f"Loading the demo shop into {folder.root} (embedding takes about a minute the first time)")
        summary = ingest_file(settings, demo_file("catalog.jsonl"), DEMO_CATALOG, None, show_progress)
        print("\n".join(summary.lines()))
    if not folder.history_model.exists():
        ensure_history(settings, demo_file("interactions.jsonl"), show_progress)
    return DEMO_CATALOG


def ensure_history(settings: Settings, log_file: Path, show_progress: bool = True) -> bool:
    """Learn "shoppers also bought" from the bundled log; the shop still works (search only) without it."""
    try:
        from convrec.cli_history import train_history
    except ImportError as exc:  # an install without the history model
        log.warning("history model skipped: %s", exc)
        print("History model: skipped (this version of convrec has no history training).")
        return False
    try:
        summary = train_history(settings, DEMO_CATALOG, log_file, show_progress=show_progress)
    except (RuntimeError, ValueError, OSError) as exc:
        print(f"History model: not trained ({exc}); recommendations use search only.")
        return False
    print("\n".join(summary.lines()))
    return True
