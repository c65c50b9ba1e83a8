"""The attacks on signing in, each as a test: parallel guessing, parallel first-run setups, telling accounts
apart by the message, common passwords, passwords typed as names in the audit log, locking someone out from
elsewhere. Each of these failed on the code before the fix (see the report in the commit message)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from gis import auth
from gis.clock import now_nl
from gis.domain import accounts as acc
from gis.domain.roles import Principal, Role
from gis.store import Store, open_store
from tests.conftest import database_at_version

PASSWORD = "lange zin voor de test 42"
T0 = datetime(2026, 11, 28, 9, 0)
ADMIN = Principal("beheer", Role.ADMIN, frozenset({"*"}))


def _quiet(_text: str) -> None:
    """Swallow the console announcement of the setup token."""


@pytest.fixture
def admin_store(make_store: Callable[..., Store]) -> Store:
    store = make_store()
    assert auth.setup_administrator(store, auth.prepare_setup(store, _quiet), "beheer", "Bea Heer", PASSWORD,
                                    PASSWORD) == []  # fmt: skip
    return store


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every password check: ``"real"`` against an account's hash, ``"dummy"`` otherwise."""
    seen: list[str] = []
    lock = threading.Lock()
    real = acc.verify_password

    def counting(stored: str | None, password: str) -> bool:
        with lock:
            seen.append("real" if stored and stored.startswith("$argon2") else "dummy")
        return real(stored, password)

    monkeypatch.setattr(acc, "verify_password", counting)
    return seen


def _parallel(n: int, work: Callable[[int], object]) -> tuple[list[object], list[BaseException]]:
    results: list[object] = []
    errors: list[BaseException] = []
    start = threading.Barrier(n)

    def run(i: int) -> None:
        start.wait()
        try:
            results.append(work(i))
        except BaseException as exc:  # collected: the test says which
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_forty_parallel_wrong_passwords_check_at_most_five(admin_store: Store, checks: list[str]) -> None:
    results, errors = _parallel(40, lambda i: auth.sign_in(admin_store, "beheer", f"fout {i} wachtwoord", now=T0,
                                                           source="203.0.113.9"))  # fmt: skip
    assert errors == []  # no write conflict escaped
    assert checks.count("real") <= acc.MAX_FAILURES and len(checks) == 40  # every refusal costs one check
    assert {r.message for r in results} == {auth.REFUSED}  # type: ignore[attr-defined]
    failed = admin_store.audit_log(action="login").query("outcome == 'mislukt'")
    assert len(failed) == 40 and failed["detail"].str.contains("wachtwoord niet gecontroleerd").sum() >= 35
    # the attacker's address stays locked, even for the right password
    assert auth.sign_in(admin_store, "beheer", PASSWORD, now=T0, source="203.0.113.9").principal is None


def test_forty_parallel_guesses_from_forty_addresses_are_held_by_the_account_limit(
    admin_store: Store, checks: list[str]
) -> None:
    _results, errors = _parallel(40, lambda i: auth.sign_in(admin_store, "beheer", f"fout {i}", now=T0,
                                                            source=f"198.51.100.{i}"))  # fmt: skip
    assert errors == [] and checks.count("real") == acc.ACCOUNT_FAILURES
    assert auth.sign_in(admin_store, "beheer", PASSWORD, now=T0, source="192.0.2.1").principal is None  # locked
    lock = admin_store.accounts(now=T0).set_index("username").loc["beheer", "locked_until"]
    assert lock == T0 + timedelta(minutes=acc.ACCOUNT_LOCK_MINUTES[0])  # short, and it grows
    again = T0 + timedelta(minutes=acc.ACCOUNT_LOCK_MINUTES[0], seconds=1)
    for i in range(acc.ACCOUNT_FAILURES):
        auth.sign_in(admin_store, "beheer", "fout", now=again, source=f"198.51.101.{i}")
    lock = admin_store.accounts(now=again).set_index("username").loc["beheer", "locked_until"]
    assert lock == again + timedelta(minutes=acc.ACCOUNT_LOCK_MINUTES[1])


def test_eight_parallel_setups_make_one_administrator(make_store: Callable[..., Store]) -> None:
    store = make_store()
    token = auth.prepare_setup(store, _quiet)
    results, errors = _parallel(8, lambda i: auth.setup_administrator(store, token, f"beheer{i}", f"Beheerder {i}",
                                                                      PASSWORD, PASSWORD))  # fmt: skip
    assert errors == []
    assert sorted(len(r) for r in results) == [0] + [1] * 7  # type: ignore[arg-type]
    refusals = {r[0] for r in results if r}  # type: ignore[index]
    assert refusals <= {auth.SETUP_DONE, "Het setup-token klopt niet. U vindt het in de uitvoer van de server bij het "
                        "starten, of in de instelling VB_SETUP_TOKEN."}  # fmt: skip
    assert len(store.accounts()) == 1 and store.get_meta("setup_token") is None  # the token is used up


def test_setup_without_the_token_makes_nobody_administrator(make_store: Callable[..., Store]) -> None:
    store = make_store()
    auth.prepare_setup(store, _quiet)
    assert auth.create_account(store, None, "eerste", "Eerste", "beheerder", "*", PASSWORD, PASSWORD)
    assert auth.setup_administrator(store, "x" * 24, "eerste", "Eerste", PASSWORD, PASSWORD)
    assert not store.has_accounts()


def test_refusals_do_not_tell_which_accounts_exist(admin_store: Store, checks: list[str]) -> None:
    assert auth.create_account(admin_store, ADMIN, "uit", "Uit Gezet", "analist", "*", PASSWORD, PASSWORD) == []
    auth.set_disabled(admin_store, ADMIN, "uit", True)
    for i in range(acc.MAX_FAILURES):
        auth.sign_in(admin_store, "beheer", f"fout {i}", now=T0, source="a")
    checks.clear()
    messages = {
        "unknown": auth.sign_in(admin_store, "niemand", PASSWORD, now=T0, source="a").message,
        "wrong": auth.sign_in(admin_store, "beheer", "fout", now=T0, source="b").message,
        "disabled": auth.sign_in(admin_store, "uit", PASSWORD, now=T0, source="a").message,
        "locked": auth.sign_in(admin_store, "beheer", PASSWORD, now=T0, source="a").message,
    }
    assert set(messages.values()) == {auth.REFUSED}, messages
    assert len(checks) == 4  # one password check each: the same time


@pytest.mark.parametrize("weak", ["password1234", "Welkom2024!!"])
def test_common_passwords_are_refused_in_dutch(admin_store: Store, weak: str) -> None:
    problems = auth.create_account(admin_store, ADMIN, "piet", "Piet Pieters", "analist", "*", weak, weak)
    assert problems and "veelgebruikte" in " ".join(problems)
    assert admin_store.account_secret("piet") is None


def test_a_password_typed_as_name_is_not_in_the_audit_log(admin_store: Store) -> None:
    auth.sign_in(admin_store, "Mijn Geheime Zin 2024", "", now=T0)
    auth.sign_in(admin_store, "beheer", "fout", now=T0)
    text = admin_store.audit_log().astype(str).to_csv()
    assert "geheime" not in text.casefold()
    users = set(admin_store.audit_log(action="login")["user_name"])
    assert users == {auth.UNKNOWN_NAME, "beheer"}


def test_an_attacker_elsewhere_does_not_keep_the_holder_out(admin_store: Store) -> None:
    assert auth.sign_in(admin_store, "beheer", PASSWORD, now=T0, source="192.0.2.10").principal  # the holder's office
    for i in range(acc.ACCOUNT_FAILURES * 3):  # from one address, and then from many
        auth.sign_in(admin_store, "beheer", f"fout {i}", now=T0, source="203.0.113.9" if i < 10 else f"10.9.{i}.1")
    assert auth.sign_in(admin_store, "beheer", PASSWORD, now=T0, source="203.0.113.9").principal is None
    assert auth.sign_in(admin_store, "beheer", PASSWORD, now=T0, source="192.0.2.99").principal is None  # new: held
    assert auth.sign_in(admin_store, "beheer", PASSWORD, now=T0, source="192.0.2.10").principal is not None  # known
    # a success resets the account's count; the attacker's own address stays locked for its 15 minutes
    assert auth.sign_in(admin_store, "beheer", PASSWORD, now=T0, source="192.0.2.99").principal is not None
    assert auth.sign_in(admin_store, "beheer", PASSWORD, now=T0, source="203.0.113.9").principal is None


def test_administrator_lifts_a_lock_and_it_is_logged(admin_store: Store) -> None:
    assert auth.create_account(admin_store, ADMIN, "anna", "Anna", "analist", "*", PASSWORD, PASSWORD) == []
    for i in range(acc.MAX_FAILURES):
        auth.sign_in(admin_store, "anna", f"fout {i}", now=now_nl(), source="10.1.1.1")
    row = admin_store.accounts().set_index("username").loc["anna"]
    assert row["locked_sources"] == 1 and row["failed_logins"] == acc.MAX_FAILURES
    assert auth.sign_in(admin_store, "anna", PASSWORD, source="10.1.1.1").principal is None
    with pytest.raises(PermissionError):
        auth.unlock_account(admin_store, Principal("anna", Role.ANALYST, frozenset({"*"})), "anna")
    assert auth.unlock_account(admin_store, ADMIN, "anna") == 1
    assert auth.sign_in(admin_store, "anna", PASSWORD, source="10.1.1.1").principal is not None
    line = admin_store.audit_log(user="beheer", action="update").iloc[0]
    assert line["record"] == "anna" and "blokkering opgeheven" in line["detail"]


def test_parallel_attempts_on_separate_stores_of_one_file_are_counted_together(tmp_path: Path) -> None:
    path = str(tmp_path / "een.duckdb")
    first = open_store(path)
    try:
        assert auth.setup_administrator(first, auth.prepare_setup(first, _quiet), "beheer", "Bea", PASSWORD,
                                        PASSWORD) == []  # fmt: skip
        second = open_store(path)  # the same database in this process, another connection object
        try:
            stores = (first, second)
            _r, errors = _parallel(12, lambda i: auth.sign_in(stores[i % 2], "beheer", "fout", now=T0, source="x"))
            assert errors == []
            assert first.accounts().set_index("username").loc["beheer", "failed_logins"] == acc.MAX_FAILURES
        finally:
            second.close()
    finally:
        first.close()


def test_migration_9_keeps_the_counts_of_a_schema_8_database(tmp_path: Path) -> None:
    path = tmp_path / "v8.duckdb"
    con = database_at_version(path, 8)
    con.execute("INSERT INTO accounts (username, display_name, role, scope, password_hash, created_by, "  # type: ignore[attr-defined]
                "failed_logins, locked_until) VALUES ('oud', 'Oud', 'beheerder', '*', '!demo', 'x', 3, ?), "
                "('rustig', 'Rustig', 'analist', '*', '!demo', 'x', 0, NULL)", [T0])  # fmt: skip
    con.close()  # type: ignore[attr-defined]
    store = open_store(str(path))
    try:
        assert store.schema_version() >= 9
        rows = store.query_df("SELECT username, source, failures, locked_until FROM login_throttle")  # type: ignore[attr-defined]
        assert rows.to_dict("records") == [{"username": "oud", "source": "*", "failures": 3, "locked_until": T0}]
        shown = store.accounts(now=T0 - timedelta(minutes=1)).set_index("username")
        assert shown.loc["oud", "failed_logins"] == 3 and shown.loc["oud", "locked_until"] == T0
        assert shown.loc["rustig", "failed_logins"] == 0 and "password_hash" not in shown.columns
    finally:
        store.close()
