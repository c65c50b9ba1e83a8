"""A throwaway PostgreSQL 15 + PostGIS 3 cluster for the tests, started by the tests themselves.

``initdb`` into a temporary directory (as the ``postgres`` system user when the tests run as root, since
PostgreSQL refuses to run as root), listening only on a Unix socket in that directory. Three roles, as a
region would have them: the superuser (creates databases and the extension), ``vb_owner`` (owns the schema,
runs migrations) and ``vb_app`` (what the app connects as: no DDL, audit log append-only).

A template database is migrated once; every test gets its own copy (``CREATE DATABASE … TEMPLATE``).
``VB_TEST_PG_BIN`` points elsewhere than ``/usr/lib/postgresql/15/bin``. A missing PostgreSQL or PostGIS is
an error, never a skip: CI installs both (``.ci/run``).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

PG_BIN = Path(os.environ.get("VB_TEST_PG_BIN", "/usr/lib/postgresql/15/bin"))
OWNER, APP = "vb_owner", "vb_app"
TEMPLATE = "vb_template"


def _as_postgres() -> tuple[int, int] | None:
    if os.geteuid() != 0:
        return None
    entry = pwd.getpwnam("postgres")
    return entry.pw_uid, entry.pw_gid


def _run(args: list[str], ids: tuple[int, int] | None) -> None:
    def demote() -> None:
        if ids:
            os.setgid(ids[1])
            os.setuid(ids[0])

    done = subprocess.run(args, preexec_fn=demote, capture_output=True, text=True, timeout=120)
    if done.returncode:
        raise RuntimeError(f"{' '.join(args[:2])} faalde: {done.stderr.strip() or done.stdout.strip()}")


@dataclass
class Cluster:
    """A running test cluster and its connection URLs."""

    root: Path
    port: int
    ids: tuple[int, int] | None
    _counter: itertools.count = field(default_factory=lambda: itertools.count(1))

    @property
    def socket_dir(self) -> str:
        return str(self.root / "sock")

    def url(self, db: str, user: str = APP) -> str:
        """``postgresql://`` URL of database ``db`` as ``user`` over the Unix socket."""
        return f"postgresql://{user}@/{db}?host={self.socket_dir}&port={self.port}"

    def admin(self, db: str = "postgres") -> psycopg.Connection:
        """A superuser connection (autocommit)."""
        return psycopg.connect(self.url(db, "postgres"), autocommit=True)

    def new_database(self, template: str = TEMPLATE) -> str:
        """A fresh database copied from ``template`` (migrated, PostGIS in it); returns its name."""
        name = f"t{os.getpid()}_{next(self._counter)}"
        with self.admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" OWNER {OWNER}')
        return name

    def empty_database(self) -> str:
        """A database with PostGIS but no schema (for migration and copy tests)."""
        return self.new_database("vb_empty")

    def drop_database(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self, mode: str = "fast") -> None:
        _run([str(PG_BIN / "pg_ctl"), "-D", str(self.root / "data"), "-m", mode, "-w", "stop"], self.ids)

    def start(self) -> None:
        _run([str(PG_BIN / "pg_ctl"), "-D", str(self.root / "data"), "-w", "-l", str(self.root / "log"),
              "-o", self._options(), "start"], self.ids)  # fmt: skip

    def _options(self) -> str:
        # speed over durability: a throwaway cluster (fsync off etc.)
        return (f"-p {self.port} -k {self.socket_dir} -c listen_addresses='' -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")  # fmt: skip


def start_cluster() -> Cluster:
    """initdb, start, create the roles and the migrated template database."""
    for tool in ("initdb", "pg_ctl", "postgres"):
        if not (PG_BIN / tool).exists():
            raise RuntimeError(f"PostgreSQL 15 ontbreekt ({PG_BIN / tool}); installeer postgresql-15-postgis-3 "
                               "(zie .ci/run).")  # fmt: skip
    if not Path("/usr/share/postgresql/15/extension/postgis.control").exists() and "VB_TEST_PG_BIN" not in os.environ:
        raise RuntimeError("PostGIS 3 ontbreekt; installeer postgresql-15-postgis-3 (zie .ci/run).")
    ids = _as_postgres()
    root = Path(tempfile.mkdtemp(prefix="vb-pg-"))
    (root / "sock").mkdir()
    if ids:
        for p in (root, root / "sock"):
            os.chown(p, *ids)
    port = 20000 + os.getpid() % 20000
    _run([str(PG_BIN / "initdb"), "-D", str(root / "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8",
          "--no-sync", "--locale=C.UTF-8"], ids)  # fmt: skip
    cluster = Cluster(root, port, ids)
    cluster.start()
    with cluster.admin() as conn:
        conn.execute(f"CREATE ROLE {OWNER} LOGIN")
        conn.execute(f"CREATE ROLE {APP} LOGIN")
        conn.execute(f"CREATE DATABASE vb_empty OWNER {OWNER}")
    with cluster.admin("vb_empty") as conn:
        conn.execute("CREATE EXTENSION postgis")
        conn.execute(f"ALTER SCHEMA public OWNER TO {OWNER}")
    with cluster.admin() as conn:
        conn.execute(f"CREATE DATABASE {TEMPLATE} TEMPLATE vb_empty OWNER {OWNER}")
    from gis.store.pg import migrate_connection

    with psycopg.connect(cluster.url(TEMPLATE, OWNER), autocommit=True) as conn:
        migrate_connection(conn, APP)
    return cluster


def stop_cluster(cluster: Cluster) -> None:
    """Stop the server and remove its directory."""
    with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
        cluster.stop("immediate")
    time.sleep(0.1)
    shutil.rmtree(cluster.root, ignore_errors=True)
