#!/usr/bin/env python3
"""Label the rule-defined Best Buy benchmark queries (q063 onward) from explicit, reviewable rules.

The rules live in ``eval/benchmarks/bestbuy_queries_rules.yaml``; every query there carries a rule over
the raw catalog fields, and a product is relevant exactly when it satisfies that rule.  This script
evaluates each rule over ``shared/data/bestbuy_cellphones.json`` and rewrites the rule-labelled lines of
``eval/benchmarks/bestbuy_queries.jsonl``.  Lines whose id is not in the rules file (the 62 hand-labelled
queries q001-q062) are kept byte for byte, in their order; the rule-labelled lines follow them, in the
order of the rules file.

Rule language (all keys of one rule must hold: they are ANDed):

  category_any / category_none   case-insensitive substrings of the category path,
                                 e.g. "Cell Phones > Cell Phone Accessories > Car Chargers"
  name_all / name_any / name_none
                                 case-insensitive regexes searched in the product name
  text_all / text_any / text_none
                                 the same, searched in name + " " + description
  brand_in / brand_not_in        brand names, compared after fold() ("Insignia™" == "insignia")
  price_lt / price_le / price_gt / price_ge
                                 numeric bounds on the listed price (dollars)
  mah_lt / mah_le / mah_gt / mah_ge
                                 bounds on the battery capacity: the largest "N mAh" in the name, else a
                                 capacity in a battery's model name ("powerstation 4000", "T2600",
                                 "ENERGI 5K+"), else the largest "N mAh" in the description; a product
                                 stating none fails the bound
  gb_lt / gb_le / gb_gt / gb_ge / gb_eq
                                 bounds on the storage: the largest "N GB" in the name; none fails
  feet_lt / feet_le / feet_gt / feet_ge
                                 bounds on a cable length written as N' or N ft in the name; none fails
  any                            a list of sub-rules, at least one of which holds (OR)
  all                            a list of sub-rules, all of which hold
  not                            a sub-rule that must not hold

Text is compared after light normalisation: HTML entities decoded, the marks ™ ® © removed and runs of
white space collapsed, so "Apple® iPhone® 6" reads "Apple iPhone 6".  Each query may also carry
``expect: [min, max]``, a sanity bound on the number of matches; a rule matching nothing, or outside
its bound, makes the script fail loudly without writing anything.

    .venv/bin/python scripts/label_queries.py            # relabel and rewrite the jsonl
    .venv/bin/python scripts/label_queries.py --check    # fail if the jsonl is out of date
    .venv/bin/python scripts/label_queries.py --show q070 --show q071   # print the matched names
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from convrec.tools.text import fold

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "eval" / "benchmarks" / "bestbuy_queries_rules.yaml"
QUERIES = ROOT / "eval" / "benchmarks" / "bestbuy_queries.jsonl"
CATALOG = ROOT.parent / "shared" / "data" / "bestbuy_cellphones.json"

KINDS = {"vague", "brand", "constraint", "typo", "exact", "synonym", "negation", "narrative"}
_MARKS = str.maketrans("", "", "™®©")
_SPACES = re.compile(r"\s+")
# "10,000 mAh", "13,200mAh", "3.350 mAh" (a dot before exactly three digits is a thousands separator)
_MAH = re.compile(r"(\d{1,3}(?:[,.]\d{3})+|\d+)\s*-?\s*mah\b", re.I)
# a 4-5 digit model number ("powerstation 4000", "PowerPack T2600") or "5K+" on a battery's name
_BATTERY = re.compile(r"charger|power ?(bank|pack|station)|battery", re.I)
_MODEL = re.compile(r"\b[a-z]{0,2}(\d{4,5})\b", re.I)
_K = re.compile(r"\b(\d{1,2})k\b", re.I)
_GB = re.compile(r"(\d+)\s*gb\b", re.I)
_FEET = re.compile(r"(\d+(?:\.\d+)?)\s*(?:'|’|ft\b|feet\b|-foot\b)", re.I)


def clean(text: str) -> str:
    return _SPACES.sub(" ", html.unescape(text or "").translate(_MARKS)).strip()


def product_id(row: dict[str, Any]) -> str:
    """The ingester's product id (see tests/test_finetune.py::test_bestbuy_labels_use_the_ingester_ids)."""
    return hashlib.sha1(fold(row["image"]).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    text: str
    brand: str
    category: str
    price: float
    mah: float | None
    gb: float | None
    feet: float | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Product:
        name = clean(row["name"])
        description = clean(row.get("description") or "")
        return cls(
            id=product_id(row),
            name=name,
            text=f"{name} {description}",
            brand=fold(row.get("brand") or ""),
            category=" > ".join(row.get("categories") or []).lower(),
            price=float(row["price"]),
            mah=_largest(_MAH, name) or _model_mah(name) or _largest(_MAH, description),
            gb=_largest(_GB, name),
            feet=_largest(_FEET, name),
        )


def _model_mah(name: str) -> float | None:
    """A capacity written into a battery's model name: "powerstation 4000", "T2600", "ENERGI 5K+"."""
    name = name.split(" for ")[0]  # "Battery for LG enV2 VX9100": the number names the phone
    if not _BATTERY.search(name):
        return None
    thousands = [float(m.group(1)) * 1000 for m in _K.finditer(name)]
    numbers = [float(m.group(1)) for m in _MODEL.finditer(name)]
    return max(thousands + numbers) if thousands or numbers else None


def _largest(pattern: re.Pattern[str], text: str) -> float | None:
    values = [float(re.sub(r"[,.](?=\d{3}\b)", "", m.group(1))) for m in pattern.finditer(text)]
    return max(values) if values else None


Test = Callable[[Product], bool]


def _regexes(value: Any, key: str) -> list[re.Pattern[str]]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(v, str) for v in items):
        raise ValueError(f"{key}: expected a regex or a non-empty list of regexes, got {value!r}")
    return [re.compile(v, re.I) for v in items]


def _strings(value: Any, key: str) -> list[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(v, str) for v in items):
        raise ValueError(f"{key}: expected a string or a non-empty list of strings, got {value!r}")
    return items


def _bound(key: str, value: Any) -> Test:
    field, op = key.rsplit("_", 1)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{key}: expected a number, got {value!r}")
    compare: Callable[[float, float], bool] = {
        "lt": lambda a, b: a < b,
        "le": lambda a, b: a <= b,
        "gt": lambda a, b: a > b,
        "ge": lambda a, b: a >= b,
        "eq": lambda a, b: a == b,
    }[op]

    def test(p: Product) -> bool:
        actual = getattr(p, field)
        return actual is not None and compare(actual, value)

    return test


BOUNDS = {f"{field}_{op}" for field in ("price", "mah", "gb", "feet") for op in ("lt", "le", "gt", "ge")}
BOUNDS |= {"gb_eq"}


def compile_rule(rule: Any, where: str = "rule") -> Test:
    """Turn one rule mapping into a predicate over products; unknown keys are an error."""
    if not isinstance(rule, dict) or not rule:
        raise ValueError(f"{where}: a rule must be a non-empty mapping, got {rule!r}")
    tests: list[Test] = []
    for key, value in rule.items():
        at = f"{where}.{key}"
        if key == "category_any":
            subs = [s.lower() for s in _strings(value, at)]
            tests.append(lambda p, subs=subs: any(s in p.category for s in subs))
        elif key == "category_none":
            subs = [s.lower() for s in _strings(value, at)]
            tests.append(lambda p, subs=subs: not any(s in p.category for s in subs))
        elif key in {"name_all", "name_any", "name_none", "text_all", "text_any", "text_none"}:
            field, mode = key.split("_")
            pats = _regexes(value, at)
            combine = {"all": all, "any": any, "none": lambda hits: not any(hits)}[mode]
            tests.append(
                lambda p, pats=pats, field=field, combine=combine: combine(
                    pat.search(getattr(p, field)) is not None for pat in pats
                )
            )
        elif key in {"brand_in", "brand_not_in"}:
            brands = {fold(b) for b in _strings(value, at)}
            wanted = key == "brand_in"
            tests.append(lambda p, brands=brands, wanted=wanted: (p.brand in brands) == wanted)
        elif key in BOUNDS:
            tests.append(_bound(key, value))
        elif key in {"any", "all"}:
            if not isinstance(value, list) or not value:
                raise ValueError(f"{at}: expected a non-empty list of rules")
            subs = [compile_rule(r, f"{at}[{i}]") for i, r in enumerate(value)]
            combine = any if key == "any" else all
            tests.append(lambda p, subs=subs, combine=combine: combine(t(p) for t in subs))
        elif key == "not":
            sub = compile_rule(value, at)
            tests.append(lambda p, sub=sub: not sub(p))
        else:
            raise ValueError(f"{at}: unknown rule key")
    return lambda p: all(t(p) for t in tests)


class _StrictLoader(yaml.SafeLoader):
    """A SafeLoader that refuses a key a rule both merges (``<<: *anchor``) and sets itself.

    YAML lets the rule's own ``name_none`` silently replace the anchor's, so the anchor's exclusions
    vanish and the label grows; the author almost always meant both. Combine them with ``all:`` instead.
    """

    def flatten_mapping(self, node: yaml.MappingNode) -> None:
        merged: set[str] = set()
        own: list[str] = []
        for key, value in node.value:
            if key.tag == "tag:yaml.org,2002:merge":
                for sub in value.value if isinstance(value, yaml.SequenceNode) else [value]:
                    if isinstance(sub, yaml.MappingNode):
                        names = {k.value for k, _ in sub.value}
                        if clash := merged & names:
                            raise ValueError(
                                f"line {node.start_mark.line + 1}: two merges both set {sorted(clash)}"
                            )
                        merged |= names
            else:
                own.append(key.value)
        if clash := merged & set(own) or {k for k in own if own.count(k) > 1}:
            raise ValueError(
                f"line {node.start_mark.line + 1}: {sorted(clash)} set twice (a merged anchor's value would be "
                "replaced, not combined): combine the anchor and the rule's own keys with `all:`"
            )
        super().flatten_mapping(node)


@dataclass
class Labelled:
    id: str
    query: str
    kind: str
    matches: list[Product]


def label(rules_path: Path, catalog_path: Path) -> tuple[list[Labelled], list[str]]:
    """Evaluate every rule; return the labelled queries and the problems found (empty or out-of-bound labels)."""
    spec = yaml.load(rules_path.read_text(), Loader=_StrictLoader)  # a SafeLoader subclass
    entries = spec["queries"] if isinstance(spec, dict) else spec
    products = [Product.from_row(r) for r in json.loads(catalog_path.read_text()) if r.get("image")]
    out: list[Labelled] = []
    problems: list[str] = []
    seen: set[str] = set()
    for entry in entries:
        qid = entry.get("id")
        if not isinstance(qid, str) or not re.fullmatch(r"q\d{3,}", qid) or qid in seen:
            raise ValueError(f"bad or repeated id: {qid!r}")
        seen.add(qid)
        if entry.get("kind") not in KINDS:
            raise ValueError(f"{qid}: kind must be one of {sorted(KINDS)}, got {entry.get('kind')!r}")
        if not str(entry.get("query") or "").strip():
            raise ValueError(f"{qid}: empty query")
        test = compile_rule(entry.get("rule"), f"{qid}.rule")
        matches = []
        ids: set[str] = set()
        for p in products:
            if p.id not in ids and test(p):
                ids.add(p.id)
                matches.append(p)
        low, high = entry.get("expect", [1, None])
        if not matches:
            problems.append(f"{qid}: the rule matches nothing ({entry['query']!r})")
        elif len(matches) < max(low, 1) or (high is not None and len(matches) > high):
            problems.append(f"{qid}: {len(matches)} matches, expected {low}..{high} ({entry['query']!r})")
        out.append(Labelled(qid, entry["query"], entry["kind"], matches))
    return out, problems


def render(existing: list[str], labelled: list[Labelled]) -> str:
    ours = {q.id for q in labelled}
    kept = [line for line in existing if line.strip() and json.loads(line)["id"] not in ours]
    kept_ids = [json.loads(line)["id"] for line in kept]
    if len(set(kept_ids)) != len(kept_ids):
        raise SystemExit("label_queries: the kept lines repeat an id")
    new = [
        json.dumps({"id": q.id, "query": q.query, "relevant": [p.id for p in q.matches], "kind": q.kind})
        for q in labelled
    ]
    return "".join(line + "\n" for line in kept + new)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rules", type=Path, default=RULES)
    parser.add_argument("--catalog", type=Path, default=CATALOG)
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument("--check", action="store_true", help="write nothing; fail if the file is stale")
    parser.add_argument("--show", action="append", default=[], metavar="ID", help="print matched names")
    args = parser.parse_args(argv)

    labelled, problems = label(args.rules, args.catalog)
    by_kind: dict[str, int] = {}
    for q in labelled:
        by_kind[q.kind] = by_kind.get(q.kind, 0) + 1
        print(f"{q.id}  {q.kind:<10} {len(q.matches):>4}  {q.query}")
        if q.id in args.show:
            for p in q.matches:
                print(f"        {p.price:>8.2f}  {p.name}")
    print(
        f"{len(labelled)} rule-labelled queries: " + ", ".join(f"{k} {n}" for k, n in sorted(by_kind.items()))
    )
    if problems:
        raise SystemExit("label_queries: refusing to write:\n  " + "\n  ".join(problems))

    existing = args.queries.read_text().splitlines() if args.queries.exists() else []
    text = render(existing, labelled)
    current = "".join(line + "\n" for line in existing)
    if args.check:
        if text != current:
            print(f"{args.queries} is out of date: run scripts/label_queries.py", file=sys.stderr)
            return 1
        return 0
    if text != current:
        args.queries.write_text(text)
        print(f"wrote {args.queries}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
