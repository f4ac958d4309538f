"""The history recommender and the interaction log, on a tiny hand-made shop log."""

from __future__ import annotations

import json
import multiprocessing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from convrec.eval.bench_history import leave_last_out, score_next_item
from convrec.tools.catalog import MemoryCatalog
from convrec.tools.catalog_sql import SqliteCatalog
from convrec.tools.folder import CatalogFolder
from convrec.tools.history import HistoryModel
from convrec.tools.history_train import train
from convrec.tools.ingest import read_catalog
from convrec.tools.interactions import Event, append_event, read_events

from convrec.settings import Settings
from tests.catalog_fixture import write_jsonl

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def shop_log() -> list[Event]:
    """Phone buyers add a case and a charger and turn down the Galaxy; desk buyers add a chair and a lamp."""
    events: list[Event] = []

    def visit(session: str, *steps: tuple[str, str]) -> None:
        for n, (item, kind) in enumerate(steps):
            when = START + timedelta(hours=len(events), minutes=n)
            events.append(Event(session=session, user=None, item=item, event=kind, ts=when))  # type: ignore[arg-type]

    for r in range(5):
        phone = "p1" if r % 2 else "p2"
        visit(
            f"phone{r}",
            ("p1", "view"),
            ("p2", "view"),
            ("p4", "reject"),
            (phone, "purchase"),
            ("a1", "cart"),
            ("a3", "purchase"),
        )
        visit(
            f"desk{r}",
            ("d1", "view"),
            ("d3", "click"),
            ("d1", "purchase"),
            ("c1", "purchase"),
            ("l1", "cart"),
        )
        visit(f"wardrobe{r}", ("w1", "view"), ("w4", "like"), ("w4", "purchase"))
    return events


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> MemoryCatalog:
    read = read_catalog(write_jsonl(tmp_path_factory.mktemp("history") / "shop.jsonl"))
    return MemoryCatalog(read.products, name="shop")


@pytest.fixture(scope="module")
def model(catalog: MemoryCatalog) -> HistoryModel:
    return train(shop_log(), catalog, kind="itemknn")


def categories(model: HistoryModel, items: list[tuple[str, float]]) -> list[str]:
    return [model.note(i).category for i, _ in items]


def test_complements_of_a_phone_are_its_case_and_a_charger(model: HistoryModel) -> None:
    top = model.complements("p1", 3)
    assert {i for i, _ in top[:2]} == {"a1", "a3"}
    assert "Phones" not in categories(model, top)
    # the Galaxy S7 case does not fit the Aurora X12: if it shows up at all, it comes last
    ids = [i for i, _ in model.complements("p1", 10)]
    assert "a2" not in ids or ids.index("a2") > max(ids.index("a1"), ids.index("a3"))


def test_similar_returns_the_same_kind(model: HistoryModel) -> None:
    assert categories(model, model.similar("p1", 3)) == ["Phones"] * len(model.similar("p1", 3))
    assert model.similar("p1", 1)[0][0] == "p2"
    assert set(categories(model, model.similar("d1", 2))) == {"Desks"}


def test_rejected_items_are_left_out(model: HistoryModel) -> None:
    assert "p4" not in [i for i, _ in model.similar("p1", 10)]
    assert "p4" not in [i for i, _ in model.for_session(["p1", "a1"], 20)]
    assert "p4" in model.disliked
    # and what the shopper rejects in this conversation is never offered
    assert "a3" not in [i for i, _ in model.complements("p1", 10, exclude={"a3"})]


def test_unseen_items_fall_back_to_their_category_and_to_popular_kinds(
    model: HistoryModel, catalog: MemoryCatalog
) -> None:
    # p3 (a Zenit phone) was never seen: phones for similar, phone add-ons that fit for complements
    assert set(categories(model, model.similar("p3", 2))) == {"Phones"}
    add_ons = [i for i, _ in model.complements("p3", 3)]
    assert add_ons[0] == "a3"  # the charger fits any phone; both cases are for other models
    assert {model.note(i).category for i in add_ons} <= {"Phone Cases", "Phone Chargers"}
    # an id the catalog does not know: popular items spread over several kinds
    anything = model.for_session(["no-such-id"], 4)
    assert len(anything) == 4 and len(set(categories(model, anything))) >= 3
    cold = HistoryModel.cold(catalog)
    assert len(set(categories(cold, cold.popular(5)))) == 5
    assert cold.complements("p1", 3) and cold.similar("p1", 2)


def test_for_session_leads_a_phone_to_add_ons(model: HistoryModel) -> None:
    nexts = [i for i, _ in model.for_session(["p2", "p1"], 4)]
    assert {"a1", "a3"} <= set(nexts)


def test_item2vec_learns_the_same_kinds(catalog: MemoryCatalog) -> None:
    small = train(shop_log() * 3, catalog, kind="item2vec")
    assert small.kind == "item2vec" and small.similar_idx.shape[0] == len(small.ids)
    assert set(categories(small, small.similar("d1", 2))) == {"Desks"}


def test_leave_one_out_hits_a_pattern_the_log_repeats(model: HistoryModel) -> None:
    train_events, cases = leave_last_out(shop_log())
    assert len(cases) == 15 and ("a3" in {target for _, target in cases})
    figures = score_next_item(train(train_events, model.catalog, kind="itemknn"), cases, {})  # type: ignore[arg-type]
    assert figures["hit@10"] == 1.0 and 0 < figures["ndcg@10"] <= 1.0


def test_bad_log_lines_are_reported_with_line_numbers(tmp_path: Path) -> None:
    good = {"session": "s1", "user": None, "item": "p1", "event": "view", "ts": "2026-01-05T09:00:00Z"}
    lines = [
        json.dumps(good),
        "{not json",
        json.dumps({**good, "item": None}),
        json.dumps({**good, "event": "stare"}),
        "",
        json.dumps({**good, "ts": "yesterday"}),
        json.dumps({**good, "event": "purchase", "ts": "2026-01-05T09:05:00"}),  # naive: read as UTC
    ]
    path = tmp_path / "log.jsonl"
    path.write_text("\n".join(lines) + "\n")
    events, errors = read_events(path)
    assert [e.line for e in errors] == [2, 3, 4, 6]
    assert "event" in errors[2].message and str(errors[0]).startswith("line 2:")
    assert [e.event for e in events] == ["view", "purchase"] and events[1].ts.tzinfo is not None


def _append_many(path: str, writer: str, count: int) -> None:
    for n in range(count):
        # long session ids make torn or interleaved writes likely if the lock or single write were missing
        event = {
            "session": writer * 600,
            "user": writer,
            "item": f"{writer}-{n}",
            "event": "view",
            "ts": START,
        }
        append_event(Path(path), event)


def test_append_event_from_two_processes_does_not_interleave(tmp_path: Path) -> None:
    path = tmp_path / "shared.jsonl"
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=_append_many, args=(str(path), w, 200)) for w in ("a", "b")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    events, errors = read_events(path)
    assert errors == [] and len(events) == 400
    assert {e.user for e in events} == {"a", "b"}
    assert all(e.session == e.user * 600 for e in events)


def test_train_then_load_round_trip_through_the_cli_function(tmp_path: Path, catalog: MemoryCatalog) -> None:
    from convrec.cli_history import train_history  # imported here: the spawned log writers stay light

    settings = Settings(home=tmp_path / "home", catalog="shop")
    folder = CatalogFolder.under(settings.home, "shop")
    SqliteCatalog(folder.facts, "shop").sync(catalog.products(), "USD")
    log = tmp_path / "upload.jsonl"
    log.write_text("".join(e.to_line() for e in shop_log()) + "oops\n")

    summary = train_history(settings, "shop", log, "itemknn", show_progress=False)
    assert summary.events_read == len(shop_log()) and summary.bad_lines == [
        f"line {len(shop_log()) + 1}: not JSON (Expecting value)"
    ]
    assert summary.new_events == len(shop_log()) and summary.items_covered == 10
    loaded = HistoryModel.load(folder.history_model)
    assert loaded is not None and loaded.kind == "itemknn"
    assert {i for i, _ in loaded.complements("p1", 2)} == {"a1", "a3"}
    assert loaded.similar("p1", 3) == train(shop_log(), catalog).similar("p1", 3)

    # feedback logged by the agent is folded in by update-history; a second run has nothing to do
    append_event(folder.interactions, {"session": "live", "item": "p3", "event": "like", "ts": START})
    assert (
        train_history(settings, "shop", None, force=False, show_progress=False).log_events
        == len(shop_log()) + 1
    )
    assert train_history(settings, "shop", None, force=False, show_progress=False).up_to_date
    assert HistoryModel.load(folder.history_model).knows("p3")  # type: ignore[union-attr]
    # re-uploading the same file adds nothing twice
    assert train_history(settings, "shop", log, show_progress=False).new_events == 0
