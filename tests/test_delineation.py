"""The area-delineation API (gis.delineation, gis.area_draft): sources, operations, description, saving."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from gis.area_draft import Draft
from gis.delineation import (
    Activities,
    apply_operation,
    clean_name,
    create_area,
    decode_activities,
    describe,
    encode_activities,
    from_drawings,
    from_file,
    from_municipalities,
    update_area,
    version_table,
)
from gis.domain.catalog import Layer
from gis.geo.areas import AreaError, Checked
from gis.geo.crs import rd_to_wgs84
from gis.maps.area_map import MAX_EDIT_VERTICES

BOX = shapely.box(226_000, 470_000, 228_000, 471_000)  # 2 km x 1 km = 200 ha: 65.3 in Lochem, 134.7 Hof van Twente
WHOLE = Activities(("landbouw", "natuur"), "melkvee; Sallandse Heuvelrug")


def draw_feature(geom: shapely.Polygon) -> dict:
    lon, lat = rd_to_wgs84(*shapely.get_coordinates(geom.exterior).T)
    ring = [[float(a), float(b)] for a, b in zip(lon, lat, strict=True)]
    return {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_activities_round_trip_and_legacy_text() -> None:
    assert decode_activities(encode_activities(WHOLE)) == WHOLE
    assert decode_activities("vrije tekst van vroeger") == Activities((), "vrije tekst van vroeger")
    assert decode_activities(None) == Activities()
    with pytest.raises(AreaError, match="Onbekende activiteit 'mijnbouw'"):
        encode_activities(Activities(("mijnbouw",), ""))
    stored = json.loads(encode_activities(Activities((), "a\x00b<script>")))
    assert stored["text"] == "ab<script>"  # control characters go, markup is kept as text


def test_from_drawings_with_two_parts(store) -> None:
    other = shapely.box(231_000, 470_000, 232_000, 471_000)
    checked = from_drawings(store, [draw_feature(BOX), draw_feature(other)])
    assert len(checked.geometry.geoms) == 2
    assert checked.geometry.area / 10_000 == pytest.approx(300, rel=1e-3)
    assert any("2 delen" in n for n in checked.notes)


@pytest.mark.parametrize(
    ("features", "message"),
    [([], "niets getekend"), ([{"type": "Feature", "geometry": None}], "leeg")],
)
def test_empty_drawings_are_refused(store, features: list, message: str) -> None:
    with pytest.raises(AreaError, match=message):
        from_drawings(store, features)


def test_from_municipalities_names_them(store) -> None:
    munis = store.municipalities()
    codes = munis[munis["name"].isin(["Raalte", "Olst-Wijhe"])]["code"].tolist()
    checked = from_municipalities(store, codes)
    expected = munis[munis["code"].isin(codes)].union_all().area
    assert checked.geometry.area == pytest.approx(expected, rel=1e-6)
    assert "Olst-Wijhe, Raalte" in checked.notes[0]
    with pytest.raises(AreaError, match="GM9999"):
        from_municipalities(store, ["GM9999"])


def test_from_file_picks_rows(store, tmp_path) -> None:
    east_box = shapely.box(231_000, 470_000, 232_000, 471_000)
    frame = gpd.GeoDataFrame({"name": ["west", "oost"]}, geometry=[BOX, east_box], crs="EPSG:28992")
    path = tmp_path / "grens.gpkg"
    frame.to_file(path, driver="GPKG", layer="grenzen")
    data = path.read_bytes()
    both = from_file(store, "grens.gpkg", data)
    east = from_file(store, "grens.gpkg", data, rows=[1])
    assert both.geometry.area == pytest.approx(3_000_000)
    assert east.geometry.area == pytest.approx(1_000_000)
    assert "'grens.gpkg' (1 vlak(ken))" in east.notes[0]
    with pytest.raises(AreaError, match="minstens één vlak"):
        from_file(store, "grens.gpkg", data, rows=[])
    with pytest.raises(AreaError, match="geen vlakken"):
        point = {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [6.1, 52.3]}}
        from_file(store, "punten.geojson", json.dumps({"type": "FeatureCollection", "features": [point]}).encode())


def test_operations_report_what_changed(store) -> None:
    grown = apply_operation(store, BOX, "buffer", 100)
    assert grown.geometry.area > BOX.area
    assert grown.notes[0].startswith("Vergroot met 100 m: was 200,0 ha, nu ")
    shrunk = apply_operation(store, BOX, "buffer", -100)
    assert shrunk.geometry.area == pytest.approx(1800 * 800)
    with pytest.raises(AreaError, match="blijft geen gebied over"):
        apply_operation(store, BOX, "buffer", -600)
    with pytest.raises(AreaError, match="buiten het bereik"):
        apply_operation(store, BOX, "buffer", 50_000)
    munis = store.municipalities()
    lochem = munis[munis["name"] == "Lochem"]
    clipped = apply_operation(store, BOX, "clip_municipalities", lochem["code"].tolist())
    assert clipped.geometry.area == pytest.approx(BOX.intersection(lochem.geometry.iloc[0]).area, rel=1e-6)
    merged = apply_operation(store, BOX, "merge_municipalities", lochem["code"].tolist())
    assert merged.geometry.area == pytest.approx(BOX.union(lochem.geometry.iloc[0]).area, rel=1e-6)
    round_box = BOX.buffer(500)  # 16 segments per quarter circle
    simple = apply_operation(store, round_box, "simplify", 50)
    assert shapely.get_num_coordinates(simple.geometry) < shapely.get_num_coordinates(round_box) / 2
    assert "hoekpunten" in simple.notes[0]
    with pytest.raises(AreaError, match="Onbekende bewerking"):
        apply_operation(store, BOX, "rotate", 5)


def test_clip_and_merge_with_another_area(store) -> None:
    other = store.add_area("Oost", shapely.box(227_000, 470_000, 230_000, 471_000))
    assert apply_operation(store, BOX, "clip_area", other).geometry.area == pytest.approx(1_000_000)
    assert apply_operation(store, BOX, "merge_area", other).geometry.area == pytest.approx(4_000_000)
    with pytest.raises(AreaError, match="bestaat niet"):
        apply_operation(store, BOX, "merge_area", 999)


def test_describe_counts_hectares_and_shares(store) -> None:
    inside = pd.DataFrame({"x": [226_500.0, 227_500.0], "y": [470_500.0, 470_500.0], "source_org": "politie",
                           "occurred_on": pd.Timestamp("2025-03-01")})  # fmt: skip
    outside = inside.assign(x=[230_000.0, 230_500.0])
    store.insert_points(Layer.INCIDENTS, pd.concat([inside, outside]))
    facts = describe(store, BOX)
    assert facts.hectares == 200.0
    assert facts.parts == 1
    assert facts.counts == {"barns": 0, "dumpings": 0, "incidents": 2}
    assert facts.shares["share"].sum() == pytest.approx(1.0, abs=1e-3)
    # the expected shares by hand: the box cut with each municipality's polygon (largest first)
    munis = store.municipalities()
    cut = [
        (c, n, BOX.intersection(g).area) for c, n, g in zip(munis["code"], munis["name"], munis.geometry, strict=True)
    ]
    by_hand = sorted((row for row in cut if row[2] > 0), key=lambda row: -row[2])
    assert [(code, name) for code, name, _ in by_hand] == [("GM1735", "Hof van Twente"), ("GM0262", "Lochem")]
    assert [round(a / 10_000, 1) for _, _, a in by_hand] == [134.7, 65.3]  # the CBS line, not the 135/65 guess
    assert facts.shares.columns.tolist() == ["code", "name", "ha", "share"]
    assert facts.shares[["code", "name", "ha"]].values.tolist() == [
        ["GM1735", "Hof van Twente", 134.7], ["GM0262", "Lochem", 65.3]]  # fmt: skip
    assert facts.shares["share"].tolist() == pytest.approx([a / BOX.area for _, _, a in by_hand], abs=1e-4)
    assert facts.shares["share"].tolist() == pytest.approx([0.6736, 0.3264], abs=1e-4)


def test_create_update_and_version_table(store) -> None:
    area = create_area(store, "  KIEK UUT Test  ", BOX, WHOLE, "gemeente.a")
    assert store.areas()["name"].tolist() == ["KIEK UUT Test"]
    with pytest.raises(AreaError, match="al een gebied met de naam"):
        create_area(store, "kiek uut test", BOX, WHOLE, "gemeente.a")
    with pytest.raises(AreaError, match="reden"):
        update_area(store, area, BOX.buffer(100), "KIEK UUT Test", WHOLE, "b", "")
    with pytest.raises(AreaError, match="niets veranderd"):
        update_area(store, area, BOX, "KIEK UUT Test", WHOLE, "b", "geen wijziging")
    grown = shapely.box(226_000, 470_000, 229_000, 471_000)
    assert update_area(store, area, grown, "KIEK UUT Test", WHOLE, "gemeente.b", "oostkant erbij") == 2
    table = version_table(store, area)
    assert table[["version", "changed_by", "reason"]].values.tolist() == [
        [2, "gemeente.b", "oostkant erbij"], [1, "gemeente.a", "eerste versie"]]  # fmt: skip
    assert table[["ha", "added_ha", "removed_ha"]].iloc[0].tolist() == [300.0, 100.0, 0.0]


@pytest.mark.parametrize(
    ("name", "user", "message"),
    [("", "a", "naam"), ("x" * 121, "a", "121 tekens"), ("Goed", " ", "wie de wijziging doet")],
)
def test_bad_names_and_users_write_nothing(store, name: str, user: str, message: str) -> None:
    with pytest.raises(AreaError, match=message):
        create_area(store, name, BOX, Activities(), user)
    assert store.areas().empty


def test_area_in_belgium_is_not_saved(store) -> None:
    belgium = shapely.box(150_000, 360_000, 152_000, 362_000)  # south of Maastricht's latitude, west of it
    with pytest.raises(AreaError, match="buiten Nederland"):
        create_area(store, "Buitenland", belgium, Activities(), "a")
    assert store.areas().empty
    assert clean_name(store, "Nieuw") == "Nieuw"


def test_draft_follows_the_map_and_undoes(store) -> None:
    draft = Draft()
    assert draft.current(None) == (None, False)
    checked, on_map = draft.current([draw_feature(BOX)])
    assert on_map and checked.geometry.area == pytest.approx(BOX.area, rel=1e-4)
    rev = draft.rev
    draft.set(Checked(BOX))
    draft.set(apply_operation(store, BOX, "buffer", 50))
    assert draft.rev == rev + 2
    assert draft.shown_geom.area > BOX.area
    assert draft.undo() and draft.shown_geom.equals(BOX)
    assert draft.current([])[0] is None  # everything deleted on the map
    assert draft.undo() and draft.shown is None and not draft.undo()


def test_large_draft_is_a_fixed_base_and_drawings_are_added(store) -> None:
    big = shapely.Point(215_000, 490_000).buffer(3_000, quad_segs=500)
    assert shapely.get_num_coordinates(big) > MAX_EDIT_VERTICES
    draft = Draft()
    draft.set(Checked(big))
    assert draft.base is not None
    extra = shapely.box(200_000, 480_000, 201_000, 481_000)
    checked, _ = draft.current([draw_feature(extra)])
    assert checked.geometry.area == pytest.approx(big.union(extra).area, rel=1e-3)
    assert draft.current([])[0].geometry.equals(big)  # no drawings: the fixed base stays
