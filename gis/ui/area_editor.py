"""The Gebieden page's editor: pick an area or start a new one, draw/import/edit, describe, save.

All geometry work is in ``gis.delineation`` and ``gis.area_draft``; this module only lays out
widgets and keeps the draft in the session.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pandas as pd
import shapely
import streamlit as st

from gis.area_draft import Draft
from gis.delineation import (
    ACTIVITY_KINDS,
    Activities,
    apply_operation,
    create_area,
    decode_activities,
    describe,
    from_file,
    from_municipalities,
    netherlands,
    update_area,
)
from gis.domain.catalog import Layer
from gis.geo.areas import AreaError, Checked
from gis.i18n import fmt_count, t
from gis.io.area_files import AreaFileError, layers_of, read_area_file
from gis.io.reference import REGION_PROVINCES
from gis.maps.area_map import editor_map, is_editable
from gis.maps.home import REGION_ZOOM, boundary_geojson, data_groups
from gis.overview import overview
from gis.store import Filters, Store
from gis.ui import map_widget
from gis.ui.cache import region_boundaries
from gis.ui.state import raw_layers, signed_user
from gis.ui.text import plain

NEW = 0  # the "new area" choice in the area picker


def flash(kind: str, text: str) -> None:
    """Show ``text`` once after the next rerun (success/info after a save)."""
    st.session_state["ar_flash"] = (kind, text)


def show_flash() -> None:
    """Show a message left by the previous run."""
    kind, text = st.session_state.pop("ar_flash", (None, None))
    if kind:
        getattr(st, kind)(text)


def pick_area(store: Store, lang: str) -> int:
    """The area picker (``NEW`` for a new area); honours a selection requested by the last action."""
    areas = store.areas()
    names = dict(zip(areas["id"].astype(int), areas["name"], strict=True))
    if "ar_select" in st.session_state:
        st.session_state["ar_area"] = st.session_state.pop("ar_select")
    if st.session_state.get("ar_area") not in (NEW, *names):
        st.session_state["ar_area"] = NEW
    return st.selectbox(
        t("ar_pick", lang), options=[NEW, *names], key="ar_area",
        format_func=lambda i: t("ar_new", lang) if i == NEW else names[i],
    )  # fmt: skip


def draft_for(store: Store, area_id: int) -> Draft:
    """The session's draft for ``area_id``; a fresh one (with the saved boundary) when it changed."""
    draft: Draft | None = st.session_state.get("ar_draft")
    if draft is None or (draft.area_id or NEW) != area_id:
        rev = draft.rev + 1 if draft else 0
        draft = Draft(area_id=area_id or None, rev=rev)
        if area_id:
            areas = store.areas()
            draft.set(Checked(areas[areas["id"] == area_id].geometry.iloc[0]), keep_history=False)
        st.session_state["ar_draft"] = draft
    return draft


def _file_source(store: Store, draft: Draft, lang: str) -> None:
    up = st.file_uploader(t("ar_file", lang), type=["geojson", "json", "gpkg", "zip", "kml"], key="ar_upload")
    st.caption(t("ar_file_help", lang))
    if up is None:
        return
    data = up.getvalue()
    try:
        layer = None
        if up.name.lower().endswith(".gpkg"):
            layer = st.selectbox(t("ar_file_layer", lang), layers_of(up.name, data), key="ar_upload_layer")
        frame = read_area_file(up.name, data, layer)
    except (AreaFileError, AreaError) as exc:
        st.error(plain(exc))
        return
    labels = [f"{i + 1}. {n}" if n else f"{i + 1}." for i, n in enumerate(frame["name"].fillna(""))]
    digest = hashlib.sha256(data).hexdigest()[:8]
    every = list(range(len(frame)))
    rows = st.multiselect(t("ar_file_rows", lang), options=every, default=every, format_func=lambda i: labels[i],
                          key=f"ar_rows_{digest}", placeholder=t("choose", lang))  # fmt: skip
    if st.button(t("ar_use_file", lang), icon=":material/upload_file:"):
        _set(draft, lambda: from_file(store, up.name, data, layer, rows))


def _set(draft: Draft, build: Callable[[], Checked]) -> None:
    try:
        checked = build()
    except AreaError as exc:
        st.error(plain(exc))
        return
    draft.set(checked)
    st.rerun()


def sources(store: Store, draft: Draft, lang: str) -> None:
    """Where a boundary comes from: the drawing tools, CBS municipalities, or a file."""
    options = ["draw", "municipalities", "file"]
    how = st.radio(t("ar_source", lang), options, horizontal=True, key="ar_source",
                   format_func=lambda o: t(f"ar_source_{o}", lang))  # fmt: skip
    if how == "draw":
        st.caption(t("ar_draw_help", lang))
    elif how == "municipalities":
        munis = store.municipalities(list(REGION_PROVINCES))
        names = dict(zip(munis["code"], munis["name"], strict=True))
        codes = st.multiselect(t("ar_municipalities", lang), list(names), format_func=names.get, key="ar_src_munis",
                               placeholder=t("choose", lang))  # fmt: skip
        if st.button(t("ar_use_municipalities", lang), disabled=not codes, icon=":material/join:"):
            _set(draft, lambda: from_municipalities(store, codes))
    else:
        _file_source(store, draft, lang)


def editor(store: Store, draft: Draft, lang: str, compare: shapely.Geometry | None = None) -> Checked | None:
    """The map with the draft; returns the current draft, checked (None when there is none)."""
    munis, _ = region_boundaries(store)
    others = store.areas()
    others = others[others["id"] != (draft.area_id or -1)]
    areas = boundary_geojson(others, ["name"], tolerance_m=10.0)
    groups = []
    if st.session_state.get("ar_context", True):
        views = overview(store, Filters(), list(Layer), None, REGION_ZOOM, raw_layers(store))
        groups = data_groups(views, lang)
    fmap = editor_map(munis, areas, draft.shown_geom, compare, lang)
    drawings = map_widget.draw_map(fmap, groups, key=f"ar_map_{draft.area_id or 0}_{draft.rev}")
    st.checkbox(t("ar_context", lang), value=True, key="ar_context")
    shown = draft.shown_geom
    if shown is not None and not is_editable(shown):
        st.info(t("ar_not_editable", lang), icon=":material/info:")
    try:
        current, _ = draft.current(drawings, netherlands(store))
    except AreaError as exc:
        st.error(plain(exc))
        return None
    return current


def _op_button(store: Store, draft: Draft, current: Checked | None, label: str, op: str, value: object) -> None:
    if st.button(label, disabled=current is None or not value, key=f"ar_op_{op}", width="stretch"):
        try:
            result = apply_operation(store, current.geometry, op, value)  # type: ignore[union-attr]
        except AreaError as exc:
            st.error(plain(exc))
            return
        if current is not None and current.geometry.wkb != (draft.shown or b""):
            draft.set(current)  # keep the hand-drawn version in the undo history
        draft.set(result)
        st.rerun()


def operations(store: Store, draft: Draft, current: Checked | None, lang: str) -> None:
    """Buffer, clip, merge and simplify, plus undo and clear."""
    with st.expander(t("ar_operations", lang), icon=":material/tune:"):
        metres = st.number_input(t("ar_buffer_m", lang), -20_000, 20_000, 100, step=50, key="ar_buf")
        _op_button(store, draft, current, t("ar_buffer", lang), "buffer", metres)
        munis = store.municipalities(list(REGION_PROVINCES))
        names = dict(zip(munis["code"], munis["name"], strict=True))
        codes = st.multiselect(t("ar_op_municipalities", lang), list(names), format_func=names.get, key="ar_op_m",
                               placeholder=t("choose", lang))  # fmt: skip
        c1, c2 = st.columns(2)
        with c1:
            _op_button(store, draft, current, t("ar_clip", lang), "clip_municipalities", codes)
        with c2:
            _op_button(store, draft, current, t("ar_merge", lang), "merge_municipalities", codes)
        areas = store.areas()
        areas = areas[areas["id"] != (draft.area_id or -1)]
        if not areas.empty:
            anames = dict(zip(areas["id"].astype(int), areas["name"], strict=True))
            other = st.selectbox(t("ar_op_area", lang), list(anames), format_func=anames.get, key="ar_op_a")
            c3, c4 = st.columns(2)
            with c3:
                _op_button(store, draft, current, t("ar_clip_area", lang), "clip_area", other)
            with c4:
                _op_button(store, draft, current, t("ar_merge_area", lang), "merge_area", other)
        tol = st.number_input(t("ar_simplify_m", lang), 1, 500, 25, step=5, key="ar_simp")
        _op_button(store, draft, current, t("ar_simplify", lang), "simplify", tol)
    c5, c6 = st.columns(2)
    if c5.button(t("ar_undo", lang), disabled=not draft.history, icon=":material/undo:", width="stretch"):
        draft.undo()
        st.rerun()
    if c6.button(t("ar_clear", lang), disabled=current is None, icon=":material/delete_sweep:",
                 width="stretch"):  # fmt: skip
        draft.set(None)
        st.rerun()


def facts(store: Store, current: Checked | None, lang: str) -> None:
    """Hectares, parts, live counts and municipality shares of the draft, and what was repaired."""
    if current is None:
        st.info(t("ar_no_draft", lang), icon=":material/draw:")
        return
    info = describe(store, current.geometry)
    ha = f"{info.hectares:,.0f}" if info.hectares >= 100 else f"{info.hectares:,.1f}"
    c1, c2 = st.columns([2, 1])
    c1.metric(t("ar_hectares", lang), ha.translate(str.maketrans(",.", ".,")) if lang == "nl" else ha)
    c2.metric(t("ar_parts", lang), info.parts)
    cols = st.columns(3)
    for col, layer in zip(cols, Layer, strict=True):
        col.metric(t(f"ar_count_{layer.value}", lang), fmt_count(info.counts[layer.value], lang))
    if len(info.shares):
        table = pd.DataFrame({
            t("f_municipality", lang): info.shares["name"],
            t("ar_ha", lang): info.shares["ha"],
            t("ar_share", lang): (info.shares["share"] * 100).round(1),
        })  # fmt: skip
        st.dataframe(table, hide_index=True, width="stretch",
                     column_config={t("ar_share", lang): st.column_config.NumberColumn(format="%.1f %%")})  # fmt: skip
    for note in current.notes:
        st.caption(f":material/build: {plain(note)}")


def save_form(store: Store, draft: Draft, current: Checked | None, lang: str) -> None:
    """Name, activities, reason and user; saves a new area or a new version."""
    areas = store.areas()
    row = areas[areas["id"] == (draft.area_id or -1)]
    saved = decode_activities(row["activities"].iloc[0]) if len(row) else Activities()
    generation = st.session_state.get("ar_form_gen", 0)  # bumped after a save: the form starts empty
    with st.form(f"ar_save_{draft.area_id or 0}_{generation}"):
        st.subheader(t("ar_describe", lang))
        name = st.text_input(t("f_name", lang), value=row["name"].iloc[0] if len(row) else "", max_chars=120)
        kinds = st.multiselect(
            t("f_activities", lang), list(ACTIVITY_KINDS), default=list(saved.kinds),
            format_func=lambda k: t(f"ar_kind_{k}", lang), placeholder=t("ar_kinds_pick", lang),
        )  # fmt: skip
        text = st.text_area(t("ar_activities_text", lang), value=saved.text, max_chars=4000)
        reason = st.text_input(t("ar_reason", lang), max_chars=500) if draft.area_id else ""
        user = signed_user(lang)
        submitted = st.form_submit_button(t("ar_save", lang), type="primary", icon=":material/save:")
    if not submitted:
        return
    if current is None:
        st.error(t("ar_nothing_to_save", lang))
        return
    st.session_state["user_name"] = user.strip()
    try:
        if draft.area_id:
            version = update_area(store, draft.area_id, current.geometry, name, Activities(tuple(kinds), text),
                                  user, reason)  # fmt: skip
            flash("success", t("ar_saved_version", lang, version=version))
            st.session_state.pop("ar_draft", None)
        else:
            area_id = create_area(store, name, current.geometry, Activities(tuple(kinds), text), user)
            flash("success", t("ar_saved_new", lang, name=plain(name.strip())))
            st.session_state["ar_select"] = area_id
    except AreaError as exc:
        st.error(plain(exc))
        return
    st.session_state["ar_form_gen"] = generation + 1
    st.rerun()
