import pytest
from convrec.tools.constraints import satisfies_all

from tests.loose_catalog import ingest_loose


def test_results_always_satisfy_the_hard_constraints(fixture_catalog) -> None:
    retriever = fixture_catalog.retriever
    for text in [
        "wardrobe under 800, at least 150 cm wide, not white",
        "phone under 400",
        "desk, not black",
        "sofa, no sofa bed",
        "cheap desk no glass",
    ]:
        result = retriever.search(text, k=5)
        assert result.candidates, text
        for cand in result.candidates:
            product = fixture_catalog.facts.get(cand.id)
            assert satisfies_all(product, result.constraints), (text, cand.id)


def test_ranking_finds_the_meant_product_despite_typos(fixture_catalog) -> None:
    result = fixture_catalog.retriever.search("standng desk with memry presets", k=3)
    assert result.candidates[0].id == "d2"
    assert result.query.corrections


def test_unsatisfiable_request_names_the_constraint_to_relax(fixture_catalog) -> None:
    result = fixture_catalog.retriever.search("wardrobe under 100", k=3)
    assert result.candidates == [] and result.matched == 0
    top = result.relaxations[0]
    assert top.constraint.field == "price"
    assert top.suggestion == "raise the limit to $129.00"
    assert result.closest and result.closest[0].id == "w5"


def test_evidence_says_why(fixture_catalog) -> None:
    result = fixture_catalog.retriever.search("desk under 300", k=2)
    reasons = result.candidates[0].evidence.constraints_met
    assert any("under your 300 limit" in r for r in reasons)


def test_methods_are_selectable(fixture_catalog) -> None:
    for method in ("bm25", "dense", "hybrid"):
        result = fixture_catalog.retriever.search("sleeper for guests", k=3, method=method)
        assert result.method == method and result.candidates


def test_excluded_items_are_never_returned(fixture_catalog) -> None:
    result = fixture_catalog.retriever.search("wardrobe", k=10, exclude=["w1", "w2"])
    assert {"w1", "w2"}.isdisjoint(c.id for c in result.candidates)


@pytest.fixture(scope="module")
def loose(settings, tmp_path_factory):
    return ingest_loose(settings, tmp_path_factory.mktemp("loose"))


def test_a_weak_category_ranks_instead_of_hiding_the_meant_product(loose) -> None:
    # x2 sits in the broad "Phone Cases", outside the leaf "Aurora X12 Cases" the words map to
    result = loose.retriever.search("aurora x12 case with drop protection", k=5)
    assert not any(c.field == "category" for c in result.constraints)
    assert result.candidates[0].id == "x2"
    filtered = loose.retriever.search(result.query, constraints=result.query.preferences, k=5)
    assert "x2" not in {c.id for c in filtered.candidates}  # what the old hard filter did


def test_a_preferred_category_moves_its_products_up(loose) -> None:
    parsed = loose.retriever.parser.parse("aurora x12 case with drop protection")
    with_preference = [c.id for c in loose.retriever.search(parsed, k=6).candidates]
    without = [
        c.id for c in loose.retriever.search(parsed.model_copy(update={"preferences": []}), k=6).candidates
    ]
    assert with_preference.index("x1") < without.index("x1")  # x1 is the leaf's one product
    for method in ("bm25", "dense"):
        ranked = [c.id for c in loose.retriever.search(parsed, k=6, method=method).candidates]
        assert "x1" in ranked and "x2" in ranked


def test_a_strong_category_still_filters(loose) -> None:
    result = loose.retriever.search("a case under 30", k=10)
    assert result.candidates and result.query.preferences == []
    for cand in result.candidates:
        product = loose.facts.get(cand.id)
        assert "Phone Cases" in product.category and product.price < 30
