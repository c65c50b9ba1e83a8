"""Maps of the site walk (schouw): the area with the walks' routes and their findings, the map on which a route
is drawn (a line) or a finding placed (a tap), and the findings as a layer of the home map.

Finding text travels as JSON into popups shown with ``textContent`` (``PointLayer``); route tooltips are
HTML-escaped. Nothing typed by a user is ever put on the page as HTML.
"""

from __future__ import annotations

import folium
import folium.plugins
import geopandas as gpd
import pandas as pd
import shapely

from gis.geo.crs import RD, WGS84, rd_to_wgs84
from gis.i18n import t
from gis.maps import assets  # noqa: F401  (side effect: local JS/CSS, no CDNs)
from gis.maps.area_map import DrawLocale
from gis.maps.dumping_map import CHOSEN_COLOUR, LocateButton
from gis.maps.elements import HtmlLegend, PointLayer, tooltip_text
from gis.maps.home import region_map
from gis.maps.styles import AREA_COLOUR
from gis.overview import zoom_for_bounds

FINDING_COLOUR = "#00838f"  # teal: apart from dumpings (red), barns (purple) and incidents (blue)
ROUTE_COLOURS = {"dag": "#ef6c00", "nacht": "#283593"}  # a day walk orange, a night walk dark blue
DRAFT_ROUTE_COLOUR = "#d81b60"
PHONE_MAP_PX = 340  # the area fits a phone's map; on a wide screen it shows with room around it

DRAW_LINE_NL = {
    "draw": {
        "toolbar": {
            "actions": {"title": "Tekenen annuleren", "text": "Annuleren"},
            "finish": {"title": "Lijn afronden", "text": "Afronden"},
            "undo": {"title": "Laatste punt verwijderen", "text": "Laatste punt weg"},
            "buttons": {"polyline": "Route tekenen"},
        },
        "handlers": {"polyline": {"tooltip": {"start": "Tik om de route te beginnen.",
                                              "cont": "Tik om verder te tekenen.",
                                              "end": "Tik op het laatste punt om af te ronden."}}},
    },
    "edit": {"toolbar": {"actions": {"save": {"title": "Wijzigingen bewaren", "text": "Klaar"},
                                     "cancel": {"title": "Bewerken annuleren", "text": "Annuleren"},
                                     "clearAll": {"title": "Alles wissen", "text": "Alles wissen"}},
                         "buttons": {"edit": "Route bewerken", "editDisabled": "Niets om te bewerken",
                                     "remove": "Route verwijderen", "removeDisabled": "Niets om te verwijderen"}}},
}  # fmt: skip


def _day(value: object) -> str | None:
    if value is None or (not hasattr(value, "strftime") and pd.isna(value)):  # type: ignore[arg-type]
        return None
    return pd.Timestamp(value).strftime("%d-%m-%Y")  # type: ignore[arg-type]


def finding_rows(findings: pd.DataFrame, lang: str = "nl") -> tuple[list[list[object]], list[str]]:
    """``[lat, lon, id, date, daypart, category, note, became]`` per finding and the popup's field labels."""
    if findings.empty:
        return [], []
    lon, lat = rd_to_wgs84(findings["x"].to_numpy(float), findings["y"].to_numpy(float))
    rows = []
    for i, f in enumerate(findings.itertuples(index=False)):
        became = getattr(f, "became", None)
        rows.append([round(float(lat[i]), 6), round(float(lon[i]), 6), int(f.id), _day(f.walked_on),
                     t(f"sw_daypart_{f.daypart}", lang), str(f.category), str(f.note or "") or None,
                     None if became is None or pd.isna(became) else str(became)])  # fmt: skip
    labels = [t(k, lang) for k in ("sw_col_id", "sw_col_date", "sw_col_daypart", "sw_col_category", "sw_col_note",
                                   "sw_col_became")]  # fmt: skip
    return rows, labels


def findings_group(findings: pd.DataFrame, lang: str = "nl", name: str | None = None) -> folium.FeatureGroup:
    """The findings as one feature group of points with text-only popups."""
    title = name or t("sw_layer", lang)
    fg = folium.FeatureGroup(name=title)
    rows, labels = finding_rows(findings, lang)
    if rows:
        PointLayer(rows, labels, title, FINDING_COLOUR, radius=6).add_to(fg)
    return fg


def findings_layer(findings: pd.DataFrame | None, lang: str = "nl") -> list[tuple[folium.FeatureGroup, tuple]]:
    """The findings as an extra layer of the home map with its legend item; none when switched off."""
    if findings is None:
        return []
    return [(findings_group(findings, lang), (FINDING_COLOUR, t("sw_layer", lang), "circle"))]


def _wgs_lines(route: shapely.Geometry) -> list[list[tuple[float, float]]]:
    wgs = gpd.GeoSeries([route], crs=RD).to_crs(WGS84).iloc[0]
    return [[(round(lat, 6), round(lon, 6)) for lon, lat in part.coords] for part in getattr(wgs, "geoms", [wgs])]


def routes_group(walks: gpd.GeoDataFrame, lang: str = "nl") -> folium.FeatureGroup:
    """The walks' routes as lines (orange by day, dark blue at night) with an escaped tooltip each."""
    fg = folium.FeatureGroup(name=t("sw_routes", lang))
    for w in walks.itertuples(index=False):
        route = w.geometry
        if route is None or route.is_empty:
            continue
        part = t(f"sw_daypart_{w.daypart}", lang)
        tip = tooltip_text(f"{t('sw_walk', lang)} {int(w.id)} · {_day(w.walked_on)} · {part}")
        for line in _wgs_lines(route):
            folium.PolyLine(line, color=ROUTE_COLOURS.get(str(w.daypart), "#555555"), weight=4, opacity=0.85,
                            tooltip=tip).add_to(fg)  # fmt: skip
    return fg


def area_outline(m: folium.Map, area: gpd.GeoDataFrame | None, px: int = PHONE_MAP_PX, fill: float = 0.05) -> None:
    """The area drawn on ``m`` (not clickable), and ``m`` set to a fixed view of it for a map of ``px`` pixels."""
    if area is None or area.empty:
        return
    wgs = area[["geometry"]].to_crs(WGS84)
    folium.GeoJson(wgs.__geo_interface__, interactive=False,
                   style_function=lambda _: {"color": AREA_COLOUR, "weight": 3, "fillColor": AREA_COLOUR,
                                             "fillOpacity": fill}).add_to(m)  # fmt: skip
    # a fixed view, not fitBounds: a map drawn in a hidden tab has no size then and would zoom in all the way
    minx, miny, maxx, maxy = wgs.total_bounds
    m.location = [float((miny + maxy) / 2), float((minx + maxx) / 2)]
    m.options["zoom"] = zoom_for_bounds([[miny, minx], [maxy, maxx]], px, px)


def _legend(lang: str, walks: bool, findings: bool) -> list[tuple[str, str, str]]:
    items = [(AREA_COLOUR, t("layer_areas", lang), "line")]
    if walks:
        items += [(ROUTE_COLOURS["dag"], t("sw_route_day", lang), "line"),
                  (ROUTE_COLOURS["nacht"], t("sw_route_night", lang), "line")]  # fmt: skip
    if findings:
        items.append((FINDING_COLOUR, t("sw_layer", lang), "circle"))
    return items


def walks_map(municipalities: dict, area: gpd.GeoDataFrame | None, walks: gpd.GeoDataFrame,
              findings: pd.DataFrame, lang: str = "nl") -> folium.Map:  # fmt: skip
    """The area with the routes of its walks and their findings, zoomed to the area."""
    m = region_map(municipalities, lang)
    area_outline(m, area)
    routes_group(walks, lang).add_to(m)
    findings_group(findings, lang).add_to(m)
    HtmlLegend(t("legend", lang), _legend(lang, len(walks) > 0, len(findings) > 0)).add_to(m)
    return m


def route_draw_map(municipalities: dict, area: gpd.GeoDataFrame | None, lang: str = "nl") -> folium.Map:
    """The area with Draw tools for a line only (the walk's route); the browser's location button helps."""
    m = region_map(municipalities, lang)
    area_outline(m, area)
    editable = folium.FeatureGroup(name=t("sw_route", lang), show=True)
    editable.add_to(m)
    if lang == "nl":
        DrawLocale(DRAW_LINE_NL).add_to(m)
    folium.plugins.Draw(
        feature_group=editable,
        draw_options={"polyline": {"shapeOptions": {"color": DRAFT_ROUTE_COLOUR, "weight": 4}}, "polygon": False,
                      "rectangle": False, "circle": False, "marker": False, "circlemarker": False},
        show_geometry_on_click=False,
    ).add_to(m)  # fmt: skip
    HtmlLegend(t("legend", lang), [(DRAFT_ROUTE_COLOUR, t("sw_route", lang), "line"),
                                   (AREA_COLOUR, t("layer_areas", lang), "line")]).add_to(m)  # fmt: skip
    return m


def finding_place_map(
    municipalities: dict, area: gpd.GeoDataFrame | None, walks: gpd.GeoDataFrame, findings: pd.DataFrame,
    chosen: tuple[float, float] | None, lang: str = "nl",
) -> folium.Map:  # fmt: skip
    """The area with the walk's route and earlier findings, where a tap (or the location button) places a new
    finding; ``chosen`` (lat, lon) is shown as a black dot."""
    m = walks_map(municipalities, area, walks, findings, lang)
    if chosen is not None:
        folium.CircleMarker(chosen, radius=8, color="#ffffff", weight=3, fill=True, fill_color=CHOSEN_COLOUR,
                            fill_opacity=1, tooltip=t("sw_here", lang)).add_to(m)  # fmt: skip
    LocateButton(t("dp_locate", lang), t("dp_locate_error", lang)).add_to(m)
    return m


__all__ = ["FINDING_COLOUR", "finding_place_map", "finding_rows", "findings_group", "findings_layer", "route_draw_map",
           "routes_group", "walks_map"]  # fmt: skip
