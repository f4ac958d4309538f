"""Scripted dialogues and simulated shoppers over the fixture catalog: checks that can fail."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from convrec.eval.agent_reports import dialogue_report, simulation_report
from convrec.eval.dialogues import load_dialogues, run_dialogue
from convrec.eval.simulate import play, run_simulation
from convrec.eval.simulator import RuleShopper, preferences
from langgraph.checkpoint.memory import InMemorySaver

from convrec.compose import build_agent

DIALOGUES = [
    {
        "id": "ok",
        "turns": [
            {
                "user": "a desk under 500",
                "expect": [{"kind": "recommend"}, {"shown_satisfy": "desk under 500"}],
            },
            {
                "user": "how much is the second one?",
                "expect": [{"states_price_of": {"turn": -1, "position": 2}}],
            },
            {"user": "not the first one", "expect": [{"never_shown_again": {"turn": -2, "position": 1}}]},
        ],
    },
    {
        "id": "bad",
        "turns": [
            {
                "user": "a desk under 500",
                "expect": [{"kind": "compare"}, {"shown_satisfy": "desk under 100"}],
            },
        ],
    },
]


@pytest.fixture()
def agent(settings, fixture_catalog):
    return build_agent(settings, "fixture", checkpointer=InMemorySaver(), runtime=fixture_catalog)


def test_dialogue_expectations_pass_and_fail_for_real(agent, tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(DIALOGUES))
    runs = [run_dialogue(agent, spec) for spec in load_dialogues(path)]
    assert runs[0].passed, [c for c in runs[0].checks if not c.passed]
    assert not runs[1].passed and all(not c.passed for c in runs[1].checks)
    summary, files = dialogue_report(runs, "fixture", tmp_path / "out")
    assert summary["dialogues_passed"] == 1 and summary["by_expectation"]["kind"]["pass_rate"] == 0.5
    assert all(f.exists() for f in files) and "### bad" in (tmp_path / "out" / "dialogues.md").read_text()


def test_unknown_expectation_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump([{"id": "x", "turns": [{"user": "hi", "expect": [{"telepathy": 1}]}]}]))
    with pytest.raises(ValueError, match="telepathy"):
        load_dialogues(path)


def test_shopper_never_leaks_the_target(fixture_catalog) -> None:
    for product in fixture_catalog.facts.iter_products():
        said = " ".join(preferences(product, __import__("random").Random(0))).lower()
        assert product.id.lower() not in said.split() and product.title.lower() not in said


def test_simulated_shopper_finds_a_target_and_metrics_are_consistent(
    agent, fixture_catalog, tmp_path: Path
) -> None:
    target = fixture_catalog.facts.get("s2")  # the sofa bed
    episode = play(agent, RuleShopper(target), max_turns=5, session="one")
    assert episode.turns_to_success is not None
    assert "s2" in [p.id for p in episode.replies[episode.turns_to_success - 1].products]
    targets = fixture_catalog.facts.get_many(["s2", "d2", "p3", "a1"])
    summary, episodes = run_simulation(agent, targets, 5, seed=1, show_progress=False)
    curve = list(summary["success_at_turn"].values())
    assert curve == sorted(curve) and 0 <= curve[0] <= curve[-1] <= 1
    found = sum(e.turns_to_success is not None for e in episodes)
    assert summary["success"] == found / 4
    assert summary["coverage_of_shown"] == 1.0 and summary["out_of_catalog_rate"] == 0.0
    files = simulation_report(
        summary, episodes, "fixture", tmp_path / "sim", {t.id: t.title for t in targets}
    )
    assert (tmp_path / "sim" / "success_by_turn.png").exists() and len(files) == 4
