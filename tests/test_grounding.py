from convrec.tools.catalog import Attribute, Product
from convrec.tools.grounding import ground_claims

DESK = Product(
    id="d1",
    title="Oak Desk",
    brand="Lindqvist",
    price=249.0,
    attributes={"width": Attribute(value=100.0, unit="cm")},
)
LAMP = Product(id="l1", title="LED Lamp", brand="Lumo", price=39.0)


def test_true_claims_pass_untouched() -> None:
    text = "1. Oak Desk — $249.00, 100 cm wide, by Lindqvist."
    out, report = ground_claims(text, [DESK], brands=["lindqvist", "lumo"])
    assert out == text and report.checked == 3 and report.supported == 3


def test_a_wrong_price_about_one_product_is_corrected() -> None:
    out, report = ground_claims("The Oak Desk costs $199.00.", [DESK, LAMP])
    assert out == "The Oak Desk costs $249.00." and report.fixed == 1


def test_an_unattributable_claim_is_removed_with_its_sentence() -> None:
    out, report = ground_claims("Great picks. Both are 150 cm wide. Enjoy!", [DESK, LAMP])
    assert out == "Great picks. Enjoy!" and report.removed == 1


def test_an_uncited_brand_is_removed() -> None:
    out, report = ground_claims(
        "Oak Desk is a fine desk.\nIt beats anything from Ikea.", [DESK], brands=["ikea", "lindqvist"]
    )
    assert "Ikea" not in out and report.removed == 1


def test_the_shoppers_own_numbers_are_allowed() -> None:
    out, report = ground_claims("Oak Desk — $249.00, under your $300 limit.", [DESK], allowed=[300.0])
    assert out.endswith("limit.") and report.supported == 2


def test_numbers_in_a_cited_title_are_not_claims() -> None:
    phone = Product(id="p", title="Phone with 16GB Memory", price=99.0)
    out, report = ground_claims("1. Phone with 16GB Memory — $99.00", [phone])
    assert report.removed == 0 and report.supported == 1


def test_a_brand_the_products_copy_names_is_supported_one_it_refuses_is_not() -> None:
    phone = Product(id="h", title="Honor 5X", brand="Honor", price=199.0, description="Made by Huawei.")
    out, report = ground_claims("1. Honor 5X. Why: mentions huawei.", [phone], brands=["huawei", "honor"])
    assert report.removed == 0 and "huawei" in out
    other = phone.model_copy(update={"description": "Not a Huawei phone."})
    out, report = ground_claims("1. Honor 5X. Why: mentions huawei.", [other], brands=["huawei", "honor"])
    assert report.removed == 1


def test_a_length_in_feet_is_checked_against_the_length_in_cm() -> None:
    cable = Product(
        id="c", title="Lightning Cable", price=19.0, attributes={"length": Attribute(value=182.88, unit="cm")}
    )
    out, report = ground_claims("1. Lightning Cable, 6 ft long.", [cable])
    assert report.supported == 1 and report.removed == 0
    out, report = ground_claims("1. Lightning Cable. It is 10 ft long.", [cable])
    assert report.removed == 1 and "10 ft" not in out
