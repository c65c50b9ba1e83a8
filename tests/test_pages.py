"""AppTest smoke test of every page, on the demo database, with the map widget captured."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from gis.store import open_store
from tests.conftest import sign_in

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")
PAGES = [
    "pages/kaart.py",
    "pages/aantallen.py",
    "pages/over.py",
    "pages/gebieden.py",
    "pages/dumpingen.py",
    "pages/hotspots.py",
    "pages/beheer.py",
    "pages/audit.py",
]


@pytest.fixture
def app_env(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    """Point the app at the demo database and capture what would go to streamlit-folium."""
    monkeypatch.setenv("VB_DB", str(demo_db))
    calls: list[dict] = []

    def fake_show_map(base, groups, key, height=600, center=None, zoom=None):
        calls.append({"base": base, "groups": groups, "key": key})
        return {}

    monkeypatch.setattr("gis.ui.map_widget.show_map", fake_show_map)
    monkeypatch.setattr("gis.ui.map_widget.draw_map", lambda base, groups, key, height=560: None)
    monkeypatch.setattr("gis.ui.map_widget.click_map", lambda base, key, height=420, center=None, zoom=None: None)
    monkeypatch.setattr("gis.ui.map_widget.last_click", lambda key: None)
    monkeypatch.setattr("gis.ui.map_widget.static_map", lambda base, key, height=420: None)
    return calls


def run_page(page: str, account: str = "demo-beheerder") -> AppTest:
    at = sign_in(AppTest.from_file(APP, default_timeout=60), account)
    at.run()
    if page != PAGES[0]:
        at.switch_page(page).run()
    return at


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_error(app_env, page: str) -> None:
    at = run_page(page)
    assert not at.exception, at.exception
    assert any("DEMO" in w.value for w in at.warning)


def test_home_shows_layers_with_counts_and_builds_map(app_env) -> None:
    at = run_page(PAGES[0])
    labels = [c.label for c in at.checkbox]
    assert labels == ["Leegstaande schuren (300)", "Drugsafvaldumpingen (500)", "Incidenten (2.000)"]
    assert app_env and {g.layer_name for g in app_env[-1]["groups"]} == {
        "Leegstaande schuren", "Drugsafvaldumpingen", "Incidenten"
    }  # fmt: skip


def test_switching_a_layer_off_removes_it_from_the_map(app_env) -> None:
    at = run_page(PAGES[0])
    at.checkbox(key="show_incidents").uncheck().run()
    assert not at.exception
    assert {g.layer_name for g in app_env[-1]["groups"]} == {"Leegstaande schuren", "Drugsafvaldumpingen"}


def test_source_filter_changes_counts(app_env) -> None:
    at = run_page(PAGES[0])
    at.multiselect(key="f_sources").set_value(["politie"]).run()
    label = at.checkbox(key="show_incidents").label
    n = int(label.split("(")[1].rstrip(")").replace(".", ""))
    assert 0 < n < 2000


def test_english_switch(app_env) -> None:
    at = run_page(PAGES[0])
    at.session_state["lang"] = "en"
    at.run()
    assert at.checkbox(key="show_incidents").label == "Incidents (2,000)"
    assert at.title[0].value == "Safe Countryside"


def test_counts_page_tables(app_env, demo_db: Path) -> None:
    at = run_page(PAGES[1])
    frames = [d.value for d in at.dataframe]
    assert len(frames) == 2  # the table under the map (per municipality) and the month table
    per_muni = frames[0]
    in_region = (
        open_store(str(demo_db))
        .query_df(  # incidents in Gelderland and Overijssel only
            "SELECT count(*) AS n FROM incidents i JOIN municipalities m ON m.code = i.municipality_code "
            "WHERE m.province_code IN ('PV25', 'PV23')"
        )["n"]
        .iloc[0]
    )
    assert 0 < in_region < 2000 and per_muni["Incidenten"].sum() == in_region
    at.segmented_control(key="cnt_by").set_value("area").run()
    names = set(at.dataframe[0].value.iloc[:, 0])
    assert names == {"KIEK UUT Achterhoek-Oost", "KIEK UUT Noordoost-Twente", "Veilig Buitengebied Salland"}


def test_corrupt_database_shows_dutch_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "kapot.duckdb"
    bad.write_bytes(b"geen database")
    monkeypatch.setenv("VB_DB", str(bad))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert any("beschadigd" in e.value for e in at.error)
    assert bad.read_bytes() == b"geen database"


def test_first_start_creates_the_demo_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "nieuw" / "vb.duckdb"
    monkeypatch.setenv("VB_DB", str(db))
    monkeypatch.setattr("gis.ui.map_widget.show_map", lambda *a, **k: {})
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert db.exists()
    assert {"Beheerder", "Analist (politie/RIEC)", "Werkgroeplid"} <= {b.label for b in at.button}  # demo, no password
    at.button(key="demo_demo-beheerder").click().run()
    assert not at.exception
    assert [c.label for c in at.checkbox] == [
        "Leegstaande schuren (300)", "Drugsafvaldumpingen (500)", "Incidenten (5.000)"
    ]  # fmt: skip
    assert any("DEMO" in w.value for w in at.warning)


def test_counts_page_per_month(app_env) -> None:
    at = run_page(PAGES[1])
    months = at.dataframe[1].value
    assert list(months.columns) == ["Maand", "Drugsafvaldumpingen", "Incidenten"]
    assert months["Incidenten"].sum() == 2000 and months["Drugsafvaldumpingen"].sum() == 500
    assert months["Maand"].iloc[0] == "2023-11"


def test_batch_times_are_written_out_and_a_missing_one_stays_empty() -> None:
    from gis.ui.import_page import _when

    assert _when(None) == "" and _when(pd.NaT) == "" and _when(float("nan")) == ""
    assert _when(pd.Timestamp("2026-11-28 23:01:45")) == "28-11-2026 23:01"
