"""`build_graph()`: the turn as a LangGraph state machine. Callers compile it with their checkpointer.

understand -> update_belief -> (clarify | recommend | answer | compare | complement | feedback | chat)
-> compose -> ground
"""

from __future__ import annotations

from convrec.agent import actions, nodes
from convrec.agent.context import AgentContext
from convrec.agent.routers import route_after_update
from convrec.agent.state import TurnState
from langgraph.graph import END, START, StateGraph

ACTIONS = {
    "clarify": actions.clarify,
    "recommend": actions.recommend,
    "answer": actions.answer,
    "compare": actions.compare,
    "complement": actions.complement,
    "feedback": actions.feedback,
    "chat": actions.chat,
}


def build_graph() -> StateGraph:
    builder = StateGraph(TurnState, context_schema=AgentContext)
    builder.add_node("understand", nodes.understand)
    builder.add_node("update_belief", nodes.update_belief)
    for name, action in ACTIONS.items():
        builder.add_node(name, action)
        builder.add_edge(name, "compose")
    builder.add_node("compose", nodes.compose)
    builder.add_node("ground", nodes.ground)
    builder.add_edge(START, "understand")
    builder.add_edge("understand", "update_belief")
    builder.add_conditional_edges("update_belief", route_after_update, list(ACTIONS))
    builder.add_edge("compose", "ground")
    builder.add_edge("ground", END)
    return builder
