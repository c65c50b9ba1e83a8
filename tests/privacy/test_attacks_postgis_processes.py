"""Red team (issue 18): attacks that need several app processes on one PostGIS database (a load balancer in front
of two or more): the sign-in throttle, the first use of a secret, parallel requests of one session, and what a
failed statement leaves on a pooled connection. Two stores whose locations are spelled differently stand in for
two processes: they share the database but not the in-process locks, which are keyed by the location.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from gis import auth
from gis.domain import accounts as acc
from gis.store import ConflictError, Store, open_store
from gis.store.arrays import SECRET_KEY

# -- sign-in throttle with two app processes on one database ---------------------------------------------------

PASSWORD = "lange zin voor de test 42"
T0 = datetime(2026, 11, 28, 9, 0)


@pytest.fixture
def two_processes(pg_url: str) -> Iterator[tuple[Store, Store]]:
    """Two stores on one PostGIS database that do not share the in-process sign-in lock, as two app processes
    behind a load balancer (the lock is keyed by the store's location; the second spells it differently)."""
    first = open_store(pg_url)
    second = open_store(pg_url + "&application_name=tweede-app")
    assert first.path != second.path
    assert auth.setup_administrator(first, auth.prepare_setup(first, lambda _t: None), "beheer", "Bea Heer", PASSWORD,
                                    PASSWORD) == []  # fmt: skip
    yield first, second
    first.close()
    second.close()


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password check: ``"real"`` against the account's hash, ``"dummy"`` otherwise."""
    seen: list[str] = []
    lock = threading.Lock()
    real = acc.verify_password

    def counting(stored: str | None, password: str) -> bool:
        with lock:
            seen.append("real" if stored and stored.startswith("$argon2") else "dummy")
        return real(stored, password)

    monkeypatch.setattr(acc, "verify_password", counting)
    return seen


def _parallel(n: int, work: Callable[[int], object]) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(n)

    def run(i: int) -> None:
        start.wait()
        try:
            work(i)
        except BaseException as exc:  # collected: the test says which
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_two_app_processes_guessing_in_parallel_get_five_checks_and_no_error(
    two_processes: tuple[Store, Store], checks: list[str]
) -> None:
    """Forty wrong passwords at once from one address, spread over two app processes: the first attempts of both
    insert the same throttle row, and later ones meet at the same counter. Before the fix the loser got
    UniqueViolation or AttributeError ('PgCursor' has no 'rollback') out of sign_in: a crashed page."""
    stores = two_processes
    errors = _parallel(40, lambda i: auth.sign_in(stores[i % 2], "beheer", f"fout {i}", now=T0, source="203.0.113.9"))
    assert [repr(e) for e in errors] == []
    assert checks.count("real") <= acc.MAX_FAILURES and len(checks) == 40
    state = stores[0].accounts(now=T0).set_index("username").loc["beheer"]
    assert state["failed_logins"] >= acc.MAX_FAILURES  # every checked failure counted, none lost
    assert auth.sign_in(stores[1], "beheer", PASSWORD, now=T0, source="203.0.113.9").principal is None  # held


def test_two_app_processes_with_many_addresses_are_held_by_the_account_limit(
    two_processes: tuple[Store, Store], checks: list[str]
) -> None:
    stores = two_processes
    errors = _parallel(60, lambda i: auth.sign_in(stores[i % 2], "beheer", f"fout {i}", now=T0,
                                                  source=f"198.51.100.{i}"))  # fmt: skip
    assert [repr(e) for e in errors] == []
    assert checks.count("real") <= acc.ACCOUNT_FAILURES
    assert auth.sign_in(stores[0], "beheer", PASSWORD, now=T0, source="192.0.2.1").principal is None  # locked


def test_app_processes_making_the_record_key_salt_at_once_all_get_the_one_salt(pg_cluster, pg_url: str) -> None:
    """The first map after a deployment, in several app processes at once: each makes the salt of the record keys
    (the secret of the perturbed counts). Before the fix all but one crashed on meta's key (UniqueViolation);
    two salts never existed (meta's key), which would let counts be averaged over the processes."""
    for _round in range(4):
        name = pg_cluster.new_database()
        stores = [open_store(pg_cluster.url(name) + f"&application_name=app{i}") for i in range(6)]
        salts: list[str] = []
        try:
            errors = _parallel(6, lambda i, stores=stores, salts=salts: salts.append(stores[i]._cell_key_salt()))
            assert [repr(e) for e in errors] == []
            assert len(salts) == 6 and len(set(salts)) == 1
            assert stores[0].scalar("SELECT count(*) FROM meta WHERE key = ?", [SECRET_KEY]) == 1
        finally:
            for s in stores:
                s.close()
            pg_cluster.drop_database(name)


# -- temporary tables on pooled connections --------------------------------------------------------------------


def test_a_failed_statement_after_register_keeps_its_own_error_and_leaves_no_table(pg_url: str) -> None:
    """``remove_records`` and ``save_value_mappings`` drop their temporary table in a ``finally``. On PostgreSQL a
    failed statement aborts the transaction, so that DROP failed too ('current transaction is aborted') and its
    error replaced the real one: a write conflict (to be retried, or told by name) came out as a raw InternalError."""
    store = open_store(pg_url)
    other = open_store(pg_url + "&application_name=andere-app")
    try:
        store.set_meta("rt", "0")
        with pytest.raises(ConflictError), store.transaction() as cur:
            cur.register("_gone", pd.DataFrame({"k": ["rt"]}))
            cur.execute("SELECT value FROM meta WHERE key = ?", ["rt"])  # this transaction's snapshot
            other.set_meta("rt", "1")  # another app process changes the row meanwhile
            try:
                cur.execute("UPDATE meta SET value = '2' WHERE key IN (SELECT k FROM _gone)")
            finally:
                cur.unregister("_gone")
        assert other.get_meta("rt") == "1"
        leftovers = [store.scalar("SELECT count(*) FROM pg_tables WHERE tablename = '_gone'") for _ in range(4)]
        assert leftovers == [0, 0, 0, 0]  # on none of the pooled connections
    finally:
        store.close()
        other.close()


@pytest.mark.parametrize("backend", ["duckdb", "postgis"])
def test_parallel_requests_of_one_session_all_resume_it(backend: str, pg_url: str, tmp_path: Path) -> None:
    """A partner's script (or a user with several tabs, on two app processes) sends 100 requests of one session at
    once. Each notes the activity on the session's row; before the fix about two in three lost that write conflict
    and the page failed with 'Iemand anders heeft dit tegelijk gewijzigd' (both backends; more app processes on
    PostGIS make it more likely). The session must resume every time, and stay ended once signed out."""
    url = str(tmp_path / "s.duckdb") if backend == "duckdb" else pg_url
    first = open_store(url)
    second = first if backend == "duckdb" else open_store(url + "&application_name=tweede-app")
    try:
        first.set_meta("demo", "1")
        auth.ensure_demo_accounts(first)
        token = auth.demo_sign_in(first, "demo-werkgroep").token
        resumed: list[bool] = []

        def request(i: int) -> None:
            for _ in range(5):
                resumed.append(auth.resume((first, second)[i % 2], token) is not None)

        assert [repr(e) for e in _parallel(20, request)] == []
        assert resumed == [True] * 100
        auth.sign_out(first, token)
        assert auth.resume(second, token) is None
    finally:
        if second is not first:
            second.close()
        first.close()
