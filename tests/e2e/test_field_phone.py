"""The field form on a 390 px phone: what the save button leads to is where the thumb is (the duplicate
choice and the saved message inside the viewport), a tap where the legend was sets the place (the legend
starts folded), and a half-filled report survives a reload as the user's draft."""

from __future__ import annotations

import re
import time
from pathlib import Path

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

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"  # the tests never write into docs/
SPOT = "226500, 470500"  # Lochem, in the middle of a field
NOTE = "<img src=x onerror=\"document.title='XSS'\"> drie vaten, lekkend"


def in_view(page: Page, locator: object, timeout_s: float = 15.0) -> dict[str, float]:
    """Wait until the element's bounding box lies wholly inside the viewport (the page may still scroll)."""
    height = page.viewport_size["height"] if page.viewport_size else PHONE["height"]
    deadline = time.monotonic() + timeout_s
    while True:
        box = locator.bounding_box()  # type: ignore[attr-defined]
        if box and box["y"] >= 0 and box["y"] + box["height"] <= height:
            return box
        if time.monotonic() > deadline:
            raise AssertionError(f"niet in beeld: {box} (viewport {height} px hoog)")
        page.wait_for_timeout(100)  # poll interval, not the wait itself


def open_form(page: Page, url: str) -> None:
    goto_signed_in(page, f"{url}/dumpingen")
    expect(page.get_by_role("button", name="Controleren en opslaan")).to_be_visible(timeout=FIRST_LOAD_MS)
    common.wait_for_idle(page)
    discard = page.get_by_role("button", name=re.compile("Concept weggooien"))
    if discard.count():  # a draft left by an earlier test of this module (same account): start empty
        discard.first.click()
        expect(page.get_by_text("Locatie: nog niet gekozen")).to_be_visible(timeout=RERUN_MS)
        common.wait_for_idle(page)


def place_by_typing(page: Page, text: str = SPOT) -> None:
    field = page.get_by_label("Of typ coördinaten (RD x, y of breedte, lengte)")
    field.fill(text)
    field.press("Enter")
    expect(page.get_by_text(re.compile(r"Plaats: RD 226500, 470500"))).to_be_visible(timeout=RERUN_MS)
    common.wait_for_idle(page)


def fill(page: Page, note: str) -> None:
    choose(page, "Soort plek", "bos")
    choose(page, "Soort afval", "vaten")
    notes = page.get_by_label("Opmerkingen")
    notes.fill(note)
    notes.press("Tab")  # a text area sends its value when it loses focus
    common.wait_for_idle(page)


@pytest.mark.parametrize("viewport", [PHONE])
def test_the_duplicate_choice_and_the_saved_message_are_where_the_thumb_is(page: Page, module_app_url: str) -> None:
    open_form(page, module_app_url)
    place_by_typing(page)
    fill(page, "eerste melding")
    page.get_by_role("button", name="Controleren en opslaan").click()
    new_site = page.get_by_role("button", name="Andere plek: opslaan als nieuw")
    saved = page.get_by_text(re.compile(r"Melding \d+ is opgeslagen")).first
    expect(saved.or_(new_site)).to_be_visible(timeout=RERUN_MS)
    if new_site.is_visible():  # a demo report happened to lie within 100 m and 14 days
        new_site.click()
    expect(saved).to_be_visible(timeout=RERUN_MS)
    in_view(page, saved)  # a normal save: the message is at the button, not above the emptied form
    first = int(re.search(r"Melding (\d+)", saved.inner_text()).group(1))  # type: ignore[union-attr]
    expect(page.get_by_text("Locatie: nog niet gekozen")).to_be_visible()  # the form is empty again, and says so

    # The same spot again: the duplicate choice appears at the button.
    page.evaluate("window.scrollTo(0, 0)")
    place_by_typing(page)
    fill(page, "zelfde plek, meer vaten")
    page.get_by_role("button", name="Controleren en opslaan").click()
    warning = page.get_by_text(re.compile(r"Is dit dezelfde plek\?"))
    expect(warning).to_be_visible(timeout=RERUN_MS)
    link = page.get_by_role("button", name=re.compile(f"Zelfde plek: koppel aan melding {first} "))
    for part in (warning, link, new_site, page.get_by_role("button", name="Annuleren")):
        in_view(page, part)
    common.wait_for_idle(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "phone_form.png"))  # copied to docs/phone_form.png by hand
    link.click()
    expect(saved).to_be_visible(timeout=RERUN_MS)
    in_view(page, saved)
    no_injected_image(page)


@pytest.mark.parametrize("viewport", [PHONE])
def test_a_tap_where_the_legend_was_sets_the_place(page: Page, module_app_url: str) -> None:
    open_form(page, module_app_url)
    iframe = page.locator(MAP_IFRAME)
    iframe.scroll_into_view_if_needed()
    frame = page.frame_locator(MAP_IFRAME).first
    legend = frame.locator(".vb-legend")
    expect(legend).to_have_attribute("data-open", "false", timeout=RERUN_MS)  # folded on a 390 px map
    toggle = frame.locator(".vb-legend-toggle")
    folded = toggle.bounding_box()
    toggle.click()  # open it once to learn where it lies when open, then fold it again
    expect(legend).to_have_attribute("data-open", "true")
    opened = legend.bounding_box()
    toggle.click()
    expect(legend).to_have_attribute("data-open", "false")
    assert folded and opened and opened["height"] > 2 * folded["height"]
    x = opened["x"] + opened["width"] * 0.6
    y = opened["y"] + opened["height"] * 0.3  # inside the open legend, above the folded toggle
    assert not (folded["y"] <= y <= folded["y"] + folded["height"])
    expect(page.get_by_text("Locatie: nog niet gekozen")).to_be_visible()
    common.wait_for_idle(page)  # a tap while the page still reruns can be dropped by the map component
    page.mouse.click(x, y)
    expect(page.get_by_text(re.compile(r"Plaats: RD \d+, \d+ · 5\d\.\d+, \d\.\d+ \(van de kaart\)"))).to_be_visible(
        timeout=RERUN_MS
    )
    expect(page.get_by_text("Locatie: nog niet gekozen")).to_have_count(0)


@pytest.mark.parametrize("viewport", [PHONE])
def test_a_half_filled_report_survives_a_reload(page: Page, module_app_url: str) -> None:
    open_form(page, module_app_url)
    kept = page.get_by_text(re.compile(r"Concept bewaard om \d\d:\d\d"))
    place_by_typing(page)
    expect(kept).to_contain_text("(1 ingevuld)", timeout=RERUN_MS)  # the place alone makes a draft
    choose(page, "Soort plek", "schuur")
    expect(kept).to_contain_text("(2 ingevuld)", timeout=RERUN_MS)
    notes = page.get_by_label("Opmerkingen")
    notes.fill(NOTE)
    notes.press("Tab")
    expect(kept).to_contain_text("(3 ingevuld)", timeout=RERUN_MS)  # written to the store as it was filled in
    common.wait_for_idle(page)
    page.reload(timeout=FIRST_LOAD_MS)
    demo = page.get_by_role("button", name="Beheerder", exact=True)
    form = page.get_by_role("button", name="Controleren en opslaan")
    expect(demo.or_(form)).to_be_visible(timeout=FIRST_LOAD_MS)
    if demo.is_visible():  # the session did not survive the reload: sign in again, the draft is the user's
        demo.click()
    note = page.get_by_text(re.compile(r"Concept hersteld van \d\d-\d\d-\d{4} \d\d:\d\d"))
    expect(note).to_be_visible(timeout=FIRST_LOAD_MS)
    common.wait_for_idle(page)
    expect(page.get_by_label("Opmerkingen")).to_have_value(NOTE)  # hostile text back as text
    expect(page.get_by_role("combobox", name="Soort plek")).to_have_value("schuur")
    expect(page.get_by_text(re.compile(r"Plaats: RD 226500, 470500"))).to_be_visible()
    no_injected_image(page)
    # Discarding empties the form, and a reload brings nothing back.
    page.get_by_role("button", name="Concept weggooien").click()
    expect(note).to_have_count(0, timeout=RERUN_MS)
    expect(page.get_by_label("Opmerkingen")).to_have_value("")
    expect(page.get_by_text("Locatie: nog niet gekozen")).to_be_visible()
    common.wait_for_idle(page)
    page.reload(timeout=FIRST_LOAD_MS)
    expect(demo.or_(form)).to_be_visible(timeout=FIRST_LOAD_MS)
    if demo.is_visible():
        demo.click()
    expect(form).to_be_visible(timeout=FIRST_LOAD_MS)
    common.wait_for_idle(page)
    expect(note).to_have_count(0)
    expect(page.get_by_label("Opmerkingen")).to_have_value("")
