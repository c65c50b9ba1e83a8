"""Survey results on a hand-made set against hand computation, the survey disclosure rule, the 15% sentence."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from gis.analysis.survey import SurveyResponse
from gis.analysis.survey_results import COLUMNS, approached_vs_region, open_answers, p_text, percent, survey_results
from gis.privacy.survey import SurveyDisclosure

FULL = SurveyDisclosure(open_answers=False, small_counts=False)
Z, T11 = 1.959963984540054, 2.200985160082949  # normal 97.5% and t(11) 97.5% quantiles


def _farmer(area: int | None, approached: bool, feeling: int, note: str | None = None) -> SurveyResponse:
    answers: dict[str, object] = {"veiligheidsgevoel": feeling, "benaderd": approached, "aanbod": False,
                                  "verdacht": False, "melden_bereid": "ja", "leegstand_bekend": False,
                                  "eigen_leegstand": False}  # fmt: skip
    if approached:
        answers["benaderd_wijze"] = ("telefoon", "tussenpersoon") if feeling > 6 else ("persoonlijk",)
    if note is not None:
        answers["opmerkingen"] = note
    return SurveyResponse("agrariër", area, "7151", date(2025, 3, 1), answers)


def _resident(area: int, approached: bool = False) -> SurveyResponse:
    return SurveyResponse("bewoner", area, "7151", date(2025, 3, 1), {
        "veiligheidsgevoel": 8, "benaderd": approached, "aanbod": False, "verdacht": False, "melden_bereid": "ja",
        "leegstand_bekend": False})  # fmt: skip


FEELINGS_1 = [6, 7, 8, 5, 9, 7, 6, 8, 7, 6, 5, 8]


def _set() -> list[SurveyResponse]:
    """Area 1: 12 farmers, 5 approached; area 2: 8 farmers, 2 approached."""
    area1 = [_farmer(1, i < 5, f, note="<b>busjes</b>" if i == 0 else None) for i, f in enumerate(FEELINGS_1)]
    area2 = [_farmer(2, i < 2, 7) for i in range(8)]
    return area1 + area2


def _cell(table: pd.DataFrame, group: str, question: str, option: str = "", rtype: str = "agrariër") -> pd.Series:
    rows = table[(table["group"] == group) & (table["question_id"] == question) & (table["option"] == option)
                 & (table["respondent_type"] == rtype)]  # fmt: skip
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_shares_and_means_match_hand_computation() -> None:
    table = survey_results(_set(), disclosure=FULL)
    assert list(table.columns) == list(COLUMNS)
    for col in ("respondents", "answered", "count", "share", "share_low", "share_high", "mean", "mean_low"):
        assert table[col].dtype == np.float64, col
    row = _cell(table, "1", "benaderd", "ja")
    k, n = 5, 12
    p = k / n
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / (1 + Z**2 / n)
    assert (row["count"], row["answered"], row["respondents"]) == (5, 12, 12)
    assert row["share"] == pytest.approx(5 / 12)
    assert (row["share_low"], row["share_high"]) == (pytest.approx(centre - half), pytest.approx(centre + half))
    assert (row["share_low"], row["share_high"]) == (pytest.approx(0.19326, abs=1e-5), pytest.approx(0.68049, abs=1e-5))
    assert not row["hidden"] and row["reason"] == ""
    mean = _cell(table, "1", "veiligheidsgevoel")
    m = sum(FEELINGS_1) / 12
    sd = math.sqrt(sum((x - m) ** 2 for x in FEELINGS_1) / 11)
    assert mean["mean"] == pytest.approx(82 / 12)
    assert (mean["mean_low"], mean["mean_high"]) == (pytest.approx(m - T11 * sd / math.sqrt(12)),
                                                     pytest.approx(m + T11 * sd / math.sqrt(12)))  # fmt: skip
    assert math.isnan(mean["count"]) and math.isnan(mean["share"])
    total = _cell(table, "alle", "benaderd", "ja")
    assert (total["group_kind"], total["count"], total["answered"]) == ("totaal", 7, 20)
    assert total["share"] == pytest.approx(7 / 20)
    several = _cell(table, "1", "benaderd_wijze", "telefoon")  # asked of the 5 approached only
    assert (several["count"], several["answered"]) == (3, 5)
    assert math.isnan(several["share"]) and several["reason"] == "<10 antwoorden"


def test_groups_under_ten_show_counts_but_no_percentages() -> None:
    table = survey_results(_set(), disclosure=FULL)
    for option, count in (("ja", 2), ("nee", 6)):
        row = _cell(table, "2", "benaderd", option)
        assert row["count"] == count and row["respondents"] == 8
        assert all(math.isnan(row[c]) for c in ("share", "share_low", "share_high"))
        assert row["hidden"] and row["reason"] == "<10 respondenten"
    feeling = _cell(table, "2", "veiligheidsgevoel")
    assert math.isnan(feeling["mean"]) and feeling["answered"] == 8
    one = survey_results([_farmer(1, True, 7)], disclosure=FULL, include_total=False)
    assert one["share"].isna().all() and one["mean"].isna().all() and one["hidden"].all()
    assert approached_vs_region([_farmer(1, True, 7)], disclosure=FULL).sentence == (
        "Er is 1 agrariër die de vraag over benaderd worden beantwoordde; bij minder dan 10 respondenten wordt geen "
        "percentage getoond en niet vergeleken met het regionale cijfer van 15%.")  # fmt: skip


def test_small_counts_and_the_differencing_case() -> None:
    table = survey_results(_set())  # strictest: small counts hidden
    assert _cell(table, "2", "benaderd", "ja")["reason"] == "<10 respondenten; <5"
    assert _cell(table, "2", "benaderd", "nee")["reason"] == "<10 respondenten; aanvullend verborgen"
    # total 7 minus area 1's 5 would give area 2's 2: area 1 is hidden too, the total stays
    area1 = _cell(table, "1", "benaderd", "ja")
    assert math.isnan(area1["count"]) and math.isnan(area1["share"]) and area1["reason"] == "aanvullend verborgen"
    assert math.isnan(_cell(table, "1", "benaderd", "nee")["count"])  # 12 answers minus 7 "nee" would give it
    total = _cell(table, "alle", "benaderd", "ja")
    assert total["count"] == 7 and total["share"] == pytest.approx(0.35) and not total["hidden"]
    assert _cell(table, "1", "veiligheidsgevoel")["mean"] == pytest.approx(82 / 12)
    for _, row in table[table["reason"].str.contains("<5|aanvullend")].iterrows():
        assert math.isnan(row["count"]) and math.isnan(row["share"])


def test_respondent_types_beside_alle() -> None:
    farmers = [_farmer(1, i < 5, 7) for i in range(12)]
    residents = [_resident(1) for _ in range(10)]
    table = survey_results(farmers + residents, by=None)
    assert _cell(table, "alle", "benaderd", "ja", "bewoner")["reason"] == "<5"  # nobody: 0 is a small count
    assert _cell(table, "alle", "benaderd", "nee", "bewoner")["reason"] == "aanvullend verborgen"
    mixed = _cell(table, "alle", "benaderd", "ja", "alle")  # 5 = farmers' 5 + residents' 0: the mix is hidden
    assert math.isnan(mixed["count"]) and mixed["reason"] == "aanvullend verborgen"
    farmers_row = _cell(table, "alle", "benaderd", "ja", "agrariër")
    assert farmers_row["count"] == 5 and farmers_row["share"] == pytest.approx(5 / 12)
    assert approached_vs_region(farmers + residents).sentence == (
        "5 van de 12 agrariërs (42%, 95%: 19–68%) zijn benaderd; dat is meer dan het regionale cijfer van 15% "
        "(toets: p = 0,02).")  # fmt: skip
    assert "eigen_leegstand" not in set(table.loc[table["respondent_type"] == "bewoner", "question_id"])


def test_open_answers_only_for_roles_that_may_see_them() -> None:
    responses = _set()
    hidden = survey_results(responses, disclosure=FULL)
    assert not (hidden["kind"] == "open").any()
    shown = survey_results(responses, disclosure=SurveyDisclosure(open_answers=True, small_counts=False))
    opmerkingen = _cell(shown, "1", "opmerkingen")
    assert opmerkingen["count"] == 1 and opmerkingen["kind"] == "open"
    assert open_answers(responses, SurveyDisclosure()).empty
    texts = open_answers(responses, SurveyDisclosure(open_answers=True))
    assert texts[["question_id", "text"]].values.tolist() == [["opmerkingen", "<b>busjes</b>"]]


def _farmers(k: int, n: int) -> list[SurveyResponse]:
    return [_farmer(1, i < k, 7) for i in range(n)]


@pytest.mark.parametrize(
    ("k", "n", "sentence"),
    [
        (23, 80, "23 van de 80 agrariërs (29%, 95%: 20–39%) zijn benaderd; dat is meer dan het regionale cijfer van "
                 "15% (toets: p = 0,001)."),
        (13, 80, "13 van de 80 agrariërs (16%, 95%: 10–26%) zijn benaderd; dat is niet te onderscheiden van het "
                 "regionale cijfer van 15% (toets: p = 0,75)."),
        (2, 80, "2 van de 80 agrariërs (3%, 95%: 1–9%) zijn benaderd; dat is minder dan het regionale cijfer van 15% "
                "(toets: p < 0,001)."),
    ],
)  # fmt: skip
def test_fifteen_percent_sentence(k: int, n: int, sentence: str) -> None:
    result = approached_vs_region(_farmers(k, n), disclosure=FULL)
    assert result.sentence == sentence
    assert result.share is not None and result.test is not None and (result.k, result.n) == (k, n)


def test_fifteen_percent_sentence_hides_small_counts() -> None:
    result = approached_vs_region(_farmers(2, 80))
    assert result.share is None and result.test is None
    assert result.sentence == ("Van de 80 agrariërs is het aantal benaderden niet getoond: het is kleiner dan 5, op "
                               "minder dan 5 na iedereen, of uit andere kleine aantallen af te leiden.")  # fmt: skip
    assert "p =" not in result.sentence and "%" not in result.sentence


def test_number_words() -> None:
    assert [percent(x) for x in (0.2875, 0.125, 0.005, 1.0)] == ["29%", "13%", "1%", "100%"]
    assert [p_text(x) for x in (0.0004, 0.00147, 0.0237, 0.754)] == ["p < 0,001", "p = 0,001", "p = 0,02", "p = 0,75"]
