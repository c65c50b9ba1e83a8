"""The Dumpingen page (AppTest; the map widget replaced by a click at a known place)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from gis.geo.crs import rd_to_wgs84
from gis.store import open_store
from tests.conftest import sign_in
from tests.page_backends import PAGE_BACKENDS, writable_demo

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")
SPOT = (226_500.0, 470_500.0)  # Lochem
NOTE = "<img src=x onerror=alert(1)> **vet** [link](javascript:alert(1))"


@pytest.fixture(params=PAGE_BACKENDS)
def env(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> dict:
    db = writable_demo(request)
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
    named = rf"Melding {new_id} is intussen gewijzigd door collega (op \S+ )?om \d\d:\d\d; laad de melding opnieuw"
    assert any(re.match(named, e.value) for e in at.error), [e.value for e in at.error]
    assert any("Er is niets van uw wijziging opgeslagen." in e.value for e in at.error)
    assert any(h.value.startswith(f"Melding {new_id} · in onderzoek") for h in at.subheader)  # reloaded
    s = open_store(str(env["db"]))
    assert s.dumping_history(new_id)["user_name"].tolist() == ["demo-beheerder", "collega"]  # nothing added
    s.close()
    # The same in English: a field edit against the report as it was before the colleague's second change.
    at.session_state["lang"] = "en"
    at.run()
    other = open_store(str(env["db"]))
    other.update_dumping(new_id, {"reporter_org": "politie"}, "collega")  # a field the edit form does not show
    other.close()
    next(t for t in at.text_area if t.label == "Notes").input("mijn versie")
    next(b for b in at.button if b.label == "Save changes").click().run()
    assert not at.exception, at.exception
    named_en = rf"Report {new_id} was changed in the meantime by collega (on \S+ )?at \d\d:\d\d; reload it"
    assert any(re.match(named_en, e.value) for e in at.error), [e.value for e in at.error]
    s = open_store(str(env["db"]))
    assert (s.dumping(new_id)["notes"], s.dumping(new_id)["reporter_org"]) == (NOTE, "politie")  # neither overwritten
    s.close()


def test_a_report_logged_at_the_spot_meanwhile_brings_the_choice_back(env) -> None:
    at = fill_and_send(open_page())
    first = int(next(s.value for s in at.success if "is opgeslagen" in s.value).split()[1])
    at = fill_and_send(at, "tweede melding")
    assert any("Is dit dezelfde plek?" in w.value for w in at.warning)
    other = open_store(str(env["db"]))  # while this user decides, a colleague logs the same spot as a new site
    rec = {k: v for k, v in other.dumping(first).items() if k in ("x", "y", "found_at", "place_type", "waste_type")}
    third = other.add_dumping(rec, "collega", seen_nearby=[first])
    other.close()
    next(b for b in at.button if b.label == "Andere plek: opslaan als nieuw").click().run()
    assert not at.exception, at.exception
    assert not any("is opgeslagen" in s.value for s in at.success)
    assert any("is op deze plek een andere melding gedaan" in w.value for w in at.warning)
    assert any(b.label.startswith(f"Zelfde plek: koppel aan melding {third}") for b in at.button)  # offered now
    s = open_store(str(env["db"]))
    assert len(s.open_dumpings_near(*SPOT, 1)) == 2  # nothing saved: the first and the colleague's
    s.close()
    next(b for b in at.button if b.label == "Andere plek: opslaan als nieuw").click().run()  # decided, seen both
    assert any("is opgeslagen" in s.value for s in at.success), [w.value for w in at.warning]


def _facts(at: AppTest) -> dict[str, str]:
    table = next(d.value for d in at.dataframe if list(d.value.columns) in (["Veld", "Waarde"], ["Field", "Value"]))
    return dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))


def test_values_in_english_and_numbers_as_people_read_them(env) -> None:
    at = open_page()
    next(n for n in at.number_input if n.label == "Volume (l)").set_value(1250.5)
    next(n for n in at.number_input if n.label == "Aantal verpakkingen").set_value(1200)
    at = fill_and_send(at, "getallen")
    new_id = int(next(s.value for s in at.success if "is opgeslagen" in s.value).split()[1])
    at.session_state["dp_view"] = "register"
    at.run()
    facts = _facts(at)
    assert facts["Volume (l)"] == "1.250,5 l" and facts["Aantal verpakkingen"] == "1.200"  # not 1250.5 / 1200.0
    assert facts["Status"] == "gemeld" and facts["Soort afval"] == "vaten"
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    assert any(h.value == f"Report {new_id} · reported" for h in at.subheader)
    facts = _facts(at)
    assert facts["Volume (l)"] == "1,250.5 l" and facts["Containers"] == "1,200"
    assert (facts["Status"], facts["Waste type"], facts["Place type"]) == ("reported", "drums", "forest")
    assert next(s for s in at.selectbox if s.label == "New status").options == ["under investigation"]
    register = next(d.value for d in at.dataframe if "Status" in getattr(d.value, "columns", []))
    assert set(register["Status"]) <= {"reported", "under investigation", "cleared", "closed"}
    s = open_store(str(env["db"]))
    assert (s.dumping(new_id)["status"], s.dumping(new_id)["waste_type"]) == ("gemeld", "vaten")  # codes kept
    s.close()


def test_a_half_filled_form_is_kept_as_a_draft_and_restored_in_a_new_session(env) -> None:
    at = open_page()
    next(s for s in at.selectbox if s.label == "Soort plek").set_value("schuur")
    next(t for t in at.text_area if t.label == "Opmerkingen").input("half ingevuld <b>vet</b>").run()
    s = open_store(str(env["db"]))
    draft = s.draft("demo-beheerder", "dumping")
    s.close()
    assert draft is not None and draft.data["notes"] == "half ingevuld <b>vet</b>"
    assert draft.data["place_type"] == "schuur" and abs(draft.data["x"] - SPOT[0]) < 0.01
    again = open_page()  # a reload: a new session of the same user
    assert any(i.value.startswith("Concept hersteld van") for i in again.info)
    assert next(t for t in again.text_area if t.label == "Opmerkingen").value == "half ingevuld <b>vet</b>"
    assert next(s for s in again.selectbox if s.label == "Soort plek").value == "schuur"
    env["click"] = None  # the new, empty form after the save has no click of its own map (a new key)
    again = fill_and_send(again, "nu af")
    assert any("is opgeslagen" in s.value for s in again.success)
    s = open_store(str(env["db"]))
    assert s.draft("demo-beheerder", "dumping") is None  # the report is saved: the draft is gone
    s.close()


@pytest.mark.parametrize("env", ["duckdb"], indirect=True)
def test_a_draft_write_that_meets_a_conflict_is_tried_again_and_a_failed_one_is_said(env, monkeypatch) -> None:
    from gis.store import ConflictError
    from gis.store.drafts import DraftsMixin

    real = DraftsMixin.save_draft
    calls = {"n": 0, "fail": 1}

    def flaky(self, user, form, data):  # the first write meets another transaction (a second device)
        calls["n"] += 1
        if calls["n"] <= calls["fail"]:
            raise ConflictError("schrijfconflict")
        return real(self, user, form, data)

    monkeypatch.setattr(DraftsMixin, "save_draft", flaky)
    at = open_page()  # the map click makes a draft of one field: its first write conflicts, the second lands
    assert calls["n"] == 2
    assert any("Concept bewaard om" in c.value and "(1 ingevuld)" in c.value for c in at.caption)
    calls.update(n=0, fail=5)  # now every write fails: the form says so instead of "bewaard"
    at = next(s for s in at.selectbox if s.label == "Soort plek").set_value("schuur").run()
    assert not at.exception
    assert calls["n"] == 2
    why = "Concept nu niet bewaard (tegelijk gewijzigd, bijvoorbeeld op een tweede apparaat)"
    failed = [c.value for c in at.caption if why in c.value]
    assert failed and not any("Concept bewaard om" in c.value for c in at.caption)
    calls.update(n=0, fail=0)  # the next change tries again, and keeps everything filled in so far
    at = next(t for t in at.text_area if t.label == "Opmerkingen").input("later").run()
    assert any("(3 ingevuld)" in c.value for c in at.caption)
    s = open_store(str(env["db"]))
    draft = s.draft("demo-beheerder", "dumping")
    s.close()
    assert draft is not None and draft.data["place_type"] == "schuur" and draft.data["notes"] == "later"


def test_the_register_offers_its_table_as_excel_beside_the_gis_files(env) -> None:
    at = fill_and_send(open_page())
    assert any("is opgeslagen" in s.value for s in at.success)
    at.session_state["dp_view"] = "register"
    at.run()
    assert not at.exception, at.exception
    labels = [b.label for b in at.get("download_button")]
    assert {"CSV", "GeoJSON (WGS84)", "GeoPackage (RD New)", "Excel (XLSX)"} <= set(labels), labels
    assert "Aanvraagpakket downloaden (ZIP)" in labels  # the dossier of the opened report
