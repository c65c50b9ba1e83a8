"""The Keurmerk page: process progress of an area, its audit file (B4; the auditor records the result), the
regional overview of all areas and the Keurmerk application. The public role sees only the list of Keurmerk
holders and the active municipalities.

The progress tab is in ``keurmerk_progress``, the overview in ``keurmerk_overview``; the audit file and the
application are drawn here.
"""

from __future__ import annotations

import hashlib
from datetime import date

import streamlit as st

from gis.domain.roles import Action
from gis.i18n import t
from gis.partnership.codes import AUDIT_RESULTS, label
from gis.store.guard import GuardedStore
from gis.ui.downloads import download_button
from gis.ui.keurmerk_progress import page_link
from gis.ui.partnership_page import choose_area, show_flash, table, write
from gis.ui.state import allowed
from gis.ui.tab_links import open_linked_tab
from gis.ui.text import plain

ZIP = "application/zip"
TABS_KEY = "km_tabs"


def audit_tab(store: GuardedStore, area_id: int, lang: str) -> None:
    """The auditor's checklist (red where missing, with where to find or do each item), the ZIP, the audits."""
    from gis.partnership.audit_file import audit_checklist, audit_zip

    items = audit_checklist(store, area_id, lang)
    st.subheader(t("km_checklist", lang))
    st.caption(t("km_checklist_help", lang))
    st.markdown(t("km_checklist_counts", lang, present=sum(i.present for i in items), n=len(items)))
    detail = {i.key: i.detail_en if lang == "en" else i.detail for i in items}
    for item in items:
        icon, colour = (":material/check_circle:", "green") if item.present else (":material/cancel:", "red")
        with st.container(border=True, key=f"km_item_{item.key}"):
            st.markdown(f":{colour}[{icon} **{plain(item.title)}**] — {plain(detail[item.key])}")
            if not item.present:
                page_link(store, item.page, item.tab, lang, key=f"km_item_link_{item.key}")
    participants = next((i for i in items if i.key == "deelnemers"), None)
    if participants is not None and not participants.present:
        st.warning(t("km_zip_blocked", lang, msg=plain(detail["deelnemers"])), icon=":material/folder_off:")
    else:
        name = f"auditdossier_gebied_{area_id}.zip"
        download_button(t("km_zip", lang), lambda: audit_zip(store, area_id, lang), name, store=store,
                        resource="certification", what=f"auditdossier gebied {area_id}", key="km_zip", mime=ZIP,
                        icon=":material/folder_zip:")  # fmt: skip
    _audits(store, area_id, lang)


def _audits(store: GuardedStore, area_id: int, lang: str) -> None:
    st.subheader(t("km_audits", lang))
    audits = store.audits(area_id)
    if audits.empty:
        st.caption(t("km_no_audits", lang))
    else:
        shown = audits.assign(result_label=[label(AUDIT_RESULTS, r, lang) for r in audits["result"]])
        table(shown, {"audited_on": "km_col_audited_on", "result_label": "km_col_result", "notes": "km_col_notes",
                      "auditor": "km_col_auditor"}, lang, "km_audits_table")  # fmt: skip
    if not allowed(store, Action.UPDATE, "certification"):
        return
    with st.form("km_audit_form", clear_on_submit=True):
        st.markdown(f"**{t('km_record_audit', lang)}**")
        left, right = st.columns(2)
        when = left.date_input(t("km_audit_date", lang), value=date.today(), format="DD-MM-YYYY", key="km_audit_date")
        result = right.selectbox(t("km_audit_result", lang), list(AUDIT_RESULTS), key="km_audit_result",
                                 format_func=lambda r: label(AUDIT_RESULTS, r, lang))  # fmt: skip
        notes = st.text_area(t("km_audit_notes", lang), key="km_audit_notes")
        if st.form_submit_button(t("km_audit_save", lang)):
            write(lambda: store.record_audit(area_id, when, result, notes.strip(), store.principal.user),
                  lambda _: t("km_audit_saved", lang), lang)  # fmt: skip


def apply_tab(store: GuardedStore, area_id: int, lang: str) -> None:
    """The conditions, and (when met, for the role that applies) the recorded application with its package."""
    from gis.partnership.keurmerk import application_package, keurmerk_conditions

    missing = keurmerk_conditions(store, area_id, lang)
    st.subheader(t("km_conditions", lang))
    if missing:
        st.warning(t("km_conditions_missing", lang) + "\n" + "\n".join(f"- {plain(m)}" for m in missing))
    else:
        st.success(t("km_conditions_met", lang), icon=":material/verified:")
        if allowed(store, Action.CREATE, "certification") and st.button(t("km_apply", lang), key="km_apply"):
            package = application_package(store, area_id)
            digest = hashlib.sha256(package).hexdigest()
            st.session_state[f"km_package_{area_id}"] = package
            if not write(lambda: store.apply_keurmerk(area_id, store.principal.user, digest),
                         lambda _: t("km_applied", lang, sha=digest[:12]), lang):  # fmt: skip
                st.session_state.pop(f"km_package_{area_id}", None)
        package = st.session_state.get(f"km_package_{area_id}")
        if package:
            download_button(t("km_package", lang), package, f"keurmerkaanvraag_gebied_{area_id}.zip", store=store,
                            resource="certification", what=f"keurmerkaanvraag gebied {area_id}",
                            key="km_package_dl", mime=ZIP, icon=":material/download:")  # fmt: skip
    st.subheader(t("km_applications", lang))
    rows = store.keurmerk_applications(area_id)
    if rows.empty:
        st.caption(t("km_no_applications", lang))
    else:
        rows = rows.assign(sha=[str(s)[:16] + "…" for s in rows["package_sha256"]])
        table(rows, {"applied_at": "km_col_applied_on", "applied_by": "km_col_applied_by", "sha": "km_col_package"},
              lang, "km_applications_table")  # fmt: skip


def keurmerk_page(store: GuardedStore, lang: str) -> None:
    """The whole page: the public list only for the public; otherwise an area and the four tabs."""
    from gis.ui import keurmerk_overview, keurmerk_progress

    if not allowed(store, Action.VIEW, "partnership"):
        keurmerk_overview.public_overview(store, lang)
        return
    area_id = choose_area(store, lang, "km_area", "km_no_areas")
    if area_id is None:
        return
    show_flash()
    tabs = [
        ("km_tab_progress", lambda: keurmerk_progress.progress_tab(store, area_id, lang)),
        ("km_tab_audit", lambda: audit_tab(store, area_id, lang)),
        ("km_tab_overview", lambda: keurmerk_overview.overview_tab(store, lang)),
        ("km_tab_apply", lambda: apply_tab(store, area_id, lang)),
    ]
    # Only the chosen tab runs (the progress of every area, the checklist and the conditions take seconds).
    open_linked_tab(TABS_KEY, {k: t(k, lang) for k, _ in tabs})  # a "Naar ... › tab" link's tab
    shown = st.tabs([t(k, lang) for k, _ in tabs], key=TABS_KEY, on_change="rerun")
    for tab, (_key, draw) in zip(shown, tabs, strict=True):
        if tab.open is not False:
            with tab:
                draw()


__all__ = ["TABS_KEY", "apply_tab", "audit_tab", "keurmerk_page"]
