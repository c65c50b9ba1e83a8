"""The Analyse page's schouw tab (site walk, issue 19 item 4): the walks and findings of the area in numbers,
on a map and in a table; a walk's findings with their photos (copies without EXIF) and what they became; and,
for roles that may record walks, the forms to record a walk and its findings (``analysis_schouw_record``) and
to turn a finding into a dumping report (``analysis_schouw_convert``). Logic: ``gis.analysis.schouw``.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from gis.analysis.schouw import SchouwSummary, converted_to, schouw_summary
from gis.domain.roles import POLICIES, Action
from gis.i18n import t
from gis.maps.schouw_map import walks_map
from gis.store.guard import GuardedStore
from gis.ui import map_widget
from gis.ui.analysis_schouw_convert import convert_controls
from gis.ui.analysis_schouw_record import finding_form, walk_form
from gis.ui.cache import region_boundaries
from gis.ui.downloads import download_button
from gis.ui.state import allowed
from gis.ui.table import show_table
from gis.ui.text import plain


def _area(store: GuardedStore, area_id: int) -> gpd.GeoDataFrame:
    areas = store.areas()
    return areas[areas["id"] == int(area_id)]


def summary_block(summary: SchouwSummary, lang: str) -> None:
    """The walks and findings in one sentence (short on a phone), how many were converted, and the findings per
    category."""
    st.markdown(plain(summary.sentence(lang)))
    if summary.converted:
        st.caption(t("sw_m_converted_n", lang, n=summary.converted))
    if summary.findings:
        table = summary.table().rename(columns={"soort": t("sw_col_category", lang), "aantal": t("sw_col_n", lang)})
        show_table(table[table[t("sw_col_n", lang)] > 0], {t("sw_col_n", lang): 0}, lang, key="sw_by_category")


def walks_table(walks: gpd.GeoDataFrame, findings: pd.DataFrame, lang: str) -> None:
    """The walks of the area: date, day or night, participants, notes, number of findings, route drawn."""
    per_walk = findings.groupby("walk_id").size() if len(findings) else pd.Series(dtype=int)
    frame = pd.DataFrame({
        t("sw_col_id", lang): walks["id"].astype(int),
        t("sw_col_date", lang): pd.to_datetime(walks["walked_on"]).dt.strftime("%d-%m-%Y"),
        t("sw_col_daypart", lang): [t(f"sw_daypart_{d}", lang) for d in walks["daypart"]],
        t("sw_col_participants", lang): walks["participants"].fillna("").astype(str),
        t("sw_col_findings", lang): [int(per_walk.get(int(i), 0)) for i in walks["id"]],
        t("sw_col_route", lang): [t("sw_yes" if g is not None and not g.is_empty else "sw_no", lang)
                                  for g in walks.geometry],
        t("sw_col_notes", lang): walks["notes"].fillna("").astype(str),
    })  # fmt: skip
    show_table(frame, {t("sw_col_id", lang): 0, t("sw_col_findings", lang): 0}, lang, key="sw_walks_table")


def _photos(store: GuardedStore, finding: dict, lang: str) -> None:
    n = int(finding.get("photos") or 0)
    if not n:
        return
    fid = int(finding["id"])
    originals = POLICIES[store.principal.role].see_photo_originals
    cols = st.columns(min(3, n))
    for i in range(n):
        name, mime, data = store.finding_file(fid, i)
        col = cols[i % len(cols)]
        col.image(data, caption=name, width="stretch")
        if originals:
            download_button(t("sw_original", lang), lambda i=i: store.finding_file(fid, i, original=True)[2], name,
                            store=store, resource="schouw", what=f"originele foto {i + 1} van bevinding {fid}",
                            key=f"sw_orig_{fid}_{i}", mime=mime, container=col,
                            icon=":material/download:")  # fmt: skip


def finding_card(store: GuardedStore, finding: dict, lang: str) -> None:
    """One finding: category, note (as typed), photos, and what it became (or the buttons to convert it)."""
    fid = int(finding["id"])
    with st.container(border=True, key=f"sw_finding_{fid}"):
        st.markdown(f"**{t('sw_finding', lang)} {fid}** · {plain(finding['category'])}")
        if finding.get("note"):
            st.text(str(finding["note"]))
        _photos(store, finding, lang)
        done = converted_to(finding.get("became"))
        if done is not None:
            st.success(t(f"sw_became_{done[0]}", lang, id=done[1]), icon=":material/task_alt:")
        else:
            convert_controls(store, finding, lang)


def walk_findings(store: GuardedStore, area_id: int, walks: gpd.GeoDataFrame, findings: pd.DataFrame,
                  area: gpd.GeoDataFrame, lang: str) -> None:  # fmt: skip
    """Choose a walk; its findings, and (for recording roles) the form for a new finding."""
    label = {int(w.id): f"{pd.Timestamp(w.walked_on):%d-%m-%Y} · {t(f'sw_daypart_{w.daypart}', lang)} "
             f"({t('sw_walk', lang).lower()} {int(w.id)})" for w in walks.itertuples()}  # fmt: skip
    if st.session_state.get("sw_walk") not in label:
        st.session_state["sw_walk"] = next(iter(label))
    walk_id = st.selectbox(t("sw_choose_walk", lang), list(label), format_func=lambda i: label[i], key="sw_walk")
    own = findings[findings["walk_id"] == walk_id] if len(findings) else findings
    if own.empty:
        st.caption(t("sw_no_findings", lang))
    for finding in own.to_dict("records"):
        finding_card(store, finding, lang)
    if allowed(store, Action.CREATE, "schouw"):
        walk = walks[walks["id"] == walk_id]
        finding_form(store, walk, area, walks, findings, lang)


def schouw_tab(store: GuardedStore, area_id: int, lang: str) -> None:
    """Draw the tab."""
    if msg := st.session_state.pop("sw_flash", None):
        st.success(msg, icon=":material/check_circle:")
        st.toast(msg, icon=":material/check_circle:")
    walks, findings = store.walks(area_id), store.findings(area_id)
    area = _area(store, area_id)
    summary_block(schouw_summary(walks, findings), lang)
    if allowed(store, Action.CREATE, "schouw"):
        walk_form(store, area_id, area, lang)
    if walks.empty:
        st.info(t("sw_no_walks", lang), icon=":material/directions_walk:")
        return
    munis, _ = region_boundaries(store)
    map_widget.static_map(walks_map(munis, area, walks, findings, lang), key=f"sw_map_{area_id}", height=380)
    st.subheader(t("sw_walks", lang))
    walks_table(walks, findings, lang)
    st.subheader(t("sw_findings", lang))
    walk_findings(store, area_id, walks, findings, area, lang)


__all__ = ["finding_card", "schouw_tab", "summary_block", "walks_table"]
