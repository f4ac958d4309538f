import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def label_queries():
    spec = importlib.util.spec_from_file_location("label_queries", ROOT / "scripts" / "label_queries.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["label_queries"] = module
    spec.loader.exec_module(module)
    return module


def test_a_key_both_merged_and_set_is_refused(label_queries) -> None:
    text = "defs:\n  case: &case {name_any: [case], name_none: [armband]}\nrule:\n  <<: *case\n  name_none: [glass]\n"
    with pytest.raises(ValueError, match="name_none"):
        yaml.load(text, Loader=label_queries._StrictLoader)
    combined = "defs:\n  case: &case {name_any: [case]}\nrule: {all: [*case, {name_none: [glass]}]}\n"
    assert yaml.load(combined, Loader=label_queries._StrictLoader)["rule"]["all"][1] == {
        "name_none": ["glass"]
    }


@pytest.mark.parametrize(
    "rules", sorted((ROOT / "eval" / "benchmarks").glob("*_rules.yaml")), ids=lambda p: p.name
)
def test_every_rules_file_loads_strictly_and_compiles(label_queries, rules: Path) -> None:
    spec = yaml.load(rules.read_text(), Loader=label_queries._StrictLoader)
    entries = spec["queries"] if isinstance(spec, dict) else spec
    for entry in entries:
        label_queries.compile_rule(entry["rule"], entry["id"])
