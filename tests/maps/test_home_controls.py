"""The home map's changing part: legend of what is shown, a ramp per layer, boundary switches, zoom to an
area, municipality names in popups, and the base map that reports no view of its own start."""

from __future__ import annotations

import json
import re

import folium
import pandas as pd

from gis.domain.catalog import Layer
from gis.maps.home import (
    base_map,
    boundary_geojson,
    data_groups,
    geojson_bounds,
    home_groups,
    legend_items,
)
from gis.maps.styles import CELL_RAMPS, LAYER_COLOURS
from gis.overview import LayerView, overview, zoom_for_bounds
from gis.store import Filters
from gis.ui.map_widget import group_script, prepare_map

ALL_ON = {"areas": True, "municipalities": True, "provinces": True}


def _cells(layer: Layer, n: int = 40) -> LayerView:
    cells = pd.DataFrame({"x0": [200_000.0 + 1000 * i for i in range(n)], "y0": 450_000.0, "n": range(1, n + 1)})
    return LayerView(layer, n, n, "cells", cells=cells, cell_m=1000)


def _payload(script: str, cls: str) -> dict:
    """The JSON payload of the first ``cls`` element (``var d = {...};``) in a rendered script."""
    match = re.search(r"var d = (\{.*?\});\n", script)
    assert match, f"no {cls} payload"
    return json.loads(match.group(1))


def test_each_layer_has_its_own_colour_ramp() -> None:
    ramps = [set(CELL_RAMPS[lay]) for lay in Layer]
    assert all(len(r) == 5 for r in ramps)
    assert not (ramps[0] & ramps[1]) and not (ramps[0] & ramps[2]) and not (ramps[1] & ramps[2])
    assert CELL_RAMPS[Layer.DUMPINGS][-1] == "#a63603"  # ColorBrewer Oranges, not the old Reds (#a50f15)


def test_cells_of_three_layers_are_drawn_in_three_ramps() -> None:
    views = [_cells(lay) for lay in Layer]
    script = group_script(data_groups(views))
    colours = [set(json.loads(m)["colours"]) for m in re.findall(r"var d = (\{.*?\});\n", script)]
    assert [c <= set(CELL_RAMPS[lay]) for c, lay in zip(colours, Layer, strict=True)] == [True, True, True]
    assert len(colours[0] | colours[1] | colours[2]) == sum(len(c) for c in colours)


def test_legend_lists_only_what_is_shown(demo_store) -> None:
    views = overview(demo_store, Filters(), [Layer.BARNS, Layer.INCIDENTS], zoom=9)
    items = legend_items(views, {"areas": True, "municipalities": False, "provinces": True})
    labels = [label for _, label, _ in items]
    assert labels[0] == "Leegstaande schuren" and not any("Drugsafval" in lab for lab in labels)
    assert "Gemeentegrenzen" not in labels and labels[-2:] == ["PPS-gebieden", "Provinciegrenzen"]
    assert items[0][0] == LAYER_COLOURS[Layer.BARNS]
    cells = legend_items([_cells(Layer.INCIDENTS, 1200)], ALL_ON)[0]
    assert cells[2] == "ramp" and cells[0] == list(CELL_RAMPS[Layer.INCIDENTS])
    assert cells[1] == "Incidenten: aantal per cel (1–1.200)"  # Dutch thousands separator
    assert legend_items([_cells(Layer.INCIDENTS, 1200)], ALL_ON, "en")[0][1] == "Incidents: count per cell (1–1,200)"


def test_home_groups_carry_the_controls_once(demo_store) -> None:
    views = overview(demo_store, Filters(), [Layer.BARNS, Layer.DUMPINGS], zoom=9)
    fit = (3, [[52.0, 6.4], [52.2, 6.8]])
    groups = home_groups(views, {"areas": True, "municipalities": True, "provinces": False}, fit=fit)
    assert [g.layer_name for g in groups] == ["Leegstaande schuren", "Drugsafvaldumpingen"]
    script = group_script(groups)
    assert script.count("window.vbLegend = ctl") == 1
    controls = json.loads(re.search(r"var d = (\{\"title\".*?\});\n", script).group(1))
    assert controls["visible"] == {"areas": True, "municipalities": True, "provinces": False}
    assert controls["fit"] == [3, [[52.0, 6.4], [52.2, 6.8]]]
    assert [i[1] for i in controls["items"]] == [
        "Leegstaande schuren", "Drugsafvaldumpingen", "PPS-gebieden", "Gemeentegrenzen"
    ]  # fmt: skip
    # With every data layer off there is still one group, for the legend of the boundaries.
    alone = home_groups([], ALL_ON)
    assert len(alone) == 1 and "window.vbLegend = ctl" in group_script(alone)


def test_popups_name_the_municipality(demo_store) -> None:
    munis = demo_store.municipalities()
    names = dict(zip(munis["code"], munis["name"], strict=True))
    view = overview(demo_store, Filters(), [Layer.DUMPINGS], zoom=9)[0]
    assert view.points["municipality_code"].notna().all()
    script = group_script(data_groups([view], names=names))
    rows = json.loads(re.search(r"var d = (\{.*?\});\n", script).group(1))
    col = rows["fields"].index("Gemeente") + 2
    shown = {r[col] for r in rows["rows"]}
    assert shown <= set(names.values()) and len(shown) > 5
    assert not any(re.fullmatch(r"GM\d{4}", s) for s in shown)
    # Without names the code is still shown (never an empty field).
    bare = json.loads(re.search(r"var d = (\{.*?\});\n", group_script(data_groups([view]))).group(1))
    assert all(re.fullmatch(r"GM\d{4}", r[col]) for r in bare["rows"])


def test_base_map_reports_no_view_of_its_own_start_and_names_its_boundaries(demo_store) -> None:
    munis = boundary_geojson(demo_store.municipalities(["PV25", "PV23"]), ["name"])
    provs = boundary_geojson(demo_store.provinces(), ["name"])
    areas = boundary_geojson(demo_store.areas(), ["id", "name", "process_status"])
    prepared = prepare_map(base_map(munis, provs, areas))
    script = prepared.script
    assert "g.previous_data = seen" in script and script.rindex("previous_data") > script.rindex("geo_json")
    for key in ("areas", "municipalities", "provinces"):
        assert f'window.vbGroups["{key}"]' in script
    assert "vb-legend" not in script  # the legend comes with the data groups, so it can follow them
    # The layer control offers the basemaps only; boundaries are switched in the sidebar.
    control = re.search(r"base_layers : \{(.*?)\},\s*overlays :\s*\{(.*?)\}", script, re.S)
    assert control and control.group(1).count("tile_layer") == 3 and control.group(2).strip() == ""
    assert prepared.hash_seed == prepare_map(base_map(munis, provs, areas)).hash_seed  # stable between builds


def test_area_bounds_and_zoom(demo_store) -> None:
    areas = boundary_geojson(demo_store.areas(), ["id", "name", "process_status"])
    first = int(demo_store.areas()["id"].iloc[0])
    one = geojson_bounds(areas, first)
    every = geojson_bounds(areas)
    assert one and every and every[0][0] <= one[0][0] < one[1][0] <= every[1][0]
    assert geojson_bounds(areas, 999_999) is None
    assert zoom_for_bounds([[51.8, 5.8], [52.9, 7.1]]) == 8  # the region
    assert zoom_for_bounds([[52.1, 6.5], [52.2, 6.7]]) == 12  # a small area
    assert zoom_for_bounds(one) > 9


def test_overview_uses_known_totals(demo_store, monkeypatch) -> None:
    calls: list[object] = []
    original = type(demo_store).layer_count

    def counting(self, layer, f, bbox=None):
        calls.append(bbox)
        return original(self, layer, f, bbox)

    monkeypatch.setattr(type(demo_store), "layer_count", counting)
    overview(demo_store, Filters(), [Layer.BARNS], zoom=9, totals={Layer.BARNS: 300})
    assert calls == []
    overview(demo_store, Filters(), [Layer.BARNS], zoom=9)
    assert calls == [None]


def test_group_script_is_what_streamlit_folium_would_send() -> None:
    fg = folium.FeatureGroup(name="x")
    folium.CircleMarker([52.0, 6.0]).add_to(fg)
    script = group_script([fg])
    assert "map_div.addLayer(feature_group_feature_group_0)" in script and "circle_marker" in script
