"""The Intentieverklaring en convenant tab of the Samenwerking page (step A5): the draft declaration of intent as
DOCX, signing dates per party, the covenant's obligations per party and the covenant as DOCX (each made on a click;
a failure said in words, the page goes on).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from gis.domain.roles import Action
from gis.i18n import t
from gis.partnership.codes import COVENANT_REQUIRED, DOCUMENTS, ORGANISATION_KINDS, label
from gis.store.errors import StoreError
from gis.store.guard import GuardedStore
from gis.ui.downloads import download_button
from gis.ui.partnership_page import day, table, write
from gis.ui.partnership_people import active_participants
from gis.ui.state import allowed
from gis.ui.text import plain

_LOG = logging.getLogger("veilig_buitengebied")


def signed_line(signs: pd.DataFrame, document: str, lang: str) -> str:
    """The line "<document>: signed by A (date), B (date)." or "... not signed yet." (names escaped)."""
    rows = signs[signs["document"] == document]
    name = label(DOCUMENTS, document, lang).capitalize()
    if rows.empty:
        return t("ps_unsigned", lang, document=name)
    parties = ", ".join(f"{plain(r.organisation)} ({day(r.signed_on)})" for r in rows.itertuples())
    return t("ps_signed_by", lang, document=name, parties=parties)


def missing_parties(parts: pd.DataFrame, lang: str) -> list[str]:
    """The kinds of organisation a covenant needs that are not among ``parts`` (labels)."""
    have = set(parts["kind"].astype(str))
    return [label(ORGANISATION_KINDS, k, lang) for k in COVENANT_REQUIRED if k not in have]


def _docx(store: GuardedStore, area_id: int, document: str, lang: str) -> None:
    """The document as DOCX: made on the click of its button (building it, with its map, on every run would be
    slow), then offered for download. A failure is said in words and the page goes on: the store's (Dutch)
    message for what is missing, a general message (nothing more) for any other error, which is logged."""
    from gis.reports import covenant

    make: Callable[[GuardedStore, int], bytes] = (
        covenant.declaration_docx if document == "intentieverklaring" else covenant.covenant_docx
    )
    key = "ps_declaration" if document == "intentieverklaring" else "ps_covenant"
    if not st.button(t(f"{key}_make", lang), key=f"ps_make_{document}", icon=":material/description:"):
        return
    name = label(DOCUMENTS, document, lang).capitalize()
    try:
        with st.spinner(t("ps_docx_busy", lang)):
            data = make(store, area_id)
    except StoreError as exc:  # what is missing (parties, the area), in Dutch
        st.error(plain(str(exc)), icon=":material/error:")
        return
    except Exception:  # a document that cannot be made must not break the page; the detail goes to the log
        _LOG.exception("%s van gebied %s kon niet worden gemaakt", document, area_id)
        st.error(t("ps_docx_failed", lang, document=name), icon=":material/error:")
        return
    st.caption(t("ps_docx_ready", lang, document=name))
    download_button(t(f"{key}_download", lang), data, f"{document}_gebied_{area_id}.docx", store=store,
                    resource="partnership", what=f"{document} gebied {area_id}", key=f"ps_dl_{document}",
                    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    icon=":material/download:")  # fmt: skip


def documents_tab(store: GuardedStore, area_id: int, lang: str) -> None:
    """Declaration (draft, signatures), then the covenant (obligations, signatures, DOCX)."""
    parts = active_participants(store, area_id)
    signs = store.signatures(area_id)
    st.subheader(t("ps_declaration", lang))
    st.caption(t("ps_declaration_help", lang))
    writer = allowed(store, Action.CREATE, "partnership")  # only who can act is told what to do
    if parts.empty:
        st.info(t("ps_need_participants" if writer else "ps_need_participants_view", lang))
        return
    _docx(store, area_id, "intentieverklaring", lang)
    st.markdown(signed_line(signs, "intentieverklaring", lang))
    if writer:
        _sign_form(store, area_id, parts, lang)
    st.subheader(t("ps_covenant", lang))
    st.caption(t("ps_covenant_help", lang))
    _obligations(store, area_id, parts, lang)
    if lacking := missing_parties(parts, lang):
        key = "ps_covenant_lacks" if writer else "ps_covenant_lacks_view"
        st.warning(t(key, lang, parties=", ".join(lacking)), icon=":material/warning:")
    else:
        _docx(store, area_id, "convenant", lang)
    st.markdown(signed_line(signs, "convenant", lang))


def _sign_form(store: GuardedStore, area_id: int, parts: pd.DataFrame, lang: str) -> None:
    names = dict(zip(parts["id"].astype(int), parts["organisation"].astype(str), strict=True))
    with st.expander(t("ps_sign", lang), key="ps_exp_sign", icon=":material/signature:"):
        with st.form("ps_sign_form", clear_on_submit=True):
            document = st.selectbox(t("ps_sign_document", lang), list(DOCUMENTS), key="ps_sign_doc",
                                    format_func=lambda d: label(DOCUMENTS, d, lang))  # fmt: skip
            party = st.selectbox(t("ps_sign_party", lang), list(names), format_func=names.get, key="ps_sign_party")
            # no max_value: a future date reaches the store, which refuses it in words
            signed_on = st.date_input(t("ps_sign_date", lang), value=date.today(), format="DD-MM-YYYY",
                                      key="ps_sign_date")  # fmt: skip
            signatory = st.text_input(t("ps_signatory", lang), key="ps_signatory")
            if not st.form_submit_button(t("ps_sign_save", lang)):
                return
        message = t("ps_sign_saved", lang, document=label(DOCUMENTS, document, lang), party=plain(names[party]),
                    date=signed_on.strftime("%d-%m-%Y"))  # fmt: skip
        write(lambda: store.record_signature(area_id, document, int(party), signed_on, store.principal.user,
                                             signatory=signatory.strip()), lambda _: message, lang)  # fmt: skip


def _obligations(store: GuardedStore, area_id: int, parts: pd.DataFrame, lang: str) -> None:
    st.markdown(f"**{t('ps_obligations', lang)}**")
    rows = store.obligations(area_id)
    names = dict(zip(parts["id"].astype(int), parts["organisation"].astype(str), strict=True))
    if rows.empty:
        st.caption(t("ps_no_obligations", lang))
    else:
        shown = rows.assign(org=[names.get(int(p), str(p)) for p in rows["participant_id"]])
        table(shown, {"org": "ps_col_organisation", "text": "ps_obligation_text"}, lang, "ps_obligations_table")
    if allowed(store, Action.CREATE, "partnership"):
        with st.form("ps_obligation_form", clear_on_submit=True):
            party = st.selectbox(t("ps_obligation_party", lang), list(names), format_func=names.get,
                                 key="ps_ob_party")  # fmt: skip
            text = st.text_input(t("ps_obligation_text", lang), key="ps_ob_text")
            if st.form_submit_button(t("ps_obligation_save", lang)):
                if not text.strip():
                    st.error(t("ps_empty_text", lang))
                else:
                    write(lambda: store.save_obligation(area_id, int(party), text.strip(), store.principal.user),
                          lambda _: t("ps_obligation_saved", lang), lang)  # fmt: skip
    if allowed(store, Action.DELETE, "partnership") and len(rows):
        texts = {int(r.id): f"{names.get(int(r.participant_id), '')}: {str(r.text)[:80]}" for r in rows.itertuples()}
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        which = left.selectbox(t("ps_obligation_delete", lang), list(texts), format_func=texts.get, key="ps_ob_del")
        if right.button(t("ps_delete_button", lang), key="ps_ob_del_btn"):
            write(lambda: store.delete_obligation(int(which), store.principal.user), lambda _: t("ps_deleted", lang),
                  lang)  # fmt: skip


__all__ = ["documents_tab", "missing_parties", "signed_line"]
