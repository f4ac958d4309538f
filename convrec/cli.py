"""`convrec` command line: each sub-command is a thin shell (parse -> settings -> compose -> library call)."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

# Each module registers its sub-commands with `register(subparsers)`.
COMMAND_MODULES = [
    "convrec.cli_catalog",
    "convrec.cli_chat",
    "convrec.cli_eval_agent",
    "convrec.cli_eval",
    "convrec.cli_history",
    "convrec.cli_train",
    "convrec.cli_ui",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="convrec", description="Conversational recommender over your own catalog."
    )
    parser.add_argument("--home", help="data folder (default: $CONVREC_HOME or ~/.convrec)")
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    try:
        return int(args.run(args) or 0)
    except (LookupError, ValueError, RuntimeError, FileNotFoundError) as exc:
        print(f"convrec: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
