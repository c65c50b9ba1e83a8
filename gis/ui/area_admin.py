"""The Gebieden page's history side: versions (compare, restore), export, soft delete and undo."""

from __future__ import annotations

from functools import partial

import pandas as pd
import shapely
import streamlit as st

from gis.delineation import version_table
from gis.i18n import t
from gis.io.area_export import export_areas, export_filename, mime_type
from gis.store import Store, StoreError
from gis.ui.area_editor import flash
from gis.ui.area_stages import area_stages, stage_column
from gis.ui.downloads import download_button
from gis.ui.state import require_user
from gis.ui.text import plain


def _compare_key(area_id: int | None) -> str:
    return f"ar_compare_{area_id}_{st.session_state.get('ar_compare_gen', 0)}"


def compare_geometry(store: Store, area_id: int | None) -> shapely.Geometry | None:
    """The old version chosen for comparison (read before the map is drawn), or None."""
    version = st.session_state.get(_compare_key(area_id))
    if not area_id or not version:
        return None
    versions = store.area_versions(area_id)
    hit = versions[versions["version"] == version]
    return None if hit.empty else hit.geometry.iloc[0]


def versions(store: Store, area_id: int, lang: str, may_restore: bool = True) -> None:
    """The version history with what each version changed; compare one on the map; restore one."""
    table = version_table(store, area_id)
    st.subheader(t("ar_versions", lang))
    shown = pd.DataFrame({
        t("ar_version", lang): table["version"], t("f_name", lang): table["name"],
        t("ar_by", lang): table["changed_by"], t("ar_when", lang): table["changed_at"],
        t("ar_why", lang): table["reason"], t("ar_ha", lang): table["ha"],
        t("ar_added", lang): table["added_ha"], t("ar_removed", lang): table["removed_ha"],
    })  # fmt: skip
    when = st.column_config.DatetimeColumn(format="DD-MM-YYYY HH:mm")
    st.dataframe(shown, hide_index=True, width="stretch", column_config={t("ar_when", lang): when})
    older = [int(v) for v in table["version"].iloc[1:]]
    if not older:
        st.caption(t("ar_one_version", lang))
        return
    c1, c2 = st.columns(2)
    label = lambda v: t("ar_compare_none", lang) if v == 0 else t("ar_version_n", lang, n=v)  # noqa: E731
    c1.selectbox(t("ar_compare", lang), [0, *older], key=_compare_key(area_id), format_func=label)
    if not may_restore:
        return
    with c2.form(f"ar_restore_{area_id}"):
        version = st.selectbox(t("ar_restore_which", lang), older,
                               format_func=lambda v: t("ar_version_n", lang, n=v))  # fmt: skip
        reason = st.text_input(t("ar_reason", lang), max_chars=500)
        if st.form_submit_button(t("ar_restore", lang), icon=":material/history:"):
            user = require_user(lang)
            if not user:
                return
            new = store.restore_area_version(area_id, version, user, reason.strip())
            flash("success", t("ar_restored", lang, version=version, new=new))
            st.session_state.pop("ar_draft", None)
            st.session_state["ar_compare_gen"] = st.session_state.get("ar_compare_gen", 0) + 1
            st.rerun()


def exports(store: Store, area_id: int | None, lang: str) -> None:
    """Download buttons: the area (or all areas) as GeoJSON and GeoPackage, RD New and WGS84."""
    areas = store.areas()
    chosen = areas[areas["id"] == area_id] if area_id else areas
    if chosen.empty:
        return
    chosen = stage_column(chosen, area_stages(store, lang))  # the stage as derived, not the stored first one
    label = chosen["name"].iloc[0] if area_id else "pps-gebieden"
    st.subheader(t("ar_export", lang))
    cols = st.columns(4)
    for i, (fmt, system) in enumerate((("geojson", "rd"), ("geojson", "wgs84"), ("gpkg", "rd"), ("gpkg", "wgs84"))):
        download_button(
            t(f"ar_export_{fmt}_{system}", lang), partial(export_areas, chosen, fmt, system),
            export_filename(label, fmt, system), store=store, resource="areas", what=f"{label} als {fmt} ({system})",
            key=f"ar_dl_{fmt}_{system}", mime=mime_type(fmt), container=cols[i], icon=":material/download:",
            width="stretch",
        )  # fmt: skip
    st.caption(t("ar_export_help", lang))


def delete(store: Store, area_id: int, lang: str) -> None:
    """Soft delete with a reason (can be undone below)."""
    with st.expander(t("ar_delete", lang), icon=":material/delete:"), st.form(f"ar_delete_{area_id}"):
        reason = st.text_input(t("ar_delete_reason", lang), max_chars=500)
        if st.form_submit_button(t("ar_delete_button", lang)):
            user = require_user(lang)
            if not user:
                return
            try:
                store.delete_area(area_id, user, reason)
            except StoreError as exc:
                st.error(plain(exc))
                return
            flash("info", t("ar_deleted", lang))
            st.session_state["ar_select"] = 0
            st.rerun()


def deleted(store: Store, lang: str) -> None:
    """Deleted areas, with who/when/why, and a button to bring one back."""
    gone = store.deleted_areas()
    if gone.empty:
        return
    with st.expander(t("ar_deleted_list", lang, n=len(gone)), icon=":material/restore_from_trash:"):
        st.dataframe(pd.DataFrame({
            t("f_name", lang): gone["name"], t("ar_when", lang): gone["deleted_at"],
            t("ar_by", lang): gone["deleted_by"], t("ar_why", lang): gone["delete_reason"],
        }), hide_index=True, width="stretch")  # fmt: skip
        names = dict(zip(gone["id"].astype(int), gone["name"], strict=True))
        which = st.selectbox(t("ar_undelete_which", lang), list(names), format_func=names.get, key="ar_undel")
        if st.button(t("ar_undelete", lang), icon=":material/restore:"):
            store.undelete_area(which)
            flash("success", t("ar_undeleted", lang))
            st.session_state["ar_select"] = which
            st.rerun()
