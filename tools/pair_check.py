"""Which products a generated query's constraints allow, fast enough to ask for every query."""

from __future__ import annotations

from collections.abc import Sequence

from convrec.tools.catalog import Product
from convrec.tools.constraints import Constraint
from convrec.tools.text import phrase


class ConstraintCheck:
    """`satisfies_all`, with each product's folded text and names computed once (they dominate otherwise)."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._names: dict[tuple[str, str], set[str]] = {}
        self._by_category: dict[str, list[Product]] | None = None

    def text(self, p: Product) -> str:
        if p.id not in self._texts:
            self._texts[p.id] = p.text_phrase()
        return self._texts[p.id]

    def _have(self, p: Product, kind: str) -> set[str]:
        key = (p.id, kind)
        if key not in self._names:
            brand = {phrase(p.brand)} if p.brand else set()
            self._names[key] = p.category_phrases() if kind == "category" else brand
        return self._names[key]

    def satisfies(self, p: Product, constraints: Sequence[Constraint]) -> bool:
        for c in sorted(constraints, key=lambda c: c.field == "text"):
            if c.field == "text" and c.name is None:
                ok = any(f" {v} " in self.text(p) for v in c.values) == (c.op == "in")
            elif c.field in ("category", "brand") and c.op in ("in", "not_in"):
                ok = bool(self._have(p, c.field) & set(c.values)) == (c.op == "in")
            else:
                ok = c.satisfied_by(p)
            if not ok:
                return False
        return True

    def matching(self, products: Sequence[Product], constraints: Sequence[Constraint]) -> list[str]:
        """Every product a query's constraints allow: the relevant set for generated evaluation queries.

        `products` is the whole catalog and must be the same list on every call (it is indexed once).
        """
        if self._by_category is None:
            self._by_category = {}
            for p in products:
                for name in self._have(p, "category"):
                    self._by_category.setdefault(name, []).append(p)
        pool: Sequence[Product] = products
        for c in constraints:
            if c.field == "category" and c.op == "in":
                pool = [p for v in c.values for p in self._by_category.get(v, [])]
                break
        return list(dict.fromkeys(p.id for p in pool if self.satisfies(p, constraints)))
