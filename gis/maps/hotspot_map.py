"""The interactive hotspot map: basemap, municipal boundaries, the study area, merged cell groups and
numbered markers with place names on the strongest hotspots, plus the ranked list in a corner of the map.
Only aggregated cells are sent to the browser; place names reach the page as JSON and ``textContent``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import NamedTuple

import folium
import geopandas as gpd
import numpy as np
import shapely
from branca.element import MacroElement
from jinja2 import Template

from gis.geo.crs import RD, WGS84
from gis.hotspots.views import CellGroup
from gis.maps.elements import HtmlLegend, safe_json
from gis.maps.home import region_map

RANK_CSS = (
    "<style>.hs-mark{background:none;border:none}"
    ".hs-box{display:flex;align-items:center;width:max-content}"
    ".hs-rank{background:#111;color:#fff;border:2px solid #fff;border-radius:50%;width:26px;height:26px;"
    "line-height:22px;text-align:center;font:bold 14px sans-serif;box-sizing:border-box;flex:none}"
    ".hs-name{margin-left:4px;font:bold 13px sans-serif;color:#111;white-space:nowrap;"
    "text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff}"
    ".hs-list{background:rgba(255,255,255,.92);padding:4px 8px;border-radius:4px;font:14px/1.45 sans-serif;"
    "box-shadow:0 1px 4px rgba(0,0,0,.3);max-width:280px}"
    ".hs-list b{display:inline-block;min-width:1.6em}"
    "@media (max-width: 599px){.hs-name{display:none}}</style>"  # a phone's map: the numbers only
)


class Ranked(NamedTuple):
    """A numbered hotspot on the map: its rank, peak cell centre (RD New) and place name."""

    rank: int
    x: float
    y: float
    name: str = ""


class RankMarkers(MacroElement):
    """Numbered markers with the place name beside them, and (on a map of 600 px or wider) the ranked list
    as a control in the top-right corner. ``rows`` are ``[rank, lat, lon, name]``."""

    _template = Template(
        """{% macro script(this, kwargs) %}
(function() {
  var d = {{ this.payload }};
  var map = {{ this._parent.get_name() }};
  d.rows.forEach(function(r) {
    var box = document.createElement('div'); box.className = 'hs-box';
    var n = document.createElement('div'); n.className = 'hs-rank'; n.textContent = String(r[0]);
    box.appendChild(n);
    if (r[3]) { var s = document.createElement('div'); s.className = 'hs-name'; s.textContent = r[3];
      box.appendChild(s); }
    L.marker([r[1], r[2]], {icon: L.divIcon({html: box, className: 'hs-mark', iconSize: [26, 26],
      iconAnchor: [13, 13]}), keyboard: false, title: r[0] + '. ' + r[3]}).addTo(map);
  });
  if (!d.rows.length || map.getSize().x < 600) return;
  var ctl = L.control({position: 'topright'});
  ctl.onAdd = function() {
    var div = L.DomUtil.create('div', 'hs-list');
    var h = document.createElement('strong'); h.textContent = d.title; div.appendChild(h);
    d.rows.forEach(function(r) {
      var row = document.createElement('div'); row.className = 'hs-list-row';
      var b = document.createElement('b'); b.textContent = r[0] + '.'; row.appendChild(b);
      row.appendChild(document.createTextNode(' ' + r[3])); div.appendChild(row);
    });
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  ctl.addTo(map);
})();
{% endmacro %}"""
    )

    def __init__(self, rows: list[list[object]], title: str) -> None:
        super().__init__()
        self._name = "RankMarkers"
        self.payload = safe_json({"rows": rows, "title": title})


def groups_geojson(groups: Sequence[CellGroup], tolerance_m: float = 0.0) -> dict:
    """WGS84 GeoJSON with one feature per group (key, label, colour, number of cells)."""
    frame = gpd.GeoDataFrame(
        {"key": [g.key for g in groups], "label": [html.escape(g.label) for g in groups],
         "colour": [g.colour for g in groups], "cells": [g.cells for g in groups]},
        geometry=[shapely.simplify(g.geometry, tolerance_m) if tolerance_m else g.geometry for g in groups], crs=RD,
    ).to_crs(WGS84)  # fmt: skip
    frame["geometry"] = frame.geometry.set_precision(1e-5)
    return frame.__geo_interface__


def rank_rows(markers: Sequence[Ranked]) -> list[list[object]]:
    """``[rank, lat, lon, name]`` per marker (WGS84, 6 decimals), in one coordinate transformation."""
    if not markers:
        return []
    pts = gpd.GeoSeries(shapely.points([m.x for m in markers], [m.y for m in markers]), crs=RD).to_crs(WGS84)
    lon, lat = np.round(pts.x.to_numpy(), 6), np.round(pts.y.to_numpy(), 6)
    return [[int(m.rank), float(lat[i]), float(lon[i]), str(m.name)] for i, m in enumerate(markers)]


def hotspot_map(
    municipalities: dict,
    study: shapely.Geometry,
    groups: Sequence[CellGroup],
    legend_title: str,
    markers: Sequence[Ranked | tuple[int, float, float]] = (),
    lang: str = "nl",
    cell_label: str = "",
    list_title: str = "",
) -> folium.Map:
    """A folium map of ``groups`` over the study area; ``markers`` are ranked hotspots in RD New."""
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
    ranked = [mk if isinstance(mk, Ranked) else Ranked(*mk) for mk in markers]
    if ranked:
        m.get_root().header.add_child(folium.Element(RANK_CSS))
        title = list_title or ("Sterkste hotspots" if lang == "nl" else "Strongest hot spots")
        RankMarkers(rank_rows(ranked), title).add_to(m)
    HtmlLegend(legend_title, [(g.colour, g.label, "square") for g in groups]).add_to(m)
    minx, miny, maxx, maxy = outline.total_bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m
