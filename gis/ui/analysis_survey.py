"""The Analyse page's survey tab (issue 19, step B1): the questionnaires to download, the results of the
chosen area beside the whole region, and, for the roles that run the survey, reading in a file, entering an
interview, the open answers and the export of the answers.

Pieces: ``analysis_survey_results`` (figures), ``analysis_survey_import`` (file import and its undo),
``analysis_survey_form`` (the interview form). Every call goes through the guarded store, which checks again
what the controls shown here assume.
"""

from __future__ import annotations

import streamlit as st

from gis.analysis.survey import QUESTIONNAIRES
from gis.analysis.survey_pdf import questionnaire_pdf
from gis.analysis.survey_template import template_xlsx
from gis.domain.roles import Action
from gis.i18n import t
from gis.store.guard import GuardedStore
from gis.ui.downloads import download_button
from gis.ui.state import allowed

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def area_names(store: GuardedStore) -> dict[int, str]:
    """Every saved area by id (names are typed by users: show them as text)."""
    areas = store.areas()
    return dict(zip(areas["id"].astype(int), areas["name"].astype(str), strict=True))


def escape_md(text: str) -> str:
    """Markdown-safe text for ``st.markdown``/``st.error`` (file names, values and area names are typed by
    users: never rendered as markup)."""
    return "".join("\\" + c if c in "\\`*_{}[]<>()#+-.!|~$:" else c for c in str(text))


def forms_part(store: GuardedStore, area_id: int, lang: str) -> None:
    """The Excel template and the printable questionnaire of each questionnaire (for everyone here)."""
    names = area_names(store)
    area = names.get(area_id)
    st.write(t("sv_forms_intro", lang))
    for qid, questionnaire in QUESTIONNAIRES.items():
        st.markdown(f"**{t(f'sv_q_{qid}', lang)}**")
        left, right = st.columns(2)
        download_button(
            t("sv_template", lang), lambda q=questionnaire: template_xlsx(q, names), f"sjabloon_enquete_{qid}.xlsx",
            store=store, resource="survey", what=f"sjabloon enquête {qid}", key=f"sv_dl_xlsx_{qid}",
            mime=XLSX_MIME, container=left, icon=":material/table_view:",
        )  # fmt: skip
        download_button(
            t("sv_pdf", lang), lambda q=questionnaire: questionnaire_pdf(q, area), f"vragenlijst_{qid}.pdf",
            store=store, resource="survey", what=f"vragenlijst enquête {qid} (PDF)", key=f"sv_dl_pdf_{qid}",
            mime="application/pdf", container=right, icon=":material/print:",
        )  # fmt: skip


def survey_tab(store: GuardedStore, area_id: int, lang: str) -> None:
    """Draw the tab: a choice of part (results, interview, import, questionnaires) the role may use."""
    from gis.ui import analysis_survey_form, analysis_survey_import, analysis_survey_results

    parts = ["results"]
    if allowed(store, Action.CREATE, "survey"):
        parts.append("interview")
    if allowed(store, Action.IMPORT, "survey"):
        parts.append("import")
    parts.append("forms")
    part = st.segmented_control(
        t("sv_part", lang), parts, format_func=lambda p: t(f"sv_part_{p}", lang), default="results", key="sv_part",
        label_visibility="collapsed",
    )  # fmt: skip
    if part == "interview":
        analysis_survey_form.interview_part(store, area_id, lang)
    elif part == "import":
        analysis_survey_import.import_part(store, area_id, lang)
    elif part == "forms":
        forms_part(store, area_id, lang)
    else:
        analysis_survey_results.results_part(store, area_id, lang)


__all__ = ["XLSX_MIME", "area_names", "escape_md", "forms_part", "survey_tab"]
