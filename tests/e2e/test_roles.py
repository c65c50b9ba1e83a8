"""Confidentiality in the browser: a working-group member's map carries no incident coordinates and no
record text; an analyst, signed in on the same server, gets the incidents as points."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from gis.domain.catalog import Layer
from gis.geo.crs import rd_to_wgs84
from gis.store import Filters, open_store
from tests.e2e.common import MAP_IFRAME, RERUN_MS, Page, expect, goto_signed_in
from tests.e2e.conftest import HOSTILE_NOTE

_PAIR = re.compile(r"(-?\d{1,3}\.\d{3,})\s*,\s*(-?\d{1,3}\.\d{3,})")


def _record_pairs(db: Path) -> set[tuple[float, float]]:
    store = open_store(str(db), read_only=True)
    try:
        pts = store.points(Layer.INCIDENTS, Filters(), limit=10**6)
    finally:
        store.close()
    lon, lat = rd_to_wgs84(pts["x"].to_numpy(float), pts["y"].to_numpy(float))
    return {(round(float(a), 6), round(float(b), 6)) for a, b in zip(lat, lon, strict=True)}


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


def _pick_area(page: Page) -> None:
    """Narrow the selection to one PPS area, so that a role with record access gets points."""
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="PPS-gebied")
    box.first.click()
    page.get_by_role("option").nth(1).click()
    page.wait_for_timeout(3000)
    _map_up(page)


def test_working_group_gets_no_coordinates_analyst_gets_points(browser: Any, module_app_url: str,
                                                               seeded_db: Path) -> None:  # fmt: skip
    records = _record_pairs(seeded_db)
    assert len(records) > 1000
    sent = {}
    for role in ("Werkgroeplid", "Analist (politie/RIEC)"):
        context = browser.new_context(viewport={"width": 1400, "height": 1400})
        try:
            page = context.new_page()
            frames = _listen(page)
            goto_signed_in(page, module_app_url, account=role)
            expect(page.get_by_text("Ingelogd als")).to_be_visible(timeout=RERUN_MS)
            _map_up(page)
            _pick_area(page)
            sent[role] = (_pairs(frames), "".join(frames))
        finally:
            context.close()
    group_pairs, group_text = sent["Werkgroeplid"]
    analyst_pairs, analyst_text = sent["Analist (politie/RIEC)"]
    assert not group_pairs & records, "werkgroeplid kreeg coördinaten van incidenten"
    assert "onerror" not in group_text and "Opmerkingen" not in group_text  # no record text, no popups
    shown = analyst_pairs & records
    assert len(shown) > 50, len(shown)  # the analyst sees incidents as points
    assert HOSTILE_NOTE not in analyst_text  # record text is escaped, never raw HTML
