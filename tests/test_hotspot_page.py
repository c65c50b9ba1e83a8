"""AppTest of the Hotspots page: the Gi* map, the views, periods, the meeting view and bad choices."""

from __future__ import annotations

from pathlib import Path

import folium
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import sign_in

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")


@pytest.fixture
def maps(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> list[folium.Map]:
    monkeypatch.setenv("VB_DB", str(demo_db))
    drawn: list[folium.Map] = []
    monkeypatch.setattr("gis.ui.map_widget.static_map", lambda base, key, height=420: drawn.append(base))
    return drawn


def open_page() -> AppTest:
    at = sign_in(AppTest.from_file(APP, default_timeout=120))
    at.run()
    at.switch_page("pages/hotspots.py").run()
    assert not at.exception, at.exception
    return at


def test_default_view_shows_significant_cells_ranked_places_and_pai(maps: list[folium.Map]) -> None:
    at = open_page()
    assert at.title[0].value == "Hotspots voor de werkgroep"
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Meldingen"].replace(".", "")) > 0
    assert "Voorspellende waarde (PAI)" in metrics
    html = maps[-1].get_root().render()
    assert "Hotspot, 99% betrouwbaar" in html and "hs-rank" in html
    table = at.dataframe[0].value
    assert list(table["Nr."])[:3] == [1, 2, 3] and "Politie" in table.columns and "Gemeente (bron)" in table.columns
    assert table["z (max)"].is_monotonic_decreasing
    assert [b.label for b in at.get("download_button")] == ["Kaart als PNG", "Kaart als PDF", "Cellen als GeoPackage",
                                                          "Ranglijst als CSV"]  # fmt: skip


def test_period_switch_gives_another_result_and_back_is_cached(maps: list[folium.Map]) -> None:
    at = open_page()
    first = at.metric[0].value
    at.segmented_control(key="hs_period").set_value("hs_p_prev").run()
    assert not at.exception
    assert at.metric[0].value != first
    at.segmented_control(key="hs_period").set_value("hs_p_12m").run()
    assert at.metric[0].value == first


@pytest.mark.parametrize("view", ["kde", "compare", "trend"])
def test_every_view_draws(maps: list[folium.Map], view: str) -> None:
    at = open_page()
    at.segmented_control(key="hs_view").set_value(view).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert len(maps) >= 2
    assert at.caption and any(("bandbreedte" in c.value) or ("tegen" in c.value) or ("tijdstappen" in c.value)
                              for c in at.caption)  # fmt: skip


def test_meeting_view_hides_the_sidebar_and_enlarges(maps: list[folium.Map]) -> None:
    at = open_page()
    at.toggle(key="hs_meeting_view").set_value(True).run()
    assert not at.exception
    assert any("stSidebar" in m.value for m in at.markdown)
    assert at.dataframe  # the ranked table stays


def test_bad_choices_give_a_dutch_message_not_a_trace(maps: list[folium.Map]) -> None:
    at = open_page()
    at.number_input(key="hs_dist_1000").set_value(0).run()
    assert not at.exception
    assert any("groter dan 0" in e.value for e in at.error)
    at.number_input(key="hs_dist_1000").set_value(2000).run()
    at.multiselect(key="hs_cats").set_value(["vaten"]).run()  # a waste type: no incident has it
    assert not at.exception
    assert any("minder dan 10 meldingen" in e.value.lower() for e in at.error)


def test_an_edited_area_is_not_served_from_the_cache(demo_db: Path, tmp_path: Path, monkeypatch) -> None:
    import shapely

    from gis.store import open_store

    db = tmp_path / "edit.duckdb"
    db.write_bytes(demo_db.read_bytes())
    monkeypatch.setenv("VB_DB", str(db))
    monkeypatch.setattr("gis.ui.map_widget.static_map", lambda base, key, height=420: None)
    at = open_page()
    store = open_store(str(db))  # the app's own connection (same process) is reused
    area = store.areas().iloc[0]
    at.selectbox(key="hs_area").set_value(int(area["id"])).run()
    at.segmented_control(key="hs_period").set_value("hs_p_all").run()
    before = at.metric[0].value
    half = shapely.clip_by_rect(area.geometry, *area.geometry.bounds[:2], *area.geometry.centroid.coords[0])
    store.save_area_version(int(area["id"]), half, str(area["name"]), "", "test", "kleiner")
    at.run()
    assert not at.exception
    assert at.metric[0].value != before
