"""What the browser tests share: Playwright (skip locally without it, fail in CI), selectors, timeouts."""

from __future__ import annotations

import os

import pytest

try:
    from playwright.sync_api import FrameLocator, Page, expect
except ImportError:  # same rule as conftest: skip locally, fail in CI
    if os.environ.get("CI"):
        raise
    pytest.skip("Python-pakket playwright ontbreekt: pip install -r requirements-dev.txt", allow_module_level=True)

MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
FIRST_LOAD_MS = 60_000  # the first page view of a server may create the demo database
RERUN_MS = 30_000
PHONE = {"width": 390, "height": 844}


def goto_signed_in(page: Page, url: str, account: str = "Beheerder", timeout: float = FIRST_LOAD_MS) -> None:
    """Open ``url`` and sign in with the demo button of ``account`` (a role label); the app then shows
    the page that was asked for."""
    page.goto(url, timeout=timeout)
    button = page.get_by_role("button", name=account, exact=True)
    button.wait_for(timeout=timeout)
    button.click()
    expect(page.get_by_text("Demo: inloggen als")).to_have_count(0, timeout=RERUN_MS)


_JS_IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app !== null && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelectorAll('[data-stale="true"]').length === 0;
}"""


def wait_for_idle(page: Page, timeout: float = RERUN_MS) -> None:
    """Wait until Streamlit has finished its run: the script is not running and no element is stale (left
    over from the run before). Right after a click the new run may not have started yet: first wait for
    something that run draws, then for this."""
    page.wait_for_function(_JS_IDLE, timeout=timeout)


def no_injected_image(page: Page) -> None:
    """No ``<img src=x>`` made it into any frame's DOM and the title was not changed by a script."""
    assert page.title() != "XSS"
    for frame in page.frames:
        if frame.is_detached():
            continue
        try:
            count = frame.evaluate("document.querySelectorAll('img[src=\"x\"]').length")
        except Exception as exc:  # a map iframe replaced by a rerun while we looked
            if "detached" in str(exc) or "destroyed" in str(exc):
                continue
            raise
        assert count == 0, frame.url


__all__ = [
    "FIRST_LOAD_MS", "MAP_IFRAME", "PHONE", "RERUN_MS", "FrameLocator", "Page", "expect", "goto_signed_in",
    "no_injected_image", "wait_for_idle",
]  # fmt: skip
