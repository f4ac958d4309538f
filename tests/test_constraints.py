import pytest
from convrec.tools.constraints import Constraint

CASES = [
    Constraint(field="price", op="lt", value=450),
    Constraint(field="price", op="between", low=200, high=700),
    Constraint(field="attribute", name="width", op="ge", value=150),
    Constraint(field="attribute", name="storage", op="le", value=128),
    Constraint(field="category", op="in", values=["wardrobe"]),
    Constraint(field="category", op="not_in", values=["sofa bed"]),
    Constraint(field="brand", op="in", values=["nordhaus"]),
    Constraint(field="brand", op="not_in", values=["kallio", "hemma"]),
    Constraint(field="attribute", name="color", op="in", values=["white", "oak"]),
    Constraint(field="attribute", name="color", op="not_in", values=["white"]),
    Constraint(field="text", op="not_in", values=["glass door"]),
    Constraint(field="text", op="in", values=["small room"]),
    # a line refused by its titles' words only ("not the compact one"): copy that says it is not refused
    Constraint(field="text", name="title", op="not_in", values=["compact"]),
    Constraint(field="text", name="title", op="in", values=["compact"]),
]


def test_a_title_refusal_reads_titles_only(fixture_catalog) -> None:
    products = list(fixture_catalog.facts.iter_products())
    in_text = Constraint(field="text", op="not_in", values=["compact"])
    in_title = Constraint(field="text", name="title", op="not_in", values=["compact"])
    assert sum(map(in_title.satisfied_by, products)) > sum(map(in_text.satisfied_by, products))


@pytest.mark.parametrize("constraint", CASES, ids=lambda c: c.describe())
def test_sql_filter_agrees_with_python_check(fixture_catalog, constraint: Constraint) -> None:
    facts = fixture_catalog.facts
    by_sql = set(facts.ids_for(list(facts.filter_indexes([constraint]))).values())
    by_python = {p.id for p in facts.iter_products() if constraint.satisfied_by(p)}
    assert by_sql == by_python
    assert 0 < len(by_python) < len(facts)


def test_strict_and_inclusive_bounds_differ() -> None:
    assert Constraint(field="price", op="lt", value=450).bounds()[1] < 450
    assert Constraint(field="price", op="le", value=450).bounds()[1] == 450


def test_what_a_listing_says_it_lacks_is_not_a_mention(tmp_path) -> None:
    import sqlite3

    from convrec.tools.catalog import Product
    from convrec.tools.catalog_sql import SqliteCatalog

    def hotspot(pid: str, description: str, title: str = "Zap - Hotspot") -> Product:
        return Product(id=pid, title=title, category=["Hotspots"], description=description)

    products = [
        hotspot("h1", "No annual contract required. Works abroad."),
        hotspot("h2", "Needs a 2-year contract."),
        hotspot("h3", "Prepaid.", title="Zap - No-Contract Hotspot - Black"),
    ]
    refused = Constraint(field="text", op="not_in", values=["contract"])
    assert [p.id for p in products if refused.satisfied_by(p)] == ["h1", "h3"]

    path = tmp_path / "facts.sqlite"
    SqliteCatalog(path).sync(products, "USD")
    with sqlite3.connect(path) as db:  # a store written before refusals were left out of the text
        db.execute("UPDATE products SET text_phrase = ' no annual contract required '")
        db.execute("DELETE FROM meta WHERE key = 'derivation'")
    facts = SqliteCatalog(path)  # opening it rederives the columns, once
    assert set(facts.ids_for(list(facts.filter_indexes([refused]))).values()) == {"h1", "h3"}
    assert facts.meta("derivation") is not None
