"""The SQLite fact columns that hard constraints test, held as arrays, so filtering costs a millisecond."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from convrec.tools.constraints import Constraint


class FactColumns:
    """The SQLite columns that hard constraints test, held as arrays in row (idx) order.

    At 100k products one SQLite filter costs 50-750 ms (a scan of the JSON-heavy table, or the
    price index chosen for a wide range); the same test over arrays costs about a millisecond.
    Each clause mirrors `catalog_sql.compile_constraints` on values read from the same columns in
    one snapshot; a constraint it does not mirror (`mask` returns None) is left to SQLite.
    """

    def __init__(self, path: Path) -> None:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            db.execute("BEGIN")  # both tables from one snapshot
            rows = db.execute(
                "SELECT idx, id, brand_phrase, price, category_phrases, title_phrase, text_phrase"
                " FROM products ORDER BY idx"
            ).fetchall()
            attrs = db.execute("SELECT idx, name, num, str FROM attrs").fetchall()
        finally:
            db.close()
        self.idx = np.array([r[0] for r in rows], dtype=np.int64)
        self.ids: list[str] = [r[1] for r in rows]
        self.price = np.array([np.nan if r[3] is None else r[3] for r in rows], dtype=np.float64)
        self._strings = {"title": [r[5] for r in rows], "text": [r[6] for r in rows]}
        self._found: dict[tuple[str, str], np.ndarray] = {}
        members: dict[tuple[str, str], list[int]] = {}  # (column, value) -> rows holding that value
        numbers: dict[str, list[tuple[int, float]]] = {}
        for n, r in enumerate(rows):
            if r[2] is not None:
                members.setdefault(("brand", r[2]), []).append(n)
            for name in set(r[4][1:-1].split("|")):  # instr(category_phrases, '|v|') > 0
                members.setdefault(("category", name), []).append(n)
        position = {int(i): n for n, i in enumerate(self.idx)}
        for idx, name, num, text in attrs:
            if idx in position and num is not None:
                numbers.setdefault(name, []).append((position[idx], num))
            if idx in position and text is not None:
                members.setdefault((f"attribute:{name}", text), []).append(position[idx])
        self._members = {key: np.array(ns, dtype=np.int64) for key, ns in members.items()}
        self._numbers = {
            name: (np.array([n for n, _ in pairs], dtype=np.int64), np.array([v for _, v in pairs]))
            for name, pairs in numbers.items()
        }

    def mask(self, c: Constraint) -> np.ndarray | None:
        """Which rows meet `c`, exactly as its SQL clause would say; None to leave it to SQLite."""
        if c.field in ("category", "text") and (not c.values or any("|" in v for v in c.values)):
            return None  # an empty list is invalid SQL there; a '|' would match across names
        if c.field == "price":
            return self._between(self.price, c)
        if c.field == "attribute" and c.is_numeric:
            at, values = self._numbers.get(c.name or "", (np.zeros(0, np.int64), np.zeros(0)))
            return self._rows(at[self._between(values, c)])
        if c.field == "text":
            hit = self._contains("title" if c.name == "title" else "text", c.values)
        elif c.field in ("brand", "category"):
            hit = self._holding(c.field, c.values)
        else:
            if c.op != "in" and not c.values:
                return None
            has = self._holding(f"attribute:{c.name}", c.values)
            return has if c.op == "in" else ~has & ~self._contains("title", c.values)
        return hit if c.op == "in" else ~hit

    def _holding(self, column: str, values: Sequence[str]) -> np.ndarray:
        empty = np.zeros(0, dtype=np.int64)
        return self._rows(np.concatenate([empty, *(self._members.get((column, v), empty) for v in values)]))

    def _between(self, values: np.ndarray, c: Constraint) -> np.ndarray:
        low, high = c.bounds()
        with np.errstate(invalid="ignore"):
            return ~np.isnan(values) & (values >= low) & (values <= high)

    def _rows(self, positions: np.ndarray) -> np.ndarray:
        mask = np.zeros(len(self.idx), dtype=bool)
        mask[positions] = True
        return mask

    def _contains(self, column: str, values: Sequence[str]) -> np.ndarray:
        """instr(column, ' v ') > 0 for any v; each word's rows are kept, shoppers reuse words."""
        hit = np.zeros(len(self.idx), dtype=bool)
        for v in values:
            key = (column, v)
            if key not in self._found:
                if len(self._found) > 256:
                    self._found.clear()
                needle = f" {v} "
                found = (needle in s for s in self._strings[column])
                self._found[key] = np.fromiter(found, dtype=bool, count=len(self.idx))
            hit |= self._found[key]
        return hit
