from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from convrec.settings import Settings
from tests.catalog_fixture import write_jsonl

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Block connections to anything but localhost unless a test is marked as needing them."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address):  # type: ignore[no-untyped-def]
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in ("127.0.0.1", "localhost", "::1", "0.0.0.0")
            and not str(host).startswith("/")
        ):
            raise RuntimeError(f"network access blocked in tests: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("convrec-home")


@pytest.fixture(scope="session")
def settings(home: Path) -> Settings:
    return Settings(home=home, catalog="fixture")


@pytest.fixture(scope="session")
def fixture_catalog(settings: Settings, tmp_path_factory: pytest.TempPathFactory):
    """The fixture catalog ingested through the real stores (SQLite + chromadb on disk)."""
    from convrec.cli_catalog import ingest_file
    from convrec.compose import open_catalog

    path = write_jsonl(tmp_path_factory.mktemp("data") / "fixture.jsonl")
    ingest_file(settings, path, "fixture", None, show_progress=False)
    return open_catalog(settings, "fixture")
