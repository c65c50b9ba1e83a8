"""The home map's tooltip and the area export show each area's stage as derived from the data for the signed-in
role (``gis.ui.area_stages``), never the stale ``areas.process_status`` stored when the area was made."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gis.domain.roles import Principal, Role
from gis.maps.home import base_map, boundary_geojson
from gis.store import Store, open_store
from gis.store.guard import GuardedStore
from gis.ui.area_stages import area_stages, stage_column, with_stages
from tests.partnership.build import build


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, int, int]]:
    store = open_store(str(tmp_path_factory.mktemp("stages") / "s.duckdb"))
    early, _ = build(store, "A1", name="Gebied vroeg")
    late, _ = build(store, "B2", name="Gebied later")
    yield store, early, late
    store.close()


def test_each_role_gets_the_stage_it_derives_and_the_public_none(db) -> None:
    store, early, late = db
    assert store.areas().set_index("id").loc[late, "process_status"] == "afbakening"  # stored once, never moved
    coordinator = GuardedStore(store, Principal("coordinator", Role.COORDINATOR, frozenset({"*"})))
    stages = area_stages(coordinator, "nl")
    assert stages == {early: "samenstelling deelnemers", late: "plan van aanpak"}
    assert area_stages(coordinator, "en")[late] != "plan van aanpak"  # in the interface's language
    assert area_stages(GuardedStore(store, Principal("publiek", Role.PUBLIC)), "nl") == {}
    assert area_stages(store, "nl") == {}  # a bare store has no role to derive it for
    only_early = GuardedStore(store, Principal("coordinator", Role.COORDINATOR, frozenset({f"area:{early}"})))
    assert area_stages(only_early, "nl") == {early: "samenstelling deelnemers"}  # nothing outside its scope


def test_the_map_tooltip_and_the_export_carry_the_derived_stage(db) -> None:
    store, early, late = db
    areas = store.areas()
    geojson = boundary_geojson(areas, ["id", "name", "process_status"])
    staged = with_stages(geojson, {late: "plan van aanpak"})
    props = {int(f["properties"]["id"]): f["properties"] for f in staged["features"]}
    assert props[late]["process_status"] == "plan van aanpak"
    assert props[early]["process_status"] == "—"  # an area the role does not follow
    assert geojson["features"][0]["properties"]["process_status"] == "afbakening"  # the input is not changed
    square = {"type": "Polygon", "coordinates": [[[6, 52], [6.1, 52], [6.1, 52.1], [6, 52]]]}
    munis = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"name": "X"}, "geometry": square}],
    }
    html = base_map(munis, munis, staged).get_root().render()
    assert '"process_status"' in html and "Fase" in html and '"PPS-gebied"' in html  # one area: singular
    bare = with_stages(geojson, {})  # a role that follows no partnership: the name only
    assert all("process_status" not in f["properties"] for f in bare["features"])
    html = base_map(munis, munis, bare).get_root().render()
    assert '"process_status"' not in html and "Fase" not in html
    exported = stage_column(areas, {late: "plan van aanpak"}).set_index("id")["process_status"]
    assert exported[late] == "plan van aanpak" and exported[early] == ""
