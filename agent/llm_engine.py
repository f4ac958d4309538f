"""A language engine over any OpenAI-compatible chat endpoint: OpenAI, vLLM, Ollama, llama.cpp.

The model proposes, the catalog decides. Its reading of a message is a JSON object constrained by
a schema built from this catalog's names; numbers come from the catalog's own parser, names must
exist in its vocabulary, and references resolve to items actually on screen (`llm_reading.merge_reading`).
Replies are the model's opening words above product lines that the templates render from catalog
facts, so no price is ever the model's. Any failure raises, and the graph's understand and compose
nodes answer with the fallback engine instead.
"""

from __future__ import annotations

import json
import re
from typing import Any

import json_repair
import openai
from convrec.agent import templates
from convrec.agent.belief import Belief, BeliefUpdate
from convrec.agent.context import LanguageEngine, World
from convrec.agent.draft import Draft, ProductPoint
from convrec.agent.llm_reading import MAX_CHARS, CatalogNames, Reading, catalog_names, merge_reading, schema
from convrec.agent.llm_reading import ImplausibleReading as ImplausibleReading  # re-exported for tests
from convrec.prompts.loader import as_messages, load_prompt

# the model words the opening of these; "nothing fits" and chat replies are too important to paraphrase
_LEAD_KINDS = ("recommend", "complement", "compare", "answer")
_LISTED_KINDS = ("recommend", "complement")  # the reply lists products, rendered by templates
_DEFAULT_LEAD = {"recommend": "Here are some options that fit:", "complement": "These go well with it:"}


class OpenAIEngine:
    name = "openai"

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str = "not-needed",
        timeout_s: float = 20.0,
        fallback: LanguageEngine | None = None,
        *,
        understand_prompt: str = "understand",
        compose_prompt: str = "compose",
        max_retries: int = 1,
        names_tokens: int = 400,
    ) -> None:
        from convrec.agent.embedded import EmbeddedEngine

        self.model = model
        self.fallback: LanguageEngine = fallback or EmbeddedEngine()
        self.understand_prompt = understand_prompt
        self.compose_prompt = compose_prompt
        self.names_tokens = names_tokens
        self._client = openai.OpenAI(
            base_url=base_url, api_key=api_key, timeout=timeout_s, max_retries=max_retries
        )
        self._formats = ["json_schema", "json_object"]  # the first one this server accepts stays first
        self._names: tuple[object, CatalogNames] | None = None

    # -- understanding ---------------------------------------------------------------------------
    def understand(self, message: str, belief: Belief, world: World) -> BeliefUpdate:
        names = self._catalog_names(world)
        shown = world.products(belief.last_shown)
        prompt = load_prompt(
            self.understand_prompt,
            categories=", ".join(names.categories) or "(none)",
            brands=", ".join(names.brands) or "(none)",
            values=", ".join(names.values) or "(none)",
            shown=" ".join(f"{i}. {p.title}" for i, p in enumerate(shown, 1)) or "none",
            belief="; ".join(belief.describe()) or "nothing",
            message=message[:MAX_CHARS].replace("\n", " "),
        )
        raw = self._reading(as_messages(prompt), schema(names, len(shown)))
        reading = Reading.model_validate(parse_object(raw))
        return merge_reading(reading, message, belief, world, names)

    def _reading(self, messages: list[dict[str, str]], json_schema: dict[str, Any]) -> str:
        """Ask for JSON in the strictest form the server accepts: a schema, else any JSON object."""
        for kind in list(self._formats):
            fmt: dict[str, Any] = (
                {
                    "type": "json_schema",
                    "json_schema": {"name": "reading", "strict": True, "schema": json_schema},
                }
                if kind == "json_schema"
                else {"type": "json_object"}
            )
            try:
                return self._chat(messages, max_tokens=160, response_format=fmt)
            except (openai.BadRequestError, openai.UnprocessableEntityError):
                if len(self._formats) == 1:
                    raise
                self._formats.remove(kind)  # this server does not take that format; never ask again
        raise RuntimeError("the endpoint accepts no JSON response format")

    def _catalog_names(self, world: World) -> CatalogNames:
        vocab = world.retriever.index.vocabulary
        if self._names is None or self._names[0] is not vocab:  # a refreshed catalog has a new vocabulary
            self._names = (vocab, catalog_names(vocab, self.names_tokens))
        return self._names[1]

    # -- wording ---------------------------------------------------------------------------------
    def compose(self, draft: Draft, belief: Belief, world: World) -> str:
        """The model's opening words, then the facts as the templates render them from the catalog."""
        wanted = 2 if draft.kind == "compare" else 1
        if draft.kind not in _LEAD_KINDS or len(draft.products) < wanted:
            return self.fallback.compose(draft, belief, world)
        with_facts = draft.kind in ("compare", "answer")
        prompt = load_prompt(
            self.compose_prompt,
            task=_task(draft),
            belief="; ".join(belief.describe()) or "nothing yet",
            products="\n".join(_product_text(i, p, with_facts) for i, p in enumerate(draft.products, 1)),
        )
        lead = _clean_lead(self._chat(as_messages(prompt), max_tokens=60), draft)
        if draft.kind in _LISTED_KINDS:
            listing = [templates.product_line(i, p) for i, p in enumerate(draft.products, 1)]
            return "\n".join([*_notes(draft), lead or _DEFAULT_LEAD[draft.kind], *listing])
        return "\n".join(line for line in (lead, self.fallback.compose(draft, belief, world)) if line)

    def _chat(self, messages: list[dict[str, str]], max_tokens: int, **extra: Any) -> str:
        response = self._client.chat.completions.create(
            model=self.model,
            messages=messages,  # type: ignore[arg-type]
            max_tokens=max_tokens,
            temperature=0,
            **extra,
        )
        return response.choices[0].message.content or ""


def parse_object(raw: str) -> dict[str, Any]:
    """The JSON object in the model's answer, repairing what a token limit cut off."""
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = json_repair.loads(raw)
    if not isinstance(value, dict):
        raise ValueError(f"the model did not answer with a JSON object: {raw[:200]!r}")
    return value


def _task(draft: Draft) -> str:
    if draft.kind == "complement":
        return f"say that these go well with the {draft.anchor.title if draft.anchor else 'item'}."
    if draft.kind == "compare":
        return "say in one sentence which product suits the shopper better, using only the facts."
    if draft.kind == "answer":
        return f"the shopper asked about the {(draft.asked or 'details').replace('_', ' ')}; introduce the answer."
    return "introduce these options."


def _product_text(rank: int, p: ProductPoint, with_facts: bool) -> str:
    notes = [f"{k} {v}" for k, v in p.facts.items()] if with_facts else []
    notes += [f"why: {'; '.join(p.why)}"] if p.why else []
    return f"{rank}. {p.title}" + (f" ({'; '.join(notes)})" if notes else "")


_COUNTS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_COUNT_RE = re.compile(r"\b(" + "|".join(_COUNTS) + r")\b")


def _clean_lead(text: str, draft: Draft) -> str:
    """Up to two whole sentences of prose with no numbers: the listing below carries every fact."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
    prose = re.sub(r"[*_`#]+", "", " ".join(ln for ln in lines if not re.match(r"^(\d+[.)]|[-*•|])", ln)))
    sentences = [
        s.strip() for s in re.findall(r"[^.!?]+[.!?]", prose) if len(s) < 240
    ]  # drops a cut-off tail
    return " ".join([s for s in sentences if _plain(s, draft)][:2])


def _plain(sentence: str, draft: Draft) -> bool:
    """No digits outside product titles, and no count that differs from the products shown."""
    for p in draft.products:
        sentence = sentence.replace(p.title, "")
    counts = {_COUNTS[w] for w in _COUNT_RE.findall(sentence.lower())}
    return not re.search(r"\d", sentence) and counts <= {len(draft.products)}


def _notes(draft: Draft) -> list[str]:
    notes = []
    if draft.understood:
        notes.append("(Reading " + ", ".join(f'"{a}" as "{b}"' for a, b in draft.understood.items()) + ".)")
    if draft.acknowledged:
        notes.append("Noted: " + "; ".join(draft.acknowledged) + ".")
    return notes
