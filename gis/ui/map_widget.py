"""The one place that calls streamlit-folium, so tests can replace it (AppTest cannot run it).

``returned_objects=["bounds", "zoom"]``: only a finished pan/zoom sends a value back (no reruns
for clicks or hovers), and the caller wraps the map in ``st.fragment`` so that value reruns the
map alone, not the whole page. A base map that every session shows alike can be rendered once
(``prepare_map``, cached by the caller) instead of on every run: ``show_map`` then sends the
prepared script and renders only the changing feature groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium
import streamlit as st
import streamlit_folium
from streamlit_folium import st_folium

VIEW_OBJECTS = ["bounds", "zoom"]


@dataclass(frozen=True)
class PreparedMap:
    """A base map rendered once into what streamlit-folium's frontend needs (read-only, shareable)."""

    script: str
    html: str
    header: str
    map_id: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]
    hash_seed: str


def prepare_map(m: folium.Map) -> PreparedMap:
    """Render ``m`` as ``st_folium`` would (script, html, header, asset links); ``m`` is used up."""
    sf = streamlit_folium
    m.get_root().render()
    m.render()
    html, header = sf._get_html(m), sf._get_header(m)
    script = sf._get_map_string(m)
    css: list[str] = []
    js: list[str] = []
    stack: list[Any] = [m]
    while stack:
        elem = stack.pop(0)
        if isinstance(elem, folium.elements.JSCSSMixin):
            css.extend(href for _, href in getattr(elem, "default_css", []))
            js.extend(src for _, src in getattr(elem, "default_js", []))
        stack.extend(getattr(elem, "_children", {}).values())
    return PreparedMap(script, html, header, sf.get_full_id(m), tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js)),
                       sf.generate_js_hash(script, None, False))  # fmt: skip


def group_script(groups: list[folium.FeatureGroup]) -> str:
    """The feature groups as the script streamlit-folium's frontend adds to (and removes from) the map."""
    holder = folium.Map(tiles=None)
    return "".join(streamlit_folium._get_feature_group_string(g, map=holder, idx=i) for i, g in enumerate(groups))


def _show_prepared(base: PreparedMap, groups: list[folium.FeatureGroup], key: str, height: int) -> dict[str, Any]:
    element_key = f"{base.hash_seed}-{key}"

    def on_change() -> None:
        st.session_state[key] = st.session_state.get(element_key, {})

    value = streamlit_folium._component_func(
        script=base.script, header=base.header, html=base.html, id=base.map_id, key=element_key, height=height,
        width=None, returned_objects=VIEW_OBJECTS, default=dict.fromkeys(VIEW_OBJECTS), zoom=None, center=None,
        feature_group=group_script(groups) if groups else None, return_on_hover=False, layer_control=None,
        pixelated=False, css_links=list(base.css_links), js_links=list(base.js_links), on_change=on_change,
        wrap_longitude=False,
    )  # fmt: skip
    return value or {}


def show_map(
    base: folium.Map | PreparedMap,
    groups: list[folium.FeatureGroup],
    key: str,
    height: int = 600,
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
) -> dict[str, Any]:
    """Render ``base`` with the changing ``groups``; returns the last view (bounds, zoom).

    A ``PreparedMap`` is sent as it is (``center``/``zoom`` are then not used: the groups can zoom).
    """
    if isinstance(base, PreparedMap):
        return _show_prepared(base, groups, key, height)
    return (
        st_folium(
            base,
            key=key,
            height=height,
            use_container_width=True,
            feature_group_to_add=groups,
            returned_objects=VIEW_OBJECTS,
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
