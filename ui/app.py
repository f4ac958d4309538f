"""The shopping UI: a thin Gradio adapter over the `Agent` facade.

Per-shopper state lives in the agent's checkpointer (keyed by a session id kept in the tab's
sessionStorage) and in Gradio's per-connection components; this module holds no shopper data.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any, cast

import gradio as gr
from convrec.agent.facade import Action, Agent
from convrec.agent.reply import Reply
from convrec.tools.folder import list_catalogs
from convrec.ui.agents import Agents, AgentSource
from convrec.ui.cards import ACTIONS, empty_state, header, status_line
from convrec.ui.theme import PANEL_JS, READ_TAB_JS, SAVE_TAB_JS, launch_options
from convrec.ui.view import chat_messages, page_for, status_text, word_chunks

from convrec.settings import Settings

SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
ACTION_NAMES = {a for a, _, _ in ACTIONS}
log = logging.getLogger(__name__)


def build_app(
    agents: AgentSource,
    settings: Settings,
    catalogs: Sequence[str] | None = None,
    stream_delay_s: float = 0.02,
) -> gr.Blocks:
    """The whole shop as Gradio Blocks; launch it with `serve` (or `launch(**launch_options())`)."""
    if catalogs is None:
        catalogs = list(agents) if isinstance(agents, Mapping) else list_catalogs(settings.home)
    if not catalogs:
        with gr.Blocks(title="convrec: no catalog yet", analytics_enabled=False) as empty:
            gr.HTML(empty_state(str(settings.home)))
        return empty
    pool = Agents(agents, catalogs)
    first = pool.pick(settings.catalog)
    with gr.Blocks(title="Shopping assistant · convrec", analytics_enabled=False) as app:
        with gr.Row(equal_height=True):
            with gr.Column(scale=5):
                top = gr.HTML(header(first))
            with gr.Column(scale=1, min_width=200, visible=len(pool.names) > 1):
                catalog = gr.Dropdown(pool.names, value=first, label="Catalog")
        sid = gr.Textbox(visible="hidden", elem_id="cr-sid")
        last_sent = gr.State("")
        with gr.Row(equal_height=False):
            with gr.Column(scale=5, min_width=340):
                chat = gr.Chatbot(
                    elem_id="cr-chat",
                    height=600,
                    show_label=False,
                    buttons=["copy"],
                    feedback_options=None,
                    placeholder="**Hi! What are you shopping for?**<br>Tell me the item, a budget, a size or "
                    "a colour, e.g. *a desk under 500*.",
                )
                status = gr.HTML(status_line(""), elem_id="cr-status-line")
                with gr.Row(equal_height=True):
                    box = gr.Textbox(
                        elem_id="cr-input",
                        show_label=False,
                        lines=2,
                        max_lines=8,
                        placeholder="Ask for something… (Enter sends, Shift+Enter for a new line)",
                        scale=6,
                    )
                    send = gr.Button("Send", variant="primary", elem_id="cr-send", scale=1, min_width=80)
                with gr.Row(elem_id="cr-tools"):
                    retry = gr.Button("Retry", size="sm", elem_id="cr-retry")
                    reset = gr.Button("New conversation", size="sm", elem_id="cr-reset")
            with gr.Column(scale=7, min_width=340):
                cards = gr.HTML(elem_id="cr-cards", js_on_load=PANEL_JS, apply_default_css=False)
                with gr.Row(equal_height=False):
                    with gr.Column(min_width=280):
                        knows = gr.HTML(elem_id="cr-knows", js_on_load=PANEL_JS, apply_default_css=False)
                    with gr.Column(min_width=280):
                        cart = gr.HTML(elem_id="cr-cart", js_on_load=None, apply_default_css=False)
        with gr.Accordion("Details for engineers", open=False, elem_id="cr-details"):
            info = gr.JSON(show_label=False)

        page_outputs = [chat, cards, knows, cart, info]
        turn_outputs = [chat, status, *page_outputs[1:]]

        def show(agent: Agent, session: str) -> list[Any]:
            page = page_for(agent, session)
            return [page.chat, page.cards, page.knows, page.cart, page.details]

        def restore(session: str, name: str) -> list[Any]:
            """Page load: resume this tab's conversation, or start one."""
            session = session if SESSION_ID.match(session or "") else uuid.uuid4().hex
            name = pool.pick(name)
            agent = pool.get(name)
            return [session, name, header(name, len(agent.context.world.catalog)), *show(agent, session)]

        def new_session(name: str) -> list[Any]:
            session = uuid.uuid4().hex
            return [session, status_line("New conversation started."), *show(pool.get(name), session)]

        def turn(
            agent: Agent, session: str, run: Callable[[], Reply], said: str | None
        ) -> Iterator[list[Any]]:
            """One turn, streamed: the tool steps first, then the reply a few words at a time."""
            keep = [gr.skip()] * 4
            chat_now = chat_messages(agent.transcript(session)) + (
                [{"role": "user", "content": said}] if said else []
            )
            yield [chat_now, status_line("Thinking…", busy=True), *keep]
            try:
                reply = run()
            except (LookupError, ValueError, RuntimeError) as exc:  # e.g. a card from a re-ingested catalog
                log.exception("turn failed")
                yield [gr.skip(), status_line(f"Sorry, that did not work: {exc}"), *keep]
                return
            page = page_for(agent, session, reply)
            head, last = page.chat[:-1], page.chat[-1]
            if reply.steps:
                yield [head, status_line(" · ".join(reply.steps) + "…", busy=True), *keep]
                time.sleep(stream_delay_s * 12)
            for prefix in word_chunks(last["content"]):
                yield [[*head, {"role": "assistant", "content": prefix}], gr.skip(), *keep]
                time.sleep(stream_delay_s)
            yield [
                page.chat,
                status_line(status_text(reply)),
                page.cards,
                page.knows,
                page.cart,
                page.details,
            ]

        def say(text: str, session: str, name: str) -> Iterator[list[Any]]:
            if not (text or "").strip():
                yield [gr.skip()] * 6
                return
            if not SESSION_ID.match(session or ""):  # the page has not finished loading
                yield [gr.skip(), status_line("Still loading, please send that again."), *[gr.skip()] * 4]
                return
            agent = pool.get(name)
            yield from turn(agent, session, lambda: agent.chat(session, text), text)

        def press(session: str, name: str, evt: gr.EventData) -> Iterator[list[Any]]:
            action, product = str(getattr(evt, "action", "")), str(getattr(evt, "product", ""))
            if action not in ACTION_NAMES or not product or not SESSION_ID.match(session or ""):
                yield [gr.skip()] * 6
                return
            agent = pool.get(name)
            act = cast(Action, action)
            yield from turn(agent, session, lambda: agent.act(session, act, product), None)

        def again(session: str, name: str, sent: str) -> Iterator[list[Any]]:
            users = [m["text"] for m in pool.get(name).transcript(session) if m.get("role") == "user"]
            yield from say(sent or (users[-1] if users else ""), session, name)

        def remove(session: str, name: str, evt: gr.EventData) -> list[Any]:
            kind, _, index = str(getattr(evt, "remove", "")).partition(":")
            agent = pool.get(name)
            if SESSION_ID.match(session or "") and index.isdigit():
                belief = agent.belief(session)
                if kind == "c":
                    agent.remove_constraint(session, int(index))
                elif kind == "s" and int(index) < len(belief.soft):
                    soft = [s for i, s in enumerate(belief.soft) if i != int(index)]
                    agent.set_belief(session, belief.model_copy(update={"soft": soft}))
            page = page_for(agent, session)
            return [page.knows, page.details, status_line("Noted: that changes the next recommendation.")]

        def take(text: str) -> tuple[str, str]:
            return "", text

        load = app.load(
            restore,
            [sid, catalog],
            [sid, catalog, top, *page_outputs],
            js=READ_TAB_JS,
            show_progress="hidden",
        )
        load.then(None, [sid, catalog], None, js=SAVE_TAB_JS)
        for trigger in (box.submit, send.click):
            trigger(take, [box], [box, last_sent], show_progress="hidden").then(
                say, [last_sent, sid, catalog], turn_outputs, show_progress="hidden"
            )
        retry.click(again, [sid, catalog, last_sent], turn_outputs, show_progress="hidden")
        chat.clear(new_session, [catalog], [sid, status, *page_outputs]).then(
            None, [sid, catalog], None, js=SAVE_TAB_JS
        )
        reset.click(new_session, [catalog], [sid, status, *page_outputs]).then(
            None, [sid, catalog], None, js=SAVE_TAB_JS
        )
        cards.click(press, [sid, catalog], turn_outputs, show_progress="hidden")
        knows.click(remove, [sid, catalog], [knows, info, status], show_progress="hidden")
        catalog.input(restore, [sid, catalog], [sid, catalog, top, *page_outputs]).then(
            None, [sid, catalog], None, js=SAVE_TAB_JS
        )
    app.queue(default_concurrency_limit=16)
    return app


def serve(app: gr.Blocks, host: str, port: int, open_browser: bool = False, block: bool = True) -> str:
    """Start the server on `host:port` and return its URL; blocks until Ctrl+C unless `block` is False."""
    _, url, _ = app.launch(
        server_name=host,
        server_port=port,
        inbrowser=open_browser,
        prevent_thread_lock=not block,
        quiet=True,
        show_error=False,
        **launch_options(),
    )
    return str(url)
