"""The fine-tuned retriever: safe training data, a smoke-trained model served as ONNX, honest evaluation."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pytest
from convrec.eval.finetune_eval import BENCHMARKS, WEIGHT_GRID, evaluate_catalog, load_queries
from convrec.eval.fusion_sweep import SERVED, pooled, sweep
from convrec.tools.constraints import satisfies_all
from convrec.tools.embedding import BASE_MODEL_ID, OnnxEmbedder, query_model_id
from convrec.tools.hard_negatives import add_parsed, mine_negatives, near_misses, paraphrased
from convrec.tools.needs import in_my_voice, needs
from convrec.tools.pair_facets import Facets
from convrec.tools.pair_split import split_pairs
from convrec.tools.retrieval import DENSE_WEIGHT
from convrec.tools.text import fold
from convrec.tools.training_pairs import KINDS, PairGenerator

from convrec.cli_train import reset_retriever, train_catalog
from convrec.compose import open_catalog
from convrec.settings import Settings
from tests.catalog_fixture import write_jsonl

SHARED_BESTBUY = Path(__file__).resolve().parents[2] / "shared" / "data" / "bestbuy_cellphones.json"


@pytest.fixture(scope="module")
def generated(fixture_catalog):
    products = fixture_catalog.facts.iter_products()
    generator = PairGenerator(products, seed=7)
    return generator, generator.pairs(), {p.id: p for p in products}


def test_generation_covers_many_kinds_and_is_deterministic(fixture_catalog, generated) -> None:
    _, pairs, _ = generated
    again = PairGenerator(fixture_catalog.facts.iter_products(), seed=7).pairs()
    assert [(p.query, p.positive, p.template) for p in pairs] == [
        (p.query, p.positive, p.template) for p in again
    ]
    assert {p.kind for p in pairs} >= set(KINDS) - {"similar"}
    assert all(re.fullmatch(rf"{p.kind}/\d+", p.template) for p in pairs)
    sized = [p.query for p in pairs if p.kind == "size"]
    assert any(
        re.search(r"at least \d+ cm (wide|tall|deep|long)|no (wider|taller|deeper|longer) than", q)
        for q in sized
    )


def test_every_positive_meets_its_own_query(generated) -> None:
    _, pairs, catalog = generated
    assert all(satisfies_all(catalog[p.positive], p.constraints) for p in pairs)


def test_fast_check_agrees_with_the_constraint_model(generated) -> None:
    generator, pairs, catalog = generated
    for pair in pairs[::3]:
        for product in catalog.values():
            assert generator.check.satisfies(product, pair.constraints) == satisfies_all(
                product, pair.constraints
            )


def test_hard_negatives_never_satisfy_their_query(fixture_catalog) -> None:
    products = fixture_catalog.facts.iter_products()
    catalog = {p.id: p for p in products}
    generator = PairGenerator(products, seed=11)
    pairs = generator.pairs()
    parse = lambda text: fixture_catalog.retriever.parser.parse(text).constraints  # noqa: E731
    add_parsed(pairs, parse, catalog)
    found = mine_negatives(
        pairs, catalog, near_misses(fixture_catalog.index, catalog, pairs), generator.check, set(), seed=1
    )
    assert found > len(pairs) * 0.8
    for pair in pairs:
        for negative in pair.negatives:
            assert negative != pair.positive
            # neither the generator's facts nor the parser's reading of the text accept the negative
            assert not satisfies_all(catalog[negative], pair.constraints), (pair.query, negative)


def test_split_keeps_heldout_products_and_templates_out_of_training(generated) -> None:
    _, pairs, _ = generated
    split = split_pairs(pairs, seed=0, product_share=0.2)
    assert split.heldout_ids and split.heldout_template_ids
    assert all(p.positive not in split.heldout_ids for p in split.train + split.heldout_templates)
    assert all(p.template not in split.heldout_template_ids for p in split.train + split.heldout_products)
    assert all(p.positive in split.heldout_ids for p in split.heldout_products)


def test_a_teacher_paraphrase_keeps_what_the_source_query_asked(generated) -> None:
    _, pairs, _ = generated
    rewordings = {p.query: f"could you show me {p.query}" for p in pairs}
    extra = paraphrased(pairs, rewordings.get, limit=10, seed=0)
    assert len(extra) == 10 and all(p.kind == "paraphrase" and p.query.startswith("could you") for p in extra)
    sources = {(p.positive, p.query) for p in pairs}
    assert all((p.positive, p.query.removeprefix("could you show me ")) in sources for p in extra)
    assert paraphrased(pairs, lambda q: None, limit=5) == []


# written blind by helpers that never ran the parser or a model; each scored once, in its own check
HELD_BACK = [
    BENCHMARKS / f"bestbuy_heldback{part}.jsonl" for part in ("", "2a", "2b", "3a", "3b", "3c", "3d")
]


def test_handwritten_sets_are_well_formed() -> None:
    for path in [BENCHMARKS / "bestbuy_queries.jsonl", BENCHMARKS / "demo_queries.jsonl", *HELD_BACK]:
        queries = load_queries(path)
        assert len(queries) >= 50, path
        assert len({q.id for q in queries}) == len(queries)
        assert all(q.relevant and q.kind for q in queries)
    # no set repeats another's ids or texts
    sets = [load_queries(BENCHMARKS / "bestbuy_queries.jsonl"), *map(load_queries, HELD_BACK)]
    ids = [q.id for qs in sets for q in qs]
    texts = [q.query.lower() for qs in sets for q in qs]
    assert len(set(ids)) == len(ids)
    # q441 repeats q039 and q728 repeats q027 word for word (exact names two writers chose alike; kept so
    # the published figures reproduce)
    assert {t for t in texts if texts.count(t) > 1} <= {"iphone se 64gb", "speck candyshell for iphone se"}


@pytest.mark.skipif(not SHARED_BESTBUY.exists(), reason="needs the shared Best Buy file")
def test_bestbuy_labels_use_the_ingester_ids() -> None:
    rows = json.loads(SHARED_BESTBUY.read_text())
    ids = {hashlib.sha1(fold(r["image"]).encode()).hexdigest()[:12] for r in rows if r.get("image")}
    for q in [
        *load_queries(BENCHMARKS / "bestbuy_queries.jsonl"),
        *(q for f in HELD_BACK for q in load_queries(f)),
    ]:
        assert set(q.relevant) <= ids, q.id


# -- one tiny real training run, shared by the tests below ----------------------------------------------


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory):
    from convrec.tools.finetune import TrainConfig

    from convrec.cli_catalog import ingest_file

    home = tmp_path_factory.mktemp("finetune-home")
    settings = Settings(home=home, catalog="tiny")
    ingest_file(settings, write_jsonl(home / "tiny.jsonl"), "tiny", None, show_progress=False)
    queries = home / "queries.jsonl"
    queries.write_text(
        json.dumps(
            {"id": "q1", "query": "a sofa my guests can sleep on", "relevant": ["s2"], "kind": "vague"}
        )
        + "\n"
        + json.dumps({"id": "q2", "query": "phone with a big battery", "relevant": ["p3"], "kind": "vague"})
        + "\n"
    )
    config = TrainConfig(minutes=1.0, batch_size=8, max_steps=2)
    run = train_catalog(settings, "tiny", config, 40, queries, home / "out", show_progress=False)
    return settings, run, queries


@pytest.mark.slow
def test_exported_onnx_serves_the_trained_model(trained) -> None:
    _, run, _ = trained
    texts = ["a sofa my guests can sleep on", "Aurora X12 Phone 128 GB, black. Electronics > Phones"]
    served = OnnxEmbedder.from_dir(run.folder)
    assert served.model_id == run.model_id
    reference = run.model.encode(texts, normalize_embeddings=True)
    assert np.min(np.sum(served.embed(texts) * reference, axis=1)) > 0.999
    assert run.card["training"]["onnx_min_cosine"] > 0.999


@pytest.mark.slow
def test_training_card_and_reports_are_written(trained) -> None:
    _, run, _ = trained
    card = json.loads((run.folder / "training_card.json").read_text())
    assert card["model_id"] == run.model_id and card["data"]["per_kind"] and card["losses"]
    assert (run.folder / "loss.png").stat().st_size > 0 and (run.folder / "training_card.md").exists()
    assert set(run.report["sets"]) == {"heldout_products", "heldout_templates", "handwritten"}
    scores = run.report["sets"]["handwritten"]["scores"]
    assert {"base/dense", "base/hybrid", "fine-tuned/dense", "fine-tuned/hybrid"} <= set(scores)
    assert (run.folder.parents[1] / "finetune_eval.png").exists()


@pytest.mark.slow
def test_retrieval_uses_the_new_model_then_reset_returns_to_base(trained) -> None:
    settings, run, queries = trained
    runtime = open_catalog(settings, "tiny")
    # the query tower reads queries; product vectors stay the base model's, so nothing was re-embedded
    assert query_model_id(runtime.index.embedder) == run.model_id
    assert runtime.vectors.stored_model == BASE_MODEL_ID == runtime.index.embedder.model_id
    query = "a sofa my guests can sleep on"
    tuned = OnnxEmbedder.from_dir(run.folder).embed([query])[0]
    assert np.allclose(runtime.index.embedder.embed_query(query), tuned)
    assert runtime.retriever.search("sofa bed for guests", k=3).candidates
    # the fusion weight was chosen for this model on generated held-out queries, and is served with it
    fusion = json.loads((run.folder / "fusion.json").read_text())
    assert fusion["chosen_on"] == "generated held-out queries" and set(fusion["mrr"]) == {
        f"{w:.2f}" for w in WEIGHT_GRID
    }
    assert runtime.retriever.dense_weight == fusion["dense_weight"] == run.report["fusion"]["dense_weight"]
    assert run.report["models"] == ["base", "base (fusion refit)", "fine-tuned"]
    weights = run.report["dense_weights"]  # the report says which weight each contender ranked with
    assert weights["base"] == DENSE_WEIGHT and weights["fine-tuned"] == fusion["dense_weight"]
    assert weights["base (fusion refit)"] in WEIGHT_GRID
    assert run.report["sets"]["handwritten"]["model_change"]["hybrid"]
    pinned = settings.model_copy(update={"dense_weight": 0.3})  # a weight the shopper's operator set wins
    assert open_catalog(pinned, "tiny").retriever.dense_weight == 0.3
    report = evaluate_catalog(settings, "tiny", queries, None, show_progress=False)
    assert report["model_id"] == run.model_id and report["sets"]["handwritten"]["queries"] == 2
    assert report["models"] == run.report["models"]
    # both models at every fixed weight: what the model adds apart from the weight
    swept = sweep(settings, "tiny", queries)
    assert set(swept["rows"]) == {f"{w:.2f}" for w in (*WEIGHT_GRID, 1.0)} | {"dense", SERVED}
    assert swept["served"] == fusion["dense_weight"] and swept["n"] == 2
    row = swept["rows"][f"{fusion['dense_weight']:.2f}"]
    tuned_mrr = report["sets"]["handwritten"]["scores"]["fine-tuned/hybrid"]["mrr"]
    assert row["fine-tuned"] == pytest.approx(tuned_mrr, abs=1e-3)
    assert row["change"]["mean"] == pytest.approx(row["fine-tuned"] - row["base"], abs=1e-3)
    served = swept["rows"][SERVED]  # as shipped: base at its configured weight, tuned at its chosen one
    assert swept["base_weight"] == DENSE_WEIGHT and served["fine-tuned"] == row["fine-tuned"]
    assert served["base"] == swept["rows"][f"{DENSE_WEIGHT:.2f}"]["base"]
    later = sweep(settings, "tiny", queries, since="q2")  # the later (blind) part of a set alone
    assert (
        later["ids"] == ["q2"]
        and later["rows"][SERVED]["per_query"]["base"] == served["per_query"]["base"][1:]
    )
    twice = pooled([swept, swept])  # two runs that agree: their mean is either one
    assert twice["rows"][SERVED]["change"]["mean"] == served["change"]["mean"] and twice["runs"] == 2
    assert set(twice["rows"][SERVED]["by_kind"]) == {"vague"}
    with pytest.raises(ValueError, match="different queries"):
        pooled([swept, later])

    assert reset_retriever(settings, "tiny") == 0  # a query tower left the product vectors alone
    runtime = open_catalog(settings, "tiny")
    assert query_model_id(runtime.index.embedder) == BASE_MODEL_ID == runtime.vectors.stored_model
    assert runtime.retriever.search("sofa bed for guests", k=3).candidates
    assert runtime.retriever.dense_weight == DENSE_WEIGHT


@pytest.mark.slow
def test_two_tower_training_reembeds_the_catalog(tmp_path: Path) -> None:
    from convrec.tools.finetune import TrainConfig

    from convrec.cli_catalog import ingest_file

    settings = Settings(home=tmp_path, catalog="tiny")
    ingest_file(settings, write_jsonl(tmp_path / "tiny.jsonl"), "tiny", None, show_progress=False)
    config = TrainConfig(minutes=1.0, batch_size=8, max_steps=2, tower="both")
    run = train_catalog(settings, "tiny", config, 24, None, None, show_progress=False)
    runtime = open_catalog(settings, "tiny")
    assert runtime.index.embedder.model_id == run.model_id == runtime.vectors.stored_model
    assert runtime.retriever.search("sofa bed for guests", k=3).candidates

    assert reset_retriever(settings, "tiny") == len(runtime.facts)  # its vectors must go back to the base
    assert open_catalog(settings, "tiny").vectors.stored_model == BASE_MODEL_ID


def _catalog_batch(fixture_catalog, generated, size: int = 8):
    _, pairs, _ = generated
    index = fixture_catalog.index
    return index.ids, index.matrix, [p for p in pairs if p.positive in index.row_of][:size]


@pytest.mark.slow
def test_catalog_loss_ignores_products_that_also_answer(fixture_catalog, generated) -> None:
    from convrec.tools.finetune import catalog_loss, load_base

    ids, matrix, batch = _catalog_batch(fixture_catalog, generated)
    model = load_base(max_length=32)
    # when every other product answers the query, nothing is left to push away: the loss is zero
    assert catalog_loss(ids, matrix, batch, lambda pair: ids, 20.0)(model, batch).item() == pytest.approx(0.0)
    assert catalog_loss(ids, matrix, batch, lambda pair: [], 20.0)(model, batch).item() > 0.1
    # held-out products take no part: with all of them unseen nothing is left to push away either
    hidden = catalog_loss(ids, matrix, batch, lambda pair: [], 20.0, unseen=ids)
    assert hidden(model, batch).item() == pytest.approx(0.0)


@pytest.mark.slow
def test_query_tower_learns_its_queries(fixture_catalog, generated) -> None:
    import torch
    from convrec.tools.finetune import catalog_loss, load_base

    ids, matrix, batch = _catalog_batch(fixture_catalog, generated)
    model = load_base(max_length=32, frozen_layers=2)
    loss_of = catalog_loss(ids, matrix, batch, lambda pair: [], 20.0)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    losses = []
    for _ in range(8):
        loss = loss_of(model, batch)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.item())
    assert losses[-1] < 0.7 * losses[0]


def _owned_catalog():
    from convrec.tools.catalog import Product

    phones, cases = ["Phones", "Smartphones"], ["Phones", "Cases"]
    return [
        Product(id="ph", title="Aurora - X12 128GB - Black", brand="Aurora", category=phones, popularity=9),
        Product(id="c1", title="Shell - Case for Aurora® X12 and X12 Pro - Red", category=cases),
        Product(id="c2", title="Shell - Case for Aurora X12 Pro - Red", category=cases),
        Product(
            id="c3", title="Zap - Car Charger for Most Micro USB Devices", category=["Phones", "Chargers"]
        ),
        Product(id="c4", title="Shell - Case for Aurora X12 Cell Phones - Blue", category=cases),
    ]


def test_an_accessory_names_the_catalog_product_it_is_made_for() -> None:
    from convrec.tools.owned_items import OwnedItems

    products = _owned_catalog()
    owned = OwnedItems(products)
    by_id = {p.id: owned.of(p) for p in products}
    assert by_id["c1"] is not None and by_id["c1"].owner.id == "ph" and by_id["c1"].family == "aurora x12"
    assert by_id["c4"] is not None and by_id["c4"].family == "aurora x12"  # generic tail words dropped
    assert by_id["c2"] is None  # a Pro case is not an X12 case: no owner of that name
    assert by_id["c3"] is None and by_id["ph"] is None


def test_history_queries_speak_of_the_owned_item_and_answer_with_the_add_on() -> None:
    products = _owned_catalog()
    generator = PairGenerator(products, seed=3)
    pairs = [p for p in generator.pairs(["history"])]
    assert {p.positive for p in pairs} == {"c1", "c4"}
    assert all("aurora x12" in p.query and p.kind == "history" for p in pairs)
    for pair in pairs:  # both X12 cases answer "a case for my x12", so neither is ever its negative
        assert {"c1", "c4"} <= set(generator.check.matching(products, pair.constraints))
        assert "ph" not in generator.check.matching(products, pair.constraints)


def test_a_vague_need_is_read_from_what_the_description_says_it_does() -> None:
    description = (
        "Charge and power your mobile device at home with this Dynex wall charger. "
        "The compact design fits in a bag. Keep your iPhone 7 safe from drops, while the slim shell "
        "slides into a pocket. Protect your Dynex phone."
    )
    # the shopper's voice, cut before the copy turns to the product; no clause that names the brand
    assert needs(description, {"dynex"}) == [
        "charge and power my mobile device at home",
        "keep my iphone 7 safe from drops",
    ]


def test_purposes_speak_in_the_shoppers_voice_whatever_the_case_of_you() -> None:
    from convrec.tools.catalog import Product

    product = Product(
        id="c9",
        title="Aurora - Grip Case",
        brand="Aurora",
        category=["Phones", "Cases"],
        description="Your phone stays put. You're covered, designed to let you keep your screen safe.",
        price=20.0,
    )
    assert in_my_voice("You're sure you will love it") == "i'm sure i will love it"
    assert Facets.of(product).purposes == ["designed to let me keep my screen safe"]


def test_tower_defaults_follow_the_tower_they_are_read_for() -> None:
    from dataclasses import replace

    from convrec.tools.finetune import TOWER_DEFAULTS, TrainConfig

    query = TrainConfig()
    both = replace(query, tower="both")
    assert (query.rate, query.frozen) == (5e-5, 0) == tuple(TOWER_DEFAULTS["query"].values())
    assert (both.rate, both.frozen) == (1e-4, 2)
    pinned = TrainConfig(learning_rate=3e-5, frozen_layers=1, tower="both")
    assert pinned.resolved()["learning_rate"] == 3e-5 and pinned.resolved()["frozen_layers"] == 1


def test_length_grouped_batches_keep_every_pair_once_and_pad_little() -> None:
    from dataclasses import replace

    from convrec.tools.finetune import TrainConfig, batches_of
    from convrec.tools.training_pairs import TrainingPair

    words = [" ".join(["word"] * (1 + i % 23)) for i in range(1000)]
    stream = [TrainingPair(w, f"p{i}", "exact", "exact/0", []) for i, w in enumerate(words)]
    config = TrainConfig(batch_size=16)
    grouped, plain = batches_of(stream, config), batches_of(stream, replace(config, group_by_length=False))
    for batches in (grouped, plain):
        assert sorted(p.positive for b in batches for p in b) == sorted(p.positive for p in stream)
        assert all(0 < len(b) <= 16 for b in batches)

    def padded(batches: list[list[TrainingPair]]) -> int:  # words a batch pads to its longest query
        return sum(len(b) * max(len(p.query.split()) for p in b) for b in batches)

    assert padded(grouped) < 0.7 * padded(plain)
    assert [p.positive for b in grouped for p in b] == [
        p.positive for b in batches_of(stream, config) for p in b
    ]
    assert grouped != batches_of(stream, replace(config, seed=1))  # the batch order follows the seed


def test_the_step_benchmark_times_both_batchings(tmp_path: Path) -> None:
    from convrec.eval import bench_train_step

    assert bench_train_step.main(["--steps", "3", "--out", str(tmp_path)]) == 0
    plain, grouped = json.loads((tmp_path / "train_step.json").read_text())
    assert (plain["grouped"], grouped["grouped"]) == (False, True) and plain["steps"] == grouped["steps"] == 2
    assert grouped["padding_share"] < plain["padding_share"]  # what the grouping is for
    assert plain["p50_s"] > 0 and grouped["p95_s"] >= grouped["p50_s"]
