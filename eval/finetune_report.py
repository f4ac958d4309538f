"""The fine-tune evaluation as people read it: Markdown tables, a bar chart of MRR, the JSON behind them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from convrec.tools.retrieval import Method

METHODS: tuple[Method, ...] = ("dense", "hybrid")


def table(report: dict[str, Any]) -> str:
    """One Markdown table: query set, method, then each model's Hit@1/5/10 and MRR side by side."""
    models = report["models"]
    changes = ["mrr_change"] + (["model_change"] if len(models) > 2 else [])
    head = "| query set | n | method | " + " | ".join(f"{m} H@1 / H@5 / H@10 / MRR" for m in models)
    head += " | MRR change (95% CI) |" + (f" {models[-1]} vs {models[-2]} |" if len(changes) > 1 else "")
    lines = [head, "|" + "---|" * (3 + len(models) + len(changes))]
    for set_name, entry in report["sets"].items():
        for method in METHODS:
            cells = []
            for m in models:
                s = entry["scores"][f"{m}/{method}"]
                cells.append(f"{s['hit@1']:.3f} / {s['hit@5']:.3f} / {s['hit@10']:.3f} / **{s['mrr']:.3f}**")
            for key in changes:
                change = entry.get(key, {}).get(method)
                cells.append(
                    f"{change['mean']:+.3f} [{change['low']:+.3f}, {change['high']:+.3f}]" if change else ""
                )
            lines.append(f"| {set_name} | {entry['queries']} | {method} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def kind_table(report: dict[str, Any]) -> str:
    """MRR per query kind, base -> fine-tuned, for each method."""
    lines = ["| query set | kind | n | dense MRR | hybrid MRR |", "|---|---|---|---|---|"]
    first, last = report["models"][0], report["models"][-1]
    for set_name, entry in report["sets"].items():
        for kind, row in entry["by_kind"].items():
            cells = [f"{row[f'{first}/{m}']:.3f} -> {row[f'{last}/{m}']:.3f}" for m in METHODS]
            lines.append(f"| {set_name} | {kind} | {row['queries']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_report(report: dict[str, Any], folders: Sequence[Path], stem: str = "finetune_eval") -> list[Path]:
    """Save JSON, Markdown and a bar chart of MRR into each folder."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [f"{s}\n{m}" for s in report["sets"] for m in METHODS]
    fig, ax = plt.subplots(figsize=(max(6, 1.3 * len(labels)), 3.6))
    width = 0.8 / max(1, len(report["models"]))
    for i, model in enumerate(report["models"]):
        values = [report["sets"][s]["scores"][f"{model}/{m}"]["mrr"] for s in report["sets"] for m in METHODS]
        ax.bar(np.arange(len(labels)) + i * width, values, width, label=model)
    ax.set_xticks(np.arange(len(labels)) + width * (len(report["models"]) - 1) / 2, labels, fontsize=8)
    ax.set(ylabel="MRR@10", ylim=(0, 1), title="Retriever: base vs fine-tuned")
    ax.legend()
    fig.tight_layout()
    written = []
    markdown = (
        f"# Fine-tuned retriever evaluation: {report.get('catalog', '')}\n\n"
        "dense = the embedding model alone (no parsed filters); hybrid = production search "
        "(parsed hard filters, BM25 and dense fused). Fusion's dense weight: "
        + ", ".join(f"{name} {w:g}" for name, w in report.get("dense_weights", {}).items())
        + ".\n\n"
        f"{table(report)}\n\n![MRR]({stem}.png)\n\n## By query kind\n\n{kind_table(report)}\n"
    )
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{stem}.json").write_text(json.dumps(report, indent=2))
        (folder / f"{stem}.md").write_text(markdown)
        fig.savefig(folder / f"{stem}.png", dpi=110)
        written += [folder / f"{stem}.{ext}" for ext in ("json", "md", "png")]
    plt.close(fig)
    return written
