"""All configuration in one place: environment variables with the CONVREC_ prefix, overridable per run."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONVREC_", extra="ignore")

    home: Path = Field(
        default=Path.home() / ".convrec", description="where catalogs, models and sessions live"
    )
    catalog: str = "demo"
    engine: Literal["embedded", "openai"] = "embedded"
    llm_base_url: str | None = None  # any OpenAI-compatible endpoint: OpenAI, vLLM, Ollama, llama.cpp
    llm_model: str = "gpt-4o-mini"
    llm_api_key: str = "not-needed"
    llm_timeout_s: float = 20.0
    understand_prompt: str = "understand"  # prompts/<name>.txt, so an evaluation can swap a variant
    compose_prompt: str = "compose"
    products_per_reply: int = 3
    dense_weight: float | None = None  # None: the fine-tuned model's chosen weight, else 0.55
    use_finetuned: bool = True
    host: str = "127.0.0.1"
    port: int = 7860
    seed: int = 0
