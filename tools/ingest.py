"""Read a user's catalog file into validated `Product`s, reporting every bad row and keeping the rest."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from convrec.tools.catalog import Attribute, Product
from convrec.tools.mapping import Mapping
from convrec.tools.text import fold
from convrec.tools.title_facts import title_facts
from convrec.tools.units import lookup, to_base
from price_parser import Price
from pydantic import BaseModel, Field

_QUANTITY = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*([A-Za-z\"″]+)\s*$")
_LONG_TEXT = 160


class RowError(BaseModel):
    row: int
    reason: str
    id: str | None = None


class ReadReport(BaseModel):
    rows: int = 0
    loaded: int = 0
    duplicates_ignored: int = 0
    errors: list[RowError] = Field(default_factory=list)
    derived_ids: bool = False
    id_basis: list[str] = Field(default_factory=list)


@dataclass
class CatalogFile:
    products: list[Product]
    report: ReadReport
    currency: str
    columns: list[str] = field(default_factory=list)


class RowRejected(ValueError):
    """A row that cannot become a product; its message is shown to the user."""


def read_catalog(path: Path, mapping: Mapping | None = None) -> CatalogFile:
    """Load CSV, JSON or JSONL; bad rows are reported with their row number and reason."""
    mapping = mapping or Mapping()
    records = list(_records(path, mapping.format))
    columns = list(dict.fromkeys(k for _, rec in records[:200] for k in rec))
    resolved = mapping.resolved(columns)
    report = ReadReport(rows=len(records))
    if not resolved.fields.get("id") and not resolved.id_from:
        # a URL or image address is usually unique per product; title + brand often is not
        unique = [resolved.fields.get(f) for f in ("url", "image")]
        basis = [c for c in unique if isinstance(c, str)][:1] or [
            c for c in (resolved.fields.get("title"), resolved.fields.get("brand")) if isinstance(c, str)
        ]
        resolved = resolved.model_copy(update={"id_from": basis})
        report.id_basis = basis
        report.derived_ids = True
    seen: dict[str, tuple[int, str]] = {}
    products: list[Product] = []
    for row, record in records:
        try:
            product = _to_product(record, resolved)
        except RowRejected as exc:
            report.errors.append(
                RowError(row=row, reason=str(exc), id=_text(record.get(str(resolved.fields.get("id")))))
            )
            continue
        digest = product.content_hash()
        if product.id in seen:
            first_row, first_digest = seen[product.id]
            if first_digest == digest:
                report.duplicates_ignored += 1
            else:
                report.errors.append(
                    RowError(
                        row=row,
                        id=product.id,
                        reason=f"duplicate id {product.id!r} with different data than row {first_row}; kept row {first_row}",
                    )
                )
            continue
        seen[product.id] = (row, digest)
        products.append(product)
    report.loaded = len(products)
    return CatalogFile(products=products, report=report, currency=resolved.currency, columns=columns)


def _records(path: Path, fmt: str | None) -> Iterator[tuple[int, dict[str, Any]]]:
    kind = fmt or path.suffix.lower().lstrip(".")
    if kind == "csv":
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            for record in reader:
                yield reader.line_num, {k: v for k, v in record.items() if k is not None}
    elif kind == "jsonl":
        with path.open(encoding="utf-8") as fh:
            for line_no, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield line_no, {"__error__": f"invalid JSON: {exc.msg}"}
                    continue
                yield (
                    line_no,
                    value if isinstance(value, dict) else {"__error__": "line is not a JSON object"},
                )
    elif kind == "json":
        value = json.loads(path.read_text(encoding="utf-8"))
        items = value.get("products", value.get("items", [])) if isinstance(value, dict) else value
        if not isinstance(items, list):
            raise ValueError("a JSON catalog must be a list of objects (or an object with a 'products' list)")
        for index, item in enumerate(items, start=1):
            yield index, item if isinstance(item, dict) else {"__error__": "item is not a JSON object"}
    else:
        raise ValueError(
            f"unsupported catalog format {kind!r}: use .csv, .json or .jsonl (or set format in the mapping)"
        )


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _get(record: dict[str, Any], column: str | list[str] | None) -> Any:
    if column is None:
        return None
    if isinstance(column, list):
        return [record.get(c) for c in column]
    return record.get(column)


def _to_product(record: dict[str, Any], m: Mapping) -> Product:
    if "__error__" in record:
        raise RowRejected(record["__error__"])
    title = _text(_get(record, m.fields.get("title")))
    if m.id_from:
        basis = "|".join(fold(str(record.get(c) or "")) for c in m.id_from)
        product_id = hashlib.sha1(basis.encode()).hexdigest()[:12] if basis.strip("|") else None
    else:
        product_id = _text(_get(record, m.fields.get("id")))
    if not product_id:
        raise RowRejected("missing id")
    if not title:
        raise RowRejected("missing title")
    price = _parse_price(_get(record, m.fields.get("price")))
    attributes = _attributes(record, m)
    if m.title_facts:  # what the columns say wins over what the title says
        attributes = {**title_facts(title), **attributes}
    currency = _text(_get(record, m.fields.get("currency"))) or m.currency
    return Product(
        id=product_id,
        title=title,
        category=_category(_get(record, m.fields.get("category"))),
        brand=_text(_get(record, m.fields.get("brand"))),
        price=price,
        currency=currency.upper(),
        description=_text(_get(record, m.fields.get("description"))) or "",
        url=_text(_get(record, m.fields.get("url"))),
        image=_text(_get(record, m.fields.get("image"))),
        popularity=_number(_get(record, m.fields.get("popularity"))) or 0.0,
        attributes=attributes,
        search_text=" ".join(str(record.get(c) or "") for c in m.text).strip(),
    )


def _parse_price(raw: Any) -> float:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise RowRejected("missing price")
    if isinstance(raw, bool):
        raise RowRejected(f"unparsable price {raw!r}")
    if isinstance(raw, int | float):
        amount: float | None = float(raw)
    else:
        text = str(raw).strip()
        parsed = Price.fromstring(text)
        amount = parsed.amount_float
        if amount is not None and text.lstrip("$€£ ").startswith("-"):
            amount = -amount
    if amount is None:
        raise RowRejected(f"unparsable price {raw!r}")
    if amount < 0:
        raise RowRejected(f"negative price {amount:g}")
    return amount


def _number(raw: Any) -> float | None:
    try:
        return float(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _category(raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, list):
        parts: list[str] = []
        for item in raw:
            parts.extend(_category(item))
        return parts
    text = str(raw).strip()
    for sep in (">", "/", "|"):
        if sep in text:
            return [p.strip() for p in text.split(sep) if p.strip()]
    return [text] if text else []


def parse_value(raw: Any, unit: str | None = None) -> Attribute | None:
    """Turn a cell into an attribute: "120 cm" -> 120 cm, 3 -> 3, "oak" -> "oak"."""
    if raw is None or raw == "" or isinstance(raw, list | dict):
        return None
    if isinstance(raw, bool):
        return Attribute(value="yes" if raw else "no")
    if isinstance(raw, int | float):
        value, base = to_base(float(raw), unit) if unit else (float(raw), None)
        return Attribute(value=value, unit=base)
    text = str(raw).strip()
    if unit:
        number = _number(text.replace(",", "."))
        if number is not None:
            value, base = to_base(number, unit)
            return Attribute(value=value, unit=base)
    quantity = _QUANTITY.match(text)
    if quantity and lookup(quantity.group(2)):
        value, base = to_base(float(quantity.group(1).replace(",", ".")), quantity.group(2))
        return Attribute(value=value, unit=base)
    number = _number(text)
    if number is not None:
        return Attribute(value=number)
    return Attribute(value=text.lower()) if len(text) <= _LONG_TEXT else None


def _attributes(record: dict[str, Any], m: Mapping) -> dict[str, Attribute]:
    attrs: dict[str, Attribute] = {}
    nested = record.get(str(m.fields.get("attributes")))
    if isinstance(nested, dict):
        for name, raw in nested.items():
            if isinstance(raw, dict) and "value" in raw:
                attr = parse_value(raw["value"], raw.get("unit"))
            else:
                attr = parse_value(raw)
            if attr is not None:
                attrs[_attr_name(name)] = attr
    for name, spec in m.numeric.items():
        raw = record.get(spec.column)
        if raw in (None, ""):
            continue
        attr = parse_value(raw, spec.unit)
        if attr is None or isinstance(attr.value, str):
            raise RowRejected(f"column {spec.column!r} should be a number, got {raw!r}")
        attrs[_attr_name(name)] = attr
    for name, column in m.attributes.items():
        attr = parse_value(record.get(column))
        if attr is not None:
            attrs[_attr_name(name)] = attr
    if m.auto_attributes:
        used = m.used_columns()
        for column, raw in record.items():
            if column in used or _attr_name(column) in attrs or isinstance(raw, list | dict):
                continue
            attr = parse_value(raw)
            if attr is not None:
                attrs[_attr_name(column)] = attr
    return attrs


def _attr_name(name: str) -> str:
    return fold(name).replace(" ", "_")
