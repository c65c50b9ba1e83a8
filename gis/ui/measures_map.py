"""The Maatregelen page's map tab: a chosen measure placed as a point, a road segment (line) or a zone (polygon),
drawn with the one matching Leaflet.draw tool and saved in RD New; the area's measures drawn with their labels.

``drawn_geometry`` (drawings in WGS84 to one RD New geometry of the kind) and ``measures_map`` (the folium map)
need no Streamlit running; labels are escaped for HTML and for the JavaScript string folium puts them in.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import streamlit as st

from gis.domain.roles import PermissionDenied
from gis.geo.crs import RD, WGS84, wgs84_to_rd
from gis.i18n import t
from gis.maps import assets  # noqa: F401  (side effect: local JS/CSS, no CDNs)
from gis.maps.area_map import DrawLocale
from gis.maps.elements import HtmlLegend
from gis.maps.home import region_map
from gis.maps.styles import AREA_COLOUR
from gis.measures.codes import PLACE_KINDS, label
from gis.overview import zoom_for_bounds
from gis.store.errors import StoreError
from gis.store.guard import GuardedStore
from gis.ui import map_widget
from gis.ui.cache import region_boundaries
from gis.ui.measures_page import can_plan, decision_label, flash, measure_name, seen_version, write_error
from gis.ui.state import require_user
from gis.ui.text import plain

MEASURE_COLOUR = "#37474f"  # placed measures: dark blue-grey (the area outline is green)
SELECTED_COLOUR = "#d81b60"  # the measure being placed (and what is drawn)
MAP_PX = 480
SHAPES: dict[str, tuple[str, ...]] = {"punt": ("Point",), "weg": ("LineString", "MultiLineString"),
                                      "zone": ("Polygon", "MultiPolygon")}  # fmt: skip
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


class PlaceError(ValueError):
    """A drawing that cannot be the measure's place (Dutch message naming the drawing and the kind)."""


def label_text(text: str) -> str:
    """``text`` safe in a folium tooltip: HTML-escaped, and no backtick, ``$`` or backslash left to end or fill
    the JavaScript template string the tooltip is written into."""
    return html.escape(text).replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def _to_rd(geom: shapely.Geometry) -> shapely.Geometry:
    def move(coords: np.ndarray) -> np.ndarray:
        x, y = wgs84_to_rd(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, move)


def drawn_geometry(drawings: Sequence[Mapping[str, Any]] | None, kind: str) -> shapely.Geometry | None:
    """The drawings (Draw-plugin GeoJSON features, WGS84) as one RD New geometry of ``kind`` (``punt``: one
    point; ``weg``: a line or several; ``zone``: the polygons together); None when nothing was drawn."""
    if kind not in SHAPES:
        raise PlaceError(f"Soort plaats '{kind}' bestaat niet; kies punt, wegvak of zone.")
    parts: list[shapely.Geometry] = []
    for i, feature in enumerate(drawings or (), start=1):
        geometry = feature.get("geometry") or {}
        shape = geometry.get("type")
        if shape not in SHAPES[kind]:
            raise PlaceError(f"Tekening {i} is een {_shape_nl(shape)}; een {label(PLACE_KINDS, kind)} teken je als "
                             f"{_shape_nl(SHAPES[kind][0])}.")  # fmt: skip
        try:
            parts.append(_to_rd(shapely.geometry.shape(geometry)))
        except (ValueError, TypeError, shapely.errors.GEOSException) as exc:
            raise PlaceError(f"Tekening {i} is geen geldige {_shape_nl(shape)}: {exc}.") from exc
    if not parts:
        return None
    if kind == "punt":
        if len(parts) > 1:
            raise PlaceError(f"Er staan {len(parts)} punten op de kaart; een maatregel als punt heeft er één.")
        return parts[0]
    if kind == "weg":
        lines = [g for p in parts for g in getattr(p, "geoms", [p])]
        return lines[0] if len(lines) == 1 else shapely.MultiLineString(lines)
    return shapely.union_all(parts)


def _shape_nl(shape: str | None) -> str:
    return {"Point": "punt", "LineString": "lijn", "MultiLineString": "lijn", "Polygon": "vlak",
            "MultiPolygon": "vlak"}.get(str(shape), shape or "onbekende vorm")  # fmt: skip


def _wgs(geom: shapely.Geometry) -> shapely.Geometry:
    return gpd.GeoSeries([geom], crs=RD).to_crs(WGS84).iloc[0]


def _area_view(m: folium.Map, area: gpd.GeoDataFrame | None) -> None:
    if area is None or area.empty:
        return
    wgs = area[["geometry"]].to_crs(WGS84)
    folium.GeoJson(wgs.__geo_interface__, interactive=False,
                   style_function=lambda _: {"color": AREA_COLOUR, "weight": 3, "fillColor": AREA_COLOUR,
                                             "fillOpacity": 0.04}).add_to(m)  # fmt: skip
    # a fixed view, not fitBounds: a map drawn in a hidden tab has no size then and would zoom in all the way
    minx, miny, maxx, maxy = wgs.total_bounds
    m.location = [float((miny + maxy) / 2), float((minx + maxx) / 2)]
    m.options["zoom"] = zoom_for_bounds([[miny, minx], [maxy, maxx]], MAP_PX, MAP_PX)


def measures_group(measures: pd.DataFrame, lang: str, selected: int | None = None) -> folium.FeatureGroup:
    """The placed measures with a permanent label each (name, escaped); ``selected`` in its own colour."""
    group = folium.FeatureGroup(name=t("ms_map_layer", lang), show=True)
    for _, row in measures.iterrows():
        geom = row.get("geometry")
        if geom is None or (not isinstance(geom, shapely.Geometry)) or geom.is_empty:
            continue
        colour = SELECTED_COLOUR if selected is not None and int(row["id"]) == selected else MEASURE_COLOUR
        tip = folium.Tooltip(label_text(f"{int(row['id'])}. {measure_name(row, lang)}"), permanent=True,
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
                 draw: str | None = None, selected: int | None = None) -> folium.Map:  # fmt: skip
    """The area with its placed measures; with ``draw`` (a place kind) only that kind's Draw tool."""
    m = region_map(municipalities, lang)
    _area_view(m, area)
    measures_group(measures, lang, selected).add_to(m)
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


def _size(geom: object, lang: str) -> str:
    if not isinstance(geom, shapely.Geometry) or geom.is_empty:
        return ""
    if geom.area > 0:
        return f"{geom.area / 10_000:.1f} ha".replace(".", "," if lang == "nl" else ".")
    if geom.length > 0:
        return f"{geom.length:,.0f} m".replace(",", "." if lang == "nl" else ",")
    return ""


def _placed_table(measures: pd.DataFrame, lang: str) -> None:
    placed = measures[[isinstance(g, shapely.Geometry) and not g.is_empty for g in measures.geometry]]
    if placed.empty:
        st.caption(t("ms_map_nothing_placed", lang))
        return
    table = pd.DataFrame({
        t("ms_col_id", lang): placed["id"].astype(int).to_list(),
        t("ms_col_name", lang): [measure_name(r, lang) for _, r in placed.iterrows()],
        t("ms_col_decision", lang): [decision_label(d, lang) for d in placed["decision"]],
        t("ms_col_place", lang): [label(PLACE_KINDS, k, lang) for k in placed["place_kind"]],
        t("ms_col_size", lang): [_size(g, lang) for g in placed.geometry],
    })  # fmt: skip
    st.dataframe(table, hide_index=True, width="stretch", key="ms_placed_table")


def _area(store: GuardedStore, area_id: int) -> gpd.GeoDataFrame:
    areas = store.areas()
    return areas[areas["id"].astype(int) == area_id]


def map_tab(store: GuardedStore, area_id: int, lang: str) -> None:
    """Read-only roles see the map; the coordinator picks a chosen measure and a kind, draws it and saves."""
    measures = store.area_measures(area_id)
    munis, _ = region_boundaries(store)
    area = _area(store, area_id)
    chosen = measures[measures["decision"].astype(str) == "gekozen"]
    if not can_plan(store) or chosen.empty:
        if chosen.empty:
            st.info(t("ms_map_none", lang), icon=":material/info:")
        map_widget.static_map(measures_map(munis, area, measures, lang), key=f"ms_map_view_{area_id}", height=MAP_PX)
        _placed_table(measures, lang)
        return
    names = {int(r["id"]): f"{int(r['id'])}. {measure_name(r, lang)}" for _, r in chosen.iterrows()}
    if st.session_state.get("ms_map_pick") not in names:
        st.session_state["ms_map_pick"] = next(iter(names))
    measure_id = st.selectbox(t("ms_map_pick", lang), list(names), format_func=names.get, key="ms_map_pick")
    row = chosen[chosen["id"].astype(int) == measure_id].iloc[0]
    kinds = list(PLACE_KINDS)
    have = row.get("place_kind")
    kind = st.radio(t("ms_map_kind", lang), kinds, index=kinds.index(have) if have in kinds else 0, horizontal=True,
                    format_func=lambda k: label(PLACE_KINDS, k, lang), key=f"ms_map_kind_{measure_id}")  # fmt: skip
    st.caption(t(f"ms_map_help_{kind}", lang))
    gen = int(st.session_state.get("ms_map_gen", 0))
    fmap = measures_map(munis, area, measures, lang, draw=kind, selected=measure_id)
    with st.container(key="ms_draw_map"):
        drawings = map_widget.draw_map(fmap, [], key=f"ms_draw_{area_id}_{measure_id}_{kind}_{gen}", height=MAP_PX)
    _drawn_note(drawings, kind, lang)
    version = seen_version(f"measure_{measure_id}", row.get("version"))
    left, right = st.columns(2)
    if left.button(t("ms_map_save", lang), key="ms_map_save", type="primary", icon=":material/save:",
                   width="stretch"):  # fmt: skip
        _place(store, row, kind, drawings, version, lang)
    placed = isinstance(row.get("geometry"), shapely.Geometry)
    if right.button(t("ms_map_clear", lang), key="ms_map_clear", icon=":material/location_off:", width="stretch",
                    disabled=not placed):  # fmt: skip
        _save_place(store, row, str(row.get("place_kind") or kind), None, version, lang)
    _placed_table(measures, lang)


def _drawn_note(drawings: list[dict] | None, kind: str, lang: str) -> None:
    """What is drawn so far (kind and length or area), or why it cannot be saved, before saving."""
    if not drawings:
        return
    try:
        geom = drawn_geometry(drawings, kind)
    except PlaceError as exc:
        st.warning(plain(exc), icon=":material/warning:")
        return
    size = _size(geom, lang)
    what = label(PLACE_KINDS, kind, lang) + (f" ({size})" if size else "")
    st.caption(f":material/draw: {t('ms_map_drawn', lang, what=what)}")


def _place(store: GuardedStore, row: pd.Series, kind: str, drawings: list[dict] | None, version: int | None,
           lang: str) -> None:  # fmt: skip
    try:
        geom = drawn_geometry(drawings, kind)
    except PlaceError as exc:
        st.error(plain(exc), icon=":material/error:")
        return
    if geom is None:
        st.error(t("ms_map_nothing_drawn", lang, kind=label(PLACE_KINDS, kind, lang)), icon=":material/error:")
        return
    _save_place(store, row, kind, geom, version, lang)


def _save_place(store: GuardedStore, row: pd.Series, kind: str, geom: shapely.Geometry | None, version: int | None,
                lang: str) -> None:  # fmt: skip
    if not (user := require_user(lang)):
        return
    try:
        store.place_measure(int(row["id"]), kind, geom, user, expected_version=version)
    except (StoreError, PermissionDenied) as exc:
        write_error(exc, lang, "ms_map_gen")
        return
    name = plain(measure_name(row, lang))
    done = "ms_map_cleared" if geom is None else "ms_map_saved"
    flash("success", t(done, lang, name=name, kind=label(PLACE_KINDS, kind, lang)))
    st.session_state["ms_map_gen"] = int(st.session_state.get("ms_map_gen", 0)) + 1
    st.rerun()


__all__ = ["PlaceError", "drawn_geometry", "label_text", "map_tab", "measures_group", "measures_map"]
