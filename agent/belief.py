"""What the agent believes the shopper wants, and the pure functions that change that belief.

Every turn the engine proposes a `BeliefUpdate`; `apply_update` is the only way a belief changes, so
the rules (a new bound replaces the old one in its slot, a new need drops what no longer applies,
rejected items never come back) live here and are tested alone.
"""

from __future__ import annotations

from typing import Literal

from convrec.tools.constraints import Constraint
from pydantic import BaseModel, Field

Intent = Literal["recommend", "clarify", "answer", "compare", "complement", "feedback", "chat", "reset"]
Slot = tuple[str, str | None, str]


class SoftPreference(BaseModel):
    text: str
    weight: float = 1.0


class Belief(BaseModel):
    need: str = ""  # what is being shopped for, in the shopper's words ("desk for a small room")
    constraints: list[Constraint] = Field(default_factory=list)
    soft: list[SoftPreference] = Field(default_factory=list)
    shown: list[str] = Field(default_factory=list)  # every item shown, oldest first
    last_shown: list[str] = Field(default_factory=list)  # the most recent list, in display order
    liked: list[str] = Field(default_factory=list)
    rejected: list[str] = Field(default_factory=list)
    cart: list[str] = Field(default_factory=list)
    focus: str | None = None  # the item the conversation is about
    open_question: str | None = None  # the slot the agent last asked about
    turns: int = 0

    def describe(self) -> list[str]:
        """The belief as chips a shopper can read."""
        chips = [f"looking for: {self.need}"] if self.need else []
        chips += [c.describe() for c in self.constraints]
        chips += [f"prefers: {s.text}" for s in self.soft]
        return chips


class BeliefUpdate(BaseModel):
    """What one turn changes. Produced by a language engine, applied by `apply_update`."""

    intent: Intent = "recommend"
    new_need: bool = False  # "actually a bed instead": start over on the need, keep the people-facts
    need: str | None = None
    add: list[Constraint] = Field(default_factory=list)
    relax: list[Slot] = Field(default_factory=list)
    soft: list[str] = Field(default_factory=list)
    reject: list[str] = Field(default_factory=list)
    like: list[str] = Field(default_factory=list)
    add_to_cart: list[str] = Field(default_factory=list)
    references: list[str] = Field(default_factory=list)  # items the turn talks about, resolved to ids
    similar_to: str | None = None  # "something like the first"
    more: bool = False  # "show me more": leave out what is already on screen
    reply_kind: str | None = None  # for turns answered without tools: greeting, gibberish, injection...
    question: str | None = None  # the attribute asked about ("price", "width", ...)
    answered_question: bool = False


def add_constraints(belief: Belief, constraints: list[Constraint]) -> Belief:
    """Add or tighten: a bound replaces the one in its slot ("under 300" after "under 500");
    exclusions accumulate ("not white" then "not black" excludes both)."""
    current = list(belief.constraints)
    for incoming in constraints:
        same = next((c for c in current if c.slot() == incoming.slot()), None)
        if same is not None:
            current.remove(same)
            if incoming.is_negative:
                incoming = incoming.model_copy(
                    update={"values": sorted(set(same.values) | set(incoming.values))}
                )
        current.append(incoming)
    return belief.model_copy(update={"constraints": current})


def relax(belief: Belief, slots: list[Slot]) -> Belief:
    """Drop constraints by slot; a slot of (field, None, "*") drops every constraint on that field."""

    def dropped(c: Constraint) -> bool:
        return any(
            c.field == f and (name is None or c.name == name) and (kind == "*" or c.slot()[2] == kind)
            for f, name, kind in slots
        )

    return belief.model_copy(update={"constraints": [c for c in belief.constraints if not dropped(c)]})


def replace_need(belief: Belief, need: str) -> Belief:
    """Start a new need: what described the old product goes; tastes and item history stay."""
    kept = [c for c in belief.constraints if c.field in ("brand", "text") and c.is_negative]
    return belief.model_copy(
        update={
            "need": need,
            "constraints": kept,
            "soft": [],
            "last_shown": [],
            "focus": None,
            "open_question": None,
        }
    )


def reject_items(belief: Belief, ids: list[str]) -> Belief:
    rejected = list(dict.fromkeys([*belief.rejected, *ids]))
    return belief.model_copy(
        update={
            "rejected": rejected,
            "liked": [i for i in belief.liked if i not in ids],
            "cart": [i for i in belief.cart if i not in ids],
            "focus": None if belief.focus in ids else belief.focus,
        }
    )


def like_items(belief: Belief, ids: list[str]) -> Belief:
    return belief.model_copy(
        update={
            "liked": list(dict.fromkeys([*belief.liked, *ids])),
            "rejected": [i for i in belief.rejected if i not in ids],
        }
    )


def add_to_cart(belief: Belief, ids: list[str]) -> Belief:
    return belief.model_copy(
        update={
            "cart": list(dict.fromkeys([*belief.cart, *ids])),
            "rejected": [i for i in belief.rejected if i not in ids],
        }
    )


def add_soft(belief: Belief, texts: list[str]) -> Belief:
    known = {s.text for s in belief.soft}
    extra = [SoftPreference(text=t) for t in texts if t and t not in known]
    return belief.model_copy(update={"soft": [*belief.soft, *extra][-8:]})


def record_shown(belief: Belief, ids: list[str]) -> Belief:
    if not ids:
        return belief
    return belief.model_copy(
        update={"shown": list(dict.fromkeys([*belief.shown, *ids])), "last_shown": list(ids)}
    )


def apply_update(belief: Belief, update: BeliefUpdate) -> Belief:
    """Apply one turn's update; the order matters: a new need first, then relax, then add."""
    if update.intent == "reset":
        return Belief(turns=belief.turns + 1)
    if update.new_need:
        belief = replace_need(belief, update.need or "")
    elif update.need:
        belief = belief.model_copy(update={"need": update.need})
    if update.relax:
        belief = relax(belief, update.relax)
    if update.add:
        belief = add_constraints(belief, update.add)
    if update.soft:
        belief = add_soft(belief, update.soft)
    if update.reject:
        belief = reject_items(belief, update.reject)
    if update.like:
        belief = like_items(belief, update.like)
    if update.add_to_cart:
        belief = add_to_cart(belief, update.add_to_cart)
    focus = update.references[0] if len(update.references) == 1 else belief.focus
    if update.reject and focus in update.reject:
        focus = None
    open_question = None if update.answered_question or update.intent != "clarify" else belief.open_question
    return belief.model_copy(
        update={"focus": focus, "open_question": open_question, "turns": belief.turns + 1}
    )
