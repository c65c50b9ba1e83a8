"""The PostgreSQL/PostGIS store: the shared backend a region runs for many users and app processes.

Chosen by ``VB_DB=postgresql://user@host:port/db``. psycopg 3 with a connection pool; reads run on a
pooled connection in autocommit, every write in one REPEATABLE READ transaction (a concurrent change of
the same row fails as a ``ConflictError``, as in DuckDB, and is never silently overwritten). The app
connects as a least-privilege role; migrations run as the owner role named by ``VB_DB_OWNER``.
Connection details come from the environment (or Streamlit secrets, see ``gis.config``), never the repo.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote, urlencode

import numpy as np
import psycopg
from psycopg import IsolationLevel, errors
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.types.numeric import FloatLoader
from psycopg_pool import ConnectionPool, PoolTimeout

from gis.config import database_owner_url, database_pool_size
from gis.store.accounts import AccountsMixin
from gis.store.analysis import AnalysisMixin
from gis.store.area_versions import AreaVersionsMixin
from gis.store.arrays import ArraysMixin
from gis.store.codelists import CodeListsMixin
from gis.store.core import CoreMixin
from gis.store.drafts import DraftsMixin
from gis.store.dumpings import DumpingsMixin
from gis.store.errors import ConflictError, StoreError, StoreUnavailableError, StoreVersionError
from gis.store.imports import ImportsMixin
from gis.store.measures_store import MeasuresMixin
from gis.store.partnership import PartnershipMixin
from gis.store.pg_cursor import PgCursor
from gis.store.pg_sql import PG_EXTRA, grant_statements, migration_sql, to_pg
from gis.store.retention import RetentionMixin
from gis.store.schema import LATEST_VERSION, MIGRATIONS

LOCAL_TIMEZONE = "Europe/Amsterdam"
MIGRATION_LOCK = 72_616_001  # pg_advisory_lock key: one migrator at a time, across app processes
CONNECT_TIMEOUT_S = 5
STATEMENT_TIMEOUT_S = 120
DOWN_WAIT_S = 1.0  # how long a statement waits for a connection once the pool found the server unreachable
BAD_URL = (
    "De database-instelling {setting} is geen geldige PostgreSQL-URL. Controleer de schrijfwijze; een bijzonder "
    "teken in de gebruikersnaam of het wachtwoord schrijft u als %XX (bijvoorbeeld %25 voor %, %40 voor @), of zet "
    "het wachtwoord in ~/.pgpass of PGPASSWORD."
)
_CONFLICT = (errors.SerializationFailure, errors.DeadlockDetected, errors.LockNotAvailable)


_HOST = re.compile(r"[A-Za-z0-9._:\[\]%-]*")  # a host name, IPv4 or IPv6 address (a socket directory starts with /)


def misread(params: dict[str, Any]) -> bool:
    """Whether libpq's reading of a URL shows an unescaped '@' or '/' in the password: its tail then became the
    host ('rest@127.0.0.1'), the port ('vb_app:Geheim/…' read as host:port) or the database name ('rest@/db'),
    and would be shown wherever the database is named."""
    hosts = str(params.get("host") or "").split(",")
    if any(h and not h.startswith("/") and not _HOST.fullmatch(h) for h in hosts):
        return True
    if any(p and not p.isdigit() for p in str(params.get("port") or "").split(",")):
        return True
    return any(c in str(params.get("dbname") or "") for c in "@/")


def parsed(url: str) -> dict[str, Any] | None:
    """libpq's reading of ``url``, or None when it is not a valid or not a plausible one (see ``misread``)."""
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return None
    return None if misread(params) else params


def redacted(url: str) -> str:
    """The URL without its password: for ``store.path``, messages and logs; it still opens the database when
    the password comes from PGPASSWORD or ~/.pgpass."""
    params = parsed(url)
    if params is None:
        return "postgresql://(ongeldige verbindingsgegevens)"
    user = quote(str(params.pop("user", "") or ""), safe="")
    host, port = str(params.pop("host", "") or ""), str(params.pop("port", "") or "")
    db = quote(str(params.pop("dbname", "") or ""), safe="")
    for key in [k for k in params if "pass" in k]:  # password, sslpassword, passfile: nothing of them is shown
        params.pop(key)
    who = f"{user}@" if user else ""
    if host.startswith("/"):  # a Unix socket directory
        query = urlencode({"host": host, **({"port": port} if port else {}), **params})
        return f"postgresql://{who}/{db}?{query}"
    where = f"{host or 'localhost'}{':' + port if port else ''}"
    return f"postgresql://{who}{where}/{db}" + (f"?{urlencode(params)}" if params else "")


def _configure(conn: psycopg.Connection) -> None:
    """Every pooled connection: Dutch wall-clock time, numeric as float, writes REPEATABLE READ."""
    conn.adapters.register_loader("numeric", FloatLoader)
    conn.execute(f"SET TIME ZONE '{LOCAL_TIMEZONE}'")
    # one statement may not hold a connection for ever (a scripted partner asking the heaviest thing over and
    # over): the slowest statement of the app (an import chunk, a region's units) takes seconds, not minutes
    conn.execute(f"SET statement_timeout = '{STATEMENT_TIMEOUT_S}s'")
    conn.isolation_level = IsolationLevel.REPEATABLE_READ


def unavailable(url: str, exc: BaseException) -> StoreUnavailableError:
    """The Dutch error for a database that cannot be reached (or went away mid-statement)."""
    return StoreUnavailableError(redacted(url), str(exc).strip().splitlines()[0] if str(exc).strip() else "")


class PostGISStore(
    CoreMixin,
    AnalysisMixin,
    AreaVersionsMixin,
    DumpingsMixin,
    ImportsMixin,
    ArraysMixin,
    AccountsMixin,
    RetentionMixin,
    DraftsMixin,
    CodeListsMixin,
    MeasuresMixin,
    PartnershipMixin,
):
    """Shared store on PostgreSQL 15 with PostGIS 3. Same interface as ``DuckDBStore``."""

    backend = "postgis"

    def __init__(self, url: str, pool_size: int | None = None) -> None:
        self.url = url
        self.path = redacted(url)
        self._local = threading.local()
        self._muni_cache = None
        self._unreachable = False  # the pool's last attempt to connect failed: fail fast until one succeeds
        size = pool_size or database_pool_size()
        try:
            conninfo = make_conninfo(url, connect_timeout=CONNECT_TIMEOUT_S, application_name="veilig-buitengebied")
        except psycopg.ProgrammingError:  # libpq's message may quote the password: not shown, not chained
            raise StoreError(BAD_URL.format(setting="VB_DB")) from None
        if parsed(url) is None:  # part of the password read as host, port or database: never tried, never shown
            raise StoreError(BAD_URL.format(setting="VB_DB"))
        self._pool = ConnectionPool(
            conninfo,
            min_size=1, max_size=size, kwargs={"autocommit": True}, configure=self._connected,
            check=ConnectionPool.check_connection, open=False, timeout=CONNECT_TIMEOUT_S * 2,
            reconnect_timeout=0, reconnect_failed=self._gave_up, name="vb",
        )  # fmt: skip
        try:
            self._pool.open(wait=True, timeout=CONNECT_TIMEOUT_S * 2)
        except (PoolTimeout, psycopg.OperationalError) as exc:
            self._pool.close()
            raise unavailable(url, exc) from exc
        try:
            self._check_role()
        except BaseException:
            self._pool.close()
            raise

    def _check_role(self) -> None:
        """Refuse a superuser or the schema's owner: the app works with a least-privilege role."""
        row = (
            self.cursor()
            .execute(
                "SELECT current_user, r.rolsuper, c.relowner IS NOT NULL AND pg_has_role(current_user, c.relowner, "
                "'MEMBER') FROM pg_roles r LEFT JOIN pg_class c ON c.oid = to_regclass('public.meta') "
                "WHERE r.rolname = current_user"
            )
            .fetchone()
        )
        user, superuser, owner = row if row else ("?", False, False)
        if superuser or owner:
            what = "een superuser" if superuser else "de eigenaar van het schema"
            raise StoreError(
                f"Het dashboard maakt verbinding als '{user}', {what}. Gebruik in VB_DB de app-rol met minimale "
                "rechten (lezen en schrijven, geen schemawijzigingen, auditlog alleen toevoegen); de eigenaarsrol "
                "hoort alleen in VB_DB_OWNER, voor python -m gis migrate. Zie de README, 'PostgreSQL/PostGIS'."
            )

    # -- connection -----------------------------------------------------------------------------
    def _connected(self, conn: psycopg.Connection) -> None:
        _configure(conn)
        self._unreachable = False

    def _gave_up(self, pool: ConnectionPool) -> None:
        self._unreachable = True

    def _pool_full(self) -> bool:
        """Whether every connection the pool may open is open and in use (busy, not unreachable)."""
        stats = self._pool.get_stats()
        return stats.get("pool_size", 0) >= self._pool.max_size and stats.get("pool_available", 0) == 0

    @contextmanager
    def _borrow(self) -> Iterator[psycopg.Connection]:
        """A pooled connection for one statement; an unreachable database becomes a Dutch StoreError (at
        once while the pool's last attempt to connect failed, rather than after the full wait)."""
        try:
            with self._pool.connection(timeout=DOWN_WAIT_S if self._unreachable else None) as conn:
                yield conn
        except (PoolTimeout, psycopg.OperationalError) as exc:
            if isinstance(exc, _CONFLICT):
                raise ConflictError(str(exc)) from exc
            if isinstance(exc, errors.QueryCanceled):
                raise StoreError(
                    f"De database deed er langer dan {STATEMENT_TIMEOUT_S} seconden over en heeft de vraag "
                    "afgebroken; er is niets gewijzigd. Kies een kleinere selectie, of probeer het later opnieuw."
                ) from exc
            if isinstance(exc, PoolTimeout) and not self._unreachable and self._pool_full():
                raise StoreError(
                    "De database is op dit moment te druk (alle verbindingen van dit dashboard zijn bezet); er is "
                    "niets gewijzigd. Probeer het over een paar seconden opnieuw."
                ) from exc
            raise unavailable(self.url, exc) from exc

    @property
    def _overlap_writes(self) -> bool:
        """import_batch writes chunk k on a worker thread while chunk k+1 is checked (needs spare connections)."""
        return self._pool.max_size >= 3

    def _outside_cursor(self) -> PgCursor:
        """A cursor on its own pooled connection, outside this thread's transaction (for reads that must not
        wait for a write in flight on the transaction's connection); with a pool of one, this thread's cursor."""
        return PgCursor(self._borrow) if self._pool.max_size >= 2 else self.cursor()

    def cursor(self) -> PgCursor:
        """A cursor: on this thread's open transaction, else one that borrows a connection per statement."""
        return PgCursor(self._borrow, getattr(self._local, "conn", None))

    @contextmanager
    def transaction(self) -> Iterator[PgCursor]:
        """Run the block as one transaction (REPEATABLE READ): all of it is written, or none of it."""
        if getattr(self._local, "conn", None) is not None:
            raise StoreError("Een transactie binnen een transactie wordt niet ondersteund.")
        with self._borrow() as conn:
            try:
                with conn.transaction():
                    self._local.conn = conn
                    try:
                        yield PgCursor(self._borrow, conn)
                    finally:
                        self._local.conn = None
            except _CONFLICT as exc:
                raise ConflictError(str(exc)) from exc

    def query_df(self, sql: str, params: list[object] | None = None) -> Any:
        """Run a read query and return a DataFrame."""
        return self.cursor().execute(sql, params).df()

    def scalar(self, sql: str, params: list[object] | None = None) -> object:
        """Run a read query and return the first column of the first row."""
        row = self.cursor().execute(sql, params).fetchone()
        return None if row is None else row[0]

    def close(self) -> None:
        """Close the pool (all its connections)."""
        self._pool.close()

    @staticmethod
    def _next_ids(cur: PgCursor, sequence: str, n: int) -> np.ndarray:
        """``n`` new ids from ``sequence``, inside the caller's transaction."""
        got = cur.execute("SELECT nextval(?) AS id FROM generate_series(1, ?)", [sequence, int(n)]).fetchnumpy()
        return np.asarray(got["id"], dtype=np.int64) if n else np.zeros(0, dtype=np.int64)

    @staticmethod
    def _record_hash(column: str) -> str:
        """SQL for a non-negative 32-bit hash of ``column`` salted with one ``?`` parameter: the first 8 hex
        digits of an MD5, the same number as on DuckDB (``DuckDBStore._record_hash``)."""
        return f"('x' || lpad(substr(md5(CAST({column} AS VARCHAR) || ?), 1, 8), 16, '0'))::bit(64)::bigint"

    # -- schema ---------------------------------------------------------------------------------
    def schema_version(self) -> int:
        """The highest applied migration, 0 for an empty database."""
        if not self.scalar("SELECT to_regclass('public.schema_version') IS NOT NULL"):
            return 0
        return int(self.scalar("SELECT coalesce(max(version), 0) FROM schema_version") or 0)

    def migrate(self) -> list[int]:
        """Apply pending migrations as the owner role (``VB_DB_OWNER``; else this connection's role), one
        transaction each, one migrator at a time; then grant the app role what it needs. Returns the versions."""
        current = self.schema_version()
        if current > LATEST_VERSION:
            raise StoreVersionError(self.path, current, LATEST_VERSION)
        if current == LATEST_VERSION:
            return []
        owner_url = database_owner_url() or self.url
        if parsed(owner_url) is None:  # as in __init__: libpq's message or reading may quote the password
            raise StoreError(BAD_URL.format(setting="VB_DB_OWNER"))
        app_role = conninfo_to_dict(self.url).get("user") or ""
        try:
            with psycopg.connect(owner_url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S) as conn:
                return migrate_connection(conn, app_role)
        except errors.InsufficientPrivilege as exc:
            raise StoreError(
                f"De database '{self.path}' heeft schemaversie {current}; deze versie van het dashboard heeft "
                f"{LATEST_VERSION} nodig, maar de rol van de app mag het schema niet wijzigen. Werk het schema bij "
                "met de eigenaarsrol: VB_DB_OWNER=postgresql://eigenaar@host/db python -m gis migrate"
            ) from exc
        except psycopg.OperationalError as exc:
            raise unavailable(owner_url, exc) from exc


def migrate_connection(conn: psycopg.Connection, app_role: str = "") -> list[int]:
    """Apply the pending migrations on ``conn`` (the owner's), under an advisory lock."""
    conn.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK])
    try:
        if not conn.execute("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").fetchone():
            try:
                conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
            except psycopg.Error as exc:
                raise StoreError(
                    "De PostGIS-uitbreiding ontbreekt in deze database en deze rol mag haar niet aanmaken. Laat de "
                    "beheerder eenmalig uitvoeren: CREATE EXTENSION postgis;"
                ) from exc
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description VARCHAR, "
            "applied_at TIMESTAMP DEFAULT current_timestamp)"
        )
        current = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]  # type: ignore[index]
        applied: list[int] = []
        for m in MIGRATIONS:
            if m.version <= current:
                continue
            with conn.transaction():
                conn.execute(f"SET LOCAL TIME ZONE '{LOCAL_TIMEZONE}'")
                for stmt in m.statements:
                    conn.execute(migration_sql(stmt))
                for stmt in PG_EXTRA.get(m.version, ()):
                    conn.execute(stmt)
                conn.execute(to_pg("INSERT INTO schema_version (version, description) VALUES (?, ?)"),
                             [m.version, m.description])  # fmt: skip
            applied.append(m.version)
        if app_role and app_role != conn.info.user:
            with conn.transaction():
                for stmt in grant_statements(app_role):
                    conn.execute(stmt)
        return applied
    finally:
        with contextlib.suppress(psycopg.Error):
            conn.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK])


__all__ = ["PostGISStore", "migrate_connection", "redacted"]
