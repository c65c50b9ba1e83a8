"""The folium map of an area's measures (Maatregelen page, map tab): the area, its placed measures with an escaped
permanent label each, and, when placing one, only the Leaflet.draw tool of its kind (point, road segment, zone).

Only folium here (no Streamlit); the page (``gis.ui.measures_map``) shows the map and saves what is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import folium
import folium.plugins
import geopandas as gpd
import pandas as pd
import shapely

from gis.geo.crs import RD, WGS84
from gis.i18n import t
from gis.maps import assets  # noqa: F401  (side effect: local JS/CSS, no CDNs)
from gis.maps.area_map import DrawLocale
from gis.maps.elements import HtmlLegend, tooltip_text
from gis.maps.home import region_map
from gis.maps.schouw_map import area_outline
from gis.maps.styles import AREA_COLOUR

__all__ = ["ALL_TOOLS", "DRAW_NL", "MAP_PX", "MEASURE_COLOUR", "SELECTED_COLOUR", "TOOLS", "label_text",
           "measures_group", "measures_map"]  # fmt: skip

MEASURE_COLOUR = "#37474f"  # placed measures: dark blue-grey (the area outline is green)
SELECTED_COLOUR = "#d81b60"  # the measure being placed (and what is drawn)
MAP_PX = 480
TOOLS: dict[str, tuple[str, ...]] = {"punt": ("circlemarker",), "weg": ("polyline",), "zone": ("polygon", "rectangle")}
ALL_TOOLS = ("polyline", "polygon", "rectangle", "circle", "marker", "circlemarker")
DRAW_NL = {
    "draw": {
        "toolbar": {
            "actions": {"title": "Tekenen annuleren", "text": "Annuleren"},
            "finish": {"title": "Afronden", "text": "Afronden"},
            "undo": {"title": "Laatste punt verwijderen", "text": "Laatste punt weg"},
            "buttons": {"polyline": "Wegvak tekenen", "polygon": "Zone tekenen", "rectangle": "Zone als rechthoek",
                        "circlemarker": "Punt plaatsen"},
        },
        "handlers": {
            "polyline": {"tooltip": {"start": "Klik om het wegvak te beginnen.", "cont": "Klik om verder te tekenen.",
                                     "end": "Klik op het laatste punt om af te ronden."}},
            "polygon": {"tooltip": {"start": "Klik om de zone te beginnen.", "cont": "Klik om verder te tekenen.",
                                    "end": "Klik op het eerste punt om de zone te sluiten."}},
            "rectangle": {"tooltip": {"start": "Klik en sleep om een rechthoek te tekenen."}},
            "circlemarker": {"tooltip": {"start": "Klik op de kaart om het punt te plaatsen."}},
        },
    },
    "edit": {"toolbar": {"actions": {"save": {"title": "Wijzigingen bewaren", "text": "Klaar"},
                                     "cancel": {"title": "Bewerken annuleren", "text": "Annuleren"},
                                     "clearAll": {"title": "Alles wissen", "text": "Alles wissen"}},
                         "buttons": {"edit": "Tekening bewerken", "editDisabled": "Niets om te bewerken",
                                     "remove": "Tekening verwijderen", "removeDisabled": "Niets om te verwijderen"}}},
}  # fmt: skip

# A measure's label text, escaped for folium's tooltip (HTML in a JavaScript template string): the one function
# of gis.maps.elements, under the name the Maatregelen page has used.
label_text = tooltip_text

NameOf = Callable[[pd.Series, str], str]  # a measure row's name in a language (the page's ``measure_name``)


def _wgs(geom: shapely.Geometry) -> shapely.Geometry:
    return gpd.GeoSeries([geom], crs=RD).to_crs(WGS84).iloc[0]


def measures_group(
    measures: pd.DataFrame, lang: str, selected: int | None = None, *, name: NameOf
) -> folium.FeatureGroup:
    """The placed measures with a permanent label each (``id. name``, escaped); ``selected`` in its own colour."""
    group = folium.FeatureGroup(name=t("ms_map_layer", lang), show=True)
    for _, row in measures.iterrows():
        geom = row.get("geometry")
        if geom is None or (not isinstance(geom, shapely.Geometry)) or geom.is_empty:
            continue
        colour = SELECTED_COLOUR if selected is not None and int(row["id"]) == selected else MEASURE_COLOUR
        tip = folium.Tooltip(label_text(f"{int(row['id'])}. {name(row, lang)}"), permanent=True,
                             direction="top", sticky=False)  # fmt: skip
        wgs = _wgs(geom)
        if isinstance(wgs, shapely.Point):
            folium.CircleMarker([wgs.y, wgs.x], radius=8, color="#ffffff", weight=2, fill=True, fill_color=colour,
                                fill_opacity=0.95, tooltip=tip).add_to(group)  # fmt: skip
        else:
            style = {"color": colour, "weight": 5, "fillColor": colour, "fillOpacity": 0.2}
            folium.GeoJson(shapely.geometry.mapping(wgs), style_function=lambda _, s=style: s,
                           tooltip=tip).add_to(group)  # fmt: skip
    return group


def measures_map(municipalities: dict, area: gpd.GeoDataFrame | None, measures: pd.DataFrame, lang: str = "nl",
                 draw: str | None = None, selected: int | None = None, *, name: NameOf) -> folium.Map:  # fmt: skip
    """The area with its placed measures; with ``draw`` (a place kind) only that kind's Draw tool."""
    m = region_map(municipalities, lang)
    area_outline(m, area, MAP_PX, fill=0.04)
    measures_group(measures, lang, selected, name=name).add_to(m)
    items = [(MEASURE_COLOUR, t("ms_map_layer", lang), "line"), (AREA_COLOUR, t("layer_areas", lang), "line")]
    if draw is not None:
        editable = folium.FeatureGroup(name=t("ms_map_drawing", lang), show=True)
        editable.add_to(m)
        if lang == "nl":
            DrawLocale(DRAW_NL).add_to(m)
        shape = {"color": SELECTED_COLOUR, "weight": 5}
        options: dict[str, Any] = {tool: False for tool in ALL_TOOLS}
        options.update({tool: {"shapeOptions": shape} for tool in TOOLS[draw]})
        folium.plugins.Draw(feature_group=editable, draw_options=options, show_geometry_on_click=False).add_to(m)
        items.insert(0, (SELECTED_COLOUR, t("ms_map_drawing", lang), "line"))
    HtmlLegend(t("legend", lang), items).add_to(m)
    return m
