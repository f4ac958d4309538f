from collections import Counter

import pytest
from convrec.tools.category_evidence import CategoryEvidence
from convrec.tools.query import QueryParser
from convrec.tools.text import phrase
from convrec.tools.vocabulary import Vocabulary

from tests.loose_catalog import ingest_loose


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
        ("a desk, nothing over 150", {"category desk", "price at most 150 USD"}),
        ("wardrobe, not under 300", {"category wardrobe", "price at least 300 USD"}),
        ("not more than 200 for a desk", {"category desk", "price at most 200 USD"}),
        ("power bank, 5000 mah or less", {"category power bank", "battery at most 5000 mAh"}),
        ("phone with 128GB or more", {"category phone", "storage at least 128 GB"}),
        ("a desk for $150 or less", {"category desk", "price at most 150 USD"}),
        ("wardrobe $300 or more", {"category wardrobe", "price at least 300 USD"}),
        ("a phone case for $15", {"category phone case", "price at most 15 USD"}),
        # "or wider" is a bound; a currency before the number after it makes a price, not a width
        (
            "a desk 150 cm or wider under $500",
            {"category desk", "width at least 150 cm", "price under 500 USD"},
        ),
    ],
)
def test_parses_constraints(parser: QueryParser, text: str, expected: set[str]) -> None:
    assert described(parser, text) == expected


def test_a_measurement_no_wanted_product_has_ranks_instead_of_filtering(parser: QueryParser) -> None:
    # cases have no screen size: "6.5 in" is the phone's, so it stays in the ranking text only
    parsed = parser.parse("phone case 6.5 in")
    assert {c.describe() for c in parsed.constraints} == {"category phone case"}
    assert "6.5 in" in parsed.ranking_text
    assert "screen size between" in " ".join(described(parser, "phone 6.5 in"))


def test_later_bound_replaces_earlier(parser: QueryParser) -> None:
    assert described(parser, "desk under 500, actually under 300") == {"category desk", "price under 300 USD"}


def test_sort_words(parser: QueryParser) -> None:
    assert parser.parse("cheapest desk").sort == "price_asc"


def test_gibberish_and_huge_input_parse_safely(parser: QueryParser) -> None:
    assert parser.parse("asdkj qwpoe zzzz 1234").constraints is not None
    parsed = parser.parse("desk " * 5000)
    assert any(c.field == "category" for c in parsed.constraints)


# -- category words: filter when the catalog files their products there, rank by them when it does not --


@pytest.fixture(scope="module")
def loose(settings, tmp_path_factory):
    return ingest_loose(settings, tmp_path_factory.mktemp("loose"))


def test_a_leaf_holding_few_of_the_products_it_names_becomes_a_preference(loose) -> None:
    parsed = loose.index.parser.parse("an aurora x12 case")
    assert not any(c.field == "category" for c in parsed.constraints)
    assert [(c.field, c.values) for c in parsed.preferences] == [("category", ["aurora x12 case"])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a case under 30", {"category aurora x12 case or phone case", "price under 30 USD"}),
        ("phone under 400", {"category phone", "price under 400 USD"}),
        ("a desk under 500", {"category desk", "price under 500 USD"}),
    ],
)
def test_a_category_that_holds_what_its_word_names_stays_a_filter(
    loose, text: str, expected: set[str]
) -> None:
    parsed = loose.index.parser.parse(text)
    assert {c.describe() for c in parsed.constraints} == expected
    assert parsed.preferences == []


def test_the_shoppers_own_phone_is_what_the_product_fits(parser: QueryParser) -> None:
    parsed = parser.parse("something to charge my phone on the go")
    assert not any(c.field == "category" for c in (*parsed.constraints, *parsed.preferences))
    assert "phone" in parsed.modifiers
    assert described(parser, "a case for my aurora x12") == {
        "category phone case",
        "compatible with aurora x12",
    }


def test_a_refused_object_later_in_the_phrase(parser: QueryParser) -> None:
    got = described(parser, "charge my phone without using a power bank")
    assert got == {"category not power bank"}
    kept = parser.parse("a desk, no scratches on my phone").constraints  # scratches are refused, not phones
    assert "category desk" in {c.describe() for c in kept}
    assert not any(c.field == "category" and c.is_negative for c in kept)
    # a new clause ends what is refused
    assert described(parser, "no outlets, i want a power bank") == {"no outlet", "category power bank"}
    assert described(parser, "a power bank that doesn't need a cable") == {"no cable", "category power bank"}


def test_doubt_or_past_words_refuse_no_later_object(parser: QueryParser) -> None:
    for text in ("not sure which phone to get, under 500", "never owned a desk before, one under 300"):
        assert not any(c.is_negative and c.field == "category" for c in parser.parse(text).constraints), text


def test_the_next_thing_a_shopper_owns_is_what_they_want(parser: QueryParser) -> None:
    assert described(parser, "my next phone should be under 300") == {"category phone", "price under 300 USD"}
    assert "phone" in parser.parse("charge my old phone in the car").modifiers


def test_two_letter_and_shortened_brand_names(loose) -> None:
    parser = loose.index.parser
    assert described(parser, "lg phone under 400") == {"brand lg", "category phone", "price under 400 USD"}
    assert described(parser, "kate spade case") == {
        "brand kate spade new york",
        "category aurora x12 case or phone case",
    }
    assert "brand not kate spade new york" in described(parser, "a case, not kate spade")
    assert described(parser, "a desk in oak") == {"category desk", "color oak"}  # "in" is no brand


def test_category_evidence_counts_what_titles_name() -> None:
    evidence = CategoryEvidence(
        [
            phrase(t)
            for t in [
                "Case for Zeta 7",
                "Zeta 7 Phone",
                "Zeta 7 Case",
                "Zeta 7 Case, red",
                "Zeta 7 Case, blue",
            ]
        ],
        [{"case"}, {"phone"}, {"zeta 7 case"}, {"case"}, {"case"}],
    )
    assert evidence.coverage(["zeta", "7", "case"], ["zeta 7 case"]) == pytest.approx(1 / 3)
    assert evidence.weak(["zeta", "7", "case"], ["zeta 7 case"])
    assert not evidence.weak(["case"], ["case", "zeta 7 case"])
    assert evidence.coverage(["phone"], ["phone"]) is None  # one title says too little to judge


def test_of_two_category_words_the_titles_decide_which_is_the_product() -> None:
    titles = [
        "Galaxy S7 Phone",
        "Galaxy S8 Phone",
        "Tough Case Galaxy S7",
        "Slim Case Galaxy S7",
        "Case Galaxy S8",
    ]
    cats = [{"galaxy"}, {"galaxy"}, {"case"}, {"case"}, {"case"}]
    vocabulary = Vocabulary(
        categories={"galaxy": "Galaxy", "case": "Cases"},
        category_sizes={"galaxy": 2, "case": 3},
        catalog_size=5,
    ).finish()
    parser = QueryParser(vocabulary, CategoryEvidence([phrase(t) for t in titles], cats))
    assert described(parser, "tough case galaxy s7") == {"category case"}  # not the last word, a phone
    assert described(QueryParser(vocabulary), "tough case galaxy s7") == {"category galaxy"}


def test_a_category_named_by_two_others_is_a_kind_of_both() -> None:
    titles = ["Oslo 3-Seat Sofa", "Bergen Sofa Bed", "Nara Sofa Bed", "Queen Bed", "Tide Lamp for Sofa"]
    cats = [{"sofa"}, {"sofa bed"}, {"sofa bed"}, {"bed"}, {"lamp"}]
    vocabulary = Vocabulary(
        categories={"sofa": "Sofas", "bed": "Beds", "sofa bed": "Sofa Beds", "lamp": "Lamps"},
        category_sizes={"sofa": 1, "bed": 1, "sofa bed": 2, "lamp": 1},
        catalog_size=5,
    ).finish()
    parser = QueryParser(vocabulary, CategoryEvidence([phrase(t) for t in titles], cats))
    # the guests' sofa may be a sofa bed; a bed for the guest room too; a lamp is never one
    assert described(parser, "a sofa my guests can sleep on") == {"category sofa or sofa bed"}
    assert described(parser, "a bed for the guest room") == {"category bed or sofa bed"}
    assert described(parser, "a sofa bed") == {"category sofa bed"}
    assert described(parser, "a lamp") == {"category lamp"}


def test_the_word_after_a_category_word_can_name_another_product() -> None:
    titles = [
        "Zeta 7 Phone",
        "Zeta 8 Phone",
        "Zeta 9 Phone",
        "Vent Holder for Phones",
        "Phone Holder",
        "Phone Holder",
        "Mini Tripod",
        "Flexible Tripod",
        "Tripod Stand",
    ]
    cats = [{"phone"}, {"phone"}, {"phone"}, *[{"mount"}] * 6]
    vocabulary = Vocabulary(
        categories={"phone": "Phones", "mount": "Mounts"},
        category_sizes={"phone": 3, "mount": 6},
        catalog_size=9,
    ).finish()
    parser = QueryParser(vocabulary, CategoryEvidence([phrase(t) for t in titles], cats))
    # titles saying "phone holder" are mounts: "phone" only ranks; a word no title says keeps the filter
    assert [c.describe() for c in parser.parse("air vent phone holder").preferences] == ["category phone"]
    assert described(parser, "air vent phone holder") == set()
    assert described(parser, "a phone grandma can use") == {"category phone"}
    # no title says "phone tripod", and the tripods are mounts: "phone" only ranks
    assert described(parser, "a phone tripod") == set()
    assert [c.describe() for c in parser.parse("a phone tripod").preferences] == ["category phone"]


def test_a_blend_is_not_what_a_product_is_made_for() -> None:
    titles = [
        "Zeta 7 Phone",
        "Zeta 8 Phone",
        "Glass Guard for Zeta 7",
        "Film Guard for Zeta 8",
        "Guard for Zeta",
    ]
    cats = [{"zeta"}, {"zeta"}, {"zeta guard"}, {"zeta guard"}, {"guard"}]
    vocabulary = Vocabulary(
        categories={"zeta": "Zeta", "guard": "Guards", "zeta guard": "Zeta Guards"},
        category_sizes={"zeta": 2, "guard": 1, "zeta guard": 2},
        catalog_size=5,
    ).finish()
    parser = QueryParser(vocabulary, CategoryEvidence([phrase(t) for t in titles], cats))
    # titles say "zeta" after "for": a guard for a zeta is no zeta
    assert "zeta guard" not in {v for c in parser.parse("a zeta").constraints for v in c.values}


def test_an_everyday_word_is_not_corrected_into_a_catalog_word() -> None:
    words = "lamp phone chair glass launch purse wardrobe standing desk".split()
    vocab = Vocabulary(words=Counter(words)).finish()
    # each is a letter or two from a catalog word, and none is a typo
    everyday = ["chain", "class", "lunch", "nurse"]
    assert [vocab.correct(w) for w in everyday] == everyday
    assert [vocab.correct(w) for w in ("standng", "wardobe", "chiar")] == ["standing", "wardrobe", "chair"]


def test_what_the_shopper_does_something_with_is_not_what_they_buy(parser: QueryParser) -> None:
    for text in ("talk on the phone hands-free", "charge the whole family's phones overnight"):
        assert not [c for c in parser.parse(text).constraints if c.field == "category"], text
    assert "category phone" in described(parser, "a phone to talk to my grandkids")
    assert "category phone case" in described(parser, "a case to hold my phone")


def test_a_brand_and_product_line_that_titles_say_after_for_name_what_a_product_fits() -> None:
    titles = [
        "Zeta Watch 40 mm",
        "Band for Zeta Watch, red",
        "Band for Zeta Watch, blue",
        "Leather Band for Zeta Watch",
        "Zeta Band, white",
        "Zeta Charger for Zeta Watch",
    ]
    cats = [{"watch"}, {"band"}, {"band"}, {"band"}, {"band"}, {"charger"}]
    vocabulary = Vocabulary(
        categories={"watch": "Watches", "band": "Bands", "charger": "Chargers"},
        brands={"zeta": "Zeta", "kappa": "Kappa"},
        category_sizes={"watch": 1, "band": 4, "charger": 1},
        catalog_size=6,
    ).finish()
    parser = QueryParser(vocabulary, CategoryEvidence([phrase(t) for t in titles], cats))
    # a band that fits a zeta watch, whoever made it; the watch itself is still zeta's
    assert described(parser, "zeta watch band") == {"category band"}
    assert "zeta" in parser.parse("zeta watch band").modifiers
    assert "brand zeta" in described(parser, "zeta watch")
    assert described(parser, "kappa zeta watch strap") == {"brand kappa"}  # kappa made it, for a zeta watch
    # a product no category word names, for a zeta watch: "strap" is no category here
    assert described(parser, "zeta watch leather strap") == set()
    assert "zeta" in parser.parse("zeta watch leather strap").modifiers
    assert "brand zeta" in described(parser, "zeta watch under 300")
    assert described(parser, "zeta band") == {"brand zeta", "category band"}  # not said after "for"


def test_brands_named_together_are_alternatives(parser: QueryParser) -> None:
    brands = [c for c in parser.parse("a samsung or aurora phone").constraints if c.field == "brand"]
    assert [(c.op, c.values) for c in brands] == [("in", ["aurora", "samsung"])]
    assert "price under 300 USD" in described(parser, "phone under 500, no, under 300")


def test_refusing_part_of_the_wanted_category_does_not_refuse_the_category() -> None:
    vocabulary = Vocabulary(
        categories={"case clip": "Cases & Clips", "cable": "Cables"},
        category_sizes={"case clip": 3, "cable": 2},
        catalog_size=5,
    ).finish()
    parser = QueryParser(vocabulary)
    # "clip" and "case" both name "cases & clips": refusing it would leave nothing to show
    assert described(parser, "case without a clip") == {"category case clip"}
    assert described(parser, "a cable, no clip") == {"category cable", "category not case clip"}


def test_a_brand_filter_covers_the_catalogs_misspellings_of_it() -> None:
    brands = {b: b.title() for b in ("insignia", "insginia", "sonix", "sonic", "dynex")}
    parser = QueryParser(Vocabulary(categories={"charger": "Chargers"}, brands=brands).finish())
    assert described(parser, "charger not insignia") == {"brand not insginia or insignia", "category charger"}
    assert described(parser, "sonix charger") == {"brand sonix", "category charger"}  # a different brand
    assert described(parser, "dynex charger") == {"brand dynex", "category charger"}


def test_every_brand_listed_after_a_refusal_is_refused(parser: QueryParser) -> None:
    assert described(parser, "a phone, not samsung or aurora") == {
        "brand not aurora or samsung",
        "category phone",
    }
    assert described(parser, "wardrobe, anything but kallio, hemma or nordhaus") == {
        "brand not hemma or kallio or nordhaus",
        "category wardrobe",
    }
    # "made by" is how the shopper says it; the brand is what is refused, not the words
    assert described(parser, "a wardrobe that isn't made by kallio") == {
        "brand not kallio",
        "category wardrobe",
    }
    # a name after a refused one, outside a list that "or" closes, is wanted: the commas are folded away
    assert described(parser, "no aurora, samsung is better") == {"brand not aurora", "brand samsung"}
    # a new clause after "and" is not one more refused brand
    assert described(parser, "not samsung and i want a phone case") == {
        "brand not samsung",
        "category phone case",
    }


def test_a_refused_doing_with_no_product_word_refuses_nothing(parser: QueryParser) -> None:
    for text in (
        "protect my phone without making it any thicker",
        "charge my phone by setting it down, no plugging in",
        "take photos without touching my phone",
    ):
        assert not [c for c in parser.parse(text).constraints if c.is_negative], text
    assert described(parser, "charge my phone without using a power bank") == {"category not power bank"}
    # a word ending in "ing" before a noun names a thing: "a ring holder", "a charging port"
    assert "no ring holder" in described(parser, "phone case without a ring holder")


def test_a_brand_that_names_another_makers_line_does_not_filter() -> None:
    titles = [
        "Huawei Zeta Nexus 6P Phone",
        "Huawei Zeta Nexus 6P Phone, gold",
        "Kappa Zeta Nexus 5X Phone",
        "Zeta Pixel Phone",
        "Zeta Pixel XL Phone",
        "Zeta Pixel Phone, blue",
    ]
    vocabulary = Vocabulary(
        categories={"phone": "Phones"},
        brands={"zeta": "Zeta", "huawei": "Huawei", "kappa": "Kappa"},
        category_sizes={"phone": 6},
        catalog_size=6,
    ).finish()
    brands = ["huawei", "huawei", "kappa", "zeta", "zeta", "zeta"]
    evidence = CategoryEvidence([phrase(t) for t in titles], [{"phone"}] * 6, brands)
    parser = QueryParser(vocabulary, evidence)
    # titles saying "zeta nexus" are huawei's and kappa's: "zeta" names the line, not its maker
    assert described(parser, "zeta nexus phone") == {"category phone"}
    assert "zeta" in parser.parse("zeta nexus phone").modifiers
    assert described(parser, "zeta pixel phone") == {"brand zeta", "category phone"}


def test_a_brand_and_the_longer_names_it_is_listed_under_are_one_maker() -> None:
    vocabulary = Vocabulary(
        categories={"sim card": "SIM Cards"},
        brands={"h2o": "H2O", "h2o wireless": "H2O Wireless", "insignia": "Insignia", "insginia": "Insginia"},
        category_sizes={"sim card": 3},
        catalog_size=3,
    ).finish()
    assert vocabulary.spellings("h2o wireless") == ["h2o", "h2o wireless"]
    assert vocabulary.spellings("h2o") == ["h2o", "h2o wireless"]
    assert vocabulary.spellings("insignia") == ["insginia", "insignia"]
    assert described(QueryParser(vocabulary), "h2o wireless sim card") == {
        "brand h2o or h2o wireless",
        "category sim card",
    }


def test_what_the_shopper_just_got_is_what_the_product_fits(parser: QueryParser) -> None:
    parsed = parser.parse("just got a samsung and need a case")
    assert described(parser, "just got a samsung and need a case") == {"category phone case"}
    assert "samsung" in parsed.modifiers
    assert "brand samsung" in described(parser, "do you have a samsung phone")  # asking, not owning
    assert "brand samsung" in described(parser, "have you got any samsung phones")


def test_a_named_makers_products_filed_outside_the_category_word_only_rank() -> None:
    titles = ["Zeta Booster Pro", "Zeta Booster Mini", "Kappa Booster", "Lambda Booster", "Mu Booster"]
    cats = [{"add on"}, {"add on"}, {"booster"}, {"booster"}, {"booster"}]
    vocabulary = Vocabulary(
        categories={"booster": "Boosters", "add on": "Add-Ons"},
        brands={"zeta": "Zeta", "kappa": "Kappa", "lambda": "Lambda", "mu": "Mu"},
        category_sizes={"booster": 3, "add on": 2},
        catalog_size=5,
    ).finish()
    brands = ["zeta", "zeta", "kappa", "lambda", "mu"]
    parser = QueryParser(vocabulary, CategoryEvidence([phrase(t) for t in titles], cats, brands))
    # zeta files its boosters under add-ons: "booster" ranks zeta's up instead of hiding them
    assert described(parser, "zeta booster") == {"brand zeta"}
    assert [c.describe() for c in parser.parse("zeta booster").preferences] == ["category booster"]
    assert described(parser, "kappa booster") == {"brand kappa", "category booster"}


def test_a_category_word_used_as_a_verb_is_not_what_is_bought(parser: QueryParser) -> None:
    # "desk" names a category; "to desk it" is no request for one, "a desk to work at" is
    assert not [c for c in parser.parse("something to desk it up").constraints if c.field == "category"]
    assert "category desk" in described(parser, "a desk to work at")


def test_inches_after_a_model_number_are_a_preposition(parser: QueryParser) -> None:
    # "aurora x12 7 in real leather": no length; "phone 6.5 in" still reads the screen size
    assert not [c for c in parser.parse("dress my aurora 7 in real leather").constraints if c.is_numeric]
    assert not [c for c in parser.parse("a phone 7 in a couple of months").constraints if c.is_numeric]
    assert "screen size between" in " ".join(described(parser, "phone 6.5 in"))


def test_refusing_the_named_one_refuses_it(parser: QueryParser) -> None:
    assert described(parser, "a phone, not the samsung one") == {"category phone", "brand not samsung"}
    assert described(parser, "wardrobe, not the kallio") == {"category wardrobe", "brand not kallio"}
    # "the" + a word the catalog does not name refuses nothing: "not the cheapest" is no text exclusion
    assert described(parser, "a desk, not the cheapest") == {"category desk"}


def test_what_the_shopper_has_or_would_rather_not_buy_is_no_filter(parser: QueryParser) -> None:
    for text in (
        "start service on a used phone i bought last week",
        "the phone we already own needs a cheaper plan",
        "i d rather fix it than get a new phone",
    ):
        parsed = parser.parse(text)
        assert not [c for c in parsed.constraints if c.field == "category"], text
        assert "phone" in parsed.modifiers, text
    assert "category phone" in described(parser, "a phone i can give my son")
    # a price's "than" is not the shopper's comparison
    assert described(parser, "not more than 200 for a desk") == {"category desk", "price at most 200 USD"}


def test_a_measurement_no_product_comes_near_is_what_the_shopper_owns() -> None:
    vocabulary = Vocabulary(
        categories={"band": "Bands", "cable": "Cables"},
        numeric={"length": "cm"},
        numeric_ranges={"length": (30.0, 300.0)},
    ).finish()
    parser = QueryParser(vocabulary)
    # a 42 mm watch is 4.2 cm: no product here is near that long, so it constrains no length
    assert described(parser, "a band for my 42mm watch") == {"category band"}
    assert "42mm" in parser.parse("a band for my 42mm watch").ranking_text
    assert described(parser, "a 6 ft cable") == {"category cable", "length between 164.592 cm and 201.168 cm"}


def test_a_negated_limit_on_spending_is_a_limit() -> None:
    parser = QueryParser(Vocabulary(categories={"charger": "Chargers"}).finish())
    assert described(parser, "a charger, I'm not spending more than $100") == {
        "category charger",
        "price at most 100 USD",
    }
    assert described(parser, "charger but i don't want to pay over 50 dollars") == {
        "category charger",
        "price at most 50 USD",
    }


def test_a_count_of_something_else_is_no_price_and_no_name() -> None:
    vocabulary = Vocabulary(
        categories={"booster": "Signal Boosters", "case": "Cases"}, brands={"square": "Square"}
    ).finish()
    parser = QueryParser(vocabulary)
    assert described(parser, "a booster for a house of about 1,500 square feet") == {"category booster"}
    assert described(parser, "a case my 5 year old can't break") == {"category case"}
    assert described(parser, "a booster under 300 for 4 people") == {
        "category booster",
        "price under 300 USD",
    }


def test_a_person_an_adverb_or_a_lack_is_not_refused() -> None:
    parser = QueryParser(Vocabulary(categories={"charger": "Chargers"}).finish())
    assert described(parser, "a charger, not too bulky") == {"category charger", "no bulky"}
    assert described(parser, "a charger, not for him") == {"category charger"}
    assert described(parser, "a charger, the kids riot without their shows") == {"category charger"}
    assert described(parser, "i don't want him on a contract, a charger") == {"category charger"}
    assert described(parser, "a car charger, there's no outlet where i park") == {"category charger"}
    assert described(parser, "a charger, no outlet") == {"category charger", "no outlet"}
    assert described(parser, "a charger for a cabin with no outlet") == {"category charger"}
    assert described(parser, "a charger with no cable") == {"category charger", "no cable"}
    assert described(parser, "a charger, something with no cable") == {"category charger", "no cable"}


def test_a_line_named_before_one_a_colour_after_any_colour_but_and_an_article_after_or_are_refused() -> None:
    vocabulary = Vocabulary(
        categories={"case": "Cases", "car mount": "Car Mounts", "wireless charger": "Wireless Chargers"},
        words=Counter({"tactical": 3, "evo": 5, "edge": 4, "defender": 2, "size": 9, "slim": 3}),
        text_values={"color": ["black", "pink"]},
    ).finish()
    parser = QueryParser(vocabulary)
    assert described(parser, "an evo case but not the tactical one") == {"category case", "no tactical"}
    refused = parser.parse("an evo case but not the tactical one").constraints
    assert [c.name for c in refused if c.field == "text"] == ["title"]  # the line is in titles, not copy
    assert described(parser, "a case, not the edge") == {"category case", "no edge"}
    # a word no title says is skipped: "bulky" describes the line "defender"
    assert described(parser, "a case that isnt the bulky defender") == {"category case", "no defender"}
    # two refusals in a row: the second starts inside the first one's reach
    assert described(parser, "a case, not the edge, and not the slim one") == {
        "category case",
        "no edge or slim",
    }
    assert described(parser, "a case, not the right size") == {"category case"}
    # a rank or a size is no line: nothing is refused
    assert described(parser, "a case, not the cheapest one") == {"category case"}
    assert described(parser, "a case, not the big one") == {"category case"}
    assert described(parser, "a case, any color but black") == {"category case", "color not black"}
    assert described(parser, "a wireless charger that isn't a case or a car mount") == {
        "category wireless charger",
        "category not car mount or case",
    }
    assert described(parser, "a wireless charger, no case nor a car mount") == {
        "category wireless charger",
        "category not car mount or case",
    }


def test_a_carrier_named_mostly_in_other_makers_titles_only_ranks() -> None:
    titles = [
        "Apple iPhone 6s 16GB Silver (Vexon)",
        "Apple iPhone 6s 32GB Silver (Vexon)",
        "Apple iPhone 7 32GB Black (Vexon)",
        "Vexon Prepaid Refill Card",
        "Zeta Phone 16GB",
    ]
    vocabulary = Vocabulary(
        categories={"phone": "Phones"},
        brands={"apple": "Apple", "vexon": "Vexon", "zeta": "Zeta"},
        numeric={"storage": "GB"},
        category_sizes={"phone": 5},
        catalog_size=5,
    ).finish()
    evidence = CategoryEvidence(
        [phrase(t) for t in titles], [{"phone"}] * 5, ["apple"] * 3 + ["vexon", "zeta"]
    )
    parser = QueryParser(vocabulary, evidence)
    # "vexon" names the carrier of Apple's phones: a filter on the brand Vexon would leave only its card
    parsed = parser.parse("apple 6s 16gb silver vexon")
    assert {c.describe() for c in parsed.constraints} == {
        "brand apple",
        "storage between 14.4 GB and 17.6 GB",
    }
    assert "vexon" in parsed.modifiers
    # a bare capacity is the model's: 16GB is not "at least 16GB"; said with a bound it is a bound
    assert described(parser, "zeta phone with at least 16gb") == {
        "brand zeta",
        "category phone",
        "storage at least 16 GB",
    }


def test_a_product_word_that_is_the_subject_of_a_complaint_or_an_object_of_use_is_not_wanted() -> None:
    parser = QueryParser(Vocabulary(categories={"phone": "Phones", "battery": "Batteries"}).finish())
    assert described(parser, "my phone is always dead by lunch, something for my pocket") == set()
    assert described(parser, "something that charges 5 phones at once") == set()
    # ... but a part of it is what is wanted, and so is another one
    assert described(parser, "my phone's battery is worn out") == {"category battery"}
    assert described(parser, "my last two phones got crushed, i need one that can take a beating") == {
        "category phone"
    }
