"""The Regionaal overzicht tab of the Keurmerk page: a map of the areas coloured by stage (``gis.maps.stage_map``)
and a table (stage, municipalities, Keurmerk status and date, renewal due) with filters per municipality and stage;
and the public view: only the list of Keurmerk holders and the active municipalities, nothing behind them.
"""

from __future__ import annotations

import hashlib
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from gis.domain.roles import PermissionDenied
from gis.i18n import t
from gis.maps.stage_map import stage_map
from gis.partnership.facts import area_facts, facts_fingerprint
from gis.partnership.progress import AreaProgress, area_progress
from gis.store.guard import GuardedStore
from gis.store.partnership_keurmerk import municipality_names
from gis.ui import map_widget
from gis.ui.cache import region_boundaries
from gis.ui.keurmerk_progress import stage_label, stage_order
from gis.ui.partnership_page import partnership_areas
from gis.ui.text import plain


@st.cache_data(ttl=300, show_spinner=False, max_entries=512)
def _progress(_store: GuardedStore, _facts: dict, key: tuple, area_id: int, today: date) -> AreaProgress:
    return area_progress(_store, area_id, today, _facts)


def cached_progress(store: GuardedStore, area: Any, today: date, codes: str) -> AreaProgress:
    """The progress of ``area`` (a row of ``store.areas()``), kept while the role, its scope, the area and what
    the role reads of it (``area_facts``) stay the same. Survey answers only the released figures tell (roles
    that do not read the answers) are not in the key: a change there shows within five minutes (``ttl``)."""
    p, facts = store.principal, area_facts(store, int(area.id))
    geom = area.geometry
    shape = "" if geom is None or geom.is_empty else f"{geom.area:.0f}"
    key = (p.user, p.role.value, tuple(sorted(p.scope)), codes, str(area.name), shape, facts_fingerprint(facts))
    return _progress(store, facts, key, int(area.id), today)


def overview_frame(store: GuardedStore, lang: str, today: date | None = None) -> gpd.GeoDataFrame:
    """Every area the role may follow: name, stage, municipalities, Keurmerk status, granted and renewal dates."""
    today = today or date.today()
    areas, munis = store.areas(), store.municipalities()
    marks, codes = store.keurmerk_overview(), store.codes_version()
    held = {int(r.area_id): r for r in marks.itertuples()}
    keep = set(partnership_areas(store)["id"])
    rows = []
    for area in areas.itertuples():
        if int(area.id) not in keep:
            continue
        try:
            stage = cached_progress(store, area, today, codes).stage
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
    st.caption(t("km_map_caption", lang))
    # a new key when the selection changes: the map is drawn afresh and fits the areas shown
    digest = hashlib.sha256(",".join(map(str, shown["id"])).encode()).hexdigest()[:12]
    munis, _ = region_boundaries(store)
    chart = stage_map(munis, shown, lang, lambda s: stage_label(s, lang))
    map_widget.static_map(chart, key=f"km_overview_map_{digest}", height=420)
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


__all__ = ["cached_progress", "overview_frame", "overview_tab", "public_overview"]
