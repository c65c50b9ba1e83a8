"""A cursor over psycopg that behaves as the store's DuckDB cursor does, so the store mixins run unchanged.

``execute`` takes the portable SQL (``?`` placeholders) and fetches the whole result at once, so the
pooled connection can go back before the caller reads it; ``fetchone``/``fetchall``/``description``/``df``/
``fetchnumpy`` read that result. A frame handed to a statement (``execute_with``, ``register``) goes into a
temporary table with ``COPY``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import numpy as np
import pandas as pd
import psycopg
import pyarrow as pa
from psycopg import sql as psql
from psycopg.pq import TransactionStatus

from gis.store.errors import StoreError
from gis.store.pg_copy import (
    arrow_type,
    copy_csv,
    describe,
    frame_columns,
    numpy_columns,
    read_packed,
    read_table,
)
from gis.store.pg_sql import quote_ident, to_pg

# PostgreSQL type oids the frames care about.
_FLOAT = {700, 701, 1700}
_INT = {20, 21, 23, 26}
_DATE = 1082
_TIMESTAMP = {1114, 1184}
_BOOL = 16
_COPY_ROWS = 20_000  # rows per COPY write
NUL_TEXT = (
    "Deze tekst bevat een NUL-teken (\\x00), dat PostgreSQL niet kan bewaren ({where}, waarde {value}); er is niets "
    "opgeslagen. Haal het teken weg en probeer het opnieuw."
)


def _nul_error(exc: BaseException) -> bool:
    """A NUL character in a text (psycopg refuses it in a parameter, the server in COPY data)."""
    return isinstance(exc, psycopg.DataError) and "0x00" in str(exc)


def _shown(value: str) -> str:
    return repr(value[:60] + ("…" if len(value) > 60 else ""))


def nul_in_params(params: list[object]) -> StoreError | None:
    """The Dutch error naming the first parameter with a NUL character (DuckDB keeps one; PostgreSQL cannot)."""
    for i, value in enumerate(params):
        if isinstance(value, str) and "\x00" in value:
            return StoreError(NUL_TEXT.format(where=f"gegeven {i + 1}", value=_shown(value)))
    return None


def nul_in_frame(frame: Any) -> StoreError | None:
    """The Dutch error naming the row and column of the first text with a NUL character in ``frame``."""
    if hasattr(frame, "to_pandas") and not isinstance(frame, pd.DataFrame):
        frame = frame.to_pandas()
    for column in frame.columns:
        values = frame[column]
        if values.dtype.kind != "O":
            continue
        hit = np.flatnonzero([isinstance(v, str) and "\x00" in v for v in values])
        if len(hit):
            value = str(values.iloc[int(hit[0])])
            return StoreError(NUL_TEXT.format(where=f"rij {int(hit[0]) + 1}, veld '{column}'", value=_shown(value)))
    return None


def _column(values: list[Any], oid: int) -> np.ndarray:
    """One result column as DuckDB's ``fetchnumpy`` gives it (a masked array where an integer/date has NULLs)."""
    has_null = any(v is None for v in values)
    if oid in _FLOAT:
        return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)
    if oid in _INT or oid == _BOOL:
        kind = np.bool_ if oid == _BOOL else np.int64
        data = np.array([0 if v is None else v for v in values], dtype=kind)
        return np.ma.masked_array(data, mask=[v is None for v in values]) if has_null else data
    if oid == _DATE or oid in _TIMESTAMP:
        unit = "datetime64[D]" if oid == _DATE else "datetime64[us]"
        data = np.array([np.datetime64("NaT") if v is None else _naive(v) for v in values], dtype=unit)
        return np.ma.masked_array(data, mask=[v is None for v in values]) if has_null else data
    return np.array(values, dtype=object)


def _naive(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    return value


def frame_of(names: list[str], oids: list[int], rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    """A result as a DataFrame with DuckDB's ``.df()`` dtypes (dates and timestamps as datetime64[us])."""
    columns: dict[str, Any] = {}
    for i, (name, oid) in enumerate(zip(names, oids, strict=True)):
        values = [r[i] for r in rows]
        if oid == _DATE or oid in _TIMESTAMP:
            columns[name] = pd.to_datetime(pd.Series([_naive(v) for v in values], dtype=object)).astype(
                "datetime64[us]"
            )
        elif oid in _FLOAT:
            columns[name] = pd.Series([np.nan if v is None else float(v) for v in values], dtype="float64")
        elif oid in _INT:
            series = pd.Series(values, dtype="float64" if any(v is None for v in values) else "int64")
            columns[name] = series
        elif oid == _BOOL:
            columns[name] = pd.Series(values, dtype="bool" if None not in values else object)
        else:
            columns[name] = pd.Series(values, dtype=object) if rows else pd.Series([], dtype=object)
    frame = pd.DataFrame(columns)
    return frame.infer_objects() if len(frame) else frame


def _sql_type(series: pd.Series) -> str:
    """The PostgreSQL type of a frame column for its temporary table."""
    kind = series.dtype.kind
    if kind == "b":
        return "BOOLEAN"
    if kind in "iu":
        return "BIGINT"
    if kind == "f":
        return "DOUBLE PRECISION"
    if kind == "M":
        return "TIMESTAMP"
    sample = series.dropna()
    first = sample.iloc[0] if len(sample) else None
    if isinstance(first, bool | np.bool_):
        return "BOOLEAN"
    if isinstance(first, int | np.integer):
        return "BIGINT"
    if isinstance(first, float | np.floating):
        return "DOUBLE PRECISION"
    if isinstance(first, dt.datetime):
        return "TIMESTAMP"
    if isinstance(first, dt.date):
        return "DATE"
    if isinstance(first, dt.time):
        return "TIME"
    if isinstance(first, bytes | bytearray | memoryview):
        return "BYTEA"
    return "TEXT"


def _rows(frame: pd.DataFrame) -> Iterator[tuple[Any, ...]]:
    """The frame's rows with NULLs as None and numpy scalars as Python values."""
    for start in range(0, len(frame), _COPY_ROWS):
        part = frame.iloc[start : start + _COPY_ROWS].astype(object)
        part = part.where(part.notna(), None)
        yield from part.itertuples(index=False, name=None)


_INSERT = re.compile(r"^\s*INSERT INTO (\w+)\s*\(([^)]*)\)\s*SELECT\s", re.I)
_PLAIN_INSERT = re.compile(r"^\s*INSERT INTO (\w+)\s*\(([^)]*)\)\s*SELECT\s+([^()]*?)\s+FROM\s+_data\s*$", re.I)


def plain_insert(sql: str, columns: list[str]) -> tuple[str, list[str]] | None:
    """For ``INSERT INTO t (a, b) SELECT a, b FROM _data`` with exactly the frame's columns: ``(t, [a, b])``,
    so the frame can be copied straight into ``t``."""
    m = _PLAIN_INSERT.match(sql)
    if not m:
        return None
    target = [c.strip() for c in m.group(2).split(",")]
    selected = [c.strip() for c in m.group(3).split(",")]
    if target != selected or sorted(target) != sorted(columns):
        return None
    return m.group(1), target


def target_types(conn: psycopg.Connection, sql: str) -> dict[str, str]:
    """For ``INSERT INTO t (a, b) SELECT …``: the types of t's columns, so ``_data`` matches them exactly (a
    column that is all NULL in a chunk has no type of its own)."""
    m = _INSERT.match(sql)
    if not m:
        return {}
    rows = conn.execute(
        "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = to_regclass(%s) "
        "AND attnum > 0 AND NOT attisdropped",
        [m.group(1)],
    ).fetchall()
    return {str(name): str(kind) for name, kind in rows}


def copy_frame(conn: psycopg.Connection, table: str, frame: pd.DataFrame, temporary: bool = True,
               hint: dict[str, str] | None = None) -> None:  # fmt: skip
    """Create (temporary) ``table`` with the frame's columns and fill it with one streamed ``COPY``."""
    if hasattr(frame, "to_pandas") and not isinstance(frame, pd.DataFrame):
        frame = frame.to_pandas()
    types = {c: (hint or {}).get(c) or _sql_type(frame[c]) for c in frame.columns}
    cols = ", ".join(f"{quote_ident(c)} {t}" for c, t in types.items())
    kind = "TEMPORARY TABLE" if temporary else "TABLE"
    conn.execute(f"DROP TABLE IF EXISTS {quote_ident(table)}")
    conn.execute(f"CREATE {kind} {quote_ident(table)} ({cols})")
    if not copy_csv(conn, table, list(frame.columns), frame):
        copy_rows(conn, table, list(frame.columns), _rows(frame))


def copy_rows(conn: psycopg.Connection, table: str, columns: list[str], rows: Any) -> int:
    """Stream ``rows`` (tuples) into ``table`` with ``COPY``; returns how many went in."""
    stmt = psql.SQL("COPY {} ({}) FROM STDIN").format(
        psql.Identifier(table), psql.SQL(", ").join(psql.Identifier(c) for c in columns)
    )
    n = 0
    with conn.cursor().copy(stmt) as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


class PgCursor:
    """The store's cursor on PostGIS: runs each statement on the transaction's connection, or on a pooled
    connection of its own (autocommit) when there is no transaction."""

    def __init__(self, borrow: Callable[[], AbstractContextManager[psycopg.Connection]],
                 conn: psycopg.Connection | None = None) -> None:  # fmt: skip
        self._borrow = borrow
        self._conn = conn
        self._rows: list[tuple[Any, ...]] = []
        self._pos = 0
        self.description: list[tuple[str, int]] | None = None
        self.rowcount = -1

    # -- running --------------------------------------------------------------------------------
    def _run(self, conn: psycopg.Connection, sql: str, params: list[object] | None) -> None:
        try:
            cur = conn.execute(to_pg(sql), list(params or []))  # type: ignore[arg-type]
        except psycopg.DataError as exc:  # found only on this error path: nothing is checked ahead of a statement
            found = nul_in_params(list(params or [])) if _nul_error(exc) else None
            if found is None:
                raise
            raise found from None
        self.rowcount = cur.rowcount
        if cur.description is None:
            self.description, self._rows = None, []
        else:
            self.description = [(c.name, c.type_code) for c in cur.description]
            self._rows = cur.fetchall()
        self._pos = 0

    def execute(self, sql: str, params: list[object] | None = None) -> PgCursor:
        """Run one statement (portable SQL) and keep its whole result."""
        if self._conn is not None:
            self._run(self._conn, sql, params)
        else:
            with self._borrow() as conn:
                self._run(conn, sql, params)
        return self

    def register(self, name: str, frame: Any) -> None:
        """Make ``frame`` readable as the (temporary) table ``name`` inside this transaction."""
        if self._conn is None:
            raise RuntimeError("register() hoort binnen een transactie")
        try:
            copy_frame(self._conn, name, frame)
        except psycopg.DataError as exc:
            found = nul_in_frame(frame) if _nul_error(exc) else None
            if found is None:
                raise
            raise found from None

    def unregister(self, name: str) -> None:
        """Drop what ``register`` made. After a failed statement the transaction is aborted: its rollback drops
        the table, and a DROP now would fail and hide the statement's own error (e.g. a write conflict)."""
        if self._conn is not None and self._conn.info.transaction_status != TransactionStatus.INERROR:
            self._conn.execute(f"DROP TABLE IF EXISTS {quote_ident(name)}")

    def execute_with(self, sql: str, data: Any) -> PgCursor:
        """Run ``sql``, which reads ``data`` under the name ``_data`` (a temporary table filled by COPY)."""
        if self._conn is not None:
            return self._with(self._conn, sql, data)
        with self._borrow() as conn, conn.transaction():
            return self._with(conn, sql, data)

    def _with(self, conn: psycopg.Connection, sql: str, data: Any) -> PgCursor:
        if hasattr(data, "to_pandas") and not isinstance(data, pd.DataFrame):
            data = data.to_pandas()
        try:
            return self._copied(conn, sql, data)
        except psycopg.DataError as exc:
            found = nul_in_frame(data) if _nul_error(exc) else None
            if found is None:
                raise
            raise found from None

    def _copied(self, conn: psycopg.Connection, sql: str, data: pd.DataFrame) -> PgCursor:
        direct = plain_insert(sql, [str(c) for c in data.columns])
        if direct is not None and copy_csv(conn, direct[0], direct[1], data[direct[1]]):
            self.description, self._rows, self._pos, self.rowcount = None, [], 0, len(data)
            return self
        copy_frame(conn, "_data", data, hint=target_types(conn, sql))
        self._run(conn, sql, None)  # on an error the transaction's rollback removes _data with the rest
        conn.execute("DROP TABLE IF EXISTS _data")
        return self

    # -- bulk reads -----------------------------------------------------------------------------
    def _bulk(self, sql: str, params: list[object] | None) -> tuple[list[str], list[int], pa.Table] | None:
        """The whole result of a read query through ``COPY … TO STDOUT`` (see ``gis.store.pg_copy``), or None
        when a column or a value does not fit that path."""

        def run(conn: psycopg.Connection) -> tuple[list[str], list[int], pa.Table] | None:
            query, values = to_pg(sql), list(params or [])
            desc = describe(conn, query, values)
            oids = [d[1] for d in desc]
            if not desc or any(arrow_type(o) is None for o in oids):
                return None
            try:
                return [d[0] for d in desc], oids, read_table(conn, query, values, oids)
            except pa.ArrowInvalid:
                return None

        if self._conn is not None:
            return run(self._conn)
        with self._borrow() as conn:
            return run(conn)

    def numpy(self, sql: str, params: list[object] | None = None) -> dict[str, np.ndarray]:
        """``execute(sql, params).fetchnumpy()``, fast for big results of numbers, dates and short texts."""

        def run(conn: psycopg.Connection) -> dict[str, np.ndarray] | None:
            query, values = to_pg(sql), list(params or [])
            desc = describe(conn, query, values)
            oids = [d[1] for d in desc]
            if not desc or any(arrow_type(o) is None for o in oids):
                return None
            got = read_packed(conn, query, values, oids)
            return None if got is None else dict(zip([d[0] for d in desc], got, strict=True))

        if self._conn is not None:
            packed = run(self._conn)
        else:
            with self._borrow() as conn, conn.transaction():  # one snapshot for the dictionary and the rows
                packed = run(conn)
        if packed is not None:
            return packed
        got = self._bulk(sql, params)
        if got is None:
            return self.execute(sql, params).fetchnumpy()
        return numpy_columns(got[2], got[0], got[1])

    def frame(self, sql: str, params: list[object] | None = None) -> pd.DataFrame:
        """``execute(sql, params).df()``, fast for big results of numbers, dates and short texts."""
        got = self._bulk(sql, params)
        if got is None:
            return self.execute(sql, params).df()
        names, oids, table = got
        return frame_of(names, oids, []) if table.num_rows == 0 else frame_columns(table, names, oids)

    # -- reading --------------------------------------------------------------------------------
    def fetchone(self) -> tuple[Any, ...] | None:
        """The next row, or None."""
        if self._pos >= len(self._rows):
            return None
        self._pos += 1
        return tuple(_naive(v) for v in self._rows[self._pos - 1])

    def fetchall(self) -> list[tuple[Any, ...]]:
        """The remaining rows."""
        rest = [tuple(_naive(v) for v in r) for r in self._rows[self._pos :]]
        self._pos = len(self._rows)
        return rest

    def df(self) -> pd.DataFrame:
        """The result as a DataFrame."""
        names = [d[0] for d in self.description or []]
        oids = [d[1] for d in self.description or []]
        return frame_of(names, oids, self._rows[self._pos :])

    def fetchnumpy(self) -> dict[str, np.ndarray]:
        """The result as one numpy array per column."""
        out: dict[str, np.ndarray] = {}
        for i, (name, oid) in enumerate(self.description or []):
            out[name] = _column([r[i] for r in self._rows[self._pos :]], oid)
        return out


__all__ = ["PgCursor", "copy_frame", "copy_rows", "frame_of"]
