from convrec.tools.constraints import satisfies_all


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
