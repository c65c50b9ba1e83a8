"""The Gebieden page in a real browser: draw a polygon, save it, reload, find it; phone width; direct links."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.common import FIRST_LOAD_MS, MAP_IFRAME, PHONE, RERUN_MS, Page, expect, goto_signed_in, wait_for_idle

NAV_NL = [
    "Kaart",
    "Gebieden",
    "Dumpingen",
    "Importeren",
    "Hotspots",
    "Aantallen",
    "Analyse",
    "Maatregelen",
    "Plan van aanpak",
    "Samenwerking",
    "Keurmerk",
    "Beheer",
    "Auditlog",
    "Over",
]
HOSTILE_NAME = "Buitengebied <img src=x onerror=\"document.title='XSS'\">"


def open_areas(page: Page, url: str) -> Any:
    goto_signed_in(page, f"{url}/gebieden")
    expect(page.get_by_role("heading", name="Gebieden afbakenen")).to_be_visible(timeout=FIRST_LOAD_MS)
    frame = page.frame_locator(MAP_IFRAME).first
    expect(frame.locator(".leaflet-draw-draw-polygon")).to_be_visible(timeout=RERUN_MS)
    return frame


# Leaflet.draw's polygon tool ignores a mouse-down until 50 ms after it took the last corner
# (``_disableMarkers``): a corner may be clicked when the tool is on and accepts one.
_JS_TAKES_A_CORNER = """() => {
  const events = (window.map && window.map._events && window.map._events.mouseup) || [];
  const tool = events.map(e => e.ctx).find(c => c && typeof c.addVertex === 'function');
  return tool !== undefined && !tool._disableMarkers;
}"""


def draw_polygon(page: Page, frame: Any, corners: list[tuple[float, float]]) -> None:
    """Click the polygon tool, click each corner (fractions of the map), close on the first corner.

    Before each click it waits until the tool accepts a corner, after it until the corner was taken (one
    more vertex marker); closing waits until the shape is finished (its vertex markers are gone; the
    caller then waits for the shape to come back to Python)."""
    frame.locator(".leaflet-draw-draw-polygon").click()
    canvas = frame.locator("#map_div")
    box = canvas.bounding_box()
    assert box, "kaart niet zichtbaar"
    handle = page.locator(MAP_IFRAME).first.element_handle()
    map_frame = handle.content_frame() if handle else None
    assert map_frame is not None, "kaart-iframe zonder inhoud"
    vertices = frame.locator(".leaflet-marker-pane .leaflet-editing-icon")
    expect(vertices).to_have_count(0)
    for n, (fx, fy) in enumerate([*corners, corners[0]], start=1):
        map_frame.wait_for_function(_JS_TAKES_A_CORNER, timeout=RERUN_MS)
        canvas.click(position={"x": box["width"] * fx, "y": box["height"] * fy})
        expect(vertices).to_have_count(n if n <= len(corners) else 0, timeout=RERUN_MS)


def test_draw_save_reload_and_find_the_area(page: Page, app_url: str) -> None:
    frame = open_areas(page, app_url)
    expect(page.get_by_text("Nog geen grens")).to_be_visible()
    draw_polygon(page, frame, [(0.42, 0.38), (0.58, 0.40), (0.57, 0.60), (0.43, 0.58)])
    # The drawing came back to Python: its hectares, parts and municipality shares are shown.
    expect(page.get_by_text("Delen", exact=True)).to_be_visible(timeout=RERUN_MS)
    expect(page.get_by_text("Nog geen grens")).to_have_count(0)
    expect(page.get_by_text("Oppervlakte (ha)", exact=True)).to_be_visible()
    expect(page.locator("[data-testid=stDataFrame]").first).to_be_visible()

    page.get_by_label("Naam", exact=True).fill(HOSTILE_NAME)
    page.get_by_role("button", name="Gebied opslaan").click()
    expect(page.get_by_text("is opgeslagen (versie 1)")).to_be_visible(timeout=RERUN_MS)

    page.reload()  # a new session, still signed in (the session cookie)
    expect(page.get_by_role("heading", name="Gebieden afbakenen")).to_be_visible(timeout=FIRST_LOAD_MS)
    wait_for_idle(page)
    page.locator('[data-testid="stSelectbox"]').first.click()
    option = page.get_by_role("option", name=HOSTILE_NAME)
    expect(option).to_be_visible(timeout=RERUN_MS)
    option.click()
    # Its first version is listed and its name is back in the form as text; nothing ran.
    expect(page.get_by_role("heading", name="Versies")).to_be_visible(timeout=RERUN_MS)
    expect(page.get_by_text("Er is nog maar één versie.")).to_be_visible()
    expect(page.get_by_label("Naam", exact=True)).to_have_value(HOSTILE_NAME)
    assert page.title() != "XSS"
    assert not [e for e in page.vb_console_errors if "XSS" in e]


@pytest.mark.parametrize("viewport", [PHONE])
def test_area_editor_fits_a_phone(page: Page, app_url: str) -> None:
    frame = open_areas(page, app_url)
    box = page.locator(MAP_IFRAME).first.bounding_box()
    assert box and box["width"] <= PHONE["width"], box
    expect(frame.locator(".leaflet-draw-draw-rectangle")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"pagina is {width} px breed op een telefoon"
    page.get_by_role("button", name="Gebied opslaan").scroll_into_view_if_needed()
    expect(page.get_by_role("button", name="Gebied opslaan")).to_be_in_viewport()


def test_direct_link_to_a_page_uses_the_app_navigation(page: Page, fresh_app_url: str) -> None:
    # The very first visit of a fresh server is a direct link to a page, not to the home page.
    goto_signed_in(page, f"{fresh_app_url}/aantallen")
    expect(page.get_by_role("heading", name="Aantallen per gemeente en gebied")).to_be_visible(timeout=FIRST_LOAD_MS)
    links = page.locator('[data-testid="stSidebarNav"] a')
    expect(links).to_have_count(len(NAV_NL))
    texts = [link.inner_text() for link in links.all()]
    assert [next(w for w in NAV_NL if w in text) for text in texts] == NAV_NL, texts
    # The home page has an address of its own too ("/" goes there), and no address gives Streamlit's English
    # "Page not found": a page the role may not open says so in Dutch.
    page.goto(f"{fresh_app_url}/")
    expect(page).to_have_url(re.compile(r"/kaart$"), timeout=FIRST_LOAD_MS)
    page.goto(f"{fresh_app_url}/kaart")
    expect(page.get_by_role("button", name="Afmelden")).to_be_visible(timeout=FIRST_LOAD_MS)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(links).to_have_count(len(NAV_NL))  # the hidden pages stay out of the sidebar
    coordinator = page.context.browser.new_page()  # type: ignore[union-attr]
    goto_signed_in(coordinator, f"{fresh_app_url}/kaart", "Coördinator (gemeente)")
    expect(coordinator.get_by_role("button", name="Afmelden")).to_be_visible(timeout=FIRST_LOAD_MS)
    coordinator.goto(f"{fresh_app_url}/beheer")
    refused = coordinator.get_by_text("Uw rol (Coördinator (gemeente)) heeft geen toegang tot deze pagina.")
    expect(refused).to_be_visible(timeout=FIRST_LOAD_MS)
    expect(coordinator.get_by_text("Page not found")).to_have_count(0)
    expect(coordinator.locator('[data-testid="stSidebarNav"] a', has_text="Beheer")).to_have_count(0)
    coordinator.close()
