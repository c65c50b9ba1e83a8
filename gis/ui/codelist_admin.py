"""The administrator's code-list editor (Beheer): add, rename and retire values of the incident categories per
source organisation, waste types and place types, with the history of every change. Statuses are fixed in code.

Every change goes through the guarded store, which allows it to administrators only and writes the audit log.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from gis.domain.catalog import CODE_LIST_LABELS, CODE_LISTS, SOURCE_BY_CODE, SOURCE_ORGS
from gis.i18n import t
from gis.store import StoreError
from gis.store.guard import GuardedStore
from gis.ui.text import plain


def _list_choice(lang: str) -> tuple[str, str]:
    c1, c2 = st.columns(2)
    name = c1.selectbox(t("cl_list", lang), CODE_LISTS, key="cl_list",
                        format_func=lambda n: CODE_LIST_LABELS[n][lang])  # fmt: skip
    owner = ""
    if name == "category":
        owner = c2.selectbox(t("cl_owner", lang), [o.code for o in SOURCE_ORGS], key="cl_owner",
                             format_func=lambda c: SOURCE_BY_CODE[c].name)  # fmt: skip
    return str(name), str(owner)


def _values_table(values: pd.DataFrame, lang: str) -> None:
    when = values["retired_at"].map(lambda v: "" if pd.isna(v) else pd.Timestamp(v).strftime("%d-%m-%Y"))
    shown = pd.DataFrame({"a": values["code"], "b": values["label_nl"], "c": values["label_en"].fillna(""), "d": when})
    shown.columns = t("cl_cols", lang).split("|")
    st.dataframe(shown, hide_index=True, width="stretch", key="cl_values")


def _add_form(store: GuardedStore, name: str, owner: str, lang: str) -> None:
    with st.form("cl_add_form", clear_on_submit=True):
        st.markdown(f"**{t('cl_add', lang)}**")
        c1, c2, c3 = st.columns(3)
        code = c1.text_input(t("cl_code", lang), max_chars=100, key="cl_new_code")
        nl = c2.text_input(t("cl_label_nl", lang), max_chars=100, key="cl_new_nl")
        en = c3.text_input(t("cl_label_en", lang), max_chars=100, key="cl_new_en")
        if st.form_submit_button(t("cl_add_go", lang), icon=":material/add:"):
            _apply(lambda: store.add_code_value(name, owner, code, nl or code, en, store.principal.user), code, lang)


def _edit_form(store: GuardedStore, name: str, owner: str, values: pd.DataFrame, lang: str) -> None:
    active = values[values["retired_at"].isna()]
    if active.empty:
        return
    with st.form("cl_edit_form"):
        st.markdown(f"**{t('cl_edit', lang)}**")
        labels = dict(zip(active["code"], active["label_nl"], strict=True))
        code = st.selectbox(t("cl_which", lang), list(labels), key="cl_edit_code",
                            format_func=lambda c: f"{c} ({labels[c]})" if labels[c] != c else c)  # fmt: skip
        c1, c2 = st.columns(2)
        nl = c1.text_input(t("cl_label_nl", lang), max_chars=100, key="cl_edit_nl")
        en = c2.text_input(t("cl_label_en", lang), max_chars=100, key="cl_edit_en")
        b1, b2 = st.columns(2)
        if b1.form_submit_button(t("cl_rename_go", lang), icon=":material/edit:"):
            row = active[active["code"] == code].iloc[0]
            _apply(lambda: store.rename_code_value(name, owner, code, nl or row["label_nl"], en or row["label_en"],
                                                   store.principal.user), code, lang)  # fmt: skip
        if b2.form_submit_button(t("cl_retire_go", lang), icon=":material/block:"):
            _apply(lambda: store.retire_code_value(name, owner, code, store.principal.user), code, lang)


def _apply(change: object, code: str, lang: str) -> None:
    try:
        change()  # type: ignore[operator]
    except StoreError as exc:
        st.error(plain(exc))
        return
    st.session_state["cl_flash"] = t("cl_done", lang, code=code)
    st.rerun()


def _history(store: GuardedStore, lang: str) -> None:
    history = store.code_history()
    if history.empty:
        return
    st.subheader(t("cl_history", lang))
    shown = history[["changed_at", "user_name", "list_name", "owner", "code", "action", "old_value", "new_value"]]
    shown = shown.assign(changed_at=shown["changed_at"].map(lambda v: pd.Timestamp(v).strftime("%d-%m-%Y %H:%M")))
    shown.columns = t("cl_hist_cols", lang).split("|")
    st.dataframe(shown.head(500), hide_index=True, width="stretch", key="cl_history_table")


def codelist_page(store: GuardedStore, lang: str) -> None:
    """The editor: choose a list (and organisation), see its values, add, rename, retire; the history below."""
    st.caption(t("cl_intro", lang))
    if msg := st.session_state.pop("cl_flash", None):
        st.success(plain(msg), icon=":material/check_circle:")
    name, owner = _list_choice(lang)
    values = store.code_values(name, owner, include_retired=True)
    _values_table(values, lang)
    _add_form(store, name, owner, lang)
    _edit_form(store, name, owner, values, lang)
    _history(store, lang)
