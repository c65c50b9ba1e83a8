"""The folium map of the Regional overview (Keurmerk page): every area coloured by its stage in the certification
process, one layer and one legend entry per stage, the view fitted to the areas shown.

Only folium here (no Streamlit); the page (``gis.ui.keurmerk_overview``) gives the areas with their stage.
"""

from __future__ import annotations

from collections.abc import Callable

import folium
import geopandas as gpd

from gis.i18n import t
from gis.maps import assets  # noqa: F401  (side effect: local JS/CSS, no CDNs)
from gis.maps.elements import HtmlLegend, tooltip_text
from gis.maps.home import boundary_geojson, region_map
from gis.partnership.progress import STAGES

__all__ = ["MAP_PX", "STAGE_COLOURS", "stage_colour", "stage_map", "view_zoom"]

MAP_PX = (640, 380)  # the size the view is fitted to (the page shows the map 420 px high)
# One colour per stage (no two alike, the legend lists each): grey (just started), light to dark blue through
# A2-B3, orange (covenant), light green (ready for the audit), green (certified); red: renewal overdue.
STAGE_COLOURS: dict[str, str] = {
    "A1": "#bdbdbd", "A2": "#c6dbef", "A3": "#9ecae1", "A4": "#6baed6", "A5": "#4292c6", "B1": "#2171b5",
    "B2": "#08519c", "B3": "#08306b", "convenant": "#fdae61", "ready": "#a6d96a", "certified": "#1a9850",
    "renew": "#d73027",
}  # fmt: skip
OTHER_COLOUR = "#808080"


def stage_colour(stage: str) -> str:
    """The map colour of a stage (a Dutch label of ``STAGES``)."""
    key = next((k for k, v in STAGES.items() if v == stage), "")
    return STAGE_COLOURS.get(key, OTHER_COLOUR)


def view_zoom(width_deg: float, height_deg: float, px: tuple[int, int] = MAP_PX) -> int:
    """The web-map zoom at which a box of ``width_deg`` x ``height_deg`` (WGS84, around 52° N) fits ``px``."""
    per_tile = 360 / 256  # degrees of longitude per pixel at zoom 0
    fits = [z for z in range(6, 15) if width_deg / (per_tile / 2**z) <= px[0]
            and height_deg * 1.62 / (per_tile / 2**z) <= px[1]]  # fmt: skip
    return max(fits, default=6)


def _stage_group(areas: gpd.GeoDataFrame, colour: str, label: str) -> folium.FeatureGroup:
    """One stage's areas in its colour; each area's tooltip its name and the stage, as text."""
    group = folium.FeatureGroup(name=label, show=True, control=False)
    style = {"color": colour, "weight": 3, "fillColor": colour, "fillOpacity": 0.45}
    for name, geometry in zip(areas["name"], areas.geometry, strict=True):
        if geometry is None or geometry.is_empty:
            continue
        shape = gpd.GeoDataFrame(geometry=[geometry], crs=areas.crs)
        folium.GeoJson(boundary_geojson(shape, []), style_function=lambda _, s=style: s,
                       tooltip=folium.Tooltip(f"{tooltip_text(name)} — {tooltip_text(label)}"),
                       ).add_to(group)  # fmt: skip
    return group


def stage_map(
    municipalities: dict, frame: gpd.GeoDataFrame, lang: str = "nl", label: Callable[[str], str] = str
) -> folium.Map:
    """The region with ``frame``'s areas (columns ``name``, ``stage``: a Dutch label of ``STAGES``, geometry)
    coloured by stage, in the order of the process; ``label`` gives a stage's name in ``lang``."""
    m = region_map(municipalities, lang)
    order = list(STAGES.values())
    stages = sorted(set(frame["stage"]), key=lambda s: order.index(s) if s in order else len(order))
    for stage in stages:
        _stage_group(frame[frame["stage"] == stage], stage_colour(stage), label(stage)).add_to(m)
    if stages:
        items = [(stage_colour(s), label(s), "square") for s in stages]
        HtmlLegend(t("km_col_stage", lang), items).add_to(m)
    if len(frame):
        # the view set on the map itself: Leaflet's fitBounds ran before streamlit-folium sized the frame
        minx, miny, maxx, maxy = frame.to_crs(4326).total_bounds
        m.location = [(miny + maxy) / 2, (minx + maxx) / 2]
        m.options["zoom"] = view_zoom(maxx - minx, maxy - miny)
    return m
