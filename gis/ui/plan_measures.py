"""The Plan van aanpak page's plan tab: per chosen measure the responsible partner (an organisation kind or free
text) and representative, start and end, status (``plan_measure``), and its evidence (note, file or photo with a
date; ``add_measure_evidence``), listed with a download. The store refuses what does not fit (no partner, end
before start, "uitgevoerd" without evidence) in Dutch; nothing is half-written.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from gis.clock import now_nl
from gis.domain.roles import PermissionDenied
from gis.i18n import t
from gis.io.attachments import MAX_BYTES, AttachmentError, check_attachment, size_text
from gis.io.photos import PhotoError, check_photo
from gis.measures.codes import EVIDENCE_KINDS, PLAN_STATUSES, label
from gis.partnership.codes import ORGANISATION_KINDS
from gis.store import ConflictError, StoredFile, StoreError
from gis.store.guard import GuardedStore
from gis.ui.downloads import download_button
from gis.ui.plan_common import (
    can_write,
    chosen_measures,
    day_of,
    done,
    fail,
    fmt_day,
    form_gen,
    measure_name,
    next_form,
    partner_label,
    period_text,
    seen_version,
    status_label,
    text_of,
)
from gis.ui.text import plain

EVIDENCE_TYPES = ["pdf", "jpg", "jpeg", "png"]
MAX_UPLOAD_MB = MAX_BYTES // (1024 * 1024)  # the attachments' cap (a photo's own cap is checked on saving)


def plan_tab(store: GuardedStore, area_id: int, lang: str) -> None:
    """Draw the tab: one expander per chosen measure."""
    st.caption(t("pl_plan_intro", lang))
    measures = chosen_measures(store, area_id)
    if measures.empty:
        st.info(t("pl_plan_none", lang))
        return
    evidence = store.measure_evidence(int(area_id))
    write = can_write(store)
    organisations = participant_names(store, area_id) if write else []
    for row in measures.itertuples():
        name = measure_name(row)
        with st.expander(plain(f"{name} · {status_label(row.status, lang)}"), expanded=len(measures) <= 3):
            st.caption(plain(t("pl_summary", lang, partner=partner_label(row.partner, lang),
                               representative=text_of(row.representative) or "–",
                               period=period_text(row.start_on, row.end_on, lang))))  # fmt: skip
            if write:
                _plan_form(store, row, name, organisations, lang)
            mine = evidence[evidence["measure_id"].astype(int) == int(row.id)] if len(evidence) else evidence
            _evidence_list(store, mine, lang)
            if write:
                _evidence_form(store, int(row.id), lang)


def participant_names(store: GuardedStore, area_id: int) -> list[str]:
    """The organisations taking part in the area's partnership now (none when the role may not read them)."""
    try:
        people = store.participants(int(area_id))
    except (PermissionDenied, StoreError, AttributeError):
        return []
    if people.empty:
        return []
    active = people[people["removed_at"].isna()] if "removed_at" in people else people
    return list(dict.fromkeys(" ".join(str(o).split()) for o in active["organisation"] if str(o).strip()))


def partner_choice(current: str, organisations: list[str]) -> tuple[list[str], int, str]:
    """The selectbox's options ("" first, the partnership's organisations, then the organisation kinds), the
    index of ``current`` and the free text left for the text field (a partner that is neither)."""
    options = ["", *organisations, *(k for k in ORGANISATION_KINDS if k not in organisations)]
    if current and current in options:
        return options, options.index(current), ""
    return options, 0, current


def _plan_form(store: GuardedStore, row: object, name: str, organisations: list[str], lang: str) -> None:
    mid = int(row.id)  # type: ignore[attr-defined]
    gen = form_gen("plan", mid)
    version = seen_version("plan", mid, int(row.version), f"pl_rep_{mid}_{gen}")  # type: ignore[attr-defined]
    options, index, free = partner_choice(text_of(row.partner), organisations)  # type: ignore[attr-defined]
    statuses = list(PLAN_STATUSES)
    status = text_of(row.status) or "gepland"  # type: ignore[attr-defined]
    with st.form(f"pl_plan_form_{mid}_{gen}"):
        left, right = st.columns(2)
        kind = left.selectbox(t("pl_partner", lang), options, index=index, key=f"pl_partner_{mid}_{gen}",
                              format_func=lambda c: label(ORGANISATION_KINDS, c, lang) if c else "–")  # fmt: skip
        other = right.text_input(t("pl_partner_other", lang), value=free, key=f"pl_partner_text_{mid}_{gen}")
        rep = st.text_input(t("pl_representative", lang), value=text_of(row.representative),  # type: ignore[attr-defined]
                            key=f"pl_rep_{mid}_{gen}")  # fmt: skip
        a, b, c = st.columns(3)
        start = a.date_input(t("pl_start", lang), value=day_of(row.start_on), format="DD-MM-YYYY",  # type: ignore[attr-defined]
                             key=f"pl_start_{mid}_{gen}")  # fmt: skip
        end = b.date_input(t("pl_end", lang), value=day_of(row.end_on), format="DD-MM-YYYY",  # type: ignore[attr-defined]
                           key=f"pl_end_{mid}_{gen}")  # fmt: skip
        chosen = c.selectbox(t("pl_status", lang), statuses, index=statuses.index(status) if status in statuses else 0,
                             format_func=lambda s: label(PLAN_STATUSES, s, lang),
                             key=f"pl_status_{mid}_{gen}")  # fmt: skip
        go = st.form_submit_button(t("pl_plan_save", lang), type="primary")
    if not go:
        return
    changes = {
        "partner": " ".join(str(other).split()) or kind or None,
        "representative": " ".join(str(rep).split()) or None,
        "start_on": start if isinstance(start, date) else None,
        "end_on": end if isinstance(end, date) else None,
        "status": chosen,
    }
    try:
        store.plan_measure(mid, changes, store.principal.user, expected_version=version)
    except ConflictError as exc:
        next_form("plan", mid)
        fail(exc, lang)
    except (StoreError, PermissionDenied) as exc:
        fail(exc, lang)
        return
    next_form("plan", mid)
    done(t("pl_plan_saved", lang, name=name))


def _evidence_list(store: GuardedStore, evidence: pd.DataFrame, lang: str) -> None:
    st.markdown(f"**{t('pl_evidence', lang)}**")
    if evidence.empty:
        st.caption(t("pl_evidence_none", lang))
        return
    for ev in evidence.sort_values("id").itertuples():
        head = t("pl_evidence_line", lang, day=fmt_day(ev.evidence_on, lang),
                 kind=label(EVIDENCE_KINDS, text_of(ev.kind), lang), who=text_of(ev.uploaded_by))  # fmt: skip
        note = text_of(ev.note)
        st.markdown(plain(head) + (f": {plain(note)}" if note else ""))
        file_name = text_of(ev.file_name)
        if not file_name:
            continue
        eid = int(ev.id)
        size = f" ({size_text(int(ev.size))})" if not pd.isna(ev.size) else ""
        download_button(plain(t("pl_download", lang, name=file_name) + size),
                        lambda eid=eid: store.measure_evidence_file(eid)[2], file_name, store=store,
                        resource="plans", what=f"bewijs {eid} ({file_name})", key=f"pl_ev_dl_{eid}",
                        mime=text_of(ev.mime) or None, icon=":material/download:")  # fmt: skip


def _evidence_form(store: GuardedStore, measure_id: int, lang: str) -> None:
    gen = int(st.session_state.get(f"pl_ev_gen_{measure_id}", 0))
    with st.form(f"pl_ev_form_{measure_id}_{gen}"):
        left, right = st.columns(2)
        kind = left.selectbox(t("pl_evidence_kind", lang), list(EVIDENCE_KINDS), key=f"pl_ev_kind_{measure_id}_{gen}",
                              format_func=lambda k: label(EVIDENCE_KINDS, k, lang))  # fmt: skip
        day = right.date_input(t("pl_evidence_on", lang), value=now_nl().date(), format="DD-MM-YYYY",
                               key=f"pl_ev_on_{measure_id}_{gen}")  # fmt: skip
        note = st.text_area(t("pl_evidence_note", lang), key=f"pl_ev_note_{measure_id}_{gen}", height=80)
        upload = st.file_uploader(t("pl_evidence_file", lang), type=EVIDENCE_TYPES, max_upload_size=MAX_UPLOAD_MB,
                                  key=f"pl_ev_file_{measure_id}_{gen}")  # fmt: skip
        go = st.form_submit_button(t("pl_evidence_add", lang))
    if not go:
        return
    data = (upload.name, upload.getvalue()) if upload is not None else None
    try:
        files = evidence_files(str(kind), str(note), data, lang)
        new_id = store.add_measure_evidence(measure_id, str(kind), " ".join(str(note).split()),
                                            day if isinstance(day, date) else now_nl().date(), files,
                                            store.principal.user)  # fmt: skip
    except (StoreError, PermissionDenied, AttachmentError, PhotoError, ValueError) as exc:
        fail(exc, lang)
        return
    st.session_state[f"pl_ev_gen_{measure_id}"] = gen + 1  # a fresh, empty form
    done(t("pl_evidence_added", lang, id=new_id))


def evidence_files(kind: str, note: str, upload: tuple[str, bytes] | None, lang: str = "nl") -> list[StoredFile]:
    """The checked file of one piece of evidence: a file must be a real PDF, JPEG or PNG (``gis.io.attachments``),
    a photo a real JPEG or PNG (``gis.io.photos``); an image keeps its original and gets a copy without EXIF to
    share; a note needs text, no file.

    Raises ``ValueError`` (Dutch), ``PhotoError`` or ``AttachmentError`` for what is refused."""
    if kind == "notitie":
        if upload is None and not note.strip():
            raise ValueError(t("pl_evidence_needs_note", lang))
        if upload is None:
            return []
    if upload is None:
        raise ValueError(t("pl_evidence_needs_file", lang, kind=label(EVIDENCE_KINDS, kind, lang)))
    name, data = upload
    if kind == "foto":
        photo = check_photo(name, data)
        return [StoredFile("foto", photo.name, photo.mime, photo.original, photo.sha256, shared=photo.stripped)]
    doc = check_attachment("overig", name, data)
    shared = check_photo(doc.name, data).stripped if doc.mime.startswith("image/") else None  # no EXIF to share
    return [StoredFile("bestand", doc.name, doc.mime, doc.data, doc.sha256, shared=shared)]


__all__ = ["evidence_files", "participant_names", "partner_choice", "plan_tab"]
