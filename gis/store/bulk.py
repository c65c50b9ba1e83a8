"""Bulk CSV import into DuckDB: the file is read by DuckDB's own CSV reader and parsed in SQL.

The import code (``gis.importing.fastpath``) describes *what* a row must look like to go straight in
(a ``BulkPlan``: which column holds what, the accepted notations, the lookup tables of categories and
organisations); this module turns that into SQL. Rows that meet the plan are written in chunks;
every other row ("leftover") is handed back, as the file's text, to the normal validation, which
accepts it or refuses it with a Dutch reason. So the refusal reasons stay in one place, and the
fast lane can only ever be stricter than the normal one.

A PostgreSQL store can offer the same method with ``COPY`` into a temporary table.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa

from gis.domain.catalog import Layer
from gis.geo.assign import members
from gis.store.errors import StoreError
from gis.store.frames import execute_with
from gis.store.locks import process_lock


class BulkUnreadableError(StoreError):
    """DuckDB's CSV reader cannot read the file as planned; use the normal lane (it explains why)."""


# Characters Python's ``str.strip`` removes that survive the control-character clean-up.
_SPACE = "".join(f"\\x{{{ord(c):04x}}}" for c in map(chr, range(0x3001)) if c.isspace() and ord(c) > 0x1F)
_CONTROL = r"[\x{00}-\x{08}\x{0b}-\x{1f}\x{7f}-\x{9f}\x{202a}-\x{202e}\x{2066}-\x{2069}]"
_NUMBER = r"-?[0-9]+([.,][0-9]+)?"
DATE_NOTATIONS: tuple[tuple[str, str], ...] = (
    (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "%Y-%m-%d"),
    (r"[0-9]{2}-[0-9]{2}-[0-9]{4}", "%d-%m-%Y"),
    (r"[0-9]{2}/[0-9]{2}/[0-9]{4}", "%d/%m/%Y"),
)


@dataclass(frozen=True)
class FieldRule:
    """How one store field is filled from the file in the fast lane.

    ``kind``: ``date``, ``text`` (cleaned text must equal the cell), ``lookup`` (exact cell -> value,
    from ``Resolve`` on the column's distinct cells), ``number``/``int``, ``const`` (not in the file:
    ``default``) or ``confidentiality`` (a lookup whose empty cells get the level of the row's
    organisation).
    """

    name: str
    kind: str
    column: int | None = None
    default: object = None
    limit: float | None = None
    required: bool = False
    unique: bool = False


@dataclass(frozen=True)
class BulkPlan:
    """A CSV file and the rules a row must meet to skip the row-by-row validation."""

    layer: str
    path: str
    delimiter: str
    n_columns: int
    coords: tuple[int, int]
    fields: tuple[FieldRule, ...]
    today: date
    levels: tuple[tuple[str, str], ...] = ()  # organisation -> confidentiality of its empty cells
    default_level: str = "vertrouwelijk"


@dataclass
class BulkResult:
    """What the bulk import did: the batch, file rows, rows written by either lane, a preview."""

    batch_id: int | None
    rows_total: int
    fast_rows: int
    other_rows: int
    preview: pd.DataFrame = field(default_factory=pd.DataFrame)


# (rows, first coordinate, second coordinate) -> (x, y RD New, keep, leftover)
Locate = Callable[[np.ndarray, np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]
# (field name, distinct cells) -> cell -> value, for the cells the normal validation accepts
Resolve = Callable[[str, list[str]], dict[str, str]]
MAX_DISTINCT = 5_000  # most frequent cells per lookup column resolved; rarer ones take the normal lane
# leftover rows as the file's text (index = row number) -> the rows accepted by the normal validation
Validate = Callable[[pd.DataFrame], pd.DataFrame]


def _lit(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return repr(float(value)) if isinstance(value, float) else str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _clean(c: str) -> str:
    """SQL for ``gis.importing.parse.clean_text`` of a cell: newlines, control characters, outer space.

    The replacements run only on cells that need them (a match is ten times cheaper than a replace).
    """
    text = f"replace(replace({c}, chr(13) || chr(10), chr(10)), chr(13), chr(10))"
    text = f"regexp_replace({text}, '{_CONTROL}', '', 'g')"
    full = f"nullif(regexp_replace({text}, '^[{_SPACE}]+|[{_SPACE}]+$', '', 'g'), '')"
    dirty = f"regexp_matches({c}, '{_CONTROL}|^[{_SPACE}]|[{_SPACE}]$')"
    return f"CASE WHEN {dirty} THEN {full} ELSE nullif({c}, '') END"


def _number(c: str) -> str:
    return f"CASE WHEN regexp_full_match({c}, '{_NUMBER}') THEN CAST(replace({c}, ',', '.') AS DOUBLE) END"


def _date(c: str) -> str:
    whens = " ".join(
        f"WHEN regexp_full_match({c}, '{rx}') THEN CAST(try_strptime({c}, '{fmt}') AS DATE)"
        for rx, fmt in DATE_NOTATIONS
    )
    return f"CASE {whens} END"


class BulkMixin:
    """``bulk_import_csv``; the host provides ``cursor``, ``_write_points``, ``_insert_members``,
    ``_municipality_index``, ``areas`` and the batch helpers of ``ImportsMixin``."""

    def _bulk_sql(self, plan: BulkPlan, db: str) -> str:
        """The SELECT that parses the staged rows ``rowid >= ? AND rowid < ?``: ``r``, ``a``, ``b``, one
        ``f_<name>`` per field, ``ok``."""
        col = [f"s.c{i}" for i in range(plan.n_columns)]
        a, b = (col[i] for i in plan.coords)
        select = ["s.rowid AS r", f"{_number(a)} AS a", f"{_number(b)} AS b"]
        ok = ["a IS NOT NULL", "b IS NOT NULL"]
        joins: list[str] = []
        org_value = "NULL"
        for i, rule in enumerate(plan.fields):
            c = col[rule.column] if rule.column is not None else "NULL"
            name = f"f_{rule.name}"
            if rule.kind == "confidentiality" and rule.column is None:  # no column: the level of the row's org
                levels = " ".join(f"WHEN {_lit(o)} THEN {_lit(v)}" for o, v in plan.levels)
                select.append(f"CASE {org_value} {levels} ELSE {_lit(plan.default_level)} END AS {name}")
                continue
            if rule.kind == "const" or rule.column is None:  # written as a literal, not fetched per row
                if rule.name == "source_org":
                    org_value = _lit(rule.default)
                continue
            if rule.kind == "date":
                select.append(f"{_date(c)} AS {name}")
                ok.append(f"({name} BETWEEN DATE '1900-01-01' AND DATE '{plan.today.isoformat()}'"
                          + ("" if rule.required else f" OR {c} IS NULL") + ")")  # fmt: skip
            elif rule.kind in ("number", "int"):
                select.append(f"{_number(c)} AS {name}")
                cond = f"{name} >= 0" + (f" AND {name} <= {float(rule.limit)!r}" if rule.limit is not None else "")
                cond += f" AND {name} = round({name})" if rule.kind == "int" else ""
                ok.append(f"({c} IS NULL OR ({cond}))")
            elif rule.kind == "text":
                select.append(f"nullif({c}, '') AS {name}")
                clean = f"s.k{i}" if rule.unique else _clean(c)  # a reference is cleaned once, when staged
                cond = f"{c} = {clean}" + (f" AND length({c}) <= {int(rule.limit)}" if rule.limit else "")
                ok.append(f"({c} IS NULL OR {c} = '' OR ({cond}))")
                if rule.unique:
                    joins.append(f"LEFT JOIN {db}.dup{i} d{i} ON d{i}.k = s.k{i}")
                    ok.append(f"d{i}.k IS NULL")
            elif rule.kind in ("lookup", "confidentiality"):
                joins.append(f"LEFT JOIN {db}.lk{i} l{i} ON l{i}.k = {c}")
                empty = _lit(rule.default)
                if rule.kind == "confidentiality":
                    levels = " ".join(f"WHEN {_lit(o)} THEN {_lit(v)}" for o, v in plan.levels)
                    empty = f"CASE {org_value} {levels} ELSE {_lit(plan.default_level)} END" if levels else empty
                select.append(f"CASE WHEN {c} IS NULL THEN {empty} ELSE l{i}.v END AS {name}")
                ok.append(f"({c} IS NULL OR l{i}.v IS NOT NULL)")
                if rule.required:
                    ok.append(f"({c} IS NOT NULL OR {empty} IS NOT NULL)")
                if rule.name == "source_org":
                    org_value = name
            else:
                raise StoreError(f"Onbekende soort veld in het bulkplan: {rule.kind}")
        # DuckDB lets the condition use the aliases (a, b, f_...) defined earlier in the same SELECT
        select.append(f"coalesce({' AND '.join(ok)}, false) AS ok")  # NULL (unparsed) is not ok
        return (f"SELECT {', '.join(select)} FROM {db}.raw s {' '.join(joins)} "
                "WHERE s.rowid >= ? AND s.rowid < ? ORDER BY s.rowid")  # fmt: skip

    def _bulk_stage(self, cur: object, plan: BulkPlan, resolve: Resolve, db: str) -> int:
        """Read the file into the scratch database ``db``: ``raw`` (the cells as text, ``rowid`` = row - 2),
        the lookup tables ``lk<i>`` and the references the normal lane must judge ``dup<i>``; returns the rows."""
        import duckdb

        cur.execute(f"ATTACH ':memory:' AS {db}")  # type: ignore[attr-defined]
        columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(plan.n_columns))
        keys = "".join(f", {_clean(f'c{r.column}')} AS k{i}" for i, r in enumerate(plan.fields)
                       if r.kind == "text" and r.unique and r.column is not None)  # fmt: skip
        path = plan.path.replace("'", "''")
        delim = plan.delimiter.replace("'", "''")
        try:
            cur.execute(  # type: ignore[attr-defined]
                f"CREATE TABLE {db}.raw AS SELECT *{keys} FROM read_csv('{path}', header = true, "
                f"delim = '{delim}', quote = '\"', escape = '\"', strict_mode = true, auto_detect = false, "
                f"columns = {{{columns}}})"
            )
        except duckdb.Error as exc:
            raise BulkUnreadableError(f"DuckDB kan het bestand niet volgens plan lezen: {exc}") from exc
        for i, rule in enumerate(plan.fields):
            if rule.kind in ("lookup", "confidentiality") and rule.column is not None:
                cells = cur.execute(  # type: ignore[attr-defined]
                    f"SELECT c{rule.column} FROM {db}.raw WHERE c{rule.column} IS NOT NULL GROUP BY 1 "
                    f"ORDER BY count(*) DESC LIMIT {MAX_DISTINCT}"
                ).fetchall()
                found = resolve(rule.name, [c[0] for c in cells])
                keys, values = list(found), [found[k] for k in found]
                table = pa.table({"k": pa.array(keys, pa.string()), "v": pa.array(values, pa.string())})
                execute_with(cur, f"CREATE TABLE {db}.lk{i} AS SELECT k, v FROM _data", table)
            elif rule.kind == "text" and rule.unique and rule.column is not None:
                # references that occur more than once in the file, or are stored already: the normal lane decides
                cur.execute(  # type: ignore[attr-defined]
                    f"CREATE TABLE {db}.dup{i} AS SELECT k{i} AS k FROM {db}.raw "
                    f"WHERE k{i} IS NOT NULL GROUP BY k{i} HAVING count(*) > 1 OR k{i} IN "
                    f"(SELECT {rule.name} FROM {Layer(plan.layer).value})"
                )
        return int(cur.execute(f"SELECT count(*) FROM {db}.raw").fetchone()[0])  # type: ignore[attr-defined]

    def _bulk_leftovers(self, cur: object, plan: BulkPlan, total: int, chunk_rows: int,
                        names: list[str], db: str) -> Iterator[pd.DataFrame]:  # fmt: skip
        cols = ", ".join(f"s.c{i}" for i in range(plan.n_columns))
        for start in range(0, total, chunk_rows):
            frame = cur.execute(  # type: ignore[attr-defined]
                f"SELECT s.rowid AS r, {cols} FROM {db}.raw s WHERE s.rowid >= ? AND s.rowid < ? AND s.rowid IN "
                "(SELECT r FROM _bulk_left) ORDER BY s.rowid",
                [start, start + chunk_rows],
            ).df()
            if frame.empty:
                continue
            rows = frame.pop("r").to_numpy(np.int64) + 2
            frame = frame.fillna("").astype("str")
            frame.columns = names
            frame.index = pd.Index(rows, name="row")
            yield frame

    def bulk_import_csv(
        self,
        info: object,
        plan: BulkPlan,
        names: list[str],
        locate: Locate,
        validate: Validate,
        resolve: Resolve,
        *,
        dry_run: bool = False,
        chunk_rows: int = 250_000,
        progress: Callable[[int, int], None] | None = None,
    ) -> BulkResult:
        """Import ``plan.path`` as one batch (``info``: a ``BatchInfo``); all or nothing.

        Rows meeting ``plan`` are located by ``locate`` (RD New, on land) and written in chunks; the
        others go, as text with the file's column ``names``, through ``validate``, whose accepted rows
        are written too. ``dry_run`` does all of it and then rolls back. Raises
        ``BulkUnreadableError`` when DuckDB cannot read the file as planned.
        """
        cur = self.cursor()  # type: ignore[attr-defined]
        # a scratch database of this import, visible to the reading thread's own connection (temp tables are not)
        db = f"bulk_{uuid.uuid4().hex[:12]}"
        with ThreadPoolExecutor(1, thread_name_prefix="bulk") as pool:
            grid = pool.submit(self._municipality_index)  # type: ignore[attr-defined]  # built while DuckDB reads
            try:
                total = self._bulk_stage(cur, plan, resolve, db)
                grid.result()
            except BaseException:
                self._bulk_drop(cur, db)
                raise
            reader = None
            try:
                reader = self._con.cursor()  # type: ignore[attr-defined]
                result = self._bulk_write(cur, reader, pool, plan, info, total, (db, names),
                                          (locate, validate), dry_run, chunk_rows, progress)  # fmt: skip
            finally:
                if reader is not None:
                    reader.close()  # waits for a parse still running
                self._bulk_drop(cur, db)
        return result

    def _bulk_write(
        self, cur: object, reader: object, pool: ThreadPoolExecutor, plan: BulkPlan, info: object, total: int,
        source: tuple[str, list[str]], steps: tuple[Locate, Validate], dry_run: bool, chunk_rows: int,
        progress: Callable[[int, int], None] | None,
    ) -> BulkResult:  # fmt: skip
        """The transaction of ``bulk_import_csv``: chunks parsed by ``reader`` in ``pool`` and written by ``cur``."""
        layer = Layer(plan.layer)
        (db, names), (locate, validate) = source, steps
        fast = other = 0
        preview: list[pd.DataFrame] = []
        areas = self.areas()  # type: ignore[attr-defined]
        sql = self._bulk_sql(plan, db)

        def parse(start: int) -> pa.Table:  # in the pool: DuckDB parses chunk k+1 while chunk k is written
            return reader.execute(sql, [start, start + chunk_rows]).to_arrow_table()  # type: ignore[attr-defined]

        starts = list(range(0, total, chunk_rows))
        pending = None
        lock = process_lock(self, "import")  # imports take turns: the duplicate-file check sees the other's batch
        lock.acquire()
        try:
            cur.begin()  # type: ignore[attr-defined]
        except BaseException:
            lock.release()
            raise
        try:
            pending = pool.submit(parse, starts[0]) if starts else None
            batch_id = self._begin_batch(cur, info)  # type: ignore[attr-defined]
            cur.execute("CREATE OR REPLACE TEMP TABLE _bulk_left (r BIGINT)")  # type: ignore[attr-defined]
            for k, start in enumerate(starts):
                got = pending.result()  # type: ignore[union-attr]
                pending = pool.submit(parse, starts[k + 1]) if k + 1 < len(starts) else None
                fast += self._bulk_chunk(cur, plan, batch_id, got, locate, areas, preview)
                if progress:
                    progress(min(total, start + chunk_rows), fast)
            for frame in self._bulk_leftovers(cur, plan, total, chunk_rows, names, db):
                good = validate(frame)
                if len(good):
                    self._write_points(cur, layer, good.reset_index(drop=True).assign(batch_id=batch_id))  # type: ignore[attr-defined]
                    other += len(good)
            if fast + other == 0 and not dry_run:  # a dry run reports why every row was refused
                raise StoreError("Er zijn geen geldige rijen om in te lezen; er is niets opgeslagen.")
            self._finish_batch(cur, info, batch_id, fast + other)  # type: ignore[attr-defined]
        except BaseException:
            if pending is not None:
                pending.cancel()
                wait([pending])
            cur.rollback()  # type: ignore[attr-defined]
            lock.release()
            raise
        try:
            if dry_run:
                cur.rollback()  # type: ignore[attr-defined]
            else:
                cur.commit()  # type: ignore[attr-defined]
        finally:
            lock.release()
        shown = [p for p in preview if len(p)]
        rows = pd.concat(shown).sort_index().head(500) if shown else pd.DataFrame(columns=["x", "y"])
        return BulkResult(None if dry_run else batch_id, total, fast, other, rows)

    def _bulk_chunk(
        self, cur: object, plan: BulkPlan, batch_id: int, got: pa.Table, locate: Locate, areas: object,
        preview: list[pd.DataFrame],
    ) -> int:  # fmt: skip
        """Write the planned rows of one parsed chunk that lie on land; the others are kept in ``_bulk_left``
        for the normal validation. Returns how many were written."""
        layer = Layer(plan.layer)
        ok = got["ok"].to_numpy(zero_copy_only=False)
        if not ok.all():
            execute_with(cur, "INSERT INTO _bulk_left SELECT r FROM _data", got.filter(pa.array(~ok)).select(["r"]))
            got = got.filter(pa.array(ok))
        r = got["r"].to_numpy().astype(np.int64)
        if not len(r):
            return 0
        x, y, keep, left = locate(r + 2, got["a"].to_numpy().astype(float), got["b"].to_numpy().astype(float))
        if left.any():
            execute_with(cur, "INSERT INTO _bulk_left SELECT r FROM _data", pa.table({"r": r[left]}))
        n = int(keep.sum())
        if not n:
            return 0
        ids = cur.execute(f"SELECT nextval('{layer.value}_id_seq') AS id FROM range(?)", [n]).fetchnumpy()  # type: ignore[attr-defined]
        ids = np.asarray(ids["id"], np.int64)
        xs, ys = x[keep], y[keep]
        grid = self._municipality_index()  # type: ignore[attr-defined]
        index = grid.indices(xs, ys)  # municipality codes go in as a dictionary: one string per municipality
        codes = pa.DictionaryArray.from_arrays(pa.array(index, mask=index < 0), pa.array(grid.codes, pa.string()))
        fetched = [rule for rule in plan.fields if rule.kind != "const"]
        kept = got.filter(pa.array(keep)).select([f"f_{rule.name}" for rule in fetched])
        kept = kept.append_column("id", pa.array(ids)).append_column("x", pa.array(xs))
        kept = kept.append_column("y", pa.array(ys)).append_column("m", codes)
        values = ", ".join(f"f_{rule.name}" if rule in fetched else _lit(rule.default) for rule in plan.fields)
        target = ", ".join(rule.name for rule in plan.fields)
        execute_with(cur, f"INSERT INTO {layer.value} (id, x, y, {target}, municipality_code, batch_id, "
                     f"is_demo) SELECT id, x, y, {values}, m, {int(batch_id)}, false FROM _data", kept)  # fmt: skip
        if sum(len(p) for p in preview) < 1000:
            shown = kept.slice(0, 500).select(["x", "y", *(f"f_{rule.name}" for rule in fetched)]).to_pandas()
            shown.index = pd.Index(r[keep][:500] + 2, name="row")
            shown = shown.rename(columns=lambda c: c.removeprefix("f_"))
            shown = shown.assign(**{rule.name: rule.default for rule in plan.fields if rule not in fetched})
            preview.append(shown[["x", "y", *(rule.name for rule in plan.fields)]])
        for area in areas.itertuples():  # type: ignore[attr-defined]
            idx = members(xs, ys, area.geometry)
            self._insert_members(cur, layer, ids[idx], int(area.id))  # type: ignore[attr-defined]
        return n

    @staticmethod
    def _bulk_drop(cur: object, db: str) -> None:
        cur.execute("DROP TABLE IF EXISTS _bulk_left")  # type: ignore[attr-defined]
        cur.execute(f"DETACH DATABASE IF EXISTS {db}")  # type: ignore[attr-defined]
