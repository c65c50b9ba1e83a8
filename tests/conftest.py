"""Shared fixtures: every store in the tests is built by ``make_store`` in a temp directory."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gis import auth
from gis.demo.seed import load_boundaries, seed_demo
from gis.store import Store, open_store
from tests.pg_cluster import OWNER, Cluster, start_cluster, stop_cluster

SMALL_DEMO_INCIDENTS = 2000


@pytest.fixture(autouse=True)
def _apptest_keeps_streamlit_page_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    """AppTest resets Streamlit's old-style ``pages/`` flag before every run, so the app's one-time
    rerun out of that mode (``gis.ui.state._leave_legacy_pages_mode``) would happen on every AppTest
    run and swallow button clicks. The real server needs it once; tests/e2e checks it there."""
    monkeypatch.setattr("gis.ui.state._leave_legacy_pages_mode", lambda: None)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A throwaway PostgreSQL 15 + PostGIS 3 cluster for this test process (see tests/pg_cluster.py)."""
    cluster = start_cluster()
    yield cluster
    stop_cluster(cluster)


@pytest.fixture
def pg_url(pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app role's URL of a fresh, migrated PostGIS database (``VB_DB_OWNER`` names its owner role)."""
    name = pg_cluster.new_database()
    monkeypatch.setenv("VB_DB_OWNER", pg_cluster.url(name, OWNER))
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)


@pytest.fixture(scope="session")
def pg_demo_template(pg_cluster: Cluster) -> str:
    """Name of a PostGIS database holding the small demo (as ``demo_db``), built once; copy it, don't write it."""
    name = pg_cluster.new_database()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VB_DB_OWNER", pg_cluster.url(name, OWNER))
        s = open_store(pg_cluster.url(name))
        seed_demo(s, n_incidents=SMALL_DEMO_INCIDENTS)
        s.close()
    return name


@pytest.fixture
def pg_demo_url(pg_cluster: Cluster, pg_demo_template: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app role's URL of a writable copy of the PostGIS demo database; ``VB_DB`` and ``VB_DB_OWNER`` name it."""
    name = pg_cluster.new_database(pg_demo_template)
    monkeypatch.setenv("VB_DB_OWNER", pg_cluster.url(name, OWNER))
    monkeypatch.setenv("VB_DB", pg_cluster.url(name))
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)


@pytest.fixture
def make_store(tmp_path: Path) -> Iterator[Callable[..., Store]]:
    """Factory: a fresh, migrated store in ``tmp_path`` (closed after the test)."""
    opened: list[Store] = []

    def factory(name: str = "test.duckdb", boundaries: bool = False) -> Store:
        store = open_store(str(tmp_path / name))
        if boundaries:
            load_boundaries(store)
        opened.append(store)
        return store

    yield factory
    for s in opened:
        s.close()


@pytest.fixture
def store(make_store: Callable[..., Store]) -> Store:
    """A fresh store with the CBS boundaries loaded."""
    return make_store(boundaries=True)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of a small demo database, built once per test session (read it, don't write it)."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    s = open_store(str(path))
    seed_demo(s, n_incidents=SMALL_DEMO_INCIDENTS)
    s.close()
    return path


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the demo database, named by ``VB_DB`` for the app under test."""
    path = tmp_path / "demo_copy.duckdb"
    shutil.copy(demo_db, path)
    monkeypatch.setenv("VB_DB", str(path))
    return path


@pytest.fixture
def shared(demo_db: Path, tmp_path: Path) -> Iterator[Store]:
    """A writable copy of the session's demo database, opened for one test (guard and privacy tests)."""
    path = tmp_path / "shared.duckdb"
    shutil.copy(demo_db, path)
    s = open_store(str(path))
    yield s
    s.close()


@pytest.fixture
def demo_store(demo_db: Path) -> Iterator[Store]:
    """The session's demo database, opened for one test."""
    s = open_store(str(demo_db))
    yield s
    s.close()


def sign_in(at: object, account: str = "demo-beheerder", db: str | Path | None = None) -> object:
    """Give an AppTest a signed-in session of a demo account of the database in ``VB_DB`` (or ``db``)."""
    import os

    store = open_store(str(db or os.environ["VB_DB"]))
    try:
        auth.ensure_demo_accounts(store)
        token = auth.demo_sign_in(store, account).token
    finally:
        store.close()
    at.session_state["vb_token"] = token  # type: ignore[attr-defined]
    return at


def database_at_version(path: Path, version: int) -> object:
    """An open DuckDB connection to a new database at schema ``version`` (for migration tests)."""
    import duckdb

    from gis.store.duck import spatial_extension_path
    from gis.store.schema import MIGRATIONS

    con = duckdb.connect(str(path))
    con.execute(f"LOAD '{spatial_extension_path()}'")
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description VARCHAR, "
                "applied_at TIMESTAMP DEFAULT current_timestamp)")  # fmt: skip
    for m in MIGRATIONS[:version]:
        for sql in m.statements:
            con.execute(sql)
        con.execute("INSERT INTO schema_version (version, description) VALUES (?, ?)", [m.version, m.description])
    return con
