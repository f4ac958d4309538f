"""Run simulated shoppers against the agent and measure what Chat-Rec/iEvaLM-style evaluations report."""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from convrec.agent.belief import Belief
from convrec.agent.facade import Agent
from convrec.agent.reply import Reply
from convrec.eval.metrics import mean, percentiles, success_at_turn
from convrec.eval.simulator import RuleShopper, Shopper
from convrec.tools.catalog import Product
from convrec.tools.constraints import satisfies_all
from tqdm import tqdm


@dataclass
class Episode:
    target: str
    turns_to_success: int | None = None
    users: list[str] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)


def sample_targets(agent: Agent, n: int, seed: int) -> list[Product]:
    ids = sorted(agent.context.world.catalog.all_ids())
    chosen = random.Random(seed).sample(ids, min(n, len(ids)))
    return agent.context.world.products(chosen)


def load_targets(agent: Agent, path: Path) -> list[Product]:
    ids = [json.loads(line)["target"] for line in path.read_text().splitlines() if line.strip()]
    missing = [i for i in ids if agent.context.world.catalog.get(i) is None]
    if missing:
        raise ValueError(f"{path}: targets not in the catalog: {missing[:5]}")
    return agent.context.world.products(ids)


def play(agent: Agent, shopper: Shopper, max_turns: int, session: str) -> Episode:
    episode = Episode(target=shopper.target.id)
    message = shopper.opening()
    for turn in range(1, max_turns + 1):
        reply = agent.chat(session, message)
        episode.users.append(message)
        episode.replies.append(reply)
        message, accepted = shopper.respond(reply)
        if accepted:
            episode.turns_to_success = turn
            break
    return episode


def run_simulation(
    agent: Agent,
    targets: list[Product],
    max_turns: int,
    seed: int,
    make_shopper: Any = None,
    show_progress: bool = True,
) -> tuple[dict[str, Any], list[Episode]]:
    make = make_shopper or (lambda product: RuleShopper(product, seed=seed))
    run = uuid.uuid4().hex[:8]  # fresh sessions: a persistent checkpointer must not resume an older run
    episodes = [
        play(agent, make(target), max_turns, f"sim-{run}-{seed}-{i}-{target.id}")
        for i, target in enumerate(tqdm(targets, desc="simulated shoppers", disable=not show_progress))
    ]
    return summarise(agent, episodes, max_turns), episodes


def summarise(agent: Agent, episodes: list[Episode], max_turns: int) -> dict[str, Any]:
    catalog = agent.context.world.catalog
    index = agent.context.world.retriever.index
    coverage: list[float] = []
    out_of_catalog = repeated = shown_total = 0
    checked = supported = 0
    diversity: list[float] = []
    latencies: list[float] = []
    for episode in episodes:
        seen: set[str] = set()
        for reply in episode.replies:
            latencies.append(reply.latency_ms)
            checked += reply.grounding.claims_checked
            supported += reply.grounding.claims_supported
            ids = [p.id for p in reply.products]
            if not ids or reply.kind == "empty":
                continue
            constraints = Belief.model_validate(reply.belief).constraints if reply.kind == "recommend" else []
            products = catalog.get_many(ids)
            out_of_catalog += len(ids) - len(products)
            coverage += [1.0 if satisfies_all(p, constraints) else 0.0 for p in products]
            repeated += sum(1 for i in ids if i in seen)
            shown_total += len(ids)
            seen |= set(ids)
            rows = [index.row_of[i] for i in ids if i in index.row_of]
            if len(rows) > 1:
                vectors = index.matrix[rows]
                sims = vectors @ vectors.T
                upper = sims[np.triu_indices(len(rows), 1)]
                diversity.append(float(1.0 - upper.mean()))
    turns = [e.turns_to_success for e in episodes]
    curve = success_at_turn(turns, max_turns)
    return {
        "targets": len(episodes),
        "max_turns": max_turns,
        "success_at_turn": {str(t): round(v, 4) for t, v in enumerate(curve, start=1)},
        "success": round(curve[-1], 4) if curve else 0.0,
        "mean_turns": round(float(np.mean([t if t is not None else max_turns + 1 for t in turns])), 3)
        if turns
        else None,
        "coverage_of_shown": mean(coverage),
        "out_of_catalog_rate": out_of_catalog / shown_total if shown_total else 0.0,
        "repeated_item_rate": repeated / shown_total if shown_total else 0.0,
        "grounded_claim_precision": supported / checked if checked else None,
        "claims_checked": checked,
        "intra_list_diversity": mean(diversity),
        "latency_ms": percentiles(latencies),
    }
