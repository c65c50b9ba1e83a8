"""Each area's process stage as the signed-in role derives it from the data (``gis.partnership.progress``), for
the home map's tooltip and the area export. The stored ``areas.process_status`` is set once, when an area is
made, and never follows the process; it is not shown anywhere any more.

Kept for a minute per role, scope and version of the areas and code lists: the home map reruns on every pan,
and a new stage shows within that minute (the Keurmerk page's overview shows it at once).
"""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st

from gis.domain.roles import Action, PermissionDenied, can
from gis.store.guard import GuardedStore
from gis.ui.cache import areas_fingerprint
from gis.ui.keurmerk_overview import cached_progress
from gis.ui.keurmerk_progress import stage_label
from gis.ui.partnership_page import partnership_areas

FIELD = "process_status"  # the property (and export column) that carries the stage


@st.cache_data(ttl=60, show_spinner=False, max_entries=256)
def _stages(_store: GuardedStore, key: tuple, lang: str, today: date) -> dict[int, str]:
    codes, out = _store.codes_version(), {}
    keep = set(partnership_areas(_store)["id"])  # the areas in the role's scope (the others: no stage at all)
    for area in _store.areas().itertuples():
        if int(area.id) not in keep:
            continue
        try:
            out[int(area.id)] = stage_label(cached_progress(_store, area, today, codes).stage, lang)
        except PermissionDenied:  # out of the role's scope, or the role does not follow partnerships
            continue
    return out


def area_stages(store: object, lang: str, today: date | None = None) -> dict[int, str]:
    """Area id -> its stage in ``lang``, for the areas whose process the role may follow (none for a bare
    store: only a signed-in role has a view of the process)."""
    if not isinstance(store, GuardedStore) or not can(store.principal, Action.VIEW, "partnership"):
        return {}  # the public reads no process (every step would look undone to it)
    p = store.principal
    key = (p.user, p.role.value, tuple(sorted(p.scope)), store.codes_version(), areas_fingerprint(store.areas()))
    return _stages(store, key, lang, today or date.today())


def with_stages(geojson: dict, stages: dict[int, str]) -> dict:
    """The areas' GeoJSON (a copy) with each feature's stage, "—" for an area the role cannot follow; without
    the property at all when the role follows none (the map's tooltip then shows the name only)."""
    features = []
    for feature in geojson.get("features", []):
        props = {k: v for k, v in feature.get("properties", {}).items() if k != FIELD}
        if stages:
            props[FIELD] = html.escape(stages.get(int(props.get("id", -1)), "—"))  # shown as HTML by folium
        features.append({**feature, "properties": props})
    return {**geojson, "features": features}


def stage_column(areas: pd.DataFrame, stages: dict[int, str]) -> pd.DataFrame:
    """``areas`` with the derived stage in ``process_status`` (empty where the role cannot follow it)."""
    return areas.assign(**{FIELD: [stages.get(int(i), "") for i in areas["id"]]})
