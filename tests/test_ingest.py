import json
from pathlib import Path

from convrec.tools.catalog_sql import SqliteCatalog
from convrec.tools.folder import CatalogFolder
from convrec.tools.ingest import read_catalog
from convrec.tools.mapping import Mapping

from convrec.cli_catalog import ingest_file
from convrec.settings import Settings

BROKEN_CSV = """sku,product_name,dept,subcategory,maker,price_sar,width_cm,colour
A1,POÄNG Armchair,Furniture,Armchairs,Hemma,799,68,beige
,No Id Chair,Furniture,Chairs,Hemma,100,50,red
A3,,Furniture,Chairs,Hemma,100,50,red
A4,Bad Price Table,Furniture,Tables,Hemma,abc,120,oak
A5,Negative Lamp,Furniture,Lamps,Lumo,-5,20,white
A1,POÄNG Armchair,Furniture,Armchairs,Hemma,799,68,beige
A1,POÄNG Armchair,Furniture,Armchairs,Hemma,650,68,beige
A8,Kallio Wardrobe,Furniture,Wardrobes,Kallio,"1,250.00",160,white
A9,Wide Thing,Furniture,Wardrobes,Kallio,300,wide,white
"""

MAPPING = """
currency: SAR
fields: {id: sku, title: product_name, category: [dept, subcategory], brand: maker, price: price_sar}
numeric: {width: {column: width_cm, unit: cm}}
attributes: {color: colour}
"""


def test_broken_rows_are_reported_with_row_and_reason_and_good_rows_load(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_text(BROKEN_CSV)
    (tmp_path / "m.yaml").write_text(MAPPING)
    read = read_catalog(path, Mapping.load(tmp_path / "m.yaml"))
    reasons = {e.row: e.reason for e in read.report.errors}
    assert reasons[3] == "missing id"
    assert reasons[4] == "missing title"
    assert reasons[5].startswith("unparsable price")
    assert reasons[6].startswith("negative price")
    assert "duplicate id 'A1'" in reasons[8] and "row 2" in reasons[8]
    assert "width_cm" in reasons[10]
    assert read.report.duplicates_ignored == 1
    assert [p.id for p in read.products] == ["A1", "A8"]
    wardrobe = read.products[1]
    assert wardrobe.price == 1250.0 and wardrobe.currency == "SAR"
    assert wardrobe.attributes["width"].value == 160.0 and wardrobe.attributes["width"].unit == "cm"
    assert wardrobe.category == ["Furniture", "Wardrobes"]


def test_common_column_names_are_detected_without_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "shop.json"
    path.write_text(
        json.dumps(
            [
                {
                    "name": "Phone A",
                    "brand": "Aurora",
                    "price": "$199.99",
                    "categories": ["Phones"],
                    "image": "a.jpg",
                    "storage": "128 GB",
                },
                {
                    "name": "Phone B",
                    "brand": "Aurora",
                    "price": 299,
                    "categories": ["Phones"],
                    "image": "b.jpg",
                },
            ]
        )
    )
    read = read_catalog(path)
    assert read.report.loaded == 2 and read.report.derived_ids and read.report.id_basis == ["image"]
    assert read.products[0].price == 199.99
    assert read.products[0].attributes["storage"].value == 128.0


def test_reingest_adds_updates_and_removes_without_rebuilding(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    rows = [
        {"id": "x1", "title": "Oak Desk", "category": "Desks", "price": 100},
        {"id": "x2", "title": "Pine Desk", "category": "Desks", "price": 80},
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    first = ingest_file(settings, path, "small", None, show_progress=False)
    assert (first.added, first.embedded, first.total) == (2, 2, 2)
    rows[0]["price"] = 90
    rows[1:] = [{"id": "x3", "title": "Glass Desk", "category": "Desks", "price": 300}]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    second = ingest_file(settings, path, "small", None, show_progress=False)
    assert (second.added, second.updated, second.removed, second.embedded) == (1, 1, 1, 2)
    facts = SqliteCatalog(CatalogFolder.under(settings.home, "small").facts)
    assert facts.get("x1").price == 90 and facts.get("x2") is None and len(facts) == 2


def test_quantities_a_title_states_become_facts_the_columns_win(tmp_path: Path) -> None:
    rows = [
        {"name": "Volt - Portable 10,000 mAh Power Bank - Black", "categories": ["Power Banks"], "price": 30},
        {"name": "Aurora X12 64GB - Gold", "categories": ["Phones"], "price": 300, "storage": "128 GB"},
        {"name": "Kanex - 6' Lightning Cable", "categories": ["Cables"], "price": 20},
        {"name": "Tough Case for Aurora X12 128GB", "categories": ["Cases"], "price": 15},
        {"name": "Aurora X9 16GB/32GB", "categories": ["Phones"], "price": 99},
    ]
    path = tmp_path / "shop.json"
    path.write_text(json.dumps(rows))
    bank, phone, cable, case, unsure = read_catalog(path).products
    assert bank.attributes["battery"].value == 10000.0 and bank.attributes["battery"].unit == "mAh"
    assert phone.attributes["storage"].value == 128.0  # the column, not the title's 64GB
    assert cable.attributes["length"].unit == "cm" and round(cable.attributes["length"].value) == 183
    assert case.attributes == {}  # the 128GB is the phone's it fits, said after "for"
    assert "storage" not in unsure.attributes  # two values: the title does not say which
    off = Mapping(title_facts=False)
    assert read_catalog(path, off).products[0].attributes == {}
