"""Accounts and sign-in: irreversible hashes, first-run setup, lock-out, expiry, sign-out, audit lines.
(The attacks on signing in, in parallel and from several sources, are in tests/test_signin_attacks.py.)"""

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
    token = auth.prepare_setup(store, announce=lambda _text: None)
    assert auth.setup_administrator(store, token, "beheer", "Bea Heer", PASSWORD, PASSWORD) == []
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
    for common in ("password1234", "Welkom2024!!", "P@ssw0rd2024", "zomer 2024 !!!", "qwertyuiop12", "welkomwelkom"):
        assert any("veelgebruikte" in p for p in acc.password_problems("piet", common, common)), common
    for own in ("Jansen2024!!!", "Veilig Buitengebied!", "PietJansen1234"):
        assert any("lijkt op uw naam" in p for p in acc.password_problems("pj", own, own, "Piet Jansen")), own
    assert acc.password_problems("piet", PASSWORD, PASSWORD, "Piet Jansen") == []
    assert acc.username_problems("<script>") and not acc.username_problems("j.jansen@gemeente.nl")
    with pytest.raises(ValueError, match="Werkgebied"):
        acc.parse_scope("Berkelland")
    assert acc.parse_scope("GM1859, area:3") == frozenset({"GM1859", "area:3"})


def test_first_account_is_the_administrator_made_with_the_setup_token(make_store) -> None:
    store = make_store()
    said: list[str] = []
    token = auth.prepare_setup(store, announce=said.append)
    assert token and len(token) >= acc.MIN_SETUP_TOKEN_LENGTH and token in said[0]  # on the server console
    assert token not in str(store.get_meta("setup_token"))  # only its hash is kept
    assert not store.has_accounts()
    wrong = auth.setup_administrator(store, "geraden-token-123456", "beheer", "Bea", PASSWORD, PASSWORD)
    assert wrong and "setup-token klopt niet" in wrong[0] and not store.has_accounts()
    assert "setup-token" in auth.setup_administrator(store, "", "beheer", "Bea", PASSWORD, PASSWORD)[0]
    assert auth.setup_administrator(store, token, "beheer", "Bea", PASSWORD, PASSWORD) == []
    assert store.accounts().set_index("username").loc["beheer", "role"] == "beheerder"
    assert auth.setup_administrator(store, token, "tweede", "Twee", PASSWORD, PASSWORD) == [auth.SETUP_DONE]
    assert auth.prepare_setup(store) is None  # never again
    # after setup nobody but an administrator creates accounts
    analyst = Principal("x", Role.ANALYST, frozenset({"*"}))
    assert auth.create_account(store, analyst, "piet", "Piet", "analist", "*", PASSWORD, PASSWORD)
    assert auth.create_account(store, None, "piet", "Piet", "analist", "*", PASSWORD, PASSWORD)
    stored = store.account_secret("beheer")
    assert stored["password_hash"] != PASSWORD and str(stored["password_hash"]).startswith("$argon2id$")
    assert "password_hash" not in store.accounts().columns
    log = store.audit_log(action="create")
    assert list(log["outcome"])[::-1] == ["mislukt", "ok"] and "geraden" not in " ".join(log["detail"])


def test_setup_token_from_the_environment(make_store, monkeypatch) -> None:
    monkeypatch.setenv(auth.SETUP_ENV, "kort")
    said: list[str] = []
    made = auth.prepare_setup(make_store("a.duckdb"), announce=said.append)
    assert made != "kort" and "te kort" in said[0]  # a short token is not used; one is made instead
    monkeypatch.setenv(auth.SETUP_ENV, "  een-lang-genoeg-token-uit-de-omgeving ")
    store = make_store("b.duckdb")
    said.clear()
    assert auth.prepare_setup(store, announce=said.append) == "een-lang-genoeg-token-uit-de-omgeving"
    assert "VB_SETUP_TOKEN" in said[0] and "een-lang" not in said[0]
    token = "een-lang-genoeg-token-uit-de-omgeving"
    assert auth.setup_administrator(store, token, "beheer", "Bea", PASSWORD, PASSWORD) == []


def test_sign_in_out_and_a_session_after_sign_out_is_refused(admin_store) -> None:
    bad = auth.sign_in(admin_store, "beheer", "fout wachtwoord hier", now=T0, source="10.0.0.7")
    assert bad.principal is None and bad.message == auth.REFUSED
    ok = auth.sign_in(admin_store, " Beheer ", PASSWORD, now=T0)
    assert ok.principal == Principal("beheer", Role.ADMIN, frozenset({"*"})) and ok.token
    assert auth.resume(admin_store, ok.token, now=T0 + timedelta(minutes=5)) == ok.principal
    auth.sign_out(admin_store, ok.token)
    assert auth.resume(admin_store, ok.token, now=T0 + timedelta(minutes=6)) is None
    assert auth.resume(admin_store, "a forged token", now=T0) is None
    log = admin_store.audit_log()
    lines = list(zip(log["action"], log["outcome"], log["detail"], strict=True))[::-1]
    assert (
        "login",
        "mislukt",
        "verkeerd wachtwoord (1e keer op rij vanaf deze bron, 1e in totaal), vanaf 10.0.0.7",
    ) in lines
    assert ("login", "ok", "wachtwoord, vanaf (onbekend)") in lines and ("logout", "ok", "afgemeld") in lines


def test_a_session_ends_after_more_than_30_minutes_idle_not_before(admin_store) -> None:
    # literal times, not derived from the constants: a shorter limit in the code must fail here
    s = auth.sign_in(admin_store, "beheer", PASSWORD, now=T0)
    assert auth.resume(admin_store, s.token, now=T0 + timedelta(minutes=29, seconds=59)) is not None
    last = T0 + timedelta(minutes=29, seconds=59)
    assert auth.resume(admin_store, s.token, now=last + timedelta(minutes=31)) is None  # 31 minutes idle
    assert auth.resume(admin_store, s.token, now=last + timedelta(minutes=32)) is None  # ended for good
    assert admin_store.audit_log(action="logout")["detail"].tolist() == ["sessie verlopen"]


def test_an_active_session_lasts_until_just_under_ten_hours_and_ends_after(admin_store) -> None:
    s = auth.sign_in(admin_store, "beheer", PASSWORD, now=T0)
    for step in range(1, 24):  # active every 25 minutes (never 30 idle), up to 9:35 after signing in
        t = T0 + timedelta(minutes=25 * step)
        assert auth.resume(admin_store, s.token, now=t) is not None, t - T0
    assert auth.resume(admin_store, s.token, now=T0 + timedelta(hours=9, minutes=59)) is not None  # 24 min later
    ten_past = T0 + timedelta(hours=10, minutes=1)  # two minutes after the last activity, but past the day
    assert auth.resume(admin_store, s.token, now=ten_past) is None
    assert auth.resume(admin_store, s.token, now=ten_past + timedelta(minutes=1)) is None  # ended for good
    assert admin_store.audit_log(action="logout")["detail"].tolist() == ["sessie verlopen"]
    assert (acc.IDLE_MINUTES, acc.SESSION_HOURS) == (30, 10)  # what the times above are built on


def test_lock_out_after_repeated_failures_is_logged(admin_store) -> None:
    for i in range(acc.MAX_FAILURES):
        result = auth.sign_in(admin_store, "beheer", f"fout {i} wachtwoord", now=T0)
    assert result.message == auth.REFUSED
    locked = auth.sign_in(admin_store, "beheer", PASSWORD, now=T0 + timedelta(minutes=1))
    assert locked.principal is None and locked.message == auth.REFUSED
    later = auth.sign_in(admin_store, "beheer", PASSWORD, now=T0 + timedelta(minutes=acc.LOCK_MINUTES + 1))
    assert later.principal is not None
    failed = admin_store.audit_log(action="login").query("outcome == 'mislukt'")
    assert len(failed) == acc.MAX_FAILURES + 1 and failed["detail"].str.contains("geblokkeerd").any()
    assert failed["detail"].str.contains("wachtwoord niet gecontroleerd").sum() == 1
    unknown = auth.sign_in(admin_store, "<b>niemand</b>", "x", now=T0)
    assert unknown.principal is None and unknown.message == auth.REFUSED
    assert admin_store.audit_log(user="<b>niemand</b>").empty  # a name that is no account is not logged as typed
    assert admin_store.audit_log(user=auth.UNKNOWN_NAME)["detail"].tolist() == ["onbekende naam, vanaf (onbekend)"]


def test_demo_accounts_only_in_a_demo_database(make_store, demo_store) -> None:
    plain = make_store()
    assert auth.ensure_demo_accounts(plain) == 0
    assert plain.accounts().empty
    fresh_demo = make_store("demo.duckdb")
    fresh_demo.set_meta("demo", "1")  # what seed_demo marks a demo database with
    assert auth.ensure_demo_accounts(fresh_demo) == len(auth.DEMO_ACCOUNTS) == 7
    made = fresh_demo.accounts().set_index("username")
    assert sorted(made.index) == sorted(name for name, _, _ in auth.DEMO_ACCOUNTS) and made["is_demo"].all()
    assert auth.ensure_demo_accounts(fresh_demo) == 0  # already there: none added twice
    assert auth.ensure_demo_accounts(demo_store) == 0  # the seeded demo database has them all already
    assert set(demo_store.accounts()["username"]) >= set(made.index)
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
        auth.sign_in(admin_store, "beheer", f"fout {i} wachtwoord", now=T0)
    monkeypatch.undo()
    assert auth.sign_in(admin_store, "beheer", PASSWORD, now=T0 + timedelta(minutes=1)).principal is None


def test_only_an_administrator_disables_an_account_and_never_their_own(admin_store) -> None:
    admin = Principal("beheer", Role.ADMIN, frozenset({"*"}))
    assert auth.create_account(admin_store, admin, "piet", "Piet Analist", "analist", "*", PASSWORD, PASSWORD) == []
    session = auth.sign_in(admin_store, "piet", PASSWORD, now=T0)
    for role in [r for r in Role if r is not Role.ADMIN]:
        other = Principal("x", role, frozenset({"*"}))
        with pytest.raises(PermissionError, match="Alleen een beheerder"):
            auth.set_disabled(admin_store, other, "piet", True)
    with pytest.raises(PermissionError, match="niet het eigen account"):
        auth.set_disabled(admin_store, admin, "beheer", True)
    accounts = admin_store.accounts().set_index("username")
    assert accounts["disabled_at"].isna().all()  # nothing was disabled by a refused call
    assert admin_store.audit_log(action="update").empty
    assert auth.resume(admin_store, session.token, now=T0 + timedelta(minutes=1)) is not None
    assert auth.sign_in(admin_store, "beheer", PASSWORD, now=T0).principal is not None
    # the administrator does disable another account: its session ends, it cannot sign in
    auth.set_disabled(admin_store, admin, "piet", True)
    assert auth.resume(admin_store, session.token, now=T0 + timedelta(minutes=2)) is None
    assert auth.sign_in(admin_store, "piet", PASSWORD, now=T0).principal is None
    assert admin_store.audit_log(action="update")["detail"].tolist() == ["uitgeschakeld"]


def test_a_weaker_hash_is_renewed_at_sign_in(admin_store) -> None:
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)
    admin_store.set_password_hash("beheer", weak)
    assert admin_store.account_secret("beheer")["password_hash"] == weak and acc.needs_rehash(weak)
    assert auth.sign_in(admin_store, "beheer", PASSWORD, now=T0).principal is not None
    renewed = str(admin_store.account_secret("beheer")["password_hash"])
    assert renewed != weak and not acc.needs_rehash(renewed)
    assert renewed.startswith("$argon2id$") and "m=8192" not in renewed
    assert acc.verify_password(renewed, PASSWORD) and not acc.verify_password(renewed, PASSWORD + "x")
    assert auth.sign_in(admin_store, "beheer", PASSWORD, now=T0 + timedelta(minutes=1)).principal is not None
    # a wrong password does not renew anything
    admin_store.set_password_hash("beheer", weak)
    assert auth.sign_in(admin_store, "beheer", "fout wachtwoord hier", now=T0).principal is None
    assert admin_store.account_secret("beheer")["password_hash"] == weak


def test_create_account_refuses_a_taken_name_an_unknown_role_and_an_unknown_area(admin_store) -> None:
    admin = Principal("beheer", Role.ADMIN, frozenset({"*"}))

    def create(name: str, role: str = "analist", scope: str = "*") -> list[str]:
        return auth.create_account(admin_store, admin, name, "Piet Jansen", role, scope, PASSWORD, PASSWORD)

    assert create("piet") == []
    assert create("piet") == ["De gebruikersnaam 'piet' bestaat al."]
    assert create(" Piet ") == ["De gebruikersnaam 'piet' bestaat al."]  # names are trimmed and lower-cased first
    assert create("beheer") == ["De gebruikersnaam 'beheer' bestaat al."]
    bad_role = create("klaas", role="superuser")
    assert len(bad_role) == 1 and bad_role[0].startswith("Onbekende rol 'superuser'; kies uit: beheerder")
    bad_scope = create("klaas", scope="Berkelland")
    assert len(bad_scope) == 1 and bad_scope[0].startswith("Werkgebied 'Berkelland' is onbekend")
    assert create("klaas", scope="") and create("klaas", scope="GM0153, Lochem")
    assert set(admin_store.accounts()["username"]) == {"beheer", "piet"}  # nothing made by a refused call
    created = admin_store.audit_log(action="create")
    assert created["record"].tolist().count("piet") == 1
    assert create("klaas", scope="GM0153, area:3") == []
    assert admin_store.accounts().set_index("username").loc["klaas", "scope"] == "GM0153, area:3"
