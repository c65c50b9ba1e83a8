"""The Dumpingen page (AppTest; the map widget replaced by a click at a known place)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gis.geo.crs import rd_to_wgs84
from gis.store import open_store
from tests.conftest import sign_in

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")
SPOT = (226_500.0, 470_500.0)  # Lochem
NOTE = "<img src=x onerror=alert(1)> **vet** [link](javascript:alert(1))"


@pytest.fixture
def env(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    db = demo_copy
    lon, lat = rd_to_wgs84(*SPOT)
    state: dict = {"db": db, "click": {"lat": float(lat), "lng": float(lon)}, "maps": []}

    def fake_click(base, key, height=420, center=None, zoom=None):
        state["maps"].append(base)

    monkeypatch.setattr("gis.ui.map_widget.click_map", fake_click)
    monkeypatch.setattr("gis.ui.map_widget.last_click", lambda key: state["click"])
    monkeypatch.setattr("gis.ui.map_widget.static_map", lambda base, key, height=420: state["maps"].append(base))
    monkeypatch.setattr("gis.ui.map_widget.show_map", lambda *a, **k: {})
    return state


def open_page() -> AppTest:
    at = sign_in(AppTest.from_file(APP, default_timeout=60))
    at.run()
    return at.switch_page("pages/dumpingen.py").run()


def fill_and_send(at: AppTest, notes: str = NOTE) -> AppTest:
    next(s for s in at.selectbox if s.label == "Soort plek").set_value("bos")
    next(s for s in at.selectbox if s.label == "Soort afval").set_value("vaten")
    next(t for t in at.text_area if t.label == "Opmerkingen").input(notes)
    return next(b for b in at.button if b.label == "Controleren en opslaan").click().run()


def test_log_by_clicking_the_map_then_move_it_in_the_register(env) -> None:
    at = open_page()
    assert not at.exception
    assert any("Plaats: RD 226500, 470500" in s.value for s in at.success)
    at = fill_and_send(at)
    assert not at.exception, at.exception
    saved = [s.value for s in at.success if "is opgeslagen" in s.value]
    assert saved, [e.value for e in at.error] + [w.value for w in at.warning]
    new_id = int(saved[0].split()[1])
    s = open_store(str(env["db"]))
    rec = s.dumping(new_id)
    s.close()
    assert rec["notes"] == NOTE and rec["municipality_name"] == "Lochem" and rec["created_by"] == "demo-beheerder"
    # The register opens the new report; the status moves to "in onderzoek".
    at.session_state["dp_view"] = "register"
    at.run()
    assert not at.exception
    assert any(h.value.startswith(f"Melding {new_id} · gemeld") for h in at.subheader)
    next(s for s in at.selectbox if s.label == "Nieuwe status").set_value("in onderzoek")
    next(b for b in at.button if b.label == "Status wijzigen").click().run()
    assert any("Status gewijzigd naar 'in onderzoek'" in s.value for s in at.success)
    s = open_store(str(env["db"]))
    assert s.dumping(new_id)["status"] == "in onderzoek"
    assert s.dumping_history(new_id)["to_status"].tolist() == ["gemeld", "in onderzoek"]
    s.close()


def test_forbidden_jump_and_missing_cleanup_cost_are_refused(env) -> None:
    at = fill_and_send(open_page())
    new_id = int(next(s.value for s in at.success if "is opgeslagen" in s.value).split()[1])
    at.session_state["dp_view"] = "register"
    at.run()
    assert next(s for s in at.selectbox if s.label == "Nieuwe status").options == ["in onderzoek"]
    next(b for b in at.button if b.label == "Status wijzigen").click().run()
    next(s for s in at.selectbox if s.label == "Nieuwe status").set_value("geruimd")
    next(b for b in at.button if b.label == "Status wijzigen").click().run()
    assert any("opruimkosten" in e.value.lower() for e in at.error)
    s = open_store(str(env["db"]))
    assert s.dumping(new_id)["status"] == "in onderzoek"
    s.close()


def test_without_a_position_the_form_says_so(env) -> None:
    env["click"] = None
    at = fill_and_send(open_page())
    assert any("nog niet gekozen" in e.value for e in at.error)


def test_a_second_report_at_the_same_site_offers_linking(env) -> None:
    at = fill_and_send(open_page())
    first = int(next(s.value for s in at.success if "is opgeslagen" in s.value).split()[1])
    at = fill_and_send(at, "zelfde plek, meer vaten")
    assert any("Is dit dezelfde plek?" in w.value for w in at.warning)
    next(b for b in at.button if b.label.startswith(f"Zelfde plek: koppel aan melding {first}")).click().run()
    second = int(next(s.value for s in at.success if "is opgeslagen" in s.value).split()[1])
    s = open_store(str(env["db"]))
    assert s.dumping(second)["linked_to"] == first
    s.close()


def test_typed_coordinates_with_swapped_axes_are_detected(env) -> None:
    env["click"] = None
    at = open_page()
    lon, lat = rd_to_wgs84(*SPOT)
    at.text_input(key="dp_coords").input(f"{lon:.5f}, {lat:.5f}").run()
    assert any("Plaats: RD" in s.value for s in at.success)
    assert any("omgewisseld" in c.value for c in at.caption)


def test_an_edit_that_meets_another_users_change_is_refused_and_reloaded(env) -> None:
    at = fill_and_send(open_page())
    new_id = int(next(s.value for s in at.success if "is opgeslagen" in s.value).split()[1])
    at.session_state["dp_view"] = "register"
    at.run()
    assert any(h.value.startswith(f"Melding {new_id} · gemeld") for h in at.subheader)
    other = open_store(str(env["db"]))  # a colleague moves the same report while this form is open
    other.change_dumping_status(new_id, "in onderzoek", "collega", "ter plaatse")
    other.close()
    next(s for s in at.selectbox if s.label == "Nieuwe status").set_value("in onderzoek")
    next(b for b in at.button if b.label == "Status wijzigen").click().run()
    assert not at.exception, at.exception
    assert any("Iemand anders heeft dit tegelijk gewijzigd" in e.value for e in at.error)
    assert any(h.value.startswith(f"Melding {new_id} · in onderzoek") for h in at.subheader)  # reloaded
    s = open_store(str(env["db"]))
    assert s.dumping_history(new_id)["user_name"].tolist() == ["demo-beheerder", "collega"]  # nothing added
    s.close()
