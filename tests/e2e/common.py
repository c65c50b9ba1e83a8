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


def choose(page: Page, label: str, option: str, scope: Page | FrameLocator | None = None) -> None:
    """Pick ``option`` in the select box ``label``: typed to filter the list, the option clicked, the box left,
    and checked once the page is idle; again when the pick was lost. A typed text that was never chosen still
    shows in the box (Enter on a list not yet filtered, under load, chose nothing) until the box loses focus,
    so the value is read only after that."""
    field = (scope or page).get_by_role("combobox", name=label).first
    for attempt in range(3):
        wait_for_idle(page)
        field.click()
        field.fill(option)
        try:
            page.get_by_role("option", name=option, exact=True).first.click(timeout=5_000)
        except Exception:  # the list was redrawn under the click
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            continue
        field.blur()
        wait_for_idle(page)
        page.wait_for_timeout(300)  # a save the choice started (the draft) may start one more run: let it start
        wait_for_idle(page)
        if field.input_value() == option:
            return
    expect(field).to_have_value(option)


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
    "FIRST_LOAD_MS", "MAP_IFRAME", "PHONE", "RERUN_MS", "FrameLocator", "Page", "choose", "expect", "goto_signed_in",
    "no_injected_image", "wait_for_idle",
]  # fmt: skip
