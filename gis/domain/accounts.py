"""Accounts as rules, without a database: password hashing (argon2id), password and name rules,
throttling of failed sign-ins, the first-run setup token, and session expiry. The store keeps the rows;
``gis.auth`` joins both.

Passwords are hashed with argon2-cffi's ``PasswordHasher`` (argon2id, a random salt per hash). A hash
cannot be turned back into the password; ``verify_password`` only says whether a password matches.

Failed sign-ins are throttled twice (``reserve``), before the password is checked at all:

* per account and source (the client's address): ``MAX_FAILURES`` failures in a row lock that pair for
  ``LOCK_MINUTES``; someone guessing from one address locks out only that address;
* per account, from all sources together: every ``ACCOUNT_FAILURES`` failures in a row lock the account for a
  short time that grows (``ACCOUNT_LOCK_MINUTES``), except for a source that signed in to it successfully in the
  last ``KNOWN_SOURCE_DAYS`` days: the holder of the account is not kept out by others.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from gis.domain.roles import Role

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
MAX_FAILURES = 5  # failed sign-ins in a row from one source before that source is locked out of the account
LOCK_MINUTES = 15
ACCOUNT_FAILURES = 20  # failed sign-ins in a row from all sources before the account is locked for a while
ACCOUNT_LOCK_MINUTES = (1, 2, 4, 8, 15)  # the account-wide lock grows with each lock in a row, up to the last
KNOWN_SOURCE_DAYS = 30  # a source that signed in to the account this recently is not held by the account lock
IDLE_MINUTES = 30  # a session without activity for this long has expired
SESSION_HOURS = 10  # a session never lasts longer than a working day
DEMO_HASH = "!demo"  # demo accounts have no password; they sign in with the demo buttons only
SSO_HASH = "!sso"  # accounts of single sign-on have no password here; they sign in at their organisation
PRODUCT_NAMES = ("veilig buitengebied", "veiligbuitengebied", "buitengebied", "veilig", "vb", "dashboard")
MIN_SETUP_TOKEN_LENGTH = 16
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parents[2] / "data" / "common_passwords.txt"
_NAME = re.compile(r"[a-z0-9][a-z0-9._@-]{2,59}")
_SCOPE_ITEM = re.compile(r"\*|GM\d{4}|area:\d+")
_HASHER = PasswordHasher()
_DUMMY = _HASHER.hash("a password nobody has")  # verified against when the name is unknown (same time)
# Each check takes 64 MiB for a fifth of a second: parallel sign-ins wait for a slot instead of taking memory.
_CHECK_SLOTS = threading.BoundedSemaphore(4)


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (salted; a new hash every call)."""
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored``. Unknown names and demo accounts cost the same time and fail."""
    with _CHECK_SLOTS:
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


def password_problems(name: str, password: str, repeat: str, display_name: str = "") -> list[str]:
    """Dutch problems with a new password; empty when it may be used (NIST SP 800-63B: a minimum length, no
    composition rules, but no common or breached password and nothing derived from the user or the service)."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"Het wachtwoord is te kort: minstens {MIN_PASSWORD_LENGTH} tekens (een zin mag).")
    if len(password) > MAX_PASSWORD_LENGTH:
        problems.append(f"Het wachtwoord is te lang: hoogstens {MAX_PASSWORD_LENGTH} tekens.")
    if name and name.casefold() in password.casefold():
        problems.append("Het wachtwoord mag de gebruikersnaam niet bevatten.")
    elif _about_the_user(password, name, display_name):
        problems.append(
            "Het wachtwoord lijkt op uw naam, uw gebruikersnaam of de naam van het dashboard; kies iets anders."
        )
    if is_common_password(password):
        problems.append(
            "Dit wachtwoord is te voorspelbaar: het staat, eventueel met cijfers of tekens ervoor of erachter, op "
            "een lijst van veelgebruikte en uitgelekte wachtwoorden. Kies een zin van een paar woorden."
        )
    elif len(set(password)) < 5:
        problems.append("Het wachtwoord bestaat uit te weinig verschillende tekens.")
    if password != repeat:
        problems.append("De twee wachtwoorden zijn niet gelijk.")
    return problems


_LEET = str.maketrans({"0": "o", "1": "i", "!": "i", "3": "e", "4": "a", "@": "a", "$": "s", "5": "s", "7": "t",
                       "8": "b", "9": "g", "+": "t", "|": "l"})  # fmt: skip
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def password_variants(password: str) -> set[str]:
    """What a password is compared as: case-folded, without spaces, without digits and symbols before or after
    the letters, letter-for-digit swaps undone (``w3lk0m`` is ``welkom``), one repeated part (``welkomwelkom``)."""
    low = password.casefold()
    flat = re.sub(r"\s+", "", low)
    alnum = re.sub(r"[\W_]+", "", low)
    found = {low, flat, alnum}
    for text in (flat, alnum):
        core = _EDGES.sub("", text)
        found |= {core, core.translate(_LEET), _EDGES.sub("", text.translate(_LEET))}
    for text in list(found):
        if repeated := re.fullmatch(r"(.+?)\1+", text):
            found.add(repeated.group(1))
    return {v for v in found if v}


@cache
def common_passwords() -> frozenset[str]:
    """The list of common and breached passwords (``data/common_passwords.txt``, lower case, ``#`` comments)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().casefold() for line in lines if line.strip() and not line.startswith("#"))


def is_common_password(password: str) -> bool:
    """Whether the password is, up to case, spaces, trailing or leading digits and symbols, a common one."""
    return not password_variants(password).isdisjoint(common_passwords())


def _about_the_user(password: str, name: str, display_name: str) -> bool:
    """Whether the password is (a variant of) the user name, a part of the display name or the product's
    name, or contains the whole display name or the product's name."""
    words = {w for w in re.split(r"[\W_]+", f"{name} {display_name}".casefold()) if len(w) >= 3}
    whole = re.sub(r"[\W_]+", "", display_name.casefold())
    words |= {name.casefold(), name.casefold().split("@")[0], whole, *PRODUCT_NAMES}
    variants = password_variants(password)
    if not variants.isdisjoint(words - {""}):
        return True
    alnum = re.sub(r"[\W_]+", "", password.casefold())
    return any(part and len(part) >= 5 and part in alnum for part in (whole, "buitengebied"))


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


@dataclass(frozen=True)
class Attempts:
    """The sign-in state of an account from one source, or of the account from all sources together."""

    failures: int = 0  # attempts in a row that did not succeed (an attempt counts as failed until it succeeds)
    locked_until: datetime | None = None
    locks: int = 0  # locks in a row (the account-wide lock grows with it)
    last_success: datetime | None = None


@dataclass(frozen=True)
class Reservation:
    """Whether an attempt may be checked; the new states to store; why not (Dutch, for the audit log)."""

    allowed: bool
    source: Attempts
    account: Attempts
    reason: str = ""


def _expired(state: Attempts, now: datetime) -> Attempts:
    if state.locked_until is not None and state.locked_until <= now:
        return replace(state, failures=0, locked_until=None)
    return state


def reserve(source: Attempts, account: Attempts, now: datetime) -> Reservation:
    """Decide, before the password is checked, whether this attempt may be checked at all, and count it as a
    failure already (a success resets the count): of many parallel attempts at most ``MAX_FAILURES`` from one
    source, and ``ACCOUNT_FAILURES`` from all sources, are ever checked before a lock."""
    source, account = _expired(source, now), _expired(account, now)
    known = source.last_success is not None and now - source.last_success <= timedelta(days=KNOWN_SOURCE_DAYS)
    if source.locked_until is not None:
        return Reservation(False, source, account, f"bron geblokkeerd tot {source.locked_until:%H:%M}")
    if account.locked_until is not None and not known:
        return Reservation(False, source, account, f"account geblokkeerd tot {account.locked_until:%H:%M}")
    notes = []
    source = replace(source, failures=source.failures + 1)
    if source.failures >= MAX_FAILURES:
        source = replace(source, locked_until=now + timedelta(minutes=LOCK_MINUTES), locks=source.locks + 1)
        notes.append(f"bron geblokkeerd tot {source.locked_until:%H:%M}")
    account = replace(account, failures=account.failures + 1)
    if account.locked_until is None and account.failures >= ACCOUNT_FAILURES:
        minutes = ACCOUNT_LOCK_MINUTES[min(account.locks, len(ACCOUNT_LOCK_MINUTES) - 1)]
        account = replace(account, locked_until=now + timedelta(minutes=minutes), locks=account.locks + 1)
        notes.append(f"account geblokkeerd tot {account.locked_until:%H:%M} ({minutes} min.)")
    return Reservation(True, source, account, ", ".join(notes))


def succeeded(now: datetime) -> tuple[Attempts, Attempts]:
    """The states (source, account) after a successful sign-in: counts and locks reset, the source is known
    from now on."""
    return Attempts(last_success=now), Attempts(last_success=now)


def new_setup_token() -> str:
    """A one-time token for the first-run setup (printed on the server console)."""
    return secrets.token_urlsafe(18)


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
