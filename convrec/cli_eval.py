"""`convrec eval ...`: evaluations as sub-commands. Other modules add theirs with `register_eval_command`.

    def register(sub):
        dialogues = register_eval_command(sub, "dialogues", "replay scripted dialogues")
        dialogues.add_argument(...)
        dialogues.set_defaults(run=run_dialogues)

The `eval` group is created by whichever module asks first, so COMMAND_MODULES order does not matter.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path
from weakref import WeakKeyDictionary

from convrec.cli_catalog import settings_from

_GROUPS: WeakKeyDictionary[argparse.ArgumentParser, argparse._SubParsersAction] = WeakKeyDictionary()


def eval_group(sub: argparse._SubParsersAction) -> argparse._SubParsersAction:
    """The sub-command group under `convrec eval`, created on first use."""
    parser = sub.choices.get("eval")
    if parser is None:
        parser = sub.add_parser("eval", help="measure retrieval and conversations; writes a report")
        _GROUPS[parser] = parser.add_subparsers(dest="eval_command", required=True, metavar="WHAT")
    return _GROUPS[parser]


def register_eval_command(sub: argparse._SubParsersAction, name: str, help: str) -> argparse.ArgumentParser:
    """Add `convrec eval NAME`; the caller adds arguments and `set_defaults(run=fn)`."""
    return eval_group(sub).add_parser(name, help=help, description=help)


def register(sub: argparse._SubParsersAction) -> None:
    retrieval = register_eval_command(
        sub, "retrieval", "Hit@k, MRR and NDCG of BM25, dense and fused search on labelled queries"
    )
    retrieval.add_argument("--catalog", help="catalog name (default: $CONVREC_CATALOG or demo)")
    retrieval.add_argument("--queries", type=Path, required=True, help="JSONL: id, query, relevant, kind?")
    retrieval.add_argument("--k", type=int, default=10, help="list depth (default 10)")
    retrieval.add_argument("--out", type=Path, help="report folder (default var/eval/CATALOG/retrieval-TIME)")
    retrieval.add_argument("--seed", type=int, help="seed for the bootstrap intervals (default: settings)")
    retrieval.set_defaults(run=run_retrieval)


def default_out(catalog: str, what: str) -> Path:
    return Path("var") / "eval" / catalog / f"{what}-{datetime.now():%Y%m%d-%H%M%S}"


def run_retrieval(args: argparse.Namespace) -> int:
    from convrec.eval.report import summary_table
    from convrec.eval.retrieval_eval import OVERALL, run_retrieval_eval

    settings = settings_from(args)
    if not args.queries.exists():
        raise FileNotFoundError(f"query file {args.queries} does not exist")
    out = args.out or default_out(settings.catalog, "retrieval")
    seed = settings.seed if args.seed is None else args.seed
    overall, files = run_retrieval_eval(settings, settings.catalog, args.queries, out, args.k, seed)
    print(summary_table(overall, OVERALL))
    print("\n".join(f"wrote {path}" for path in files))
    return 0
