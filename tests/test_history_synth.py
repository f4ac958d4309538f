"""The synthetic interaction log and the title-stated fits it is built on, on small in-memory catalogs."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from convrec.tools.catalog import MemoryCatalog, Product
from convrec.tools.catalog_sql import SqliteCatalog
from convrec.tools.folder import CatalogFolder
from convrec.tools.history import HistoryModel
from convrec.tools.history_fit import Note, fits, read_notes
from convrec.tools.history_synth import Shoppers, synthesize
from convrec.tools.history_train import train
from convrec.tools.ingest import read_catalog
from convrec.tools.interactions import STRONG_EVENTS, Event, parse_event, read_events, write_events

from convrec.settings import Settings
from tests.catalog_fixture import write_jsonl

PHONES = ["Cell Phones", "Phones with Plans"]
# Best Buy's way of saying what fits what: no column, only the title's "for ..." clause
LISTINGS = [
    ("i7", "Apple - iPhone 7 32GB - Black (Verizon)", PHONES, 20000),
    ("i7p", "Apple - iPhone 7 Plus 128GB - Silver (AT&T)", PHONES, 19000),
    ("i6s", "Apple - iPhone 6s 64GB - Gold (AT&T)", PHONES, 15000),
    ("s7", "Samsung - Galaxy S7 32GB - Black Onyx (Verizon)", PHONES, 18000),
    ("blu", "BLU - Dash M2 with 4GB Memory Cell Phone (Unlocked) - Gold", PHONES, 9000),
    ("c7", "Speck - Presidio Case for iPhone 7 - Black", ["Cases"], 8000),
    ("c7p", "Speck - Presidio Case for iPhone 7 Plus - Black", ["Cases"], 7000),
    ("c6", "Reach Case - R79X Case for Apple® iPhone® 6 and 6s (AT&T/T-Mobile/Verizon) - Black", ["Cases"], 6000),
    ("cs7", "OtterBox - Defender Series Case for Samsung Galaxy S7 Cell Phones - Black", ["Cases"], 7500),
    ("clutch", "Insignia™ - Clutch Case for Most Cell Phones - Pink", ["Cases"], 5000),
    ("g7", "ZAGG - InvisibleShield Screen Protector for Apple® iPhone® 6s and 7", ["Screen Protectors"], 8500),
    ("gs7", "ZAGG - InvisibleShield HD Screen Protector for Samsung Galaxy S 7", ["Screen Protectors"], 4000),
    ("cable", "Insignia™ - Lightning Cable - White", ["Data Cables"], 3000),
]  # fmt: skip


@pytest.fixture(scope="module")
def bestbuy_like() -> MemoryCatalog:
    products = [
        Product(id=i, title=t, category=c, brand=t.split(" - ")[0], popularity=p) for i, t, c, p in LISTINGS
    ]
    return MemoryCatalog(products, name="bestbuy-like")


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> MemoryCatalog:
    read = read_catalog(write_jsonl(tmp_path_factory.mktemp("synth") / "shop.jsonl"))
    return MemoryCatalog(read.products, name="shop")


def test_titles_say_what_an_add_on_fits(bestbuy_like: MemoryCatalog) -> None:
    notes = read_notes(bestbuy_like)
    assert notes["i7"].family == "iphone 7" and notes["i7p"].family == "iphone 7 plus"
    assert notes["c6"].fits == "iphone 6|iphone 6s"  # the carriers in brackets are not models
    assert notes["clutch"].fits is None  # "most cell phones" names no model
    verdict = {(a, b): fits(notes[a], notes[b]) for a in ("i7", "i7p", "i6s", "s7", "blu") for b in notes}
    assert verdict["i7", "c7"] and verdict["i7", "g7"] and verdict["i6s", "g7"] and verdict["s7", "gs7"]
    assert verdict["i7p", "c7"] is False and verdict["s7", "c7"] is False and verdict["i7", "cs7"] is False
    assert verdict["i7", "clutch"] is None and verdict["blu", "c7"] is False


def sessions_of(events: list[Event]) -> dict[str, list[Event]]:
    by_session: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        by_session[event.session].append(event)
    return by_session


def test_same_seed_gives_the_same_log(shop: MemoryCatalog) -> None:
    first = [e.to_line() for e in synthesize(shop, Shoppers(sessions=300), seed=7)[0]]
    again = [e.to_line() for e in synthesize(shop, Shoppers(sessions=300), seed=7)[0]]
    other = [e.to_line() for e in synthesize(shop, Shoppers(sessions=300), seed=8)[0]]
    assert first == again and first != other


def test_the_log_is_in_the_documented_format(shop: MemoryCatalog, tmp_path: Path) -> None:
    events, stats = synthesize(shop, Shoppers(sessions=400), seed=1)
    path = tmp_path / "log.jsonl"
    assert write_events(path, events) == len(events) == stats.events
    lines = path.read_text().splitlines()
    assert all(set(json.loads(line)) == {"session", "user", "item", "event", "ts"} for line in lines)
    assert all(json.loads(line)["ts"].endswith("Z") for line in lines)
    assert [parse_event(line) for line in lines] == read_events(path)[0]
    assert read_events(path)[1] == []
    assert {e.item for e in events} <= set(shop.all_ids()) and stats.products_seen > 15
    visits = sessions_of(events).values()
    assert len(visits) == 400
    assert any(not {e.event for e in v} & STRONG_EVENTS for v in visits)  # abandoned sessions
    assert {"view", "click", "cart", "purchase", "reject"} <= set(stats.by_event)
    assert all([e.ts for e in v] == sorted(e.ts for e in v) for v in visits)


@pytest.mark.parametrize("catalog_name", ["shop", "bestbuy_like"])
def test_add_ons_in_a_session_fit_its_anchor(catalog_name: str, request: pytest.FixtureRequest) -> None:
    catalog = request.getfixturevalue(catalog_name)
    notes = read_notes(catalog)
    verdicts: list[bool | None] = []
    for visit in sessions_of(synthesize(catalog, Shoppers(sessions=600), seed=2)[0]).values():
        carted = list(dict.fromkeys(e.item for e in visit if e.event in STRONG_EVENTS))
        if len(carted) > 1:
            anchor = notes[carted[0]]
            verdicts += [fits(anchor, notes[i]) for i in carted[1:]]
    assert verdicts.count(True) > 30 and False not in verdicts


def complement_ids(model: HistoryModel, item: str, k: int) -> list[str]:
    return [i for i, _ in model.complements(item, k)]


def test_a_model_trained_on_the_log_offers_add_ons_that_fit(
    shop: MemoryCatalog, bestbuy_like: MemoryCatalog
) -> None:
    model = train(synthesize(shop, Shoppers(sessions=600), seed=3)[0], shop)
    assert complement_ids(model, "p1", 1) == ["a1"] and complement_ids(model, "p4", 1) == ["a2"]
    ids = complement_ids(model, "p1", 10)
    assert "a2" not in ids or ids.index("a2") > ids.index("a1")  # the Galaxy S7 case, if at all, after

    model = train(synthesize(bestbuy_like, Shoppers(sessions=800), seed=3)[0], bestbuy_like)
    for phone, wanted in (("i7", {"c7", "g7"}), ("s7", {"cs7", "gs7"})):
        top = complement_ids(model, phone, 2)
        assert set(top) == wanted, (phone, top)
        note = model.note(phone)
        assert all(fits(note, model.note(i)) is not False for i in complement_ids(model, phone, 3))


def test_cold_start_offers_what_the_titles_say_fits(bestbuy_like: MemoryCatalog) -> None:
    cold = HistoryModel.cold(bestbuy_like)
    assert set(complement_ids(cold, "i7", 2)) == {"c7", "g7"}
    assert complement_ids(cold, "i7p", 1) == ["c7p"]
    assert not {"c7", "c7p", "c6", "cs7", "g7", "gs7"} & set(complement_ids(cold, "blu", 2))
    assert Note.of(bestbuy_like.get("i7")).family is None  # without the catalog's families, no guess  # type: ignore[arg-type]


def test_synth_log_then_train_history_through_the_cli_functions(tmp_path: Path, shop: MemoryCatalog) -> None:
    from convrec.cli_history import synth_log, train_history

    settings = Settings(home=tmp_path / "home", catalog="shop")
    SqliteCatalog(CatalogFolder.under(settings.home, "shop").facts, "shop").sync(shop.products(), "USD")
    out = tmp_path / "synthetic.jsonl"
    made = synth_log(settings, "shop", out, 200, seed=4, show_progress=False)
    assert made.sessions == 200 and made.events == len(read_events(out)[0]) and "200 sessions" in made.line()
    trained = train_history(settings, "shop", out, "itemknn", show_progress=False)
    assert trained.sessions == 200 and trained.bad_lines == [] and trained.unknown_item_events == 0
    with pytest.raises(ValueError):
        synth_log(settings, "shop", out, 0)


def test_bench_skips_the_best_buy_row_with_a_note_when_the_file_is_absent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from convrec.eval.history_datasets import bestbuy_synthetic

    assert bestbuy_synthetic(tmp_path / "missing.json", 100, 0) is None
    assert "skipping the Best Buy" in capsys.readouterr().out
