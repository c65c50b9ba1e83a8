"""The README says what the code does: every setting is in its Settings table, and the SQL it gives a database
administrator for PostgreSQL/PostGIS really sets up a database the app can migrate and use (on the tests'
throwaway cluster, with the README's role and database names made unique)."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import psycopg
import pytest
import shapely

from gis.__main__ import main
from gis.config import SETTINGS
from gis.demo.seed import load_boundaries
from gis.store import open_store
from gis.store.schema import LATEST_VERSION
from tests.pg_cluster import Cluster

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
_RUN = itertools.count(1)


def test_every_setting_is_in_the_settings_table() -> None:
    table = README.split("## Settings", 1)[1].split("\n## ", 1)[0]
    missing = [s.env for s in SETTINGS if f"| `{s.env}` |" not in table]
    assert not missing


def _dba_sql() -> str:
    section = README.split("## PostgreSQL/PostGIS (gedeelde database)", 1)[1]
    return section.split("**Once, by the database administrator**", 1)[1].split("```sql\n", 1)[1].split("```", 1)[0]


def _run_sql(cluster: Cluster, sql: str) -> None:
    """Run the administrator's SQL as the superuser; ``\\c db`` switches to that database, as in psql."""
    conn = cluster.admin()
    try:
        for line in sql.splitlines():
            line = line.split("--", 1)[0].strip()
            if line.startswith("\\c "):
                conn.close()
                conn = cluster.admin(line.split()[1])
            elif line:
                conn.execute(line.rstrip(";"))
    finally:
        conn.close()


def test_the_administrators_sql_sets_up_a_database_the_app_migrates_and_uses(
    pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    n = f"{os.getpid()}_{next(_RUN)}"
    owner, app, db, other = f"readme_owner_{n}", f"readme_app_{n}", f"readme_db_{n}", f"readme_other_{n}"
    sql = _dba_sql().replace("vb_owner", owner).replace("vb_app", app).replace("veilig_buitengebied", db)
    assert "CREATE EXTENSION postgis" in sql and sql.count("CREATE ROLE") == 2
    monkeypatch.setenv("VB_SECRETS", str(tmp_path / "geen.toml"))
    monkeypatch.setenv("VB_DB", pg_cluster.url(db, app))
    monkeypatch.setenv("VB_DB_OWNER", pg_cluster.url(db, owner))
    try:
        _run_sql(pg_cluster, sql)
        assert main(["migrate"]) == 0  # the README's command, as the owner
        store = open_store()
        try:
            assert store.scalar("SELECT current_user") == app and store.schema_version() == LATEST_VERSION
            load_boundaries(store)
            store.add_area("Proef", shapely.box(226_000, 470_000, 228_000, 471_000), created_by="coord")
            store.audit("coord", "create", "areas", 1)
            assert len(store.areas()) == 1 and len(store.audit_log()) == 1
        finally:
            store.close()
        with psycopg.connect(pg_cluster.url(db, app), autocommit=True) as conn:
            for statement in ("CREATE TABLE extra (i integer)", "DELETE FROM audit_log"):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(statement)
        with pg_cluster.admin() as conn:
            conn.execute(f"CREATE ROLE {other} LOGIN")
        with pytest.raises(psycopg.OperationalError, match=f'permission denied for database "?{db}'):
            psycopg.connect(pg_cluster.url(db, other), autocommit=True).close()  # any other role may not connect
    finally:
        pg_cluster.drop_database(db)
        with pg_cluster.admin() as conn:
            for role in (app, owner, other):
                conn.execute(f"DROP ROLE IF EXISTS {role}")
