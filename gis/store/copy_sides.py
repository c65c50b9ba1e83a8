"""The two ends of ``python -m gis copy``: a database read in chunks (``Side``) and the target written in one
transaction (``Writer``), on DuckDB or PostgreSQL/PostGIS. Geometries travel as WKB (SRID 28992 on PostGIS).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
import pyarrow as pa
from psycopg import IsolationLevel

from gis.domain.catalog import code_list_seed
from gis.store import Store
from gis.store.copy_rules import NOT_COPIED, RELEASED_COLUMNS, RELEASED_DDL, RELEASED_TABLE, SEEDED, TABLES, TablePlan
from gis.store.errors import StoreError
from gis.store.frames import execute_with
from gis.store.pg_cursor import copy_rows
from gis.store.pg_sql import SRID
from gis.store.schema import COMPUTED_GEOM

_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def _nul_at(columns: Sequence[Column], rows: list[tuple[Any, ...]]) -> str | None:
    """Which row (by its id, else its place in the chunk) and field hold a text with a NUL character."""
    names = [c.name for c in columns]
    for i, row in enumerate(rows):
        for name, value in zip(names, row, strict=True):
            if isinstance(value, str) and "\x00" in value:
                which = f"id {row[names.index('id')]}" if "id" in names else f"rij {i + 1} van dit deel"
                return f"{which}, veld '{name}'"
    return None


class CopyError(StoreError):
    """The copy could not be made (a table or sequence the copier does not know, a schema that differs)."""


@dataclass(frozen=True)
class Column:
    """A column the copy reads and writes (computed columns are left out)."""

    name: str
    geometry: bool


def is_pg(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def _name(name: str) -> str:
    if not _NAME.match(name):
        raise CopyError(f"De naam '{name}' in het schema kan de kopie niet veilig gebruiken.")
    return name


class Side:
    """One database as the copier reads it: its schema, and rows streamed in chunks."""

    def __init__(self, url: str, store: Store) -> None:
        self.url, self.store, self.pg = url, store, is_pg(url)
        self._conn: psycopg.Connection | None = None
        if self.pg:  # reads in one REPEATABLE READ snapshot, on a connection of its own
            self._conn = psycopg.connect(url)
            self._conn.isolation_level = IsolationLevel.REPEATABLE_READ
            self._conn.read_only = True

    @property
    def path(self) -> str:
        """Where the database is (without password)."""
        return self.store.path

    def close(self) -> None:
        """Close the connection and the store."""
        if self._conn is not None:
            self._conn.close()
        self.store.close()

    def end_snapshot(self) -> None:
        """Start a new snapshot for the next reads (PostgreSQL)."""
        if self._conn is not None:
            self._conn.rollback()

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """All rows of a small query (``?`` placeholders)."""
        if self._conn is not None:
            return list(self._conn.execute(sql.replace("?", "%s"), list(params)).fetchall())  # type: ignore[arg-type]
        cur = self.store.cursor().cursor()  # type: ignore[attr-defined]
        try:
            return list(cur.execute(sql, list(params)).fetchall())
        finally:
            cur.close()

    def stream(self, sql: str, chunk: int) -> Iterator[list[tuple[Any, ...]]]:
        """The rows of ``sql`` in chunks of ``chunk`` rows (a server-side cursor on PostgreSQL)."""
        if self._conn is not None:
            with self._conn.cursor(name="vb_copy") as cur:
                cur.itersize = chunk
                cur.execute(sql)
                while rows := cur.fetchmany(chunk):
                    yield rows
            return
        cur = self.store.cursor().cursor()  # type: ignore[attr-defined]
        try:
            cur.execute(sql)
            while rows := cur.fetchmany(chunk):
                yield rows
        finally:
            cur.close()

    # -- schema ---------------------------------------------------------------------------------
    def tables(self) -> list[str]:
        """The base tables of the schema (not those of an extension such as PostGIS)."""
        if self.pg:
            sql = ("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE "
                   "n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT EXISTS (SELECT 1 FROM pg_depend d "
                   "WHERE d.objid = c.oid AND d.deptype = 'e') ORDER BY 1")  # fmt: skip
        else:
            sql = ("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' "
                   "AND table_type = 'BASE TABLE' ORDER BY 1")  # fmt: skip
        return [_name(str(r[0])) for r in self.rows(sql)]

    def columns(self, table: str) -> list[Column]:
        """The written columns of ``table`` in schema order (computed ones left out)."""
        schema = "public" if self.pg else "main"
        found = self.rows(
            "SELECT column_name, data_type, udt_name, is_generated FROM information_schema.columns "
            "WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position",
            [schema, table],
        )
        out = []
        for name, data_type, udt, generated in found:
            if str(generated or "").upper() == "ALWAYS" or (table in COMPUTED_GEOM and name == "geom"):
                continue
            out.append(Column(_name(str(name)), str(udt if self.pg else data_type).upper() == "GEOMETRY"))
        return out

    def sequences(self) -> list[str]:
        """The names of the schema's sequences."""
        sql = ("SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public'" if self.pg
               else "SELECT sequence_name FROM duckdb_sequences()")  # fmt: skip
        return sorted(_name(str(r[0])) for r in self.rows(sql))

    def count(self, table: str) -> int:
        """Rows in ``table``."""
        return int(self.rows(f"SELECT count(*) FROM {table}")[0][0])

    def select(self, table: str, columns: Sequence[Column], plan: TablePlan) -> str:
        """The query reading ``table`` as ``plan`` says (geometries as WKB), in a stable order."""
        wkb = "ST_AsBinary" if self.pg else "ST_AsWKB"
        parts = []
        for c in columns:
            expr = plan.replace.get(c.name, c.name)
            parts.append(f"{wkb}({expr}) AS {c.name}" if c.geometry and expr != "NULL" else f"{expr} AS {c.name}")
        where = f" WHERE {plan.where}" if plan.where else ""
        return f"SELECT {', '.join(parts)} FROM {table}{where}"


def seed_only(side: Side) -> bool:
    """Whether ``code_values`` holds exactly the seed rows of migration 11 (a fresh schema)."""
    have = side.rows(
        "SELECT list_name, owner, code, label_nl, label_en, sort_order, retired_at IS NULL FROM code_values"
    )
    return sorted((*r[:6], True) for r in code_list_seed()) == sorted(tuple(r) for r in have)


def catalogue_seed_only(side: Side) -> bool:
    """Whether ``measure_catalogue`` holds exactly the seed rows of migration 14 (none changed, retired or added)."""
    from gis.measures.catalogue import load_catalogue

    have = side.rows("SELECT code, version, updated_by, retired_at IS NULL FROM measure_catalogue")
    seed = sorted((m["code"], 1, "systeem", True) for m in load_catalogue())
    return seed == sorted(tuple(r) for r in have)


_SEED_CHECKS = {"code_values": seed_only, "measure_catalogue": catalogue_seed_only}


def filled_tables(side: Side) -> list[tuple[str, int]]:
    """The data tables of ``side`` that hold rows (a seeded table with only its seed counts as empty)."""
    out = []
    for table in side.tables():
        if table in NOT_COPIED or (table in SEEDED and _SEED_CHECKS[table](side)):
            continue
        n = side.count(table)
        if n:
            out.append((table, n))
    return out


class Writer:
    """Writes the target in one transaction: rows by chunks, the sequences, the released counts."""

    def __init__(self, side: Side) -> None:
        self.side = side
        if side.pg:
            self.conn: Any = psycopg.connect(side.url)  # a transaction of its own, committed once
        else:
            self.conn = side.store.cursor()  # type: ignore[attr-defined]
            self.conn.begin()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement in the transaction; its rows."""
        if self.side.pg:
            cur = self.conn.execute(sql.replace("?", "%s"), list(params))
            return list(cur.fetchall()) if cur.description else []
        res = self.conn.execute(sql, list(params))
        return list(res.fetchall()) if res.description else []

    def write(self, table: str, columns: Sequence[Column], rows: list[tuple[Any, ...]]) -> None:
        """Insert one chunk of rows (values in ``columns`` order, geometries as WKB)."""
        try:
            self._write(table, columns, rows)
        except psycopg.DataError as exc:  # DuckDB keeps a NUL character in a text; PostgreSQL cannot
            where = _nul_at(columns, rows) if "0x00" in str(exc) else None
            if where is None:
                raise
            raise CopyError(
                f"De tabel {table} ({TABLES.get(table, table)}): {where} bevat een NUL-teken (\\x00), dat PostgreSQL "
                "niet kan bewaren; er is niets geschreven. Haal het teken weg in de bron (of in de app) en kopieer "
                "opnieuw."
            ) from None

    def _write(self, table: str, columns: Sequence[Column], rows: list[tuple[Any, ...]]) -> None:
        names = [c.name for c in columns]
        if self.side.pg:
            if not any(c.geometry for c in columns):
                copy_rows(self.conn, table, names, rows)
                return
            stage = "_vb_copy_stage"
            wkb = ", ".join(
                f"ST_AsBinary({n}) AS {n}" if c.geometry else n for n, c in zip(names, columns, strict=True)
            )
            self.conn.execute(f"DROP TABLE IF EXISTS {stage}")
            self.conn.execute(f"CREATE TEMPORARY TABLE {stage} AS SELECT {wkb} FROM {table} WITH NO DATA")
            copy_rows(self.conn, stage, names, rows)
            exprs = [f"ST_GeomFromWKB({c.name}, {SRID})" if c.geometry else c.name for c in columns]
            self.conn.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(exprs)} FROM {stage}")
            self.conn.execute(f"DROP TABLE {stage}")
            return
        data = pa.table({n: pa.array([r[i] for r in rows]) for i, n in enumerate(names)})
        exprs = [f"ST_GeomFromWKB(CAST({c.name} AS BLOB))" if c.geometry else c.name for c in columns]
        execute_with(self.conn, f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(exprs)} FROM _data", data)

    def released(self, rows: list[tuple[Any, ...]]) -> None:
        """The table of released counts of a copy for a role (DuckDB)."""
        self.execute(RELEASED_DDL)
        if rows:
            self.write(RELEASED_TABLE, [Column(c, False) for c in RELEASED_COLUMNS], rows)

    def move_sequence(self, sequence: str, table: str) -> None:
        """Set ``sequence`` past the highest id of ``table``, so new records get new ids."""
        top = self.execute(f"SELECT max(id) FROM {table}")[0][0]
        if top is None:
            return
        if self.side.pg:
            if self.execute("SELECT has_sequence_privilege(?, 'UPDATE')", [sequence])[0][0]:
                self.execute("SELECT setval(?, ?)", [sequence, int(top)])
                return
            last, called = self.execute(f"SELECT last_value, is_called FROM {sequence}")[0]
            current = int(last) if called else int(last) - 1
            step = f"FROM generate_series(1, {int(top) - current})"
        else:  # DuckDB has no setval: draw the ids up to the highest
            (last, start) = self.execute(
                "SELECT last_value, start_value FROM duckdb_sequences() WHERE sequence_name = ?", [sequence]
            )[0]
            current = int(last) if last is not None else int(start) - 1
            step = f"FROM range({int(top) - current})"
        if int(top) > current:  # the app role may draw ids (USAGE) but not set them (UPDATE): draw them
            self.execute(f"SELECT max(nextval('{sequence}')) {step}")

    def commit(self) -> None:
        """Make everything visible at once."""
        self.conn.commit()
        if self.side.pg:
            self.conn.close()

    def rollback(self) -> None:
        """Leave the target as it was."""
        self.conn.rollback()
        if self.side.pg:
            self.conn.close()


__all__ = ["Column", "CopyError", "Side", "Writer", "catalogue_seed_only", "filled_tables", "is_pg", "seed_only"]
