"""The clean-up cost dossier of one report (BIJ12 scheme): landowner, amounts, documents, the pack."""

from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from gis.domain.catalog import OWNER_TYPES
from gis.dumpings import add_attachment, dossier_attachments, dossier_pack
from gis.i18n import t
from gis.io.attachments import ATTACHMENT_KINDS, AttachmentError
from gis.io.dossier import pack_filename
from gis.io.dossier_fields import missing_for_application
from gis.store import ConflictError, Store, StoreError
from gis.ui.downloads import download_button
from gis.ui.dumping_form import now_nl
from gis.ui.edit_conflict import reload_after_conflict
from gis.ui.state import require_user
from gis.ui.text import plain


def _fields(store: Store, record: dict[str, object], lang: str) -> None:
    dumping_id = int(record["id"])  # type: ignore[call-overload]
    owner = record.get("owner_type")
    with st.form(f"dd_dossier_{dumping_id}"):
        c1, c2 = st.columns(2)
        landowner = c1.text_input(t("dd_landowner", lang), value=str(record.get("landowner") or ""), max_chars=200)
        kind = c2.selectbox(t("dd_owner_type", lang), OWNER_TYPES, placeholder=t("choose", lang),
                            index=OWNER_TYPES.index(owner) if owner in OWNER_TYPES else None)  # fmt: skip
        pv = c1.text_input(t("dd_police_report", lang), value=str(record.get("police_report_no") or ""), max_chars=60)
        asked = c2.number_input(
            t("dd_requested", lang), min_value=0.0, step=100.0, value=_money(record, "amount_requested")
        )
        granted = c1.number_input(
            t("dd_granted", lang), min_value=0.0, step=100.0, value=_money(record, "amount_granted")
        )
        sent = st.form_submit_button(t("dp_edit_save", lang), icon=":material/save:")
    if sent:
        changes = {"landowner": landowner.strip() or None, "owner_type": kind, "police_report_no": pv.strip() or None,
                   "amount_requested": asked, "amount_granted": granted}  # fmt: skip
        changes = {k: v for k, v in changes.items() if v != record.get(k)}
        if changes and (who := require_user(lang)):
            try:
                store.update_dumping(dumping_id, changes, who, seen=str(record.get("_seen") or "") or None)
            except ConflictError as exc:
                reload_after_conflict(exc, lang)
            st.session_state["dd_flash"] = t("dp_edited", lang, n=len(changes))
            st.rerun()


def _money(record: dict[str, object], key: str) -> float | None:
    value = record.get(key)
    return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def _documents(store: Store, dumping_id: int, lang: str) -> None:
    files = store.dumping_files(dumping_id)
    docs = files[files["kind"] != "foto"] if len(files) else files
    for row in docs.itertuples():
        label = f"{ATTACHMENT_KINDS.get(row.kind, row.kind)}: {plain(row.name)} ({max(1, int(row.size) // 1024)} kB)"
        download_button(label, partial(_original, store, int(row.id)), str(row.name), store=store,
                        resource="dumpings", what=f"document {row.id}, melding {dumping_id}", key=f"dd_doc_{row.id}",
                        mime=str(row.mime), icon=":material/attach_file:")  # fmt: skip
    with st.form(f"dd_attach_{dumping_id}", clear_on_submit=True):
        kind = st.selectbox(t("dd_doc_kind", lang), list(ATTACHMENT_KINDS), format_func=ATTACHMENT_KINDS.get)
        up = st.file_uploader(t("dd_doc_file", lang), type=["pdf", "jpg", "jpeg", "png"])
        if st.form_submit_button(t("dd_attach", lang), icon=":material/upload_file:") and up is not None:
            if not (who := require_user(lang)):
                return
            try:
                add_attachment(store, dumping_id, kind, up.name, up.getvalue(), who)
            except ConflictError as exc:
                reload_after_conflict(exc, lang)
            except (AttachmentError, StoreError) as exc:
                st.error(plain(exc))
                return
            st.session_state["dd_flash"] = t("dd_attached", lang, name=plain(up.name))
            st.rerun()


def _original(store: Store, file_id: int) -> bytes:
    return store.dumping_file(file_id, original=True)[2]


def dossier(store: Store, record: dict[str, object], lang: str) -> None:
    """The dossier expander: fields, documents, completeness and the application pack."""
    dumping_id = int(record["id"])  # type: ignore[call-overload]
    with st.expander(t("dd_title", lang), icon=":material/request_quote:"):
        st.caption(t("dd_help", lang))
        _fields(store, record, lang)
        _documents(store, dumping_id, lang)
        missing = missing_for_application(record, dossier_attachments(store, dumping_id))  # type: ignore[arg-type]
        if missing:
            st.warning(t("dd_missing", lang, what=plain(", ".join(missing))), icon=":material/checklist:")
        download_button(
            t("dd_pack", lang), partial(dossier_pack, store, dumping_id, now_nl()), pack_filename(record),
            store=store, resource="dumpings", what=f"aanvraagpakket van melding {dumping_id}",
            key=f"dd_pack_{dumping_id}", mime="application/zip", icon=":material/folder_zip:", type="primary",
        )  # fmt: skip
