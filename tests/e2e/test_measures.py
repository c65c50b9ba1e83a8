"""The Maatregelen page in a real browser, as the coordinator on the demo: two proposed measures chosen, one
placed on the map as a road segment drawn with mouse clicks on Leaflet.draw's line tool and saved; the store then
holds both as chosen and the line inside the area. Screenshots at 1280 px and at phone width (390 px).

``seed_chosen_measures`` puts chosen measures in a database before its app starts (for tests of the Plan page
that start from chosen measures)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import shapely

from tests.e2e.common import MAP_IFRAME, PHONE, RERUN_MS, Page, expect, goto_signed_in, wait_for_idle
from tests.e2e.conftest import ARTIFACTS, running_app, server_log

COORDINATOR = "Coördinator (gemeente)"
SLOW_MS = 120_000  # the first view of the page reads the area's analysis (profile and hotspots)
WIDE = {"width": 1280, "height": 1000}
_BAD = re.compile(r"Traceback|Exception|\bError\b", re.I)
# Leaflet.draw's line tool ignores a click until 50 ms after it took the last point (as the polygon tool).
_JS_TAKES_A_POINT = """() => {
  const events = (window.map && window.map._events && window.map._events.mouseup) || [];
  const tool = events.map(e => e.ctx).find(c => c && typeof c.addVertex === 'function');
  return tool !== undefined && !tool._disableMarkers;
}"""


class MeasuresApp(NamedTuple):
    url: str
    db: Path
    area_id: int


def seed_chosen_measures(db: Path, n: int = 2, account: str = "demo-coordinator") -> tuple[int, list[int]]:
    """Put the first ``n`` catalogue measures on the list of ``account``'s first area as chosen (what the page's
    "Kies deze maatregel" does); run it before the app opens ``db``. Returns the area and the measures' ids."""
    from gis import auth
    from gis.store import open_store
    from gis.store.guard import GuardedStore
    from gis.ui.analysis_page import areas_for

    store = open_store(str(db))
    try:
        auth.ensure_demo_accounts(store)
        guarded = GuardedStore(store, auth.demo_sign_in(store, account).principal)
        area_id = int(areas_for(guarded)["id"].iloc[0])
        codes = guarded.measure_catalogue()["code"].head(n).tolist()
        ids = [int(guarded.add_area_measure(area_id, code, account, decision="gekozen", reason="gekozen in de test"))
               for code in codes]  # fmt: skip
        return area_id, ids
    finally:
        store.close()


def _first_area(db: Path) -> int:
    from gis import auth
    from gis.store import open_store
    from gis.store.guard import GuardedStore
    from gis.ui.analysis_page import areas_for

    store = open_store(str(db))
    try:
        auth.ensure_demo_accounts(store)
        principal = auth.demo_sign_in(store, "demo-coordinator").principal
        return int(areas_for(GuardedStore(store, principal))["id"].iloc[0])
    finally:
        store.close()


@pytest.fixture(scope="module")
def measures_app(tmp_path_factory: pytest.TempPathFactory, seeded_db: Path) -> Iterator[MeasuresApp]:
    """An app of this module alone on its own demo copy."""
    tmp = tmp_path_factory.mktemp("e2e-measures")
    db = tmp / "measures.duckdb"
    shutil.copy(seeded_db, db)
    area_id = _first_area(db)  # before the app opens the file (DuckDB: one process at a time)
    with running_app(tmp, db) as url:
        yield MeasuresApp(url, db, area_id)


def _tab(page: Page, name: str) -> None:
    wait_for_idle(page)
    tab = page.get_by_role("tab", name=name, exact=True)
    tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")


def _panel(page: Page) -> Any:
    return page.locator('[role="tabpanel"]:visible')


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"measures_{name}.png"), full_page=True)


def _choose_two(page: Page) -> None:
    panel = _panel(page)
    choose = panel.get_by_role("button", name="Kies deze maatregel")
    expect(choose.first).to_be_visible(timeout=SLOW_MS)
    assert choose.count() >= 2, "the demo area gets at least two proposals"
    expect(panel.get_by_text(re.compile(r"^Voorgesteld omdat .*\(regel: ")).first).to_be_visible()
    for n in (1, 2):
        wait_for_idle(page, SLOW_MS)
        panel.get_by_role("button", name="Kies deze maatregel").first.click()
        expect(page.get_by_text("staat op de lijst (gekozen)")).to_be_visible(timeout=RERUN_MS)
        expect(panel.get_by_text(re.compile("Staat op de lijst van dit gebied: gekozen"))).to_have_count(
            n, timeout=RERUN_MS
        )


def _draw_road(page: Page, points: list[tuple[float, float]]) -> None:
    """Click the line tool, click each point (fractions of the map), click the last point again to finish."""
    holder = page.locator(".st-key-ms_draw_map")
    iframe = holder.locator(MAP_IFRAME)
    wait_for_idle(page)  # a rerun may still replace the map (the old frame stays until the new one is drawn)
    expect(iframe).to_have_count(1, timeout=RERUN_MS)
    iframe.scroll_into_view_if_needed()
    frame = iframe.last.content_frame  # the newest map, should a rerun start meanwhile
    tool = frame.locator(".leaflet-draw-draw-polyline")
    expect(tool).to_be_visible(timeout=RERUN_MS)
    expect(frame.locator(".leaflet-draw-draw-polygon")).to_have_count(0)  # only the road segment's tool
    tool.click()
    canvas = frame.locator("#map_div")
    box = canvas.bounding_box()
    assert box, "kaart niet zichtbaar"
    handle = iframe.element_handle()
    map_frame = handle.content_frame() if handle else None
    assert map_frame is not None, "kaart-iframe zonder inhoud"
    vertices = frame.locator(".leaflet-marker-pane .leaflet-editing-icon")
    for n, (fx, fy) in enumerate([*points, points[-1]], start=1):
        map_frame.wait_for_function(_JS_TAKES_A_POINT, timeout=RERUN_MS)
        canvas.click(position={"x": box["width"] * fx, "y": box["height"] * fy})
        expect(vertices).to_have_count(n if n <= len(points) else 0, timeout=RERUN_MS)


def _place_road(page: Page) -> None:
    _tab(page, "Op de kaart")
    panel = _panel(page)
    panel.get_by_text("wegvak", exact=True).click()
    wait_for_idle(page)
    expect(panel.get_by_text(re.compile("Kies 'Wegvak tekenen'"))).to_be_visible(timeout=RERUN_MS)
    _draw_road(page, [(0.46, 0.50), (0.50, 0.48), (0.54, 0.50)])
    expect(panel.get_by_text(re.compile(r"Getekend: wegvak \([\d.]+ m\)"))).to_be_visible(timeout=RERUN_MS)
    wait_for_idle(page)
    panel.get_by_role("button", name="Op de kaart zetten").click()
    expect(page.get_by_text(re.compile("staat op de kaart als wegvak"))).to_be_visible(timeout=RERUN_MS)
    wait_for_idle(page)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_have_count(0)


def _stored(app: MeasuresApp, tmp: Path) -> Any:
    """The area's measures and boundary as stored: read from a copy of the database and its write-ahead log
    (the running app holds the file's lock)."""
    from gis.store import open_store

    copy = tmp / "stored.duckdb"
    shutil.copy(app.db, copy)
    wal = app.db.with_name(app.db.name + ".wal")
    if wal.exists():
        shutil.copy(wal, copy.with_name(copy.name + ".wal"))
    store = open_store(str(copy))
    try:
        return store.area_measures(app.area_id), store.areas().set_index("id").loc[app.area_id].geometry
    finally:
        store.close()


@pytest.mark.parametrize("viewport", [WIDE])
def test_coordinator_chooses_two_and_draws_a_road_segment(page: Page, measures_app: MeasuresApp,
                                                          tmp_path: Path) -> None:  # fmt: skip
    goto_signed_in(page, f"{measures_app.url}/maatregelen", COORDINATOR)
    expect(page.get_by_role("heading", name="Maatregelen")).to_be_visible(timeout=SLOW_MS)
    _choose_two(page)
    _shot(page, "proposals_1280")
    _place_road(page)
    _shot(page, "map_1280")
    measures, area = _stored(measures_app, tmp_path)
    assert list(measures["decision"]) == ["gekozen", "gekozen"]
    assert all(str(r).startswith("Voorgesteld omdat") for r in measures["reason"])
    placed = measures[measures["place_kind"] == "weg"]
    assert len(placed) == 1, measures[["id", "place_kind"]]
    road = placed.geometry.iloc[0]
    assert road.geom_type == "LineString" and len(road.coords) == 3
    assert area.buffer(50).covers(road) and 50 < road.length < 50_000
    assert shapely.get_num_coordinates(road) == 3
    page.set_viewport_size(PHONE)
    page.reload()  # a phone's first view: the sidebar folded away (still signed in: the session cookie)
    expect(page.get_by_role("heading", name="Maatregelen")).to_be_visible(timeout=SLOW_MS)
    _tab(page, "Op de kaart")
    expect(page.locator(".st-key-ms_draw_map iframe")).to_have_count(1, timeout=RERUN_MS)
    wait_for_idle(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"pagina is {width} px breed op een telefoon"
    _shot(page, "phone_390")
    assert not _BAD.search(server_log(measures_app.url)), server_log(measures_app.url)[-3000:]
