"""The Regionaal overzicht tab of the Keurmerk page: a map of the areas coloured by stage and a table (stage,
municipalities, Keurmerk status and date, renewal due) with filters per municipality and stage; and the public
view: only the list of Keurmerk holders and the active municipalities, nothing behind them.
"""

from __future__ import annotations

import hashlib
import html
from datetime import date

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st

from gis.domain.roles import PermissionDenied
from gis.i18n import t
from gis.maps.home import boundary_geojson, region_map
from gis.partnership.progress import STAGES, area_progress
from gis.store.guard import GuardedStore
from gis.store.partnership_keurmerk import municipality_names
from gis.ui import map_widget
from gis.ui.cache import region_boundaries
from gis.ui.keurmerk_progress import stage_label, stage_order
from gis.ui.partnership_page import partnership_areas
from gis.ui.text import plain

# One colour per stage, from grey (just started) through blue to green (certified); red: renewal overdue.
STAGE_COLOURS: dict[str, str] = {
    "A1": "#bdbdbd", "A2": "#9ecae1", "A3": "#9ecae1", "A4": "#6baed6", "A5": "#6baed6", "B1": "#4292c6",
    "B2": "#2171b5", "B3": "#2171b5", "convenant": "#fdae61", "ready": "#a6d96a", "certified": "#1a9850",
    "renew": "#d73027",
}  # fmt: skip


def stage_colour(stage: str) -> str:
    """The map colour of a stage (a Dutch label of ``STAGES``)."""
    key = next((k for k, v in STAGES.items() if v == stage), "")
    return STAGE_COLOURS.get(key, "#808080")


def overview_frame(store: GuardedStore, lang: str, today: date | None = None) -> gpd.GeoDataFrame:
    """Every area the role may follow: name, stage, municipalities, Keurmerk status, granted and renewal dates."""
    today = today or date.today()
    areas, munis = store.areas(), store.municipalities()
    marks = store.keurmerk_overview()
    held = {int(r.area_id): r for r in marks.itertuples()}
    keep = set(partnership_areas(store)["id"])
    rows = []
    for area in areas.itertuples():
        if int(area.id) not in keep:
            continue
        try:
            stage = area_progress(store, int(area.id), today).stage
        except PermissionDenied:
            continue
        mark = held.get(int(area.id))
        expires = None if mark is None else pd.Timestamp(mark.expires_on).date()
        status = "none" if mark is None else "expired" if expires and expires < today else "holder"
        rows.append({"id": int(area.id), "name": str(area.name), "stage": stage,
                     "municipalities": ", ".join(municipality_names(area.geometry, munis)),
                     "status": t(f"km_status_{status}", lang),
                     "granted_on": None if mark is None else pd.Timestamp(mark.granted_on).date(),
                     "expires_on": expires, "geometry": area.geometry})  # fmt: skip
    columns = ["id", "name", "stage", "municipalities", "status", "granted_on", "expires_on", "geometry"]
    frame = pd.DataFrame(rows, columns=columns)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=areas.crs)


def _stage_map(store: GuardedStore, frame: gpd.GeoDataFrame, lang: str) -> folium.Map:
    munis, _ = region_boundaries(store)
    m = region_map(munis, lang)
    for stage, areas in frame.groupby("stage"):
        colour = stage_colour(str(stage))
        style = {"color": colour, "weight": 3, "fillColor": colour, "fillOpacity": 0.45}
        group = folium.FeatureGroup(name=stage_label(str(stage), lang), show=True, control=False)
        # a fresh index: boundary_geojson pairs its properties (a list) with the geometries by index
        folium.GeoJson(boundary_geojson(areas.reset_index(drop=True), ["name"]), style_function=lambda _, s=style: s,
                       tooltip=folium.GeoJsonTooltip(fields=["name"], aliases=[stage_label(str(stage), lang)]),
                       ).add_to(group)  # fmt: skip
        group.add_to(m)
    if len(frame):
        # the view set on the map itself: Leaflet's fitBounds ran before streamlit-folium sized the frame
        minx, miny, maxx, maxy = frame.to_crs(4326).total_bounds
        m.location = [(miny + maxy) / 2, (minx + maxx) / 2]
        m.options["zoom"] = view_zoom(maxx - minx, maxy - miny)
    return m


def view_zoom(width_deg: float, height_deg: float, px: tuple[int, int] = (640, 380)) -> int:
    """The web-map zoom at which a box of ``width_deg`` x ``height_deg`` (WGS84, around 52° N) fits ``px``."""
    per_tile = 360 / 256  # degrees of longitude per pixel at zoom 0
    fits = [z for z in range(6, 15) if width_deg / (per_tile / 2**z) <= px[0]
            and height_deg * 1.62 / (per_tile / 2**z) <= px[1]]  # fmt: skip
    return max(fits, default=6)


def _day(value: object) -> str:
    return "" if value is None or pd.isna(value) else f"{pd.Timestamp(value):%d-%m-%Y}"


def overview_tab(store: GuardedStore, lang: str) -> None:
    """Filters, the map and the table of all areas the role may follow."""
    frame = overview_frame(store, lang)
    all_munis = sorted({m for text in frame["municipalities"] for m in text.split(", ") if m})
    stages = sorted(set(frame["stage"]), key=stage_order)
    left, right = st.columns(2)
    everything = t("km_filter_all", lang)
    chosen_munis = left.multiselect(t("km_filter_municipality", lang), all_munis, key="km_filter_muni",
                                    placeholder=everything)  # fmt: skip
    chosen_stages = right.multiselect(t("km_filter_stage", lang), stages, key="km_filter_stage",
                                      format_func=lambda s: stage_label(s, lang), placeholder=everything)  # fmt: skip
    keep = [
        (not chosen_munis or bool(set(m.split(", ")) & set(chosen_munis))) and (not chosen_stages or s in chosen_stages)
        for m, s in zip(frame["municipalities"], frame["stage"], strict=True)
    ]
    shown = frame[keep]
    swatches = " ".join(
        f'<span style="color:{stage_colour(s)}">&#9632;</span>&nbsp;{html.escape(stage_label(s, lang))}' for s in stages
    )
    st.caption(t("km_map_caption", lang, legend=swatches), unsafe_allow_html=True)
    # a new key when the selection changes: the map is drawn afresh and fits the areas shown
    digest = hashlib.sha256(",".join(map(str, shown["id"])).encode()).hexdigest()[:12]
    map_widget.static_map(_stage_map(store, shown, lang), key=f"km_overview_map_{digest}", height=420)
    if shown.empty:
        st.info(t("km_no_match", lang))
        return
    table = pd.DataFrame({
        t("km_col_area", lang): shown["name"],
        t("km_col_stage", lang): [stage_label(s, lang) for s in shown["stage"]],
        t("km_col_municipalities", lang): shown["municipalities"],
        t("km_col_status", lang): shown["status"],
        t("km_col_granted", lang): [_day(v) for v in shown["granted_on"]],
        t("km_col_renewal", lang): [_day(v) for v in shown["expires_on"]],
    })  # fmt: skip
    st.dataframe(table, hide_index=True, width="stretch", key="km_overview_table")


def public_overview(store: GuardedStore, lang: str) -> None:
    """What the public sees: the Keurmerk holders and the municipalities taking part; nothing else."""
    st.caption(t("km_public_note", lang))
    st.subheader(t("km_holders", lang))
    marks = store.keurmerk_overview()
    if marks.empty:
        st.info(t("km_no_holders", lang))
    else:
        holders = pd.DataFrame({
            t("km_col_area", lang): marks["area_name"],
            t("km_col_municipalities", lang): [", ".join(m) for m in marks["municipalities"]],
            t("km_col_granted", lang): [_day(v) for v in marks["granted_on"]],
            t("km_col_renewal", lang): [_day(v) for v in marks["expires_on"]],
        })  # fmt: skip
        st.dataframe(holders, hide_index=True, width="stretch", key="km_holders_table")
    st.subheader(t("km_active_municipalities", lang))
    areas, munis = store.areas(), store.municipalities()
    active = sorted({name for geom in areas.geometry for name in municipality_names(geom, munis)})
    if active:
        st.markdown("\n".join(f"- {plain(name)}" for name in active))
    else:
        st.caption(t("km_no_active", lang))


__all__ = ["STAGE_COLOURS", "overview_frame", "overview_tab", "public_overview", "stage_colour", "view_zoom"]
