"""Conversation commands: `chat` (terminal or JSON lines) and `serve` (HTTP)."""

from __future__ import annotations

import argparse
import sys
import uuid

from convrec.cli_catalog import settings_from
from convrec.compose import build_agent


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    chat = sub.add_parser("chat", help="talk to the agent in the terminal, or over JSON lines (--jsonl)")
    chat.add_argument("--catalog", help="catalog name (default: $CONVREC_CATALOG or demo)")
    chat.add_argument("--session", help="session id to create or resume (default: a new one)")
    chat.add_argument(
        "--jsonl", action="store_true", help="one message per stdin line, one JSON reply per stdout line"
    )
    chat.add_argument("--engine", choices=["embedded", "openai"], help="language engine (default: embedded)")
    chat.set_defaults(run=run_chat)

    serve = sub.add_parser(
        "serve", help="HTTP API (POST /chat, /sessions/{id}/act, GET /sessions/{id}/belief)"
    )
    serve.add_argument("--catalog")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=8080)
    serve.set_defaults(run=run_serve)


def run_chat(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    if args.engine:
        settings = settings.model_copy(update={"engine": args.engine})
    agent = build_agent(settings)
    session = args.session or uuid.uuid4().hex[:12]
    if args.jsonl:
        from convrec.jsonl import serve_lines

        serve_lines(agent, sys.stdin, sys.stdout, session)
        return 0
    print(f"convrec on catalog {agent.context.world.catalog.name!r} (session {session}). Ctrl-D to quit.")
    while True:
        try:
            text = input("you> ")
        except EOFError:
            print()
            return 0
        reply = agent.chat(session, text)
        print(f"convrec> {reply.text}\n")


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from convrec.api import create_app

    settings = settings_from(args)
    app = create_app(build_agent(settings))
    uvicorn.run(app, host=args.host or settings.host, port=args.port, log_level="warning")
    return 0
