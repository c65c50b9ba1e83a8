"""Accounts and sign-in: irreversible hashes, first-run setup, lock-out, expiry, sign-out, audit lines."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from gis import auth
from gis.domain import accounts as acc
from gis.domain.roles import Principal, Role

PASSWORD = "lange zin voor de test 42"
T0 = datetime(2026, 11, 28, 9, 0)


@pytest.fixture
def admin_store(make_store):
    store = make_store()
    assert auth.create_account(store, None, "beheer", "Bea Heer", "beheerder", "*", PASSWORD, PASSWORD) == []
    return store


def test_hash_is_salted_argon2id_and_not_the_password() -> None:
    first, second = acc.hash_password(PASSWORD), acc.hash_password(PASSWORD)
    assert first != second and first.startswith("$argon2id$") and PASSWORD not in first
    assert acc.verify_password(first, PASSWORD) and not acc.verify_password(first, PASSWORD + "x")
    assert not acc.verify_password(None, PASSWORD) and not acc.verify_password(acc.DEMO_HASH, "")
    assert not acc.verify_password("geen hash", PASSWORD)


def test_password_and_name_rules_are_dutch() -> None:
    assert acc.password_problems("piet", "kort", "kort")[0].startswith("Het wachtwoord is te kort")
    assert any("gebruikersnaam" in p for p in acc.password_problems("piet", "piet-heeft-een-zin", "piet-heeft-een-zin"))
    assert any("niet gelijk" in p for p in acc.password_problems("piet", PASSWORD, PASSWORD + "!"))
    assert acc.password_problems("piet", "aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa")
    assert acc.username_problems("<script>") and not acc.username_problems("j.jansen@gemeente.nl")
    with pytest.raises(ValueError, match="Werkgebied"):
        acc.parse_scope("Berkelland")
    assert acc.parse_scope("GM1859, area:3") == frozenset({"GM1859", "area:3"})


def test_first_account_must_be_the_administrator(make_store) -> None:
    store = make_store()
    assert not store.has_accounts()
    problems = auth.create_account(store, None, "piet", "Piet", "analist", "*", PASSWORD, PASSWORD)
    assert problems == ["Het eerste account is dat van de beheerder."] and not store.has_accounts()
    assert auth.create_account(store, None, "beheer", "Bea", "beheerder", "*", PASSWORD, PASSWORD) == []
    # after setup nobody but an administrator creates accounts
    analyst = Principal("x", Role.ANALYST, frozenset({"*"}))
    assert auth.create_account(store, analyst, "piet", "Piet", "analist", "*", PASSWORD, PASSWORD)
    assert auth.create_account(store, None, "piet", "Piet", "analist", "*", PASSWORD, PASSWORD)
    stored = store.account_secret("beheer")
    assert stored["password_hash"] != PASSWORD and str(stored["password_hash"]).startswith("$argon2id$")
    assert "password_hash" not in store.accounts().columns


def test_sign_in_out_and_a_session_after_sign_out_is_refused(admin_store) -> None:
    bad = auth.sign_in(admin_store, "beheer", "fout wachtwoord hier", now=T0)
    assert bad.principal is None and "verkeerd wachtwoord" in bad.message
    ok = auth.sign_in(admin_store, " Beheer ", PASSWORD, now=T0)
    assert ok.principal == Principal("beheer", Role.ADMIN, frozenset({"*"})) and ok.token
    assert auth.resume(admin_store, ok.token, now=T0 + timedelta(minutes=5)) == ok.principal
    auth.sign_out(admin_store, ok.token)
    assert auth.resume(admin_store, ok.token, now=T0 + timedelta(minutes=6)) is None
    assert auth.resume(admin_store, "a forged token", now=T0) is None
    log = admin_store.audit_log()
    lines = list(zip(log["action"], log["outcome"], log["detail"], strict=True))[::-1]
    assert ("login", "mislukt", "verkeerd wachtwoord (1e keer op rij)") in lines
    assert ("login", "ok", "wachtwoord") in lines and ("logout", "ok", "afgemeld") in lines


def test_sessions_expire_when_idle_and_after_a_working_day(admin_store) -> None:
    s = auth.sign_in(admin_store, "beheer", PASSWORD, now=T0)
    assert auth.resume(admin_store, s.token, now=T0 + timedelta(minutes=acc.IDLE_MINUTES + 1)) is None
    assert auth.resume(admin_store, s.token, now=T0 + timedelta(minutes=2)) is None  # ended for good
    s2 = auth.sign_in(admin_store, "beheer", PASSWORD, now=T0)
    t = T0
    for _ in range(acc.SESSION_HOURS * 3 + 1):  # active every 20 minutes, until past the limit
        t += timedelta(minutes=20)
        alive = auth.resume(admin_store, s2.token, now=t)
    assert alive is None and t - T0 > timedelta(hours=acc.SESSION_HOURS)
    assert "sessie verlopen" in set(admin_store.audit_log()["detail"])


def test_lock_out_after_repeated_failures_is_logged(admin_store) -> None:
    for i in range(acc.MAX_FAILURES):
        result = auth.sign_in(admin_store, "beheer", f"fout {i} wachtwoord", now=T0)
    assert "geblokkeerd" in result.message
    locked = auth.sign_in(admin_store, "beheer", PASSWORD, now=T0 + timedelta(minutes=1))
    assert locked.principal is None and "geblokkeerd" in locked.message
    later = auth.sign_in(admin_store, "beheer", PASSWORD, now=T0 + timedelta(minutes=acc.LOCK_MINUTES + 1))
    assert later.principal is not None
    failed = admin_store.audit_log(action="login").query("outcome == 'mislukt'")
    assert len(failed) == acc.MAX_FAILURES + 1 and failed["detail"].str.contains("geblokkeerd").any()
    unknown = auth.sign_in(admin_store, "<b>niemand</b>", "x", now=T0)
    assert unknown.principal is None
    assert admin_store.audit_log(user="<b>niemand</b>")["detail"].tolist() == ["onbekende gebruikersnaam"]


def test_demo_accounts_only_in_a_demo_database(make_store, demo_store) -> None:
    plain = make_store()
    assert auth.ensure_demo_accounts(plain) == 0
    assert auth.ensure_demo_accounts(demo_store) in (0, len(auth.DEMO_ACCOUNTS))
    analyst = auth.demo_sign_in(demo_store, "demo-analist")
    assert analyst.principal is not None and analyst.principal.role is Role.ANALYST
    assert auth.sign_in(demo_store, "demo-analist", "").principal is None  # no password opens it
    with pytest.raises(PermissionError):
        auth.demo_sign_in(plain, "demo-analist")
    assert not demo_store.has_accounts()  # demo accounts don't count: a real administrator is still set up


def test_parallel_failures_still_lock_the_account(admin_store, monkeypatch) -> None:
    stale = admin_store.account_secret("beheer")  # every attempt read the account before any failure counted
    monkeypatch.setattr(admin_store, "account_secret", lambda name: dict(stale))
    for i in range(acc.MAX_FAILURES):
        result = auth.sign_in(admin_store, "beheer", f"fout {i} wachtwoord", now=T0)
    assert "geblokkeerd" in result.message
    monkeypatch.undo()
    assert auth.sign_in(admin_store, "beheer", PASSWORD, now=T0 + timedelta(minutes=1)).principal is None
