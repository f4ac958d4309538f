"""Load a prompt template from this folder and fill its named `{placeholders}`, loudly.

A placeholder is an identifier in single braces: `{message}`. Anything else in braces is literal
text, so JSON examples (`{"action": "search"}`) need no escaping. A file may be split into chat
messages by lines that read `[system]`, `[user]` or `[assistant]`; few-shot examples are then
real turns, which small chat models follow better than examples pasted into one instruction.
"""

from __future__ import annotations

import re
from importlib import resources

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
ROLE_LINE = re.compile(r"^\[(system|user|assistant)\]\s*$", re.MULTILINE)


class PromptError(ValueError):
    """A prompt that is missing, or filled with too few or unknown values."""


def template(name: str) -> str:
    """The raw text of `prompts/<name>.txt`."""
    path = resources.files(__package__ or "convrec.prompts").joinpath(f"{name}.txt")
    if not path.is_file():
        raise PromptError(f"no prompt named {name!r} (expected a file prompts/{name}.txt)")
    return path.read_text(encoding="utf-8")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def fill(text: str, name: str = "<inline>", **values: object) -> str:
    """Fill every placeholder; a missing value or one the template does not use is an error."""
    wanted = placeholders(text)
    missing = sorted(wanted - values.keys())
    unknown = sorted(values.keys() - wanted)
    if missing or unknown:
        raise PromptError(
            f"prompt {name!r}: missing values for {missing or 'none'}; unknown values {unknown or 'none'}"
        )
    # one pass over the template, so a value that itself contains "{x}" is never filled again
    return PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), text)


def load_prompt(name: str, **values: object) -> str:
    """`prompts/<name>.txt` with every placeholder filled."""
    return fill(template(name), name, **values)


def as_messages(text: str) -> list[dict[str, str]]:
    """Split a filled prompt into chat messages at its `[role]` lines (no lines: one user message)."""
    parts = ROLE_LINE.split(text)
    if len(parts) == 1:
        return [{"role": "user", "content": text.strip()}]
    if parts[0].strip():
        raise PromptError("text before the first [role] line would be lost")
    return [
        {"role": role, "content": content.strip()}
        for role, content in zip(parts[1::2], parts[2::2], strict=True)
    ]
