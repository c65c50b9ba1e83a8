"""The Dumpingen page in a real browser: log a dumping by clicking the map, find it in the register,
move it to "in onderzoek", and show that an ``<img onerror>`` note stays text. Also on a phone."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e import common
from tests.e2e.common import (
    FIRST_LOAD_MS,
    MAP_IFRAME,
    PHONE,
    RERUN_MS,
    Page,
    choose,
    expect,
    goto_signed_in,
    no_injected_image,
)
from tests.e2e.conftest import ARTIFACTS

NOTE = "<img src=x onerror=\"document.title='XSS'\"> vaten in de sloot"

# Clicks the register map's highlighted (opened) report where it is drawn, so its popup opens.
_JS_SELECTED_POINT = """() => {
  if (typeof window.map === 'undefined') return null;
  for (const id in window.map._layers) {
    const l = window.map._layers[id];
    if (l instanceof L.CircleMarker && l.options.fillColor === '#ffd92f') {
      const p = window.map.latLngToContainerPoint(l.getLatLng());
      return {x: p.x, y: p.y};
    }
  }
  return null;
}"""

# The highlighted report lies inside the map's view and the map is at rest: not zooming or panning, and
# the point and the map's size the same as at the previous poll (fitBounds and resizing are done).
_JS_SELECTED_POINT_AT_REST = (
    """() => {
  const at = ("""
    + _JS_SELECTED_POINT
    + """)();
  if (at === null) return false;
  const m = window.map, size = m.getSize();
  const inside = at.x > 5 && at.y > 5 && at.x < size.x - 5 && at.y < size.y - 5;
  const moving = m._animatingZoom || (m._panAnim && m._panAnim._inProgress);
  const key = [at.x, at.y, size.x, size.y].join(',');
  const same = window.vbLastSelectedAt === key;
  window.vbLastSelectedAt = key;
  return inside && !moving && same;
}"""
)


def log_dumping(page: Page, url: str) -> int:
    goto_signed_in(page, f"{url}/dumpingen")
    expect(page.get_by_role("heading", name="Drugsafvaldumpingen")).to_be_visible(timeout=FIRST_LOAD_MS)
    frame = page.frame_locator(MAP_IFRAME).first
    canvas = frame.locator("#map_div")
    expect(canvas).to_be_visible(timeout=RERUN_MS)
    box = canvas.bounding_box()
    assert box
    canvas.click(position={"x": box["width"] * 0.5, "y": box["height"] * 0.45})
    expect(page.get_by_text(re.compile(r"Plaats: RD \d+, \d+"))).to_be_visible(timeout=RERUN_MS)
    common.wait_for_idle(page)
    choose(page, "Soort plek", "bos")
    choose(page, "Soort afval", "vaten")
    page.get_by_label("Opmerkingen").fill(NOTE)
    page.get_by_label("Opmerkingen").press("Tab")  # a text area sends its value when it loses focus
    common.wait_for_idle(page)
    page.get_by_role("button", name="Controleren en opslaan").click()
    new_site = page.get_by_role("button", name="Andere plek: opslaan als nieuw")
    # the message below the button (the same text also comes as a toast)
    saved = page.get_by_test_id("stAlertContentSuccess").get_by_text(re.compile(r"Melding \d+ is opgeslagen"))
    expect(saved.or_(new_site)).to_be_visible(timeout=RERUN_MS)
    if new_site.is_visible():  # an open report happened to lie within 100 m and 14 days
        new_site.click()
    expect(saved).to_be_visible(timeout=RERUN_MS)
    return int(re.search(r"Melding (\d+)", saved.inner_text()).group(1))  # type: ignore[union-attr]


def test_log_find_in_register_and_move_to_in_onderzoek(page: Page, module_app_url: str) -> None:
    new_id = log_dumping(page, module_app_url)
    page.get_by_role("button", name="Bekijk in het register").click()
    heading = page.get_by_role("heading", name=f"Melding {new_id} · gemeld")
    expect(heading).to_be_visible(timeout=RERUN_MS)
    # The register map shows the opened report; its popup has the note as plain text.
    common.wait_for_idle(page)  # the form's map of the run before is gone: the register's map is the only one
    iframe = page.locator(MAP_IFRAME)
    expect(iframe).to_have_count(1)
    expect(page.frame_locator(MAP_IFRAME).locator("#map_div")).to_be_visible(timeout=RERUN_MS)
    iframe.scroll_into_view_if_needed()
    handle = iframe.element_handle()
    map_frame = handle.content_frame() if handle else None
    assert map_frame is not None, "kaart-iframe zonder inhoud"
    map_frame.wait_for_function(_JS_SELECTED_POINT_AT_REST, polling=200, timeout=RERUN_MS)
    point: Any = map_frame.evaluate(_JS_SELECTED_POINT)
    box = iframe.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    popup = map_frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("<img src=x onerror=", timeout=RERUN_MS)
    # Move it along the workflow.
    choose(page, "Nieuwe status", "in onderzoek")
    page.get_by_role("button", name="Status wijzigen").click()
    expect(page.get_by_text("Status gewijzigd naar 'in onderzoek'.")).to_be_visible(timeout=RERUN_MS)
    expect(page.get_by_role("heading", name=f"Melding {new_id} · in onderzoek")).to_be_visible()
    no_injected_image(page)


@pytest.mark.parametrize("viewport", [PHONE])
def test_the_field_form_works_on_a_phone(page: Page, module_app_url: str) -> None:
    new_id = log_dumping(page, module_app_url)
    assert new_id > 0
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"pagina is {width} px breed op een telefoon"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dumping_phone.png"), full_page=True)
    no_injected_image(page)


def test_my_location_button_places_the_report(browser: Any, module_app_url: str) -> None:
    # Deventer, Brink: what the phone's GPS would report.
    context = browser.new_context(viewport=PHONE, geolocation={"latitude": 52.2551, "longitude": 6.1600},
                                  permissions=["geolocation"])  # fmt: skip
    try:
        page = context.new_page()
        goto_signed_in(page, f"{module_app_url}/dumpingen")
        expect(page.get_by_role("heading", name="Drugsafvaldumpingen")).to_be_visible(timeout=FIRST_LOAD_MS)
        frame = page.frame_locator(MAP_IFRAME).first
        button = frame.get_by_role("button", name="Mijn locatie")
        expect(button).to_be_visible(timeout=RERUN_MS)
        button.click()
        place = page.get_by_text(re.compile(r"Plaats: RD \d+, \d+ · 52\.2551\d, 6\.1600\d \(van de kaart\)"))
        expect(place).to_be_visible(timeout=RERUN_MS)
    finally:
        context.close()
