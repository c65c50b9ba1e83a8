"""The DuckDB store: owns the connection, the schema/migrations and every query of the app.

One connection per process (cached by the UI); each thread works through its own cursor, because a
shared DuckDB connection silently hands one thread's results to another. Every write runs in a
transaction. The spatial extension comes from the PyPI wheel and is loaded by path, never installed.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import duckdb_extension_spatial
import numpy as np
import pandas as pd

from gis.config import database_memory
from gis.geo.assign import GridAssigner
from gis.store.accounts import AccountsMixin
from gis.store.analysis import AnalysisMixin
from gis.store.area_versions import AreaVersionsMixin
from gis.store.arrays import ArraysMixin
from gis.store.bulk import BulkMixin
from gis.store.codelists import CodeListsMixin
from gis.store.core import CoreMixin
from gis.store.drafts import DraftsMixin
from gis.store.dumpings import DumpingsMixin
from gis.store.errors import (
    ConflictError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreVersionError,
    StoreWalError,
)
from gis.store.imports import ImportsMixin
from gis.store.measures_store import MeasuresMixin
from gis.store.partnership import PartnershipMixin
from gis.store.retention import RetentionMixin
from gis.store.schema import LATEST_VERSION, MIGRATIONS

Cursor = duckdb.DuckDBPyConnection
LOCAL_TIMEZONE = "Europe/Amsterdam"


def spatial_extension_path() -> Path:
    """Path of the spatial extension shipped in the ``duckdb-extension-spatial`` wheel."""
    root = Path(duckdb_extension_spatial.__file__).parent / "extensions"
    path = root / f"v{duckdb.__version__}" / "spatial.duckdb_extension"
    if not path.exists():
        found = sorted(p.parent.name for p in root.glob("*/spatial.duckdb_extension"))
        raise StoreError(
            f"De ruimtelijke uitbreiding voor DuckDB {duckdb.__version__} ontbreekt "
            f"(gevonden: {', '.join(found) or 'geen'}). Installeer duckdb-extension-spatial "
            f"=={duckdb.__version__} uit requirements.txt."
        )
    return path


def _connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open the file without ever creating over or truncating an existing file."""
    try:  # checked before the file is touched
        memory = database_memory()
    except ValueError as exc:
        raise StoreError(str(exc)) from exc
    try:
        con = duckdb.connect(path, read_only=read_only)
    except duckdb.Error as exc:
        text = str(exc)
        if re.search(r"\b(could not set lock|conflicting lock|lock on file)\b", text, re.I):
            raise StoreLockedError(path, text) from exc
        if "replaying WAL" in text or ".wal" in text.lower():
            raise StoreWalError(path, text) from exc
        raise StoreCorruptError(path, text) from exc
    con.execute(f"LOAD '{spatial_extension_path()}'")
    con.execute("SET GLOBAL geometry_always_xy = true")
    # a bounded buffer pool: large imports and queries spill to '<database>.tmp' instead of growing
    con.execute("SET GLOBAL memory_limit = ?", [f"{memory}B"])
    # Times the database stamps (versions, history, batches) are Dutch wall-clock time, whatever the
    # server's zone; users read them as local time.
    con.execute(f"SET GLOBAL TimeZone = '{LOCAL_TIMEZONE}'")
    return con


class DuckDBStore(
    CoreMixin,
    AnalysisMixin,
    AreaVersionsMixin,
    DumpingsMixin,
    ImportsMixin,
    ArraysMixin,
    BulkMixin,
    AccountsMixin,
    RetentionMixin,
    DraftsMixin,
    CodeListsMixin,
    MeasuresMixin,
    PartnershipMixin,
):
    """Embedded store on one DuckDB file. The interface is what a PostGIS store must also offer."""

    backend = "duckdb"

    def __init__(self, path: str | Path, read_only: bool = False) -> None:
        self.path = str(path)
        if not read_only:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._con = _connect(self.path, read_only)
        self._local = threading.local()
        self._muni_cache: GridAssigner | None = None
        try:
            self._check_readable()
        except duckdb.Error as exc:
            self._con.close()
            raise StoreCorruptError(self.path, str(exc)) from exc

    # -- connection -----------------------------------------------------------------------------
    def _check_readable(self) -> None:
        self._con.execute("SELECT count(*) FROM information_schema.tables").fetchone()

    def cursor(self) -> Cursor:
        """This thread's cursor (created on first use)."""
        cur = getattr(self._local, "cur", None)
        if cur is None:
            cur = self._con.cursor()
            self._local.cur = cur
        return cur

    @contextmanager
    def transaction(self) -> Iterator[Cursor]:
        """Run the block as one transaction: all of it is written, or none of it."""
        cur = self.cursor()
        cur.begin()
        try:
            yield cur
        except duckdb.TransactionException as exc:  # a write conflict: another transaction was first
            with contextlib.suppress(duckdb.Error):
                cur.rollback()
            raise exc if isinstance(exc, ConflictError) else ConflictError(str(exc)) from exc
        except BaseException:
            cur.rollback()
            raise
        try:
            cur.commit()
        except duckdb.TransactionException as exc:
            with contextlib.suppress(duckdb.Error):
                cur.rollback()
            raise ConflictError(str(exc)) from exc

    def query_df(self, sql: str, params: list[object] | None = None) -> pd.DataFrame:
        """Run a read query and return a DataFrame."""
        return self.cursor().execute(sql, params or []).df()

    def scalar(self, sql: str, params: list[object] | None = None) -> object:
        """Run a read query and return the first column of the first row."""
        row = self.cursor().execute(sql, params or []).fetchone()
        return None if row is None else row[0]

    def close(self) -> None:
        """Close the connection (all cursors with it)."""
        self._con.close()

    @staticmethod
    def _next_ids(cur: Cursor, sequence: str, n: int) -> np.ndarray:
        """``n`` new ids from ``sequence``, inside the caller's transaction."""
        got = cur.execute(f"SELECT nextval('{sequence}') AS id FROM range(?)", [int(n)]).fetchnumpy()
        return np.asarray(got["id"], dtype=np.int64)

    @staticmethod
    def _record_hash(column: str) -> str:
        """SQL for a non-negative 32-bit hash of ``column`` salted with one ``?`` parameter: the first 8 hex
        digits of an MD5, the same number on PostGIS (``PostGISStore._record_hash``), so released counts stay
        the same when a region moves between backends."""
        return f"CAST(('0x' || substr(md5(CAST({column} AS VARCHAR) || ?), 1, 8)) AS BIGINT)"

    # -- schema ---------------------------------------------------------------------------------
    def schema_version(self) -> int:
        """The highest applied migration, 0 for an empty database."""
        exists = self.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'")
        if not exists:
            return 0
        return int(self.scalar("SELECT coalesce(max(version), 0) FROM schema_version") or 0)

    def migrate(self) -> list[int]:
        """Apply pending migrations, each in its own transaction; return the versions applied."""
        current = self.schema_version()
        if current > LATEST_VERSION:
            raise StoreVersionError(self.path, current, LATEST_VERSION)
        applied: list[int] = []
        for m in MIGRATIONS:
            if m.version <= current:
                continue
            with self.transaction() as cur:
                cur.execute(
                    "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                    "description VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
                )
                for stmt in m.statements:
                    cur.execute(stmt)
                cur.execute(
                    "INSERT INTO schema_version (version, description) VALUES (?, ?)",
                    [m.version, m.description],
                )
            applied.append(m.version)
        if applied:
            # Write the new schema into the file now: DuckDB 1.5.5 cannot replay an ALTER TABLE ... ADD
            # COLUMN with a default from its WAL after a server was stopped before its next checkpoint.
            with contextlib.suppress(duckdb.TransactionException):  # another writer: its commit checkpoints
                self._con.execute("CHECKPOINT")
        return applied
