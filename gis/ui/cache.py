"""Cached, read-mostly map inputs (boundaries as GeoJSON, municipality names, the home base map), keyed by
plain values, so every session of a process reuses what the first one built."""

from __future__ import annotations

import hashlib
import json

import geopandas as gpd
import streamlit as st

from gis.config import database_url
from gis.io.reference import REGION_PROVINCES
from gis.maps.home import base_map, boundary_geojson, geojson_bounds
from gis.store import Store
from gis.ui.map_widget import PreparedMap, prepare_map


@st.cache_data(show_spinner=False)
def _boundaries(url: str, _store: Store) -> tuple[dict, dict]:
    munis = _store.municipalities(list(REGION_PROVINCES))
    provs = _store.provinces()
    provs = provs[provs["code"].isin(REGION_PROVINCES)]
    return boundary_geojson(munis, ["name"]), boundary_geojson(provs, ["name"])


def region_boundaries(store: Store) -> tuple[dict, dict]:
    """Municipality and province boundaries of the region as WGS84 GeoJSON (cached per database)."""
    return _boundaries(database_url(), store)


@st.cache_data(show_spinner=False)
def _region_bounds(url: str, _store: Store) -> list[list[float]] | None:
    return geojson_bounds(region_boundaries(_store)[1])


def region_bounds(store: Store) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` of the region's provinces (cached per database)."""
    return _region_bounds(database_url(), store)


@st.cache_data(show_spinner=False)
def _names(url: str, _store: Store) -> dict[str, str]:
    munis = _store.municipalities()
    return {str(c): str(n) for c, n in zip(munis["code"], munis["name"], strict=True)}


def municipality_names(store: Store) -> dict[str, str]:
    """Municipality code -> name (``GM0285`` -> ``Berkelland``), cached per database."""
    return _names(database_url(), store)


def areas_fingerprint(areas: gpd.GeoDataFrame) -> str:
    """A digest of the PPS areas as drawn (ids, names, status, geometry): changes whenever an area does."""
    h = hashlib.sha256()
    h.update(areas[["id", "name", "process_status"]].to_json().encode())
    for wkb in areas.geometry.to_wkb():
        h.update(wkb or b"")
    return h.hexdigest()[:20]


@st.cache_data(show_spinner=False, max_entries=16)
def _area_json(fingerprint: str, _areas: gpd.GeoDataFrame) -> dict:
    return boundary_geojson(_areas, ["id", "name", "process_status"], tolerance_m=10.0)


def area_geojson(store: Store) -> dict:
    """The PPS areas as WGS84 GeoJSON (read each run, as areas change while the app runs; converted once
    per version of the areas)."""
    areas = store.areas()
    return _area_json(areas_fingerprint(areas), areas)


@st.cache_resource(show_spinner=False, max_entries=16)
def _home_base(url: str, areas_key: str, lang: str, _munis: dict, _provs: dict, _areas: dict) -> PreparedMap:
    return prepare_map(base_map(_munis, _provs, _areas, lang))


def home_base_map(store: Store, areas: dict, lang: str) -> PreparedMap:
    """The home map's stable base (basemaps, boundaries, PPS areas) rendered once per process, language and
    version of the areas; every session sends the same script, so the map is built only once."""
    munis, provs = region_boundaries(store)
    key = hashlib.sha256(json.dumps(areas, sort_keys=True).encode()).hexdigest()[:20]
    return _home_base(database_url(), key, lang, munis, provs, areas)
