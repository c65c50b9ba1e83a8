"""Clicking a point opens its popup, and HTML in a record's free text is shown as text, never run."""

from __future__ import annotations

import re

import shapely
from pyproj import Transformer

from tests.e2e.conftest import HOSTILE_AT_RD, HOSTILE_NOTE
from tests.e2e.test_home_map import MAP_IFRAME, map_frame, open_home

_JS_POINT_ON_SCREEN = """([lat, lon]) => {
  const p = window.map.latLngToContainerPoint([lat, lon]);
  const r = window.map.getContainer().getBoundingClientRect();
  return [p.x + r.left, p.y + r.top];
}"""
# True once the fragment rerun after the zoom has drawn the dumping as a point at the spot.
_JS_POINT_DRAWN = """([lat, lon]) => {
  for (const id in window.map._layers) {
    const l = window.map._layers[id];
    if (l instanceof L.CircleMarker && l.getLatLng().distanceTo([lat, lon]) < 2) return true;
  }
  return false;
}"""


def _municipality_at(db, x: float, y: float) -> str:
    """The name of the municipality that holds RD point (x, y) in the seeded database."""
    from gis.store import open_store

    store = open_store(str(db))
    try:
        munis = store.municipalities()
    finally:
        store.close()
    return str(munis[munis.contains(shapely.Point(x, y))]["name"].iloc[0])


def test_click_opens_popup_with_hostile_text_as_text(page, app_url, seeded_db) -> None:
    municipality = _municipality_at(seeded_db, *HOSTILE_AT_RD)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    open_home(page, app_url)
    lon, lat = Transformer.from_crs(28992, 4326, always_xy=True).transform(*HOSTILE_AT_RD)
    frame = map_frame(page)
    frame.evaluate(f"void window.map.setView([{lat}, {lon}], 16)")
    # The pan reruns the map fragment, which replaces the layers; wait for that before clicking.
    page.get_by_text("Drugsafvaldumpingen: 1 punt", exact=True).wait_for(timeout=30_000)
    frame = map_frame(page)
    frame.wait_for_function(_JS_POINT_DRAWN, arg=[lat, lon], timeout=30_000)
    x, y = frame.evaluate(_JS_POINT_ON_SCREEN, [lat, lon])
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + x, box["y"] + y)
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    text = popup.inner_text()
    assert "Drugsafvaldumpingen" in text and "01-05-2026 10:00" in text
    assert HOSTILE_NOTE in text  # the markup is visible as characters
    # The municipality by its name (e.g. "Hof van Twente"), not its CBS code ("GM1735").
    assert re.search(rf"Gemeente\s+{re.escape(municipality)}", text), text
    assert not re.search(r"GM\d{4}", text), text
    assert popup.locator("img").count() == 0 and popup.locator("b").count() == 0
    assert frame.evaluate("document.title") != "XSS" and dialogs == []
