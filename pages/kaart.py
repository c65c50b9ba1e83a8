"""Home: one map of the region with boundaries, PPS areas, barns, dumpings and incidents."""

import streamlit as st

from gis.i18n import fmt_count, fmt_distance, fmt_int, t
from gis.maps.home import REGION_ZOOM, base_map, cell_legend, data_groups
from gis.overview import overview
from gis.ui.cache import area_geojson, region_boundaries
from gis.ui.filters import layer_toggles, sidebar_filters
from gis.ui.map_widget import show_map
from gis.ui.state import page_start, raw_layers

store, L = page_start("app_title", page="kaart")
filters = sidebar_filters(store, L)
layers, counts = layer_toggles(store, filters, L)
munis, provs = region_boundaries(store)
areas = area_geojson(store)


# Only the map reruns on pan/zoom (st.fragment); the sidebar and counts do not.
@st.fragment
def home_map() -> None:
    view = st.session_state.get("home_map") or {}
    views = overview(store, filters, layers, view.get("bounds"), view.get("zoom") or REGION_ZOOM, raw_layers(store))
    base = base_map(munis, provs, areas, L)
    show_map(base, data_groups(views, L), key="home_map", height=620)
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
            legend = " · ".join(f"<span style='color:{c}'>■</span> {r}" for c, r in cell_legend(v))
            st.caption(
                f"**{label}**: {t('shown_as_cells', L, n=fmt_count(v.in_view, L), cell=cell)} — "
                f"{t('cell_classes', L)}: {legend}",
                unsafe_allow_html=True,
            )
    st.caption(t("tiles_note", L))


home_map()
