"""Bulk data in and out of PostgreSQL: ``COPY … (FORMAT csv)`` with Arrow's CSV codec, and rows packed on the server.

Point arrays (``read_packed``): every row of the selection packed to fixed-width binary and concatenated into
one bytea by ``string_agg`` on the server, parsed with one ``np.frombuffer``: no message and no Python object per
row. Texts (sources, categories: few distinct values) travel as indices into their distinct values.

Frames (``read_table``): ``COPY (query) TO STDOUT`` parsed by ``pyarrow.csv`` with the column types from the
query's description. Floats are exact both ways: PostgreSQL prints the shortest text that reads back as the
same double, and Arrow parses and prints with correct rounding. Unquoted empty is NULL, a quoted ``""`` the
empty string. A column type not handled here (geometry, bytea, timestamptz, JSON, …) or a value Arrow fails
to parse makes the caller fall back to the ordinary fetch.

In (``copy_csv``): a frame (one import chunk) becomes Arrow, then CSV in slices of ``COPY_ROWS``, written to
``COPY t FROM STDIN``. A frame with a column CSV cannot carry unchanged (bytes, tz-aware timestamps, mixed
objects) returns False, and the caller uses psycopg's ``write_row``.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pandas as pd
import psycopg
import pyarrow as pa
import pyarrow.csv as pacsv
from psycopg import sql as psql

FLOAT = {700, 701, 1700}
INT = {20, 21, 23, 26}
DATE = 1082
TIMESTAMP = 1114
BOOL = 16
TEXT = {25, 1043, 1042, 18, 19}  # text, varchar, bpchar, char, name
COPY_ROWS = 100_000  # rows per CSV slice written to COPY
_WRITE = pacsv.WriteOptions(include_header=False, quoting_style="needed")


def arrow_type(oid: int) -> pa.DataType | None:
    """The Arrow type a result column of type ``oid`` is read as, or None when the fast path cannot read it."""
    if oid in FLOAT:
        return pa.float64()
    if oid in INT:
        return pa.int64()
    if oid == BOOL:
        return pa.bool_()
    if oid == DATE:
        return pa.date32()
    if oid == TIMESTAMP:
        return pa.timestamp("us")
    if oid in TEXT:
        return pa.dictionary(pa.int32(), pa.string())
    return None


def describe(conn: psycopg.Connection, query: str, params: list[object]) -> list[tuple[str, int]]:
    """Names and type oids of ``query``'s result columns (PostgreSQL syntax), without running it."""
    cur = conn.execute(f"SELECT * FROM ({query}) AS _q LIMIT 0", params)  # type: ignore[arg-type]
    return [(c.name, c.type_code) for c in cur.description or []]


def read_table(conn: psycopg.Connection, query: str, params: list[object], oids: list[int]) -> pa.Table:
    """Run ``query`` (PostgreSQL syntax, ``%s`` parameters) as one ``COPY … TO STDOUT`` and parse it.

    Raises ``pa.ArrowInvalid`` for a value Arrow cannot parse (the caller falls back)."""
    buf = io.BytesIO()
    stmt = f"COPY ({query}) TO STDOUT (FORMAT csv)"
    with conn.cursor().copy(stmt, params or None) as copy:  # type: ignore[arg-type]
        for block in copy:
            buf.write(block)
    names = [f"c{i}" for i in range(len(oids))]
    if buf.tell() == 0:
        return pa.table({n: pa.array([], arrow_type(o)) for n, o in zip(names, oids, strict=True)})
    convert = pacsv.ConvertOptions(
        column_types={n: arrow_type(o) for n, o in zip(names, oids, strict=True)},
        null_values=[""], strings_can_be_null=True, quoted_strings_can_be_null=False,
        true_values=["t"], false_values=["f"],
    )  # fmt: skip
    return pacsv.read_csv(
        pa.py_buffer(buf.getbuffer()),
        read_options=pacsv.ReadOptions(column_names=names, block_size=4 << 20),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),  # a lone NULL
        convert_options=convert,
    )


MAX_WORDS = 1000  # more distinct texts than this in a column: not worth a dictionary, read it as CSV
_PACK = {  # per kind: SQL giving the fixed-width binary value (NULL filled), numpy type, has a NULL flag byte
    "float": ("float8send(coalesce(CAST({c} AS float8), 'NaN'))", ">f8", False),
    "int": ("int8send(coalesce(CAST({c} AS int8), 0))", ">i8", True),
    "bool": ("boolsend(coalesce({c}, false))", "?", True),
    "date": ("int4send(coalesce({c} - DATE '1970-01-01', 0))", ">i4", True),
    "timestamp": ("int8send(coalesce(CAST(extract(epoch FROM {c}) * 1000000 AS int8), 0))", ">i8", True),
    "text": ("int4send(coalesce(array_position(CAST(%s AS text[]), CAST({c} AS text)), 0))", ">i4", False),
}


def read_packed(conn: psycopg.Connection, query: str, params: list[object], oids: list[int]) -> list[np.ndarray] | None:
    """The columns of ``query`` (PostgreSQL syntax) as numpy arrays, NULLs as in ``fetchnumpy``, read as one
    value: every row packed to fixed-width binary and concatenated on the server (``string_agg`` of bytea), so
    the client neither receives a message per row nor parses text. Texts come back through a dictionary of
    their distinct values, read first in the same snapshot; None when a text column has too many of them.
    The caller runs this inside a transaction (REPEATABLE READ: both statements see the same rows)."""
    kinds = [_kind(o) for o in oids]
    alias = ", ".join(f"c{i}" for i in range(len(oids)))
    source = f"({query}) AS _q({alias})"
    words: dict[int, list[str]] = {}
    texts = [i for i, k in enumerate(kinds) if k == "text"]
    if texts:
        got = conn.execute(f"SELECT DISTINCT {', '.join(f'c{i}' for i in texts)} FROM {source} LIMIT {MAX_WORDS + 1}",
                           params).fetchall()  # type: ignore[arg-type]  # fmt: skip
        if len(got) > MAX_WORDS:
            return None
        for j, i in enumerate(texts):
            words[i] = sorted({r[j] for r in got if r[j] is not None})
    parts: list[str] = []
    fields: list[tuple[str, str]] = []
    values: list[object] = []
    for i, kind in enumerate(kinds):
        expr, dtype, flag = _PACK[kind]
        parts.append(expr.format(c=f"c{i}"))
        fields.append((f"v{i}", dtype))
        if kind == "text":
            values.append(words[i])
        if flag:
            parts.append(f"boolsend(c{i} IS NULL)")
            fields.append((f"n{i}", "?"))
    sql = f"SELECT string_agg({' || '.join(parts)}, ''::bytea) FROM {source}"
    row = conn.cursor(binary=True).execute(sql, [*values, *params]).fetchone()  # type: ignore[arg-type]
    packed = np.frombuffer(row[0] if row and row[0] is not None else b"", dtype=np.dtype(fields))
    out: list[np.ndarray] = []
    for i, kind in enumerate(kinds):
        v = packed[f"v{i}"]
        if kind == "text":
            lookup = np.asarray([None, *words[i]], dtype=object)
            out.append(lookup[v])
            continue
        if kind == "float":
            out.append(v.astype(np.float64))
            continue
        data = {"int": lambda a: a.astype(np.int64), "bool": lambda a: a.astype(np.bool_),
                "date": lambda a: a.astype(np.int64).astype("datetime64[D]"),
                "timestamp": lambda a: a.astype(np.int64).astype("datetime64[us]")}[kind](v)  # fmt: skip
        mask = packed[f"n{i}"]
        if kind in ("date", "timestamp"):
            data[mask] = np.datetime64("NaT")
        out.append(np.ma.masked_array(data, mask=mask.copy()) if mask.any() else data)
    return out


def _strings(column: pa.ChunkedArray) -> np.ndarray:
    """A dictionary-encoded text column as an object array; equal values share one ``str``, NULL is None."""
    out = np.empty(len(column), dtype=object)
    pos = 0
    for chunk in column.chunks:
        words = np.asarray([*chunk.dictionary.to_pylist(), None], dtype=object)
        idx = chunk.indices.fill_null(len(chunk.dictionary)).to_numpy(zero_copy_only=False)
        out[pos : pos + len(chunk)] = words[idx]
        pos += len(chunk)
    return out


def _filled(column: pa.ChunkedArray, kind: str) -> tuple[np.ndarray, np.ndarray | None]:
    """Values (NULLs filled with a neutral value) and the NULL mask (None when there are none)."""
    mask = column.is_null().to_numpy(zero_copy_only=False) if column.null_count else None
    if kind == "float":
        return column.to_numpy().astype(np.float64, copy=False), mask  # NULL -> NaN
    if kind == "date":
        return column.to_numpy().astype("datetime64[D]"), mask  # NULL -> NaT
    if kind == "timestamp":
        return column.to_numpy().astype("datetime64[us]"), mask
    filler: Any = False if kind == "bool" else 0
    return column.fill_null(filler).to_numpy(zero_copy_only=False), mask


def _kind(oid: int) -> str:
    if oid in FLOAT:
        return "float"
    if oid in INT:
        return "int"
    if oid == BOOL:
        return "bool"
    if oid == DATE:
        return "date"
    if oid == TIMESTAMP:
        return "timestamp"
    return "text"


def numpy_columns(table: pa.Table, names: list[str], oids: list[int]) -> dict[str, np.ndarray]:
    """The result as ``PgCursor.fetchnumpy`` gives it: a masked array for an integer/bool/date column with NULLs."""
    out: dict[str, np.ndarray] = {}
    for name, oid, column in zip(names, oids, table.columns, strict=True):
        kind = _kind(oid)
        if kind == "text":
            out[name] = _strings(column)
            continue
        values, mask = _filled(column, kind)
        out[name] = np.ma.masked_array(values, mask=mask) if mask is not None and kind != "float" else values
    return out


def frame_columns(table: pa.Table, names: list[str], oids: list[int]) -> pd.DataFrame:
    """The result as ``frame_of`` builds it (DuckDB's ``.df()`` dtypes); only for a result with rows."""
    columns: dict[str, Any] = {}
    for name, oid, column in zip(names, oids, table.columns, strict=True):
        kind = _kind(oid)
        if kind == "text":
            columns[name] = pd.Series(_strings(column), dtype=object)
            continue
        values, mask = _filled(column, kind)
        if kind in ("date", "timestamp"):
            columns[name] = pd.Series(values.astype("datetime64[us]"))
        elif kind == "int" and mask is not None:
            columns[name] = pd.Series(np.where(mask, np.nan, values.astype(np.float64)), dtype="float64")
        elif kind == "bool" and mask is not None:
            data = values.astype(object)
            data[mask] = None
            columns[name] = pd.Series(data, dtype=object)
        else:
            columns[name] = pd.Series(values, dtype="float64" if kind == "float" else None)
    return pd.DataFrame(columns).infer_objects()


def _arrow_frame(frame: pd.DataFrame) -> pa.Table | None:
    """The frame as an Arrow table PostgreSQL's CSV input reads back unchanged, or None."""
    for column in frame.columns:
        dtype = frame[column].dtype
        if isinstance(dtype, pd.DatetimeTZDtype):
            return None
    try:
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return None
    for field in table.schema:
        t = field.type
        if not (pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_boolean(t) or pa.types.is_string(t)
                or pa.types.is_large_string(t) or pa.types.is_date(t) or pa.types.is_null(t)
                or (pa.types.is_timestamp(t) and t.tz is None) or pa.types.is_time(t)):  # fmt: skip
            return None
    return table


def copy_csv(conn: psycopg.Connection, table: str, columns: list[str], frame: pd.DataFrame) -> bool:
    """``COPY table (columns) FROM STDIN (FORMAT csv)`` with the frame's rows, in slices; False (nothing
    written) when a column cannot go through CSV unchanged."""
    data = _arrow_frame(frame)
    if data is None:
        return False
    stmt = psql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(
        psql.Identifier(table), psql.SQL(", ").join(psql.Identifier(c) for c in columns)
    )
    with conn.cursor().copy(stmt) as copy:
        for start in range(0, data.num_rows, COPY_ROWS):
            sink = io.BytesIO()
            pacsv.write_csv(data.slice(start, COPY_ROWS), sink, _WRITE)
            copy.write(sink.getbuffer())
    return True


__all__ = ["arrow_type", "copy_csv", "describe", "frame_columns", "numpy_columns", "read_packed", "read_table"]
