"""Gebieden (step A1): draw, import, edit, describe, version, export and delete PPS area boundaries."""

import streamlit as st

from gis.domain.roles import Action
from gis.i18n import t
from gis.ui import area_admin, area_editor
from gis.ui.state import allowed, page_start

store, L = page_start("ar_title", page="gebieden")
may = {a: allowed(store, a, "areas") for a in (Action.CREATE, Action.UPDATE, Action.DELETE, Action.EXPORT)}
area_editor.show_flash()
area_id = area_editor.pick_area(store, L)
draft = area_editor.draft_for(store, area_id)
area_editor.sources(store, draft, L)
left, right = st.columns([3, 2], gap="medium")
with left:
    current = area_editor.editor(store, draft, L, area_admin.compare_geometry(store, draft.area_id))
with right:
    area_editor.facts(store, current, L)
    area_editor.operations(store, draft, current, L)
if may[Action.UPDATE if draft.area_id else Action.CREATE]:
    area_editor.save_form(store, draft, current, L)
else:
    st.info(t("ar_read_only", L), icon=":material/visibility:")
if draft.area_id:
    area_admin.versions(store, draft.area_id, L, may[Action.UPDATE])
if may[Action.EXPORT]:
    area_admin.exports(store, draft.area_id or None, L)
if may[Action.DELETE]:
    if draft.area_id:
        area_admin.delete(store, draft.area_id, L)
    area_admin.deleted(store, L)
st.caption(t("ar_footer", L))
