"""Why an add-on goes with a product, on the fixture catalog plus listings that say what they fit only in
their titles (Best Buy's way: "Case for Apple® iPhone® 7"), through the real graph and stores."""

from __future__ import annotations

import pytest
from convrec.agent.evidence import goes_with
from convrec.tools.catalog import Product
from langgraph.checkpoint.memory import InMemorySaver

from convrec.compose import build_agent
from tests.catalog_fixture import PRODUCTS, write_jsonl

PLANS = ["Electronics", "Cell Phones", "All Cell Phones with Plans"]
ACCESSORIES = ["Electronics", "Cell Phone Accessories"]
# no `compatible_with` column: only the titles say what fits what
TITLED: list[dict] = [
    {"id": "t-i7", "title": "Apple - iPhone 7 32GB - Black (Verizon)", "category": PLANS, "brand": "Apple", "price": 649.99},
    {"id": "t-i7p", "title": "Apple - iPhone 7 Plus 128GB - Silver (AT&T)", "category": PLANS, "brand": "Apple", "price": 869.99},
    {"id": "t-ise", "title": "Apple - iPhone SE 16GB - Space Gray", "category": ["Electronics", "Cell Phones", "iPhone"], "brand": "Apple", "price": 399.99},
    {"id": "t-s7", "title": "Samsung - Galaxy S7 32GB - Black Onyx (Verizon)", "category": PLANS, "brand": "Samsung", "price": 669.99},
    {"id": "t-c7", "title": "Speck - Presidio Case for Apple® iPhone® 7 - Black", "category": [*ACCESSORIES, "Cell Phone Cases"], "brand": "Speck", "price": 39.99},
    {"id": "t-c7p", "title": "Speck - Presidio Case for Apple® iPhone® 7 Plus - Black", "category": [*ACCESSORIES, "Cell Phone Cases"], "brand": "Speck", "price": 44.99},
    {"id": "t-g7", "title": "ZAGG - InvisibleShield Screen Protector for Apple® iPhone® 6s and 7", "category": [*ACCESSORIES, "Screen Protectors"], "brand": "ZAGG", "price": 29.99},
    {"id": "t-cs7", "title": "OtterBox - Defender Series Case for Samsung Galaxy S7 Cell Phones - Black", "category": [*ACCESSORIES, "Cell Phone Cases"], "brand": "OtterBox", "price": 49.99},
    {"id": "t-adapter", "title": "Samsung - Galaxy Micro-USB-to-USB Adapter - White", "category": ["Electronics", "Samsung Galaxy", "Samsung Galaxy Accessories"], "brand": "Samsung", "price": 19.99},
    {"id": "t-cable", "title": "Insignia™ - Lightning Cable - White", "category": [*ACCESSORIES, "Data Cables"], "brand": "Insignia", "price": 14.99},
]  # fmt: skip


@pytest.fixture(scope="module")
def agent(settings, tmp_path_factory: pytest.TempPathFactory):
    from convrec.cli_catalog import ingest_file
    from convrec.compose import open_catalog

    path = write_jsonl(tmp_path_factory.mktemp("titled") / "titled.jsonl", [*PRODUCTS, *TITLED])
    ingest_file(settings, path, "titled", None, show_progress=False)
    return build_agent(
        settings, "titled", checkpointer=InMemorySaver(), runtime=open_catalog(settings, "titled")
    )


def reasons(reply) -> dict[str, str]:
    return {p.id: p.why[-1] for p in reply.products}


def fully_grounded(reply) -> bool:
    counts = reply.grounding
    return (
        counts.claims_checked == counts.claims_supported and not counts.claims_fixed + counts.claims_removed
    )


@pytest.mark.parametrize(
    ("anchor", "add_on", "reason"),
    [
        ("t-i7", "t-c7", "made for the iPhone 7"),  # "Case for Apple® iPhone® 7"
        ("t-i7", "t-g7", "made for the iPhone 7"),  # "for Apple® iPhone® 6s and 7"
        ("t-i7p", "t-c7p", "made for the iPhone 7 Plus"),
        ("t-s7", "t-cs7", "made for the Galaxy S7"),
        ("t-s7", "a2", "made for the Galaxy S7"),  # a `compatible_with` column says it
        ("p1", "a1", "made for the Aurora X12"),
    ],
)
def test_an_add_on_says_the_model_it_is_made_for(agent, anchor: str, add_on: str, reason: str) -> None:
    reply = agent.act(f"{anchor}-{add_on}", "complement", anchor)
    assert reply.kind == "complement" and reasons(reply)[add_on] == reason
    title = agent.context.world.catalog.get(add_on).title
    assert any(title in line and line.endswith(f"Why: {reason}.") for line in reply.text.splitlines())
    assert fully_grounded(reply) and reply.grounding.claims_checked >= len(reply.products)


def test_other_add_ons_are_bought_with_the_line_the_title_names(agent) -> None:
    iphone = agent.act("line-i7", "complement", "t-i7")
    made_for = {"t-c7", "t-g7"}
    assert made_for <= set(reasons(iphone))  # what fits comes first
    assert all(r == "often bought with iPhones" for i, r in reasons(iphone).items() if i not in made_for)
    assert "all cell phones with plans" not in iphone.text.lower() and fully_grounded(iphone)

    galaxy = agent.act("line-s7", "complement", "t-s7")
    others = [r for i, r in reasons(galaxy).items() if i not in {"t-cs7", "a2"}]
    assert others and all(r == "often bought with Samsung Galaxy phones" for r in others)
    assert fully_grounded(galaxy)  # "Samsung" is a brand: the anchor's title supports it


def test_a_phone_nothing_names_gets_its_kind_not_a_made_up_fit(agent) -> None:
    reply = agent.act("zenit", "complement", "p3")  # "Zenit Lite Phone 64 GB, blue": no add-on names it
    assert reply.products and set(reasons(reply).values()) <= {"often bought with phones"}
    assert "made for" not in reply.text and fully_grounded(reply)


def product(**fields) -> Product:
    return Product(currency="USD", **fields)


def test_a_shorter_model_name_is_not_the_longer_one() -> None:
    # without the history model's verdict (its search fallback), the reason still reads the title right
    plus = product(
        id="i7p", title="Apple - iPhone 7 Plus 128GB - Silver (AT&T)", category=PLANS, brand="Apple"
    )
    case = product(id="c7", title="Speck - Presidio Case for Apple® iPhone® 7 - Black", category=["Cases"])
    lens = product(id="lens", title="olloclip - Core Lens Set for Apple® iPhone® 7 and 7 Plus - Black", category=["Lenses"])  # fmt: skip
    makers = {"apple", "speck", "olloclip"}
    assert goes_with(plus, case, {}, makers) == "often bought with cell phones"
    assert goes_with(plus, lens, {}, makers) == "made for the iPhone 7 Plus"
