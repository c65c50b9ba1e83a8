"""Recording a site walk and its findings (roles with ``create`` on ``schouw``), built for a phone in the field:
one column, the map first, large buttons. A walk: date, day or night, participants (organisations or roles,
never residents' names), notes and the route drawn as a line. A finding: a tap on the map (or the location
button, or a photo's GPS position), a category, a note and photos (the shared copy without EXIF).
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from gis import clock
from gis.analysis.schouw import SchouwError, check_finding, check_walk, route_from_drawings
from gis.delineation import netherlands
from gis.domain.roles import PermissionDenied
from gis.geo.coords import CoordError, Position, exif_position, parse_position
from gis.i18n import t
from gis.io.photos import MAX_PHOTOS, PhotoError, check_photos
from gis.maps.schouw_map import finding_place_map, route_draw_map
from gis.store.analysis import DAYPARTS, FINDING_CATEGORIES, FindingFile
from gis.store.errors import StoreError
from gis.store.guard import GuardedStore
from gis.ui import map_widget
from gis.ui.cache import region_boundaries
from gis.ui.state import require_user
from gis.ui.text import plain


def _errors(lang: str, errors: list[str]) -> None:
    st.error(t("sw_not_saved", lang) + "\n" + "\n".join(f"- {plain(e)}" for e in errors), icon=":material/error:")


def walk_form(store: GuardedStore, area_id: int, area: gpd.GeoDataFrame, lang: str) -> None:
    """The expander to record a walk; on saving it becomes the chosen walk, ready for findings."""
    gen = st.session_state.get("sw_walk_gen", 0)
    if st.session_state.pop("sw_walk_close", False):
        st.session_state["sw_walk_open"] = False
    # a switch, not an expander: a map drawn in a closed expander has no size and zooms in all the way
    if not st.toggle(t("sw_new_walk", lang), key="sw_walk_open"):
        return
    with st.container(border=True, key="sw_walk_form"):
        st.date_input(t("sw_date", lang), value=clock.now_nl().date(), format="DD-MM-YYYY", key=f"sw_date_{gen}")
        st.radio(t("sw_daypart", lang), DAYPARTS, horizontal=True, format_func=lambda d: t(f"sw_daypart_{d}", lang),
                 key=f"sw_daypart_{gen}")  # fmt: skip
        st.text_input(t("sw_participants", lang), max_chars=500, key=f"sw_participants_{gen}",
                      placeholder=t("sw_participants_ph", lang))  # fmt: skip
        st.caption(f":material/privacy_tip: {t('sw_no_names', lang)}")
        st.text_area(t("sw_notes", lang), max_chars=4000, key=f"sw_notes_{gen}", height=90)
        st.caption(t("sw_route_help", lang))
        munis, _ = region_boundaries(store)
        drawings = map_widget.draw_map(route_draw_map(munis, area, lang), [], key=f"sw_route_{area_id}_{gen}",
                                       height=360)  # fmt: skip
        if st.button(t("sw_save_walk", lang), type="primary", icon=":material/save:", width="stretch",
                     key=f"sw_save_walk_{gen}"):  # fmt: skip
            _save_walk(store, area_id, drawings, gen, lang)


def _save_walk(store: GuardedStore, area_id: int, drawings: list[dict] | None, gen: int, lang: str) -> None:
    s = st.session_state
    walked_on, daypart = s.get(f"sw_date_{gen}"), s.get(f"sw_daypart_{gen}")
    participants, notes = str(s.get(f"sw_participants_{gen}") or ""), str(s.get(f"sw_notes_{gen}") or "")
    try:
        route = route_from_drawings(drawings)
    except SchouwError as exc:
        _errors(lang, exc.errors)
        return
    errors = check_walk(walked_on, daypart, participants, route, clock.now_nl().date(), netherlands(store))
    if errors:
        _errors(lang, errors)
        return
    if not (user := require_user(lang)):
        return
    try:
        walk_id = store.add_walk(area_id, walked_on, daypart, participants.strip(), route, notes.strip(), user)
    except (StoreError, PermissionDenied) as exc:
        _errors(lang, [str(exc)])
        return
    s["sw_walk_gen"] = gen + 1
    s["sw_walk_close"] = True  # the switch goes off on the next run (it cannot be set once drawn)
    s["sw_walk"] = walk_id
    s["sw_flash"] = t("sw_walk_saved", lang, id=walk_id)
    st.rerun()


def _take_click(key: str) -> None:
    """Apply the map's last tap (or located position) once."""
    click = map_widget.last_click(key)
    seen = f"{key}:{click['lat']:.7f},{click['lng']:.7f}" if click else None
    if seen and seen != st.session_state.get("sw_click_seen"):
        st.session_state["sw_click_seen"] = seen
        try:
            st.session_state["sw_pos"] = parse_position((click["lat"], click["lng"]), "wgs84")  # type: ignore[index]
        except CoordError as exc:
            st.error(plain(exc))


def _photo_positions(files: list[tuple[str, bytes]], gen: int, lang: str) -> None:
    for i, (name, data) in enumerate(files):
        where = exif_position(data)
        if where is None:
            continue
        if st.button(t("dp_use_photo_position", lang, name=name), key=f"sw_exif_{gen}_{i}",
                     icon=":material/photo_camera:", width="stretch"):  # fmt: skip
            try:
                st.session_state["sw_pos"] = parse_position(where, "wgs84")
                st.rerun()
            except CoordError as exc:
                st.error(plain(exc))


def finding_form(store: GuardedStore, walk: pd.DataFrame, area: gpd.GeoDataFrame, walks: gpd.GeoDataFrame,
                 findings: pd.DataFrame, lang: str) -> None:  # fmt: skip
    """The form for a new finding of ``walk`` (one row of ``store.walks``)."""
    walk_id = int(walk["id"].iloc[0])
    gen = st.session_state.get("sw_find_gen", 0)
    key = f"sw_fmap_{walk_id}_{gen}"
    with st.container(border=True, key="sw_new_finding"):
        st.markdown(f"**{t('sw_new_finding', lang)}**")
        _take_click(key)
        pos: Position | None = st.session_state.get("sw_pos")
        munis, _ = region_boundaries(store)
        fmap = finding_place_map(munis, area, walk, findings, (pos.lat, pos.lon) if pos else None, lang)
        st.caption(t("sw_place_help", lang))
        map_widget.click_map(fmap, key=key, height=360)
        pos = st.session_state.get("sw_pos")
        if pos is None:
            st.caption(f":material/location_off: {t('sw_no_place', lang)}")
        else:
            st.success(t("sw_place", lang, x=f"{pos.x_rd:.0f}", y=f"{pos.y_rd:.0f}"), icon=":material/location_on:")
        ups = st.file_uploader(t("sw_photos", lang, n=MAX_PHOTOS), type=["jpg", "jpeg", "png"],
                               accept_multiple_files=True, key=f"sw_photos_{gen}")  # fmt: skip
        files = [(u.name, u.getvalue()) for u in ups or []]
        _photo_positions(files, gen, lang)
        st.selectbox(t("sw_category", lang), FINDING_CATEGORIES, index=None, placeholder=t("choose", lang),
                     key=f"sw_category_{gen}")  # fmt: skip
        st.text_area(t("sw_note", lang), max_chars=4000, key=f"sw_note_{gen}", height=90)
        if st.button(t("sw_save_finding", lang), type="primary", icon=":material/add_location:", width="stretch",
                     key=f"sw_save_finding_{gen}"):  # fmt: skip
            _save_finding(store, walk_id, pos, files, gen, lang)


def _save_finding(store: GuardedStore, walk_id: int, pos: Position | None, files: list[tuple[str, bytes]], gen: int,
                  lang: str) -> None:  # fmt: skip
    s = st.session_state
    category, note = s.get(f"sw_category_{gen}"), str(s.get(f"sw_note_{gen}") or "").strip()
    errors = check_finding(category, note, pos.x_rd if pos else None, pos.y_rd if pos else None)
    photos = []
    try:
        photos = check_photos(files)
    except PhotoError as exc:
        errors += exc.errors
    if errors:
        _errors(lang, errors)
        return
    if not (user := require_user(lang)):
        return
    stored = [FindingFile(p.name, p.mime, p.original, p.stripped) for p in photos]
    try:
        fid = store.add_finding(walk_id, pos.x_rd, pos.y_rd, category, note, user, files=stored)  # type: ignore[union-attr]
    except (StoreError, PermissionDenied) as exc:
        _errors(lang, [str(exc)])
        return
    for k in ("sw_pos", "sw_click_seen"):
        s.pop(k, None)
    s["sw_find_gen"] = gen + 1
    s["sw_flash"] = t("sw_finding_saved", lang, id=fid)
    st.rerun()


__all__ = ["finding_form", "walk_form"]
