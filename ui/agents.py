"""Which agent serves which catalog: built on first use, then shared by every shopper."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence

from convrec.agent.facade import Agent

AgentSource = Mapping[str, Agent] | Callable[[str], Agent]


class Agents:
    """One agent per catalog, built on first use and shared by every shopper (it keys state by session)."""

    def __init__(self, source: AgentSource, names: Sequence[str]) -> None:
        self._source = source
        self.names = list(names)
        self._built: dict[str, Agent] = {}
        self._lock = threading.Lock()

    def pick(self, name: str | None) -> str:
        return name if name in self.names else self.names[0]

    def get(self, name: str | None) -> Agent:
        name = self.pick(name)
        with self._lock:
            if name not in self._built:
                source = self._source
                self._built[name] = source[name] if isinstance(source, Mapping) else source(name)
            return self._built[name]
