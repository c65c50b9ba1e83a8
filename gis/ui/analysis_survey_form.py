"""The interview form of the survey (roles with ``create`` on the survey): one respondent, entered at the
kitchen table on a tablet (768 px) or a phone (390 px). The questions are drawn from the questionnaire as data
(``gis.analysis.survey``): yes/no and the 1-10 scale as segmented buttons, one choice as a list, several
choices as pills, numbers and open text as fields; a follow-up question appears only after "ja". Saving checks
the answers with ``validate_response`` and shows the problems in Dutch next to the button; a saved interview
clears the form.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from gis.analysis.survey import (
    RESPONDENT_TYPE_LABELS,
    RESPONDENT_TYPES,
    Problem,
    Question,
    QuestionKind,
    Questionnaire,
    SurveyResponse,
    questionnaire_for,
    validate_response,
)
from gis.analysis.survey_values import to_record
from gis.clock import now_nl
from gis.domain.roles import PermissionDenied
from gis.i18n import t
from gis.store.errors import StoreError
from gis.store.guard import GuardedStore
from gis.ui.analysis_survey import area_names, escape_md

YES, NO = "ja", "nee"


def _key(gen: int, name: str) -> str:
    return f"sv_f{gen}_{name}"


def _label(q: Question, number: int, lang: str) -> str:
    text = q.en if lang == "en" else q.nl
    required = f" ({t('sv_form_required', lang)})" if q.required else ""
    return escape_md(f"{number}. {text}{required}")


def ask(q: Question, number: int, gen: int, lang: str) -> object | None:
    """Draw one question and return its answer as ``SurveyResponse.answers`` holds it (None: unanswered)."""
    key, label = _key(gen, q.id), _label(q, number, lang)
    if q.kind is QuestionKind.JA_NEE:
        value = st.segmented_control(label, [YES, NO], format_func=lambda c: t(f"sv_{'yes' if c == YES else 'no'}",
                                     lang), key=key)  # fmt: skip
        return None if value is None else value == YES
    if q.kind is QuestionKind.SCHAAL:
        scale = list(range(q.minimum or 1, (q.maximum or 10) + 1))
        return st.segmented_control(label, scale, key=key)
    if q.kind is QuestionKind.EEN_KEUZE:
        return st.radio(label, list(q.codes), index=None, format_func=lambda c: q.label(c, lang), key=key)
    if q.kind is QuestionKind.MEER_KEUZE:
        picked = st.pills(label, list(q.codes), selection_mode="multi", format_func=lambda c: q.label(c, lang),
                          key=key)  # fmt: skip
        return tuple(c for c in q.codes if c in (picked or [])) or None
    if q.kind is QuestionKind.GETAL:
        number_value = st.number_input(label, min_value=q.minimum, max_value=q.maximum, value=None, step=1,
                                       key=key)  # fmt: skip
        return None if number_value is None else int(number_value)
    text = st.text_area(label, key=key, max_chars=2000, height=90)
    return text.strip() or None


def ask_all(questionnaire: Questionnaire, gen: int, lang: str) -> dict[str, object]:
    """Every question that is asked given the answers so far (a follow-up only after its condition)."""
    answers: dict[str, object] = {}
    for number, q in enumerate(questionnaire.questions, start=1):
        if q.only_if is not None and answers.get(q.only_if[0]) != q.only_if[1]:
            continue
        value = ask(q, number, gen, lang)
        if value is not None:
            answers[q.id] = value
    return answers


def problem_text(problem: Problem, questionnaire: Questionnaire | None) -> str:
    """A problem for the person at the table: the question's number and text rather than its field id."""
    if questionnaire is not None and (q := questionnaire.question(problem.field)) is not None:
        number = questionnaire.questions.index(q) + 1
        return f"Vraag {number} ({q.nl}): {problem.message}"
    names = {"gebied": "PPS-gebied", "postcode": "Postcode", "datum": "Datum", "respondent_ref": "Respondentnummer",
             "respondent_type": "Soort respondent"}  # fmt: skip
    return f"{names.get(problem.field, problem.field)}: {problem.message}"


def _saved_number(store: GuardedStore, area_id: int) -> int:
    """The id of the interview just saved by this user in this area (the newest)."""
    stored = store.survey_responses(area_id)
    mine = stored[(stored["source"] == "interview") & (stored["entered_by"] == store.principal.user)]
    return int(mine["id"].max()) if len(mine) else len(stored)


def interview_part(store: GuardedStore, area_id: int, lang: str) -> None:
    """The form: respondent type, date, postcode and number, then the questions, then save."""
    if msg := st.session_state.pop("sv_form_flash", None):
        st.success(msg, icon=":material/check_circle:")
    names = area_names(store)
    gen = st.session_state.setdefault("sv_form_gen", 0)
    st.caption(escape_md(t("sv_form_intro", lang, area=names.get(area_id, str(area_id)))))
    kind = st.segmented_control(t("sv_form_type", lang), list(RESPONDENT_TYPES), key=_key(gen, "type"),
                                format_func=lambda k: RESPONDENT_TYPE_LABELS[k][lang])  # fmt: skip
    today = now_nl().date()
    day = st.date_input(t("sv_form_date", lang), value=today, max_value=today, min_value=date(2000, 1, 1),
                        format="DD-MM-YYYY", key=_key(gen, "date"))  # fmt: skip
    left, right = st.columns(2)
    postcode = left.text_input(t("sv_form_postcode", lang), max_chars=4, key=_key(gen, "postcode")).strip()
    ref = right.text_input(t("sv_form_ref", lang), max_chars=64, key=_key(gen, "ref")).strip()
    if kind is None:
        st.info(t("sv_form_choose_type", lang))
        return
    questionnaire = questionnaire_for(kind)
    answers = ask_all(questionnaire, gen, lang)
    if not st.button(t("sv_form_save", lang), type="primary", key=_key(gen, "save"), width="stretch"):
        return
    response = SurveyResponse(kind, area_id, postcode or None, day if isinstance(day, date) else today, answers,
                              "interview", store.principal.user, ref or None)  # fmt: skip
    problems = validate_response(response, areas=set(names), today=today)
    if problems:
        lines = "\n".join(f"- {escape_md(problem_text(p, questionnaire))}" for p in problems)
        st.error(f"{t('sv_form_refused', lang)}\n\n{lines}", icon=":material/error:")
        return
    try:
        store.add_survey_responses([to_record(response)], store.principal.user)
        number = _saved_number(store, area_id)
    except (StoreError, PermissionDenied) as exc:
        st.error(escape_md(str(exc)))
        return
    st.session_state["sv_form_flash"] = t("sv_form_saved", lang, n=number)
    st.session_state["sv_form_gen"] = gen + 1
    st.rerun()


__all__ = ["ask", "ask_all", "interview_part", "problem_text"]
