"""Where one catalog's data lives on disk: one folder per catalog under the convrec home."""

from __future__ import annotations

import fcntl
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{2,62}$")


class CatalogNameError(ValueError):
    pass


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise CatalogNameError(
            f"catalog name {name!r} must be 3-63 letters, digits, '-' or '_' and start with a letter or digit"
        )
    return name


@dataclass(frozen=True)
class CatalogFolder:
    root: Path
    name: str

    @classmethod
    def under(cls, home: Path, name: str) -> CatalogFolder:
        return cls(home / "catalogs" / check_name(name), name)

    @property
    def facts(self) -> Path:
        return self.root / "facts.sqlite"

    @property
    def vectors(self) -> Path:
        return self.root / "vectors"

    @property
    def retriever_model(self) -> Path:
        """The fine-tuned retriever (ONNX); absent means the bundled base model is used."""
        return self.root / "models" / "retriever"

    @property
    def history_model(self) -> Path:
        return self.root / "models" / "history.json"

    @property
    def interactions(self) -> Path:
        return self.root / "interactions.jsonl"

    @property
    def sessions(self) -> Path:
        return self.root / "sessions.sqlite"

    def exists(self) -> bool:
        return self.facts.exists()

    @contextmanager
    def write_lock(self) -> Iterator[None]:
        """One writing process per catalog: concurrent chromadb writers corrupt the store."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / ".write.lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise RuntimeError(
                    f"catalog {self.name!r} is being written by another process; try again"
                ) from exc
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def list_catalogs(home: Path) -> list[str]:
    base = home / "catalogs"
    if not base.exists():
        return []
    return sorted(p.name for p in base.iterdir() if (p / "facts.sqlite").exists())
