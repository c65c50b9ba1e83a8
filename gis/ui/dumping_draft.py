"""The field form's draft in the store: restored when the page opens (after a reload), saved as the user fills
the form, offered for discarding. Photos are never part of a draft (the form says so).

The store call is made through the guarded store, which always uses the signed-in principal's own draft.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping

import streamlit as st

from gis.clock import now_nl
from gis.dumpings import DRAFT_FORM, draft_data, draft_filled, draft_values, dumping_choices
from gis.geo.coords import CoordError, parse_position
from gis.i18n import LANGUAGES, t
from gis.store import ConflictError, Store, StoreError
from gis.ui.state import current_user

# Form value -> widget key prefix (the key is ``<prefix>_<generation>``).
WIDGETS: dict[str, str] = {
    "found_date": "dp_day", "found_time": "dp_time", "place_type": "dp_place", "waste_type": "dp_waste",
    "container_count": "dp_count", "volume_l": "dp_volume", "substances": "dp_subs",
    "substances_other": "dp_other", "into_soil_water": "dp_soil", "reporter_org": "dp_org",
    "reporter_name": "dp_reporter", "notes": "dp_notes",
}  # fmt: skip
_CHECKED = "dp_draft_checked"  # the store was asked for a draft in this browser session
_LAST = "dp_draft_last"  # what was last written to the store (to write only changes)
_NOTE = "dp_draft_restored"  # when the restored draft was saved
_AT = "dp_draft_at"  # when this session last wrote the draft
_log = logging.getLogger(__name__)


def lang_key(base: str, lang: str) -> str:
    """The key of a widget whose option labels are translated: one per language, because Streamlit keeps the
    labels a keyed widget showed first. The value (codes, never labels) is carried over when the language
    is switched (a ``None`` value is left to the widget's default)."""
    key = f"{base}_{lang}"
    if key not in st.session_state:
        for other in LANGUAGES:
            value = st.session_state.get(f"{base}_{other}")
            if value is not None:  # None is the widget's own default (it would show as "no choice")
                st.session_state[key] = value
                break
    return key


def widget_key(field: str, generation: int, lang: str) -> str:
    """The key of the form's widget for ``field`` (see ``WIDGETS``)."""
    return lang_key(f"{WIDGETS[field]}_{generation}", lang)


def restore(store: Store, generation: int, lang: str) -> None:
    """Once per browser session (so after every reload), put the user's draft into the form's widgets.

    Call before the widgets are drawn."""
    if st.session_state.get(_CHECKED):
        return
    st.session_state[_CHECKED] = True
    try:
        found = store.draft(current_user(), DRAFT_FORM)
    except StoreError:
        return
    if found is None:
        return
    values = draft_values(found.data, dumping_choices(store))
    for field in WIDGETS:
        if field in values:
            st.session_state[widget_key(field, generation, lang)] = values[field]
    if "x" in values and "y" in values:
        try:
            st.session_state["dp_pos"] = parse_position((values["x"], values["y"]), "rd")  # type: ignore[arg-type]
            st.session_state["dp_pos_source"] = values.get("pos_source") or "map"
        except CoordError:
            pass
    if values.get("coords"):
        st.session_state["dp_coords"] = values["coords"]
    st.session_state[_LAST] = found.data
    st.session_state[_NOTE] = st.session_state[_AT] = found.saved_at


def _discard(store: Store) -> None:
    store.delete_draft(current_user(), DRAFT_FORM)
    for key in ("dp_pending", "dp_pos", "dp_pos_source", "dp_coord_error", _LAST, _NOTE, _AT):
        st.session_state.pop(key, None)
    st.session_state["dp_coords"] = ""  # a callback runs before the field is drawn: it may set it
    st.session_state["dp_gen"] = st.session_state.get("dp_gen", 0) + 1
    st.session_state["dp_draft_gone"] = True


def restored_note(store: Store, lang: str) -> None:
    """ "Concept hersteld van <tijd>" with a button to discard the draft, while a restored draft is shown."""
    if st.session_state.pop("dp_draft_gone", False):
        st.toast(t("hf_draft_discarded", lang), icon=":material/delete:")
    when = st.session_state.get(_NOTE)
    if when is None:
        return
    with st.container(border=True, key="dp_draft_box"):
        st.info(t("hf_draft_restored", lang, when=f"{when:%d-%m-%Y %H:%M}"), icon=":material/restore:")
        st.button(t("hf_draft_discard", lang), key="dp_draft_discard", icon=":material/delete:",
                  on_click=_discard, args=(store,))  # fmt: skip


def _write(store: Store, data: dict[str, object] | None, lang: str) -> str | None:
    """Write (or, for an empty form, delete) the draft; once more after a write conflict (the same user on a
    second device, or a run of a closed tab finishing late). Returns why it failed, or None."""
    for attempt in range(2):
        try:
            if data is None:
                store.delete_draft(current_user(), DRAFT_FORM)
            else:
                store.save_draft(current_user(), DRAFT_FORM, data)
            return None
        except ConflictError:
            if attempt:
                return t("hf_draft_conflict", lang)
            time.sleep(0.2)  # the other write is one short transaction: let it finish
        except (StoreError, ValueError) as exc:
            return str(exc)
    return None


def keep(store: Store, values: Mapping[str, object], lang: str) -> None:
    """Write the form's values as the draft when they changed since the last write (nothing filled: no draft),
    and say what is kept: when, how many fields, and that photos are not. A failed write is said plainly (the
    form itself keeps working, and the next change tries again)."""
    data = draft_data(values)
    if data != st.session_state.get(_LAST):
        failed = _write(store, data, lang)
        if failed is not None:
            _log.warning("concept niet bewaard: %s", failed)
            st.caption(f":material/sync_problem: {t('hf_draft_failed', lang, why=failed)}")
            return
        st.session_state[_LAST] = data
        st.session_state[_AT] = now_nl()
    last, at = st.session_state.get(_LAST), st.session_state.get(_AT)
    saved = t("hf_draft_saved", lang, when=f"{at:%H:%M}", n=draft_filled(last)) + " " if last and at else ""
    st.caption(f":material/save: {saved}{t('hf_draft_note', lang)}")


def forget() -> None:
    """After a save: the store's draft is gone (``save_report`` deleted it); so is the note."""
    for key in (_LAST, _NOTE, _AT):
        st.session_state.pop(key, None)
