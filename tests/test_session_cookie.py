"""The sign-in cookie: signing and checking (tamper, other secret, expiry), one-time tickets, the route that
sets the HttpOnly cookie, and the shell's Dutch CSS for Streamlit's own texts."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.requests import Request

from gis.domain.session_cookie import COOKIE_NAME, MAX_AGE_S, TicketBook, sign, verify
from gis.ui import session_cookie
from gis.ui.streamlit_nl import shell_css

SECRET = "a" * 64
TOKEN = "Zelmn4vpk2oIcbZeD-_x"
NOW = 1_800_000_000.0


def test_a_signed_token_comes_back_until_it_expires() -> None:
    value = sign(TOKEN, SECRET, NOW, max_age=3600)
    assert value.startswith(f"v1.{TOKEN}.{int(NOW) + 3600}.")
    assert verify(value, SECRET, NOW) == TOKEN
    assert verify(value, SECRET, NOW + 3599) == TOKEN
    assert verify(value, SECRET, NOW + 3600) is None  # expired at the second it was signed for
    assert MAX_AGE_S == 10 * 3600  # never longer than a session may last


@pytest.mark.parametrize(
    "change",
    [
        lambda v: v.replace(TOKEN, "Xelmn4vpk2oIcbZeD-_x"),  # another token, same signature
        lambda v: v.replace(f".{int(NOW) + 3600}.", f".{int(NOW) + 99999}."),  # a later expiry
        lambda v: v[:-1] + ("0" if v[-1] != "0" else "1"),  # the signature altered
        lambda v: "v2" + v[2:],
        lambda v: v + ".x",
        lambda v: v.split(".", 1)[1],
        lambda v: "",
        lambda v: v + "0" * 500,
    ],
)
def test_an_altered_cookie_is_refused(change) -> None:
    assert verify(change(sign(TOKEN, SECRET, NOW, max_age=3600)), SECRET, NOW) is None


def test_a_cookie_of_another_secret_is_refused() -> None:
    assert verify(sign(TOKEN, "b" * 64, NOW), SECRET, NOW) is None
    assert verify(sign(TOKEN, SECRET, NOW), "", NOW) is None
    with pytest.raises(ValueError, match="geheim"):
        sign("met.punt", SECRET, NOW)


def test_a_ticket_is_redeemed_once_and_only_in_time() -> None:
    book = TicketBook(seconds=30)
    ticket = book.issue("v1.x.1.y", 3600, NOW)
    assert book.is_open(ticket, NOW + 30)
    found = book.redeem(ticket, NOW + 5)
    assert found is not None and (found.value, found.max_age) == ("v1.x.1.y", 3600)
    assert book.redeem(ticket, NOW + 6) is None  # used
    late = book.issue("v1.x.1.y", 3600, NOW)
    assert not book.is_open(late, NOW + 31) and book.redeem(late, NOW + 31) is None
    assert book.redeem("guessed", NOW) is None and book.redeem(None, NOW) is None
    book.issue("v", 1, NOW)
    book.issue("v", 1, NOW + 100)  # expired tickets are dropped as new ones come
    assert len(book) == 1


def _post(body: bytes, headers: dict[str, str] | None = None) -> tuple[int, list[str]]:
    raw = [(k.lower().encode(), v.encode()) for k, v in {"host": "127.0.0.1:8501", **(headers or {})}.items()]
    scope = {"type": "http", "method": "POST", "path": session_cookie.ROUTE, "headers": raw, "scheme": "http",
             "server": ("127.0.0.1", 8501), "query_string": b""}  # fmt: skip

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": body, "more_body": False}

    with ThreadPoolExecutor(1) as pool:  # its own event loop, also beside Playwright's in the same session
        response = pool.submit(asyncio.run, session_cookie.exchange(Request(scope, receive))).result(30)
    cookies = [v.decode() for k, v in response.raw_headers if k == b"set-cookie"]
    return response.status_code, cookies


def test_the_route_sets_an_httponly_strict_cookie_once() -> None:
    ticket = session_cookie.BOOK.issue("v1.tok.123.mac", 3600, time.time())
    status, cookies = _post(ticket.encode(), {"origin": "http://127.0.0.1:8501"})
    assert status == 204 and len(cookies) == 1
    parts = [p.strip().lower() for p in cookies[0].split(";")]
    assert parts[0] == f"{COOKIE_NAME}=v1.tok.123.mac" and "httponly" in parts and "samesite=strict" in parts
    assert "max-age=3600" in parts and "path=/" in parts and "secure" not in parts
    assert _post(ticket.encode()) == (403, [])  # one time only


def test_the_route_refuses_another_origin_and_clears_with_an_empty_value() -> None:
    now = time.time()
    ticket = session_cookie.BOOK.issue("v1.tok.123.mac", 3600, now)
    assert _post(ticket.encode(), {"origin": "https://evil.example"}) == (403, [])
    clear = session_cookie.BOOK.issue("", 0, now)
    status, cookies = _post(clear.encode(), {"x-forwarded-proto": "https"})
    assert status == 204
    parts = [p.strip().lower() for p in cookies[0].split(";")]
    assert parts[0] in (f"{COOKIE_NAME}=", f'{COOKIE_NAME}=""') and "max-age=0" in parts and "secure" in parts


def test_the_dutch_shell_css_replaces_streamlits_uploader_texts() -> None:
    css = shell_css("nl", limit_mb=60)
    assert 'content: "Bestand kiezen"' in css and 'content: "Maximaal 60 MB per bestand"' in css
    assert 'content: "Sleep een bestand hierheen"' in css and 'content: "Sleep bestanden hierheen"' in css
    assert "stFileUploaderDropzoneInstructions" in css and 'content: "Alles selecteren"' in css
    english = shell_css("en", limit_mb=60)
    assert "content:" not in english and "vb_shell_script" in english


def test_page_link_labels_wrap_in_both_languages() -> None:
    """A long "Naar ... (tabblad ...)" link wraps on a phone instead of ending in "…" (seen at 390 px)."""
    for lang in ("nl", "en"):
        css = shell_css(lang, limit_mb=60)
        rule = css[css.index('[data-testid="stPageLink-NavLink"] span') :]
        assert "white-space: normal !important" in rule.split("}")[0]
        assert "text-overflow: clip" in rule.split("}")[0]
