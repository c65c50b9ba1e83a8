"""The home map in a real browser: layers drawn, legend and layer control, sidebar counts, no CDNs."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.common import FIRST_LOAD_MS, MAP_IFRAME, PHONE, RERUN_MS, FrameLocator, Page, expect, goto_signed_in

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Basemap tiles are the only outside requests; offline they fail, which the app tolerates.
TILE_HOSTS = {"service.pdok.nl", "tile.openstreetmap.org"}
CDN_HOSTS = (
    "cdn.jsdelivr.net",
    "cdnjs.cloudflare.com",
    "code.jquery.com",
    "unpkg.com",
    "fonts.googleapis.com",
    "fonts.gstatic.com",
    "maxcdn.bootstrapcdn.com",
    "netdna.bootstrapcdn.com",
)
LAYERS_NL = ["Leegstaande schuren", "Drugsafvaldumpingen", "Incidenten"]
CHECKBOXES_NL = ["Leegstaande schuren (300)", "Drugsafvaldumpingen (501)", "Incidenten (5.000)"]
BASEMAPS_NL = ["Achtergrondkaart (PDOK BRT)", "Luchtfoto (PDOK)", "OpenStreetMap"]

# Municipality boundaries are dashed "4 3" (gis.maps.home.base_map). With prefer_canvas they are
# drawn on a canvas rather than as SVG paths, so count both: SVG paths and canvas polygons.
_JS_MUNICIPALITY_COUNT = """() => {
  const svg = document.querySelectorAll(
    '.leaflet-overlay-pane svg path[stroke-dasharray="4 3"], .leaflet-overlay-pane svg path[stroke-dasharray="4,3"]'
  ).length;
  let canvas = 0;
  for (const id in window.map._layers) {
    const l = window.map._layers[id];
    if (l instanceof L.Polygon && l.feature && l.options.dashArray === '4 3'
        && l._renderer instanceof L.Canvas) canvas++;
  }
  return {svg: svg, canvas: canvas};
}"""
# True once some canvas in the overlay pane has painted pixels (vector features drawn).
_JS_CANVAS_PAINTED = """() => {
  for (const c of document.querySelectorAll('.leaflet-overlay-pane canvas')) {
    if (!c.width || !c.height) continue;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < d.length; i += 4) if (d[i]) return true;
  }
  return false;
}"""
# Count cells (polygons without a GeoJSON feature) currently on the map.
_JS_CELL_COUNT = """() => {
  let n = 0;
  for (const id in window.map._layers) {
    const l = window.map._layers[id];
    if (l instanceof L.Polygon && !l.feature) n++;
  }
  return n;
}"""


# Exactly one map iframe (Streamlit briefly keeps a second, stale one while the map remounts, e.g.
# after a language switch) whose legend contains ``text``.
_JS_ONE_MAP_WITH_LEGEND = """(text) => {
  const frames = document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]');
  if (frames.length !== 1) return false;
  const doc = frames[0].contentDocument;
  const legend = doc && doc.querySelector('.leaflet-container .vb-legend');
  return legend !== null && legend.innerText.includes(text);
}"""


def wait_for_map(page: Page, legend_text: str = "", timeout: float = RERUN_MS) -> FrameLocator:
    """Wait until the page shows one map whose legend contains ``legend_text``; returns its frame."""
    page.wait_for_function(_JS_ONE_MAP_WITH_LEGEND, arg=legend_text, timeout=timeout)
    return page.frame_locator(MAP_IFRAME)


def open_home(page: Page, app_url: str) -> FrameLocator:
    """Open the home page and wait until the map with its legend is up; returns the map frame."""
    goto_signed_in(page, app_url, timeout=FIRST_LOAD_MS)
    page.locator(MAP_IFRAME).first.wait_for(state="attached", timeout=FIRST_LOAD_MS)
    frame = page.frame_locator(MAP_IFRAME).first
    frame.locator(".leaflet-container").wait_for(timeout=FIRST_LOAD_MS)
    frame.locator(".vb-legend").wait_for(timeout=FIRST_LOAD_MS)
    return wait_for_map(page, timeout=FIRST_LOAD_MS)


def map_frame(page: Page) -> Any:
    """The map iframe as a Playwright ``Frame`` (for ``evaluate`` / ``wait_for_function``)."""
    frame = page.locator(MAP_IFRAME).element_handle().content_frame()
    assert frame is not None, "map iframe has no content frame"
    return frame


_JS_IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return app !== null && app.getAttribute('data-test-script-state') === 'notRunning'
    && document.querySelectorAll('[data-stale="true"]').length === 0;
}"""


def wait_for_idle(page: Page) -> None:
    """Wait until Streamlit finished the current run (not running, no stale elements left)."""
    page.wait_for_function(_JS_IDLE, timeout=RERUN_MS)


def sidebar(page: Page) -> Any:
    return page.locator('[data-testid="stSidebar"]')


def map_captions(page: Page) -> Any:
    return page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]')


def test_home_map_draws_layers_legend_and_counts(page: Page, app_url: str) -> None:
    frame = open_home(page, app_url)
    legend = frame.locator(".vb-legend")
    for name in LAYERS_NL:
        expect(legend).to_contain_text(name)

    # Vector features: data layers and boundaries are drawn on Leaflet canvases.
    expect(frame.locator(".leaflet-overlay-pane canvas").first).to_be_attached()
    mf = map_frame(page)
    mf.wait_for_function(_JS_CANVAS_PAINTED, timeout=RERUN_MS)
    mf.wait_for_function(
        f"() => {{ const c = ({_JS_MUNICIPALITY_COUNT})(); return c.svg + c.canvas > 50; }}", timeout=RERUN_MS
    )
    boundaries = mf.evaluate(_JS_MUNICIPALITY_COUNT)
    assert boundaries["svg"] + boundaries["canvas"] > 50, boundaries

    # Layer control: collapsed, but the base layer names are in its DOM as labels.
    control = frame.locator(".leaflet-control-layers")
    expect(control).to_have_count(1)
    labels = [text.strip() for text in control.locator("label").all_text_contents()]
    for name in BASEMAPS_NL:
        assert name in labels, f"{name!r} not among layer-control labels {labels}"

    # Sidebar: one checkbox per layer, labelled with its count in the selection.
    expect(sidebar(page).locator('[data-testid="stCheckbox"]')).to_have_text(CHECKBOXES_NL)

    expect(page.locator('[data-testid="stAlert"]').filter(has_text="DEMO")).to_have_count(1)
    wait_for_idle(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert "Traceback" not in page.locator("body").inner_text()

    # Everything the page loads comes from the app itself; only basemap tiles go outside.
    outside = set()
    for url in page.vb_requests:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            continue
        if parts.hostname not in LOCAL_HOSTS | TILE_HOSTS:
            outside.add(url)
    assert not outside, f"requests outside the app: {sorted(outside)}"
    cdn = [url for url in page.vb_requests if any(host in url for host in CDN_HOSTS)]
    assert not cdn, f"CDN requests: {cdn}"

    # No JavaScript errors, except tiles that cannot be fetched offline.
    tile_failure = re.compile(r"Failed to load resource.*\[https?://(" + "|".join(map(re.escape, TILE_HOSTS)) + ")/")
    errors = [e for e in page.vb_console_errors if not tile_failure.search(e)]
    assert not errors, f"console errors: {errors}"


def test_language_switch_to_english(page: Page, app_url: str) -> None:
    open_home(page, app_url)
    sidebar(page).locator('[data-testid="stButtonGroup"] button').filter(has_text=re.compile(r"^EN$")).click()
    expect(sidebar(page).locator('[data-testid="stCheckbox"]').filter(has_text="Incidents (5,000)")).to_have_count(
        1, timeout=RERUN_MS
    )
    # The map remounts with the English legend.
    frame = wait_for_map(page, "Incidents")
    wait_for_idle(page)
    legend = wait_for_map(page, "Incidents").locator(".vb-legend").inner_text()
    assert "Incidenten" not in legend, legend
    expect(frame.locator(".vb-legend")).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_map_fits_a_phone(page: Page, app_url: str) -> None:
    open_home(page, app_url)
    iframe = page.locator(MAP_IFRAME)
    expect(iframe).to_be_visible()
    box = iframe.bounding_box()
    assert box is not None
    assert box["width"] <= PHONE["width"], box


def test_untick_incidents_hides_layer(page: Page, app_url: str) -> None:
    frame = open_home(page, app_url)
    expect(map_captions(page).filter(has_text="Incidenten")).to_have_count(1, timeout=RERUN_MS)
    box = sidebar(page).locator('[data-testid="stCheckbox"]').filter(has_text="Incidenten (5.000)")
    box.locator("label").click()
    expect(box.get_by_role("checkbox")).not_to_be_checked(timeout=RERUN_MS)

    expect(map_captions(page).filter(has_text="Incidenten")).to_have_count(0, timeout=RERUN_MS)
    wait_for_idle(page)
    captions = map_captions(page).all_inner_texts()
    assert not any("Incidenten" in c for c in captions), captions
    assert any("Leegstaande schuren" in c for c in captions), captions
    expect(frame.locator(".vb-legend")).to_be_visible()
    # Incidents were the only layer drawn as count cells; none may be left on the map.
    map_frame(page).wait_for_function(f"() => ({_JS_CELL_COUNT})() === 0", timeout=RERUN_MS)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
