"""The area editor map: municipalities and existing layers underneath, the draft boundary editable.

The draft's polygons sit in the feature group that Leaflet.draw edits, so the user can move its
vertices, add parts (polygon, rectangle) or delete them; streamlit-folium returns all drawn
features after each change. Drafts with too many vertices to edit by hand are shown as a fixed
outline instead (new drawings are then added to it). An old version can be shown dashed beside it.
"""

from __future__ import annotations

import folium
import folium.plugins
import geopandas as gpd
import shapely
from branca.element import MacroElement
from jinja2 import Template

from gis.geo.crs import RD, WGS84
from gis.i18n import t
from gis.maps import assets  # noqa: F401  (side effect: local JS/CSS, no CDNs)
from gis.maps.elements import HtmlLegend, safe_json
from gis.maps.home import region_map
from gis.maps.styles import AREA_COLOUR, MUNICIPALITY_COLOUR

DRAFT_COLOUR = "#e66101"
COMPARE_COLOUR = "#5e3c99"
MAX_EDIT_VERTICES = 1500  # more vertex handles than this make Leaflet.draw unusably slow

# Leaflet.draw's interface in Dutch (its English defaults otherwise).
DRAW_NL = {
    "draw": {
        "toolbar": {
            "actions": {"title": "Tekenen annuleren", "text": "Annuleren"},
            "finish": {"title": "Tekenen afronden", "text": "Afronden"},
            "undo": {"title": "Laatste punt verwijderen", "text": "Laatste punt weg"},
            "buttons": {"polygon": "Vlak tekenen", "rectangle": "Rechthoek tekenen"},
        },
        "handlers": {
            "polygon": {
                "tooltip": {
                    "start": "Klik om het vlak te beginnen.",
                    "cont": "Klik om verder te tekenen.",
                    "end": "Klik op het eerste punt om het vlak te sluiten.",
                },
                "error": "<strong>Fout:</strong> randen mogen elkaar niet kruisen!",
            },
            "rectangle": {"tooltip": {"start": "Klik en sleep om een rechthoek te tekenen."}},
            "simpleshape": {"tooltip": {"end": "Laat de muis los om af te ronden."}},
        },
    },
    "edit": {
        "toolbar": {
            "actions": {
                "save": {"title": "Wijzigingen bewaren", "text": "Klaar"},
                "cancel": {"title": "Bewerken annuleren", "text": "Annuleren"},
                "clearAll": {"title": "Alles wissen", "text": "Alles wissen"},
            },
            "buttons": {
                "edit": "Hoekpunten bewerken",
                "editDisabled": "Niets om te bewerken",
                "remove": "Delen verwijderen",
                "removeDisabled": "Niets om te verwijderen",
            },
        },
        "handlers": {
            "edit": {"tooltip": {"text": "Sleep hoekpunten om de grens te wijzigen.",
                                 "subtext": "Klik op Annuleren om terug te gaan."}},
            "remove": {"tooltip": {"text": "Klik op een deel om het te verwijderen."}},
        },
    },
}  # fmt: skip


class DrawLocale(MacroElement):
    """Sets ``L.drawLocal`` (deep merge) before the draw control is built."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function merge(dst, src) {
          for (var k in src) {
            if (typeof src[k] === 'object' && dst[k]) { merge(dst[k], src[k]); } else { dst[k] = src[k]; }
          }
        })(L.drawLocal, {{ this.locale }});
        {% endmacro %}"""
    )

    def __init__(self, locale: dict) -> None:
        super().__init__()
        self._name = "DrawLocale"
        self.locale = safe_json(locale)


def _wgs_polygons(geom: shapely.Geometry) -> list[list[list[tuple[float, float]]]]:
    """Each polygon as rings of (lat, lon), for folium.Polygon."""
    wgs = gpd.GeoSeries([geom], crs=RD).to_crs(WGS84).iloc[0]
    out = []
    for poly in getattr(wgs, "geoms", [wgs]):
        rings = [poly.exterior, *poly.interiors]
        out.append([[(round(y, 6), round(x, 6)) for x, y in ring.coords] for ring in rings])
    return out


def is_editable(geom: shapely.Geometry | None) -> bool:
    """Whether a draft can be edited vertex by vertex on the map."""
    return geom is not None and shapely.get_num_coordinates(geom) <= MAX_EDIT_VERTICES


def _outline(geojson: dict, colour: str, dash: str | None, name: str, fill: float) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=name, show=True)
    style = {"color": colour, "weight": 3, "fillColor": colour, "fillOpacity": fill}
    if dash:
        style["dashArray"] = dash
    folium.GeoJson(geojson, style_function=lambda _: style, interactive=False).add_to(group)
    return group


def editor_map(
    municipalities: dict,
    areas: dict,
    draft: shapely.Geometry | None,
    compare: shapely.Geometry | None = None,
    lang: str = "nl",
) -> folium.Map:
    """Base maps, municipalities, other areas, the draft (editable when small enough) and Draw tools."""
    m = region_map(municipalities, lang)
    if areas.get("features"):
        _outline(areas, AREA_COLOUR, None, t("layer_areas", lang), 0.05).add_to(m)
    if compare is not None and not compare.is_empty:
        wgs = gpd.GeoSeries([compare], crs=RD).to_crs(WGS84).__geo_interface__
        _outline(wgs, COMPARE_COLOUR, "8 6", t("ar_compare_layer", lang), 0.0).add_to(m)
    editable = folium.FeatureGroup(name=t("ar_draft_layer", lang), show=True)
    if draft is not None and not draft.is_empty:
        if is_editable(draft):
            for rings in _wgs_polygons(draft):
                folium.Polygon(rings, color=DRAFT_COLOUR, weight=3, fill=True, fill_opacity=0.15).add_to(editable)
        else:
            wgs = gpd.GeoSeries([draft], crs=RD).to_crs(WGS84).__geo_interface__
            _outline(wgs, DRAFT_COLOUR, None, t("ar_draft_fixed_layer", lang), 0.15).add_to(m)
        minx, miny, maxx, maxy = gpd.GeoSeries([draft], crs=RD).to_crs(WGS84).total_bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]], padding=(20, 20))
    editable.add_to(m)
    if lang == "nl":
        DrawLocale(DRAW_NL).add_to(m)
    shape = {"color": DRAFT_COLOUR, "weight": 3}
    folium.plugins.Draw(
        feature_group=editable,
        draw_options={"polyline": False, "circle": False, "marker": False, "circlemarker": False,
                      "polygon": {"allowIntersection": False, "shapeOptions": shape},
                      "rectangle": {"shapeOptions": shape}},
        edit_options={"poly": {"allowIntersection": False}},
        show_geometry_on_click=False,
    ).add_to(m)  # fmt: skip
    items = [(DRAFT_COLOUR, t("ar_draft_layer", lang), "line"), (AREA_COLOUR, t("layer_areas", lang), "line"),
             (MUNICIPALITY_COLOUR, t("layer_municipalities", lang), "line")]  # fmt: skip
    if compare is not None:
        items.insert(1, (COMPARE_COLOUR, t("ar_compare_layer", lang), "line"))
    HtmlLegend(t("legend", lang), items).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m
