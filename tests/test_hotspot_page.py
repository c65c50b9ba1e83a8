"""AppTest of the Hotspots page: the Gi* map, the views, periods, the meeting view, place names, English and bad
choices."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import folium
import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from gis.geo.places import DIRECTIONS
from gis.hotspots.analysis import HotspotQuery
from gis.io.xlsx_export import table_xlsx
from gis.ui import hotspot_page
from gis.ui.state import LANG_KEY
from tests.conftest import sign_in

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")
# The demo data's fixed span (gis/demo/generator.py), so the presets are known dates:
# last 12 months 01-11-2025 .. 31-10-2026, the 12 months before 01-11-2024 .. 31-10-2025.
SPAN = (date(2023, 11, 1), date(2026, 10, 31))
LAST_12 = (date(2025, 11, 1), date(2026, 10, 31))
PREVIOUS_12 = (date(2024, 11, 1), date(2025, 10, 31))


class Drawn(list):
    """The folium maps the page handed to the map widget, and the height it asked for each."""

    heights: list[int]


@pytest.fixture
def maps(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> Drawn:
    monkeypatch.setenv("VB_DB", str(demo_db))
    drawn = Drawn()
    drawn.heights = []

    def static_map(base: folium.Map, key: str, height: int = 420) -> None:
        drawn.append(base)
        drawn.heights.append(height)

    monkeypatch.setattr("gis.ui.map_widget.static_map", static_map)
    return drawn


@pytest.fixture
def analyses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[date | None, date | None]]]:
    """The periods of every Gi* analysis (with its PAI, in one read) the page really runs (a cache hit runs
    none). The page's result cache is process-wide, so it is emptied first: earlier tests must not have filled it."""
    calls: list[tuple[date | None, date | None]] = []
    real = hotspot_page.first_map

    def counting(store: object, q: HotspotQuery, study: object, cells: object) -> object:
        calls.append((q.date_from, q.date_to))
        return real(store, q, study, cells)  # type: ignore[arg-type]

    monkeypatch.setattr(hotspot_page, "first_map", counting)
    hotspot_page._run.clear()
    yield calls
    hotspot_page._run.clear()  # results made with the spy are not left for other tests


def shown(markdown: str) -> str:
    """A caption as the user reads it (the page escapes Markdown characters with a backslash)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def open_page() -> AppTest:
    at = sign_in(AppTest.from_file(APP, default_timeout=120))
    at.run()
    at.switch_page("pages/hotspots.py").run()
    assert not at.exception, at.exception
    return at


def decimal(text: str) -> float:
    """A Dutch decimal as the page shows it ("43,5") as a number."""
    return float(text.replace(".", "").replace(",", "."))


def test_default_view_shows_significant_cells_ranked_places_and_pai(maps: list[folium.Map]) -> None:
    at = open_page()
    assert at.title[0].value == "Hotspots voor de werkgroep"
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Meldingen"].replace(".", "")) > 0
    assert re.fullmatch(r"\d+,\d", metrics["Voorspellende waarde (PAI)"])  # a Dutch decimal comma
    html = maps[-1].get_root().render()
    assert "Hotspot, 99% betrouwbaar" in html and "hs-rank" in html
    table = at.dataframe[0].value
    assert list(table.columns[:4]) == ["Nr.", "Plaats", "Klasse", "Cellen"]
    assert list(table["Nr."])[:3] == [1, 2, 3] and "Politie" in table.columns and "Gemeente (bron)" in table.columns
    z = [decimal(v) for v in table["z (max)"]]
    assert z == sorted(z, reverse=True) and all(re.fullmatch(r"\d+,\d", v) for v in table["z (max)"])
    assert set(table["Klasse"]) <= {"Hotspot, 99% betrouwbaar", "Hotspot, 95% betrouwbaar"}  # words, not "3"
    assert all(re.fullmatch(r"E\d+N\d+", c) for c in table["Kerncel (RD-code)"])  # the code stays, last
    assert table.columns[-1] == "Kerncel (RD-code)"
    places = list(table["Plaats"])
    assert all(p and not re.search(r"E\d+N\d+", p) for p in places)
    for rank, place in enumerate(places[:3], start=1):  # numbered markers with the same names on the map
        assert f"[{rank}," in html and json.dumps(place, ensure_ascii=False) in html
    assert [b.label for b in at.get("download_button")] == ["Kaart als PNG", "Kaart als PDF", "Cellen als GeoPackage",
                                                          "Ranglijst als CSV", "Ranglijst als Excel"]  # fmt: skip
    book = openpyxl.load_workbook(io.BytesIO(table_xlsx(table, "Sterkste hotspots")))
    rows = list(book.active.iter_rows(values_only=True))
    assert list(rows[0]) == list(table.columns) and [r[list(table.columns).index("Plaats")] for r in rows[1:4]] == [
        str(p) for p in places[:3]
    ]


def test_english_shows_english_classes_places_and_numbers(maps: Drawn) -> None:
    at = sign_in(AppTest.from_file(APP, default_timeout=120))
    at.session_state[LANG_KEY] = "en"
    at.run()
    at.switch_page("pages/hotspots.py").run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Hot spots for the working group"
    table = at.dataframe[0].value
    assert list(table.columns[:4]) == ["No.", "Place", "Class", "Cells"]
    assert set(table["Class"]) <= {"Hot spot, 99% confidence", "Hot spot, 95% confidence"}
    assert all(re.fullmatch(r"\d+\.\d", v) for v in table["z (max)"])
    parts = [m.group(1) for p in table["Place"] if (m := re.search(r" \((.+)\)$", p))]
    assert parts and set(parts) <= set(DIRECTIONS["en"])  # "Zwolle (east)", not "Zwolle (oost)"
    captions = [shown(c.value) for c in at.caption]
    assert any(re.fullmatch(r"incidents \(all categories\), 01-11-2025 to 31-10-2026, Overijssel and Gelderland; "
                            r"cells 1,000 m, distance 2,000 m, FDR \(Benjamini-Hochberg\); [\d,]+ records", c)
               for c in captions), captions  # fmt: skip
    metrics = {m.label: m.value for m in at.metric}
    assert re.fullmatch(r"\d+\.\d", metrics["Predictive accuracy (PAI)"])
    assert "Hot spot, 99% confidence" in maps[-1].get_root().render()
    warnings = [w.value for w in at.warning]  # the demo's sparse cells warn, in English
    assert warnings and all(not w.startswith("Gemiddeld") for w in warnings)
    assert any(w.startswith("On average ") and "records per cell" in w for w in warnings), warnings


def test_period_switch_gives_another_result_and_back_is_cached(maps: Drawn, analyses: list) -> None:
    at = open_page()
    first = at.metric[0].value
    assert analyses == [LAST_12]  # one analysis for the default period
    at.segmented_control(key="hs_period").set_value("hs_p_prev").run()
    assert not at.exception
    assert at.metric[0].value != first
    assert analyses == [LAST_12, PREVIOUS_12]  # a new period is analysed once
    at.segmented_control(key="hs_period").set_value("hs_p_12m").run()
    assert not at.exception
    assert at.metric[0].value == first
    assert analyses == [LAST_12, PREVIOUS_12]  # back to the first period: served from the cache, not run again
    at.run()  # a rerun without a change (any widget) runs nothing either
    assert analyses == [LAST_12, PREVIOUS_12]


def test_demo_span_behind_the_expected_periods(demo_db: Path) -> None:
    from gis.store import open_store

    store = open_store(str(demo_db))  # as sign_in does: the app in this process holds a read-write connection
    try:
        assert store.date_span() == SPAN
    finally:
        store.close()


_NOTE = {  # the caption under the map for each view (the Gi* view's is the analysis description)
    "gi": r"incidenten \(alle categorieën\), 01-11-2025 t/m 31-10-2026, Overijssel en Gelderland; cellen 1.000 m, "
    r"buurafstand 2.000 m, FDR \(Benjamini-Hochberg\); [\d.]+ meldingen",
    "kde": r"Kerndichtheid \(quartic\), bandbreedte [\d.]+ m, meldingen per km², afgekapt op het gebied\. Alleen "
    r"voor het beeld: een dichtheidskaart toetst niets\.",
    "compare": r"01-11-2024 – 31-10-2025 tegen 01-11-2025 – 31-10-2026: hotspots \(95%\+\) die nieuw zijn, verdwenen "
    r"of bleven\.",
    # 01-11-2025 .. 31-10-2026 in quarters: Q4 2025 (from November), Q1-Q3 2026, Q4 2026 (October)
    "trend": r"5 tijdstappen; Gi\* per stap, Mann-Kendall-trend per cel\. Tien of meer stappen geven een "
    r"betrouwbaarder beeld\.",
}
_TITLE = {
    "gi": "Gi*-klasse (na correctie)",
    "kde": "Dichtheid",
    "compare": "Twee perioden",
    "trend": "Opkomende hotspots",
}


@pytest.mark.parametrize("view", ["gi", "kde", "compare", "trend"])
def test_every_view_draws_with_its_own_caption(maps: Drawn, view: str) -> None:
    at = open_page()
    at.segmented_control(key="hs_view").set_value(view).run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert len(maps) == 2  # the default view, then this one
    captions = [shown(c.value) for c in at.caption]
    for other, pattern in _NOTE.items():  # this view's note, exactly once; no other view's note
        hits = [c for c in captions if re.fullmatch(pattern, c)]
        assert len(hits) == (1 if other == view else 0), (view, other, captions)
    assert _TITLE[view] in maps[-1].get_root().render()


def test_meeting_view_is_the_map_with_one_title_line(maps: Drawn) -> None:
    at = open_page()
    assert maps.heights == [560]
    assert not any("stSidebar" in m.value for m in at.markdown)
    at.toggle(key="hs_meeting_view").set_value(True).run()
    assert not at.exception
    assert maps.heights == [560, 720]  # the map grows to what fits under one title line at 1400 x 900
    (css,) = [m.value for m in at.markdown if "stSidebar" in m.value]
    assert 'section[data-testid="stSidebar"], header[data-testid="stHeader"] {display: none !important;}' in css
    assert 'div[data-testid="stMetricValue"], div[data-testid="stMetricValue"] * {font-size: 3rem !important;' in css
    assert ".hs-meeting-mark)" in css and "{display: none !important;}" in css  # the demo banner folds
    assert not at.title  # no page title: the title line says it, with the period and the DEMO mark
    lines = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert lines == ["### Hotspots voor de werkgroep · 01-11-2025 – 31-10-2026 :red-badge[DEMO]"]
    (controls,) = at.expander
    assert controls.label == "Periode, selectie, methode en meldingen" and not controls.proto.expanded
    assert at.segmented_control(key="hs_period") in controls.segmented_control  # the controls are folded away
    assert [m.label for m in at.metric] == ["Meldingen", "Hotspotcellen (95%+)", "Voorspellende waarde (PAI)"]
    assert at.dataframe  # the ranked table stays
    at.toggle(key="hs_meeting_view").set_value(False).run()
    assert maps.heights == [560, 720, 560] and not any("stSidebar" in m.value for m in at.markdown)
    assert at.title[0].value == "Hotspots voor de werkgroep"


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


def test_counts_only_role_gets_places_but_no_more_than_before(maps: Drawn) -> None:
    at = sign_in(AppTest.from_file(APP, default_timeout=120), "demo-werkgroep")
    at.run()
    at.switch_page("pages/hotspots.py").run()
    assert not at.exception, at.exception
    at.toggle(key="hs_meeting_view").set_value(True).run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert list(table.columns) == ["Nr.", "Plaats", "Klasse", "Cellen", "Aantal", "z (max)", "p", "Kerncel (RD-code)"]
    assert all((isinstance(v, str) and v == "<5") or int(v) >= 5 for v in table["Aantal"])  # no count below 5
    assert all(p for p in table["Plaats"])
    lines = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert len(lines) == 1 and lines[0].endswith(":red-badge[DEMO]")
