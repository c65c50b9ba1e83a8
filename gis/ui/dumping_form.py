"""The field form for a new dumping report: place it (map click, my location, coordinates, photo EXIF),
fill in the fields and photos, check for a report at the same site, save.

Built for a phone: one column, the map first, large controls. What the check finds (problems, a possible
duplicate, the saved report) is shown right below the button and scrolled to, with a toast: never a silent
reset. The fields are plain widgets (no ``st.form``), so each change is kept as the user's draft
(``gis.ui.dumping_draft``). Logic lives in ``gis.dumpings``.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from gis import clock
from gis.domain.catalog import SOURCE_BY_CODE, SOURCE_ORGS, SUBSTANCES, label
from gis.domain.dumping_form import FormError
from gis.dumpings import Prepared, dumping_choices, prepare_report, recheck, save_report
from gis.geo.coords import CoordError, Position, exif_position, parse_position
from gis.i18n import fmt_int, t
from gis.io.photos import MAX_PHOTOS
from gis.maps.dumping_map import form_map
from gis.store import Store
from gis.store.codelists import code_labeller
from gis.store.errors import DuplicateSiteError
from gis.ui import dumping_draft, map_widget
from gis.ui.cache import region_boundaries
from gis.ui.state import current_user, signed_user
from gis.ui.text import plain

YES_NO = (None, True, False)


def now_nl() -> datetime:
    """The current Dutch local time, without time zone (as stored)."""
    return clock.now_nl().replace(second=0, microsecond=0)


def _set_position(pos: Position, source: str) -> None:
    st.session_state["dp_pos"] = pos
    st.session_state["dp_pos_source"] = source


def _typed_coords() -> None:
    text = st.session_state.get("dp_coords", "")
    if not text.strip():
        return
    try:
        _set_position(parse_position(text, "auto"), "typed")
        st.session_state.pop("dp_coord_error", None)
    except CoordError as exc:
        st.session_state["dp_coord_error"] = plain(exc)


def _yes_no_label(value: bool | None, lang: str) -> str:
    return t("dp_unknown", lang) if value is None else t("dp_yes" if value else "dp_no", lang)


def _take_click(key: str, generation: int) -> None:
    """Apply the map's last click (or located position) once; a typed position is not overwritten later."""
    click = map_widget.last_click(key)
    seen = f"{generation}:{click['lat']:.7f},{click['lng']:.7f}" if click else None
    if seen and seen != st.session_state.get("dp_click_seen"):
        st.session_state["dp_click_seen"] = seen
        try:
            _set_position(parse_position((click["lat"], click["lng"]), "wgs84"), "map")  # type: ignore[index]
        except CoordError as exc:
            st.error(plain(exc))


def position_picker(store: Store, lang: str, generation: int) -> Position | None:
    """The map (click or locate) and the coordinate field; returns the chosen position."""
    key = f"dp_map_{generation}"
    _take_click(key, generation)
    munis, _ = region_boundaries(store)
    pos: Position | None = st.session_state.get("dp_pos")
    pending: Prepared | None = st.session_state.get("dp_pending")
    matches = [int(i) for i in pending.duplicates["id"]] if pending is not None and len(pending.duplicates) else []
    nearby = store.open_dumpings_near(pos.x_rd, pos.y_rd, 2_000) if pos else pd.DataFrame(columns=["id", "x", "y"])
    chosen = (pos.lat, pos.lon) if pos else None
    fmap = form_map(munis, chosen, nearby, matches, lang)
    st.caption(t("dp_place_help", lang))
    map_widget.click_map(fmap, key=key, center=chosen, zoom=15 if chosen else None)
    st.text_input(t("dp_coords", lang), key="dp_coords", on_change=_typed_coords,
                  placeholder="52.2710, 6.1234  ·  221000, 455000")  # fmt: skip
    if err := st.session_state.get("dp_coord_error"):
        st.error(err)
    pos = st.session_state.get("dp_pos")
    if pos is None:
        st.caption(f":material/location_off: {t('hf_no_position', lang)}")
        return None
    source = t(f"dp_source_{st.session_state.get('dp_pos_source', 'map')}", lang)
    st.success(t("dp_position", lang, x=f"{pos.x_rd:.0f}", y=f"{pos.y_rd:.0f}", lat=f"{pos.lat:.5f}",
                 lon=f"{pos.lon:.5f}", source=source), icon=":material/location_on:")  # fmt: skip
    for note in pos.notes:
        st.caption(f":material/info: {plain(note)}")
    return pos


def photo_picker(lang: str, generation: int) -> list[tuple[str, bytes]]:
    """Photo uploads; a photo with a GPS position in its EXIF offers that position. Not kept in the draft."""
    ups = st.file_uploader(t("dp_photos", lang, n=MAX_PHOTOS), type=["jpg", "jpeg", "png"], accept_multiple_files=True,
                           key=f"dp_photos_{generation}")  # fmt: skip
    files = [(u.name, u.getvalue()) for u in ups or []]
    for i, (name, data) in enumerate(files):
        where = exif_position(data)
        if where is None:
            continue
        if st.button(t("dp_use_photo_position", lang, name=name), key=f"dp_exif_{generation}_{i}",
                     icon=":material/photo_camera:"):  # fmt: skip
            try:
                _set_position(parse_position(where, "wgs84"), "photo")
                st.rerun()
            except CoordError as exc:
                st.error(plain(exc))
    return files


def _defaults(generation: int, lang: str) -> None:
    """Start values of a new form (set once per generation, so a restored draft or a typed value stays)."""
    now = now_nl()
    for field, value in (("found_date", now.date()), ("found_time", now.time()), ("reporter_org", "omgevingsdienst")):
        st.session_state.setdefault(dumping_draft.widget_key(field, generation, lang), value)


def fields(store: Store, lang: str, generation: int) -> dict[str, object]:
    """The form fields (keys from ``dumping_draft.widget_key``); returns their values. Place and waste types
    are the active values of the store's code lists (an administrator's additions offered, retired ones not)."""
    _defaults(generation, lang)
    k = {field: dumping_draft.widget_key(field, generation, lang) for field in dumping_draft.WIDGETS}
    show = lambda code: label(code, lang)  # noqa: E731
    choices = dumping_choices(store)
    c1, c2 = st.columns(2)
    c1.date_input(t("dp_found_date", lang), format="DD-MM-YYYY", key=k["found_date"])
    c2.time_input(t("dp_found_time", lang), step=300, key=k["found_time"])
    for field, title in (("place_type", "f_place"), ("waste_type", "f_waste")):
        if st.session_state.get(k[field]) not in (None, *choices[field]):
            st.session_state.pop(k[field])  # retired since the draft was kept: choose again
        st.selectbox(t(title, lang), choices[field], index=None, placeholder=t("choose", lang), key=k[field],
                     format_func=code_labeller(store, field, lang))  # fmt: skip
    c3, c4 = st.columns(2)
    c3.number_input(t("f_containers", lang), min_value=0, step=1, value=None, key=k["container_count"])
    c4.number_input(t("f_volume", lang), min_value=0.0, step=10.0, value=None, format="%g", key=k["volume_l"])
    st.multiselect(t("f_substances", lang), SUBSTANCES, placeholder=t("dp_substances_unknown", lang),
                   format_func=show, key=k["substances"])  # fmt: skip
    st.text_input(t("dp_substances_other", lang), max_chars=200, key=k["substances_other"])
    st.radio(t("dp_soil_water", lang), YES_NO, horizontal=True, format_func=lambda v: _yes_no_label(v, lang),
             key=k["into_soil_water"])  # fmt: skip
    orgs = [o.code for o in SOURCE_ORGS]
    st.selectbox(t("f_reporter_org", lang), orgs, format_func=lambda c: label(SOURCE_BY_CODE[c].name, lang),
                 key=k["reporter_org"])  # fmt: skip
    st.text_input(t("dp_reporter_name", lang), max_chars=200, key=k["reporter_name"])
    st.text_area(t("f_notes", lang), max_chars=4000, key=k["notes"])
    return {field: st.session_state.get(key) for field, key in k.items()}


def _saved(new_id: int, lang: str) -> None:
    for key in ("dp_pending", "dp_refused", "dp_pos", "dp_pos_source", "dp_coord_error"):
        st.session_state.pop(key, None)
    st.session_state["dp_clear_coords"] = True  # emptied before the field is drawn again
    dumping_draft.forget()
    st.session_state["dp_gen"] = st.session_state.get("dp_gen", 0) + 1
    st.session_state["dp_flash"] = t("dp_saved", lang, id=new_id)
    st.session_state["dp_open"] = new_id
    st.rerun()


# Said when the store refused a new site because others were logged at the spot since the check.
_REFUSED = {
    "nl": "Terwijl u het formulier invulde, is op deze plek een andere melding gedaan ({n}). Uw melding is nog niet "
    "opgeslagen: kies hieronder of het dezelfde plek is of een nieuwe.",
    "en": "While you filled in the form, another report was logged at this spot ({n}). Your report has not been "
    "saved yet: choose below whether it is the same site or a new one.",
}


def _save(store: Store, prepared: Prepared, lang: str, link_to: int | None = None) -> None:
    """Save and show the saved report; when others were logged at the spot meanwhile, the choice again."""
    try:
        new_id = save_report(store, prepared, current_user(), link_to=link_to)
    except DuplicateSiteError as exc:
        st.session_state["dp_pending"] = recheck(prepared, store, exc)
        st.session_state["dp_refused"] = _REFUSED["en" if lang == "en" else "nl"].format(n=len(exc.ids))
        st.session_state["dp_want_scroll"] = True
        st.rerun()
    _saved(new_id, lang)


def duplicate_choice(store: Store, lang: str) -> None:
    """When a report at the same site may exist: link to it, save as a new site, or cancel (nothing saved)."""
    pending: Prepared | None = st.session_state.get("dp_pending")
    if pending is None:
        return
    if refused := st.session_state.get("dp_refused"):
        st.warning(refused, icon=":material/sync_problem:")
    if len(pending.duplicates):
        st.warning(t("dp_possible_duplicate", lang, n=len(pending.duplicates)), icon=":material/content_copy:")
    for row in pending.duplicates.head(3).itertuples():
        text = t("dp_link_to", lang, id=row.id, m=fmt_int(round(row.distance_m), lang),
                 d=fmt_int(round(row.days_apart), lang),
                 status=label(row.status, lang))  # fmt: skip
        if st.button(text, key=f"dp_link_{row.id}", width="stretch"):
            _save(store, pending, lang, link_to=int(row.id))
    c1, c2 = st.columns(2)
    if c1.button(t("dp_save_new_site", lang), type="primary", width="stretch", key="dp_save_new"):
        _save(store, pending, lang)
    if c2.button(t("dp_cancel", lang), width="stretch", key="dp_cancel"):
        st.session_state.pop("dp_pending", None)
        st.session_state.pop("dp_refused", None)
        st.session_state["dp_cancelled"] = True
        st.rerun()


def _to_register() -> None:
    st.session_state["dp_view"] = "register"  # a callback: runs even though the button is gone next run


def _scroll_here(anchor: str, nonce: int) -> None:
    """Scroll the page so the element with key ``anchor`` is in view (the thumb stays where the news is).

    The script is fixed text (only the integer ``nonce`` changes, so each event runs it again)."""
    script = f"""<script data-n="{int(nonce)}">
      (function() {{
        function go() {{
          var el = document.querySelector('.st-key-{anchor}');
          if (el) el.scrollIntoView({{block: 'center'}});
        }}
        setTimeout(go, 100); setTimeout(go, 500); setTimeout(go, 1200);
      }})();
    </script>"""
    st.html(script, unsafe_allow_javascript=True, width="content")


def _check(store: Store, values: dict[str, object], photos: list[tuple[str, bytes]], pos: Position | None,
           lang: str) -> None:  # fmt: skip
    """Check the form; problems and the duplicate choice below the button, else save (and rerun)."""
    values = {**values, "status": "gemeld"}
    if pos is not None:
        values.update(x=pos.x_rd, y=pos.y_rd)
    try:
        prepared = prepare_report(store, values, photos, now_nl())
    except FormError as exc:
        problems = list(exc.errors)
        if pos is None:
            problems = [t("dp_no_position", lang)] + [p for p in problems if not p.startswith(("X (RD)", "Y (RD)"))]
        st.error(t("hf_check_failed", lang) + "\n" + "\n".join(f"- {plain(p)}" for p in problems),
                 icon=":material/error:")  # fmt: skip
        st.toast(t("hf_check_failed", lang), icon=":material/error:")
        return
    if len(prepared.duplicates):
        st.session_state["dp_pending"] = prepared
        st.session_state["dp_want_scroll"] = True
        st.rerun()  # the map above shows the possible matches in orange
    try:
        _save(store, prepared, lang)
    except FormError as exc:
        st.error("\n".join(plain(e) for e in exc.errors))


def feedback(store: Store, lang: str, sent: bool, check: object) -> None:
    """Everything the button leads to, right below it: the saved report, problems, the duplicate choice."""
    nonce = st.session_state.get("dp_scroll", 0)
    with st.container(key="dp_feedback"):
        if msg := st.session_state.pop("dp_flash", None):
            st.success(msg, icon=":material/check_circle:")
            st.toast(msg, icon=":material/check_circle:")
            st.button(t("dp_to_register", lang), icon=":material/table_view:", on_click=_to_register,
                      key="dp_to_register")  # fmt: skip
            sent = True
        if st.session_state.pop("dp_cancelled", False):
            st.info(t("hf_cancelled", lang), icon=":material/undo:")
            sent = True
        if check is not None:
            check()  # type: ignore[operator]
        if st.session_state.pop("dp_want_scroll", False) and "dp_pending" in st.session_state:
            st.toast(t("hf_choose_duplicate", lang), icon=":material/content_copy:")
            sent = True
        duplicate_choice(store, lang)
    if sent:
        st.session_state["dp_scroll"] = nonce + 1
        _scroll_here("dp_feedback", nonce + 1)


def report_form(store: Store, lang: str) -> None:
    """The whole "Melden" tab."""
    generation = st.session_state.get("dp_gen", 0)
    if st.session_state.pop("dp_clear_coords", False):
        st.session_state["dp_coords"] = ""
    dumping_draft.restore(store, generation, lang)
    dumping_draft.restored_note(store, lang)
    pos = position_picker(store, lang, generation)
    photos = photo_picker(lang, generation)
    values = fields(store, lang, generation)
    pos_now: Position | None = st.session_state.get("dp_pos")
    dumping_draft.keep(store, {**values, "x": pos_now.x_rd if pos_now else None,
                               "y": pos_now.y_rd if pos_now else None,
                               "pos_source": st.session_state.get("dp_pos_source") if pos_now else None,
                               "coords": st.session_state.get("dp_coords", "")}, lang)  # fmt: skip
    signed_user(lang)
    sent = st.button(t("dp_check_save", lang), type="primary", icon=":material/send:", width="stretch",
                     key=f"dp_send_{generation}")  # fmt: skip
    if sent:
        st.session_state.pop("dp_pending", None)
        st.session_state.pop("dp_refused", None)
    check = (lambda: _check(store, values, photos, pos, lang)) if sent else None
    feedback(store, lang, sent, check)
