"""Imports flow one way: prompts <- tools <- agent <- ui / eval / convrec (the face). Nothing works at import."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = {"prompts": 0, "tools": 1, "agent": 2, "ui": 3, "eval": 3, "convrec": 4}
PACKAGE_OF = {"prompts": "prompts", "tools": "tools", "agent": "agent", "ui": "ui", "eval": "eval"}


def _imported_layers(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = (
            [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else [a.name for a in getattr(node, "names", [])]
        )
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "convrec":
                found.add(parts[1] if len(parts) > 1 and parts[1] in PACKAGE_OF else "convrec")
    return found


def test_no_reverse_imports() -> None:
    bad = []
    for folder, layer in LAYERS.items():
        for path in (ROOT / folder).rglob("*.py"):
            for target in _imported_layers(path):
                if LAYERS[target] > layer or (LAYERS[target] == layer and target != folder):
                    bad.append(f"{path.relative_to(ROOT)} imports convrec.{target}")
    # the face (CLI, settings, composition root) sits on top; eval and ui entry points may build through it
    allowed = {"eval", "ui"}
    bad = [b for b in bad if not (b.split("/")[0] in allowed and b.endswith("imports convrec.convrec"))]
    assert not bad, "\n".join(bad)


def test_importing_the_packages_does_no_work() -> None:
    code = (
        "import sys, time; t=time.perf_counter();"
        "import convrec.tools.retrieval, convrec.agent.graph, convrec.cli;"
        "heavy=[m for m in ('torch','sentence_transformers','gradio','chromadb') if m in sys.modules];"
        "print(heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "[]", f"heavy modules imported at import time: {out}"
