"""The fixture catalog plus products filed the way big shops file them: loosely.

Most Aurora X12 cases sit in the broad "Phone Cases" category; only one sits in the narrow leaf
"Aurora X12 Cases", so that leaf is a weak place to look for "an aurora x12 case". Two brands test
the parser's brand names: a two-letter one ("LG") and a long one shoppers shorten ("Kate Spade").
"""

from __future__ import annotations

from pathlib import Path

from convrec.settings import Settings
from tests.catalog_fixture import PRODUCTS, write_jsonl

LOOSE_CATALOG = "loose"

EXTRA: list[dict] = [
    {
        "id": "x1",
        "title": "Aurora X12 Folio Case, brown",
        "category": ["Electronics", "Phone Cases", "Aurora X12 Cases"],
        "brand": "Aurora",
        "price": 39.0,
        "attributes": {"compatible_with": "aurora x12", "color": "brown"},
        "description": "Leather folio with a card slot.",
    },
    {
        "id": "x2",
        "title": "Armor Rugged Aurora X12 Case, black",
        "category": ["Electronics", "Phone Cases"],
        "brand": "Armor",
        "price": 29.0,
        "attributes": {"compatible_with": "aurora x12", "color": "black"},
        "description": "Military-grade drop protection with a belt clip.",
    },
    {
        "id": "x3",
        "title": "Kate Spade New York Aurora X12 Case, glitter",
        "category": ["Electronics", "Phone Cases"],
        "brand": "Kate Spade New York",
        "price": 45.0,
        "attributes": {"compatible_with": "aurora x12", "color": "pink"},
        "description": "Hardshell case with glitter.",
    },
    {
        "id": "x4",
        "title": "Clearly Aurora X12 Case, clear",
        "category": ["Electronics", "Phone Cases"],
        "brand": "Clearly",
        "price": 12.0,
        "attributes": {"compatible_with": "aurora x12", "color": "clear"},
        "description": "Thin and clear.",
    },
    {
        "id": "x5",
        "title": "LG Velvet Phone 128 GB, grey",
        "category": ["Electronics", "Phones"],
        "brand": "LG",
        "price": 299.0,
        "attributes": {"storage": "128 GB", "screen_size": "6.8 in", "battery": "4300 mAh", "color": "grey"},
        "description": "A slim phone with a big screen.",
    },
]


def ingest_loose(settings: Settings, folder: Path):  # type: ignore[no-untyped-def]
    """Ingest the loose catalog through the real stores and open it."""
    from convrec.cli_catalog import ingest_file
    from convrec.compose import open_catalog

    path = write_jsonl(folder / "loose.jsonl", [*PRODUCTS, *EXTRA])
    ingest_file(settings, path, LOOSE_CATALOG, None, show_progress=False)
    return open_catalog(settings, LOOSE_CATALOG)
