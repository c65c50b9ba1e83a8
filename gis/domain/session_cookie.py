"""The sign-in cookie's rules (pure Python): the session token signed with a secret (HMAC-SHA256) and an
expiry, and one-time tickets that let the browser fetch the cookie (set HttpOnly by the server).

The cookie only carries the token; whether its session still runs is the store's to say (``gis.auth.resume``
refuses a token of a session that was signed out, idle too long or older than a working day).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass

from gis.domain.accounts import SESSION_HOURS

COOKIE_NAME = "vb_session"
SECRET_META_KEY = "secret:session_cookie"  # the store's meta key; never shown to a page (guard_rules)
VERSION = "v1"
MAX_AGE_S = SESSION_HOURS * 3600  # never longer than a session may last
TICKET_SECONDS = 30.0  # a ticket must be fetched this soon after the page was drawn
_MAX_VALUE = 400


def new_secret() -> str:
    """A new random signing secret (kept in the store's meta as ``SECRET_META_KEY``)."""
    return secrets.token_hex(32)


def _mac(secret: str, token: str, expires: int) -> str:
    message = f"{VERSION}.{token}.{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(token: str, secret: str, now: float, max_age: int = MAX_AGE_S) -> str:
    """The cookie value for ``token``: ``v1.<token>.<expiry in epoch seconds>.<hmac>``."""
    if not token or "." in token or not secret:
        raise ValueError("Een sessietoken zonder punt en een geheim zijn nodig voor het inlogcookie.")
    expires = int(now) + int(max_age)
    return f"{VERSION}.{token}.{expires}.{_mac(secret, token, expires)}"


def verify(value: str | None, secret: str, now: float) -> str | None:
    """The session token in a cookie value, or None when it is malformed, altered, signed with another
    secret, or expired."""
    if not value or not secret or len(value) > _MAX_VALUE or not value.isascii():
        return None  # only ASCII: '²'.isdigit() is true but int('²') fails, and compare_digest refuses non-ASCII
    parts = value.split(".")
    if len(parts) != 4 or parts[0] != VERSION or not parts[1] or not parts[2].isdigit():
        return None
    _, token, expires_text, mac = parts
    expires = int(expires_text)
    if not hmac.compare_digest(mac, _mac(secret, token, expires)):
        return None
    return token if now < expires else None


@dataclass(frozen=True)
class Ticket:
    """What one ticket sets: the cookie value and its lifetime (an empty value with ``max_age`` 0 clears it)."""

    value: str
    max_age: int
    expires_at: float


class TicketBook:
    """One-time tickets of this server process: made by the page script, redeemed once by the browser within
    ``TICKET_SECONDS``. Safe to use from several threads."""

    def __init__(self, seconds: float = TICKET_SECONDS) -> None:
        self._seconds = seconds
        self._tickets: dict[str, Ticket] = {}
        self._lock = threading.Lock()

    def issue(self, value: str, max_age: int, now: float) -> str:
        """A new ticket for setting the cookie to ``value`` (``""`` and 0 to clear it)."""
        ticket = secrets.token_urlsafe(24)
        with self._lock:
            self._drop_expired(now)
            self._tickets[ticket] = Ticket(value, max_age, now + self._seconds)
        return ticket

    def redeem(self, ticket: str | None, now: float) -> Ticket | None:
        """What the ticket sets, once; None for an unknown, used or expired ticket."""
        with self._lock:
            found = self._tickets.pop(ticket or "", None)
            self._drop_expired(now)
        return found if found is not None and now <= found.expires_at else None

    def is_open(self, ticket: str | None, now: float) -> bool:
        """Whether the ticket was not yet redeemed and has not expired."""
        with self._lock:
            found = self._tickets.get(ticket or "")
        return found is not None and now <= found.expires_at

    def __len__(self) -> int:
        return len(self._tickets)

    def _drop_expired(self, now: float) -> None:
        for key in [k for k, v in self._tickets.items() if v.expires_at < now]:
            del self._tickets[key]
