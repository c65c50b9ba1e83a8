"""Cached, read-mostly map inputs (boundaries as GeoJSON), keyed by plain values."""

from __future__ import annotations

import streamlit as st

from gis.config import database_url
from gis.io.reference import REGION_PROVINCES
from gis.maps.home import boundary_geojson
from gis.store import Store


@st.cache_data(show_spinner=False)
def _boundaries(url: str, _store: Store) -> tuple[dict, dict]:
    munis = _store.municipalities(list(REGION_PROVINCES))
    provs = _store.provinces()
    provs = provs[provs["code"].isin(REGION_PROVINCES)]
    return boundary_geojson(munis, ["name"]), boundary_geojson(provs, ["name"])


def region_boundaries(store: Store) -> tuple[dict, dict]:
    """Municipality and province boundaries of the region as WGS84 GeoJSON (cached per database)."""
    return _boundaries(database_url(), store)


def area_geojson(store: Store) -> dict:
    """The PPS areas as WGS84 GeoJSON (not cached: areas change while the app runs)."""
    return boundary_geojson(store.areas(), ["name", "process_status"], tolerance_m=10.0)
