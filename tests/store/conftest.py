"""The store contract runs on both backends: every test here that uses ``store``/``make_store`` runs once on
DuckDB and once on PostgreSQL/PostGIS (a fresh database per store, copied from the migrated template)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gis.demo.seed import load_boundaries
from gis.store import Store, open_store
from tests.pg_cluster import OWNER, Cluster

BACKENDS = ("duckdb", "postgis")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Which backend this run of the test uses."""
    return str(request.param)


@pytest.fixture
def make_store(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., Store]]:
    """Factory: a fresh, migrated store on this run's backend (closed, and for PostGIS dropped, after the test)."""
    opened: list[Store] = []
    databases: list[str] = []
    cluster: Cluster | None = request.getfixturevalue("pg_cluster") if backend == "postgis" else None

    def factory(name: str = "test.duckdb", boundaries: bool = False) -> Store:
        if cluster is None:
            store = open_store(str(tmp_path / name))
        else:
            db = cluster.new_database()
            databases.append(db)
            monkeypatch.setenv("VB_DB_OWNER", cluster.url(db, OWNER))
            store = open_store(cluster.url(db))
        if boundaries:
            load_boundaries(store)
        opened.append(store)
        return store

    yield factory
    for s in opened:
        s.close()
    for db in databases:
        assert cluster is not None
        cluster.drop_database(db)


@pytest.fixture
def demo_rw(backend: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
            ) -> Iterator[Store]:  # fmt: skip
    """A writable copy of the small demo database on this run's backend."""
    if backend == "duckdb":
        path = tmp_path / "demo_rw.duckdb"
        shutil.copy(request.getfixturevalue("demo_db"), path)
        store = open_store(str(path))
        yield store
        store.close()
        return
    cluster: Cluster = request.getfixturevalue("pg_cluster")
    name = cluster.new_database(request.getfixturevalue("pg_demo_template"))
    monkeypatch.setenv("VB_DB_OWNER", cluster.url(name, OWNER))
    store = open_store(cluster.url(name))
    yield store
    store.close()
    cluster.drop_database(name)
