import pytest
from convrec.tools.query import QueryParser


@pytest.fixture(scope="module")
def parser(fixture_catalog) -> QueryParser:
    return fixture_catalog.index.parser


def described(parser: QueryParser, text: str) -> set[str]:
    return {c.describe() for c in parser.parse(text).constraints}


def test_the_issue_example(parser: QueryParser) -> None:
    got = described(parser, "wardrobe under 800 dollars, at least 150 cm wide, not white")
    assert got == {"category wardrobe", "price under 800 USD", "width at least 150 cm", "color not white"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("desk between 100 and 300", {"category desk", "price between 100 USD and 300 USD"}),
        ("a desk for a small room, max $500", {"category desk", "price at most 500 USD"}),
        ("wardrobe no taller than 2 m", {"category wardrobe", "height at most 200 cm"}),
        ("phone with at least 128GB", {"category phone", "storage at least 128 GB"}),
        ("sofa but not a sofa-bed", {"category sofa", "category not sofa bed"}),
        ("wardrobe, no glass doors", {"category wardrobe", "no glass door"}),
        (
            "not kallio, wardrobe over 60 inches wide",
            {"brand not kallio", "category wardrobe", "width over 152.4 cm"},
        ),
        ("nordhaus wardrobe", {"brand nordhaus", "category wardrobe"}),
        ("NORDHAÜS wardobe", {"brand nordhaus", "category wardrobe"}),
        ("a case for my aurora x12", {"category phone case", "compatible with aurora x12"}),
        ("couch for 2", {"category sofa"}),
    ],
)
def test_parses_constraints(parser: QueryParser, text: str, expected: set[str]) -> None:
    assert described(parser, text) == expected


def test_later_bound_replaces_earlier(parser: QueryParser) -> None:
    assert described(parser, "desk under 500, actually under 300") == {"category desk", "price under 300 USD"}


def test_sort_words(parser: QueryParser) -> None:
    assert parser.parse("cheapest desk").sort == "price_asc"


def test_gibberish_and_huge_input_parse_safely(parser: QueryParser) -> None:
    assert parser.parse("asdkj qwpoe zzzz 1234").constraints is not None
    parsed = parser.parse("desk " * 5000)
    assert any(c.field == "category" for c in parsed.constraints)
