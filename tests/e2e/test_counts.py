"""Aantallen in the browser: the choropleth with its legend (1400 px and a 390 px phone), a numeric column that
sorts as numbers with hidden cells (working group, counts only), month names in Dutch and English on the
charts, and no Arrow conversion warnings in the server log."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.common import (
    FIRST_LOAD_MS,
    MAP_IFRAME,
    PHONE,
    RERUN_MS,
    Page,
    expect,
    goto_signed_in,
    wait_for_idle,
)
from tests.e2e.conftest import running_app

REGION_MUNICIPALITIES = 76  # Gelderland (51) and Overijssel (25), CBS 2023
SHOT = Path(__file__).resolve().parent / "artifacts" / "counts.png"  # copied to docs/counts.png by hand


@pytest.fixture(scope="module")
def counts_app(tmp_path_factory: pytest.TempPathFactory, seeded_db: Path) -> Iterator[tuple[str, Path]]:
    """An app of this module alone, with the directory that holds its server log."""
    tmp = tmp_path_factory.mktemp("e2e-counts")
    db = tmp / "counts.duckdb"
    shutil.copy(seeded_db, db)
    with running_app(tmp, db) as url:
        yield url, tmp


def open_counts(page: Page, url: str, account: str = "Werkgroeplid") -> None:
    goto_signed_in(page, f"{url}/aantallen", account)
    expect(page.get_by_role("heading", name="Aantallen per gemeente en gebied")).to_be_visible(timeout=FIRST_LOAD_MS)
    wait_for_idle(page, FIRST_LOAD_MS)


def map_polygons(page: Page):
    frame = page.frame_locator(MAP_IFRAME)
    polygons = frame.locator("path.leaflet-interactive")
    expect(polygons).to_have_count(REGION_MUNICIPALITIES, timeout=RERUN_MS)
    return frame, polygons


def test_choropleth_with_legend_and_hatched_hidden_counts(page: Page, counts_app: tuple[str, Path]) -> None:
    open_counts(page, counts_app[0])
    frame, _polygons = map_polygons(page)
    hatched = frame.locator('path.leaflet-interactive[fill="url(#vb-hatch)"]')
    assert hatched.count() > 0, "the working group has municipalities with fewer than 5 dumpings"
    legend = frame.locator(".vb-count-legend")
    expect(legend).to_have_attribute("data-open", "true")
    expect(legend).to_contain_text("Drugsafvaldumpingen per 1.000 ha")
    expect(legend).to_contain_text("<5 (verborgen)")
    assert legend.locator(".vb-legend-class").count() >= 4  # 0, at least two rate classes, hidden
    page.get_by_role("heading", name="Aantallen per gemeente en gebied").scroll_into_view_if_needed()
    SHOT.parent.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 900})
    wait_for_idle(page)
    page.screenshot(path=str(SHOT))


@pytest.mark.parametrize("viewport", [PHONE])
def test_choropleth_on_a_phone(page: Page, counts_app: tuple[str, Path]) -> None:
    open_counts(page, counts_app[0])
    frame, _polygons = map_polygons(page)
    legend = frame.locator(".vb-count-legend")
    expect(legend).to_have_attribute("data-open", "false")  # folded: it never covers the map on a phone
    legend.locator(".vb-legend-toggle").click()
    expect(legend).to_have_attribute("data-open", "true")
    box = page.locator(MAP_IFRAME).bounding_box()
    assert box and box["width"] <= PHONE["width"], box
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, f"pagina is {width} px breed op een telefoon"


def _column(grid, index: int) -> list[str]:
    return [cell.inner_text() for cell in grid.locator(f'td[aria-colindex="{index}"]').all()]


def _click_header(page: Page, grid, x: float) -> bool:
    """Click the header row at ``x``; True when the sorting changed (the grid draws on a canvas: its
    accessible table tells the sorted column by an arrow in the header text)."""
    headers = grid.locator("th")
    before = headers.all_inner_texts()
    box = grid.bounding_box()
    assert box
    page.mouse.click(x, box["y"] + 18)
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        if headers.all_inner_texts() != before:
            return True
        page.wait_for_timeout(100)  # polling the grid's state, not a wait for its own sake
    return False


def _sort_ascending(page: Page, grid, index: int) -> float:
    """Find the header of column ``index`` by trying places along the header row and sort it ascending;
    returns the place that sorts it."""
    header = grid.locator(f'th[aria-colindex="{index}"]')
    box = grid.bounding_box()
    assert box
    for x in range(20, int(box["width"]), 40):
        if _click_header(page, grid, box["x"] + x) and header.inner_text().startswith("↑"):
            return box["x"] + x
    pytest.fail("kolomkop niet gevonden")


def test_a_numeric_column_with_hidden_cells_sorts_as_numbers(page: Page, counts_app: tuple[str, Path]) -> None:
    open_counts(page, counts_app[0])
    grid = page.locator("[data-testid=stDataFrame]").first
    grid.scroll_into_view_if_needed()
    header = grid.locator('th[aria-colindex="3"]')
    expect(header).to_have_text("Leegstaande schuren")
    x = _sort_ascending(page, grid, 3)
    # The working group sees barns as counts only: the hidden ones ("<5" on screen) are missing values, and
    # sort as missing (first going up), never as the text "<5".
    assert _column(grid, 3)[:3] == ["", "", ""], _column(grid, 3)
    assert _click_header(page, grid, x)
    expect(header).to_contain_text("↓")
    values = _column(grid, 3)
    known = [int(v) for v in values if v != ""]
    assert values[0] != "" and known == sorted(known, reverse=True), values  # as text "9" would come before "21"
    assert known[0] >= 10 and len(known) >= 5, values


def _bar_labels(page: Page) -> list[str]:
    chart = page.locator("[data-testid=stVegaLiteChart]").first
    chart.scroll_into_view_if_needed()
    bars = chart.locator('[aria-roledescription="bar"]')
    expect(bars.first).to_be_attached(timeout=RERUN_MS)
    return [bars.nth(i).get_attribute("aria-label") or "" for i in range(bars.count())]


def test_month_charts_speak_dutch_then_english_and_the_log_stays_clean(
    page: Page, counts_app: tuple[str, Path]
) -> None:
    url, tmp = counts_app
    open_counts(page, url)
    expect(page.locator("[data-testid=stVegaLiteChart]")).to_have_count(2, timeout=RERUN_MS)
    labels = " ".join(_bar_labels(page))
    assert "Maand: okt 2024" in labels and "Maand: mrt 2025" in labels and "Oct" not in labels, labels[:300]
    page.locator("[data-testid=stSidebar] [data-testid=stButtonGroup] button").filter(has_text="EN").click()
    expect(page.get_by_role("heading", name="Counts per municipality and area")).to_be_visible(timeout=RERUN_MS)
    wait_for_idle(page)
    labels = " ".join(_bar_labels(page))
    assert "Month: Oct 2024" in labels and "Month: Mar 2025" in labels and "okt" not in labels, labels[:300]
    grid = page.locator("[data-testid=stDataFrame]").first
    expect(grid.locator('th[aria-colindex="2"]')).to_have_text("Area (ha)")
    log = (tmp / "server.stderr.log").read_text(errors="replace") + (tmp / "server.stdout.log").read_text(
        errors="replace"
    )
    assert "Could not convert" not in log and "Traceback" not in log, log[-2000:]
