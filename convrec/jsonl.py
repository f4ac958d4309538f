"""The JSON-lines interface: one message per stdin line in, one reply object per stdout line out.

Stable contract for support bots and evaluation scripts (documented in the README):
in:  a line of plain text, or {"text": "...", "session": "..."} or
     {"action": "like|reject|cart|more_like|complement", "product_id": "...", "session": "..."}
out: the `Reply` as JSON (text, products, belief, chips, grounding, latency_ms, ...) or {"error": "..."}.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from convrec.agent.facade import Agent


def serve_lines(agent: Agent, lines: Iterable[str], out: IO[str], session_id: str) -> int:
    """Answer every input line; a bad line gets an error object and the loop goes on."""
    answered = 0
    for raw in lines:
        line = raw.rstrip("\n")
        if not line.strip():
            continue
        try:
            reply = _answer(agent, line, session_id)
            payload: dict[str, Any] = reply.model_dump(mode="json")
        except Exception as exc:  # one bad request must not end the conversation
            payload = {"error": f"{type(exc).__name__}: {exc}", "session_id": session_id}
        out.write(json.dumps(payload, ensure_ascii=False) + "\n")
        out.flush()
        answered += 1
    return answered


def _answer(agent: Agent, line: str, default_session: str):  # type: ignore[no-untyped-def]
    request: Any = None
    if line.lstrip().startswith("{"):
        try:
            request = json.loads(line)
        except json.JSONDecodeError:
            request = None
    if not isinstance(request, dict):
        return agent.chat(default_session, line)
    session = str(request.get("session") or request.get("session_id") or default_session)
    if request.get("action"):
        return agent.act(session, request["action"], str(request.get("product_id", "")))
    return agent.chat(session, str(request.get("text", "")))
