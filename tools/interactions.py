"""The interaction log: what shoppers viewed, liked, rejected and bought, one JSON object per line.

Format (JSON lines, UTF-8, one event per line)::

    {"session": "s-0042", "user": "u-7", "item": "dsk-0001", "event": "cart", "ts": "2025-03-01T10:15:00Z"}

- ``session``: any non-empty string; events of one shopping visit share it.
- ``user``: a string, or ``null`` for anonymous shoppers.
- ``item``: the product id in the catalog.
- ``event``: one of ``view``, ``click``, ``cart``, ``purchase``, ``like``, ``reject``.
- ``ts``: an ISO-8601 timestamp (``Z`` or an offset; a naive time is read as UTC).

Extra keys are kept out of the model and ignored. A line that is not valid JSON or misses a field is
reported with its line number and skipped, never fatal: logs are written by many processes and a
crash can leave a torn last line. ``append_event`` takes an exclusive ``flock`` and writes each line
with one ``write`` call on a file opened in append mode, so several processes (agent, UI, API) can log
to the same file without interleaving.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError, field_validator

EventKind = Literal["view", "click", "cart", "purchase", "like", "reject"]

# How much one event says about wanting the item; a rejection is evidence against it.
EVENT_WEIGHTS: dict[str, float] = {
    "purchase": 5.0,
    "cart": 3.0,
    "like": 2.0,
    "click": 1.0,
    "view": 0.5,
    "reject": -2.0,
}
STRONG_EVENTS = frozenset({"purchase", "cart"})


class Event(BaseModel):
    session: str
    user: str | None = None
    item: str
    event: EventKind
    ts: datetime

    @field_validator("session", "item")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("ts")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        return value if value.tzinfo else value.replace(tzinfo=UTC)

    @property
    def weight(self) -> float:
        return EVENT_WEIGHTS[self.event]

    def key(self) -> tuple[str, str, str, str]:
        """Identity of an event, to merge logs without counting a line twice."""
        return (self.session, self.item, self.event, self.ts.isoformat())

    def to_line(self) -> str:
        payload = self.model_dump(mode="json")
        payload["ts"] = self.ts.astimezone(UTC).isoformat().replace("+00:00", "Z")
        return json.dumps(payload, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def parse_event(text: str) -> Event:
    """Validate one log line; raises ValueError with a short reason."""
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg})") from exc
    if not isinstance(payload, dict):
        raise ValueError("not a JSON object")
    try:
        return Event.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "event"
        raise ValueError(f"{where}: {first['msg']}") from exc


def read_events(path: Path) -> tuple[list[Event], list[LineError]]:
    """Read a log; bad lines come back as errors with 1-based line numbers instead of stopping."""
    events: list[Event] = []
    errors: list[LineError] = []
    if not path.exists():
        return events, errors
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                events.append(parse_event(text))
            except ValueError as exc:
                errors.append(LineError(number, str(exc)))
    return events, errors


def now() -> datetime:
    return datetime.now(UTC)


def append_event(path: Path, event: Event | Mapping[str, object]) -> Event:
    """Log one event; safe when several processes append to the same file at once."""
    checked = event if isinstance(event, Event) else Event.model_validate(dict(event))
    append_events(path, [checked])
    return checked


def append_events(path: Path, events: Iterable[Event]) -> int:
    """Append events under one exclusive lock, each line in a single write call."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    written = 0
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        for event in events:
            os.write(fd, event.to_line().encode("utf-8"))
            written += 1
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    return written


def write_events(path: Path, events: Iterable[Event]) -> int:
    """Write a whole log, replacing the file at once so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    written = 0
    with tmp.open("w", encoding="utf-8") as handle:
        for event in events:
            handle.write(event.to_line())
            written += 1
    os.replace(tmp, path)
    return written


def merge_into(path: Path, events: Iterable[Event]) -> int:
    """Append the events that the log at `path` does not hold yet; returns how many were new."""
    seen = {e.key() for e in read_events(path)[0]}
    fresh: list[Event] = []
    for event in events:
        if event.key() not in seen:
            seen.add(event.key())
            fresh.append(event)
    return append_events(path, fresh) if fresh else 0
