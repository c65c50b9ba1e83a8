"""The interactive hotspot map: basemap, municipal boundaries, the study area, merged cell groups and
numbered markers on the strongest hotspots. Only aggregated cells are sent to the browser.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import folium
import geopandas as gpd
import shapely

from gis.geo.crs import RD, WGS84
from gis.hotspots.views import CellGroup
from gis.maps.elements import HtmlLegend
from gis.maps.home import region_map


def groups_geojson(groups: Sequence[CellGroup], tolerance_m: float = 0.0) -> dict:
    """WGS84 GeoJSON with one feature per group (key, label, colour, number of cells)."""
    frame = gpd.GeoDataFrame(
        {"key": [g.key for g in groups], "label": [html.escape(g.label) for g in groups],
         "colour": [g.colour for g in groups], "cells": [g.cells for g in groups]},
        geometry=[shapely.simplify(g.geometry, tolerance_m) if tolerance_m else g.geometry for g in groups], crs=RD,
    ).to_crs(WGS84)  # fmt: skip
    frame["geometry"] = frame.geometry.set_precision(1e-5)
    return frame.__geo_interface__


def hotspot_map(
    municipalities: dict,
    study: shapely.Geometry,
    groups: Sequence[CellGroup],
    legend_title: str,
    markers: Sequence[tuple[int, float, float]] = (),
    lang: str = "nl",
    cell_label: str = "",
) -> folium.Map:
    """A folium map of ``groups`` over the study area; ``markers`` are ``(rank, x, y)`` in RD New."""
    m = region_map(municipalities, lang)
    outline = gpd.GeoSeries([study], crs=RD).simplify(10).to_crs(WGS84)
    folium.GeoJson(outline.__geo_interface__, style_function=lambda _: {"color": "#111111", "weight": 2.5,
                   "fillOpacity": 0}, interactive=False).add_to(m)  # fmt: skip
    if groups:
        folium.GeoJson(
            groups_geojson(groups),
            style_function=lambda f: {"fillColor": f["properties"]["colour"], "color": f["properties"]["colour"],
                                      "weight": 0.5, "fillOpacity": 0.75},
            tooltip=folium.GeoJsonTooltip(fields=["label", "cells"], aliases=["", cell_label or "cellen"]),
        ).add_to(m)  # fmt: skip
    for rank, x, y in markers:
        lon, lat = gpd.GeoSeries([shapely.Point(x, y)], crs=RD).to_crs(WGS84).iloc[0].coords[0]
        folium.Marker(
            (lat, lon),
            icon=folium.DivIcon(html=f'<div class="hs-rank">{int(rank)}</div>', icon_size=(26, 26),
                                icon_anchor=(13, 13)),
        ).add_to(m)  # fmt: skip
    m.get_root().header.add_child(folium.Element(
        "<style>.hs-rank{background:#111;color:#fff;border:2px solid #fff;border-radius:50%;width:26px;"
        "height:26px;line-height:22px;text-align:center;font:bold 14px sans-serif;}</style>"
    ))  # fmt: skip
    HtmlLegend(legend_title, [(g.colour, g.label, "square") for g in groups]).add_to(m)
    minx, miny, maxx, maxy = outline.total_bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m
