"""Reports for conversation evaluations: scripted dialogues and simulated shoppers."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
from convrec.eval.dialogues import DialogueRun
from convrec.eval.report import Chart, Report, table
from convrec.eval.simulate import Episode


def dialogue_report(runs: list[DialogueRun], catalog: str, out: Path) -> tuple[dict[str, Any], list[Path]]:
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for run in runs:
        for check in run.checks:
            by_kind[check.kind].append(check.passed)
    rates = {
        kind: {"checks": len(v), "passed": sum(v), "pass_rate": sum(v) / len(v)}
        for kind, v in sorted(by_kind.items())
    }
    summary = {
        "catalog": catalog,
        "dialogues": len(runs),
        "dialogues_passed": sum(r.passed for r in runs),
        "by_expectation": rates,
        "latency_ms": _latency([r.latency_ms for run in runs for r in run.replies]),
    }
    report = Report(
        f"Scripted dialogues on {catalog}",
        {
            "summary": summary,
            "dialogues": [
                {
                    "id": r.id,
                    "passed": r.passed,
                    "checks": [c.__dict__ for c in r.checks],
                    "turns": [
                        {"user": u, "reply": rep.model_dump(mode="json")}
                        for u, rep in zip(r.users, r.replies, strict=True)
                    ],
                }
                for r in runs
            ],
        },
    )
    report.add(
        "Summary",
        f"{summary['dialogues_passed']} of {len(runs)} dialogues passed every expectation.",
        table(
            ["expectation", "checks", "passed", "pass rate"],
            [[k, v["checks"], v["passed"], v["pass_rate"]] for k, v in rates.items()],
        ),
    )
    failures = [r for r in runs if not r.passed]
    if failures:
        report.add("Failures", *[f"### {r.id}\n\n{r.transcript()}" for r in failures])
    report.charts.append(
        Chart(
            "pass_rates.png",
            "Pass rate by expectation",
            list(rates),
            {"pass rate": [v["pass_rate"] for v in rates.values()]},
            ylim=(0, 1),
        )
    )
    report.charts.append(_latency_chart([r.latency_ms for run in runs for r in run.replies]))
    return summary, report.write(out, "dialogues")


def simulation_report(
    summary: dict[str, Any], episodes: list[Episode], catalog: str, out: Path, titles: dict[str, str]
) -> list[Path]:
    report = Report(
        f"Simulated shoppers on {catalog}",
        {
            "summary": summary,
            "episodes": [
                {
                    "target": e.target,
                    "turns_to_success": e.turns_to_success,
                    "turns": [
                        {
                            "user": u,
                            "reply": r.text,
                            "shown": [p.id for p in r.products],
                            "latency_ms": r.latency_ms,
                        }
                        for u, r in zip(e.users, e.replies, strict=True)
                    ],
                }
                for e in episodes
            ],
        },
    )
    rows = [[k, v] for k, v in summary.items() if not isinstance(v, dict)]
    rows += [[f"latency {k} (ms)", v] for k, v in summary["latency_ms"].items()]
    report.add(
        "Summary",
        table(["metric", "value"], rows),
        table(
            ["turn", *summary["success_at_turn"]], [["success@turn", *summary["success_at_turn"].values()]]
        ),
    )
    misses = [e for e in episodes if e.turns_to_success is None][:10]
    if misses:
        report.add(
            "Some misses",
            *[
                f"### target: {titles.get(e.target, e.target)}\n\n"
                + "\n\n".join(
                    f"**user:** {u}  \n**agent:** " + r.text.replace("\n", "  \n")
                    for u, r in zip(e.users, e.replies, strict=True)
                )
                for e in misses
            ],
        )
    turns = list(summary["success_at_turn"])
    report.charts.append(
        Chart(
            "success_by_turn.png",
            "Success by turn",
            turns,
            {"success@turn": list(summary["success_at_turn"].values())},
            kind="line",
            ylim=(0, 1),
            xlabel="turn",
        )
    )
    report.charts.append(_latency_chart([r.latency_ms for e in episodes for r in e.replies]))
    return report.write(out, "simulation")


def _latency(values: list[float]) -> dict[str, float]:
    return (
        {"p50": float(np.percentile(values, 50)), "p95": float(np.percentile(values, 95))} if values else {}
    )


def _latency_chart(values: list[float]) -> Chart:
    counts, edges = np.histogram(values or [0.0], bins=12)
    labels = [f"{edges[i]:.0f}" for i in range(len(counts))]
    return Chart(
        "latency.png",
        "Per-turn latency (ms, bin start)",
        labels,
        {"turns": [float(c) for c in counts]},
        xlabel="ms",
        ylabel="turns",
    )
