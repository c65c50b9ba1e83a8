"""Signing in and out, first-run setup and demo accounts: the account rules (``gis.domain.accounts``)
applied to the store. No Streamlit here; ``gis.ui.login`` draws the forms and passes the client's address
as ``source``.

Every sign-in, successful or not, and every sign-out is written to the audit log; a failed sign-in under a
name that is no account is logged as ``(onbekende naam)``, never as typed (it may be a password). Every
refusal has the same message and takes the same time, so that nobody learns which accounts exist or are
locked.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from gis.clock import now_nl
from gis.domain import accounts as acc
from gis.domain.roles import Principal, Role
from gis.domain.sso import SsoConfig, principal_from_claims
from gis.store import Store, StoreError

DEMO_ACCOUNTS: tuple[tuple[str, str, Role], ...] = (
    ("demo-beheerder", "Demo beheerder", Role.ADMIN),
    ("demo-coordinator", "Demo coördinator", Role.COORDINATOR),
    ("demo-analist", "Demo analist", Role.ANALYST),
    ("demo-inspecteur", "Demo inspecteur", Role.INSPECTOR),
    ("demo-werkgroep", "Demo werkgroeplid", Role.WORKGROUP),
    ("demo-auditor", "Demo auditor", Role.AUDITOR),
    ("demo-publiek", "Demo publiek", Role.PUBLIC),
)
REFUSED = (
    "Aanmelden is niet gelukt. Controleer naam en wachtwoord; na herhaalde mislukte pogingen moet u enkele "
    "minuten wachten."
)
UNKNOWN_NAME = "(onbekende naam)"  # the audit log's user for a failed sign-in under a name that is no account
UNKNOWN_SOURCE = "(onbekend)"
SETUP_ENV = "VB_SETUP_TOKEN"
SETUP_DONE = "Het beheerdersaccount is al aangemaakt; log in met uw naam en wachtwoord."


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in: the principal and session token, or a Dutch message why not."""

    principal: Principal | None
    token: str | None
    message: str = ""


def _principal(row: dict[str, object]) -> Principal:
    return Principal(str(row["username"]), acc.parse_role(str(row["role"])), acc.parse_scope(str(row["scope"])))


def _ts(value: object) -> datetime | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).to_pydatetime()  # type: ignore[arg-type]


def _open_session(store: Store, row: dict[str, object], now: datetime, how: str) -> SignIn:
    token = acc.new_token()
    store.start_session(acc.token_hash(token), str(row["username"]), now)
    store.audit(str(row["username"]), "login", "accounts", row["username"], how, role=str(row["role"]))
    return SignIn(_principal(row), token)


def _source(source: str | None) -> str:
    text = " ".join(str(source or "").split())[:100]
    return text if text and text != "*" else UNKNOWN_SOURCE


def sign_in(store: Store, username: str, password: str, now: datetime | None = None, source: str = "") -> SignIn:
    """Check a name and password from ``source`` (the client's address); on success a new session.

    The attempt is first reserved in the store (``gis.domain.accounts.reserve``): counted as a failure and
    refused unchecked when the source or the account is locked, all at once, so parallel attempts cannot
    all be checked. Every refusal has the message ``REFUSED`` and costs one password check."""
    now = now or now_nl()
    where = _source(source)
    name = (username or "").strip().casefold()[:200]
    row = store.account_secret(name) if name else None
    if row is None:
        acc.verify_password(None, password)  # same time as a real check
        store.audit(UNKNOWN_NAME, "login", "accounts", None, f"onbekende naam, vanaf {where}", outcome="mislukt")
        return SignIn(None, None, REFUSED)
    role = str(row["role"])

    def refuse(detail: str) -> SignIn:
        store.audit(name, "login", "accounts", name, f"{detail}, vanaf {where}", role=role, outcome="mislukt")
        return SignIn(None, None, REFUSED)

    if _ts(row["disabled_at"]):
        acc.verify_password(None, password)
        return refuse("account uitgeschakeld")
    try:
        reservation = store.change_sign_in_state(name, where, lambda s, a: _reserve(s, a, now), now)
    except StoreError:  # kept conflicting: not checked, so not counted either
        acc.verify_password(None, password)
        return refuse("database bezet, wachtwoord niet gecontroleerd")
    if not reservation.allowed:
        acc.verify_password(None, password)
        return refuse(f"{reservation.reason}, wachtwoord niet gecontroleerd")
    if not acc.verify_password(str(row["password_hash"]), password):
        counts = (
            f"{reservation.source.failures}e keer op rij vanaf deze bron, {reservation.account.failures}e in totaal"
        )
        return refuse(f"verkeerd wachtwoord ({counts})" + (f", {reservation.reason}" if reservation.reason else ""))
    with suppress(StoreError):  # else the reserved attempt stays counted as a failure: safe; the sign-in is good
        store.change_sign_in_state(name, where, lambda s, a: (*acc.succeeded(now), None), now)
    if acc.needs_rehash(str(row["password_hash"])):
        store.set_password_hash(name, acc.hash_password(password))
    return _open_session(store, row, now, f"wachtwoord, vanaf {where}")


def _reserve(source: acc.Attempts, account: acc.Attempts, now: datetime) -> tuple[acc.Attempts, acc.Attempts, object]:
    reservation = acc.reserve(source, account, now)
    return reservation.source, reservation.account, reservation


def demo_sign_in(store: Store, username: str, now: datetime | None = None) -> SignIn:
    """Sign in to a demo account without a password; only demo accounts in a demo database."""
    row = store.account_secret(username)
    if not store.is_demo() or row is None or not bool(row["is_demo"]):
        raise PermissionError("Inloggen zonder wachtwoord kan alleen met een demo-account in een demodatabase.")
    return _open_session(store, row, now or now_nl(), "demo-knop")


def sso_sign_in(store: Store, claims: Mapping[str, object], cfg: SsoConfig, now: datetime | None = None) -> SignIn:
    """Sign in with the claims of an identity token (single sign-on): the account is made or updated with
    the role and scope the claims give; no mapped role, or a disabled account, is refused (and logged)."""
    principal = principal_from_claims(claims, cfg)
    who = str(next((claims[c] for c in ("email", "preferred_username", "sub") if claims.get(c)), "(onbekend)"))
    if principal is None:
        store.audit(who[:200], "login", "accounts", who[:200], f"single sign-on: geen rol in claim '{cfg.claim}'",
                    outcome="mislukt")  # fmt: skip
        return SignIn(None, None, "Uw organisatie-account heeft geen rol voor dit dashboard; vraag de beheerder.")
    scope = ", ".join(sorted(principal.scope))
    display = str(claims.get("name") or principal.user)[:120]
    row = store.account_secret(principal.user)
    if row is None:
        store.create_account(principal.user, display, principal.role.value, scope, acc.SSO_HASH, "single sign-on")
    elif str(row["password_hash"]) != acc.SSO_HASH:  # never take over a local or demo account
        store.audit(principal.user, "login", "accounts", principal.user,
                    "single sign-on: naam hoort bij een lokaal account", outcome="mislukt")  # fmt: skip
        return SignIn(None, None, "Er bestaat al een lokaal account met deze naam; vraag de beheerder.")
    elif _ts(row["disabled_at"]):
        store.audit(principal.user, "login", "accounts", principal.user, "single sign-on: account uitgeschakeld",
                    outcome="mislukt")  # fmt: skip
        return SignIn(None, None, "Dit account is uitgeschakeld; vraag de beheerder.")
    else:
        store.update_grant(principal.user, principal.role.value, scope, display)
    row = store.account_secret(principal.user)
    return _open_session(store, row, now or now_nl(), f"single sign-on ({cfg.provider})")  # type: ignore[arg-type]


def resume(store: Store, token: str | None, now: datetime | None = None) -> Principal | None:
    """The principal of a valid session token (and note the activity); None when it ended or expired."""
    if not token:
        return None
    now = now or now_nl()
    key = acc.token_hash(token)
    row = store.session(key)
    if row is None or _ts(row["ended_at"]) or _ts(row["disabled_at"]):
        return None
    reason = acc.session_end_reason(_ts(row["created_at"]), _ts(row["last_seen"]), now)  # type: ignore[arg-type]
    if reason:
        store.end_session(key, reason)
        store.audit(str(row["username"]), "logout", "accounts", row["username"], f"sessie {reason}",
                    role=str(row["role"]))  # fmt: skip
        return None
    store.touch_session(key, now)
    return _principal(row)


def sign_out(store: Store, token: str | None) -> None:
    """End the session of this token; it cannot be used again."""
    if not token:
        return
    key = acc.token_hash(token)
    row = store.session(key)
    if row is not None and not _ts(row["ended_at"]):
        store.end_session(key, "afgemeld")
        store.audit(str(row["username"]), "logout", "accounts", row["username"], "afgemeld", role=str(row["role"]))


def create_account(
    store: Store, by: Principal | None, username: str, display_name: str, role: str, scope: str, password: str,
    repeat: str,
) -> list[str]:  # fmt: skip
    """Create an account (by an administrator; the first one is made by ``setup_administrator``); Dutch
    problems, empty when done."""
    if by is None or by.role is not Role.ADMIN:
        return ["Alleen een beheerder maakt accounts aan."]
    name, display, problems = _new_account_problems(username, display_name, password, repeat)
    try:
        chosen = acc.parse_role(role)
        acc.parse_scope(scope)
    except ValueError as exc:
        problems.append(str(exc))
    if problems:
        return problems
    try:
        store.create_account(name, display, chosen.value, scope.strip(), acc.hash_password(password), by.user)
    except StoreError as exc:
        return [str(exc)]
    store.audit(by.user, "create", "accounts", name, f"rol {chosen.value}, werkgebied {scope.strip()}",
                role=by.role.value)  # fmt: skip
    return []


def _new_account_problems(username: str, display_name: str, password: str, repeat: str) -> tuple[str, str, list[str]]:
    name = (username or "").strip().casefold()
    display = " ".join((display_name or "").split())[:120]
    problems = acc.username_problems(name) + acc.password_problems(name, password, repeat, display)
    if not display:
        problems.append("Vul een naam in zoals collega's die kennen.")
    return name, display, problems


def setup_needed(store: Store) -> bool:
    """Whether the database waits for its first administrator (no account yet, and not a demo)."""
    return not store.has_accounts() and not store.is_demo()


def _announce(text: str) -> None:
    print(f"[Veilig Buitengebied] {text}", flush=True)


def prepare_setup(store: Store, announce: Callable[[str], None] = _announce) -> str | None:
    """Make the one-time setup token when the database waits for its first administrator: the value of
    ``VB_SETUP_TOKEN`` (at least 16 characters), else a new random one, announced on the server console.
    Only its hash is stored; a new call replaces an earlier token. None when no setup is needed."""
    if not setup_needed(store):
        return None
    token = os.environ.get(SETUP_ENV, "").strip()
    if token and len(token) < acc.MIN_SETUP_TOKEN_LENGTH:
        announce(f"{SETUP_ENV} is te kort (minstens {acc.MIN_SETUP_TOKEN_LENGTH} tekens) en wordt niet gebruikt.")
        token = ""
    if token:
        announce(f"Eerste start: maak het beheerdersaccount aan met het setup-token uit {SETUP_ENV}.")
    else:
        token = acc.new_setup_token()
        announce(f"Eerste start: het setup-token voor het beheerdersaccount is: {token}  (eenmalig te gebruiken)")
    store.set_setup_token(acc.token_hash(token))
    return token


def setup_administrator(
    store: Store, token: str, username: str, display_name: str, password: str, repeat: str
) -> list[str]:
    """Create the first account, the administrator's, with the one-time setup token (``prepare_setup``): once;
    of parallel setups exactly one succeeds. Dutch problems, empty when done."""
    if not setup_needed(store):
        return [SETUP_DONE]
    name, display, problems = _new_account_problems(username, display_name, password, repeat)
    token = (token or "").strip()
    if not token:
        problems.insert(0, "Vul het setup-token in: het staat in de uitvoer van de server bij het starten.")
    if problems:
        return problems
    try:
        store.create_first_account(name, display, Role.ADMIN.value, "*", acc.hash_password(password),
                                   acc.token_hash(token))  # fmt: skip
    except StoreError as exc:
        store.audit("(eerste start)", "create", "accounts", None, f"eerste beheerder geweigerd: {exc}",
                    outcome="mislukt")  # fmt: skip
        return [str(exc)]
    store.audit(name, "create", "accounts", name, "eerste beheerder, met het setup-token; werkgebied *",
                role=Role.ADMIN.value)  # fmt: skip
    return []


def set_disabled(store: Store, by: Principal, username: str, disabled: bool) -> None:
    """Disable an account (its sessions end at once) or enable it again; administrators only, logged."""
    if by.role is not Role.ADMIN or username == by.user:
        raise PermissionError("Alleen een beheerder schakelt accounts uit, en niet het eigen account.")
    store.set_account_disabled(username, disabled)
    store.audit(by.user, "update", "accounts", username, "uitgeschakeld" if disabled else "ingeschakeld",
                role=by.role.value)  # fmt: skip


def unlock_account(store: Store, by: Principal, username: str) -> int:
    """Lift the sign-in locks of an account, from every source (administrators only, logged); returns how
    many locks there were."""
    if by.role is not Role.ADMIN:
        raise PermissionError("Alleen een beheerder heft een blokkering op.")
    lifted = store.unlock_account(username)
    store.audit(by.user, "update", "accounts", username, f"blokkering opgeheven ({lifted} actief)",
                role=by.role.value)  # fmt: skip
    return lifted


def ensure_demo_accounts(store: Store) -> int:
    """Create the demo accounts (no password) in a demo database; returns how many were added."""
    if not store.is_demo():
        return 0
    known = set(store.accounts()["username"])
    added = 0
    for name, display, role in DEMO_ACCOUNTS:
        if name not in known:
            store.create_account(name, display, role.value, "*", acc.DEMO_HASH, "demo", is_demo=True)
            added += 1
    return added
