"""The DuckDB store: migrations, transactions, threads, locked/corrupt files, write-time assignment."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd
import psycopg
import pytest
import shapely

from gis.config import database_url
from gis.domain.catalog import Layer
from gis.store import Filters, Store, StoreError, open_store
from gis.store.errors import StoreCorruptError, StoreLockedError, StoreVersionError, StoreWalError
from gis.store.schema import LATEST_VERSION, MIGRATIONS
from tests.conftest import database_at_version


def incidents(points: list[tuple[float, float]], source: str = "politie") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "x": [p[0] for p in points],
            "y": [p[1] for p in points],
            "source_org": source,
            "category": "drugslab",
            "occurred_on": pd.Timestamp("2025-03-01"),
            "reference": [f"R{i}" for i in range(len(points))],
        }
    )


def test_fresh_database_is_migrated(make_store) -> None:
    s = make_store()
    assert s.schema_version() == LATEST_VERSION
    rows = s.query_df("SELECT version, description FROM schema_version ORDER BY version")
    assert rows["version"].tolist() == [m.version for m in MIGRATIONS]
    assert s.migrate() == []  # idempotent
    tables = set(s.query_df("SELECT table_name FROM information_schema.tables")["table_name"])
    assert {"areas", "barns", "dumpings", "incidents", "municipalities", "provinces", "area_members"} <= tables


def test_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    s = open_store(str(path))
    with s.transaction() as cur:
        cur.execute("INSERT INTO schema_version (version, description) VALUES (?, 'toekomst')", [LATEST_VERSION + 1])
    s.close()
    with pytest.raises(StoreVersionError, match="schemaversie"):
        open_store(str(path))


def test_failed_transaction_writes_nothing(store) -> None:
    with pytest.raises(RuntimeError), store.transaction() as cur:
        cur.execute("INSERT INTO meta VALUES ('a', 'b')")
        raise RuntimeError("midden in de transactie")
    assert store.get_meta("a") is None


def test_failed_insert_is_all_or_nothing(store) -> None:
    good = incidents([(200_000, 450_000)] * 3)
    store.insert_points(Layer.INCIDENTS, good)
    bad = incidents([(200_000, 450_000)] * 5)
    bad.loc[4, "occurred_on"] = None  # NOT NULL violated on the last row
    with pytest.raises((duckdb.Error, psycopg.Error)):
        store.insert_points(Layer.INCIDENTS, bad)
    assert store.layer_count(Layer.INCIDENTS, Filters()) == 3
    assert store.scalar("SELECT count(*) FROM area_members") == 0


def test_points_get_municipality_when_written(store) -> None:
    # Amersfoort (RD origin), Enschede centre, and a point in the North Sea.
    store.insert_points(Layer.INCIDENTS, incidents([(155_000, 463_000), (258_000, 471_500), (20_000, 500_000)]))
    codes = store.query_df("SELECT municipality_code FROM incidents ORDER BY id")["municipality_code"].tolist()
    assert codes[:2] == ["GM0307", "GM0153"]
    assert codes[2] is None or pd.isna(codes[2])
    by = store.counts_by(Layer.INCIDENTS, Filters())
    assert dict(zip(by["name"], by["n"], strict=True)) == {
        "Amersfoort": 1,
        "Enschede": 1,
        "(buiten gemeentegrenzen)": 1,
    }


def test_area_membership_on_write_and_on_area_creation(store) -> None:
    inside, outside = (201_000, 451_000), (230_000, 480_000)
    store.insert_points(Layer.INCIDENTS, incidents([inside, outside]))
    area = store.add_area("Proefgebied", shapely.box(200_000, 450_000, 205_000, 455_000))
    store.insert_points(Layer.INCIDENTS, incidents([inside, inside, outside]))
    by = store.counts_by(Layer.INCIDENTS, Filters(), by="area")
    assert by["n"].tolist() == [3]
    assert store.layer_count(Layer.INCIDENTS, Filters(area_id=area)) == 3
    assert store.layer_count(Layer.INCIDENTS, Filters()) == 5


def test_grid_counts_add_up(store) -> None:
    pts = [(200_100, 450_100), (200_900, 450_900), (201_100, 450_100), (203_500, 452_500)]
    store.insert_points(Layer.INCIDENTS, incidents(pts))
    cells = store.grid_counts(Layer.INCIDENTS, Filters(), 1000)
    got = {(int(r.x0), int(r.y0)): int(r.n) for r in cells.itertuples()}
    assert got == {(200_000, 450_000): 2, (201_000, 450_000): 1, (203_000, 452_000): 1}


def test_filters_by_source_and_date(store) -> None:
    store.insert_points(Layer.INCIDENTS, incidents([(200_000, 450_000)] * 2, source="politie"))
    store.insert_points(Layer.INCIDENTS, incidents([(200_000, 450_000)] * 3, source="brandweer"))
    assert store.layer_count(Layer.INCIDENTS, Filters(sources=("brandweer",))) == 3
    assert store.layer_count(Layer.INCIDENTS, Filters(date_from=pd.Timestamp("2025-04-01").date())) == 0


def test_each_thread_gets_its_own_results(store) -> None:
    errors: list[str] = []

    def work(k: int) -> None:
        for i in range(150):
            got = store.scalar("SELECT ?::INTEGER * 1000 + ?::INTEGER", [k, i])
            if got != k * 1000 + i:
                errors.append(f"thread {k}: {got}")

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []


def test_locked_file_gives_dutch_message(tmp_path: Path) -> None:
    path = tmp_path / "locked.duckdb"
    open_store(str(path)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb,time; c=duckdb.connect({str(path)!r}); print('ok', flush=True); "
         "time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreLockedError, match="in gebruik door een ander programma"):
            open_store(str(path))
    finally:
        holder.kill()
        holder.wait()
    s = _open_once_free(path)  # usable again once the other process is gone
    try:
        assert s.schema_version() == LATEST_VERSION
    finally:
        s.close()


def _open_once_free(path: Path, timeout_s: float = 10.0) -> Store:
    """Open the store as soon as the file is no longer locked (the OS may release it a moment after the
    holder has been reaped); fail with the lock error if it is still held after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return open_store(str(path))
        except StoreLockedError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


@pytest.mark.parametrize("content", [b"dit is geen database\n", bytes(range(256)) * 40])
def test_corrupt_file_gives_dutch_message_and_is_not_overwritten(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "kapot.duckdb"
    path.write_bytes(content)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(StoreCorruptError, match="niet aangeraakt of overschreven"):
        open_store(str(path))
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_vb_db_setting_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "via_env.duckdb"
    monkeypatch.setenv("VB_DB", str(path))
    assert database_url() == str(path)
    s = open_store()
    assert s.path == str(path) and path.exists()
    s.close()


def test_unknown_database_url_is_refused_clearly() -> None:
    with pytest.raises(StoreError, match="niet ondersteund"):
        open_store("mysql://localhost/vb")


def test_unreachable_postgres_says_so_in_dutch(pg_cluster) -> None:
    url = pg_cluster.url("postgres").replace(f"port={pg_cluster.port}", "port=1")  # nothing listens there
    with pytest.raises(StoreError, match="niet bereikbaar") as err:
        open_store(url)
    assert "postgresql://" not in str(err.value)  # a page shows the message: no address in it
    assert err.value.where.startswith("postgresql://vb_app@") and "port=1" in err.value.where


def test_read_only_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="bestaat niet"):
        open_store(str(tmp_path / "nergens.duckdb"), read_only=True)
    assert not (tmp_path / "nergens.duckdb").exists()


def test_geometries_stored_in_rd(store) -> None:
    store.insert_points(Layer.INCIDENTS, incidents([(155_000, 463_000)]))
    x, y = store.cursor().execute("SELECT ST_X(geom), ST_Y(geom) FROM incidents").fetchone()
    assert (x, y) == (155_000, 463_000)
    area = store.scalar("SELECT ST_Area(geom) FROM municipalities WHERE code = 'GM0307'")
    assert 50e6 < area < 80e6  # Amersfoort is about 63 km², so the polygons are in metres


def test_migration_8_keeps_incidents_and_barns_and_computes_their_geometry(tmp_path: Path) -> None:
    """A database at schema 7 with records: migration 8 rebuilds the two bulk layers without losing a value."""
    path = tmp_path / "v7.duckdb"
    con = database_at_version(path, 7)
    con.execute("INSERT INTO incidents (x, y, geom, source_org, category, occurred_on, reference, batch_id) "
                "VALUES (226500, 470500, ST_Point(226500, 470500), 'politie', 'drugslab', '2025-05-01', 'R-1', 3), "
                "(226600, 470600, ST_Point(226600, 470600), 'brandweer', NULL, '2025-06-01', NULL, NULL)")  # fmt: skip
    con.execute("INSERT INTO barns (x, y, geom, address, floor_area_m2, owner_consent) "
                "VALUES (226700, 470700, ST_Point(226700, 470700), 'Dorpsweg 1', 450, true)")  # fmt: skip
    before = con.execute("SELECT * EXCLUDE (geom) FROM incidents ORDER BY id").df()
    con.close()
    s = open_store(str(path))
    try:
        assert s.schema_version() == LATEST_VERSION
        after = s.query_df("SELECT * EXCLUDE (geom, category_original, occurred_time) FROM incidents ORDER BY id")
        pd.testing.assert_frame_equal(after, before)
        geom = s.query_df("SELECT ST_X(geom) AS gx, ST_Y(geom) AS gy, x, y FROM incidents ORDER BY id")
        assert (geom["gx"] == geom["x"]).all() and (geom["gy"] == geom["y"]).all()
        barn = s.query_df("SELECT address, floor_area_m2, owner_consent, ST_X(geom) AS gx FROM barns")
        assert barn.values.tolist() == [["Dorpsweg 1", 450.0, True, 226700.0]]
        # new records keep counting from the sequence and get a computed geometry too
        s.insert_points("incidents", pd.DataFrame({"x": [226800.0], "y": [470800.0], "source_org": ["politie"],
                                                   "occurred_on": [pd.Timestamp("2025-07-01")]}))  # fmt: skip
        ids = s.query_df("SELECT id, ST_Y(geom) AS gy FROM incidents ORDER BY id")
        assert ids["id"].tolist() == [1, 2, 3] and ids["gy"].iloc[-1] == 470800.0
        keys = s.query_df(
            "SELECT table_name, constraint_type FROM duckdb_constraints() "
            "WHERE table_name IN ('incidents', 'barns', 'dumpings') AND constraint_type = 'PRIMARY KEY'"
        )
        assert keys["table_name"].tolist() == ["dumpings"]  # the bulk layers have no key index to maintain
    finally:
        s.close()


def test_memory_limit_comes_from_the_setting_and_a_bad_value_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("VB_DB_MEMORY", "300MB")
    s = open_store(str(tmp_path / "a.duckdb"))
    try:
        limit = s.query_df("SELECT current_setting('memory_limit') AS m")["m"][0]
        assert limit.endswith("MiB") and 280 < float(limit.split()[0]) < 300  # 300 MB = 286.1 MiB
    finally:
        s.close()
    for value, message in (("veel", "is geen geheugengrootte"), ("1KB", "is te weinig"), ("0GB", "is te weinig")):
        monkeypatch.setenv("VB_DB_MEMORY", value)
        with pytest.raises(StoreError, match=f"VB_DB_MEMORY = '{value}' {message}"):
            open_store(str(tmp_path / "b.duckdb"))
        assert not (tmp_path / "b.duckdb").exists()  # refused before the file was made
    monkeypatch.setenv("VB_DB_MEMORY", "2G")  # DuckDB's short units are accepted too, as decimal units
    s = open_store(str(tmp_path / "c.duckdb"))
    try:
        limit = s.query_df("SELECT current_setting('memory_limit') AS m")["m"][0]
        assert limit.endswith("GiB") and 1.8 <= float(limit.split()[0]) < 1.9  # 2 GB = 1.86 GiB
    finally:
        s.close()


@pytest.mark.parametrize(
    ("text", "kind", "phrase"),
    [
        ('IO Error: Could not set lock on file "x.duckdb": Conflicting lock is held in python (PID 42)',
         StoreLockedError, "in gebruik door een ander programma (proces 42)"),
        ("INTERNAL Error: Failure while replaying WAL file \"x.duckdb.wal\": GetDefaultDatabase with no default "
         "database set", StoreWalError, "het logbestand"),
        ("Serialization Error: Failed to deserialize: block 12 has an invalid checksum", StoreCorruptError,
         "geen leesbare database"),
    ],
)  # fmt: skip
def test_an_unreadable_file_is_named_for_what_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, kind: type, phrase: str
) -> None:
    """A damaged WAL is not "in use by another program", and "block" in a checksum error is no lock."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise duckdb.Error(text)

    monkeypatch.setattr("gis.store.duck.duckdb.connect", refuse)
    with pytest.raises(StoreError) as err:
        open_store(str(tmp_path / "x.duckdb"))
    assert type(err.value) is kind and phrase in str(err.value)


def test_migrations_are_checkpointed_into_the_file(tmp_path: Path) -> None:
    path = tmp_path / "nieuw.duckdb"
    store = open_store(str(path))
    wal = Path(f"{path}.wal")
    assert not wal.exists() or wal.stat().st_size == 0  # the schema is in the file, not only in the log
    store.close()


@pytest.mark.parametrize("role", ["postgres", "vb_owner"])
def test_postgis_refuses_superuser_and_owner_roles(pg_url: str, role: str) -> None:
    with pytest.raises(StoreError, match="minimale") as err:
        open_store(pg_url.replace("vb_app@", f"{role}@"))
    assert f"'{role}'" in str(err.value)


@pytest.mark.parametrize("value", ["host=/tmp/sock port=5432 user=vb_app password=geheim dbname=db",
                                   "dbname=vb user=vb_app", "service=vb"])  # fmt: skip
def test_libpq_key_value_settings_are_refused_without_making_a_file(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(StoreError, match="Schrijf ze als URL") as err:
        open_store(value)
    assert "geheim" not in str(err.value)
    assert not list(tmp_path.iterdir()), "no file or folder named after the settings (and their password)"


def test_a_secret_made_at_the_same_moment_by_many_is_one_secret(make_store) -> None:
    store = make_store()
    got: list[str] = []
    lock = threading.Lock()

    def make(i: int) -> None:
        value = store.meta_first("secret:test", f"value-{i}")
        with lock:
            got.append(value)

    threads = [threading.Thread(target=make, args=(i,)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(got) == 8 and len(set(got)) == 1 and got[0].startswith("value-")
    assert store.get_meta("secret:test") == got[0]
    assert store.meta_first("secret:test", "later") == got[0]  # never overwritten
