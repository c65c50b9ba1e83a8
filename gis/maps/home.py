"""The home map: basemaps, boundaries and PPS areas (stable base), data layers (changing groups).

The base map stays identical between reruns so streamlit-folium does not remount it (which would
lose the view); the data layers travel as ``feature_group_to_add``.
"""

from __future__ import annotations

import html
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import pandas as pd

from gis.domain.catalog import SOURCE_BY_CODE, Layer
from gis.geo.crs import WGS84, rd_to_wgs84
from gis.i18n import t
from gis.maps import assets  # noqa: F401  (side effect: local JS/CSS, no CDNs)
from gis.maps.elements import CellLayer, HtmlLegend, MetricScale, PointLayer
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

# Popup fields per layer: (column, label key).
POPUP_FIELDS: dict[Layer, tuple[tuple[str, str], ...]] = {
    Layer.INCIDENTS: (("occurred_on", "f_date"), ("source_org", "f_source"), ("category", "f_category"),
                      ("reference", "f_reference"), ("municipality_code", "f_municipality")),
    Layer.DUMPINGS: (("found_at", "f_found"), ("place_type", "f_place"), ("waste_type", "f_waste"),
                     ("container_count", "f_containers"), ("volume_l", "f_volume"),
                     ("substances", "f_substances"), ("status", "f_status"),
                     ("reporter_org", "f_reporter_org"), ("notes", "f_notes")),
    Layer.BARNS: (("address", "f_address"), ("floor_area_m2", "f_floor_area"),
                  ("vacant_since", "f_vacant_since"), ("status", "f_status"),
                  ("last_inspection", "f_last_inspection"), ("risk_notes", "f_risk")),
}  # fmt: skip


def boundary_geojson(frame: gpd.GeoDataFrame, props: list[str], tolerance_m: float = 0.0) -> dict:
    """WGS84 GeoJSON of polygons with HTML-escaped text properties, coordinates to 5 decimals."""
    geoms = frame.geometry.simplify(tolerance_m) if tolerance_m else frame.geometry
    out = gpd.GeoDataFrame(
        {p: [html.escape(str(v)) for v in frame[p]] for p in props}, geometry=geoms, crs=frame.crs
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
    """The stable part of the home map: basemaps, boundaries, PPS areas and a legend."""
    m = region_map(municipalities, lang)
    prov = folium.FeatureGroup(name=t("layer_provinces", lang), show=True)
    folium.GeoJson(
        provinces, style_function=lambda _: {"color": PROVINCE_COLOUR, "weight": 2.5, "fillOpacity": 0},
        interactive=False,
    ).add_to(prov)  # fmt: skip
    prov.add_to(m)
    area = folium.FeatureGroup(name=t("layer_areas", lang), show=True)
    if areas.get("features"):
        folium.GeoJson(
            areas,
            style_function=lambda _: {"color": AREA_COLOUR, "weight": 3, "fillColor": AREA_COLOUR, "fillOpacity": 0.08},
            tooltip=folium.GeoJsonTooltip(fields=["name", "process_status"],
                                          aliases=[t("layer_areas", lang), t("f_process", lang)]),
        ).add_to(area)  # fmt: skip
    area.add_to(m)
    items = [(LAYER_COLOURS[lay], t(f"layer_{lay.value}", lang), "circle") for lay in Layer]
    items.append((CELL_RAMPS[Layer.INCIDENTS][2], t("legend_cells", lang), "square"))
    items += [(AREA_COLOUR, t("layer_areas", lang), "line"),
              (MUNICIPALITY_COLOUR, t("layer_municipalities", lang), "line"),
              (PROVINCE_COLOUR, t("layer_provinces", lang), "line")]  # fmt: skip
    HtmlLegend(t("legend", lang), items).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
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


def _display(value: Any, column: str, lang: str) -> Any:
    if value is None or ((np.isscalar(value) or value is pd.NA or value is pd.NaT) and pd.isna(value)):
        return None
    if column in ("source_org", "reporter_org") and value in SOURCE_BY_CODE:
        return SOURCE_BY_CODE[value].name
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d-%m-%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d-%m-%Y")
    if hasattr(value, "isoformat"):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    return value


def _point_rows(view: LayerView, lang: str) -> tuple[list[list[Any]], list[str]]:
    fields = POPUP_FIELDS[view.layer]
    pts = view.points
    lon, lat = rd_to_wgs84(pts["x"], pts["y"])
    rows = []
    for i, rec in enumerate(pts.itertuples(index=False)):
        values = [_display(getattr(rec, col), col, lang) for col, _ in fields]
        rows.append([round(float(lat[i]), 6), round(float(lon[i]), 6), *values])
    return rows, [t(label, lang) for _, label in fields]


def data_groups(views: list[LayerView], lang: str = "nl") -> list[folium.FeatureGroup]:
    """One feature group per visible layer: points, or count cells with their class colours."""
    groups = []
    for view in views:
        fg = folium.FeatureGroup(name=t(f"layer_{view.layer.value}", lang))
        if view.mode == "points" and len(view.points):
            rows, labels = _point_rows(view, lang)
            PointLayer(rows, labels, t(f"layer_{view.layer.value}", lang), LAYER_COLOURS[view.layer],
                       radius=5 if view.layer != Layer.INCIDENTS else 4).add_to(fg)  # fmt: skip
        elif view.mode == "cells" and len(view.cells):
            breaks = count_breaks(view.cells["n"].to_numpy())
            ramp = list(CELL_RAMPS[view.layer][-len(breaks) :])
            rows = _cell_rows(view.cells, view.cell_m, breaks)
            CellLayer(rows, ramp, t(f"layer_{view.layer.value}", lang).lower()).add_to(fg)
        groups.append(fg)
    return groups


def cell_legend(view: LayerView) -> list[tuple[str, str]]:
    """``(colour, range label)`` per count class of a cell view, for a legend beside the map."""
    if view.mode != "cells" or not len(view.cells):
        return []
    breaks = count_breaks(view.cells["n"].to_numpy())
    ramp = list(CELL_RAMPS[view.layer][-len(breaks) :])
    out, low = [], 1
    for colour, high in zip(ramp, breaks, strict=True):
        out.append((colour, f"{low}" if low == high else f"{low}–{high}"))
        low = high + 1
    return out
