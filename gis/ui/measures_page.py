"""The Maatregelen page (step B2): choose an area the role may see; tabs for the proposals from the analysis, the
meeting's discussion (rankings, comments, decisions), placing chosen measures on the map and the catalogue.

The tabs live in ``measures_choose`` (proposals, discussion), ``measures_map`` and ``measures_catalogue``; this
module holds the entry and what they share (labels, messages after a rerun, the write rights of the role).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pandas as pd
import streamlit as st

from gis.domain.roles import Action
from gis.i18n import t
from gis.measures.codes import label
from gis.store import ConflictError
from gis.store.guard import GuardedStore
from gis.ui.analysis_page import areas_for
from gis.ui.state import allowed
from gis.ui.text import plain

FLASH = "ms_flash"


def can_plan(store: GuardedStore) -> bool:
    """Whether the role chooses, decides and places measures (coordinator of the area, administrator)."""
    return allowed(store, Action.CREATE, "plans") and allowed(store, Action.UPDATE, "plans")


def can_rank(store: GuardedStore) -> bool:
    """Whether the role ranks and comments measures in the meeting (every member; not the auditor)."""
    return allowed(store, Action.CREATE, "ranking")


def can_edit_catalogue(store: GuardedStore) -> bool:
    """Whether the role edits the measure catalogue (administrator)."""
    return allowed(store, Action.ADMIN, "measures")


def flash(kind: str, text: str) -> None:
    """Show ``text`` (already Markdown-safe) once after the next rerun, as ``st.success``/``info``/``error``."""
    st.session_state[FLASH] = (kind, text)


def show_flash() -> None:
    """Show the message left by the previous run."""
    kind, text = st.session_state.pop(FLASH, (None, None))
    if kind:
        getattr(st, kind)(text)


def measure_name(row: object, lang: str) -> str:
    """The name of an area measure or a catalogue row in ``lang`` (own title when it has no catalogue code)."""
    get = row.get if isinstance(row, dict | pd.Series) else lambda k, d=None: getattr(row, k, d)
    if lang == "en":
        english = get("name_en")
        if isinstance(english, str) and english.strip():
            return english.strip()
    for key in ("name", "title", "code"):
        value = get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return "?"


def when_text(value: object) -> str:
    """A date or a moment as ``dd-mm-jjjj`` (``dd-mm-jjjj uu:mm`` when it has a time); "" when missing."""
    if value is None or (not isinstance(value, date | datetime) and pd.isna(value)):  # type: ignore[arg-type]
        return ""
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    has_time = isinstance(value, datetime | pd.Timestamp) and (stamp.hour or stamp.minute)
    return stamp.strftime("%d-%m-%Y %H:%M" if has_time else "%d-%m-%Y")


def decision_label(code: object, lang: str) -> str:
    """The decision (voorgesteld, gekozen, afgewezen) in words."""
    from gis.measures.codes import DECISIONS

    return label(DECISIONS, None if code is None or pd.isna(code) else str(code), lang)  # type: ignore[arg-type]


def seen_version(key: str, version: object) -> int | None:
    """The version of a record as this browser session last showed it (the form was filled against that;
    a save compares with it), remembering ``version`` (now) for the next run. None for a record without one."""
    if version is None or pd.isna(version):  # type: ignore[arg-type]
        return None
    name = f"ms_seen_{key}"
    before = st.session_state.get(name)
    st.session_state[name] = int(version)  # type: ignore[call-overload]
    return int(before if before is not None else version)  # type: ignore[call-overload]


def write_error(exc: Exception, lang: str, gen_key: str | None = None) -> None:
    """A refused write: its Dutch message (a conflict in the page's language). When another user saved first
    (``ConflictError``) and ``gen_key`` names the forms' generation, the forms reload with the saved values."""
    message = exc.message(lang) if hasattr(exc, "message") else str(exc)  # type: ignore[attr-defined]
    text = f"{t('ms_not_saved', lang)} {plain(message)}"
    if isinstance(exc, ConflictError) and gen_key:
        flash("error", text)
        st.session_state[gen_key] = int(st.session_state.get(gen_key, 0)) + 1
        st.rerun()
    st.error(text, icon=":material/error:")


def _tabs(store: GuardedStore, area_id: int | None, lang: str) -> list[tuple[str, Callable[[], None]]]:
    from gis.ui import measures_catalogue, measures_choose, measures_map

    tabs: list[tuple[str, Callable[[], None]]] = []
    if area_id is not None:
        tabs += [
            ("ms_tab_proposals", lambda: measures_choose.proposals_tab(store, area_id, lang)),
            ("ms_tab_discuss", lambda: measures_choose.discuss_tab(store, area_id, lang)),
            ("ms_tab_map", lambda: measures_map.map_tab(store, area_id, lang)),
        ]
    tabs.append(("ms_tab_catalogue", lambda: measures_catalogue.catalogue_tab(store, lang)))
    return tabs


def measures_page(store: GuardedStore, lang: str) -> None:
    """The whole page: the area, then the tabs (only the catalogue when the role sees no area)."""
    with st.container(key="ms_flash_slot"):  # always there: the tabs keep their place (and the open tab)
        show_flash()
    areas = areas_for(store)
    area_id: int | None = None
    if areas.empty:
        st.info(t("ms_no_areas", lang))
    else:
        names = dict(zip(areas["id"].astype(int), areas["name"], strict=True))
        if st.session_state.get("ms_area") not in names:
            st.session_state["ms_area"] = next(iter(names))
        area_id = st.selectbox(t("ms_area", lang), list(names), format_func=lambda i: names[i], key="ms_area")
        if not can_plan(store):
            st.caption(t("ms_read_only_rank" if can_rank(store) else "ms_read_only", lang))
    tabs = _tabs(store, area_id, lang)
    for tab, (_key, draw) in zip(st.tabs([t(k, lang) for k, _ in tabs], key="ms_tabs"), tabs, strict=True):
        with tab:
            draw()


__all__ = [
    "can_edit_catalogue", "can_plan", "can_rank", "decision_label", "flash", "measure_name", "measures_page",
    "seen_version", "show_flash", "when_text", "write_error",
]  # fmt: skip
