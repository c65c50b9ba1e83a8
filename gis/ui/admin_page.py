"""Administration: accounts (create, disable, lift a sign-in lock) for the administrator, and the audit log
(view, export) for the administrator and the auditor. Every action goes through ``gis.auth`` or the guarded store."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from gis import auth
from gis.clock import now_nl
from gis.domain.catalog import Layer
from gis.domain.retention import MAX_YEARS, MIN_YEARS, check_rule, cutoff
from gis.domain.roles import ROLE_LABELS, Action, Role
from gis.i18n import t
from gis.io.csv_export import to_csv_bytes
from gis.io.xlsx_export import DATETIME, XLSX_MIME, table_xlsx
from gis.store.guard import GuardedStore
from gis.ui.downloads import download_button


def accounts_page(store: GuardedStore, lang: str) -> None:
    """The accounts table and the new-account form."""
    frame = store.accounts()
    shown = frame.assign(role=frame["role"].map(lambda r: ROLE_LABELS[Role(r)][lang]))
    shown.columns = t("ad_cols", lang).split("|")
    st.dataframe(shown, hide_index=True, width="stretch")
    with st.form("ad_new", clear_on_submit=False):
        st.subheader(t("ad_new", lang))
        c1, c2 = st.columns(2)
        user = c1.text_input(t("lg_user", lang), max_chars=60)
        display = c2.text_input(t("lg_display", lang), max_chars=120)
        role = c1.selectbox(
            t("ad_role", lang), [r.value for r in Role], format_func=lambda r: ROLE_LABELS[Role(r)][lang]
        )
        scope = c2.text_input(t("ad_scope", lang), value="*", help=t("ad_scope_help", lang), max_chars=500)
        password = c1.text_input(t("lg_password", lang), type="password", max_chars=200)
        repeat = c2.text_input(t("lg_repeat", lang), type="password", max_chars=200)
        if st.form_submit_button(t("lg_create", lang), type="primary"):
            bare = store.unguarded(Action.CREATE, "accounts")
            problems = auth.create_account(bare, store.principal, user, display, role, scope, password, repeat)
            for problem in problems:
                st.error(problem)
            if not problems:
                st.success(t("ad_created", lang, name=user.strip().casefold()))
    names = [n for n in frame["username"] if n != store.principal.user]
    if notice := st.session_state.pop("ad_notice", None):
        st.success(notice)
    if names:
        c1, c2, c3 = st.columns([2, 1, 1], vertical_alignment="bottom")
        who = c1.selectbox(t("lg_user", lang), names, key="ad_who")
        row = frame.set_index("username").loc[who]
        disabled = not pd.isna(row["disabled_at"])
        if c2.button(t("ad_enable" if disabled else "ad_disable", lang), key="ad_toggle"):
            auth.set_disabled(store.unguarded(Action.UPDATE, "accounts"), store.principal, who, not disabled)
            st.rerun()
        locked = not pd.isna(row["locked_until"]) or int(row["locked_sources"]) > 0 or int(row["failed_logins"]) > 0
        if c3.button(t("ad_unlock", lang), key="ad_unlock", disabled=not locked, help=t("ad_unlock_help", lang)):
            auth.unlock_account(store.unguarded(Action.UPDATE, "accounts"), store.principal, who)
            st.session_state["ad_notice"] = t("ad_unlocked", lang, name=who)
            st.rerun()


def audit_page(store: GuardedStore, lang: str) -> None:
    """The audit log, newest first, filtered by user and action, downloadable as CSV (itself logged)."""
    st.caption(t("au_intro", lang))
    log = store.audit_log(limit=20_000)
    c1, c2 = st.columns(2)
    users = [t("au_all", lang), *sorted(log["user_name"].dropna().unique())]
    actions = [t("au_all", lang), *sorted(log["action"].dropna().unique())]
    user = c1.selectbox(t("au_user", lang), users, key="au_user")
    action = c2.selectbox(t("au_action", lang), actions, key="au_action")
    if user != users[0]:
        log = log[log["user_name"] == user]
    if action != actions[0]:
        log = log[log["action"] == action]
    shown = log.copy()
    shown.columns = t("au_cols", lang).split("|")
    st.dataframe(shown, hide_index=True, width="stretch", height=520)
    c1, c2 = st.columns(2)
    download_button(t("au_csv", lang), partial(to_csv_bytes, log), "auditlog.csv", store=store, resource="audit",
                    what=f"auditlog als CSV, {len(log)} regels", key="au_dl", mime="text/csv",
                    container=c1)  # fmt: skip
    download_button(f"{t('au_title', lang)} (Excel)", partial(audit_xlsx, log, lang), "auditlog.xlsx", store=store,
                    resource="audit", what=f"auditlog als XLSX, {len(log)} regels", key="au_dlx", mime=XLSX_MIME,
                    container=c2)  # fmt: skip


def audit_xlsx(log: pd.DataFrame, lang: str) -> bytes:
    """The audit lines as shown (headers in ``lang``) as .xlsx: numbers numeric, times as Excel dates, the
    detail text inert (it holds user input such as names and file names)."""
    shown = log.copy()
    shown.columns = t("au_cols", lang).split("|")
    return table_xlsx(shown, t("au_title", lang), {shown.columns[0]: "0", shown.columns[1]: DATETIME})


def retention_page(store: GuardedStore, lang: str) -> None:
    """Retention rules per layer; a dry run lists what would go; the run removes it (and is logged)."""
    st.caption(t("rt_intro", lang))
    today = now_nl().date()
    for rule in store.retention_rules():
        label = t(f"layer_{rule.layer.value}", lang)
        with st.container(border=True):
            st.markdown(f"**{label}**")
            c1, c2, c3 = st.columns([1, 1, 1], vertical_alignment="bottom")
            years = c1.number_input(t("rt_years", lang), MIN_YEARS, MAX_YEARS, rule.years, key=f"rt_y_{rule.layer}")
            closed = rule.only_closed
            if rule.layer is Layer.DUMPINGS:
                closed = c2.checkbox(t("rt_closed", lang), value=rule.only_closed, key=f"rt_c_{rule.layer}")
            if c3.button(t("rt_save", lang), key=f"rt_s_{rule.layer}"):
                try:
                    store.set_retention_rule(check_rule(rule.layer.value, years, closed), store.principal.user)
                except ValueError as exc:
                    st.error(str(exc))
                else:
                    st.rerun()
            before = cutoff(today, rule.years)
            gone = store.retention_candidates(rule, before)
            st.caption(t("rt_dry", lang, n=len(gone), date=f"{before:%d-%m-%Y}"))
            if len(gone):
                st.dataframe(gone.head(200), hide_index=True, width="stretch", height=180)
                confirm = st.checkbox(t("rt_confirm", lang, n=len(gone)), key=f"rt_ok_{rule.layer}")
                if st.button(t("rt_run", lang), key=f"rt_r_{rule.layer}", disabled=not confirm, type="primary"):
                    n = store.remove_records(rule.layer, gone["id"].astype(int).tolist(),
                                             f"bewaartermijn {rule.years} jaar (voor {before:%d-%m-%Y})")  # fmt: skip
                    st.success(t("rt_done", lang, n=n))
