"""Prompt templates: every placeholder filled, no stray values, and the shipped prompts load."""

from __future__ import annotations

import pytest
from convrec.prompts.loader import PromptError, as_messages, fill, load_prompt, placeholders, template

from convrec.settings import Settings

UNDERSTAND = {"categories": "Desks", "brands": "Basix", "values": "oak", "belief": "nothing", "shown": "none"}


def test_a_missing_placeholder_fails_loudly() -> None:
    with pytest.raises(PromptError, match="missing values for \\['shown'\\]"):
        load_prompt("understand", **{k: v for k, v in UNDERSTAND.items() if k != "shown"}, message="hi")


def test_an_unknown_value_fails_loudly() -> None:
    with pytest.raises(PromptError, match="unknown values \\['tone'\\]"):
        load_prompt("understand", **UNDERSTAND, message="hi", tone="pirate")


def test_a_missing_prompt_names_the_file() -> None:
    with pytest.raises(PromptError, match="prompts/nope.txt"):
        template("nope")


def test_json_braces_are_text_and_values_are_not_filled_twice() -> None:
    text = fill('Answer like {"a": 1} for {message}', message="{message} {b}")
    assert text == 'Answer like {"a": 1} for {message} {b}'
    assert placeholders('{"need":"x"} {shown}') == {"shown"}


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("understand", {**UNDERSTAND, "message": "a desk under 300"}),
        ("compose", {"task": "introduce these options.", "belief": "nothing", "products": "1. Desk"}),
    ],
)
def test_shipped_prompts_load_as_chat_messages(name: str, values: dict[str, str]) -> None:
    messages = as_messages(load_prompt(name, **values))
    assert messages[0]["role"] == "system" and messages[-1]["role"] == "user"
    assert all(m["content"] for m in messages)
    assert not placeholders(messages[-1]["content"])  # every value went in


def test_settings_name_the_default_prompts() -> None:
    settings = Settings()
    assert template(settings.understand_prompt) and template(settings.compose_prompt)


def test_text_before_the_first_role_is_an_error() -> None:
    assert as_messages("just one message") == [{"role": "user", "content": "just one message"}]
    with pytest.raises(PromptError):
        as_messages("lost\n[user]\nhello")
