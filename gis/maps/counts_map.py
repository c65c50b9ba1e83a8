"""The Aantallen map: a choropleth of a layer's rate per 1,000 ha per municipality or PPS area, with a legend.

A unit whose count is hidden from the role (``SUPPRESSED``) is drawn hatched grey and labelled "<5", never
coloured by a rate. SVG rendering (not canvas) so the hatch pattern can fill a polygon. No Streamlit here.
"""

from __future__ import annotations

import html

import folium
import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template

from gis.counts import fmt_number, rate_breaks, rate_class
from gis.domain.catalog import Layer
from gis.domain.roles import SMALL_COUNT_SUPPRESSION, SUPPRESSED
from gis.geo.crs import WGS84
from gis.i18n import fmt_count, t
from gis.maps import assets  # noqa: F401  (side effect: local JS/CSS, no CDNs)
from gis.maps.elements import LEGEND_BOX_JS, MetricScale, safe_json
from gis.maps.home import BASEMAPS, REGION_CENTER, REGION_ZOOM
from gis.maps.styles import CELL_RAMPS, MUNICIPALITY_COLOUR

HATCH_ID = "vb-hatch"
HIDDEN_FILL = f"url(#{HATCH_ID})"
HIDDEN_SWATCH = "repeating-linear-gradient(45deg,#8a8a8a 0 2px,#e4e4e4 2px 6px)"
ZERO_COLOUR = "#f4f4f4"
_HATCH_SVG = (
    '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
    f'<pattern id="{HATCH_ID}" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)">'
    '<rect width="7" height="7" fill="#e4e4e4"/><line x1="0" y1="0" x2="0" y2="7" stroke="#8a8a8a" '
    'stroke-width="3"/></pattern></defs></svg>'
)
HIDDEN_LABEL = f"<{SMALL_COUNT_SUPPRESSION}"


class ClassLegend(MacroElement):
    """A folding legend of ``items`` ``(css background, label)``: open on a wide map, closed under 600 px."""

    _template = Template(
        """{% macro script(this, kwargs) %}
(function() {
  var d = {{ this.payload }};
  var map = {{ this._parent.get_name() }};
  var ctl = L.control({position: 'bottomleft'});
  {{ this.legend_box }}
  ctl.onAdd = function() {
    return vbLegendBox('vb-legend vb-count-legend', d.title, map.getSize().x >= 600, '70%', function(list) {
      d.items.forEach(function(it) {
        var row = document.createElement('div'); row.className = 'vb-legend-class';
        var sw = document.createElement('span');
        sw.style.cssText = 'display:inline-block;width:14px;height:12px;margin-right:6px;vertical-align:middle;'
          + 'border:1px solid #777;background:' + it[0];
        row.appendChild(sw); row.appendChild(document.createTextNode(it[1])); list.appendChild(row);
      });
    });
  };
  ctl.addTo(map);
})();
{% endmacro %}"""
    )

    def __init__(self, title: str, items: list[tuple[str, str]]) -> None:
        super().__init__()
        self._name = "ClassLegend"
        self.legend_box = LEGEND_BOX_JS
        self.payload = safe_json({"title": title, "items": [list(i) for i in items]})


def class_colours(layer: Layer, breaks: list[float]) -> list[str]:
    """Fill colours of the classes: index 0 for zero, then the layer's ramp (darkest for the highest)."""
    ramp = list(CELL_RAMPS[Layer(layer)])
    return [ZERO_COLOUR, *ramp[len(ramp) - len(breaks) :]] if breaks else [ZERO_COLOUR]


def legend_items(layer: Layer, breaks: list[float], lang: str = "nl", hidden: bool = True) -> list[tuple[str, str]]:
    """``(css background, label)`` per class, lowest first: 0, the rate classes, and "<5" (hidden) when any."""
    colours = class_colours(layer, breaks)
    items = [(colours[0], "0")]
    low = "> 0"
    for colour, high in zip(colours[1:], breaks, strict=True):
        items.append((colour, f"{low} – {fmt_number(high, lang, 1)}"))
        low = fmt_number(high, lang, 1)
    if hidden:
        items.append((HIDDEN_SWATCH, t("cnt_hidden_legend", lang, hidden=HIDDEN_LABEL)))
    return items


def choropleth_geojson(frame: gpd.GeoDataFrame, layer: Layer, breaks: list[float], lang: str = "nl") -> dict:
    """WGS84 GeoJSON of the units with the display texts (escaped) and the fill of each."""
    value = Layer(layer).value
    colours = class_colours(layer, breaks)
    fills, counts, rates = [], [], []
    for n, rate in zip(frame[value], frame[f"{value}_rate"], strict=True):
        k = None if int(n) == SUPPRESSED else rate_class(float(rate), breaks)
        fills.append(HIDDEN_FILL if k is None else colours[k])
        counts.append(fmt_count(int(n), lang))
        rates.append(HIDDEN_LABEL if k is None else fmt_number(float(rate), lang, 1))
    out = gpd.GeoDataFrame(
        {"name": [html.escape(str(v)) for v in frame["name"]], "count": counts, "rate": rates, "fill": fills,
         "area": [fmt_number(a, lang, 0) for a in frame["area_ha"]]},
        geometry=frame.geometry.simplify(25.0).to_numpy(), crs=frame.crs,
    ).to_crs(WGS84)  # fmt: skip
    out["geometry"] = out.geometry.set_precision(1e-5)
    return out.__geo_interface__


def counts_map(frame: gpd.GeoDataFrame, layer: Layer, lang: str = "nl", outlines: dict | None = None) -> folium.Map:
    """The choropleth of ``layer``'s ``<layer>_rate`` over ``frame`` (RD New units from ``gis.counts``),
    fitted to the units, with municipality ``outlines`` (WGS84 GeoJSON) beneath when given."""
    value = Layer(layer).value
    breaks = rate_breaks(frame[f"{value}_rate"].to_numpy())
    m = folium.Map(location=REGION_CENTER, zoom_start=REGION_ZOOM, tiles=None, max_zoom=19, min_zoom=6,
                   control_scale=False, prefer_canvas=False)  # fmt: skip
    MetricScale().add_to(m)
    for i, (key, url, attr) in enumerate(BASEMAPS):
        folium.TileLayer(url, attr=attr, name=t(key, lang), max_zoom=19, show=i == 0, overlay=False).add_to(m)
    m.get_root().html.add_child(folium.Element(_HATCH_SVG))
    if outlines and outlines.get("features"):
        folium.GeoJson(outlines, style_function=lambda _: {"color": MUNICIPALITY_COLOUR, "weight": 0.8,
                       "fillOpacity": 0, "dashArray": "4 3"}, interactive=False).add_to(m)  # fmt: skip
    data = choropleth_geojson(frame, layer, breaks, lang)
    if data.get("features"):
        folium.GeoJson(
            data,
            name=t(f"layer_{value}", lang),
            style_function=lambda f: {"fillColor": f["properties"]["fill"], "color": "#444444", "weight": 0.7,
                                      "fillOpacity": 0.8},
            highlight_function=lambda _: {"weight": 2.5, "color": "#111111"},
            tooltip=folium.GeoJsonTooltip(
                fields=["name", "count", "rate", "area"],
                aliases=[t("f_name", lang), t(f"layer_{value}", lang), t("cnt_rate", lang), t("cnt_area", lang)],
            ),
        ).add_to(m)  # fmt: skip
        minx, miny, maxx, maxy = frame.to_crs(WGS84).total_bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]])
    hidden = bool((frame[value] == SUPPRESSED).any())
    title = t("cnt_legend_title", lang, layer=t(f"layer_{value}", lang))
    ClassLegend(title, legend_items(layer, breaks, lang, hidden)).add_to(m)
    return m
