"""Home: one map of the region with boundaries, PPS areas, barns, dumpings and incidents."""

import streamlit as st

from gis.i18n import fmt_count, fmt_distance, fmt_int, t
from gis.maps.home import REGION_ZOOM, cell_legend, geojson_bounds, home_groups
from gis.maps.schouw_map import findings_layer
from gis.overview import zoom_for_bounds
from gis.ui.analysis_schouw_layer import findings_toggle
from gis.ui.area_stages import area_stages, with_stages
from gis.ui.cache import area_geojson, home_base_map, municipality_names, region_bounds, shared_overview
from gis.ui.filters import boundary_toggles, layer_toggles, sidebar_filters
from gis.ui.map_widget import show_map
from gis.ui.state import page_start, raw_layers, store_faults

store, L = page_start("app_title", page="kaart")
filters = sidebar_filters(store, L)
layers, counts = layer_toggles(store, filters, L)
findings = findings_toggle(store, filters, L)  # the schouw findings, for roles that see site walks
boundaries = boundary_toggles(L)
areas = with_stages(area_geojson(store), area_stages(store, L))  # the stage as the role derives it

# A new area choice zooms the map there once, and the view the map reported before no longer counts.
state = st.session_state
if state.get("home_area", "-") != filters.area_id:
    if "home_area" in state:
        state["home_fit"] = state.get("home_fit", 0) + 1
    state["home_area"] = filters.area_id
    state["home_stale_view"] = state.get("home_map")
fit_to = geojson_bounds(areas, filters.area_id) if filters.area_id is not None else None
fit = (state["home_fit"], fit_to or region_bounds(store)) if "home_fit" in state else None


# Only the map reruns on pan/zoom (st.fragment); the sidebar and counts do not.
@st.fragment
@store_faults()
def home_map() -> None:
    view = st.session_state.get("home_map") or {}
    if view == (st.session_state.get("home_stale_view") or {}):
        view = {}
    zoom = view.get("zoom") or (zoom_for_bounds(fit_to) if fit_to else REGION_ZOOM)
    views = shared_overview(store, filters, layers, view.get("bounds"), zoom, raw_layers(store), counts)
    groups = home_groups(views, boundaries, L, municipality_names(store), fit, findings_layer(findings, L))
    show_map(home_base_map(store, areas, L), groups, key="home_map", height=620)
    for v in views:
        label = t(f"layer_{v.layer.value}", L)
        if v.mode == "points":
            shown = (
                t("shown_as_point_one", L)
                if len(v.points) == 1
                else t("shown_as_points", L, n=fmt_int(len(v.points), L))
            )
            st.caption(f"**{label}**: {shown}")
        else:
            cell = fmt_distance(v.cell_m, L)
            legend = " · ".join(f"<span style='color:{c}'>■</span> {r}" for c, r in cell_legend(v, L))
            st.caption(
                f"**{label}**: {t('shown_as_cells', L, n=fmt_count(v.in_view, L), cell=cell)} — "
                f"{t('cell_classes', L)}: {legend}",
                unsafe_allow_html=True,
            )
    if findings is not None:
        n = len(findings)
        shown = t("shown_as_point_one", L) if n == 1 else t("shown_as_points", L, n=fmt_int(n, L))
        st.caption(f"**{t('sw_layer', L)}**: {shown}")
    st.caption(t("tiles_note", L))


home_map()
