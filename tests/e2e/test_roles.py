"""Confidentiality in the browser: a working-group member's map carries no incident coordinates and no
record text; an analyst, signed in on the same server, gets the incidents as points.

The demo database's hostile dumping lies outside every PPS area, so this module runs its own app on a copy
with a second hostile dumping inside the area the test chooses; the test first shows (bare store, and the
analyst's map) that this record is in the selection and shown to a role that may see it, so that its absence
from the working-group member's map means something."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from gis.domain.catalog import Layer
from gis.geo.crs import rd_to_wgs84
from gis.store import Filters, open_store
from tests.e2e.common import MAP_IFRAME, RERUN_MS, Page, expect, goto_signed_in, wait_for_idle
from tests.e2e.conftest import HOSTILE_NOTE, running_app

_PAIR = re.compile(r"(-?\d{1,3}\.\d{3,})\s*,\s*(-?\d{1,3}\.\d{3,})")


@dataclass(frozen=True)
class RolesApp:
    url: str
    db: Path
    area_id: int
    area_name: str
    hostile_at: tuple[float, float]  # (lat, lon) of the hostile dumping inside the area, rounded to 6 decimals


def _lat_lon(x: float, y: float) -> tuple[float, float]:
    lon, lat = rd_to_wgs84([x], [y])
    return round(float(lat[0]), 6), round(float(lon[0]), 6)


@pytest.fixture(scope="module")
def roles_app(tmp_path_factory: pytest.TempPathFactory, seeded_db: Path) -> Iterator[RolesApp]:
    """An app on a copy of the demo database plus a hostile dumping inside the first PPS area (by name)."""
    tmp = tmp_path_factory.mktemp("e2e-roles")
    db = tmp / "roles.duckdb"
    shutil.copy(seeded_db, db)
    store = open_store(str(db))
    try:
        area = store.areas().iloc[0]
        inside = area.geometry.representative_point()
        hostile = {"x": [inside.x], "y": [inside.y], "found_at": [pd.Timestamp("2026-05-02 10:00")],
                   "place_type": ["bos"], "status": ["gemeld"], "notes": [HOSTILE_NOTE]}  # fmt: skip
        store.insert_points(Layer.DUMPINGS, pd.DataFrame(hostile))
    finally:
        store.close()
    with running_app(tmp, db) as url:
        yield RolesApp(url, db, int(area["id"]), str(area["name"]), _lat_lon(inside.x, inside.y))


def _record_pairs(db: Path) -> set[tuple[float, float]]:
    store = open_store(str(db), read_only=True)
    try:
        pts = store.points(Layer.INCIDENTS, Filters(), limit=10**6)
    finally:
        store.close()
    lon, lat = rd_to_wgs84(pts["x"].to_numpy(float), pts["y"].to_numpy(float))
    return {(round(float(a), 6), round(float(b), 6)) for a, b in zip(lat, lon, strict=True)}


def _hostile_in_area(app: RolesApp) -> pd.DataFrame:
    """The dumpings with the hostile note that the bare store selects for the area, in the whole period."""
    store = open_store(str(app.db), read_only=True)
    try:
        start, end = store.date_span()
        pts = store.points(Layer.DUMPINGS, Filters(date_from=start, date_to=end, area_id=app.area_id), limit=10**6)
    finally:
        store.close()
    return pts[pts["notes"] == HOSTILE_NOTE]


def _listen(page: Page) -> list[str]:
    """Everything the server sends this browser over the websocket, as text."""
    frames: list[str] = []

    def on_socket(ws: Any) -> None:
        ws.on("framereceived", lambda p: frames.append(p if isinstance(p, str) else p.decode("utf-8", "ignore")))

    page.on("websocket", on_socket)
    return frames


def _pairs(frames: list[str]) -> set[tuple[float, float]]:
    text = "".join(frames)
    return {(round(float(a), 6), round(float(b), 6)) for a, b in _PAIR.findall(text)}


def _map_up(page: Page) -> None:
    page.locator(MAP_IFRAME).first.wait_for(state="attached", timeout=RERUN_MS * 2)
    page.frame_locator(MAP_IFRAME).first.locator(".vb-legend").wait_for(timeout=RERUN_MS * 2)


def _pick_area(page: Page, name: str) -> None:
    """Narrow the selection to one PPS area, so that a role with record access gets points; wait until the
    run for that area has finished (its dumping count in the sidebar changed, nothing left stale)."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    dumpings = sidebar.locator('[data-testid="stCheckbox"]').filter(has_text="Drugsafvaldumpingen")
    expect(dumpings).to_have_text(re.compile(r"\(\d"), timeout=RERUN_MS)
    whole_region = dumpings.inner_text()
    box = sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="PPS-gebied")
    box.first.click()
    page.get_by_role("option", name=name, exact=True).click()
    expect(sidebar.get_by_role("combobox", name="PPS-gebied")).to_have_value(name, timeout=RERUN_MS)
    expect(dumpings).not_to_have_text(whole_region, timeout=RERUN_MS)
    wait_for_idle(page)
    _map_up(page)


def test_working_group_gets_no_coordinates_analyst_gets_points(browser: Any, roles_app: RolesApp) -> None:
    records = _record_pairs(roles_app.db)
    assert len(records) > 1000
    # The hostile dumping is in the area the test chooses: the store selects it there.
    assert len(_hostile_in_area(roles_app)) == 1, roles_app.area_name
    sent = {}
    for role in ("Werkgroeplid", "Analist (politie/RIEC)"):
        context = browser.new_context(viewport={"width": 1400, "height": 1400})
        try:
            page = context.new_page()
            frames = _listen(page)
            goto_signed_in(page, roles_app.url, account=role)
            expect(page.get_by_text("Ingelogd als")).to_be_visible(timeout=RERUN_MS)
            _map_up(page)
            _pick_area(page, roles_app.area_name)
            sent[role] = (_pairs(frames), "".join(frames))
        finally:
            context.close()
    group_pairs, group_text = sent["Werkgroeplid"]
    analyst_pairs, analyst_text = sent["Analist (politie/RIEC)"]
    # A role that may see dumpings as records is sent the hostile one, at its place, with its note (escaped).
    assert roles_app.hostile_at in analyst_pairs
    assert "onerror" in analyst_text and "Opmerkingen" in analyst_text
    assert HOSTILE_NOTE not in analyst_text  # record text is escaped, never raw HTML
    shown = analyst_pairs & records
    assert len(shown) > 50, len(shown)  # the analyst sees incidents as points
    # The working-group member, in the same selection, gets none of it.
    assert not group_pairs & records, "werkgroeplid kreeg coördinaten van incidenten"
    assert roles_app.hostile_at not in group_pairs, "werkgroeplid kreeg de plek van een dumping"
    assert "onerror" not in group_text and "Opmerkingen" not in group_text  # no record text, no popups
