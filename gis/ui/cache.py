"""Cached, read-mostly map inputs (boundaries as GeoJSON, municipality names, the home base map), keyed by
plain values, so every session of a process reuses what the first one built."""

from __future__ import annotations

import hashlib
import json

import geopandas as gpd
import streamlit as st

from gis.config import database_url
from gis.domain.catalog import Layer
from gis.domain.roles import PermissionDenied
from gis.io.reference import REGION_PROVINCES
from gis.maps.home import base_map, boundary_geojson, geojson_bounds
from gis.overview import LayerView, overview
from gis.store import Filters, Store
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
    """A digest of the PPS areas as drawn (ids, names, geometry): changes whenever an area does."""
    h = hashlib.sha256()
    h.update(areas[["id", "name"]].to_json().encode())
    for wkb in areas.geometry.to_wkb():
        h.update(wkb or b"")
    return h.hexdigest()[:20]


@st.cache_data(show_spinner=False, max_entries=16)
def _area_json(fingerprint: str, _areas: gpd.GeoDataFrame) -> dict:
    return boundary_geojson(_areas, ["id", "name"], tolerance_m=10.0)  # the stage: ``gis.ui.area_stages``


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


def _audience(store: object) -> tuple:
    """Who the answer is for, as far as it can differ: the role and where it applies (the guard shapes and
    releases by role and scope only, never by person), plus each layer's data version (opaque for
    counts-only roles), so a new record shows at once. The bare store (tests) is one audience."""
    principal = getattr(store, "principal", None)
    if principal is None:
        return ("store", tuple(store.data_version(lay) for lay in Layer))  # type: ignore[attr-defined]
    versions = []
    for lay in Layer:
        try:
            versions.append(store.aggregate_source(lay).data_version(lay))  # type: ignore[attr-defined]
        except PermissionDenied:
            versions.append("-")
    return (principal.role.value, tuple(sorted(principal.scope)), tuple(versions))


@st.cache_resource(show_spinner=False, max_entries=512, ttl=900)
def _counts(url: str, audience: tuple, f: Filters, _store: Store) -> dict[Layer, int]:
    return {lay: _store.layer_count(lay, f) for lay in Layer}


def shared_counts(store: Store, f: Filters) -> dict[Layer, int]:
    """Each layer's count in the selection, computed once per audience and selection for all sessions
    (20 people opening the map for one meeting get the same answer from one query)."""
    return _counts(database_url(), _audience(store), f, store)


@st.cache_resource(show_spinner=False, max_entries=512, ttl=900)
def _overview(
    url: str, audience: tuple, f: Filters, layers: tuple[Layer, ...], view: str, zoom: float,
    raw: frozenset[Layer], _store: Store, _bounds: dict | None, _totals: dict[Layer, int],
) -> list[LayerView]:  # fmt: skip
    return overview(_store, f, list(layers), _bounds, zoom, raw, _totals)


def shared_overview(
    store: Store, f: Filters, layers: list[Layer], bounds: dict | None, zoom: float, raw: frozenset[Layer],
    totals: dict[Layer, int],
) -> list[LayerView]:  # fmt: skip
    """``gis.overview.overview`` for this view, shared by every session of the same audience (role, scope,
    data versions) that asks for the same selection and view; the result is read-only."""
    view = json.dumps(bounds, sort_keys=True, default=str)
    return _overview(database_url(), _audience(store), f, tuple(layers), view, float(zoom), raw, store, bounds, totals)
