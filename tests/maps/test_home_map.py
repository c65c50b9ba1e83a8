"""Map builders: local assets only, escaping, cells versus points, payload size."""

from __future__ import annotations

import folium
import folium.plugins
import pandas as pd

from gis.domain.catalog import Layer
from gis.maps.assets import asset_links
from gis.maps.elements import PointLayer, safe_json
from gis.maps.home import base_map, boundary_geojson, data_groups
from gis.overview import LayerView, cell_size_for_zoom, overview
from gis.store import Filters

HOSTILE = '<img src=x onerror="alert(1)"></script><script>alert(2)</script>'


def _base(store) -> folium.Map:
    munis = boundary_geojson(store.municipalities(["PV25", "PV23"]), ["name"])
    provs = boundary_geojson(store.provinces(), ["name"])
    return base_map(munis, provs, boundary_geojson(store.areas(), ["name", "process_status"]))


def test_every_asset_is_served_by_the_app(demo_store) -> None:
    m = _base(demo_store)
    for fg in data_groups(overview(demo_store, Filters(), list(Layer))):
        fg.add_to(m)
    folium.plugins.Draw().add_to(m)
    folium.plugins.FastMarkerCluster([[52, 6]]).add_to(m)
    links = list(asset_links(m))
    assert links and all(u.startswith("/app/static/vendor/") for u in links), links
    html = m.get_root().render()
    for cdn in ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "code.jquery.com", "netdna.bootstrapcdn.com"):
        assert cdn not in html


def test_basemaps_configured_with_attribution(demo_store) -> None:
    html = _base(demo_store).get_root().render()
    assert "service.pdok.nl/brt/achtergrondkaart" in html and "Kadaster" in html
    assert "luchtfotorgb" in html and "tile.openstreetmap.org" in html and "OpenStreetMap" in html


def test_scale_bar_is_metric_only(demo_store) -> None:
    html = _base(demo_store).get_root().render()
    assert "L.control.scale({metric: true, imperial: false})" in html and "L.control.scale()" not in html


def test_safe_json_cannot_close_the_script() -> None:
    text = safe_json({"a": HOSTILE})
    assert "<" not in text and ">" not in text and "\\u003cimg" in text


def test_point_popups_carry_text_not_html() -> None:
    fg = folium.FeatureGroup()
    PointLayer([[52.0, 6.0, HOSTILE]], ["Opmerkingen"], "Dumping", "#f00").add_to(fg)
    m = folium.Map(tiles=None)
    fg.add_to(m)
    html = m.get_root().render()
    assert "<img src=x" not in html and "<script>alert(2)" not in html
    assert "textContent" in html


def test_area_names_are_escaped(store) -> None:
    import shapely

    store.add_area(HOSTILE, shapely.box(200_000, 450_000, 205_000, 455_000))
    gj = boundary_geojson(store.areas(), ["name", "process_status"])
    assert gj["features"][0]["properties"]["name"].startswith("&lt;img")


def test_many_records_become_cells_few_stay_points(demo_store, monkeypatch) -> None:
    views = {v.layer: v for v in overview(demo_store, Filters(), list(Layer), zoom=9)}
    assert views[Layer.BARNS].mode == "points" and len(views[Layer.BARNS].points) == 300
    monkeypatch.setattr("gis.overview.POINT_CAP", 1000)
    inc = overview(demo_store, Filters(), [Layer.INCIDENTS], zoom=9)[0]
    assert inc.mode == "cells" and inc.cells["n"].sum() == inc.total == 2000
    assert inc.cell_m == cell_size_for_zoom(9)


def test_view_bounds_limit_the_query(demo_store) -> None:
    bounds = {"_southWest": {"lat": 52.0, "lng": 6.5}, "_northEast": {"lat": 52.2, "lng": 6.8}}
    inc = overview(demo_store, Filters(), [Layer.INCIDENTS], bounds=bounds, zoom=12)[0]
    assert 0 < inc.in_view < inc.total


def test_cell_size_shrinks_with_zoom() -> None:
    sizes = [cell_size_for_zoom(z) for z in range(6, 16)]
    assert sizes == sorted(sizes, reverse=True) and sizes[-1] == 250


def test_cell_layer_payload_is_compact() -> None:
    cells = pd.DataFrame({"x0": [200_000.0 + 500 * i for i in range(2000)], "y0": 450_000.0, "n": range(2000)})
    view = LayerView(Layer.INCIDENTS, 2000, 2000, "cells", cells=cells, cell_m=500)
    fg = data_groups([view])[0]
    m = folium.Map(tiles=None)
    fg.add_to(m)
    size = len(m.get_root().render())
    assert size < 2000 * 120  # about 100 bytes per cell, not kilobytes per folium object


def test_records_with_missing_optional_fields_still_draw(store) -> None:
    dumping = pd.DataFrame(
        {"x": [221_000.0], "y": [455_000.0], "found_at": [pd.Timestamp("2026-05-01 10:00")], "notes": [HOSTILE]}
    )
    store.insert_points(Layer.DUMPINGS, dumping)  # container_count, volume, status ... all missing
    view = overview(store, Filters(), [Layer.DUMPINGS])[0]
    m = folium.Map(tiles=None)
    data_groups([view])[0].add_to(m)
    html = m.get_root().render()
    assert "01-05-2026 10:00" in html and "\\u003cimg src=x" in html and "<img src=x" not in html


def test_distances_in_dutch_and_english() -> None:
    from gis.i18n import fmt_distance

    assert (fmt_distance(250), fmt_distance(2500), fmt_distance(2500, "en"), fmt_distance(10_000)) == (
        "250 m", "2,5 km", "2.5 km", "10 km"
    )  # fmt: skip


def test_boundary_geojson_keeps_geometries_of_a_filtered_frame() -> None:
    """A frame whose index is not 0..n (any filtered frame) keeps each polygon with its own properties."""
    import geopandas as gpd
    import shapely

    squares = [shapely.box(200_000 + i * 1000, 450_000, 200_500 + i * 1000, 450_500) for i in range(3)]
    frame = gpd.GeoDataFrame({"name": ["a", "b", "c"]}, geometry=squares, crs="EPSG:28992").iloc[[2, 0]]
    features = boundary_geojson(frame, ["name"])["features"]
    assert [f["properties"]["name"] for f in features] == ["c", "a"]
    assert all(f["geometry"] is not None for f in features)
    assert features[0]["geometry"]["coordinates"][0][0][0] > features[1]["geometry"]["coordinates"][0][0][0]
