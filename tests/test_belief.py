from convrec.agent.belief import Belief, BeliefUpdate, add_constraints, apply_update, relax, replace_need
from convrec.tools.constraints import Constraint

UNDER_500 = Constraint(field="price", op="lt", value=500)
UNDER_300 = Constraint(field="price", op="lt", value=300)
DESK = Constraint(field="category", op="in", values=["desk"])
NOT_WHITE = Constraint(field="attribute", name="color", op="not_in", values=["white"])
NOT_BLACK = Constraint(field="attribute", name="color", op="not_in", values=["black"])
NOT_ACME = Constraint(field="brand", op="not_in", values=["acme"])


def test_a_tighter_bound_replaces_the_old_one_in_its_slot() -> None:
    belief = add_constraints(Belief(constraints=[DESK, UNDER_500]), [UNDER_300])
    assert [c.describe() for c in belief.constraints] == ["category desk", "price under 300"]


def test_exclusions_accumulate() -> None:
    belief = add_constraints(Belief(constraints=[NOT_WHITE]), [NOT_BLACK])
    assert belief.constraints[0].values == ["black", "white"]


def test_relax_drops_a_field() -> None:
    belief = relax(Belief(constraints=[DESK, UNDER_500]), [("price", None, "*")])
    assert belief.constraints == [DESK]


def test_new_need_drops_what_described_the_old_product_but_keeps_tastes() -> None:
    old = Belief(
        need="desk", constraints=[DESK, UNDER_500, NOT_WHITE, NOT_ACME], last_shown=["d1"], rejected=["d2"]
    )
    new = replace_need(old, "bed")
    assert new.need == "bed" and new.constraints == [NOT_ACME]
    assert new.rejected == ["d2"] and new.last_shown == []


def test_rejected_items_leave_likes_and_cart_and_focus() -> None:
    belief = Belief(liked=["a"], cart=["a"], focus="a")
    after = apply_update(belief, BeliefUpdate(intent="recommend", reject=["a"]))
    assert after.rejected == ["a"] and after.liked == [] and after.cart == [] and after.focus is None


def test_reset_forgets_everything_but_counts_the_turn() -> None:
    after = apply_update(Belief(need="desk", constraints=[DESK], turns=4), BeliefUpdate(intent="reset"))
    assert after == Belief(turns=5)


def test_a_single_reference_becomes_the_focus() -> None:
    after = apply_update(Belief(), BeliefUpdate(intent="answer", references=["d1"]))
    assert after.focus == "d1"
