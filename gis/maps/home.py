"""The home map: basemaps, boundaries and PPS areas (stable base), data layers (changing groups).

The base map stays identical between reruns so streamlit-folium does not remount it (which would
lose the view); the data layers travel as ``feature_group_to_add``, and with them what else follows
the sidebar: which boundaries are shown, the legend of what is shown, and a zoom to a chosen area
(``MapControls``). The Leaflet layer control only chooses the basemap.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from gis.domain.catalog import SOURCE_BY_CODE, Layer
from gis.geo.crs import WGS84, rd_to_wgs84
from gis.i18n import fmt_int, t
from gis.maps import assets  # noqa: F401  (side effect: local JS/CSS, no CDNs)
from gis.maps.elements import CellLayer, MapControls, MetricScale, NamedGroup, PointLayer, QuietStart
from gis.maps.styles import (
    AREA_COLOUR,
    CELL_RAMPS,
    LAYER_COLOURS,
    MUNICIPALITY_COLOUR,
    PROVINCE_COLOUR,
    class_index,
    count_breaks,
)
from gis.overview import LayerView

REGION_CENTER = (52.27, 6.12)
REGION_ZOOM = 9
BASEMAPS: tuple[tuple[str, str, str], ...] = (
    (
        "basemap_brt",
        "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png",
        'Kaartgegevens &copy; <a href="https://www.kadaster.nl">Kadaster</a> (PDOK)',
    ),
    (
        "basemap_aerial",
        "https://service.pdok.nl/hwh/luchtfotorgb/wmts/v1_0/Actueel_orthoHR/EPSG:3857/{z}/{x}/{y}.jpeg",
        'Luchtfoto &copy; <a href="https://www.beeldmateriaal.nl">Beeldmateriaal Nederland</a> (PDOK)',
    ),
    (
        "basemap_osm",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>-bijdragers',
    ),
)

# Boundary groups of the base map, in legend order: (key, label key, colour).
BOUNDARIES: tuple[tuple[str, str, str], ...] = (
    ("areas", "layer_areas", AREA_COLOUR),
    ("municipalities", "layer_municipalities", MUNICIPALITY_COLOUR),
    ("provinces", "layer_provinces", PROVINCE_COLOUR),
)

# Popup fields per layer: (column, label key).
POPUP_FIELDS: dict[Layer, tuple[tuple[str, str], ...]] = {
    Layer.INCIDENTS: (("occurred_on", "f_date"), ("source_org", "f_source"), ("category", "f_category"),
                      ("reference", "f_reference"), ("municipality_code", "f_municipality")),
    Layer.DUMPINGS: (("found_at", "f_found"), ("municipality_code", "f_municipality"), ("place_type", "f_place"),
                     ("waste_type", "f_waste"), ("container_count", "f_containers"), ("volume_l", "f_volume"),
                     ("substances", "f_substances"), ("status", "f_status"),
                     ("reporter_org", "f_reporter_org"), ("notes", "f_notes")),
    Layer.BARNS: (("address", "f_address"), ("municipality_code", "f_municipality"), ("floor_area_m2", "f_floor_area"),
                  ("vacant_since", "f_vacant_since"), ("status", "f_status"),
                  ("last_inspection", "f_last_inspection"), ("risk_notes", "f_risk")),
}  # fmt: skip


def boundary_geojson(frame: gpd.GeoDataFrame, props: list[str], tolerance_m: float = 0.0) -> dict:
    """WGS84 GeoJSON of polygons with HTML-escaped text properties, coordinates to 5 decimals."""
    geoms = frame.geometry.simplify(tolerance_m) if tolerance_m else frame.geometry
    out = gpd.GeoDataFrame(
        {p: [html.escape(str(v)) for v in frame[p]] for p in props}, geometry=geoms.values, crs=frame.crs
    ).to_crs(WGS84)
    out["geometry"] = out.geometry.set_precision(1e-5)
    return out.__geo_interface__


def region_map(municipalities: dict, lang: str = "nl") -> folium.Map:
    """An empty map of the region: the base maps (BRT shown) and the municipality boundaries."""
    m = folium.Map(
        location=REGION_CENTER, zoom_start=REGION_ZOOM, tiles=None, max_zoom=19, min_zoom=6,
        control_scale=False, prefer_canvas=True,
    )  # fmt: skip
    MetricScale().add_to(m)
    for i, (key, url, attr) in enumerate(BASEMAPS):
        folium.TileLayer(url, attr=attr, name=t(key, lang), max_zoom=19, show=i == 0,
                         overlay=False).add_to(m)  # fmt: skip
    muni = folium.FeatureGroup(name=t("layer_municipalities", lang), show=True)
    folium.GeoJson(
        municipalities,
        style_function=lambda _: {"color": MUNICIPALITY_COLOUR, "weight": 1, "fillOpacity": 0, "dashArray": "4 3"},
        tooltip=folium.GeoJsonTooltip(fields=["name"], aliases=[t("f_municipality", lang)]),
    ).add_to(muni)  # fmt: skip
    muni.add_to(m)
    return m


def base_map(municipalities: dict, provinces: dict, areas: dict, lang: str = "nl") -> folium.Map:
    """The stable part of the home map: basemaps, boundaries and PPS areas, without a legend.

    The boundary groups are named (``NamedGroup``) and left out of the layer control: the sidebar
    switches them (``home_groups``), the layer control only chooses the basemap. The map reports no
    view for its own start (``QuietStart``), so it does not rerun the app when it loads.
    """
    m = region_map(municipalities, lang)
    for child in m._children.values():
        if isinstance(child, folium.FeatureGroup):
            child.control = False
            NamedGroup("municipalities").add_to(child)
    prov = folium.FeatureGroup(name=t("layer_provinces", lang), show=True, control=False)
    folium.GeoJson(
        provinces, style_function=lambda _: {"color": PROVINCE_COLOUR, "weight": 2.5, "fillOpacity": 0},
        interactive=False,
    ).add_to(prov)  # fmt: skip
    NamedGroup("provinces").add_to(prov)
    prov.add_to(m)
    area = folium.FeatureGroup(name=t("layer_areas", lang), show=True, control=False)
    if areas.get("features"):
        staged = "process_status" in areas["features"][0].get("properties", {})  # a stage the role may follow
        fields, aliases = ["name", "process_status"], [t("area", lang), t("f_process", lang)]
        n = 2 if staged else 1
        folium.GeoJson(
            areas,
            style_function=lambda _: {"color": AREA_COLOUR, "weight": 3, "fillColor": AREA_COLOUR, "fillOpacity": 0.08},
            tooltip=folium.GeoJsonTooltip(fields=fields[:n], aliases=aliases[:n]),
        ).add_to(area)  # fmt: skip
    NamedGroup("areas").add_to(area)
    area.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    QuietStart().add_to(m)
    return m


def _cell_rows(cells: pd.DataFrame, cell_m: float, breaks: list[int]) -> list[list[float]]:
    x0, y0 = cells["x0"].to_numpy(float), cells["y0"].to_numpy(float)
    xs = np.concatenate([x0, x0 + cell_m, x0 + cell_m, x0])
    ys = np.concatenate([y0, y0, y0 + cell_m, y0 + cell_m])
    lon, lat = rd_to_wgs84(xs, ys)
    n = len(cells)
    corners = np.empty((n, 8))
    for k in range(4):
        corners[:, 2 * k] = lat[k * n : (k + 1) * n].round(5)
        corners[:, 2 * k + 1] = lon[k * n : (k + 1) * n].round(5)
    cls = class_index(cells["n"].to_numpy(), breaks)
    return [[*c, int(k), int(v)] for c, k, v in zip(corners.tolist(), cls, cells["n"], strict=True)]


def _display(value: Any, column: str, lang: str, names: dict[str, str] | None = None) -> Any:
    if value is None or ((np.isscalar(value) or value is pd.NA or value is pd.NaT) and pd.isna(value)):
        return None
    if column in ("source_org", "reporter_org") and value in SOURCE_BY_CODE:
        return SOURCE_BY_CODE[value].name
    if column == "municipality_code":
        return (names or {}).get(str(value), value)
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d-%m-%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d-%m-%Y")
    if hasattr(value, "isoformat"):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    return value


def _point_rows(view: LayerView, lang: str, names: dict[str, str] | None = None) -> tuple[list[list[Any]], list[str]]:
    fields = [(col, label) for col, label in POPUP_FIELDS[view.layer] if col in view.points.columns]
    pts = view.points
    lon, lat = rd_to_wgs84(pts["x"], pts["y"])
    columns = [pts[col].tolist() for col, _ in fields]
    rows = []
    for i in range(len(pts)):
        values = [_display(column[i], col, lang, names) for column, (col, _) in zip(columns, fields, strict=True)]
        rows.append([round(float(lat[i]), 6), round(float(lon[i]), 6), *values])
    return rows, [t(label, lang) for _, label in fields]


def data_groups(
    views: list[LayerView], lang: str = "nl", names: dict[str, str] | None = None
) -> list[folium.FeatureGroup]:
    """One feature group per visible layer: points (popups with ``names`` for municipality codes), or count
    cells in the layer's own colour ramp."""
    groups = []
    for view in views:
        fg = folium.FeatureGroup(name=t(f"layer_{view.layer.value}", lang))
        if view.mode == "points" and len(view.points):
            rows, labels = _point_rows(view, lang, names)
            PointLayer(rows, labels, t(f"layer_{view.layer.value}", lang), LAYER_COLOURS[view.layer],
                       radius=5 if view.layer != Layer.INCIDENTS else 4).add_to(fg)  # fmt: skip
        elif view.mode == "cells" and len(view.cells):
            breaks = count_breaks(view.cells["n"].to_numpy())
            ramp = list(CELL_RAMPS[view.layer][-len(breaks) :])
            rows = _cell_rows(view.cells, view.cell_m, breaks)
            CellLayer(rows, ramp, t(f"layer_{view.layer.value}", lang).lower()).add_to(fg)
        groups.append(fg)
    return groups


def legend_items(
    views: list[LayerView], boundaries: dict[str, bool], lang: str = "nl", extra: Sequence[tuple] = ()
) -> list[tuple[str | list[str], str, str]]:
    """The legend of what is shown: each drawn layer (its colour, or its cell ramp with the count range), the
    ``extra`` items (e.g. the schouw findings), then the boundaries that are switched on."""
    items: list[tuple[str | list[str], str, str]] = []
    for view in views:
        label = t(f"layer_{view.layer.value}", lang)
        classes = cell_legend(view, lang)
        if classes:
            span = f"{classes[0][1].split('–')[0]}–{classes[-1][1].split('–')[-1]}"
            items.append(([c for c, _ in classes], t("hm_cells_label", lang, layer=label, range=span), "ramp"))
        elif view.mode == "points" and len(view.points):
            items.append((LAYER_COLOURS[view.layer], label, "circle"))
    items += list(extra)
    items += [(colour, t(label, lang), "line") for key, label, colour in BOUNDARIES if boundaries.get(key, True)]
    return items


def home_groups(
    views: list[LayerView],
    boundaries: dict[str, bool],
    lang: str = "nl",
    names: dict[str, str] | None = None,
    fit: tuple[int, list[list[float]]] | None = None,
    extra: Sequence[tuple[folium.FeatureGroup, tuple]] = (),
) -> list[folium.FeatureGroup]:
    """The changing part of the home map: ``data_groups`` and the ``extra`` layers (group, legend item), plus,
    in the first group, the boundaries switched on or off, the legend of what is shown and a zoom to ``fit``
    (once per token)."""
    groups = data_groups(views, lang, names) + [group for group, _ in extra]
    if not groups:
        groups = [folium.FeatureGroup(name=t("legend", lang), control=False)]
    visible = {key: bool(boundaries.get(key, True)) for key, _, _ in BOUNDARIES}
    items = legend_items(views, visible, lang, [item for _, item in extra])
    MapControls(t("legend", lang), items, visible, fit).add_to(groups[0])
    return groups


def geojson_bounds(geojson: dict, feature_id: int | None = None) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` of the features (only the one whose ``id`` property is
    ``feature_id`` if given), or None when there are none."""
    lons: list[float] = []
    lats: list[float] = []

    def walk(coords: Any) -> None:
        if coords and isinstance(coords[0], (int, float)):
            lons.append(float(coords[0]))
            lats.append(float(coords[1]))
        else:
            for c in coords:
                walk(c)

    for feat in geojson.get("features", []):
        if feature_id is not None and str(feat.get("properties", {}).get("id")) != str(feature_id):
            continue
        walk(feat["geometry"]["coordinates"])
    if not lons:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def cell_legend(view: LayerView, lang: str = "nl") -> list[tuple[str, str]]:
    """``(colour, range label)`` per count class of a cell view, for a legend beside the map."""
    if view.mode != "cells" or not len(view.cells):
        return []
    breaks = count_breaks(view.cells["n"].to_numpy())
    ramp = list(CELL_RAMPS[view.layer][-len(breaks) :])
    out, low = [], 1
    for colour, high in zip(ramp, breaks, strict=True):
        out.append((colour, fmt_int(low, lang) if low == high else f"{fmt_int(low, lang)}–{fmt_int(high, lang)}"))
        low = high + 1
    return out
