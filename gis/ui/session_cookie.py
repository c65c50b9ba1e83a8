"""Sign-in that survives a reload: a signed, HttpOnly, SameSite=Strict cookie with the session token.

A page script cannot set an HttpOnly cookie, so the server gets one small route (``ROUTE``, added with
Streamlit's own ``st.App(routes=...)`` in ``dashboard.py``): the script makes a one-time ticket (valid
``TICKET_SECONDS``) for the signed cookie value, and a script on the page posts it to the route, whose
answer sets (or, on sign-out, clears) the cookie. On the next page load ``st.context.cookies`` holds it;
``token_from_cookie`` checks its signature and expiry, and ``gis.auth.resume`` whether the session still
runs. The signing secret is kept in the store's meta (``secret:`` keys no role can read through the guard).
"""

from __future__ import annotations

import json
import threading
import time

import streamlit as st
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from gis.domain.session_cookie import (
    COOKIE_NAME,
    MAX_AGE_S,
    SECRET_META_KEY,
    TicketBook,
    new_secret,
    sign,
    verify,
)
from gis.store import Store

ROUTE = "/api/vb-session"
LANG_COOKIE = "vb_lang"
BOOK = TicketBook()  # this server process's tickets (the route and the page scripts share the process)
_PENDING = "vb_cookie_ticket"
_READ = "vb_cookie_read"
_SECRET_LOCK = threading.Lock()


# --- the server side -----------------------------------------------------------------------------------------


def _https(request: Request) -> bool:
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return request.url.scheme == "https" or forwarded == "https"


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None:  # a same-origin fetch may leave it out; the ticket is the real check
        return True
    return origin.split("://", 1)[-1].rstrip("/") == request.headers.get("host", "")


async def exchange(request: Request) -> Response:
    """POST with a ticket as the body: 204 and the cookie set or cleared; 403 for an unknown, used or old
    ticket or another origin. Nothing is cached."""
    ticket = (await request.body()).decode("ascii", "replace").strip()[:100]
    found = BOOK.redeem(ticket, time.time()) if _same_origin(request) else None
    response = Response(status_code=204 if found else 403, headers={"Cache-Control": "no-store"})
    if found is not None:
        response.set_cookie(
            COOKIE_NAME, found.value, max_age=found.max_age, path="/", secure=_https(request), httponly=True,
            samesite="strict",
        )  # fmt: skip
    return response


def session_routes() -> list[BaseRoute]:
    """The route to add to Streamlit's server (``st.App(..., routes=session_routes())``)."""
    return [Route(ROUTE, exchange, methods=["POST"])]


# --- the page side -------------------------------------------------------------------------------------------


def cookie_secret(store: Store) -> str:
    """The store's signing secret, made at first use."""
    secret = store.get_meta(SECRET_META_KEY)
    if secret:
        return secret
    with _SECRET_LOCK:  # threads of this process; other processes: the store keeps the first one stored
        return store.meta_first(SECRET_META_KEY, new_secret())


def _cookies() -> dict[str, str]:
    try:
        return dict(st.context.cookies)
    except Exception:  # outside a browser session (AppTest, bare mode)
        return {}


def token_from_cookie(store: Store) -> str | None:
    """Once per browser session: the session token from a valid sign-in cookie, else None (an altered,
    foreign or expired cookie is cleared)."""
    if st.session_state.get(_READ):
        return None
    value = _cookies().get(COOKIE_NAME)
    if not value:
        st.session_state[_READ] = True
        return None
    secret = cookie_secret(store)  # an unreachable database raises here: the cookie is read again next run
    st.session_state[_READ] = True
    token = verify(value, secret, time.time())
    if token is None:
        forget()
    return token


def remember(store: Store, token: str | None) -> None:
    """Set the cookie for this session's ``token`` (on the next page draw, see ``flush``)."""
    if token:
        value = sign(token, cookie_secret(store), time.time())
        st.session_state[_PENDING] = BOOK.issue(value, MAX_AGE_S, time.time())


def forget() -> None:
    """Clear the cookie (on the next page draw, see ``flush``)."""
    st.session_state[_PENDING] = BOOK.issue("", 0, time.time())


def refused(token: str | None) -> None:
    """The session of ``token`` ended: clear a cookie that holds it."""
    if token:
        forget()


def _script(ticket: str) -> str:
    return (
        "<script>fetch(" + json.dumps(ROUTE) + ", {method: 'POST', body: " + json.dumps(ticket)
        + ", credentials: 'same-origin', cache: 'no-store'})</script>"
    )  # fmt: skip


def flush(lang: str, extra: str = "") -> None:
    """Draw what the browser must do for this session (hidden): keep the language in a cookie, and post an
    open ticket (again on every run until it is used, as a rerun may come before the browser ran it);
    ``extra`` is more of the shell's script (HTML)."""
    ticket = st.session_state.get(_PENDING)
    if ticket and not BOOK.is_open(ticket, time.time()):
        st.session_state.pop(_PENDING, None)
        ticket = None
    lang_cookie = f"{LANG_COOKIE}={lang}; path=/; max-age=31536000; samesite=lax"
    body = f"<script>document.cookie = {json.dumps(lang_cookie)};</script>"
    with st.container(key="vb_shell_script"):
        st.html(body + (_script(ticket) if ticket else "") + extra, unsafe_allow_javascript=True)
