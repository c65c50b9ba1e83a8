"""The hotspot map exports for the minutes: rank numbers and place names on the map and in a list, the
DEMO mark for demo data (and not otherwise), English text in English, and a PNG of a sane size."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from gis.hotspots.analysis import HotspotQuery, HotspotResult, run_hotspots
from gis.hotspots.export import map_image
from gis.store import Store, open_store
from tests.hotspots.mpl_pdf import mpl_pdf_text

Q = HotspotQuery(cell_m=1000.0, distance_m=2000.0, date_from=date(2025, 11, 1), date_to=date(2026, 10, 31))


@pytest.fixture
def demo(demo_db: Path) -> Iterator[Store]:
    s = open_store(str(demo_db))
    yield s
    s.close()


@pytest.fixture
def result(demo: Store) -> HotspotResult:
    return run_hotspots(demo, Q)


def test_pdf_lists_ranks_with_place_names_and_demo(demo: Store, result: HotspotResult) -> None:
    top = result.top(demo, 10)
    assert len(top) >= 3 and all(top["place"])
    lines = mpl_pdf_text(map_image(result, demo, "pdf", "nl")).splitlines()
    assert "DEMO" in lines and "Sterkste hotspots" in lines
    for rank, place in zip(top["rank"], top["place"], strict=True):
        assert f"{rank}. {place}" in lines  # the list beside the map
        assert str(rank) in lines and place in lines  # the number on its marker and the name beside it
    assert any(line.startswith("Hotspots (Getis-Ord Gi*)") for line in lines)


def test_english_pdf_and_no_demo_mark_for_real_data(demo: Store, result: HotspotResult) -> None:
    top = result.top(demo, 10, "en")
    lines = mpl_pdf_text(map_image(result, demo, "pdf", "en", top=top, demo=False)).splitlines()
    assert "DEMO" not in lines and "Strongest hot spots" in lines and "Class" in lines
    assert f"1. {top['place'].iloc[0]}" in lines
    assert any(line.startswith("incidents (all categories), 01-11-2025 to 31-10-2026") for line in lines)
    assert "Coordinates: RD New (EPSG:28992)" in lines


def test_png_size_is_sane(demo: Store, result: HotspotResult) -> None:
    png = map_image(result, demo, "png", "nl")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1650, 1200)  # 11 x 8 inch at 150 dpi
    assert 50_000 < len(png) < 3_000_000
