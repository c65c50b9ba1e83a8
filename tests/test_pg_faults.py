"""Faults (issue 18, part 5): PostgreSQL stopping mid-session and an import killed with ``kill -9``.

- The app's store slot (``gis.store_slot``) does not stay broken: a store that keeps failing is replaced.
- The app (AppTest of ``dashboard.py``) shows one Dutch message (English when chosen) while the database is
  down, at first start and mid-session, no exception; once the database is back the same session works again
  without a restart. A transaction cut off by the stop leaves nothing half written.
- ``python -m gis import`` killed with SIGKILL mid-import leaves no records and no batch, on PostGIS (killed
  while the server shows its ``COPY``/``INSERT`` running) and on DuckDB (killed after the first chunk).

The tests that stop PostgreSQL use a cluster of their own (``start_cluster``), never the session's shared one.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import psycopg
import pytest
from streamlit.testing.v1 import AppTest

from gis.demo.seed import seed_demo
from gis.domain.catalog import Layer
from gis.store import Filters, Store, open_store
from gis.store.errors import StoreUnavailableError
from gis.store_slot import REOPEN_INTERVAL_S, RETIRE_AFTER_S, StoreSlot
from tests.conftest import sign_in
from tests.pg_cluster import OWNER, Cluster, start_cluster, stop_cluster

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "dashboard.py")
DOWN_NL = "De database is even niet bereikbaar"
DOWN_EN = "The database cannot be reached"
WAIT_S = 120.0  # upper bound for a subprocess to reach a state (a failure message, not a timing assertion)


# --- the slot, without a database ---------------------------------------------------------------------------


class _FakeStore:
    def __init__(self, n: int) -> None:
        self.n, self.down, self.closed = n, False, False

    def is_empty(self) -> bool:
        if self.down:
            raise StoreUnavailableError("postgresql://test", "weg")
        return False

    def close(self) -> None:
        self.closed = True


class _Opener:
    def __init__(self) -> None:
        self.made: list[_FakeStore] = []
        self.down = False

    def __call__(self, url: str) -> _FakeStore:
        if self.down:
            raise StoreUnavailableError(url, "weg")
        self.made.append(_FakeStore(len(self.made)))
        return self.made[-1]


def test_slot_keeps_a_failed_open_out_and_replaces_a_store_that_stays_broken() -> None:
    opener, now = _Opener(), [1000.0]
    slot = StoreSlot("postgresql://test", opener, clock=lambda: now[0])  # type: ignore[arg-type]
    opener.down = True
    with pytest.raises(StoreUnavailableError):
        slot.get()  # down at first start: nothing kept, the next call opens again
    opener.down = False
    first = slot.get()
    assert slot.use(lambda s: s.is_empty()) == (first, False) and slot.reopened == 0
    first.down = True  # its pool does not come back although the database did
    with pytest.raises(StoreUnavailableError):
        slot.use(lambda s: s.is_empty())  # a short outage: the pool gets time to come back by itself
    now[0] += REOPEN_INTERVAL_S
    fresh, empty = slot.use(lambda s: s.is_empty())
    assert fresh is not first and empty is False and slot.reopened == 1
    assert slot.replace(first, StoreUnavailableError("x")) is fresh  # a second session gets the new one
    fresh.down, opener.down = True, True
    with pytest.raises(StoreUnavailableError):
        slot.use(lambda s: s.is_empty())  # failing only now: the error, no new attempt yet
    assert len(opener.made) == 2
    now[0] += REOPEN_INTERVAL_S
    with pytest.raises(StoreUnavailableError):
        slot.use(lambda s: s.is_empty())  # tried, but the database is still down: the old store stays
    assert slot.get() is fresh and not first.closed
    now[0] += RETIRE_AFTER_S
    slot.get()
    assert first.closed and not fresh.closed  # the replaced store is closed after its grace period


# --- a cluster of these tests' own, to stop and start ---------------------------------------------------------


@pytest.fixture(scope="module")
def own_cluster() -> Iterator[Cluster]:
    cluster = start_cluster()
    yield cluster
    stop_cluster(cluster)


@pytest.fixture
def own_demo(own_cluster: Cluster, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A small demo database on ``own_cluster``; ``VB_DB`` names it. The cluster runs again afterwards."""
    name = own_cluster.new_database()
    monkeypatch.setenv("VB_DB_OWNER", own_cluster.url(name, OWNER))
    url = own_cluster.url(name)
    store = open_store(url)
    seed_demo(store, n_incidents=300)
    store.close()
    monkeypatch.setenv("VB_DB", url)
    monkeypatch.setattr("gis.ui.map_widget.show_map", lambda base, groups, key, height=600, center=None, zoom=None: {})
    try:
        yield url
    finally:
        if not _running(own_cluster):
            own_cluster.start()


def _running(cluster: Cluster) -> bool:
    try:
        with cluster.admin() as conn:
            return conn.execute("SELECT 1").fetchone() == (1,)
    except psycopg.OperationalError:
        return False


def _texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.error, *at.markdown, *at.warning, *at.info)]
    return "\n".join(str(p) for p in parts)


def test_a_transaction_cut_off_by_the_stop_leaves_nothing(own_cluster: Cluster, own_demo: str) -> None:
    store = open_store(own_demo)
    try:
        before = store.layer_count(Layer.BARNS, Filters())
        with pytest.raises(StoreUnavailableError, match=r"niet bereikbaar.*niets half"), store.transaction() as cur:
            cur.execute("INSERT INTO meta (key, value) VALUES ('fault-test', 'half')")
            cur.execute("UPDATE barns SET risk_notes = 'half' WHERE id = (SELECT min(id) FROM barns)")
            own_cluster.stop()  # the server ends this session; the transaction never commits
            cur.execute("INSERT INTO meta (key, value) VALUES ('fault-test-2', 'half')")
        own_cluster.start()
        assert store.layer_count(Layer.BARNS, Filters()) == before  # the same store object works again
        assert store.get_meta("fault-test") is None
        assert store.scalar("SELECT count(*) FROM barns WHERE risk_notes = 'half'") == 0
    finally:
        store.close()


def test_a_store_whose_pool_is_gone_is_replaced_by_the_slot(own_cluster: Cluster, own_demo: str) -> None:
    now = [0.0]
    slot = StoreSlot(own_demo, clock=lambda: now[0])
    broken = slot.get()
    broken.close()  # a pool that cannot come back (closed, or gave up for good)
    with pytest.raises(StoreUnavailableError):
        slot.use(lambda s: s.is_empty())
    now[0] += REOPEN_INTERVAL_S
    store, empty = slot.use(lambda s: s.is_empty())
    try:
        assert store is not broken and empty is False and slot.reopened == 1
        assert store.layer_count(Layer.INCIDENTS, Filters()) == 300
    finally:
        slot.close()


def test_database_down_at_first_start_shows_the_message_then_the_app_comes_up(
    own_cluster: Cluster, own_demo: str
) -> None:
    own_cluster.stop()
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    assert DOWN_EN in _texts(at) and "Traceback" not in _texts(at)
    assert [b.label for b in at.button] == ["Try again"]
    own_cluster.start()
    at.button[0].click().run()  # the same browser session: now the sign-in page
    assert not at.exception, at.exception
    assert DOWN_EN not in _texts(at)
    own_cluster.stop()  # and down again just as someone signs in
    at.button(key="demo_demo-beheerder").click().run()
    assert not at.exception, at.exception
    assert DOWN_EN in _texts(at) and "vb_token" not in at.session_state  # not signed in, no trace
    own_cluster.start()
    at.button[0].click().run()
    assert not at.exception and DOWN_EN not in _texts(at)
    at.button(key="demo_demo-beheerder").click().run()  # signing in works again
    assert not at.exception, at.exception
    assert at.checkbox(key="show_incidents").label == "Incidents (300)"


def test_database_stopping_mid_session_shows_dutch_and_the_session_recovers(
    own_cluster: Cluster, own_demo: str
) -> None:
    at = sign_in(AppTest.from_file(APP, default_timeout=60), "demo-beheerder")
    at.run()
    assert not at.exception and at.checkbox(key="show_incidents").label == "Incidenten (300)"
    own_cluster.stop()
    at.checkbox(key="show_incidents").uncheck().run()
    assert not at.exception, at.exception
    assert DOWN_NL in _texts(at) and "postgresql://" not in _texts(at)  # no connection details on the page
    own_cluster.start()
    at.run()
    assert not at.exception, at.exception
    assert DOWN_NL not in _texts(at)
    assert at.checkbox(key="show_incidents").label == "Incidenten (300)"  # still signed in, same session


# --- an import killed with SIGKILL --------------------------------------------------------------------------


def _write_incidents_csv(path: Path, rows: int) -> None:
    rnd = random.Random(18)
    with path.open("w", encoding="utf-8") as f:
        f.write("Zaaknummer;Pleegdatum;Soort incident;X-coördinaat;Y-coördinaat\n")
        for i in range(rows):
            f.write(f"K-{i};{1 + i % 28:02d}-03-2026;hennepkwekerij;{rnd.uniform(205_000, 245_000):.1f};"
                    f"{rnd.uniform(445_000, 485_000):.1f}\n")  # fmt: skip


def _import(csv: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "gis", "import", "--layer", "incidents", "--source", "politie", "--user", "kill9",
           str(csv)]  # fmt: skip
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


_WRITING = (
    "SELECT pid FROM pg_stat_activity WHERE datname = %s AND state = 'active' AND xact_start IS NOT NULL "
    "AND query ~* '^\\s*(COPY|INSERT INTO)\\s+\"?incidents\\M'"
)


def test_cli_import_killed_mid_copy_leaves_nothing_on_postgis(pg_cluster: Cluster, pg_url: str, tmp_path: Path) -> None:
    csv = tmp_path / "politie_groot.csv"
    _write_incidents_csv(csv, 80_000)
    db = pg_url.split("@/", 1)[1].split("?", 1)[0]
    proc = _import(csv, {**os.environ, "VB_DB": pg_url})
    try:
        with pg_cluster.admin(db) as conn:
            deadline, writer = time.monotonic() + WAIT_S, None
            while writer is None:  # wait until the server runs the import's write of the records
                assert proc.poll() is None, f"de import stopte voor het schrijven: {proc.stdout.read()}"  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "de import begon niet met schrijven"
                row = conn.execute(_WRITING, [db]).fetchone()
                writer = row[0] if row else None
                time.sleep(0.02)
            batches_open = conn.execute("SELECT count(*) FROM import_batches").fetchone()
            proc.send_signal(signal.SIGKILL)
            assert proc.wait(timeout=WAIT_S) == -signal.SIGKILL
            while conn.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [writer]).fetchone():
                assert time.monotonic() < deadline, "de server beëindigde de sessie van de import niet"
                time.sleep(0.02)
            counts = conn.execute(
                "SELECT (SELECT count(*) FROM incidents), (SELECT count(*) FROM import_batches), "
                "(SELECT count(*) FROM area_members WHERE layer = 'incidents')"
            ).fetchone()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert batches_open == (0,)  # the batch row was only inside the import's own transaction
    assert counts == (0, 0, 0)
    store = open_store(pg_url)  # and the database takes writes again (no lock left)
    try:
        one = {"x": [226_000.0], "y": [470_000.0], "source_org": ["politie"], "category": ["hennepkwekerij"],
               "occurred_on": [pd.Timestamp("2026-03-01")]}  # fmt: skip
        store.insert_points(Layer.INCIDENTS, pd.DataFrame(one))
        assert store.layer_count(Layer.INCIDENTS, Filters()) == 1
    finally:
        store.close()


def test_cli_import_killed_mid_import_leaves_nothing_on_duckdb(tmp_path: Path) -> None:
    db = tmp_path / "kill9.duckdb"
    open_store(str(db)).close()
    csv = tmp_path / "politie_groot.csv"
    _write_incidents_csv(csv, 800_000)  # the bulk path writes chunks of 250,000 rows in one transaction
    proc = _import(csv, {**os.environ, "VB_DB": str(db)})
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # printed after the first chunk is written, inside the transaction
        assert "rijen gelezen" in first, first + proc.stdout.read()
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=WAIT_S) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    store: Store = open_store(str(db))  # opens cleanly (no half transaction to replay)
    try:
        assert store.layer_count(Layer.INCIDENTS, Filters()) == 0
        assert len(store.batches()) == 0
        assert store.scalar("SELECT count(*) FROM area_members WHERE layer = 'incidents'") == 0
    finally:
        store.close()
