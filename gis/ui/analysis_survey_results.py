"""Survey results on the Analyse page: per question the shares (Wilson 95%) or the mean (95%) of the chosen
area beside the whole region, as a table with numeric columns (hidden cells empty, with the reason) and a
chart with whiskers; the share of farmers approached by criminals against the regional 15%; and, for the roles
that read answers, the open answers as plain text and the export of the answers.

Figures come from ``store.survey_summary`` with its defaults (released figures: no open answers, the <10
rule, small counts hidden), so what is drawn here is what the guard lets every analysis role see.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd
import streamlit as st

from gis.analysis.survey import QUESTIONNAIRES, RESPONDENT_TYPE_LABELS, Question, QuestionKind
from gis.analysis.survey_results import open_answers
from gis.analysis.survey_template import responses_xlsx
from gis.analysis.survey_values import from_record
from gis.domain.roles import Action, PermissionDenied
from gis.i18n import t
from gis.privacy.survey import ALL_TYPES, TOTAL_GROUP, SurveyDisclosure
from gis.store.guard import GuardedStore
from gis.ui.analysis_survey import XLSX_MIME, area_names
from gis.ui.charts import show_chart, vega_locale
from gis.ui.downloads import download_button
from gis.ui.state import allowed
from gis.ui.table import styled

SCALES = (QuestionKind.SCHAAL, QuestionKind.GETAL)


def questions() -> list[Question]:
    """Every question once, in questionnaire order (the farmers' wording first), open ones left out."""
    seen: dict[str, Question] = {}
    for questionnaire in QUESTIONNAIRES.values():
        for q in questionnaire.questions:
            if not q.open:
                seen.setdefault(q.id, q)
    return list(seen.values())


def totals(summary: pd.DataFrame | None, respondent_type: str) -> pd.DataFrame:
    """The ``totaal`` rows of one respondent type (``alle`` when several are present) of a summary."""
    if summary is None or summary.empty:
        return pd.DataFrame(columns=[] if summary is None else summary.columns)
    rows = summary[summary["group_kind"] == TOTAL_GROUP]
    types = set(rows["respondent_type"])
    if respondent_type == ALL_TYPES and ALL_TYPES not in types and len(types) == 1:
        respondent_type = next(iter(types))
    return rows[rows["respondent_type"] == respondent_type]


def question_frame(q: Question, parts: dict[str, pd.DataFrame], lang: str) -> pd.DataFrame:
    """One question's table: a row per answer option (or one ``gemiddelde`` row for a scale or number) and,
    per place (``parts``: label -> totals), the count, share % with its 95% interval (or the mean with its
    interval) and why a cell is hidden. Numbers stay floats (NaN where hidden or undefined)."""
    scale = q.kind in SCALES
    codes = [""] if scale else list(q.codes)
    out = pd.DataFrame({t("sv_col_answer", lang): [t("sv_mean_row", lang)] if scale else
                        [q.label(c, lang) for c in codes]})  # fmt: skip
    for where, rows in parts.items():
        mine = rows[rows["question_id"] == q.id].set_index("option")
        picked = mine.reindex(codes)
        if scale:
            out[t("sv_col_answered", lang, w=where)] = picked["answered"].astype(float).to_numpy()
            for col, key in (("mean", "sv_col_mean"), ("mean_low", "sv_col_low"), ("mean_high", "sv_col_high")):
                out[t(key, lang, w=where)] = picked[col].astype(float).to_numpy()
        else:
            out[t("sv_col_count", lang, w=where)] = picked["count"].astype(float).to_numpy()
            for col, key in (("share", "sv_col_share"), ("share_low", "sv_col_low"), ("share_high", "sv_col_high")):
                out[t(key, lang, w=where)] = (picked[col].astype(float) * 100).to_numpy()
        out[t("sv_col_reason", lang, w=where)] = picked["reason"].fillna("").astype(str).to_numpy()
    return out


def chart_frame(q: Question, parts: dict[str, pd.DataFrame], lang: str) -> pd.DataFrame:
    """The shown (not hidden) shares in % (or means) with their intervals, per option and place."""
    scale = q.kind in SCALES
    rows = []
    for where, frame in parts.items():
        for r in frame[frame["question_id"] == q.id].itertuples():
            value, low, high = (r.mean, r.mean_low, r.mean_high) if scale else (r.share, r.share_low, r.share_high)
            if value is None or math.isnan(float(value)):
                continue
            factor = 1 if scale else 100
            rows.append({"antwoord": t("sv_mean_row", lang) if scale else q.label(str(r.option), lang),
                         "waar": where, "waarde": float(value) * factor, "laag": float(low) * factor,
                         "hoog": float(high) * factor})  # fmt: skip
    return pd.DataFrame(rows, columns=["antwoord", "waar", "waarde", "laag", "hoog"])


def whisker_chart(data: pd.DataFrame, q: Question, lang: str) -> alt.LayerChart:
    """Horizontal bars per answer (area and region side by side) with the 95% interval as whiskers."""
    scale = q.kind in SCALES
    title = t("sv_axis_mean" if scale else "sv_axis_share", lang)
    domain = [q.minimum or 0, q.maximum or 10] if scale else [0, 100]
    order = [t("sv_mean_row", lang)] if scale else [q.label(c, lang) for c in q.codes]
    base = alt.Chart(data).encode(
        y=alt.Y("antwoord:N", sort=order, title=None, axis=alt.Axis(labelLimit=220)),
        yOffset=alt.YOffset("waar:N"),
        color=alt.Color("waar:N", title=None, legend=alt.Legend(orient="bottom")),
    )
    mark = base.mark_point(filled=True, size=90) if scale else base.mark_bar(opacity=0.75)  # a mean is no bar from 0
    bars = mark.encode(
        x=alt.X("waarde:Q", title=title, scale=alt.Scale(domain=domain)),
        tooltip=[alt.Tooltip("waar:N", title=" "), alt.Tooltip("antwoord:N", title=t("sv_col_answer", lang)),
                 alt.Tooltip("waarde:Q", title=title, format=".1f"),
                 alt.Tooltip("laag:Q", title=t("sv_col_low", lang, w="").lstrip(": "), format=".1f"),
                 alt.Tooltip("hoog:Q", title=t("sv_col_high", lang, w="").lstrip(": "), format=".1f")],
    )  # fmt: skip
    whiskers = base.mark_rule(strokeWidth=1.5).encode(
        x=alt.X("laag:Q", title=title, scale=alt.Scale(domain=domain)), x2="hoog:Q", color=alt.value("black")
    )
    # a step per bar: a fixed height squeezes offset bars to nothing in Streamlit
    return alt.layer(bars, whiskers).properties(height=alt.Step(16)).configure(locale=vega_locale(lang))


def show_question(q: Question, parts: dict[str, pd.DataFrame], lang: str) -> None:
    """The table and the chart of one question."""
    frame = question_frame(q, parts, lang)
    numbers = [c for c in frame.columns if frame[c].dtype.kind == "f"]
    decimals = {c: (0 if ("aantal" in c or "count" in c or "beantwoord" in c or "answered" in c) else 1)
                for c in numbers}  # fmt: skip
    st.dataframe(styled(frame, decimals, lang, hidden=""), hide_index=True, width="stretch", placeholder="",
                 key=f"sv_table_{q.id}")  # fmt: skip
    data = chart_frame(q, parts, lang)
    if data.empty:
        st.caption(t("sv_chart_empty", lang))
    else:
        show_chart(whisker_chart(data, q, lang), key=f"sv_chart_{q.id}")


def _respondents(rows: pd.DataFrame, lang: str) -> str:
    values = rows["respondents"].dropna()
    if values.empty:
        return t("sv_few", lang) if len(rows) else "0"
    return str(int(values.iloc[0]))


def _region(store: GuardedStore) -> tuple[pd.DataFrame | None, str | None]:
    """The region's summary and approached sentence, or (None, None) for a role bound to its own areas."""
    if not store.principal.everywhere:  # asking would be refused (and logged as refused) every time
        return None, None
    try:
        return store.survey_summary(None), store.survey_approached(None).sentence
    except PermissionDenied:
        return None, None


def results_part(store: GuardedStore, area_id: int, lang: str) -> None:
    """The results of the area beside the whole region, then open answers and export for the survey team."""
    names = area_names(store)
    area_name = names.get(area_id, str(area_id))
    summary = store.survey_summary(area_id)
    if summary.empty:
        st.info(t("sv_none", lang))
        return
    region, region_sentence = _region(store)
    present = [k for k in RESPONDENT_TYPE_LABELS if k in set(summary["respondent_type"])]
    options = ([ALL_TYPES] if len(present) > 1 else []) + present
    label = {ALL_TYPES: t("sv_type_all", lang), **{k: v[lang] for k, v in RESPONDENT_TYPE_LABELS.items()}}
    kind = st.radio(t("sv_type", lang), options, format_func=lambda k: label[k], horizontal=True, key="sv_type")
    kind = kind or options[0]
    where_area, where_region = t("sv_where_area", lang), t("sv_where_region", lang)
    parts = {where_area: totals(summary, kind)}
    line = t("sv_respondents", lang, area=area_name, n=_respondents(parts[where_area], lang))
    if region is not None:
        parts[where_region] = totals(region, kind)
        line += "; " + t("sv_respondents_region", lang, n=_respondents(parts[where_region], lang))
    st.text(line)
    st.markdown(f"**{t('sv_approached', lang)}**")
    st.text(t("sv_in_area", lang, area=area_name) + store.survey_approached(area_id).sentence)
    if region_sentence is not None:
        st.text(t("sv_in_region", lang) + region_sentence)
    else:
        st.caption(t("sv_scoped", lang))
    st.caption(t("sv_rule_note", lang))
    shown = set(parts[where_area]["question_id"])
    for i, q in enumerate(qq for qq in questions() if qq.id in shown):
        with st.expander(f"{i + 1}. {q.nl if lang == 'nl' else q.en}", expanded=i == 0):
            show_question(q, parts, lang)
    if allowed(store, Action.VIEW, "survey"):
        team_part(store, area_id, area_name, lang)


def team_part(store: GuardedStore, area_id: int, area_name: str, lang: str) -> None:
    """Open answers as plain text and the answers as Excel: only for roles that read survey answers."""
    stored = store.survey_responses(area_id)
    responses = [from_record(r) for r in stored.to_dict("records")]
    disclosure = SurveyDisclosure(open_answers=True, small_counts=False)
    st.subheader(t("sv_open_title", lang))
    st.caption(t("sv_open_note", lang))
    texts = open_answers(responses, disclosure)
    if texts.empty:
        st.caption(t("sv_open_none", lang))
    else:
        kinds = {k: v[lang] for k, v in RESPONDENT_TYPE_LABELS.items()}
        shown = pd.DataFrame({
            t("sv_col_type", lang): texts["respondent_type"].map(kinds).astype(str),
            t("sv_col_postcode", lang): texts["postcode4"].fillna("").astype(str),
            t("sv_col_question", lang): texts["question_id"].astype(str),
            t("sv_col_text", lang): texts["text"].astype(str),
        })  # fmt: skip
        st.dataframe(shown, hide_index=True, width="stretch", key="sv_open_table")
    if not allowed(store, Action.EXPORT, "survey") or not responses:
        return
    st.caption(t("sv_export_note", lang))
    for qid, questionnaire in QUESTIONNAIRES.items():
        if not any(r.respondent_type in questionnaire.respondent_types for r in responses):
            continue
        download_button(
            t("sv_export", lang, q=t(f"sv_q_{qid}", lang).lower()),
            lambda q=questionnaire: responses_xlsx(responses, q, disclosure),
            f"enquete_antwoorden_{qid}_gebied_{area_id}.xlsx", store=store, resource="survey",
            what=f"enquêteantwoorden {qid} gebied {area_id}", key=f"sv_export_{qid}",
            mime=XLSX_MIME, icon=":material/download:",
        )  # fmt: skip


__all__ = ["chart_frame", "question_frame", "questions", "results_part", "team_part", "totals", "whisker_chart"]
