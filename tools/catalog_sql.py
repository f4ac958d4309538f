"""The SQLite fact store: product facts by id, and hard constraints as parameterised SQL."""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from convrec.tools.catalog import Product
from convrec.tools.constraints import Constraint
from convrec.tools.text import phrase

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS products (
  idx INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  title_phrase TEXT NOT NULL,
  brand_phrase TEXT,
  price REAL,
  category_phrases TEXT NOT NULL,
  text_phrase TEXT NOT NULL,
  hash TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS products_price ON products(price);
CREATE INDEX IF NOT EXISTS products_brand ON products(brand_phrase);
CREATE TABLE IF NOT EXISTS attrs (idx INTEGER NOT NULL, name TEXT NOT NULL, num REAL, str TEXT, unit TEXT);
CREATE INDEX IF NOT EXISTS attrs_num ON attrs(name, num);
CREATE INDEX IF NOT EXISTS attrs_str ON attrs(name, str);
CREATE INDEX IF NOT EXISTS attrs_idx ON attrs(idx);
"""
# Bump when the columns derived from a product's JSON (the *_phrase columns) are computed differently:
# a store written before is rederived once when opened.
DERIVATION = "3"


@dataclass
class SyncResult:
    added: list[str]
    updated: list[str]
    removed: list[str]
    unchanged: int


class SqliteCatalog:
    """Facts of one catalog in one SQLite file; the only source of prices and attributes."""

    def __init__(self, path: Path, name: str = "catalog") -> None:
        self.path = path
        self.name = name
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False)
        self._db.executescript(_SCHEMA)
        self._rederive()
        self._cache: dict[str, Product] = {}
        self._cache_version = self.version

    # -- metadata ---------------------------------------------------------------------------------
    def meta(self, key: str, default: str | None = None) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    @property
    def version(self) -> int:
        """Bumped by every ingest that changed something; readers reopen their indexes on change."""
        return int(self.meta("version", "0") or 0)

    @property
    def currency(self) -> str:
        return self.meta("currency", "USD") or "USD"

    # -- reads ------------------------------------------------------------------------------------
    def _fresh(self) -> None:
        if self.version != self._cache_version:
            self._cache.clear()
            self._cache_version = self.version

    def get(self, product_id: str) -> Product | None:
        self._fresh()
        if product_id in self._cache:
            return self._cache[product_id]
        row = self._db.execute("SELECT json FROM products WHERE id = ?", (product_id,)).fetchone()
        if row is None:
            return None
        product = Product.model_validate_json(row[0])
        self._cache[product_id] = product
        return product

    def get_many(self, product_ids: Sequence[str]) -> list[Product]:
        found = [self.get(i) for i in product_ids]
        return [p for p in found if p is not None]

    def all_ids(self) -> list[str]:
        return [r[0] for r in self._db.execute("SELECT id FROM products ORDER BY idx")]

    def index_ids(self) -> list[tuple[int, str]]:
        return list(self._db.execute("SELECT idx, id FROM products ORDER BY idx"))

    def iter_products(self) -> list[Product]:
        return [
            Product.model_validate_json(r[0])
            for r in self._db.execute("SELECT json FROM products ORDER BY idx")
        ]

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM products").fetchone()[0])

    def hashes(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT id, hash FROM products"))

    # -- writes -----------------------------------------------------------------------------------
    def _rederive(self) -> None:
        """Recompute the derived columns of a store written by an earlier derivation, once."""
        written = self.meta("derivation")
        if written == DERIVATION:
            return
        if written is None and not len(self):  # a new store: every row will be derived this way
            self.set_meta("derivation", DERIVATION)
            return
        # derived outside the write lock, so another process opening the same store waits only for the write
        rows = self._db.execute("SELECT idx, json FROM products").fetchall()
        derived = [(*self._phrases(Product.model_validate_json(raw)), idx) for idx, raw in rows]
        with self._db:
            self._db.executemany(
                "UPDATE products SET title_phrase=?, brand_phrase=?, category_phrases=?, text_phrase=? WHERE idx=?",
                derived,
            )
            self._db.execute(
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('derivation', ?)", (DERIVATION,)
            )

    @staticmethod
    def _phrases(p: Product) -> tuple[str, str | None, str, str]:
        return (
            f" {phrase(p.title)} ",
            phrase(p.brand) if p.brand else None,
            "|" + "|".join(sorted(p.category_phrases())) + "|",
            p.text_phrase(),
        )

    def sync(self, products: Sequence[Product], currency: str, remove_missing: bool = True) -> SyncResult:
        """Make the store hold exactly these products: add new, update changed, remove vanished."""
        old = self.hashes()
        new_ids = {p.id for p in products}
        added: list[str] = []
        updated: list[str] = []
        with self._db:
            for product in products:
                digest = product.content_hash()
                previous = old.get(product.id)
                if previous == digest:
                    continue
                (updated if previous else added).append(product.id)
                self._write(product, digest, replace=previous is not None)
            removed = [i for i in old if i not in new_ids] if remove_missing else []
            for product_id in removed:
                idx = self._db.execute("SELECT idx FROM products WHERE id = ?", (product_id,)).fetchone()[0]
                self._db.execute("DELETE FROM attrs WHERE idx = ?", (idx,))
                self._db.execute("DELETE FROM products WHERE idx = ?", (idx,))
            self._db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('currency', ?)", (currency,))
            if added or updated or removed:
                self._db.execute(
                    "INSERT OR REPLACE INTO meta(key, value) VALUES ('version', ?)", (str(self.version + 1),)
                )
        self._cache.clear()
        unchanged = len(products) - len(added) - len(updated)
        return SyncResult(added=added, updated=updated, removed=removed, unchanged=unchanged)

    def _write(self, p: Product, digest: str, replace: bool) -> None:
        title, brand, categories, text = self._phrases(p)
        values = (title, brand, p.price, categories, text, digest, p.model_dump_json())
        if replace:
            idx = self._db.execute("SELECT idx FROM products WHERE id = ?", (p.id,)).fetchone()[0]
            self._db.execute(
                "UPDATE products SET title_phrase=?, brand_phrase=?, price=?, category_phrases=?, text_phrase=?,"
                " hash=?, json=? WHERE idx=?",
                (*values, idx),
            )
            self._db.execute("DELETE FROM attrs WHERE idx = ?", (idx,))
        else:
            cur = self._db.execute(
                "INSERT INTO products(id, title_phrase, brand_phrase, price, category_phrases, text_phrase, hash, json)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (p.id, *values),
            )
            idx = cur.lastrowid
        rows: list[tuple[int | None, str, float | None, str | None, str | None]] = []
        for name, attr in p.attributes.items():
            if isinstance(attr.value, str):
                rows.append((idx, name, None, phrase(attr.value), None))
            else:
                rows.append((idx, name, float(attr.value), None, attr.unit))
        self._db.executemany("INSERT INTO attrs(idx, name, num, str, unit) VALUES (?, ?, ?, ?, ?)", rows)

    # -- constraints --------------------------------------------------------------------------------
    def filter_indexes(self, constraints: Sequence[Constraint]) -> np.ndarray:
        """Row indexes (idx) of products that satisfy every constraint, in one parameterised query."""
        where, params = compile_constraints(constraints)
        sql = "SELECT idx FROM products p" + (f" WHERE {where}" if where else "")
        rows = self._db.execute(sql, params).fetchall()
        return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))

    def count(self, constraints: Sequence[Constraint]) -> int:
        where, params = compile_constraints(constraints)
        sql = "SELECT COUNT(*) FROM products p" + (f" WHERE {where}" if where else "")
        return int(self._db.execute(sql, params).fetchone()[0])

    def ids_for(self, indexes: Sequence[int]) -> dict[int, str]:
        """Product ids of row indexes; no indexes means no ids (never "all of them")."""
        if not len(indexes):
            return {}
        marks = ",".join("?" * len(indexes))
        rows = self._db.execute(
            f"SELECT idx, id FROM products WHERE idx IN ({marks})", [int(i) for i in indexes]
        )
        return dict(rows)

    # -- vocabulary for the parser ------------------------------------------------------------------
    def category_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for (path,) in self._db.execute("SELECT category_phrases FROM products"):
            for name in path.strip("|").split("|"):
                if name:
                    counts[name] = counts.get(name, 0) + 1
        return counts

    def category_names(self) -> dict[str, str]:
        """Canonical phrase -> display name of every category level."""
        names: dict[str, str] = {}
        for (raw,) in self._db.execute("SELECT json_extract(json, '$.category') FROM products"):
            for name in _json_list(raw):
                names.setdefault(phrase(name), name)
        return names

    def brand_names(self) -> dict[str, str]:
        rows = self._db.execute(
            "SELECT brand_phrase, json_extract(json, '$.brand'), COUNT(*) FROM products"
            " WHERE brand_phrase IS NOT NULL GROUP BY brand_phrase"
        )
        return {b: display for b, display, _ in rows}

    def numeric_attributes(self) -> dict[str, str | None]:
        """Attribute name -> base unit, for numeric attributes."""
        return dict(self._db.execute("SELECT name, MAX(unit) FROM attrs WHERE num IS NOT NULL GROUP BY name"))

    def numeric_ranges(self) -> dict[str, tuple[float, float]]:
        """Numeric attribute -> the smallest and largest value any product has, in the base unit."""
        rows = self._db.execute(
            "SELECT name, MIN(num), MAX(num) FROM attrs WHERE num IS NOT NULL GROUP BY name"
        )
        return {name: (float(low), float(high)) for name, low, high in rows}

    def text_attribute_values(self, limit_per_name: int = 200) -> dict[str, list[str]]:
        values: dict[str, list[str]] = {}
        rows = self._db.execute(
            "SELECT name, str, COUNT(*) c FROM attrs WHERE str IS NOT NULL GROUP BY name, str ORDER BY name, c DESC"
        )
        for name, value, _ in rows:
            bucket = values.setdefault(name, [])
            if len(bucket) < limit_per_name and len(value) <= 40:
                bucket.append(value)
        return values

    def text_attribute_categories(self) -> dict[tuple[str, str], set[str]]:
        """(attribute, value) -> the categories of products that have it ("wireless" is a mouse type, not a sofa's)."""
        by_value = self._categories_by(
            "SELECT a.name, a.str, p.category_phrases FROM attrs a JOIN products p ON p.idx = a.idx"
            " WHERE a.str IS NOT NULL GROUP BY a.name, a.str, p.category_phrases"
        )
        return {(name, value): cats for (name, value), cats in by_value.items()}

    def numeric_attribute_categories(self) -> dict[str, set[str]]:
        """Numeric attribute -> the categories of products that have it (cables have a length, bands not)."""
        by_name = self._categories_by(
            "SELECT a.name, p.category_phrases FROM attrs a JOIN products p ON p.idx = a.idx"
            " WHERE a.num IS NOT NULL GROUP BY a.name, p.category_phrases"
        )
        return {name: cats for (name,), cats in by_name.items()}

    def _categories_by(self, sql: str) -> dict[tuple[str, ...], set[str]]:
        """Rows of (key columns..., category_phrases) -> each key's categories."""
        out: dict[tuple[str, ...], set[str]] = {}
        for *key, path in self._db.execute(sql):
            out.setdefault(tuple(key), set()).update(c for c in path.strip("|").split("|") if c)
        return out

    def price_range(self, constraints: Sequence[Constraint] = ()) -> tuple[float, float] | None:
        where, params = compile_constraints(constraints)
        sql = "SELECT MIN(price), MAX(price) FROM products p" + (f" WHERE {where}" if where else "")
        low, high = self._db.execute(sql, params).fetchone()
        return None if low is None else (float(low), float(high))

    def close(self) -> None:
        self._db.close()


def _json_list(raw: str | None) -> list[str]:
    return list(json.loads(raw)) if raw else []


def compile_constraints(constraints: Sequence[Constraint]) -> tuple[str, list[object]]:
    """Translate constraints to one WHERE clause; must agree with `Constraint.satisfied_by`."""
    clauses: list[str] = []
    params: list[object] = []
    for c in constraints:
        clause, args = _compile_one(c)
        clauses.append(clause)
        params.extend(args)
    return " AND ".join(f"({c})" for c in clauses), params


def _range_sql(column: str, c: Constraint) -> tuple[str, list[object]]:
    low, high = c.bounds()
    parts, args = [f"{column} IS NOT NULL"], []
    if not math.isinf(low):
        parts.append(f"{column} >= ?")
        args.append(low)
    if not math.isinf(high):
        parts.append(f"{column} <= ?")
        args.append(high)
    return " AND ".join(parts), args


def _compile_one(c: Constraint) -> tuple[str, list[object]]:
    marks = ",".join("?" * len(c.values))
    if c.field == "price":
        return _range_sql("p.price", c)
    if c.field == "attribute" and c.is_numeric:
        inner, args = _range_sql("a.num", c)
        return f"EXISTS (SELECT 1 FROM attrs a WHERE a.idx = p.idx AND a.name = ? AND {inner})", [
            c.name,
            *args,
        ]
    if c.field == "brand":
        if c.op == "in":
            return f"p.brand_phrase IN ({marks})", list(c.values)
        return f"p.brand_phrase IS NULL OR p.brand_phrase NOT IN ({marks})", list(c.values)
    if c.field == "category":
        hit = " OR ".join("instr(p.category_phrases, ?) > 0" for _ in c.values)
        args = [f"|{v}|" for v in c.values]
        return (hit, args) if c.op == "in" else (f"NOT ({hit})", args)
    if c.field == "text":
        column = "p.title_phrase" if c.name == "title" else "p.text_phrase"
        hit = " OR ".join(f"instr({column}, ?) > 0" for _ in c.values)
        args = [f" {v} " for v in c.values]
        return (hit, args) if c.op == "in" else (f"NOT ({hit})", args)
    has = f"EXISTS (SELECT 1 FROM attrs a WHERE a.idx = p.idx AND a.name = ? AND a.str IN ({marks}))"
    if c.op == "in":
        return has, [c.name, *c.values]
    in_title = " OR ".join("instr(p.title_phrase, ?) > 0" for _ in c.values)
    return f"NOT {has} AND NOT ({in_title})", [c.name, *c.values, *[f" {v} " for v in c.values]]
