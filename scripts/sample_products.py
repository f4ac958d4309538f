#!/usr/bin/env python3
"""Draw the random product sample a blind query set is written from (the fifth check's: seed 20261203, 200).

Prints one line per product, ``id<TAB>price<TAB>brand<TAB>category path<TAB>name``, in sample order; with
``--parts 4`` it writes ``products_a.txt`` .. ``products_d.txt`` of equal size into ``--out`` instead.

    .venv/bin/python scripts/sample_products.py --seed 20261203 --n 200 --parts 4 --out var/heldback3
"""

from __future__ import annotations

import argparse
import json
import random
import string
from pathlib import Path

from label_queries import CATALOG, product_id


def sample(catalog: Path, seed: int, n: int) -> list[str]:
    rows = [r for r in json.loads(catalog.read_text()) if r.get("image")]
    return [
        "\t".join(
            [product_id(r), f"${r['price']}", r["brand"], " > ".join(r.get("categories") or []), r["name"]]
        )
        for r in random.Random(seed).sample(rows, n)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalog", type=Path, default=CATALOG)
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--parts", type=int, default=1)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    lines = sample(args.catalog, args.seed, args.n)
    if args.parts == 1 or args.out is None:
        print("\n".join(lines))
        return 0
    size = len(lines) // args.parts
    args.out.mkdir(parents=True, exist_ok=True)
    for i in range(args.parts):
        part = lines[i * size : (i + 1) * size]
        (args.out / f"products_{string.ascii_lowercase[i]}.txt").write_text("".join(f"{x}\n" for x in part))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
