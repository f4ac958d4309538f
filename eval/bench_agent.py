"""Per-turn latency and grounding figures of the agent over scripted dialogues and simulated shoppers.

    .venv/bin/python -m convrec.eval.bench_agent --catalog bestbuy \\
        --dialogues eval/benchmarks/bestbuy_dialogues.yaml --shoppers 100 [--out DIR]

Prints and saves (JSON + Markdown + latency histogram) p50/p95 per intent and overall, peak RSS, and the
grounding checker's counts; every final reply is re-checked independently, so "unsupported claims
left" is measured, not assumed.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections import defaultdict
from pathlib import Path

from convrec.agent.belief import Belief
from convrec.agent.evidence import allowed_brands, allowed_numbers
from convrec.agent.reply import Reply
from convrec.eval.dialogues import load_dialogues, run_dialogue
from convrec.eval.metrics import percentiles
from convrec.eval.report import Chart, Report, table
from convrec.eval.simulate import run_simulation, sample_targets
from convrec.tools.grounding import ground_claims
from langgraph.checkpoint.memory import InMemorySaver

from convrec.compose import build_agent
from convrec.settings import Settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--catalog", required=True)
    parser.add_argument("--dialogues", type=Path)
    parser.add_argument("--shoppers", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--checkpointer", choices=["memory", "sqlite"], default="sqlite")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    settings = Settings(catalog=args.catalog)
    started = time.perf_counter()
    saver = InMemorySaver() if args.checkpointer == "memory" else None
    agent = build_agent(settings, checkpointer=saver, log_feedback=False)
    ready_s = time.perf_counter() - started
    replies: list[Reply] = []
    if args.dialogues:
        for spec in load_dialogues(args.dialogues):
            replies += run_dialogue(agent, spec, session_prefix=f"bench-{time.time_ns()}").replies
    targets = sample_targets(agent, args.shoppers, args.seed)
    summary, episodes = run_simulation(agent, targets, 5, args.seed)
    replies += [r for e in episodes for r in e.replies]
    by_kind: dict[str, list[float]] = defaultdict(list)
    for reply in replies:
        by_kind[reply.kind].append(reply.latency_ms)
    left = 0
    leftovers: list[dict[str, object]] = []
    for reply in replies:  # re-check every final reply independently
        cited = agent.context.world.products(
            [p.id for p in reply.products] + ([reply.anchor.id] if reply.anchor else [])
        )
        brands = list(agent.context.world.retriever.index.vocabulary.brands)
        belief = Belief.model_validate(reply.belief)
        _, again = ground_claims(
            reply.text,
            cited,
            allowed=[*_allowed(reply), *reply_numbers(reply)],
            brands=brands,
            allowed_brands=allowed_brands(belief),
        )
        if again.checked > again.supported:
            left += again.checked - again.supported
            leftovers.append(
                {
                    "kind": reply.kind,
                    "text": reply.text,
                    "claims": [c.text for c in again.claims if not c.supported],
                }
            )
    figures = {
        "catalog": args.catalog,
        "products": len(agent.context.world.catalog),
        "turns": len(replies),
        "checkpointer": args.checkpointer,
        "startup_s": round(ready_s, 2),
        "latency_ms": percentiles([r.latency_ms for r in replies]),
        "latency_ms_by_kind": {k: {**percentiles(v), "turns": len(v)} for k, v in sorted(by_kind.items())},
        "claims_checked": sum(r.grounding.claims_checked for r in replies),
        "claims_supported": sum(r.grounding.claims_supported for r in replies),
        "claims_fixed": sum(r.grounding.claims_fixed for r in replies),
        "claims_removed": sum(r.grounding.claims_removed for r in replies),
        "unsupported_claims_left": left,
        "unsupported_examples": leftovers[:20],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "simulation": summary,
    }
    out = args.out or Path("var") / "bench" / "agent" / args.catalog
    report = Report(f"Agent per-turn latency and grounding on {args.catalog}", figures)
    rows = [[k, v["turns"], v["p50"], v["p95"]] for k, v in figures["latency_ms_by_kind"].items()]
    rows.append(["all", len(replies), figures["latency_ms"]["p50"], figures["latency_ms"]["p95"]])
    report.add("Latency per turn (ms)", table(["reply kind", "turns", "p50", "p95"], rows, digits=1))
    report.add(
        "Grounding",
        table(
            ["checked", "supported", "fixed", "removed", "unsupported left"],
            [
                [
                    figures["claims_checked"],
                    figures["claims_supported"],
                    figures["claims_fixed"],
                    figures["claims_removed"],
                    left,
                ]
            ],
        ),
    )
    values = sorted(r.latency_ms for r in replies)
    edges = [0, 10, 20, 30, 40, 50, 60, 80, 100, 150, 200, 400, 10_000]
    counts = [sum(1 for v in values if lo <= v < hi) for lo, hi in zip(edges, edges[1:], strict=False)]
    report.charts.append(
        Chart(
            "latency.png",
            "Per-turn latency",
            [f"<{hi}" for hi in edges[1:]],
            {"turns": counts},
            xlabel="ms",
            ylabel="turns",
        )
    )
    files = report.write(out, "agent")
    print(
        f"{args.catalog}: {len(replies)} turns over {figures['products']} products; latency p50 "
        f"{figures['latency_ms']['p50']:.1f} ms, p95 {figures['latency_ms']['p95']:.1f} ms; claims checked "
        f"{figures['claims_checked']}, fixed {figures['claims_fixed']}, removed {figures['claims_removed']}, "
        f"unsupported left {left}; peak RSS {figures['peak_rss_mb']} MB"
    )
    print("\n".join(f"wrote {p}" for p in files))
    return 0


def _allowed(reply: Reply) -> list[float]:
    return allowed_numbers(Belief.model_validate(reply.belief))


def reply_numbers(reply: Reply) -> list[float]:
    """Numbers a clarifying question offers as options ("under $120.00") are the agent's, not products'."""
    import re

    return [float(n.replace(",", "")) for o in reply.options for n in re.findall(r"\d[\d,]*(?:\.\d+)?", o)]


if __name__ == "__main__":
    raise SystemExit(main())
