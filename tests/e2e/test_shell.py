"""The session shell in the browser: a reload keeps the sign-in (HttpOnly cookie) and sign-out ends it, a
forged cookie is refused, English sticks across pages and reloads, Streamlit's uploader speaks Dutch, the
sidebar closes after navigating on a phone, two quick exports give two files, and the server log stays
clean while every page is visited."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.common import FIRST_LOAD_MS, PHONE, RERUN_MS, Page, expect, goto_signed_in, wait_for_idle
from tests.e2e.conftest import server_log

COOKIE = "vb_session"
SLOW_MS = 120_000  # a first visit to a heavy page on a loaded machine


def _until(check: Callable[[], Any], page: Page, timeout_s: float = 30.0) -> Any:
    """Poll ``check`` (e.g. the browser's cookies, which a page script cannot see) until it is truthy."""
    deadline = time.monotonic() + timeout_s
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        page.wait_for_timeout(200)


def _session_cookie(page: Page) -> dict[str, Any] | None:
    return next((c for c in page.context.cookies() if c["name"] == COOKIE and c["value"]), None)


def _signed_in_as(page: Page, who: str) -> None:
    expect(page.get_by_text(f"Ingelogd als {who}")).to_be_visible(timeout=FIRST_LOAD_MS)


def _sign_in_page(page: Page) -> None:
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible(timeout=FIRST_LOAD_MS)
    expect(page.get_by_text("Ingelogd als")).to_have_count(0)


def test_a_reload_keeps_the_sign_in_and_sign_out_ends_it(page: Page, module_app_url: str, browser: Any) -> None:
    goto_signed_in(page, f"{module_app_url}/gebieden")
    expect(page.get_by_role("heading", name="Gebieden afbakenen")).to_be_visible(timeout=FIRST_LOAD_MS)
    cookie = _until(lambda: _session_cookie(page), page)
    assert cookie, "no sign-in cookie was set"
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert not page.evaluate("document.cookie").count(COOKIE)  # page scripts cannot read it
    page.reload()
    expect(page.get_by_role("heading", name="Gebieden afbakenen")).to_be_visible(timeout=FIRST_LOAD_MS)
    _signed_in_as(page, "demo-beheerder")

    page.get_by_role("button", name="Afmelden").click()
    _sign_in_page(page)
    assert _until(lambda: _session_cookie(page) is None, page), "sign-out did not clear the cookie"
    page.reload()
    _sign_in_page(page)

    # a browser that kept the cookie of the ended session is not let in either
    other = browser.new_context(viewport=PHONE)
    try:
        other.add_cookies([{**cookie, "sameSite": "Strict"}])
        again = other.new_page()
        again.goto(f"{module_app_url}/gebieden", timeout=FIRST_LOAD_MS)
        _sign_in_page(again)
    finally:
        other.close()


def test_a_forged_or_altered_cookie_is_refused(page: Page, module_app_url: str, browser: Any) -> None:
    goto_signed_in(page, f"{module_app_url}/over")
    cookie = _until(lambda: _session_cookie(page), page)
    assert cookie
    version, token, expires, mac = cookie["value"].split(".")
    forged = [
        f"{version}.{token[:-1]}{'A' if token[-1] != 'A' else 'B'}.{expires}.{mac}",  # another token
        f"{version}.{token}.{int(expires) + 86400}.{mac}",  # a longer life
        f"{version}.{token}.{expires}.{'0' * len(mac)}",  # a made-up signature
    ]
    for value in forged:
        context = browser.new_context()
        try:
            context.add_cookies([{**cookie, "value": value}])
            other = context.new_page()
            other.goto(f"{module_app_url}/over", timeout=FIRST_LOAD_MS)
            _sign_in_page(other)
            assert _until(lambda c=context: not any(k["name"] == COOKIE and k["value"] for k in c.cookies()), other)
        finally:
            context.close()
    context = browser.new_context()  # the unaltered cookie does let in: the refusals above are the alterations
    try:
        context.add_cookies([cookie])
        other = context.new_page()
        other.goto(f"{module_app_url}/over", timeout=FIRST_LOAD_MS)
        _signed_in_as(other, "demo-beheerder")
    finally:
        context.close()


def test_english_sticks_across_pages_and_reloads(page: Page, module_app_url: str) -> None:
    goto_signed_in(page, f"{module_app_url}/over")
    expect(page.get_by_role("heading", name="Over dit dashboard")).to_be_visible(timeout=FIRST_LOAD_MS)
    sidebar = page.locator('section[data-testid="stSidebar"]')
    expect(sidebar.get_by_role("radio", name="NL", exact=True)).to_be_checked()  # shown as chosen after sign-in
    sidebar.get_by_role("radio", name="EN", exact=True).click()
    expect(page.get_by_role("heading", name="About this dashboard")).to_be_visible(timeout=RERUN_MS)
    page.get_by_role("link", name="Areas").click()  # another page, through the navigation
    expect(page.get_by_role("heading", name="Delineate areas")).to_be_visible(timeout=FIRST_LOAD_MS)
    expect(sidebar.get_by_role("radio", name="EN", exact=True)).to_be_checked()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    _until(lambda: "lang=en" in page.url, page)
    assert "lang=en" in page.url
    page.reload()
    expect(page.get_by_role("heading", name="Delineate areas")).to_be_visible(timeout=FIRST_LOAD_MS)
    page.goto(f"{module_app_url}/over", timeout=FIRST_LOAD_MS)  # an address without ?lang=: the cookie
    expect(page.get_by_role("heading", name="About this dashboard")).to_be_visible(timeout=FIRST_LOAD_MS)
    page.locator('section[data-testid="stSidebar"]').get_by_role("radio", name="NL", exact=True).click()
    expect(page.get_by_role("heading", name="Over dit dashboard")).to_be_visible(timeout=RERUN_MS)
    _until(lambda: "lang=" not in page.url, page)
    page.reload()
    expect(page.get_by_role("heading", name="Over dit dashboard")).to_be_visible(timeout=FIRST_LOAD_MS)


_AFTER = "(el, sel) => getComputedStyle(sel ? el.querySelector(sel) : el, '::after').content"
_SIZE = "(el, sel) => getComputedStyle(sel ? el.querySelector(sel) : el).fontSize"
_DRAG = """el => {
  const dt = new DataTransfer();
  dt.items.add(new File(['x'], 'a.csv', {type: 'text/csv'}));
  el.dispatchEvent(new DragEvent('dragenter', {dataTransfer: dt, bubbles: true}));
  el.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true}));
}"""


def test_the_dutch_uploader_speaks_dutch(page: Page, app_url: str) -> None:
    goto_signed_in(page, f"{app_url}/importeren")
    zone = page.locator('[data-testid="stFileUploaderDropzone"]').first
    zone.wait_for(timeout=FIRST_LOAD_MS)
    button = '[data-testid="stMarkdownContainer"] p'
    assert zone.evaluate(_AFTER, button) == '"Bestand kiezen"'
    assert zone.evaluate(_SIZE, button) == "0px"  # "Upload" is there for screen readers, not on screen
    limit = '[data-testid="stFileUploaderDropzoneInstructions"] span'
    assert re.fullmatch(r'"Maximaal \d+ MB per bestand"', zone.evaluate(_AFTER, limit))
    assert zone.evaluate(_SIZE, limit) == "0px"
    zone.evaluate(_DRAG)  # while a file is dragged over it: Streamlit's "Drag and drop a file here"
    overlay = zone.locator("xpath=./input/following-sibling::div[1]/span")
    expect(overlay).to_have_count(1, timeout=RERUN_MS)
    assert overlay.evaluate(_AFTER, None) == '"Sleep een bestand hierheen"'
    assert overlay.evaluate(_SIZE, None) == "0px"
    shot = page.screenshot()
    assert shot  # kept when the test fails (conftest); the texts above are what the eye sees


def test_the_dutch_multiselect_offers_alles_selecteren(page: Page, app_url: str) -> None:
    goto_signed_in(page, f"{app_url}/kaart")
    sources = page.locator('section[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first
    sources.wait_for(timeout=FIRST_LOAD_MS)
    wait_for_idle(page, FIRST_LOAD_MS)
    for name in ("Waterschap", "Gemeente"):  # two options free: Streamlit then offers "Select all"
        sources.get_by_role("button", name=f"Remove {name}").click()
        expect(sources.get_by_role("button", name=f"Remove {name}")).to_have_count(0, timeout=RERUN_MS)
        wait_for_idle(page, RERUN_MS)
    sources.locator("input").click()
    label = page.locator('[role="option"][data-key="__select_all__"] > div')
    expect(label).to_have_count(1, timeout=RERUN_MS)
    assert label.evaluate(_AFTER, None) == '"Alles selecteren"' and label.evaluate(_SIZE, None) == "0px"
    page.keyboard.press("Escape")


@pytest.mark.parametrize("viewport", [PHONE])
def test_on_a_phone_the_sidebar_closes_after_choosing_a_page(page: Page, app_url: str) -> None:
    goto_signed_in(page, f"{app_url}/over")
    expect(page.get_by_role("heading", name="Over dit dashboard")).to_be_visible(timeout=FIRST_LOAD_MS)
    sidebar = page.locator('section[data-testid="stSidebar"]')
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    expect(sidebar).to_have_attribute("data-collapsed", "false", timeout=RERUN_MS)
    sidebar.get_by_role("link", name="Gebieden").click()
    expect(page.get_by_role("heading", name="Gebieden afbakenen")).to_be_visible(timeout=FIRST_LOAD_MS)
    expect(sidebar).to_have_attribute("data-collapsed", "true", timeout=RERUN_MS)
    box = sidebar.bounding_box()
    assert box is None or box["x"] + box["width"] <= 1, box  # off screen, not over the content


_WATCH_RERUNS = """() => {
  window.__vbRuns = 0;
  const app = document.querySelector('[data-testid="stApp"]');
  new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') === 'running') window.__vbRuns += 1;
  }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""


def test_two_quick_export_clicks_give_two_files(page: Page, module_app_url: str) -> None:
    goto_signed_in(page, f"{module_app_url}/gebieden")
    expect(page.get_by_role("heading", name="Exporteren")).to_be_visible(timeout=FIRST_LOAD_MS)
    wait_for_idle(page, FIRST_LOAD_MS)
    first = page.get_by_role("button", name="GeoJSON (RD New)")
    second = page.get_by_role("button", name="GeoJSON (WGS84)")
    second.scroll_into_view_if_needed()
    downloads: list[Any] = []
    page.on("download", lambda d: downloads.append(d))
    expect(first).to_be_enabled()
    expect(second).to_be_enabled()
    page.evaluate(_WATCH_RERUNS)
    gap_ms = page.evaluate(  # the second click 0.4 s after the first, while the page could rerun
        """([a, b]) => new Promise(done => { const t0 = performance.now(); a.click();
             setTimeout(() => { b.click(); done(performance.now() - t0); }, 400); })""",
        [first.element_handle(), second.element_handle()],
    )
    assert 350 < gap_ms < 1000
    _until(lambda: len(downloads) >= 2, page, 60)
    assert len(downloads) == 2, [d.suggested_filename for d in downloads]
    names = sorted(d.suggested_filename for d in downloads)
    assert names[0] != names[1] and all(n.endswith(".geojson") for n in names)
    for d in downloads:
        assert d.failure() is None and b'"FeatureCollection"' in Path(d.path()).read_bytes()
    assert "Deferred file" not in server_log(module_app_url)
    # the cause of lost files: a click that reruns the page drops the other buttons' files (Streamlit makes
    # them anew); these clicks ran nothing on the server but the two files
    assert page.evaluate("window.__vbRuns") == 0


PAGES = ["kaart", "gebieden", "dumpingen", "importeren", "hotspots", "aantallen", "beheer", "audit", "over"]
_BAD = re.compile(r"Traceback|Exception|\bError\b|fragment.*(not found|does not exist)|Deferred file", re.I)


def test_the_server_log_stays_clean_on_every_page(page: Page, fresh_app_url: str, browser: Any) -> None:
    goto_signed_in(page, f"{fresh_app_url}/kaart")
    for key in PAGES:
        page.goto(f"{fresh_app_url}/{key}", timeout=SLOW_MS)  # the cookie keeps the sign-in
        expect(page.locator("h1, h2").first).to_be_visible(timeout=SLOW_MS)
        wait_for_idle(page, SLOW_MS)
    phone = browser.new_context(viewport=PHONE)
    try:
        werkgroep = phone.new_page()
        goto_signed_in(werkgroep, f"{fresh_app_url}/kaart", account="Werkgroeplid")
        expect(werkgroep.locator("h1, h2").first).to_be_visible(timeout=SLOW_MS)
        wait_for_idle(werkgroep, SLOW_MS)
        werkgroep.goto(f"{fresh_app_url}/aantallen", timeout=SLOW_MS)
        expect(werkgroep.locator("h1, h2").first).to_be_visible(timeout=SLOW_MS)
        wait_for_idle(werkgroep, SLOW_MS)
    finally:
        phone.close()
    lines = server_log(fresh_app_url).splitlines()
    bad = [i for i, line in enumerate(lines) if _BAD.search(line)]
    assert not bad, "\n".join(lines[bad[0] : bad[0] + 60])  # the first one with its trace
