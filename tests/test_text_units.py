from convrec.tools.text import fold, phrase, tokens
from convrec.tools.units import to_base


def test_fold_is_case_and_accent_insensitive() -> None:
    assert fold("POÄNG") == fold("Poang") == "poang"
    assert phrase("Nordhaüs") == "nordhaus"
    assert fold("Insignia™ - Case for Apple® iPhone®") == "insignia case for apple iphone"


def test_tokens_are_singular_and_keep_model_numbers() -> None:
    assert tokens("Desks, Shelves & S7 cases") == ["desk", "shelf", "s7", "case"]


def test_units_convert_to_the_dimension_base() -> None:
    assert to_base(1.5, "m") == (150.0, "cm")
    assert to_base(60, "in") == (152.4, "cm")
    assert to_base(1, "TB") == (1024.0, "GB")
    assert to_base(500, "ml") == (0.5, "L")
