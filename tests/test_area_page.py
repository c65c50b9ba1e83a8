"""The Gebieden page (AppTest, the Draw map replaced by what the plugin would return)."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely
from streamlit.testing.v1 import AppTest

from gis.geo.crs import rd_to_wgs84
from gis.store import open_store
from tests.conftest import sign_in
from tests.page_backends import PAGE_BACKENDS, writable_demo

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")
BOX = shapely.box(226_000, 470_000, 228_000, 471_000)


def feature(geom: shapely.Polygon) -> dict:
    lon, lat = rd_to_wgs84(*shapely.get_coordinates(geom.exterior).T)
    ring = [[float(a), float(b)] for a, b in zip(lon, lat, strict=True)]
    return {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


@pytest.fixture(params=PAGE_BACKENDS)
def page_env(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> dict:
    """A writable copy of the demo database (DuckDB or PostGIS); ``env["drawings"]`` is what the map returns next."""
    db = writable_demo(request)
    env: dict = {"db": db, "drawings": None, "keys": [], "maps": []}

    def fake_draw(base, groups, key, height=560):
        env["keys"].append(key)
        env["maps"].append(base)
        return env["drawings"]

    monkeypatch.setattr("gis.ui.map_widget.draw_map", fake_draw)
    monkeypatch.setattr("gis.ui.map_widget.show_map", lambda *a, **k: {})
    return env


def open_page() -> AppTest:
    at = sign_in(AppTest.from_file(APP, default_timeout=60))
    at.run()
    return at.switch_page("pages/gebieden.py").run()


def areas_in(db: Path):
    s = open_store(str(db))
    try:
        return s.areas()
    finally:
        s.close()


def test_drawing_is_described_and_saved_as_a_new_area(page_env) -> None:
    at = open_page()
    assert not at.exception
    assert any("Nog geen grens" in i.value for i in at.info)
    page_env["drawings"] = [feature(BOX)]
    at.run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Oppervlakte (ha)"] == "200"
    assert metrics["Delen"] == "1"
    shares = at.dataframe[0].value
    assert set(shares["Gemeente"]) == {"Lochem", "Hof van Twente"}
    next(t for t in at.text_input if t.label == "Naam").input("Proefgebied Lochem")
    next(b for b in at.button if b.label == "Gebied opslaan").click().run()
    assert not at.exception
    assert any("'Proefgebied Lochem' is opgeslagen" in s.value for s in at.success), [e.value for e in at.error]
    saved = areas_in(page_env["db"])
    assert "Proefgebied Lochem" in saved["name"].tolist()
    assert saved[saved["name"] == "Proefgebied Lochem"].geometry.iloc[0].area == pytest.approx(BOX.area, rel=1e-3)


def test_a_drawing_outside_the_netherlands_is_refused_with_a_dutch_message(page_env) -> None:
    at = open_page()
    page_env["drawings"] = [feature(shapely.box(150_000, 360_000, 152_000, 362_000))]
    at.run()
    assert not at.exception
    assert any("buiten Nederland" in e.value for e in at.error)
    before = len(areas_in(page_env["db"]))
    next(t for t in at.text_input if t.label == "Naam").input("Belgisch gebied")
    next(b for b in at.button if b.label == "Gebied opslaan").click().run()
    assert any("geen geldige grens" in e.value for e in at.error)
    assert len(areas_in(page_env["db"])) == before


def test_municipalities_source_and_buffer_then_undo(page_env) -> None:
    at = open_page()
    at.radio(key="ar_source").set_value("municipalities").run()
    at.multiselect(key="ar_src_munis").set_value(["GM0262"]).run()  # Lochem
    next(b for b in at.button if b.label == "Gebied maken uit deze gemeenten").click().run()
    assert not at.exception
    ha = at.metric[0].value
    assert any("Lochem" in c.value for c in at.caption)
    at.number_input(key="ar_buf").set_value(500).run()
    at.button(key="ar_op_buffer").click().run()
    assert at.metric[0].value != ha
    assert any("Vergroot met 500 m" in c.value for c in at.caption)
    next(b for b in at.button if b.label == "Ongedaan maken").click().run()
    assert at.metric[0].value == ha


def test_existing_area_versions_export_and_soft_delete(page_env) -> None:
    at = open_page()
    first = areas_in(page_env["db"]).iloc[0]
    at.selectbox(key="ar_area").set_value(int(first["id"])).run()
    assert not at.exception
    assert any(h.value == "Versies" for h in at.subheader)
    assert any("één versie" in c.value for c in at.caption)
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["GeoJSON (RD New)", "GeoJSON (WGS84)", "GeoPackage (RD New)", "GeoPackage (WGS84)"]
    with_reason = next(t for t in at.text_input if t.label == "Reden (verplicht)")
    with_reason.input("dubbel ingevoerd")
    next(b for b in at.button if b.label == "Verwijderen (kan ongedaan worden)").click().run()
    assert not at.exception
    assert first["name"] not in areas_in(page_env["db"])["name"].tolist()
    s = open_store(str(page_env["db"]))
    log = s.audit_log(action="delete")
    s.close()
    assert (log["user_name"].iloc[0], log["resource"].iloc[0], log["record"].iloc[0]) == (
        "demo-beheerder", "areas", str(int(first["id"])))  # fmt: skip
    assert "dubbel ingevoerd" in log["detail"].iloc[0]  # who deleted what and why is in the audit log
    assert any("Verwijderde gebieden (1)" in e.label for e in at.expander)
    next(b for b in at.button if b.label == "Terugzetten").click().run()
    assert first["name"] in areas_in(page_env["db"])["name"].tolist()


def test_editing_vertices_of_an_existing_area_saves_a_new_version(page_env) -> None:
    at = open_page()
    first = areas_in(page_env["db"]).iloc[0]
    at.selectbox(key="ar_area").set_value(int(first["id"])).run()
    moved = shapely.box(226_000, 470_000, 229_000, 471_500)  # what the map returns after the edit
    page_env["drawings"] = [feature(moved)]
    at.run()
    assert at.metric[0].value == "450"
    save = next(b for b in at.button if b.label == "Gebied opslaan")
    save.click().run()
    assert any("reden" in e.value for e in at.error)  # no reason given: nothing written
    s = open_store(str(page_env["db"]))
    assert len(s.area_versions(int(first["id"]))) == 1
    s.close()
    next(t for t in at.text_input if t.label == "Reden van de wijziging").input("grens verlegd")
    next(b for b in at.button if b.label == "Gebied opslaan").click().run()
    assert any("versie 2" in s.value for s in at.success)
    s = open_store(str(page_env["db"]))
    versions = s.area_versions(int(first["id"]))
    s.close()
    assert versions[["version", "changed_by", "reason"]].values.tolist()[0] == [2, "demo-beheerder", "grens verlegd"]
    assert versions.geometry.iloc[0].area == pytest.approx(moved.area, rel=1e-3)
    # Version 1 can be shown beside the current boundary, and restored as version 3.
    page_env["drawings"] = None
    at.selectbox(key=f"ar_compare_{int(first['id'])}_0").set_value(1).run()
    layers = [getattr(c, "layer_name", "") for c in page_env["maps"][-1]._children.values()]
    assert "Oudere versie" in layers
    next(t for t in at.text_input if t.label == "Reden van de wijziging" and t.form_id.startswith("ar_restore")).input(
        "toch de oude grens"
    )
    next(b for b in at.button if b.label == "Terugzetten als nieuwe versie").click().run()
    assert any("Versie 1 is teruggezet als versie 3" in s.value for s in at.success)
    s = open_store(str(page_env["db"]))
    restored = s.area_versions(int(first["id"]))
    s.close()
    assert restored["version"].tolist() == [3, 2, 1]
    assert restored.geometry.iloc[0].equals(restored.geometry.iloc[2])
