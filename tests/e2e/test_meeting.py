"""The meeting (projector) view in a real browser: at 1400 x 900 the whole map is on screen under one title
line, with numbered hotspots and their place names on the map and in its list, the demo banner folded and a
DEMO mark in the title line; at 390 px the page has no horizontal overflow."""

from __future__ import annotations

import re

from tests.e2e.common import FIRST_LOAD_MS, MAP_IFRAME, PHONE, RERUN_MS, Page, expect, goto_signed_in, wait_for_idle

PROJECTOR = {"width": 1400, "height": 900}
TITLE = "Hotspots voor de werkgroep"


def _open_meeting_view(page: Page, url: str) -> None:
    goto_signed_in(page, f"{url}/hotspots")
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible(timeout=FIRST_LOAD_MS)
    expect(page.locator(MAP_IFRAME)).to_be_visible(timeout=RERUN_MS)
    page.get_by_text("Vergaderweergave (beamer)").click()
    expect(page.locator("h3").filter(has_text=TITLE)).to_be_visible(timeout=RERUN_MS)
    wait_for_idle(page)


def test_meeting_view_shows_the_whole_map_with_numbered_places(page: Page, module_app_url: str) -> None:
    page.set_viewport_size(PROJECTOR)
    _open_meeting_view(page, module_app_url)
    line = page.locator("h3").filter(has_text=TITLE)
    expect(line).to_contain_text(re.compile(r"\d{2}-\d{2}-\d{4} – \d{2}-\d{2}-\d{4}"))  # title and period, one line
    expect(line).to_contain_text("DEMO")
    expect(page.get_by_text("DEMO: alle schuren", exact=False)).to_be_hidden()  # the banner is folded away
    expect(page.locator('section[data-testid="stSidebar"]')).to_be_hidden()
    controls = page.locator('[data-testid="stExpander"]').filter(has_text="Periode, selectie, methode en meldingen")
    expect(controls).to_be_visible()
    expect(page.get_by_text("12 maanden daarvoor", exact=True)).to_be_hidden()  # the period choice is folded
    frame = page.frame_locator(MAP_IFRAME)
    ranks = frame.locator(".hs-rank")
    expect(ranks.first).to_be_visible(timeout=RERUN_MS)
    assert ranks.count() >= 3 and ranks.first.inner_text() == "1"
    items = frame.locator(".hs-list-row")
    expect(frame.locator(".hs-list")).to_contain_text("Sterkste hotspots")
    first_place = re.sub(r"^1\.\s*", "", items.first.inner_text()).strip()
    assert first_place and not re.search(r"E\d+N\d+", first_place)
    expect(frame.locator(".hs-name").first).to_have_text(first_place)  # the name beside marker 1
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["y"] >= 0, box
    assert box["x"] + box["width"] <= PROJECTOR["width"] and box["y"] + box["height"] <= PROJECTOR["height"], box
    assert box["width"] >= 0.9 * PROJECTOR["width"] and box["height"] >= 0.75 * PROJECTOR["height"], box
    assert page.evaluate("window.scrollY") == 0  # seen without scrolling


def test_phone_width_meeting_view_has_no_horizontal_overflow(page: Page, module_app_url: str) -> None:
    page.set_viewport_size(PHONE)
    _open_meeting_view(page, module_app_url)
    expect(page.frame_locator(MAP_IFRAME).locator(".hs-rank").first).to_be_attached(timeout=RERUN_MS)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"] + 1
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    expect(page.frame_locator(MAP_IFRAME).locator(".hs-list")).to_have_count(0)  # no list over a phone's map
