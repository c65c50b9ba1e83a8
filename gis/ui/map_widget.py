"""The one place that calls streamlit-folium, so tests can replace it (AppTest cannot run it).

``returned_objects=["bounds", "zoom"]``: only a finished pan/zoom sends a value back (no reruns
for clicks or hovers), and the caller wraps the map in ``st.fragment`` so that value reruns the
map alone, not the whole page.
"""

from __future__ import annotations

from typing import Any

import folium
import streamlit as st
from streamlit_folium import st_folium


def show_map(
    base: folium.Map,
    groups: list[folium.FeatureGroup],
    key: str,
    height: int = 600,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
) -> dict[str, Any]:
    """Render ``base`` with the changing ``groups``; returns the last view (bounds, zoom)."""
    return (
        st_folium(
            base,
            key=key,
            height=height,
            use_container_width=True,
            feature_group_to_add=groups,
            returned_objects=["bounds", "zoom"],
            center=center,
            zoom=zoom,
        )
        or {}
    )


def draw_map(base: folium.Map, groups: list[folium.FeatureGroup], key: str, height: int = 560) -> list[dict] | None:
    """Render an editor map with Draw tools; returns all drawn features (None until the first change).

    Only ``all_drawings`` comes back, so panning and zooming never rerun the page.
    """
    value = st_folium(
        base,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=groups or None,
        returned_objects=["all_drawings"],
    )
    return (value or {}).get("all_drawings")


def click_map(
    base: folium.Map, key: str, height: int = 420, center: tuple[float, float] | None = None, zoom: int | None = None
) -> dict[str, float] | None:
    """Render a map on which a click (or the locate button) picks a place; returns ``{"lat", "lng"}``."""
    value = st_folium(
        base, key=key, height=height, use_container_width=True, returned_objects=["last_clicked"],
        center=center, zoom=zoom,
    )  # fmt: skip
    return (value or {}).get("last_clicked")


def static_map(base: folium.Map, key: str, height: int = 420) -> None:
    """Render a map that sends nothing back (panning never reruns the page)."""
    st_folium(base, key=key, height=height, use_container_width=True, returned_objects=[])


def last_click(key: str) -> dict[str, float] | None:
    """The last click that the map with ``key`` reported (read before the map is drawn again)."""
    value = st.session_state.get(key)
    return value.get("last_clicked") if isinstance(value, dict) else None
