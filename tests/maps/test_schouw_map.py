"""The schouw maps: routes and findings drawn, user text escaped (tooltips) or carried as JSON data (popups)."""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import pandas as pd
import shapely

from gis.maps.home import boundary_geojson
from gis.maps.schouw_map import findings_layer, route_draw_map, walks_map

HOSTILE = '<img src=x onerror="alert(1)">'


def test_walks_map_escapes_text_and_draws_routes_and_findings(demo_store) -> None:
    walks = gpd.GeoDataFrame({"id": [3], "walked_on": [date(2026, 2, 1)], "daypart": ["nacht"]},
                             geometry=[shapely.LineString([(240_000, 443_000), (241_000, 443_100)])],
                             crs="EPSG:28992")  # fmt: skip
    findings = pd.DataFrame({"id": [9], "walk_id": [3], "walked_on": [date(2026, 2, 1)], "daypart": ["nacht"],
                             "x": [240_500.0], "y": [443_050.0], "category": ["onverlicht erf"], "note": [HOSTILE],
                             "became": [None]})  # fmt: skip
    html = walks_map(boundary_geojson(demo_store.municipalities(), ["name"]), None, walks, findings).get_root().render()
    assert "Schouw 3 · 01-02-2026 · &#x27;s nachts" in html or "Schouw 3 · 01-02-2026 · &#39;s nachts" in html
    assert "#283593" in html  # a night route
    assert HOSTILE not in html and "\\u003cimg src=x" in html  # the note as JSON data, shown with textContent
    assert findings_layer(None) == [] and findings_layer(findings)[0][1] == ("#00838f", "Schouwbevindingen", "circle")


def test_route_draw_map_offers_a_line_only(demo_store) -> None:
    html = route_draw_map(boundary_geojson(demo_store.municipalities(), ["name"]), None).get_root().render()
    assert '"polygon": false' in html and '"marker": false' in html and "Route tekenen" in html
