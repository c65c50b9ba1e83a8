"""The Deelnemers tab of the Samenwerking page (step A2): organisations by kind, their representatives with role
and contact (personal data: only roles that may see contacts), erasure on request, and who signed what and when.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gis.domain.roles import Action
from gis.i18n import t
from gis.partnership.codes import DOCUMENTS, ORGANISATION_KINDS, label
from gis.store.guard import GuardedStore
from gis.ui.partnership_page import day, table, write
from gis.ui.state import allowed
from gis.ui.text import plain


def active_participants(store: GuardedStore, area_id: int) -> pd.DataFrame:
    """The area's participants that have not left, by kind and name."""
    rows = store.participants(area_id)
    if "removed_at" in rows.columns:
        rows = rows[rows["removed_at"].isna()]
    order = {k: i for i, k in enumerate(ORGANISATION_KINDS)}
    return rows.assign(_o=[order.get(str(k), 99) for k in rows["kind"]]).sort_values(["_o", "organisation"])


def _signed_text(signs: pd.DataFrame, lang: str) -> str:
    return ", ".join(f"{label(DOCUMENTS, r.document, lang)} ({day(r.signed_on)})" for r in signs.itertuples())


def people_tab(store: GuardedStore, area_id: int, lang: str) -> None:
    """Organisations (with what they signed), representatives where allowed, and the signatures."""
    parts = active_participants(store, area_id)
    signs = store.signatures(area_id)
    st.subheader(t("ps_orgs", lang))
    if parts.empty:
        st.caption(t("ps_no_participants", lang))
    else:
        signed = {int(pid): _signed_text(group, lang) for pid, group in signs.groupby("participant_id")}
        shown = parts.assign(kind_label=[label(ORGANISATION_KINDS, k, lang) for k in parts["kind"]],
                             signed=[signed.get(int(i), "") for i in parts["id"]])  # fmt: skip
        table(shown, {"organisation": "ps_col_organisation", "kind_label": "ps_col_kind",
                      "joined_on": "ps_col_joined", "signed": "ps_col_signed"}, lang, "ps_orgs_table")  # fmt: skip
    if allowed(store, Action.CREATE, "partnership"):
        _participant_form(store, area_id, lang)
    if allowed(store, Action.DELETE, "partnership") and len(parts):
        _remove_form(store, parts, lang)
    st.subheader(t("ps_reps", lang))
    if allowed(store, Action.VIEW, "contacts"):
        _representatives(store, area_id, parts, lang)
    else:
        st.info(t("ps_reps_hidden", lang), icon=":material/lock:")
    st.subheader(t("ps_signed", lang))
    if signs.empty:
        st.caption(t("ps_no_signatures", lang))
    else:
        shown = signs.assign(doc=[label(DOCUMENTS, d, lang) for d in signs["document"]])
        table(shown, {"doc": "ps_col_document", "organisation": "ps_col_organisation",
                      "signed_on": "ps_col_signed_on", "recorded_by": "ps_col_recorded_by"}, lang,
              "ps_signatures_table")  # fmt: skip


def _participant_form(store: GuardedStore, area_id: int, lang: str) -> None:
    with st.expander(t("ps_add_participant", lang), key="ps_exp_add_participant", icon=":material/add_business:"):
        with st.form("ps_participant_form", clear_on_submit=True):
            name = st.text_input(t("ps_organisation", lang), key="ps_pt_name")
            kind = st.selectbox(t("ps_kind", lang), list(ORGANISATION_KINDS), key="ps_pt_kind",
                                format_func=lambda k: label(ORGANISATION_KINDS, k, lang))  # fmt: skip
            joined = st.date_input(t("ps_joined_on", lang), value=date.today(), format="DD-MM-YYYY",
                                   key="ps_pt_joined")  # fmt: skip
            if not st.form_submit_button(t("ps_save_participant", lang)):
                return
        record = {"organisation": name.strip(), "kind": kind, "joined_on": joined}
        write(lambda: store.save_participant(area_id, record, store.principal.user),
              lambda _: t("ps_participant_saved", lang, name=plain(record["organisation"])), lang)  # fmt: skip


def _remove_form(store: GuardedStore, parts: pd.DataFrame, lang: str) -> None:
    names = dict(zip(parts["id"].astype(int), parts["organisation"].astype(str), strict=True))
    with st.expander(t("ps_remove_participant", lang), key="ps_exp_remove_participant", icon=":material/group_remove:"):
        which = st.selectbox(t("ps_remove_which", lang), list(names), format_func=names.get, key="ps_rm_which")
        reason = st.text_input(t("ps_remove_reason", lang), key="ps_rm_reason")
        if st.button(t("ps_remove_button", lang), key="ps_rm_btn"):
            write(lambda: store.remove_participant(int(which), store.principal.user, reason.strip()),
                  lambda _: t("ps_removed", lang, name=plain(names[which])), lang)  # fmt: skip


def _representatives(store: GuardedStore, area_id: int, parts: pd.DataFrame, lang: str) -> None:
    """The representatives' names, roles and contact details (the caller checked the role may see them)."""
    reps = store.representatives(area_id)
    names = dict(zip(parts["id"].astype(int), parts["organisation"].astype(str), strict=True))
    if reps.empty:
        st.caption(t("ps_no_reps", lang))
    else:
        erased = reps["erased_at"].notna()
        shown = reps.assign(org=[names.get(int(p), "") for p in reps["participant_id"]],
                            name=reps["name"].where(~erased, t("ps_erased_row", lang)))  # fmt: skip
        table(shown, {"org": "ps_col_organisation", "name": "ps_col_name", "role_title": "ps_col_role",
                      "email": "ps_col_email", "phone": "ps_col_phone"}, lang, "ps_reps_table")  # fmt: skip
    if allowed(store, Action.CREATE, "contacts") and names:
        _rep_form(store, names, lang)
    live = reps[reps["erased_at"].isna()] if len(reps) else reps
    if allowed(store, Action.DELETE, "contacts") and len(live):
        with st.expander(t("ps_erase", lang), key="ps_exp_erase", icon=":material/person_remove:"):
            st.caption(t("ps_erase_help", lang))
            who = {int(r.id): f"{r.name} ({names.get(int(r.participant_id), '')})" for r in live.itertuples()}
            rep = st.selectbox(t("ps_erase_which", lang), list(who), format_func=who.get, key="ps_erase_which")
            if st.button(t("ps_erase_button", lang), key="ps_erase_btn", type="primary"):
                write(lambda: store.erase_representative(int(rep), store.principal.user),
                      lambda _: t("ps_erased", lang), lang)  # fmt: skip


def _rep_form(store: GuardedStore, names: dict[int, str], lang: str) -> None:
    with st.expander(t("ps_add_rep", lang), key="ps_exp_add_rep", icon=":material/person_add:"):
        with st.form("ps_rep_form", clear_on_submit=True):
            pid = st.selectbox(t("ps_rep_participant", lang), list(names), format_func=names.get, key="ps_rep_pid")
            name = st.text_input(t("ps_rep_name", lang), key="ps_rep_name")
            role = st.text_input(t("ps_rep_role", lang), key="ps_rep_role")
            left, right = st.columns(2)
            email = left.text_input(t("ps_rep_email", lang), key="ps_rep_email")
            phone = right.text_input(t("ps_rep_phone", lang), key="ps_rep_phone")
            if not st.form_submit_button(t("ps_save_rep", lang)):
                return
        record = {"name": name.strip(), "role_title": role.strip(), "email": email.strip(), "phone": phone.strip()}
        write(lambda: store.save_representative(int(pid), record, store.principal.user),
              lambda _: t("ps_rep_saved", lang, name=plain(record["name"])), lang)  # fmt: skip


__all__ = ["active_participants", "people_tab"]
