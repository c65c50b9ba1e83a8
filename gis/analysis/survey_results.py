"""Survey results per group (PPS area or postcode, respondent type) and question, and the share of farmers
approached against the regional figure, said in Dutch. No database and no web code.

``survey_results`` gives a tidy table: one row per group, respondent type, question and answer option.
Yes/no and choice questions have the count and the share of those who answered, with the Wilson 95%
interval; scales and numbers have the mean with its 95% t interval (``gis.analysis.stats``). The table
always passes through ``gis.privacy.survey.apply_survey_rule`` (open answers, <10 respondents, <5).
Respondents without an area (or postcode, with ``by="postcode"``) count only in the ``totaal`` group.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from gis.analysis.stats import BinomialTest, Share, binomial_test, mean_interval, wilson
from gis.analysis.survey import QUESTIONNAIRES, RESPONDENT_TYPE_LABELS, Question, QuestionKind, SurveyResponse
from gis.analysis.survey import questionnaire_for as _questionnaire_for
from gis.privacy.survey import (
    ALL_TYPES,
    MIN_COUNT,
    MIN_RESPONDENTS,
    TOTAL_GROUP,
    SurveyDisclosure,
    apply_survey_rule,
)

__all__ = ["COLUMNS", "COLUMN_LABELS", "REGIONAL_APPROACHED", "REGIONAL_APPROACHED_SOURCE", "RegionalComparison",
           "approached_vs_region", "open_answers", "p_text", "percent", "survey_results"]  # fmt: skip

REGIONAL_APPROACHED = 0.15
REGIONAL_APPROACHED_SOURCE = "indicatie uit de opdracht; vervang door het regionale cijfer zodra bekend"
"""About 15% of farmers are approached by criminals (PVO Oost-Nederland, as quoted in the assignment)."""

COLUMNS = ("group_kind", "group", "group_label", "respondent_type", "respondents", "question_id", "question",
           "kind", "option", "option_label", "answered", "count", "share", "share_low", "share_high", "mean",
           "mean_low", "mean_high", "hidden", "reason")  # fmt: skip
COLUMN_LABELS: dict[str, str] = {
    "group_kind": "soort groep", "group": "groep", "group_label": "groep (naam)", "respondent_type": "respondent",
    "respondents": "respondenten", "question_id": "veld", "question": "vraag", "kind": "soort vraag",
    "option": "code", "option_label": "antwoord", "answered": "beantwoord", "count": "aantal", "share": "aandeel",
    "share_low": "aandeel 95% laag", "share_high": "aandeel 95% hoog", "mean": "gemiddelde",
    "mean_low": "gemiddelde 95% laag", "mean_high": "gemiddelde 95% hoog", "hidden": "verborgen",
    "reason": "reden",
}  # fmt: skip


def _questions() -> dict[str, Question]:
    """Every question id once (the farmers' wording first), in questionnaire order."""
    out: dict[str, Question] = {}
    for questionnaire in QUESTIONNAIRES.values():
        for q in questionnaire.questions:
            out.setdefault(q.id, q)
    return out


def _question_rows(q: Question, members: Sequence[SurveyResponse]) -> list[dict[str, object]]:
    """The rows of one question for one group (before disclosure control)."""
    asked = [r for r in members if _questionnaire_for(r.respondent_type).question(q.id) is not None]
    values = [r.answers[q.id] for r in asked if r.answers.get(q.id) is not None]
    n = len(values)
    if q.kind in (QuestionKind.SCHAAL, QuestionKind.GETAL):
        m = mean_interval([float(v) for v in values])  # type: ignore[arg-type]
        return [{"option": "", "option_label": "", "answered": n, "count": math.nan, "share": math.nan,
                 "share_low": math.nan, "share_high": math.nan, "mean": _f(m.mean), "mean_low": _f(m.low),
                 "mean_high": _f(m.high)}]  # fmt: skip
    if q.kind is QuestionKind.OPEN:
        return [{"option": "", "option_label": "", "answered": n, "count": float(n), "share": math.nan,
                 "share_low": math.nan, "share_high": math.nan, "mean": math.nan, "mean_low": math.nan,
                 "mean_high": math.nan}]  # fmt: skip
    rows = []
    for code in q.codes:
        if q.kind is QuestionKind.JA_NEE:
            k = sum(1 for v in values if v is (code == "ja"))
        elif q.kind is QuestionKind.EEN_KEUZE:
            k = sum(1 for v in values if v == code)
        else:
            k = sum(1 for v in values if code in v)  # type: ignore[operator]
        s = wilson(k, n)
        rows.append({"option": code, "option_label": q.label(code), "answered": n, "count": float(k),
                     "share": _f(s.share), "share_low": _f(s.low), "share_high": _f(s.high), "mean": math.nan,
                     "mean_low": math.nan, "mean_high": math.nan})  # fmt: skip
    return rows


def _f(value: float | None) -> float:
    return math.nan if value is None else float(value)


def survey_results(
    responses: Sequence[SurveyResponse],
    *,
    by: Literal["gebied", "postcode"] | None = "gebied",
    disclosure: SurveyDisclosure | None = None,
    area_names: Mapping[int, str] | None = None,
    include_total: bool = True,
) -> pd.DataFrame:
    """Results per group and question as the role may see them (``disclosure``; strictest by default).

    Groups: each area (``by="gebied"``) or postcode (``by="postcode"``) and, with ``include_total``, the
    ``totaal`` group of all responses; within each, every respondent type present and, when there are
    several, ``alle``. Columns are ``COLUMNS``; counts, shares and means are floats (NaN where hidden or
    undefined), ``hidden`` and ``reason`` come from ``gis.privacy.survey``.
    """
    groups: dict[tuple[str, str], list[SurveyResponse]] = {}
    for r in responses:
        key = None if by is None else (r.area_id if by == "gebied" else r.postcode4)
        if key is not None:
            groups.setdefault((by or "", str(key)), []).append(r)
    ordered = sorted(groups.items(), key=lambda kv: (len(kv[0][1]), kv[0][1]))
    if include_total or by is None:
        ordered.append(((TOTAL_GROUP, "alle"), list(responses)))
    questions = _questions()
    records: list[dict[str, object]] = []
    for (kind, group), members in ordered:
        by_type: dict[str, list[SurveyResponse]] = {}
        for r in members:
            by_type.setdefault(r.respondent_type, []).append(r)
        sets = sorted(by_type.items(), key=lambda kv: list(RESPONDENT_TYPE_LABELS).index(kv[0]))
        if len(sets) > 1:
            sets.append((ALL_TYPES, members))
        label = group if kind != "gebied" or area_names is None else area_names.get(int(group), group)
        for rtype, subset in sets:
            present = {q.id for r in subset for q in _questionnaire_for(r.respondent_type).questions}
            for qid, q in questions.items():
                if qid not in present:
                    continue
                for row in _question_rows(q, subset):
                    records.append({"group_kind": kind, "group": group, "group_label": label, "respondent_type": rtype,
                                    "respondents": len(subset), "question_id": qid, "question": q.nl,
                                    "kind": q.kind.value, **row})  # fmt: skip
    frame = pd.DataFrame.from_records(records, columns=[c for c in COLUMNS if c not in ("hidden", "reason")])
    return apply_survey_rule(frame, disclosure or SurveyDisclosure())[list(COLUMNS)]


def open_answers(responses: Sequence[SurveyResponse], disclosure: SurveyDisclosure) -> pd.DataFrame:
    """The free-text answers (respondent type, area, postcode, question, text) for a role that may see them;
    an empty table otherwise. Text is returned as typed: show it as plain text, never as HTML or markdown."""
    columns = ["respondent_type", "area_id", "postcode4", "question_id", "question", "text"]
    if not disclosure.open_answers:
        return pd.DataFrame(columns=columns)
    rows = []
    for r in responses:
        for q in _questionnaire_for(r.respondent_type).questions:
            if q.open and isinstance(r.answers.get(q.id), str):
                rows.append([r.respondent_type, r.area_id, r.postcode4, q.id, q.nl, r.answers[q.id]])
    return pd.DataFrame(rows, columns=columns)


def percent(share: float) -> str:
    """A share as a whole percentage, half up (0.2875 -> ``29%``)."""
    return f"{math.floor(share * 100 + 0.5)}%"


def p_text(p: float) -> str:
    """A p-value in Dutch notation: ``p < 0,001``, ``p = 0,004``, ``p = 0,21``."""
    if p < 0.001:
        return "p < 0,001"
    return "p = " + (f"{p:.3f}" if p < 0.01 else f"{p:.2f}").replace(".", ",")


@dataclass(frozen=True)
class RegionalComparison:
    """The share of one respondent type approached by criminals against the regional figure."""

    k: int
    n: int
    reference: float
    share: Share | None  # None when not shown (too few respondents or a small count)
    test: BinomialTest | None
    sentence: str


def approached_vs_region(
    responses: Sequence[SurveyResponse],
    *,
    respondent_type: str = "agrariër",
    reference: float = REGIONAL_APPROACHED,
    disclosure: SurveyDisclosure | None = None,
    by: Literal["gebied", "postcode"] | None = None,
) -> RegionalComparison:
    """How many respondents of ``respondent_type`` were approached (question ``benaderd``), against the
    regional share ``reference``, with the exact binomial test said in words. Under the survey rule (fewer
    than 10 answers; or, when small counts are hidden, a count the results table hides, ``by`` being the
    grouping of the table shown beside it) the sentence says why no share is given."""
    disclosure = disclosure or SurveyDisclosure()
    values = [r.answers.get("benaderd") for r in responses if r.respondent_type == respondent_type]
    answered = [v for v in values if isinstance(v, bool)]
    n, k = len(answered), sum(answered)
    who = RESPONDENT_TYPE_LABELS[respondent_type]["nl"]
    plural = {"agrariër": "agrariërs", "bewoner": "bewoners", "ondernemer": "ondernemers"}[who]
    ref = percent(reference)
    if n < MIN_RESPONDENTS:
        sentence = (
            f"Er {'is' if n == 1 else 'zijn'} {n} {who if n == 1 else plural} die de vraag over benaderd "
            f"worden beantwoordde{'n' if n != 1 else ''}; bij minder dan {MIN_RESPONDENTS} respondenten "
            f"wordt geen percentage getoond en niet vergeleken met het regionale cijfer van {ref}."
        )
        return RegionalComparison(k, n, reference, None, None, sentence)
    if disclosure.small_counts and _count_hidden(responses, respondent_type, by, disclosure):
        sentence = (f"Van de {n} {plural} is het aantal benaderden niet getoond: het is kleiner dan {MIN_COUNT}, "
                    f"op minder dan {MIN_COUNT} na iedereen, of uit andere kleine aantallen af te leiden.")  # fmt: skip
        return RegionalComparison(k, n, reference, None, None, sentence)
    share, test = wilson(k, n), binomial_test(k, n, reference)
    verb = "is" if k == 1 else "zijn"
    head = (f"{k} van de {n} {plural} ({percent(share.share or 0)}, 95%: {percent(share.low or 0)[:-1]}–"
            f"{percent(share.high or 0)}) {verb} benaderd")  # fmt: skip
    relation = {"hoger": "meer dan", "lager": "minder dan", "gelijk": "niet te onderscheiden van"}[test.direction]
    p = p_text(test.p_value if test.p_value is not None else 1.0)
    sentence = f"{head}; dat is {relation} het regionale cijfer van {ref} (toets: {p})."
    return RegionalComparison(k, n, reference, share, test, sentence)


def _count_hidden(responses: Sequence[SurveyResponse], respondent_type: str, by: str | None,
                  disclosure: SurveyDisclosure) -> bool:  # fmt: skip
    """Whether the results table (same responses, grouping and disclosure) hides the total count approached."""
    table = survey_results(responses, by=by, disclosure=disclosure)  # type: ignore[arg-type]
    cell = table[(table["group_kind"] == TOTAL_GROUP) & (table["respondent_type"] == respondent_type)
                 & (table["question_id"] == "benaderd") & (table["option"] == "ja")]  # fmt: skip
    return cell.empty or bool(cell["count"].isna().any())
