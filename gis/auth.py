"""Signing in and out, first-run setup and demo accounts: the account rules (``gis.domain.accounts``)
applied to the store. No Streamlit here; ``gis.ui.login`` draws the forms.

Every sign-in, successful or not, and every sign-out is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

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


def sign_in(store: Store, username: str, password: str, now: datetime | None = None) -> SignIn:
    """Check a name and password; on success a new session. Failures count towards a lock-out."""
    now = now or datetime.now()
    name = (username or "").strip().casefold()[:200]
    refused = "Onbekende gebruikersnaam of verkeerd wachtwoord."
    row = store.account_secret(name) if name else None
    if row is None or (row["disabled_at"] is not None and not pd.isna(row["disabled_at"])):
        acc.verify_password(None, password)  # same time as a real check
        why = "onbekende gebruikersnaam" if row is None else "account uitgeschakeld"
        store.audit(name or "(leeg)", "login", "accounts", name, why, outcome="mislukt")
        return SignIn(None, None, refused)
    locked = _ts(row["locked_until"])
    if locked and locked > now:
        store.audit(name, "login", "accounts", name, "account geblokkeerd", role=str(row["role"]), outcome="mislukt")
        return SignIn(None, None, f"Dit account is geblokkeerd na te veel mislukte pogingen, tot {locked:%H:%M}. "
                                  "Probeer het daarna opnieuw of vraag de beheerder.")  # fmt: skip
    if not acc.verify_password(str(row["password_hash"]), password):
        failures = store.record_login(name, ok=False)  # counted in the database: parallel attempts add up
        until = acc.lock_after(failures, now)
        if until:
            store.lock_account(name, until)
        detail = f"verkeerd wachtwoord ({failures}e keer op rij)" + (", account geblokkeerd" if until else "")
        store.audit(name, "login", "accounts", name, detail, role=str(row["role"]), outcome="mislukt")
        if until:
            return SignIn(None, None, f"Te veel mislukte pogingen: het account is geblokkeerd tot {until:%H:%M}.")
        return SignIn(None, None, refused)
    store.record_login(name, ok=True)
    if acc.needs_rehash(str(row["password_hash"])):
        store.set_password_hash(name, acc.hash_password(password))
    return _open_session(store, row, now, "wachtwoord")


def demo_sign_in(store: Store, username: str, now: datetime | None = None) -> SignIn:
    """Sign in to a demo account without a password; only demo accounts in a demo database."""
    row = store.account_secret(username)
    if not store.is_demo() or row is None or not bool(row["is_demo"]):
        raise PermissionError("Inloggen zonder wachtwoord kan alleen met een demo-account in een demodatabase.")
    return _open_session(store, row, now or datetime.now(), "demo-knop")


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
    return _open_session(store, row, now or datetime.now(), f"single sign-on ({cfg.provider})")  # type: ignore[arg-type]


def resume(store: Store, token: str | None, now: datetime | None = None) -> Principal | None:
    """The principal of a valid session token (and note the activity); None when it ended or expired."""
    if not token:
        return None
    now = now or datetime.now()
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
    """Create an account (by an administrator, or the first one at setup); Dutch problems, empty when done."""
    first = by is None  # the first-run setup; afterwards only an administrator creates accounts
    if (first and store.has_accounts()) or (by is not None and by.role is not Role.ADMIN):
        return ["Alleen een beheerder maakt accounts aan."]
    name = (username or "").strip().casefold()
    problems = acc.username_problems(name) + acc.password_problems(name, password, repeat)
    display = " ".join((display_name or "").split())[:120]
    if not display:
        problems.append("Vul een naam in zoals collega's die kennen.")
    try:
        chosen = acc.parse_role(role)
        acc.parse_scope(scope)
    except ValueError as exc:
        problems.append(str(exc))
    if first and not problems and chosen is not Role.ADMIN:
        problems.append("Het eerste account is dat van de beheerder.")
    if problems:
        return problems
    try:
        store.create_account(name, display, chosen.value, scope.strip(), acc.hash_password(password),
                             by.user if by else name)  # fmt: skip
    except StoreError as exc:
        return [str(exc)]
    store.audit(by.user if by else name, "create", "accounts", name, f"rol {chosen.value}, werkgebied {scope.strip()}",
                role=by.role.value if by else Role.ADMIN.value)  # fmt: skip
    return []


def set_disabled(store: Store, by: Principal, username: str, disabled: bool) -> None:
    """Disable an account (its sessions end at once) or enable it again; administrators only, logged."""
    if by.role is not Role.ADMIN or username == by.user:
        raise PermissionError("Alleen een beheerder schakelt accounts uit, en niet het eigen account.")
    store.set_account_disabled(username, disabled)
    store.audit(by.user, "update", "accounts", username, "uitgeschakeld" if disabled else "ingeschakeld",
                role=by.role.value)  # fmt: skip


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
