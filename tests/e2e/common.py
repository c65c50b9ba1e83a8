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


__all__ = ["FIRST_LOAD_MS", "MAP_IFRAME", "PHONE", "RERUN_MS", "FrameLocator", "Page", "expect", "no_injected_image"]
