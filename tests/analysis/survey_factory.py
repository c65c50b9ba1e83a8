"""Responses for the survey tests: valid, varied, deterministic."""

from __future__ import annotations

import random
from datetime import date, timedelta

from gis.analysis.survey import QuestionKind, Questionnaire, SurveyResponse, questionnaire_for


def random_answers(questionnaire: Questionnaire, rng: random.Random) -> dict[str, object]:
    """A valid answer set: conditional questions only when their condition holds, optional ones sometimes."""
    answers: dict[str, object] = {}
    for q in questionnaire.questions:
        if q.only_if is not None and answers.get(q.only_if[0]) != q.only_if[1]:
            continue
        if not q.required and rng.random() < 0.3:
            continue
        if q.kind is QuestionKind.JA_NEE:
            answers[q.id] = rng.random() < 0.4
        elif q.kind is QuestionKind.EEN_KEUZE:
            answers[q.id] = rng.choice(q.codes)
        elif q.kind is QuestionKind.MEER_KEUZE:
            plain = [o.code for o in q.options if not o.exclusive]
            picked = set(rng.sample(plain, rng.randint(1, 3)))
            answers[q.id] = tuple(c for c in q.codes if c in picked)
        elif q.kind in (QuestionKind.SCHAAL, QuestionKind.GETAL):
            answers[q.id] = rng.randint(q.minimum or 0, min(q.maximum or 10, 12))
        else:
            answers[q.id] = rng.choice(["Busjes 's nachts bij de schuur", "<b>vet</b> & 'quotes'", "=1+1", "Één ë é"])
    return answers


def make_responses(kinds: list[str], seed: int = 7, entered_by: str = "tester") -> list[SurveyResponse]:
    rng = random.Random(seed)
    out = []
    for i, kind in enumerate(kinds):
        answers = random_answers(questionnaire_for(kind), rng)
        area = rng.choice([1, 2, None])
        postcode = rng.choice(["7151", "7161", None]) if area is not None else "7151"
        out.append(SurveyResponse(kind, area, postcode, date(2025, 1, 6) + timedelta(days=i), answers, "import",
                                  entered_by, f"R-{i + 1:03d}"))  # fmt: skip
    return out
