"""`convrec eval dialogues` and `convrec eval simulate`: conversations measured end to end."""

from __future__ import annotations

import argparse
from pathlib import Path

from langgraph.checkpoint.memory import InMemorySaver

from convrec.cli_catalog import settings_from
from convrec.cli_eval import default_out, register_eval_command
from convrec.compose import build_agent


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    dialogues = register_eval_command(
        sub, "dialogues", "replay scripted dialogues and check per-turn expectations"
    )
    dialogues.add_argument("--catalog")
    dialogues.add_argument(
        "--dialogues", type=Path, required=True, help="YAML or JSONL dialogues (see README)"
    )
    dialogues.add_argument("--out", type=Path)
    dialogues.set_defaults(run=run_dialogues)

    simulate = register_eval_command(
        sub, "simulate", "simulated shoppers with hidden targets (Chat-Rec/iEvaLM style)"
    )
    simulate.add_argument("--catalog")
    simulate.add_argument("--targets", type=Path, help='JSONL of {"target": product id}; sampled when absent')
    simulate.add_argument("--n", type=int, default=200, help="targets to sample (default 200)")
    simulate.add_argument("--max-turns", type=int, default=5)
    simulate.add_argument("--seed", type=int, help="sampling and shopper seed (default: settings)")
    simulate.add_argument("--k", type=int, help="products per reply (default: settings, 3)")
    simulate.add_argument(
        "--shopper",
        choices=["rules", "llm"],
        default="rules",
        help="rule-based shopper (default) or one played by the configured OpenAI-compatible model",
    )
    simulate.add_argument("--out", type=Path)
    simulate.set_defaults(run=run_simulate)


def run_dialogues(args: argparse.Namespace) -> int:
    from convrec.eval.agent_reports import dialogue_report
    from convrec.eval.dialogues import load_dialogues, run_dialogue

    settings = settings_from(args)
    specs = load_dialogues(args.dialogues)
    agent = build_agent(settings, checkpointer=InMemorySaver(), log_feedback=False)
    runs = [run_dialogue(agent, spec) for spec in specs]
    summary, files = dialogue_report(
        runs, settings.catalog, args.out or default_out(settings.catalog, "dialogues")
    )
    print(f"{summary['dialogues_passed']} of {summary['dialogues']} dialogues passed every expectation")
    for kind, row in summary["by_expectation"].items():
        print(f"  {kind:<24} {row['passed']:>4}/{row['checks']:<4} {row['pass_rate']:.3f}")
    print("\n".join(f"wrote {path}" for path in files))
    return 0


def run_simulate(args: argparse.Namespace) -> int:
    from convrec.eval.agent_reports import simulation_report
    from convrec.eval.simulate import load_targets, run_simulation, sample_targets

    settings = settings_from(args)
    if args.k:
        settings = settings.model_copy(update={"products_per_reply": args.k})
    seed = settings.seed if args.seed is None else args.seed
    agent = build_agent(settings, checkpointer=InMemorySaver(), log_feedback=False)
    targets = load_targets(agent, args.targets) if args.targets else sample_targets(agent, args.n, seed)
    make = None
    if args.shopper == "llm":
        from convrec.eval.llm_shopper import llm_shopper_factory

        make = llm_shopper_factory(settings, seed)
    summary, episodes = run_simulation(agent, targets, args.max_turns, seed, make_shopper=make)
    summary["products_per_reply"] = settings.products_per_reply
    summary["seed"] = seed
    titles = {t.id: t.title for t in targets}
    files = simulation_report(
        summary, episodes, settings.catalog, args.out or default_out(settings.catalog, "simulate"), titles
    )
    curve = " ".join(f"@{t}={v:.2f}" for t, v in summary["success_at_turn"].items())
    print(
        f"success {curve}; mean turns {summary['mean_turns']}; coverage {summary['coverage_of_shown']}; "
        f"repeated {summary['repeated_item_rate']:.3f}; grounded precision {summary['grounded_claim_precision']}; "
        f"latency p50 {summary['latency_ms']['p50']:.1f} ms p95 {summary['latency_ms']['p95']:.1f} ms"
    )
    print("\n".join(f"wrote {path}" for path in files))
    return 0
