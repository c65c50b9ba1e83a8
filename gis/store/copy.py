"""Copy a whole database from DuckDB to PostgreSQL/PostGIS (moving a region over) or back (a laptop copy).

``copy_database`` reads the tables and columns from the source's schema (``gis.store.copy_rules`` says how
each table is copied), writes the target in one transaction, streamed in chunks (memory stays flat however
many incidents there are), keeps every id and sets each sequence past the highest id, then compares row
counts and checksums of every table on both sides. Geometries travel as WKB; computed ``geom`` columns
(``COMPUTED_GEOM``) are not written. The target must be empty and at the source's schema version.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gis.domain.roles import Principal
from gis.store import open_store
from gis.store.copy_rules import (
    FULL,
    NOT_COPIED,
    RELEASED_COLUMNS,
    RELEASED_TABLE,
    SEEDED,
    TABLES,
    Checksum,
    TablePlan,
    copy_principal,
    released_rows,
    role_plan,
)
from gis.store.copy_sides import Column, CopyError, Side, Writer, filled_tables, is_pg
from gis.store.errors import StoreError
from gis.store.schema import LATEST_VERSION

CHUNK_ROWS = 50_000
PROGRESS_ROWS = 100_000  # a progress line per this many rows of a big table
Say = Callable[[str], None]


class CopyRefused(StoreError):
    """The copy was refused before anything was written (exit code 2)."""


@dataclass(frozen=True)
class TableCheck:
    """One table after the copy: rows and checksum on both sides."""

    table: str
    source_rows: int
    target_rows: int
    source_sum: str
    target_sum: str

    @property
    def ok(self) -> bool:
        """Whether both sides hold the same rows."""
        return self.source_rows == self.target_rows and self.source_sum == self.target_sum


def plans_for(tables: Sequence[str], principal: Principal | None) -> dict[str, TablePlan]:
    """Per source table how it is copied; a table the copier does not know is refused."""
    unknown = [t for t in tables if t not in TABLES and t not in NOT_COPIED]
    if RELEASED_TABLE in unknown:
        raise CopyRefused("De bron is zelf een kopie voor een rol (met vrijgegeven aantallen); die wordt niet verder "
                          "gekopieerd. Kopieer uit de oorspronkelijke database.")  # fmt: skip
    if unknown:
        raise CopyError(f"De bron heeft tabellen die de kopieerfunctie niet kent: {', '.join(unknown)}. Leg in "
                        "gis/store/copy_rules.py (TABLES, role_plan) vast hoe ze gekopieerd worden; er is niets "
                        "geschreven.")  # fmt: skip
    wanted = [t for t in tables if t in TABLES]
    return {t: role_plan(principal, t) if principal else FULL for t in wanted}


def _schema(source: Side, target: Side, plans: dict[str, TablePlan]) -> dict[str, list[Column]]:
    """The columns per copied table; the target must have the same ones."""
    have = set(target.tables())
    out: dict[str, list[Column]] = {}
    for table, plan in plans.items():
        if not plan.keep:
            continue
        cols = source.columns(table)
        theirs = {c.name for c in target.columns(table)} if table in have else set()
        if {c.name for c in cols} != theirs:
            diff = sorted({c.name for c in cols} ^ theirs) or ["(tabel ontbreekt)"]
            raise CopyError(f"Tabel {table} verschilt tussen bron en doel (kolommen: {', '.join(diff)}); beide moeten "
                            "op dezelfde schemaversie staan. Er is niets geschreven.")  # fmt: skip
        out[table] = cols
    return out


def check_copy(source: Side, target: Side, principal: Principal | None = None,
               released: list[tuple[Any, ...]] | None = None, chunk: int = CHUNK_ROWS) -> list[TableCheck]:  # fmt: skip
    """Rows and checksum per table, read on both sides in the same way (the source as the copy's plan reads it)."""
    plans = plans_for(source.tables(), principal)
    out = []
    for table, cols in _schema(source, target, plans).items():
        sums = []
        for side, plan in ((source, plans[table]), (target, FULL)):
            total = Checksum()
            for rows in side.stream(side.select(table, cols, plan), chunk):
                total.add(rows)
            sums.append(total)
        out.append(TableCheck(table, sums[0].rows, sums[1].rows, sums[0].hex, sums[1].hex))
    if released is not None:
        mine = Checksum()
        mine.add(released)
        theirs = Checksum()
        cols = [Column(c, False) for c in RELEASED_COLUMNS]
        for rows in target.stream(target.select(RELEASED_TABLE, cols, FULL), chunk):
            theirs.add(rows)
        out.append(TableCheck(RELEASED_TABLE, mine.rows, theirs.rows, mine.hex, theirs.hex))
    source.end_snapshot()
    target.end_snapshot()
    return out


def _same(a: str, b: str) -> bool:
    if is_pg(a) or is_pg(b):
        return a == b
    return Path(a).resolve() == Path(b).resolve()


def open_sides(source: str, target: str, for_role: bool = False,
               check: Callable[[Side], object] | None = None) -> tuple[Side, Side]:  # fmt: skip
    """Open the source (read-only where it can be), run ``check`` on it, then open the target (not migrated)."""
    if _same(source, target):
        raise CopyRefused("Bron en doel zijn dezelfde database; er is niets geschreven.")
    if not is_pg(source) and not Path(source).is_file():
        raise CopyRefused(f"De bron '{source}' bestaat niet; er is niets geschreven.")
    if for_role and is_pg(target):
        raise CopyRefused("Een kopie voor een rol gaat alleen naar een DuckDB-bestand (een laptopkopie); "
                          "er is niets geschreven.")  # fmt: skip
    # a copy for a role computes released counts, which may make the database's cell-key salt (as the app does)
    src = Side(source, open_store(source, read_only=not for_role, migrate=False))
    try:
        if check is not None:
            check(src)
        return src, Side(target, open_store(target, migrate=False))
    except BaseException:
        src.close()
        raise


def _source_version(src: Side) -> int:
    version = src.store.schema_version()
    if version != LATEST_VERSION:
        raise CopyRefused(f"De bron {src.path} heeft schemaversie {version}, deze versie van het dashboard "
                          f"{LATEST_VERSION}. Werk de bron eerst bij (python -m gis migrate); er is niets "
                          "geschreven.")  # fmt: skip
    return version


def _prepare(src: Side, dst: Side) -> None:
    """Refuse a target that is not empty or would end at another schema version; migrate an empty one."""
    version = _source_version(src)
    if dst.store.schema_version() > 0:
        filled = filled_tables(dst)
        if filled:
            what = ", ".join(f"{t} ({n} rijen)" for t, n in filled[:6])
            raise CopyRefused(f"Het doel {dst.path} is niet leeg: {what}. Kopieer alleen naar een lege database; "
                              "er is niets geschreven.")  # fmt: skip
    dst.store.migrate()
    dst.end_snapshot()  # read the migrated schema
    if dst.store.schema_version() != version:
        raise CopyRefused(f"Het doel {dst.path} staat op schemaversie {dst.store.schema_version()}, de bron op "
                          f"{version}; ze moeten gelijk zijn. Er is niets geschreven.")  # fmt: skip


def _write(src: Side, dst: Side, columns: dict[str, list[Column]], plans: dict[str, TablePlan],
           released: list[tuple[Any, ...]] | None, chunk: int, say: Say) -> None:  # fmt: skip
    writer = Writer(dst)
    try:
        for table, cols in columns.items():
            if table in SEEDED:
                writer.execute(f"DELETE FROM {table}")  # the seed rows of a fresh schema: the source's come instead
            total, done, shown, started = src.count(table), 0, 0, time.perf_counter()
            for rows in src.stream(src.select(table, cols, plans[table]), chunk):
                writer.write(table, cols, rows)
                done += len(rows)
                if total >= PROGRESS_ROWS and done - shown >= PROGRESS_ROWS:
                    shown = done
                    say(f"  … {table}: {done:,} van {total:,} rijen".replace(",", "."))
            if total >= PROGRESS_ROWS:
                say(f"  {table}: {done:,} rijen in {time.perf_counter() - started:.1f} s".replace(",", "."))
        if released is not None:
            writer.released(released)
        for sequence in dst.sequences():
            table = sequence.removesuffix("_id_seq")
            if table not in columns:
                if table not in TABLES:
                    raise CopyError(f"De reeks {sequence} hoort bij geen bekende tabel; er is niets geschreven.")
                continue
            writer.move_sequence(sequence, table)
    except BaseException:
        writer.rollback()
        raise
    writer.commit()


def copy_database(source: str, target: str, role: str | None = None, chunk: int = CHUNK_ROWS,
                  say: Say = print) -> list[TableCheck]:  # fmt: skip
    """Copy ``source`` into the empty ``target`` (a DuckDB path or a ``postgresql://`` URL) and check it.

    With ``role``: only what that role may see as records; layers it sees as counts only become the released
    counts of ``released_counts``. Returns the check per table; raises ``CopyRefused`` (nothing written)."""
    principal = copy_principal(role) if role else None
    plans: dict[str, TablePlan] = {}

    def check_source(src: Side) -> None:  # before the target is opened: an unknown table, an old schema
        _source_version(src)
        plans.update(plans_for(src.tables(), principal))

    src, dst = open_sides(source, target, principal is not None, check_source)
    try:
        _prepare(src, dst)
        columns = _schema(src, dst, plans)
        released = None
        if principal is not None:
            from gis.store.guard import GuardedStore

            released = released_rows(GuardedStore(src.store, principal), principal)
        _write(src, dst, columns, plans, released, chunk, say)
        src.end_snapshot()
        dst.end_snapshot()
        return check_copy(src, dst, principal, released, chunk)
    finally:
        src.close()
        dst.close()


def check_databases(source: str, target: str, role: str | None = None) -> list[TableCheck]:
    """Compare an existing copy with its source (rows and checksum per table)."""
    principal = copy_principal(role) if role else None
    src, dst = open_sides(source, target, for_role=principal is not None)
    try:
        released = None
        if principal is not None:
            from gis.store.guard import GuardedStore

            released = released_rows(GuardedStore(src.store, principal), principal)
        return check_copy(src, dst, principal, released)
    finally:
        src.close()
        dst.close()


__all__ = ["CopyError", "CopyRefused", "Side", "TableCheck", "check_copy", "check_databases", "copy_database",
           "filled_tables"]  # fmt: skip
