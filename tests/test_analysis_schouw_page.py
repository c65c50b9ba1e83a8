"""The Analyse page's schouw tab (AppTest; the maps replaced by what the Draw plugin and a tap would return):
an inspector records a walk with a route and a finding with a photo (its shared copy has no EXIF GPS), the finding
is listed and becomes a dumping report; a working-group member sees the walks without record controls; a date
in the future and a missing category are refused in Dutch."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
import shapely
from streamlit.testing.v1 import AppTest

from gis.clock import now_nl
from gis.geo.coords import exif_position
from gis.geo.crs import rd_to_wgs84
from gis.store import open_store
from gis.store.analysis import FindingFile
from tests.conftest import sign_in
from tests.page_backends import PAGE_BACKENDS, writable_demo
from tests.photo_factory import jpeg

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")
SPOT = (240_530.0, 443_049.0)  # inside the demo's first area (KIEK UUT Achterhoek-Oost), no dumpings near
ROUTE = [(240_000.0, 443_000.0), (240_500.0, 443_050.0), (241_000.0, 443_100.0)]
NOTE = "<script>alert(1)</script> lamp kapot **vet**"
GPS = (52.05, 6.61)


def _wgs(x: float, y: float) -> tuple[float, float]:
    lon, lat = rd_to_wgs84(x, y)
    return float(lon), float(lat)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> dict:
    state: dict = {"drawings": None, "click": None, "maps": []}
    monkeypatch.setattr("gis.ui.map_widget.draw_map", lambda base, groups, key, height=560: state["drawings"])
    monkeypatch.setattr("gis.ui.map_widget.click_map", lambda base, key, height=420, center=None, zoom=None: None)
    monkeypatch.setattr("gis.ui.map_widget.last_click", lambda key: state["click"])
    monkeypatch.setattr("gis.ui.map_widget.static_map", lambda base, key, height=420: state["maps"].append(base))
    monkeypatch.setattr("gis.ui.map_widget.show_map", lambda *a, **k: {})
    return state


@pytest.fixture(params=PAGE_BACKENDS)
def db(request: pytest.FixtureRequest, env: dict, monkeypatch: pytest.MonkeyPatch) -> str:
    url = writable_demo(request)
    monkeypatch.setenv("VB_DB", url)
    return url


def _open(account: str) -> AppTest:
    at = sign_in(AppTest.from_file(APP, default_timeout=120), account)
    at.run()
    at.switch_page("pages/analyse.py").run()
    assert not at.exception, at.exception
    return at


def _texts(at: AppTest) -> str:
    """Every message, Markdown text and caption, Markdown escapes removed."""
    parts = [e.value for e in [*at.error, *at.success, *at.info, *at.warning, *at.markdown, *at.caption]]
    return " ".join(parts).replace("\\", "")


def _errors(at: AppTest) -> str:
    return " ".join(e.value for e in at.error).replace("\\", "")


def _record_walk(at: AppTest, env: dict, walked_on: date) -> AppTest:
    line = {"type": "LineString", "coordinates": [list(_wgs(x, y)) for x, y in ROUTE]}
    env["drawings"] = [{"type": "Feature", "properties": {}, "geometry": line}]
    if not at.toggle(key="sw_walk_open").value:
        at.toggle(key="sw_walk_open").set_value(True).run()
    at.date_input(key="sw_date_0").set_value(walked_on)
    at.radio(key="sw_daypart_0").set_value("nacht")
    at.text_input(key="sw_participants_0").input("gemeente, politie, LTO")
    at.text_area(key="sw_notes_0").input("koud en donker")
    return at.button(key="sw_save_walk_0").click().run()


def test_inspector_records_a_walk_and_a_finding_that_becomes_a_dumping(db: str, env: dict) -> None:
    at = _open("demo-inspecteur")
    assert "nog geen schouw" in _texts(at)
    walked_on = now_nl().date() - timedelta(days=3)
    at = _record_walk(at, env, walked_on)
    assert not at.exception, at.exception
    assert "Schouw 1 is opgeslagen" in _texts(at), _texts(at)
    store = open_store(db)
    walk = store.walks(1).iloc[0]
    assert (walk["daypart"], walk["participants"], walk["created_by"]) == ("nacht", "gemeente, politie, LTO",
                                                                         "demo-inspecteur")  # fmt: skip
    assert walk.geometry.geom_type == "LineString" and walk.geometry.distance(shapely.Point(ROUTE[1])) < 1.0
    store.close()

    # A finding: a tap on the map, a photo with GPS in its EXIF, a category and a note.
    lon, lat = _wgs(*SPOT)
    env["click"] = {"lat": lat, "lng": lon}
    at.run()
    assert "Plaats: RD 240530, 443049" in _texts(at)
    photo = jpeg(gps=GPS)
    at.file_uploader(key="sw_photos_0").set_value(("erf.jpg", photo, "image/jpeg"))
    at.selectbox(key="sw_category_0").set_value("onverlicht erf")
    at.text_area(key="sw_note_0").input(NOTE)
    at = at.button(key="sw_save_finding_0").click().run()
    assert not at.exception, at.exception
    assert "Bevinding 1 is opgeslagen" in _texts(at), _texts(at)
    store = open_store(db)
    found = store.findings(1)
    assert len(found) == 1 and found["category"].iloc[0] == "onverlicht erf" and found["note"].iloc[0] == NOTE
    assert abs(found["x"].iloc[0] - SPOT[0]) < 1 and int(found["photos"].iloc[0]) == 1
    _, mime, shared = store.finding_file(1)
    _, _, original = store.finding_file(1, original=True)
    store.close()
    assert mime == "image/jpeg" and original == photo
    assert exif_position(original) is not None and exif_position(shared) is None  # GPS gone from the shared copy
    # Listed: the card with the note as plain text and the photo; the summary counts it.
    assert any(t.value == NOTE for t in at.text)
    assert [d.proto.label for d in at.get("download_button")] == ["Origineel (met locatie)"]  # may see originals
    assert "1 schouw (0 overdag, 1 's nachts) met 1 bevinding" in _texts(at)

    # Turned into a dumping report: the walk's date, the finding's place and note; the finding is marked.
    at.selectbox(key="sw_conv_place_1").set_value("akker")
    at.selectbox(key="sw_conv_waste_1").set_value("vaten")
    at = at.button(key="sw_conv_go_1").click().run()
    assert not at.exception, at.exception
    done = [s.value for s in at.success if "is omgezet in dumpingmelding" in s.value]
    assert done, _texts(at)
    new_id = int(done[0].rsplit(" ", 1)[1].rstrip("."))
    store = open_store(db)
    rec = store.dumping(new_id)
    became = store.findings(1)["became"].iloc[0]
    store.close()
    assert rec["found_at"].date() == walked_on and abs(rec["x"] - SPOT[0]) < 1 and NOTE in rec["notes"]
    assert (rec["place_type"], rec["waste_type"], rec["status"]) == ("akker", "vaten", "gemeld")
    assert became == f"dumpings:{new_id}"
    assert f"Omgezet in dumpingmelding {new_id}." in _texts(at)
    assert not [b for b in at.button if b.key == "sw_conv_go_1"], "a converted finding offers no conversion"


def _seed_walk(db: str) -> None:
    store = open_store(db)
    walk = store.add_walk(1, date(2026, 2, 1), "dag", "gemeente, boa", shapely.LineString(ROUTE), "", "seed")
    store.add_finding(walk, *SPOT, "leegstaande schuur", "deur open", "seed",
                      [FindingFile("s.jpg", "image/jpeg", jpeg(gps=GPS), jpeg())])  # fmt: skip
    store.close()


def test_working_group_member_sees_walks_without_record_controls(demo_copy, env: dict) -> None:
    _seed_walk(str(demo_copy))
    at = _open("demo-werkgroep")
    text = _texts(at)
    assert "1 schouw (1 overdag, 0 's nachts) met 1 bevinding" in text
    assert any(t.value == "deur open" for t in at.text)
    assert env["maps"], "the walks map is drawn"
    keys = {w.key for w in [*at.button, *at.text_input, *at.selectbox, *at.date_input, *at.toggle] if w.key}
    assert not {k for k in keys if k.startswith(("sw_save", "sw_walk_open", "sw_conv", "sw_category"))}
    assert not [d for d in at.get("download_button") if d.proto.label.startswith("Origineel")]  # no originals
    at.session_state["lang"] = "en"
    at.run()
    assert "1 site walk(s) (1 by day, 0 at night) with 1 finding(s)" in _texts(at)


def test_future_date_and_missing_category_are_refused_in_dutch(demo_copy, env: dict) -> None:
    at = _open("demo-inspecteur")
    future = now_nl().date() + timedelta(days=2)
    at = _record_walk(at, env, future)
    assert "Datum: " + f"{future:%d-%m-%Y} ligt in de toekomst" in _errors(at), _texts(at)
    at.text_input(key="sw_participants_0").input("")
    at = at.button(key="sw_save_walk_0").click().run()
    assert "Deelnemers: vul in welke organisaties" in _errors(at)
    store = open_store(str(demo_copy))
    assert store.walks().empty
    store.close()
    _seed_walk(str(demo_copy))
    at.run()
    lon, lat = _wgs(*SPOT)
    env["click"] = {"lat": lat, "lng": lon}
    at.run()
    at.text_area(key="sw_note_0").input("zonder soort")
    at = at.button(key="sw_save_finding_0").click().run()
    assert "Soort bevinding: kies een soort" in _errors(at), _texts(at)
    store = open_store(str(demo_copy))
    assert len(store.findings()) == 1  # only the seeded one
    store.close()


def test_a_vacant_barn_finding_becomes_a_barn_record_once(demo_copy, env: dict) -> None:
    _seed_walk(str(demo_copy))  # finding 1: "leegstaande schuur", note "deur open"
    store = open_store(str(demo_copy))
    barns_before = len(store.query_df("SELECT id FROM barns"))
    store.close()
    at = _open("demo-inspecteur")
    at = at.button(key="sw_conv_barn_1").click().run()
    assert not at.exception, at.exception
    done = [s.value for s in at.success if "is vastgelegd als schuur" in s.value]
    assert done, _texts(at)
    barn_id = int(done[0].rsplit(" ", 1)[1].rstrip("."))
    store = open_store(str(demo_copy))
    barn = store.query_df("SELECT x, y, status, risk_notes FROM barns WHERE id = ?", [barn_id]).iloc[0]
    assert len(store.query_df("SELECT id FROM barns")) == barns_before + 1
    assert store.findings(1)["became"].iloc[0] == f"barns:{barn_id}"
    store.close()
    assert abs(barn["x"] - SPOT[0]) < 1 and barn["status"] == "geregistreerd" and barn["risk_notes"] == "deur open"
    assert f"Omgezet in schuur {barn_id}." in _texts(at)
    assert not [b for b in at.button if b.key == "sw_conv_barn_1"], "a converted finding offers no conversion"
