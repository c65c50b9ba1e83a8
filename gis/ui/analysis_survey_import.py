"""Reading in a survey file on the Analyse page (roles with ``import`` on the survey), and the list of files read
in for the area with their undo (``delete``). All or nothing: the file is checked by the survey import
(``gis.analysis.survey_io.import_responses``) and, here, against the chosen area; only a file without a single
problem can be stored, and then as one import that can be undone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import replace

import pandas as pd
import streamlit as st

from gis.analysis.survey import QUESTIONNAIRES, Problem
from gis.analysis.survey_io import MAX_BYTES, ImportResult, import_responses
from gis.analysis.survey_values import to_record
from gis.domain.roles import Action, PermissionDenied
from gis.i18n import t
from gis.io.upload_guard import format_size
from gis.store.errors import StoreError
from gis.store.guard import GuardedStore
from gis.ui.analysis_survey import area_names, escape_md
from gis.ui.state import allowed


def existing_refs(store: GuardedStore, area_id: int) -> set[str]:
    """Respondent numbers already stored: everywhere for a role that works everywhere, else in the area."""
    stored = None
    if store.principal.everywhere:
        try:
            stored = store.survey_responses(None)
        except PermissionDenied:
            stored = None
    if stored is None:
        stored = store.survey_responses(area_id)
    return {str(r) for r in stored["respondent_ref"].dropna()}


def check_area(
    result: ImportResult, area_id: int, names: dict[int, str], lang: str = "nl", postcodes: Collection[str] = ()
) -> list[str]:
    """Add a problem for every response naming another area, or (when the area's postcodes are listed) a postcode
    outside it; give the responses without an area (postcode only) the chosen area. Returns the notes (Dutch)."""
    kept, assigned = [], 0
    area = names.get(area_id, str(area_id))
    for response, row in zip(result.responses, result.row_numbers, strict=True):
        if postcodes and response.postcode4 and response.postcode4 not in postcodes:
            result.problems.append(Problem("postcode", response.postcode4, t("sv_postcode_outside", "nl",
                                           postcode=response.postcode4, area=area), row))  # fmt: skip
            continue
        if response.area_id is None:
            assigned += 1
            response = replace(response, area_id=area_id)
        elif response.area_id != area_id:
            other = names.get(response.area_id, str(response.area_id))
            result.problems.append(Problem("gebied", other, t("sv_other_area", "nl", other=other, area=area), row))
        kept.append(response)
    result.responses = kept
    result.problems.sort(key=lambda p: p.row or 0)
    return [t("sv_assigned", lang, n=assigned, area=area)] if assigned else []


def problems_frame(problems: list[Problem], lang: str) -> pd.DataFrame:
    """Every problem as a row: row number (numeric, empty for the whole file), field, value, message."""
    return pd.DataFrame({
        t("sv_col_row", lang): pd.array([p.row for p in problems], dtype="Int64"),
        t("sv_col_field", lang): [p.field for p in problems],
        t("sv_col_value", lang): [p.value for p in problems],
        t("sv_col_message", lang): [p.message for p in problems],
    })  # fmt: skip


def _checked(
    store: GuardedStore, data: bytes, name: str, qid: str, area_id: int, lang: str
) -> tuple[ImportResult, list[str]]:
    """The import result of this file for this area, read once per file, questionnaire, area and stored data."""
    key = (hashlib.sha256(data).hexdigest(), name, qid, area_id, len(store.survey_imports(area_id)))
    cached = st.session_state.get("sv_checked")
    if cached is not None and cached[0] == key:
        return cached[1], cached[2]
    names = area_names(store)
    questionnaire = QUESTIONNAIRES[qid]
    result = import_responses(
        data, name, questionnaire, entered_by=store.principal.user, areas=names,
        existing_refs=existing_refs(store, area_id),
        area_postcodes={area_id: set(listed)} if (listed := store.area_postcodes(area_id)) else None,
        respondent_type="bewoner" if qid == "bewoners" else None,
    )  # fmt: skip
    notes = list(result.notes)
    if result.responses:
        notes += check_area(result, area_id, names, lang, store.area_postcodes(area_id))
    st.session_state["sv_checked"] = (key, result, notes)
    return result, notes


def import_part(store: GuardedStore, area_id: int, lang: str) -> None:
    """Choose the questionnaire, upload, see the summary and every problem; store only a clean file."""
    if msg := st.session_state.pop("sv_import_flash", None):
        st.success(msg, icon=":material/check_circle:")
    names = area_names(store)
    st.write(t("sv_import_intro", lang, size=format_size(MAX_BYTES), area=names.get(area_id, str(area_id))))
    qid = st.radio(t("sv_questionnaire", lang), list(QUESTIONNAIRES), format_func=lambda q: t(f"sv_q_{q}", lang),
                   horizontal=True, key="sv_import_q")  # fmt: skip
    gen = st.session_state.setdefault("sv_upload_gen", 0)
    up = st.file_uploader(t("sv_file", lang), type=["xlsx", "csv"], key=f"sv_upload_{gen}")
    if up is not None:
        if up.size > MAX_BYTES:
            st.error(
                escape_md(t("sv_too_big", lang, name=up.name, size=format_size(up.size), limit=format_size(MAX_BYTES)))
            )
        else:
            _work(store, up.getvalue(), up.name, qid, area_id, lang)
    if allowed(store, Action.VIEW, "survey"):
        imports_part(store, area_id, lang)


def _work(store: GuardedStore, data: bytes, name: str, qid: str, area_id: int, lang: str) -> None:
    result, notes = _checked(store, data, name, qid, area_id, lang)
    for note in notes:
        st.warning(escape_md(note))
    if result.problems:
        st.error(escape_md(result.summary()))
        st.markdown(f"**{t('sv_problems', lang)}**")
        st.dataframe(problems_frame(result.problems, lang), hide_index=True, width="stretch", key="sv_problems")
        return
    if not result.ok:
        st.warning(escape_md(result.summary()))
        return
    st.info(escape_md(result.summary()))
    n = len(result.responses)
    if st.button(t("sv_store", lang, n=n), type="primary", key="sv_store"):
        records = [to_record(r) for r in result.responses]
        try:
            import_id = store.add_survey_responses(records, store.principal.user, name, data)
        except (StoreError, PermissionDenied) as exc:
            st.error(escape_md(str(exc)))
            return
        st.session_state.pop("sv_checked", None)
        st.session_state["sv_upload_gen"] = st.session_state.get("sv_upload_gen", 0) + 1
        st.session_state["sv_import_flash"] = escape_md(t("sv_stored", lang, n=n, name=name, id=import_id))
        st.rerun()


def imports_part(store: GuardedStore, area_id: int, lang: str) -> None:
    """The files read in for this area (those with respondents here), with undo after a confirmation."""
    st.subheader(t("sv_imports", lang))
    if msg := st.session_state.pop("sv_undo_flash", None):
        st.success(msg, icon=":material/undo:")
    mine = store.survey_imports(area_id)
    mine = mine[mine["undone_at"].isna()]
    if mine.empty:
        st.caption(t("sv_imports_none", lang))
        return
    shown = pd.DataFrame({
        t("sv_col_id", lang): mine["id"].astype(int).to_numpy(),
        t("sv_col_file", lang): mine["file_name"].astype(str).to_numpy(),
        t("sv_col_user", lang): mine["user_name"].astype(str).to_numpy(),
        t("sv_col_when", lang): pd.to_datetime(mine["created_at"]).dt.strftime("%d-%m-%Y %H:%M").to_numpy(),
        t("sv_col_rows", lang): mine["rows_imported"].astype(int).to_numpy(),
    })  # fmt: skip
    st.dataframe(shown, hide_index=True, width="stretch", key="sv_imports_table")
    if not allowed(store, Action.DELETE, "survey"):
        return
    rows = {int(r.id): r for r in mine.itertuples()}
    pick = st.selectbox(t("sv_undo_pick", lang), list(rows), index=None, key="sv_undo_pick",
                        format_func=lambda i: f"{i}: {rows[i].file_name}")  # fmt: skip
    if pick is None:
        return
    row = rows[pick]
    sure = st.checkbox(escape_md(t("sv_undo_confirm", lang, n=int(row.rows_imported), name=row.file_name, id=pick)),
                       key=f"sv_undo_sure_{pick}")  # fmt: skip
    if st.button(t("sv_undo", lang), disabled=not sure, key="sv_undo"):
        try:
            gone = store.undo_survey_import(pick, store.principal.user)
        except (StoreError, PermissionDenied) as exc:
            st.error(escape_md(str(exc)))
            return
        st.session_state.pop("sv_undo_pick", None)
        st.session_state["sv_undo_flash"] = t("sv_undone", lang, id=pick, n=gone)
        st.rerun()


__all__ = ["check_area", "existing_refs", "import_part", "imports_part", "problems_frame"]
