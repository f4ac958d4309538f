"""The training card of a fine-tuned retriever: what it learned from, how long it took, how it scores."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np


def write_card(folder: Path, card: dict[str, Any], losses: Sequence[float]) -> list[Path]:
    """training_card.json + .md + loss.png: what the retriever learned from, how long, how it scores."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    (folder / "training_card.json").write_text(json.dumps(card, indent=2, default=_plain))
    fig, ax = plt.subplots(figsize=(6, 3.2))
    if losses:
        window = max(1, len(losses) // 20)
        smooth = np.convolve(losses, np.ones(window) / window, mode="valid")
        ax.plot(range(1, len(losses) + 1), losses, alpha=0.35, label="batch loss")
        ax.plot(range(window, len(losses) + 1), smooth, label=f"mean of {window}")
    ax.set(xlabel="step", ylabel="loss", title=f"{card.get('model_id', 'retriever')} training loss")
    ax.legend()
    fig.tight_layout()
    fig.savefig(folder / "loss.png", dpi=110)
    plt.close(fig)
    (folder / "training_card.md").write_text(_card_markdown(card))
    return [folder / n for n in ("training_card.json", "training_card.md", "loss.png")]


def _card_markdown(card: dict[str, Any]) -> str:
    lines = [
        f"# Retriever {card.get('model_id')}",
        "",
        f"Catalog `{card.get('catalog')}`, base model MiniLM-L6.",
        "",
    ]
    lines += ["## Data", "", "| kind | training pairs | with hard negative |", "|---|---:|---:|"]
    for kind, row in card.get("data", {}).get("per_kind", {}).items():
        lines.append(f"| {kind} | {row['pairs']} | {row['negatives']} |")
    lines += ["", "## Training", ""] + [f"- {k}: {v}" for k, v in card.get("training", {}).items()]
    lines += ["", "![loss](loss.png)", "", "## Evaluation (base -> fine-tuned)", ""]
    lines += card.get("evaluation_table", "").splitlines()
    return "\n".join(lines) + "\n"


def _plain(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    return str(value)
