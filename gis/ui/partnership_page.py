"""The Samenwerking page (steps A2–A5): choose an area; tabs for the participants, the objectives and agreements,
the meetings with minutes and action items, and the declaration of intent and the covenant.

The tabs live in ``partnership_people``, ``partnership_meetings`` and ``partnership_documents``; this module
holds the page frame and what they share (the area choice, the written message after a save, error display).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from gis.domain.roles import Action, PermissionDenied
from gis.i18n import t
from gis.io.attachments import AttachmentError
from gis.partnership.codes import AGREEMENT_KINDS, label
from gis.store import ConflictError, StoreError
from gis.store.guard import GuardedStore
from gis.store.guard_scope import area_in_scope
from gis.ui.state import allowed
from gis.ui.text import plain

FLASH_KEY = "ps_flash"


def partnership_areas(store: GuardedStore) -> pd.DataFrame:
    """The saved areas in the signed-in role's scope (``id``, ``name``), by name."""
    areas = store.areas()
    keep = []
    for row in areas.sort_values("name").itertuples():
        try:
            area_in_scope(store.principal, store, int(row.id))
        except PermissionDenied:
            continue
        keep.append((int(row.id), str(row.name)))
    return pd.DataFrame(keep, columns=["id", "name"])


def choose_area(store: GuardedStore, lang: str, key: str, empty_key: str) -> int | None:
    """A select box of the areas in scope (None, after saying so, when there are none)."""
    areas = partnership_areas(store)
    if areas.empty:
        st.info(t(empty_key, lang))
        return None
    names = dict(zip(areas["id"], areas["name"], strict=True))
    return st.selectbox(t("ps_area", lang), list(names), format_func=lambda i: names[i], key=key)


def flash(message: str) -> None:
    """Remember ``message`` to show after the rerun that follows a save."""
    st.session_state[FLASH_KEY] = message


def show_flash() -> None:
    """Show (once) the message a save left."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check:")


def write(action: Callable[[], Any], message: Callable[[Any], str], lang: str) -> bool:
    """Run one store write; on success remember ``message(result)`` and rerun, on a refusal show the Dutch
    (or English) reason and that nothing changed. Returns False when it was refused."""
    try:
        result = action()
    except ConflictError as exc:
        st.error(exc.message(lang) + " " + t("ps_nothing_changed", lang))
        return False
    except (StoreError, PermissionDenied, AttachmentError, ValueError) as exc:
        st.error(plain(str(exc)) + " " + t("ps_nothing_changed", lang))
        return False
    flash(message(result))
    st.rerun()
    return True


def day(value: object) -> str:
    """A date as dd-mm-jjjj ("" when missing)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return pd.Timestamp(value).strftime("%d-%m-%Y")


def as_date(value: object) -> date | None:
    """A stored date (or timestamp) as a ``date`` (None when missing)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def table(frame: pd.DataFrame, columns: dict[str, str], lang: str, key: str) -> None:
    """``frame``'s ``columns`` (renamed to their text keys' labels) as a plain table; dates as dd-mm-jjjj."""
    shown = frame[list(columns)].copy()
    for col in shown.columns:
        if col.endswith("_on") or col.endswith("_at"):
            shown[col] = [day(v) for v in shown[col]]
    st.dataframe(shown.rename(columns={c: t(k, lang) for c, k in columns.items()}), hide_index=True,
                 width="stretch", key=key)  # fmt: skip


def _plan_objectives(store: GuardedStore, area_id: int) -> pd.DataFrame:
    """The plan's measurable objectives (empty when the role may not read the plan)."""
    try:
        return store.objectives(area_id)
    except PermissionDenied:
        return pd.DataFrame(columns=["id", "text"])


def goals_tab(store: GuardedStore, area_id: int, lang: str) -> None:
    """Objectives in words (linked to the plan's measurable objectives) and the agreements on decision-making and
    communication; the roles that may keep the partnership's records add and delete them."""
    rows = store.agreements(area_id)
    plan = _plan_objectives(store, area_id)
    linked = {int(r.id): str(r.text) for r in plan.itertuples()}
    links = [linked.get(int(o), "") if pd.notna(o) else "" for o in rows["objective_id"]]
    rows = rows.assign(kind_label=[label(AGREEMENT_KINDS, k, lang) for k in rows["kind"]], linked=links)
    goals, other = rows[rows["kind"] == "doel"], rows[rows["kind"] != "doel"]
    st.subheader(t("ps_objectives", lang))
    if goals.empty:
        st.caption(t("ps_no_objectives", lang))
    else:
        table(goals, {"text": "ps_col_text", "linked": "ps_col_linked"}, lang, "ps_goals_table")
    writer = allowed(store, Action.CREATE, "partnership")  # only who can add is told how to link
    st.caption(
        t("ps_plan_objectives", lang, n=len(plan))
        + (f" {t('ps_plan_objectives_link', lang)}" if writer and len(plan) else "")
    )
    st.subheader(t("ps_agreements", lang))
    if other.empty:
        st.caption(t("ps_no_agreements", lang))
    else:
        table(other, {"kind_label": "ps_col_kind", "text": "ps_col_text"}, lang, "ps_agreements_table")
    if allowed(store, Action.CREATE, "partnership"):
        _agreement_form(store, area_id, linked, lang)
    if allowed(store, Action.DELETE, "partnership") and len(rows):
        _delete_agreement(store, rows, lang)


def _agreement_form(store: GuardedStore, area_id: int, linked: dict[int, str], lang: str) -> None:
    with st.expander(t("ps_add_agreement", lang), key="ps_exp_add_agreement", icon=":material/add:"):
        with st.form("ps_agreement_form", clear_on_submit=True):
            kind = st.selectbox(t("ps_agreement_kind", lang), list(AGREEMENT_KINDS),
                                format_func=lambda k: label(AGREEMENT_KINDS, k, lang), key="ps_ag_kind")  # fmt: skip
            text = st.text_area(t("ps_agreement_text", lang), key="ps_ag_text")
            options = [None, *linked]
            none = t("ps_no_link", lang)
            objective = st.selectbox(t("ps_linked_objective", lang), options, key="ps_ag_objective",
                                     format_func=lambda o: none if o is None else linked[o])  # fmt: skip
            if not st.form_submit_button(t("ps_save_agreement", lang)):
                return
        if not text.strip():
            st.error(t("ps_empty_text", lang))
            return
        record = {"kind": kind, "text": text.strip(), "objective_id": objective}
        write(lambda: store.save_agreement(area_id, record, store.principal.user),
              lambda i: t("ps_agreement_saved", lang, id=i), lang)  # fmt: skip


def _delete_agreement(store: GuardedStore, rows: pd.DataFrame, lang: str) -> None:
    with st.expander(t("ps_delete_agreement", lang), key="ps_exp_delete_agreement", icon=":material/delete:"):
        texts = {int(r.id): f"{r.kind_label}: {str(r.text)[:80]}" for r in rows.itertuples()}
        which = st.selectbox(t("ps_delete_which", lang), list(texts), format_func=texts.get, key="ps_ag_delete")
        if st.button(t("ps_delete_button", lang), key="ps_ag_delete_btn"):
            write(lambda: store.delete_agreement(int(which), store.principal.user), lambda _: t("ps_deleted", lang),
                  lang)  # fmt: skip


def partnership_page(store: GuardedStore, lang: str) -> None:
    """The whole page: the area, then the four tabs."""
    from gis.ui import partnership_documents, partnership_meetings, partnership_people

    area_id = choose_area(store, lang, "ps_area", "ps_no_areas")
    if area_id is None:
        return
    show_flash()
    tabs = [
        ("ps_tab_people", lambda: partnership_people.people_tab(store, area_id, lang)),
        ("ps_tab_goals", lambda: goals_tab(store, area_id, lang)),
        ("ps_tab_meetings", lambda: partnership_meetings.meetings_tab(store, area_id, lang)),
        ("ps_tab_documents", lambda: partnership_documents.documents_tab(store, area_id, lang)),
    ]
    # keyed: the open tab stays open when a message appears above the tabs after a click (a rerun)
    for tab, (_key, draw) in zip(st.tabs([t(k, lang) for k, _ in tabs], key="ps_tabs"), tabs, strict=True):
        with tab:
            draw()


__all__ = ["as_date", "choose_area", "day", "flash", "partnership_areas", "partnership_page", "table", "write"]
