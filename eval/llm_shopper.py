"""A simulated shopper played by any OpenAI-compatible model; the rule shopper decides, the model words it.

The model only ever sees the preferences the rule shopper is about to reveal (never the target's id
or title), so it cannot leak the answer; if the endpoint fails, the rule shopper's words are used.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from convrec.agent.reply import Reply
from convrec.eval.simulator import RuleShopper
from convrec.tools.catalog import Product

from convrec.settings import Settings

log = logging.getLogger(__name__)
_SYSTEM = (
    "You play a shopper talking to a shop assistant. Rewrite the given message as one short, natural sentence "
    "a real shopper would type. Keep every fact; add nothing; never name a specific product."
)


@dataclass
class LLMShopper:
    rules: RuleShopper
    client: object
    model: str

    @property
    def target(self) -> Product:
        return self.rules.target

    def opening(self) -> str:
        return self._word(self.rules.opening())

    def respond(self, reply: Reply) -> tuple[str, bool]:
        text, accepted = self.rules.respond(reply)
        return (text if accepted else self._word(text)), accepted

    def _word(self, text: str) -> str:
        try:
            answer = self.client.chat.completions.create(  # type: ignore[attr-defined]
                model=self.model,
                temperature=0.7,
                max_tokens=60,
                messages=[{"role": "system", "content": _SYSTEM}, {"role": "user", "content": text}],
            )
            worded = (answer.choices[0].message.content or "").strip()
            return worded or text
        except Exception as exc:  # the rule shopper's own words keep the episode going
            log.warning("LLM shopper failed (%s); using the rule wording", exc)
            return text


def llm_shopper_factory(settings: Settings, seed: int) -> Callable[[Product], LLMShopper]:
    if not settings.llm_base_url:
        raise ValueError("--shopper llm needs CONVREC_LLM_BASE_URL (any OpenAI-compatible endpoint)")
    from openai import OpenAI

    client = OpenAI(
        base_url=settings.llm_base_url, api_key=settings.llm_api_key, timeout=settings.llm_timeout_s
    )
    return lambda product: LLMShopper(RuleShopper(product, seed=seed), client, settings.llm_model)
