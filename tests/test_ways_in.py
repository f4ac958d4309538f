"""The three ways in: JSON lines over a real subprocess (and a restart), HTTP, and the Python API."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from langgraph.checkpoint.memory import InMemorySaver

from convrec.api import create_app
from convrec.compose import build_agent

CLI = [sys.executable, "-m", "convrec.cli"]


def run_jsonl(home: Path, session: str, lines: list[str]) -> list[dict]:
    env = {**os.environ, "CONVREC_HOME": str(home), "CONVREC_CATALOG": "fixture"}
    done = subprocess.run(
        [*CLI, "chat", "--jsonl", "--session", session],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_jsonl_contract_and_a_session_resumed_in_a_new_process(settings, fixture_catalog) -> None:
    first = run_jsonl(settings.home, "restart", ["a desk under 500", '{"text": "not black"}', "{not json"])
    assert len(first) == 3
    for reply in first:
        assert {"text", "products", "belief", "grounding", "latency_ms"} <= reply.keys()
    shown = first[1]["products"]
    assert shown and all({"id", "title", "price", "currency", "facts"} <= p.keys() for p in shown)
    for p in shown:
        assert p["price"] == fixture_catalog.facts.get(p["id"]).price
    # a new process resumes the same conversation from SQLite
    second = run_jsonl(settings.home, "restart", ["how much is the first one?"])
    assert second[0]["kind"] == "answer" and shown[0]["title"] in second[0]["text"]
    assert second[0]["belief"]["constraints"], "the belief survived the restart"
    # and another session does not see it
    other = run_jsonl(settings.home, "someone-else", ["how much is the first one?"])
    assert other[0]["kind"] != "answer" or shown[0]["title"] not in other[0]["text"]


def test_http_api(settings, fixture_catalog) -> None:
    agent = build_agent(settings, "fixture", checkpointer=InMemorySaver(), runtime=fixture_catalog)
    client = TestClient(create_app(agent))
    assert client.get("/health").json()["products"] == len(fixture_catalog.facts)
    reply = client.post("/chat", json={"session_id": "h", "text": "phone under 400"}).json()
    ids = [p["id"] for p in reply["products"]]
    assert ids and all(fixture_catalog.facts.get(i).price < 400 for i in ids)
    after = client.post("/sessions/h/act", json={"action": "reject", "product_id": ids[0]}).json()
    assert ids[0] not in [p["id"] for p in after["products"]]
    belief = client.get("/sessions/h/belief").json()
    assert ids[0] in belief["belief"]["rejected"]
    removed = client.delete("/sessions/h/constraints/0").json()
    assert len(removed["belief"]["constraints"]) == len(belief["belief"]["constraints"]) - 1
    assert client.post("/sessions/h/act", json={"action": "like", "product_id": "missing"}).status_code == 404
