"""Accounts as rules, without a database: password hashing (argon2id), password and name rules,
lock-out after repeated failures, and session expiry. The store keeps the rows; ``gis.auth`` joins both.

Passwords are hashed with argon2-cffi's ``PasswordHasher`` (argon2id, a random salt per hash). A hash
cannot be turned back into the password; ``verify_password`` only says whether a password matches.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from gis.domain.roles import Role

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
MAX_FAILURES = 5  # failed sign-ins in a row before the account is locked
LOCK_MINUTES = 15
IDLE_MINUTES = 30  # a session without activity for this long has expired
SESSION_HOURS = 10  # a session never lasts longer than a working day
DEMO_HASH = "!demo"  # demo accounts have no password; they sign in with the demo buttons only
SSO_HASH = "!sso"  # accounts of single sign-on have no password here; they sign in at their organisation
_NAME = re.compile(r"[a-z0-9][a-z0-9._@-]{2,59}")
_SCOPE_ITEM = re.compile(r"\*|GM\d{4}|area:\d+")
_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("a password nobody has")  # verified against when the name is unknown (same time)


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (salted; a new hash every call)."""
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored``. Unknown names and demo accounts cost the same time and fail."""
    try:
        if not stored or stored in (DEMO_HASH, SSO_HASH):
            _HASHER.verify(_DUMMY, password)
            return False
        return _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether the hash was made with weaker settings than today's (then it is renewed at sign-in)."""
    try:
        return _HASHER.check_needs_rehash(stored)
    except InvalidHashError:
        return False


def username_problems(name: str) -> list[str]:
    """Dutch problems with a new user name (3-60 characters: lowercase letters, digits, . _ @ -)."""
    if not _NAME.fullmatch(name or ""):
        return [
            "Gebruikersnaam: 3 tot 60 tekens, kleine letters, cijfers en . _ @ - (bijvoorbeeld 'j.jansen' "
            "of 'jansen@gemeente.nl'), te beginnen met een letter of cijfer."
        ]
    return []


def password_problems(name: str, password: str, repeat: str) -> list[str]:
    """Dutch problems with a new password; empty when it may be used."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"Het wachtwoord is te kort: minstens {MIN_PASSWORD_LENGTH} tekens (een zin mag).")
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"Het wachtwoord is te lang: hoogstens {MAX_PASSWORD_LENGTH} tekens.")
    if name and name.casefold() in password.casefold():
        problems.append("Het wachtwoord mag de gebruikersnaam niet bevatten.")
    if len(set(password)) < 5:
        problems.append("Het wachtwoord bestaat uit te weinig verschillende tekens.")
    if password != repeat:
        problems.append("De twee wachtwoorden zijn niet gelijk.")
    return problems


def parse_scope(text: str) -> frozenset[str]:
    """Where a role applies, from ``"*"`` or a list like ``"GM0153, area:3"``; ValueError (Dutch) otherwise."""
    items = [p.strip() for p in re.split(r"[,;\s]+", text or "") if p.strip()]
    wrong = [p for p in items if not _SCOPE_ITEM.fullmatch(p)]
    if wrong or not items:
        shown = ", ".join(wrong) or "(leeg)"
        raise ValueError(
            f"Werkgebied '{shown}' is onbekend: gebruik * (overal), gemeentecodes zoals GM0153 of gebieden "
            "zoals area:3, gescheiden door komma's."
        )
    return frozenset(items)


def parse_role(value: str) -> Role:
    """A role from its stored value; ValueError (Dutch) when unknown."""
    try:
        return Role(value)
    except ValueError:
        raise ValueError(f"Onbekende rol '{value}'; kies uit: {', '.join(r.value for r in Role)}.") from None


def lock_after(failures: int, now: datetime) -> datetime | None:
    """Until when an account is locked after ``failures`` failed sign-ins in a row (None: not locked)."""
    return now + timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None


def session_end_reason(created: datetime, last_seen: datetime, now: datetime) -> str | None:
    """Why a session is over (``"verlopen"``: too long idle or too old), or None while it is valid."""
    if now - last_seen > timedelta(minutes=IDLE_MINUTES) or now - created > timedelta(hours=SESSION_HOURS):
        return "verlopen"
    return None


def new_token() -> str:
    """A random session token (kept in the browser session only; the store keeps its hash)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The SHA-256 of a session token, as stored."""
    return hashlib.sha256(token.encode()).hexdigest()
