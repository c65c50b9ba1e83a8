"""The Hotspots page in a real browser: meeting view, switch the period, download the PNG; phone width."""

from __future__ import annotations

import re

from tests.e2e.common import FIRST_LOAD_MS, MAP_IFRAME, PHONE, RERUN_MS, Page, expect, goto_signed_in, wait_for_idle


def _metric(page: Page, label: str):  # returns a Playwright Locator
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]')


def test_meeting_view_period_switch_and_png(page: Page, module_app_url: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    goto_signed_in(page, f"{module_app_url}/hotspots")
    expect(page.get_by_role("heading", name="Hotspots voor de werkgroep")).to_be_visible(timeout=FIRST_LOAD_MS)
    page.get_by_text("Vergaderweergave (beamer)").click()
    expect(page.locator('section[data-testid="stSidebar"]')).to_be_hidden(timeout=RERUN_MS)
    expect(page.locator(MAP_IFRAME)).to_have_count(1, timeout=RERUN_MS)  # the old view's map is gone (rerun ended)
    expect(page.locator(MAP_IFRAME)).to_be_visible(timeout=RERUN_MS)
    legend = page.frame_locator(MAP_IFRAME).get_by_text("Gi*-klasse (na correctie)")
    expect(legend).to_be_visible(timeout=RERUN_MS)
    expect(_metric(page, "Meldingen")).to_have_text(re.compile(r"\d"), timeout=RERUN_MS)
    before = _metric(page, "Meldingen").inner_text()
    page.get_by_text("Periode, selectie, methode en meldingen").click()  # the meeting view folds the controls
    page.get_by_text("12 maanden daarvoor", exact=True).click()
    expect(page.get_by_text("01-11-2024 t/m 31-10-2025", exact=False)).to_be_visible(timeout=RERUN_MS)
    # the metrics are redrawn after the caption in the same rerun: wait for them rather than read once
    expect(_metric(page, "Meldingen")).not_to_have_text(before, timeout=RERUN_MS)
    button = page.get_by_role("button", name="Kaart als PNG")
    expect(button).to_be_enabled(timeout=RERUN_MS)
    wait_for_idle(page)  # the run that drew the new period has also drawn the buttons below the table
    with page.expect_download(timeout=2 * RERUN_MS) as info:
        button.click()
    download = info.value
    assert download.suggested_filename.startswith("hotspots_20241101") and download.suggested_filename.endswith(".png")
    with open(download.path(), "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_phone_width_has_no_horizontal_scroll(page: Page, module_app_url: str) -> None:
    page.set_viewport_size(PHONE)
    goto_signed_in(page, f"{module_app_url}/hotspots")
    expect(page.get_by_role("heading", name="Hotspots voor de werkgroep")).to_be_visible(timeout=FIRST_LOAD_MS)
    expect(page.locator(MAP_IFRAME)).to_have_count(1, timeout=RERUN_MS)  # the old view's map is gone (rerun ended)
    expect(page.locator(MAP_IFRAME)).to_be_visible(timeout=RERUN_MS)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1
