"""The HTTP API: the same turn as the Python API and JSON lines, for support bots over the network."""

from __future__ import annotations

from typing import Literal

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from convrec.agent.facade import Agent
from convrec.agent.reply import Reply


class ChatRequest(BaseModel):
    session_id: str
    text: str


class ActRequest(BaseModel):
    action: Literal["like", "reject", "cart", "more_like", "complement"]
    product_id: str


def create_app(agent: Agent) -> FastAPI:
    app = FastAPI(
        title="convrec", description="Conversational recommender: grounded replies over your catalog."
    )

    @app.get("/health")
    def health() -> dict[str, object]:
        return {
            "ok": True,
            "catalog": agent.context.world.catalog.name,
            "products": len(agent.context.world.catalog),
        }

    @app.post("/chat", response_model=Reply)
    def chat(request: ChatRequest) -> Reply:
        return agent.chat(request.session_id, request.text)

    @app.post("/sessions/{session_id}/act", response_model=Reply)
    def act(session_id: str, request: ActRequest) -> Reply:
        try:
            return agent.act(session_id, request.action, request.product_id)
        except KeyError as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from exc

    @app.get("/sessions/{session_id}/belief")
    def belief(session_id: str) -> dict[str, object]:
        current = agent.belief(session_id)
        return {"belief": current.model_dump(mode="json"), "chips": current.describe()}

    @app.delete("/sessions/{session_id}/constraints/{index}")
    def remove_constraint(session_id: str, index: int) -> dict[str, object]:
        current = agent.remove_constraint(session_id, index)
        return {"belief": current.model_dump(mode="json"), "chips": current.describe()}

    @app.get("/sessions/{session_id}/transcript")
    def transcript(session_id: str) -> list[dict[str, object]]:
        return agent.transcript(session_id)

    return app
