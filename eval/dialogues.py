"""Scripted dialogues: user turns plus per-turn expectations, replayed against the agent.

File format (YAML list or JSON lines, one dialogue each), documented in the README:

    - id: desk-narrowing
      turns:
        - user: a desk for a small room under 500
          expect: [{kind: recommend}, {shown_satisfy: true}, {shown_satisfy: "under 500"}]
        - user: cheaper
          expect: [{cheaper_than_previous: true}]
        - user: how much is the first one?
          expect: [{states_price_of: {turn: -1, position: 1}}]
        - user: not the first one
          expect: [{never_shown_again: {turn: -2, position: 1}}]
      expect: [{shown_by_turn: {item: dsk-0001, turn: 3}}]

`turn` in a reference is relative (-1: the previous turn) or absolute (1-based); `position` is 1-based.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from convrec.agent.facade import Agent
from convrec.agent.reply import Reply
from convrec.tools.constraints import satisfies_all
from convrec.tools.facts import format_price

EXPECTATIONS = (
    "kind",
    "shown_satisfy",
    "states_price_of",
    "never_shown_again",
    "shown_by_turn",
    "mentions",
    "not_mentions",
    "grounded",
    "min_products",
    "cheaper_than_previous",
    "category",
)


@dataclass
class Check:
    dialogue: str
    turn: int
    kind: str
    passed: bool
    detail: str = ""


@dataclass
class DialogueRun:
    id: str
    replies: list[Reply] = field(default_factory=list)
    users: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    def transcript(self) -> str:
        lines = []
        for i, (user, reply) in enumerate(zip(self.users, self.replies, strict=True), start=1):
            lines.append(f"**{i}. user:** {user[:300]}")
            lines.append("**agent:** " + reply.text.replace("\n", "  \n"))
            lines += [f"- ✗ {c.kind}: {c.detail}" for c in self.checks if c.turn == i and not c.passed]
        return "\n\n".join(lines)


def load_dialogues(path: Path) -> list[dict[str, Any]]:
    text = path.read_text()
    if path.suffix in (".jsonl", ".json"):
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    else:
        rows = yaml.safe_load(text) or []
    for row in rows:
        if "id" not in row or not row.get("turns"):
            raise ValueError(f"{path}: every dialogue needs an id and turns (got {str(row)[:80]})")
        for turn in row["turns"]:
            for expectation in turn.get("expect", []):
                unknown = set(expectation) - set(EXPECTATIONS)
                if unknown:
                    raise ValueError(f"{path}: dialogue {row['id']}: unknown expectation {sorted(unknown)}")
    return rows


def run_dialogue(agent: Agent, spec: dict[str, Any], session_prefix: str = "dlg") -> DialogueRun:
    """Play every turn first, then check: "never shown again" looks at the turns after it."""
    run = DialogueRun(id=str(spec["id"]))
    session = f"{session_prefix}-{spec['id']}"
    for turn in spec["turns"]:
        run.users.append(str(turn["user"]))
        run.replies.append(agent.chat(session, str(turn["user"])))
    placed = [(n, e) for n, turn in enumerate(spec["turns"], start=1) for e in turn.get("expect", [])]
    placed += [(len(run.replies), e) for e in spec.get("expect", [])]
    for number, expectation in placed:
        for kind, arg in expectation.items():
            passed, detail = CHECKS[kind](agent, run, number, arg)
            run.checks.append(Check(run.id, number, kind, passed, detail))
    return run


def _ids(reply: Reply) -> list[str]:
    return [p.id for p in reply.products]


def _ref(run: DialogueRun, turn: int, ref: dict[str, int]) -> str | None:
    index = turn + ref["turn"] if ref["turn"] < 0 else ref["turn"]
    if not 1 <= index <= len(run.replies):
        return None
    ids = _ids(run.replies[index - 1])
    position = ref.get("position", 1)
    return ids[position - 1] if 0 < position <= len(ids) else None


Result = tuple[bool, str]


def _kind(agent: Agent, run: DialogueRun, turn: int, arg: Any) -> Result:
    got = run.replies[turn - 1].kind
    wanted = arg if isinstance(arg, list) else [arg]
    return got in wanted, f"kind {got!r}, expected {wanted}"


def _shown_satisfy(agent: Agent, run: DialogueRun, turn: int, arg: Any) -> Result:
    reply = run.replies[turn - 1]
    if reply.kind == "empty":
        return True, "nothing shown as a match"
    if arg is True:
        constraints = _belief_constraints(reply)
    else:
        constraints = agent.context.world.retriever.parser.parse(str(arg)).constraints
    bad = [p.id for p in agent.context.world.products(_ids(reply)) if not satisfies_all(p, constraints)]
    return not bad, f"violating {bad} of {[c.describe() for c in constraints]}"


def _belief_constraints(reply: Reply) -> list[Any]:
    from convrec.agent.belief import Belief

    return Belief.model_validate(reply.belief).constraints


def _states_price_of(agent: Agent, run: DialogueRun, turn: int, arg: dict[str, int]) -> Result:
    item = _ref(run, turn, arg)
    product = agent.context.world.catalog.get(item) if item else None
    if product is None or product.price is None:
        return False, f"no item at {arg}"
    price = format_price(product.price, product.currency)
    return price in run.replies[turn - 1].text, f"expected {price} for {product.title!r}"


def _never_shown_again(agent: Agent, run: DialogueRun, turn: int, arg: dict[str, int]) -> Result:
    item = _ref(run, turn, arg) if isinstance(arg, dict) else str(arg)
    later = [i for r in run.replies[turn - 1 :] for i in _ids(r)]
    return item is not None and item not in later, f"{item} shown again"


def _shown_by_turn(agent: Agent, run: DialogueRun, turn: int, arg: dict[str, Any]) -> Result:
    upto = run.replies[: int(arg["turn"])]
    hit = any(arg["item"] in _ids(r) for r in upto)
    return hit, f"{arg['item']} not shown by turn {arg['turn']}"


def _mentions(agent: Agent, run: DialogueRun, turn: int, arg: str) -> Result:
    return arg.lower() in run.replies[turn - 1].text.lower(), f"reply lacks {arg!r}"


def _not_mentions(agent: Agent, run: DialogueRun, turn: int, arg: str) -> Result:
    return arg.lower() not in run.replies[turn - 1].text.lower(), f"reply contains {arg!r}"


def _grounded(agent: Agent, run: DialogueRun, turn: int, arg: Any) -> Result:
    g = run.replies[turn - 1].grounding
    return (
        g.claims_fixed == 0 and g.claims_removed == 0,
        f"fixed {g.claims_fixed}, removed {g.claims_removed}",
    )


def _min_products(agent: Agent, run: DialogueRun, turn: int, arg: int) -> Result:
    got = len(run.replies[turn - 1].products)
    return got >= int(arg), f"{got} products shown, expected at least {arg}"


def _cheaper_than_previous(agent: Agent, run: DialogueRun, turn: int, arg: Any) -> Result:
    if turn < 2:
        return False, "no previous turn"
    before = [p.price for p in run.replies[turn - 2].products if p.price is not None]
    now = [p.price for p in run.replies[turn - 1].products if p.price is not None]
    ok = bool(now) and bool(before) and max(now) < min(before)
    return ok or run.replies[turn - 1].kind == "empty", f"now {now}, before {before}"


def _category(agent: Agent, run: DialogueRun, turn: int, arg: str) -> Result:
    leaves = [p.leaf_category for p in agent.context.world.products(_ids(run.replies[turn - 1]))]
    return bool(leaves) and all(leaf.lower() == arg.lower() for leaf in leaves), f"categories {leaves}"


CHECKS: dict[str, Callable[[Agent, DialogueRun, int, Any], Result]] = {
    "kind": _kind,
    "shown_satisfy": _shown_satisfy,
    "states_price_of": _states_price_of,
    "never_shown_again": _never_shown_again,
    "shown_by_turn": _shown_by_turn,
    "mentions": _mentions,
    "not_mentions": _not_mentions,
    "grounded": _grounded,
    "min_products": _min_products,
    "cheaper_than_previous": _cheaper_than_previous,
    "category": _category,
}
