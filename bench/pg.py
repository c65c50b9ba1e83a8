"""PostGIS for the benchmarks: a throwaway cluster (``tests.pg_cluster``) or a database you name with ``--pg-url``.

``Databases`` hands out app-role URLs of fresh, migrated databases: with its own cluster a new one per call
(copied from the migrated template), with ``--pg-url`` that one database, emptied of records first.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager

BACKENDS = ("duckdb", "postgis")


def add_backend_args(parser: argparse.ArgumentParser) -> None:
    """``--backend duckdb|postgis|both`` and ``--pg-url``."""
    parser.add_argument("--backend", choices=[*BACKENDS, "both"], default="duckdb",
                        help="store to measure; 'both' runs the two on the same data, side by side")  # fmt: skip
    parser.add_argument("--pg-url", help="app-role URL of an empty, migrated PostGIS database (else the "
                        "bench starts its own throwaway cluster)")  # fmt: skip


def chosen(backend: str) -> tuple[str, ...]:
    """The backends ``--backend`` asks for, in print order."""
    return BACKENDS if backend == "both" else (backend,)


class Databases:
    """Fresh PostGIS databases for one bench run."""

    def __init__(self, url: str | None) -> None:
        self._url = url
        self._cluster = None
        self._made: list[str] = []

    def start(self) -> None:
        if self._url is None:
            from tests.pg_cluster import start_cluster

            self._cluster = start_cluster()

    def new(self) -> tuple[str, dict[str, str]]:
        """An app URL of an empty migrated database and the environment a process opening it needs."""
        if self._cluster is None:
            assert self._url is not None
            _empty(self._url)
            return self._url, {}
        from tests.pg_cluster import OWNER

        name = self._cluster.new_database()
        self._made.append(name)
        env = {"VB_DB_OWNER": self._cluster.url(name, OWNER)}
        return self._cluster.url(name), env

    def stop(self) -> None:
        if self._cluster is not None:
            from tests.pg_cluster import stop_cluster

            stop_cluster(self._cluster)
            self._cluster = None


def _empty(url: str) -> None:
    """Remove the records (not the schema) of a database named with ``--pg-url``, so every run starts equal."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for table in ("area_members", "incidents", "barns", "dumping_history", "dumping_files", "dumpings",
                      "import_batches", "areas", "area_versions"):  # fmt: skip
            conn.execute(f"DELETE FROM {table}")


@contextmanager
def postgis(url: str | None, wanted: bool = True) -> Iterator[Databases | None]:
    """A ``Databases`` (its cluster stopped and removed afterwards), or None when PostGIS is not asked for."""
    if not wanted:
        yield None
        return
    dbs = Databases(url)
    dbs.start()
    try:
        yield dbs
    finally:
        dbs.stop()


@contextmanager
def environment(env: dict[str, str]) -> Iterator[None]:
    """Set ``env`` in this process for the block."""
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
