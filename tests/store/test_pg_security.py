"""The PostgreSQL/PostGIS database protects itself (issue 18, part 3), on the tests' throwaway cluster.

The app connects as ``vb_app``: it reads and writes what the app needs, but cannot change the schema, rewrite
or remove audit lines, or write ``schema_version``; the owner ``vb_owner`` runs the migrations (one migrator at
a time) and cannot change the audit log either. Connection details come from the environment or the Streamlit
secrets file, never the repository, and a password in them never shows in a path, message, page, output or
log. (The app refusing a superuser or the owner is tested in ``test_store.py``.)
"""

from __future__ import annotations

import logging
import re
import subprocess
import threading
import traceback
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest
import shapely
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict
from streamlit.testing.v1 import AppTest

from gis import auth
from gis.__main__ import main
from gis.config import database_pool_size, setting
from gis.demo.seed import load_boundaries
from gis.domain.catalog import Layer
from gis.domain.retention import RetentionRule
from gis.importing.pipeline import ImportOptions, run_import
from gis.store import Filters, StoredFile, StoreError, open_store
from gis.store.schema import LATEST_VERSION
from tests.conftest import sign_in
from tests.pg_cluster import APP, OWNER, Cluster

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Geheim-Wachtw00rd-7f3a"  # the test cluster trusts its socket, so any password connects
DENIED = errors.InsufficientPrivilege


@pytest.fixture(autouse=True)
def _no_secrets_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No developer's own ``.streamlit/secrets.toml`` leaks into these tests."""
    monkeypatch.setenv("VB_SECRETS", str(tmp_path / "geen-secrets.toml"))


def _db(url: str) -> str:
    return str(conninfo_to_dict(url)["dbname"])


@pytest.fixture
def as_role(pg_cluster: Cluster, pg_url: str) -> Iterator[Callable[[str], psycopg.Connection]]:
    """Connections (autocommit) to the test's database as a role: ``vb_app``, ``vb_owner`` or ``postgres``."""
    opened: list[psycopg.Connection] = []

    def connect(user: str) -> psycopg.Connection:
        conn = psycopg.connect(pg_cluster.url(_db(pg_url), user), autocommit=True)
        opened.append(conn)
        return conn

    yield connect
    for conn in opened:
        conn.close()


def _refused(conn: psycopg.Connection, sql: str) -> str:
    """Run ``sql``, expect a privilege error, and return its message."""
    with pytest.raises(DENIED) as err:
        conn.execute(sql)
    return str(err.value)


# -- least privilege ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sql",
    [
        "CREATE TABLE public.extra (i integer)",
        "CREATE TABLE extra_default_schema (i integer)",
        "CREATE SCHEMA eigen",
        "CREATE VIEW public.alle_meldingen AS SELECT * FROM dumpings",
        "CREATE FUNCTION public.f() RETURNS integer LANGUAGE sql AS 'SELECT 1'",
        "ALTER TABLE dumpings ADD COLUMN extra integer",
        "ALTER TABLE dumpings DROP COLUMN notes",
        "CREATE INDEX dumpings_notes_idx ON dumpings (notes)",
        "DROP TABLE dumpings",
        "DROP TABLE audit_log",
        "TRUNCATE dumpings",
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only",
        "DROP TRIGGER audit_log_append_only ON audit_log",
        "CREATE ROLE indringer LOGIN",
        "SELECT setval('dumpings_id_seq', 1)",
    ],
)  # fmt: skip
def test_the_app_role_cannot_change_the_schema(as_role: Callable[[str], psycopg.Connection], sql: str) -> None:
    app = as_role(APP)
    columns = app.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = 'dumpings'").fetchone()
    _refused(app, sql)
    owner = as_role(OWNER)
    assert owner.execute("SELECT to_regclass('public.extra'), to_regnamespace('eigen')").fetchone() == (None, None)
    assert app.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = 'dumpings'").fetchone() == (
        columns
    )
    triggers = owner.execute("SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass "
                             "AND NOT tgisinternal ORDER BY 1").fetchall()  # fmt: skip
    assert triggers == [("audit_log_append_only", "O"), ("audit_log_no_truncate", "O")]


def test_every_table_belongs_to_the_owner_and_the_app_owns_nothing(
    as_role: Callable[[str], psycopg.Connection],
) -> None:
    owner = as_role(OWNER)
    owners = dict(owner.execute("SELECT tablename, tableowner FROM pg_tables WHERE schemaname = 'public'").fetchall())
    assert owners.pop("spatial_ref_sys") == "postgres"  # PostGIS's own table, made by the superuser
    assert set(owners.values()) == {OWNER} and {"audit_log", "dumpings", "accounts", "schema_version"} <= set(owners)
    owned = owner.execute(
        "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = %s", [APP]
    ).fetchone()
    assert owned == (0,)
    rights = owner.execute("SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = %s",
                           [APP]).fetchone()  # fmt: skip
    assert rights == (False, False, False, False)


def test_the_app_role_only_adds_to_the_audit_log(pg_url: str, as_role: Callable[[str], psycopg.Connection]) -> None:
    store = open_store(pg_url)
    try:
        store.audit("demo-beheerder", "login", "accounts", "demo-beheerder", "aangemeld")
        assert store.audit_log()["detail"].tolist() == ["aangemeld"]
    finally:
        store.close()
    app = as_role(APP)
    app.execute("GRANT ALL ON audit_log TO vb_app")  # PostgreSQL warns "no privileges were granted" and does nothing
    for sql in ("UPDATE audit_log SET detail = 'niets gebeurd'", "DELETE FROM audit_log", "TRUNCATE audit_log"):
        assert "audit_log" in _refused(app, sql)
    assert app.execute("SELECT user_name, detail FROM audit_log").fetchall() == [("demo-beheerder", "aangemeld")]


@pytest.mark.parametrize("role", [OWNER, "postgres"])
def test_not_even_the_owner_or_a_superuser_rewrites_the_audit_log(
    pg_url: str, as_role: Callable[[str], psycopg.Connection], role: str
) -> None:
    as_role(APP).execute("INSERT INTO audit_log (user_name, action, resource, outcome) VALUES ('a', 'b', 'c', 'ok')")
    conn = as_role(role)
    for sql in ("UPDATE audit_log SET user_name = 'iemand anders'", "DELETE FROM audit_log", "TRUNCATE audit_log"):
        assert "append-only" in _refused(conn, sql)
    assert conn.execute("SELECT user_name FROM audit_log").fetchall() == [("a",)]


def test_the_app_role_reads_but_never_writes_the_schema_version(as_role: Callable[[str], psycopg.Connection]) -> None:
    app = as_role(APP)
    assert app.execute("SELECT max(version) FROM schema_version").fetchone() == (LATEST_VERSION,)
    for sql in (
        f"INSERT INTO schema_version (version, description) VALUES ({LATEST_VERSION + 1}, 'vals')",
        "UPDATE schema_version SET version = version + 100",
        "DELETE FROM schema_version",
        "TRUNCATE schema_version",
    ):
        assert "schema_version" in _refused(app, sql)
    assert app.execute("SELECT count(*), max(version) FROM schema_version").fetchone() == (LATEST_VERSION,
                                                                                          LATEST_VERSION)  # fmt: skip


def test_the_app_role_does_everything_the_app_needs(pg_url: str, tmp_path: Path) -> None:
    """A walk through the app's writes, all as ``vb_app`` (the contract suite covers each one in depth)."""
    store = open_store(pg_url)
    try:
        assert store.scalar("SELECT current_user") == APP
        load_boundaries(store)  # replaces the boundary tables
        box = shapely.box(226_000, 470_000, 228_000, 471_000)
        area = store.add_area("Proef", box, created_by="coord")
        store.save_area_version(area, box.buffer(100), "Proef", "schuren", "coord", "groter")
        store.delete_area(area, "coord", "weg")
        store.undelete_area(area)
        record = {"x": 226_500.0, "y": 470_500.0, "found_at": "2026-05-01 10:00", "place_type": "bos",
                  "waste_type": "vaten", "status": "gemeld"}  # fmt: skip
        photo = StoredFile("foto", "x.jpg", "image/jpeg", b"jpeg", "0" * 64, shared=b"kopie")
        dumping = store.add_dumping(record, "insp", files=[photo])
        store.update_dumping(dumping, {"notes": "gezien"}, "insp")
        store.change_dumping_status(dumping, "in onderzoek", "insp")
        csv = tmp_path / "politie.csv"
        csv.write_text("kenmerk;datum;x;y\nPL-1;01-03-2026;226500;470500\n", encoding="utf-8")
        batch = run_import(store, csv, ImportOptions(layer="incidents", source_org="politie", user="analist")).batch_id
        assert batch is not None and store.layer_count(Layer.INCIDENTS, Filters()) == 1
        assert store.undo_batch(batch, "analist") == 1
        store.save_mapping("politie", "incidents", {"x": "x"}, "analist")
        store.add_code_value("waste_type", None, "accu", "Accu's", "Batteries", "beheerder")
        store.save_draft("insp", "dumping", {"notes": "half"})
        store.delete_draft("insp", "dumping")
        store.set_retention_rule(RetentionRule(Layer.DUMPINGS, 3, only_closed=True), "beheerder")
        assert store.remove_records(Layer.DUMPINGS, [dumping], "bewaartermijn") == 1
        store.set_meta("demo", "1")
        auth.ensure_demo_accounts(store)
        admin = auth.demo_sign_in(store, "demo-beheerder")
        assert admin.principal is not None
        assert auth.create_account(store, admin.principal, "anna", "Anna", "analist", "*",
                                   "een lange zin als wachtwoord", "een lange zin als wachtwoord") == []  # fmt: skip
        signed = auth.sign_in(store, "anna", "een lange zin als wachtwoord", source="198.51.100.7")
        assert signed.principal is not None
        auth.sign_out(store, signed.token)
        store.set_meta("laatste_controle", str(date(2026, 5, 1)))
        assert {"create", "login", "logout"} <= set(store.audit_log()["action"])
    finally:
        store.close()


# -- migrations -------------------------------------------------------------------------------------------------
def _waiting_for_lock(admin: psycopg.Connection, db: str) -> int:
    return int(admin.execute("SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE "
                             "l.locktype = 'advisory' AND NOT l.granted AND d.datname = %s", [db]).fetchone()[0])  # type: ignore[index]  # fmt: skip


def test_two_migrations_at_once_end_with_one_schema(pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two app processes starting on an empty database both migrate; the advisory lock lets one migrate and
    the other find the schema done. Both wait on the lock first (held here), so they really meet there."""
    db = pg_cluster.empty_database()
    monkeypatch.setenv("VB_DB_OWNER", pg_cluster.url(db, OWNER))
    results: list[object] = []
    try:
        with pg_cluster.admin(db) as admin:
            admin.execute("SELECT pg_advisory_lock(72616001)")

            def start() -> None:
                try:
                    store = open_store(pg_cluster.url(db))
                    results.append(store.schema_version())
                    store.close()
                except Exception as exc:  # reported below
                    results.append(exc)

            threads = [threading.Thread(target=start) for _ in range(2)]
            for th in threads:
                th.start()
            for _ in range(600):  # both are waiting for the migration lock (at most 30 s)
                if _waiting_for_lock(admin, db) == 2:
                    break
                threading.Event().wait(0.05)
            assert _waiting_for_lock(admin, db) == 2
            admin.execute("SELECT pg_advisory_unlock(72616001)")
            for th in threads:
                th.join(60)
            assert results == [LATEST_VERSION, LATEST_VERSION]
            rows = admin.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
            assert [r[0] for r in rows] == list(range(1, LATEST_VERSION + 1))
            owners = admin.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public' "
                                   "AND tablename <> 'spatial_ref_sys'").fetchall()  # fmt: skip
            assert owners == [(OWNER,)]
    finally:
        pg_cluster.drop_database(db)


def test_the_app_role_alone_cannot_migrate_and_says_how(pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    db = pg_cluster.empty_database()
    monkeypatch.delenv("VB_DB_OWNER", raising=False)
    try:
        with pytest.raises(StoreError, match="eigenaarsrol: VB_DB_OWNER=") as err:
            open_store(pg_cluster.url(db))
        assert "schemaversie 0" in str(err.value)
        with pg_cluster.admin(db) as admin:  # nothing was made
            assert admin.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
                                 "AND tablename <> 'spatial_ref_sys'").fetchone() == (0,)  # fmt: skip
    finally:
        pg_cluster.drop_database(db)


def test_cli_migrate_runs_as_the_owner_and_grants_the_app(
    pg_cluster: Cluster, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = pg_cluster.empty_database()
    monkeypatch.setenv("VB_DB", pg_cluster.url(db).replace("vb_app@", f"vb_app:{PASSWORD}@"))
    monkeypatch.setenv("VB_DB_OWNER", pg_cluster.url(db, OWNER).replace("vb_owner@", f"vb_owner:{PASSWORD}@"))
    try:
        assert main(["migrate"]) == 0
        out = capsys.readouterr().out
        assert f"schemaversie nu {LATEST_VERSION}" in out and "migraties toegepast: 1, 2," in out
        assert PASSWORD not in out
        assert main(["migrate"]) == 0
        assert "geen (al bij)" in capsys.readouterr().out
        with pg_cluster.admin(db) as admin:
            rows = admin.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public' "
                                 "AND tablename <> 'spatial_ref_sys'").fetchall()  # fmt: skip
            assert rows == [(OWNER,)]
            may = admin.execute("SELECT has_table_privilege(%s, 'dumpings', 'INSERT'), "
                                "has_table_privilege(%s, 'audit_log', 'INSERT'), "
                                "has_table_privilege(%s, 'audit_log', 'UPDATE')", [APP] * 3).fetchone()  # fmt: skip
            assert may == (True, True, False)
    finally:
        pg_cluster.drop_database(db)


# -- connection details ---------------------------------------------------------------------------------------
def test_connection_details_come_from_the_secrets_file_and_the_environment_wins(
    pg_cluster: Cluster, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        f'VB_DB = "{pg_url}"\nVB_DB_OWNER = "{pg_cluster.url(_db(pg_url), OWNER)}"\nVB_DB_POOL = 3\n\n'
        '[auth]\ncookie_secret = "x"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("VB_SECRETS", str(secrets))
    for name in ("VB_DB", "VB_DB_OWNER", "VB_DB_POOL"):
        monkeypatch.delenv(name, raising=False)
    assert setting("VB_DB") == pg_url and database_pool_size() == 3
    store = open_store()
    try:
        assert store.backend == "postgis" and store.scalar("SELECT current_user") == APP
    finally:
        store.close()
    monkeypatch.setenv("VB_DB", str(tmp_path / "eigen.duckdb"))
    monkeypatch.setenv("VB_DB_POOL", "4")
    assert setting("VB_DB") == str(tmp_path / "eigen.duckdb") and database_pool_size() == 4


def _tracked() -> list[Path]:
    done = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [ROOT / name for name in done.stdout.decode().split("\0") if name]


_CREDENTIAL = re.compile(r"postgres(?:ql)?://[^\s/@:'\"]+:([^\s@'\"]+)@|[?&]password=([^&\s'\"]+)"
                         r"|PGPASSWORD\=([^\s'\"]+)")  # fmt: skip
_PLACEHOLDER = re.compile(r"[{<$].*|…|\.\.\.|\*+|[A-Z_]+")


def test_the_repository_holds_no_credentials() -> None:
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    files = _tracked()
    names = {p.name for p in files}
    assert not names & {"secrets.toml", ".pgpass", ".env", "pgpass.conf"}, names & {"secrets.toml", ".pgpass"}
    found = []
    for path in files:
        if not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for m in _CREDENTIAL.finditer(text):
            value = next(g for g in m.groups() if g is not None)
            if not _PLACEHOLDER.fullmatch(value):
                found.append((path.relative_to(ROOT), m.group(0)))
    assert not found


@pytest.mark.parametrize("form", ["userinfo", "password", "sslpassword"])  # in the user part or the query
def test_the_password_shows_nowhere(
    pg_cluster: Cluster, pg_demo_url: str, form: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    url = (
        pg_demo_url.replace("vb_app@", f"vb_app:{PASSWORD}@")
        if form == "userinfo"
        else f"{pg_demo_url}&{form}={PASSWORD}"
    )
    monkeypatch.setenv("VB_DB", url)
    caplog.set_level(logging.DEBUG)
    store = open_store(url)
    try:
        assert PASSWORD not in store.path and f"/{_db(pg_demo_url)}" in store.path
    finally:
        store.close()
    assert main(["info"]) == 0
    out = capsys.readouterr()
    assert "(postgis), schemaversie" in out.out and PASSWORD not in out.out + out.err
    at = sign_in(AppTest.from_file(str(ROOT / "pages" / "over.py"), default_timeout=60), "demo-publiek")
    at.run()
    assert not at.exception
    page = "\n".join(m.value for m in at.markdown)
    # the page is open to every role: the kind of database, no location, version, role name or password
    assert "PostgreSQL + PostGIS, gedeelde database" in page and _db(pg_demo_url) not in page
    assert "PostgreSQL 15" not in page and PASSWORD not in page and "vb_app" not in page
    admin = sign_in(AppTest.from_file(str(ROOT / "pages" / "over.py"), default_timeout=60), "demo-beheerder")
    admin.run()
    page = "\n".join(m.value for m in admin.markdown)
    assert "PostgreSQL 15" in page and "+ PostGIS" in page and f"/{_db(pg_demo_url)}" in page
    assert PASSWORD not in page and "vb_app" not in page
    assert PASSWORD not in caplog.text


@pytest.mark.parametrize(
    "broken",
    [
        "postgresql://vb_app:{pw}@/nergens?host=/var/empty/geen-socket&port=1",  # no server there
        "postgresql://vb_app:{pw}@/bestaat_niet?host={sock}&port={port}",  # no such database
        "postgresql://vb_app:{pw}@localhost:geen-poort/db",  # not a valid URL
        "postgresql://vb_app:{pw}%zz@localhost/db",  # a bare % in the password: libpq quotes the bad token
        "postgresq://vb_app:{pw}@localhost/db",  # a typo in the scheme
    ],
)
def test_a_failed_connection_names_no_password(
    pg_cluster: Cluster, broken: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    url = broken.format(pw=PASSWORD, sock=pg_cluster.socket_dir, port=pg_cluster.port)
    monkeypatch.setattr("gis.store.pg.CONNECT_TIMEOUT_S", 1)  # the pool gives up sooner; the message is the same
    caplog.set_level(logging.DEBUG)
    with pytest.raises(StoreError) as err:
        open_store(url)
    told = str(err.value) + repr(err.value) + str(getattr(err.value, "detail", ""))
    assert PASSWORD not in told and "".join(traceback.format_exception(err.value)).count(PASSWORD) == 0
    assert PASSWORD not in caplog.text
    assert main(["--db", url, "info"]) == 2
    out = capsys.readouterr()
    assert out.err.startswith("Fout: ") and PASSWORD not in out.out + out.err


@pytest.mark.parametrize(
    ("owner", "says"),
    [
        ("postgresql://vb_owner:{pw}@/{db}?host=/var/empty/geen-socket&port=1", "niet bereikbaar"),
        ("postgresql://vb_owner:{pw}%zz@/{db}?host=/var/empty/geen-socket&port=1", "VB_DB_OWNER is geen geldige"),
    ],
)
def test_a_failed_migration_as_the_owner_names_no_password(
    pg_cluster: Cluster, owner: str, says: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    db = pg_cluster.empty_database()
    monkeypatch.setenv("VB_DB_OWNER", owner.format(pw=PASSWORD, db=db))
    monkeypatch.setattr("gis.store.pg.CONNECT_TIMEOUT_S", 1)
    caplog.set_level(logging.DEBUG)
    try:
        with pytest.raises(StoreError, match=says) as err:
            open_store(pg_cluster.url(db))
        assert PASSWORD not in "".join(traceback.format_exception(err.value)) + caplog.text
    finally:
        pg_cluster.drop_database(db)


def test_a_statement_that_runs_too_long_is_cut_off_in_dutch_and_a_full_pool_says_busy(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from gis.store.pg import PostGISStore

    monkeypatch.setattr("gis.store.pg.STATEMENT_TIMEOUT_S", 1)
    store = PostGISStore(pg_url, pool_size=1)
    try:
        with pytest.raises(StoreError, match="langer dan 1 seconden") as err:
            store.scalar("SELECT pg_sleep(3)")
        assert "niet bereikbaar" not in str(err.value)
        assert store.scalar("SELECT 1") == 1  # the connection is fine afterwards
        monkeypatch.setattr("gis.store.pg.STATEMENT_TIMEOUT_S", 30)
        store.close()
        store = PostGISStore(pg_url, pool_size=1)
        store._pool.timeout = 0.5  # type: ignore[attr-defined]
        held = threading.Event()
        done = threading.Event()

        def hold() -> None:
            with store._borrow():  # the pool's only connection, in use
                held.set()
                done.wait(5)

        worker = threading.Thread(target=hold)
        worker.start()
        held.wait(5)
        try:
            with pytest.raises(StoreError, match="te druk"):
                store.scalar("SELECT 1")
        finally:
            done.set()
            worker.join()
    finally:
        store.close()
