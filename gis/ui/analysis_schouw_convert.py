"""Turning a schouw finding into a dumping report (roles with ``create`` on dumpings and ``update`` on schouw):
the place of the finding, the walk's date as the found date, a chosen place and waste type, the finding's note.
The report is checked as the field form checks one (``gis.dumpings.prepare_report``); a report at the same site
is named first and saved only when the user says it is another site. A vacant-barn finding can become a barn
record (roles with ``create`` on barns). Either way the new record and the finding's mark are one write
(``add_dumping``/``add_barn`` with ``from_finding``): a finding is never converted twice, nor half.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from gis.analysis.schouw import dumping_values
from gis.domain.catalog import SOURCE_BY_CODE, SOURCE_ORGS, label
from gis.domain.dumping_form import FormError
from gis.domain.roles import Action, PermissionDenied, Role
from gis.dumpings import Prepared, dumping_choices, prepare_report, recheck
from gis.i18n import t
from gis.store.codelists import code_labeller
from gis.store.errors import DuplicateSiteError, StoreError
from gis.store.guard import GuardedStore
from gis.ui.dumping_form import now_nl
from gis.ui.state import allowed, require_user
from gis.ui.text import plain

_ORG_OF_ROLE = {Role.INSPECTOR: "omgevingsdienst", Role.ANALYST: "politie"}


def _save(store: GuardedStore, fid: int, prepared: Prepared, lang: str) -> None:
    """Write the report and mark the finding; on a report logged at the spot meanwhile, name it again."""
    if not (user := require_user(lang)):
        return
    try:
        new_id = store.add_dumping(prepared.record, user, [], seen_nearby=prepared.seen_nearby, from_finding=fid)
    except DuplicateSiteError as exc:
        st.session_state[f"sw_conv_{fid}"] = recheck(prepared, store, exc)  # named below; saved on "anyway"
        return
    except (StoreError, PermissionDenied) as exc:  # nothing was written: neither the report nor the mark
        st.error(plain(exc))
        return
    st.session_state.pop(f"sw_conv_{fid}", None)
    st.session_state["sw_flash"] = t("sw_conv_done", lang, fid=fid, id=new_id)
    st.rerun()


def _check(store: GuardedStore, finding: dict[str, Any], lang: str) -> None:
    fid = int(finding["id"])
    s = st.session_state
    values = dumping_values(finding, s.get(f"sw_conv_place_{fid}"), s.get(f"sw_conv_waste_{fid}"),
                            s.get(f"sw_conv_org_{fid}"))  # fmt: skip
    try:
        prepared = prepare_report(store, values, [], now_nl())
    except FormError as exc:
        st.error(t("sw_not_saved", lang) + "\n" + "\n".join(f"- {plain(e)}" for e in exc.errors),
                 icon=":material/error:")  # fmt: skip
        return
    if len(prepared.duplicates):
        s[f"sw_conv_{fid}"] = prepared
        return
    _save(store, fid, prepared, lang)


def _dumping_form(store: GuardedStore, finding: dict[str, Any], lang: str) -> None:
    fid = int(finding["id"])
    choices = dumping_choices(store)
    st.caption(t("sw_conv_help", lang))
    for field, title in (("place", "f_place"), ("waste", "f_waste")):
        name = f"{field}_type"
        st.selectbox(t(title, lang), choices[name], index=None, placeholder=t("choose", lang),
                     key=f"sw_conv_{field}_{fid}",
                     format_func=code_labeller(store, name, lang))  # fmt: skip
    orgs = [o.code for o in SOURCE_ORGS]
    default = _ORG_OF_ROLE.get(store.principal.role, "gemeente")
    st.selectbox(t("f_reporter_org", lang), orgs, index=orgs.index(default), key=f"sw_conv_org_{fid}",
                 format_func=lambda c: label(SOURCE_BY_CODE[c].name, lang))  # fmt: skip
    if st.button(t("sw_conv_button", lang), key=f"sw_conv_go_{fid}", type="primary", width="stretch",
                 icon=":material/report:"):  # fmt: skip
        _check(store, finding, lang)
    pending: Prepared | None = st.session_state.get(f"sw_conv_{fid}")
    if pending is not None and len(pending.duplicates):
        ids = ", ".join(str(int(i)) for i in pending.duplicates["id"])
        st.warning(t("sw_conv_duplicates", lang, ids=ids), icon=":material/content_copy:")
        if st.button(t("sw_conv_anyway", lang), key=f"sw_conv_anyway_{fid}", width="stretch"):
            _save(store, fid, pending, lang)


def _save_barn(store: GuardedStore, finding: dict[str, Any], lang: str) -> None:
    """Register the vacant barn at the finding's place, its note as risk notes, and mark the finding (one write)."""
    if not (user := require_user(lang)):
        return
    fid = int(finding["id"])
    record = {"x": float(finding["x"]), "y": float(finding["y"]), "status": "geregistreerd",
              "risk_notes": str(finding.get("note") or "") or None,
              "source_org": _ORG_OF_ROLE.get(store.principal.role, "gemeente")}  # fmt: skip
    try:
        barn_id = store.add_barn(record, user, from_finding=fid)
    except (StoreError, PermissionDenied) as exc:
        st.error(plain(exc))
        return
    st.session_state["sw_flash"] = t("sw_conv_barn_done", lang, fid=fid, id=barn_id)
    st.rerun()


def convert_controls(store: GuardedStore, finding: dict[str, Any], lang: str) -> None:
    """What a finding can become, for the roles that may make it: a dumping report (form in an expander) and,
    for a vacant barn, a barn record."""
    may_mark = allowed(store, Action.UPDATE, "schouw")
    if may_mark and allowed(store, Action.CREATE, "dumpings"):
        with st.expander(t("sw_conv_title", lang), icon=":material/report:"):
            _dumping_form(store, finding, lang)
    barn = may_mark and allowed(store, Action.CREATE, "barns") and finding.get("category") == "leegstaande schuur"
    if barn and st.button(t("sw_conv_barn", lang), key=f"sw_conv_barn_{int(finding['id'])}",
                          help=t("sw_conv_barn_help", lang), width="stretch", icon=":material/warehouse:"):  # fmt: skip
        _save_barn(store, finding, lang)


__all__ = ["convert_controls"]
