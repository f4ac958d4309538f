"""UI commands: `convrec demo` (the bundled shop) and `convrec ui` (any ingested catalog)."""

from __future__ import annotations

import argparse
import os

from convrec.cli_catalog import settings_from
from convrec.settings import Settings
from convrec.tools.folder import list_catalogs


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser(
        "demo", help="load the bundled demo shop (about a minute the first time) and open the assistant"
    )
    _server_options(demo)
    demo.set_defaults(run=run_demo)

    ui = sub.add_parser("ui", help="open the shopping assistant on an ingested catalog")
    ui.add_argument("--catalog", help="catalog to open first (default: $CONVREC_CATALOG or demo)")
    _server_options(ui)
    ui.set_defaults(run=run_ui)


def _server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, help="port to listen on (default: $CONVREC_PORT or 7860)")
    parser.add_argument("--host", help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser tab")


def run_demo(args: argparse.Namespace) -> int:
    from convrec.demo import ensure_demo

    settings = settings_from(args)
    name = ensure_demo(settings)
    return launch(settings.model_copy(update={"catalog": name}), args)


def run_ui(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    catalogs = list_catalogs(settings.home)
    if not catalogs:
        print(
            f"No catalog is ingested under {settings.home} yet. Load one with\n"
            "  convrec ingest products.jsonl --catalog shop\n"
            "or try the bundled demo shop with `convrec demo`. The page explains the same."
        )
    elif getattr(args, "catalog", None) and args.catalog not in catalogs:
        raise LookupError(
            f"no catalog named {args.catalog!r} under {settings.home} (available: {', '.join(catalogs)}); "
            f"run `convrec ingest FILE --catalog {args.catalog}`"
        )
    return launch(settings, args)


def launch(settings: Settings, args: argparse.Namespace) -> int:
    """Build every ingested catalog's agent on first use and serve the page until Ctrl+C."""
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from convrec.compose import build_agent
    from convrec.ui.app import build_app, serve

    app = build_app(lambda name: build_agent(settings, name), settings)
    host = args.host or settings.host
    port = args.port or settings.port
    print(f"Shopping assistant on http://{host}:{port} (Ctrl+C to stop)")
    try:
        serve(app, host, port, open_browser=not args.no_browser)
    except OSError as exc:  # most often the port is taken
        raise RuntimeError(f"cannot serve on {host}:{port} ({exc}); try another --port") from exc
    return 0
