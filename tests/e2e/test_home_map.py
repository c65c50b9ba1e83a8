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


# --- issue 16: legend of what is shown, a ramp per layer, boundaries in the sidebar, area zoom, no rerun ---

_JS_LEGEND_ROWS = """() => Array.from(document.querySelectorAll('.vb-legend .vb-legend-row')).map(r => r.textContent)"""
# Fill colours of the count cells per layer (the cell tooltip ends with the layer's name).
_JS_CELL_COLOURS = """() => {
  const out = {};
  for (const id in window.map._layers) {
    const l = window.map._layers[id];
    if (!(l instanceof L.Polygon) || l.feature || !l.getTooltip()) continue;
    const tip = l.getTooltip().getContent().textContent.replace(/^[0-9.<]+ /, '');
    (out[tip] = out[tip] || []).includes(l.options.fillColor) || out[tip].push(l.options.fillColor);
  }
  return out;
}"""
_JS_GROUP_SHOWN = "(key) => window.map.hasLayer(window.vbGroups[key])"
_JS_VIEW = """() => {
  const b = window.map.getBounds();
  return [window.map.getZoom(), b.getSouth(), b.getWest(), b.getNorth(), b.getEast()];
}"""


def _legend_rows(page: Page) -> list[str]:
    return map_frame(page).evaluate(_JS_LEGEND_ROWS)


def test_legend_follows_the_layers_and_boundaries_switched_on(page: Page, app_url: str) -> None:
    open_home(page, app_url)
    rows = _legend_rows(page)
    assert rows[:2] == ["Leegstaande schuren", "Drugsafvaldumpingen"], rows
    assert rows[2].startswith("Incidenten: aantal per cel (1–"), rows
    assert rows[3:] == ["PPS-gebieden", "Gemeentegrenzen", "Provinciegrenzen"], rows
    # The layer control only chooses the basemap: no boundary overlays left in it.
    control = map_frame(page).evaluate(
        "() => Array.from(document.querySelectorAll('.leaflet-control-layers-overlays label')).length"
    )
    assert control == 0

    box = sidebar(page).locator('[data-testid="stCheckbox"]').filter(has_text="Drugsafvaldumpingen")
    box.locator("label").click()
    mf = map_frame(page)
    mf.wait_for_function(f"() => !({_JS_LEGEND_ROWS})().includes('Drugsafvaldumpingen')", timeout=RERUN_MS)
    assert "Leegstaande schuren" in _legend_rows(page)

    sidebar(page).get_by_role("button", name="Provinciegrenzen").click()
    mf.wait_for_function(f"() => !({_JS_LEGEND_ROWS})().includes('Provinciegrenzen')", timeout=RERUN_MS)
    assert mf.evaluate(_JS_GROUP_SHOWN, "provinces") is False
    assert mf.evaluate(_JS_GROUP_SHOWN, "municipalities") is True
    wait_for_idle(page)
    assert len(page.locator(MAP_IFRAME).all()) == 1  # the same map: switched, not remounted
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_counts_only_role_sees_three_layers_in_three_colour_ramps(page: Page, app_url: str) -> None:
    goto_signed_in(page, app_url, account="Werkgroeplid")
    wait_for_map(page, "Legenda", timeout=FIRST_LOAD_MS)
    mf = map_frame(page)
    mf.wait_for_function(f"() => Object.keys(({_JS_CELL_COLOURS})()).length === 3", timeout=RERUN_MS)
    colours = mf.evaluate(_JS_CELL_COLOURS)
    sets = [set(v) for v in colours.values()]
    assert sorted(colours) == ["drugsafvaldumpingen", "incidenten", "leegstaande schuren"], colours
    assert not (sets[0] & sets[1] or sets[0] & sets[2] or sets[1] & sets[2]), colours
    rows = _legend_rows(page)
    assert sum("aantal per cel" in r for r in rows) == 3, rows


def _area_bounds(db: Any, name: str) -> tuple[float, float, float, float]:
    """(south, west, north, east) of the PPS area ``name`` in the seeded database, in WGS84."""
    from gis.store import open_store

    store = open_store(str(db))
    try:
        areas = store.areas()
        west, south, east, north = areas[areas["name"] == name].to_crs(4326).total_bounds
    finally:
        store.close()
    return float(south), float(west), float(north), float(east)


def test_choosing_an_area_zooms_there_and_shows_its_points(page: Page, app_url: str, seeded_db: Any) -> None:
    a_south, a_west, a_north, a_east = _area_bounds(seeded_db, "KIEK UUT Achterhoek-Oost")
    open_home(page, app_url)
    wait_for_idle(page)
    before = map_frame(page).evaluate(_JS_VIEW)
    area = sidebar(page).locator('[data-testid="stSelectbox"]').filter(has_text="PPS-gebied")
    area.scroll_into_view_if_needed()  # the sidebar is long: the box sits at the bottom edge of the window
    area.click()
    page.get_by_role("option", name="KIEK UUT Achterhoek-Oost").click()
    label = sidebar(page).locator('[data-testid="stCheckbox"]').filter(has_text="Drugsafvaldumpingen")
    expect(label).not_to_have_text("Drugsafvaldumpingen (501)", timeout=RERUN_MS)
    in_area = int(re.search(r"\((\d+)\)", label.inner_text()).group(1))
    assert in_area > 0
    mf = map_frame(page)
    mf.wait_for_function(f"() => ({_JS_VIEW})()[0] > {before[0]}", timeout=RERUN_MS)
    expect(map_captions(page).filter(has_text=f"Drugsafvaldumpingen: {in_area} punten")).to_have_count(
        1, timeout=RERUN_MS
    )
    wait_for_idle(page)
    _, south, west, north, east = mf.evaluate(_JS_VIEW)
    # The whole area is in view, and the view is not much wider than the area.
    assert south <= a_south and west <= a_west and north >= a_north and east >= a_east, (south, west, north, east)
    assert (east - west) < 3 * (a_east - a_west) or (north - south) < 3 * (a_north - a_south)
    expect(map_captions(page).filter(has_text=f"Drugsafvaldumpingen: {in_area} punten")).to_have_count(1)


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_phone_legend_starts_folded_and_follows_the_layers(page: Page, app_url: str) -> None:
    frame = open_home(page, app_url)
    legend = frame.locator(".vb-legend")
    expect(legend).to_have_attribute("data-open", "false")
    frame.locator(".vb-legend-toggle").click()
    expect(legend).to_have_attribute("data-open", "true")
    expect(frame.locator(".vb-legend-row").first).to_have_text("Leegstaande schuren")


def _bounds_sent(page: Page) -> list[bytes]:
    """Websocket frames the page sends that carry a map view (streamlit-folium's component value)."""
    sent: list[bytes] = []

    def on_socket(ws: Any) -> None:
        ws.on("framesent", lambda payload: sent.append(payload if isinstance(payload, bytes) else payload.encode()))

    page.on("websocket", on_socket)
    return sent


def test_no_rerun_for_the_maps_own_starting_view(page: Page, app_url: str) -> None:
    sent = _bounds_sent(page)
    frame = open_home(page, app_url)
    wait_for_idle(page)
    # The map's first view would come within streamlit-folium's 250 ms debounce; give it far longer.
    page.wait_for_timeout(2000)
    wait_for_idle(page)
    views = [f for f in sent if b"_southWest" in f]
    assert views == [], "the map sent its starting view, which reruns the app"
    expect(frame.locator(".vb-legend")).to_be_visible()
    # A real pan by the user is still reported (the detector works).
    map_frame(page).evaluate("void window.map.panBy([200, 0], {animate: false})")
    for _ in range(120):  # until the pan's view is sent (streamlit-folium debounces 250 ms)
        if any(b"_southWest" in f for f in sent):
            break
        page.wait_for_timeout(250)
    assert any(b"_southWest" in f for f in sent)
