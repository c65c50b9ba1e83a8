"""Partner-data import batches in the DuckDB store: one batch per file, written in one transaction,
recorded with source, file name, file hash, user and time, and undone as a whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

import pandas as pd

from gis.domain.catalog import Layer
from gis.store.errors import StoreError
from gis.store.frames import execute_with
from gis.store.locks import process_lock

Cursor = Any  # a DuckDB cursor (a PostgreSQL one in that store)


@dataclass(frozen=True)
class BatchInfo:
    """What is recorded about an import: where it came from and who did it."""

    layer: str
    file_name: str
    file_hash: str
    user: str
    source_org: str | None = None
    allow_duplicate: bool = False  # a deliberate second import of the same file ("Toch opnieuw inlezen", --again)


class ImportsMixin:
    """Import methods; the host provides ``transaction``, ``query_df``, ``cursor`` and ``_write_points``."""

    def import_batch(
        self,
        info: BatchInfo,
        chunks: Iterable[pd.DataFrame],
        refused: int = 0,
        progress: Callable[[int], None] | None = None,
    ) -> tuple[int, int]:
        """Write all ``chunks`` (x/y RD New + layer fields) as one batch, all or nothing; ``(batch id, rows)``.

        On a server database (``_overlap_writes``) chunk k is written by a worker thread on the transaction's
        connection while the caller's generator reads and checks chunk k+1: at most two chunks in memory."""
        layer = Layer(info.layer)
        total = 0
        # imports of this database take turns (the duplicate-file check in _begin_batch must see the other's batch)
        with process_lock(self, "import"), self.transaction() as cur:  # type: ignore[attr-defined]
            batch_id = self._begin_batch(cur, info)
            pending: Future[object] | None = None
            with (
                ThreadPoolExecutor(1, thread_name_prefix="vb-import") if self._overlap_writes else nullcontext() as pool
            ):
                for chunk in chunks:
                    if chunk.empty:
                        continue
                    part = chunk.assign(batch_id=batch_id)
                    if pool is None:
                        self._write_points(cur, layer, part)  # type: ignore[attr-defined]
                    else:
                        if pending is not None:
                            pending.result()  # the previous chunk is in; its error stops the import here
                        pending = pool.submit(self._write_points, cur, layer, part)  # type: ignore[attr-defined]
                    total += len(chunk)
                    if progress:
                        progress(total)
                if pending is not None:
                    pending.result()
            if total == 0:
                raise StoreError("Er zijn geen geldige rijen om in te lezen; er is niets opgeslagen.")
            self._finish_batch(cur, info, batch_id, total, refused)
        return batch_id, total

    _overlap_writes = False  # the PostGIS store overlaps writing a chunk with reading the next

    def _begin_batch(self, cur: Cursor, info: BatchInfo) -> int:
        """Record a new batch inside the caller's transaction (its first statement); returns its id. The same file
        imported meanwhile by someone else (another session, process or the command line) is refused here, inside
        the transaction, unless the import is a deliberate second one."""
        if getattr(self, "backend", "") == "postgis":  # other processes: first statement, before the snapshot
            cur.execute("LOCK TABLE import_batches IN SHARE ROW EXCLUSIVE MODE")
        if not info.allow_duplicate:
            dup = cur.execute(
                "SELECT id, user_name FROM import_batches WHERE layer = ? AND file_hash = ? AND undone_at IS NULL "
                "ORDER BY id DESC LIMIT 1",
                [Layer(info.layer).value, info.file_hash],
            ).fetchone()
            if dup is not None:
                raise StoreError(
                    f"'{info.file_name}' is intussen al ingelezen als partij {dup[0]} door {dup[1]}; er is niets "
                    "opgeslagen. Draai die partij eerst terug, of lees het bewust opnieuw in."
                )
        batch_id = int(cur.execute("SELECT nextval('import_batches_id_seq')").fetchone()[0])
        cur.execute(
            "INSERT INTO import_batches (id, layer, source_org, file_name, file_hash, user_name) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [batch_id, Layer(info.layer).value, info.source_org, info.file_name, info.file_hash, info.user],
        )
        return batch_id

    @staticmethod
    def _finish_batch(cur: Cursor, info: BatchInfo, batch_id: int, total: int, refused: int = 0) -> None:
        """Complete the batch row (and the dumpings' first history line) inside the caller's transaction."""
        if Layer(info.layer) == Layer.DUMPINGS:
            cur.execute(
                "INSERT INTO dumping_history (dumping_id, user_name, from_status, to_status, note) "
                "SELECT id, ?, NULL, coalesce(status, 'gemeld'), ? FROM dumpings WHERE batch_id = ?",
                [info.user, f"ingelezen uit '{info.file_name}' (partij {batch_id})", batch_id],
            )
        cur.execute("UPDATE import_batches SET rows_imported = ?, rows_refused = ? WHERE id = ?",
                    [total, refused, batch_id])  # fmt: skip

    def set_batch_refused(self, batch_id: int, refused: int) -> None:
        """Record how many rows of the file were refused (known once the whole file was read)."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            cur.execute("UPDATE import_batches SET rows_refused = ? WHERE id = ?", [int(refused), int(batch_id)])

    def find_batch(self, layer: str, file_hash: str) -> dict[str, object] | None:
        """An earlier, not undone import of the same file (same hash) into ``layer``, if any."""
        df = self.query_df(  # type: ignore[attr-defined]
            "SELECT id, file_name, user_name, created_at, rows_imported FROM import_batches "
            "WHERE layer = ? AND file_hash = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
            [Layer(layer).value, file_hash],
        )
        return None if df.empty else df.iloc[0].to_dict()

    def batches(self, layer: str | None = None) -> pd.DataFrame:
        """All import batches, newest first."""
        where = " WHERE layer = ?" if layer else ""
        return self.query_df(  # type: ignore[attr-defined]
            "SELECT id, layer, source_org, file_name, file_hash, user_name, created_at, rows_imported, rows_refused, "
            f"undone_at, undone_by FROM import_batches{where} ORDER BY id DESC",
            [Layer(layer).value] if layer else [],
        )

    def undo_batch(self, batch_id: int, user: str) -> int:
        """Remove every record of a batch (and what hangs on it) in one transaction; returns how many."""
        with self.transaction() as cur:  # type: ignore[attr-defined]
            row = cur.execute("SELECT layer, undone_at FROM import_batches WHERE id = ?", [int(batch_id)]).fetchone()
            if row is None:
                raise StoreError(f"Importpartij {batch_id} bestaat niet.")
            if row[1] is not None:
                raise StoreError(f"Importpartij {batch_id} is al teruggedraaid.")
            table = Layer(row[0]).value
            ids = f"SELECT id FROM {table} WHERE batch_id = ?"
            cur.execute(f"DELETE FROM area_members WHERE layer = ? AND record_id IN ({ids})", [table, int(batch_id)])
            if table == "dumpings":
                cur.execute(f"DELETE FROM dumping_history WHERE dumping_id IN ({ids})", [int(batch_id)])
                cur.execute(f"DELETE FROM dumping_files WHERE dumping_id IN ({ids})", [int(batch_id)])
            n = cur.execute(f"DELETE FROM {table} WHERE batch_id = ? RETURNING id", [int(batch_id)]).fetchall()
            cur.execute("UPDATE import_batches SET undone_at = current_timestamp, undone_by = ? WHERE id = ?",
                        [user, int(batch_id)])  # fmt: skip
        return len(n)

    def known_references(self, layer: str, references: Sequence[str]) -> set[str]:
        """Which of ``references`` the layer already holds (incidents' ``reference``)."""
        if Layer(layer) != Layer.INCIDENTS or not len(references):
            return set()
        # PostGIS: on a connection of its own, so it does not wait for an import's chunk being written (the
        # import's own rows are not needed: the pipeline keeps the references of the file it has seen)
        outside = getattr(self, "_outside_cursor", None)
        cur = outside() if outside is not None else self.cursor()  # type: ignore[attr-defined]
        refs = pd.DataFrame({"ref": pd.Series(list(references), dtype=str)})
        rows = execute_with(
            cur, "SELECT DISTINCT i.reference FROM incidents i JOIN _data r ON r.ref = i.reference", refs
        ).fetchall()
        return {r[0] for r in rows}

    def save_mapping(self, source_org: str, layer: str, mapping: dict[str, object], user: str) -> None:
        """Remember a column mapping for this source organisation and layer (replaces the previous one)."""
        text = json.dumps(mapping, ensure_ascii=False, sort_keys=True)
        with self.transaction() as cur:  # type: ignore[attr-defined]
            cur.execute(
                "DELETE FROM import_mappings WHERE source_org = ? AND layer = ?", [source_org, Layer(layer).value]
            )
            cur.execute("INSERT INTO import_mappings (source_org, layer, mapping, saved_by) VALUES (?, ?, ?, ?)",
                        [source_org, Layer(layer).value, text, user])  # fmt: skip

    def load_mapping(self, source_org: str, layer: str) -> dict[str, object] | None:
        """The remembered mapping for this source organisation and layer, if any."""
        row = (
            self.cursor()  # type: ignore[attr-defined]
            .execute(
                "SELECT mapping FROM import_mappings WHERE source_org = ? AND layer = ?",
                [source_org, Layer(layer).value],
            )
            .fetchone()
        )
        return json.loads(row[0]) if row else None
