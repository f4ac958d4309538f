"""Load a read catalog into the stores: facts in SQLite, vectors in chromadb, only what changed."""

from __future__ import annotations

from collections.abc import Sequence

from convrec.tools.catalog import Product
from convrec.tools.catalog_sql import SqliteCatalog
from convrec.tools.folder import CatalogFolder
from convrec.tools.ingest import ReadReport
from convrec.tools.vectors import VectorIndex
from pydantic import BaseModel
from tqdm import tqdm


class IngestSummary(BaseModel):
    catalog: str
    read: ReadReport
    added: int
    updated: int
    removed: int
    unchanged: int
    embedded: int
    total: int
    seconds: float = 0.0

    def lines(self) -> list[str]:
        r = self.read
        out = [
            f"catalog {self.catalog}: {r.rows} rows read, {r.loaded} loaded, {len(r.errors)} rejected, "
            f"{r.duplicates_ignored} exact duplicates ignored",
            f"  {self.added} added, {self.updated} updated, {self.removed} removed, {self.unchanged} unchanged; "
            f"{self.embedded} embedded; {self.total} products in the catalog"
            + (f"; {self.seconds:.1f} s ({r.loaded / self.seconds:.0f} products/s)" if self.seconds else ""),
        ]
        if r.derived_ids:
            out.append(f"  note: the file has no id column; ids were derived from {' + '.join(r.id_basis)}")
        out += [f"  row {e.row}: {e.reason}" for e in r.errors]
        return out


def sync_catalog(
    folder: CatalogFolder,
    products: Sequence[Product],
    currency: str,
    read: ReadReport,
    vectors: VectorIndex,
    show_progress: bool = True,
) -> IngestSummary:
    """Write facts, then embed only new and changed products; removed ones leave both stores."""
    with folder.write_lock():
        facts = SqliteCatalog(folder.facts, folder.name)
        try:
            changes = facts.sync(products, currency)
            by_id = {p.id: p for p in products}
            rebuild = vectors.stored_model not in (None, vectors.embedder.model_id) or (
                vectors.count() != len(facts) - len(changes.added) + len(changes.removed)
            )
            if rebuild:
                vectors.clear()
                todo = list(by_id)
            else:
                todo = changes.added + changes.updated
            texts = [(pid, by_id[pid].embedding_text()) for pid in todo]
            with tqdm(
                total=len(texts), desc="embedding", unit="product", disable=not show_progress or not texts
            ) as bar:
                vectors.sync(texts, changes.removed if not rebuild else [], progress=bar.update)
            total = len(facts)
        finally:
            facts.close()
    return IngestSummary(
        catalog=folder.name,
        read=read,
        added=len(changes.added),
        updated=len(changes.updated),
        removed=len(changes.removed),
        unchanged=changes.unchanged,
        embedded=len(texts),
        total=total,
    )


def reembed(folder: CatalogFolder, vectors: VectorIndex, show_progress: bool = True) -> int:
    """Embed the whole catalog again, e.g. after the retriever model changed."""
    with folder.write_lock():
        facts = SqliteCatalog(folder.facts, folder.name)
        try:
            products = facts.iter_products()
            vectors.clear()
            texts = [(p.id, p.embedding_text()) for p in products]
            with tqdm(
                total=len(texts), desc="re-embedding", unit="product", disable=not show_progress
            ) as bar:
                vectors.sync(texts, [], progress=bar.update)
            facts.set_meta("version", str(facts.version + 1))  # readers reload their matrix
        finally:
            facts.close()
    return len(texts)
