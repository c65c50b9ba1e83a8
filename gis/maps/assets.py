"""Serve the map's JavaScript and CSS from the app itself, never from public CDNs.

Folium classes name CDN URLs in their ``default_js``/``default_css``; streamlit-folium loads
exactly those lists. ``use_local_assets`` points them at the copies in ``static/vendor`` (served
by Streamlit's static file serving at ``/app/static``), and drops what our maps don't use
(jQuery, Bootstrap, awesome-markers). Any other plugin must be vendored and added here first.
"""

from __future__ import annotations

from collections.abc import Iterator

import folium
import folium.plugins

STATIC_URL = "/app/static/vendor"

_LEAFLET_JS = [("leaflet", f"{STATIC_URL}/leaflet/leaflet.js")]
_LEAFLET_CSS = [("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css")]
_CLUSTER_JS = [("markerclusterjs", f"{STATIC_URL}/leaflet.markercluster/leaflet.markercluster.js")]
_CLUSTER_CSS = [
    ("markerclustercss", f"{STATIC_URL}/leaflet.markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", f"{STATIC_URL}/leaflet.markercluster/MarkerCluster.Default.css"),
]
_DRAW_JS = [("leaflet_draw_js", f"{STATIC_URL}/leaflet-draw/leaflet.draw.js")]
_DRAW_CSS = [("leaflet_draw_css", f"{STATIC_URL}/leaflet-draw/leaflet.draw.css")]

LOCAL_ASSETS: dict[type, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {
    folium.Map: (_LEAFLET_JS, _LEAFLET_CSS),
    folium.plugins.MarkerCluster: (_CLUSTER_JS, _CLUSTER_CSS),
    folium.plugins.FastMarkerCluster: (_CLUSTER_JS, _CLUSTER_CSS),
    folium.plugins.Draw: (_DRAW_JS, _DRAW_CSS),
}


def use_local_assets() -> None:
    """Point every folium class we use at the vendored files (idempotent)."""
    for cls, (js, css) in LOCAL_ASSETS.items():
        cls.default_js = list(js)
        cls.default_css = list(css)


def asset_links(element: folium.Element) -> Iterator[str]:
    """Every JS/CSS URL an element tree asks the browser to load (what streamlit-folium loads)."""
    for child in _walk(element):
        for _, url in getattr(child, "default_js", []):
            yield url
        for _, url in getattr(child, "default_css", []):
            yield url


def _walk(element: folium.Element) -> Iterator[folium.Element]:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


use_local_assets()
