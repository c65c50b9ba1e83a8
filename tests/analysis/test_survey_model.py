"""The questionnaires as data and the validation of one response (Dutch messages naming field and value)."""

from __future__ import annotations

import json
import math
from datetime import date

import pandas as pd
import pytest

from gis.analysis.survey import (
    AGRARIERS,
    BEWONERS,
    QUESTIONNAIRES,
    QuestionKind,
    SurveyResponse,
    questionnaire_for,
    validate_response,
)
from gis.analysis.survey_values import (
    from_record,
    parse_answer,
    parse_date,
    parse_postcode,
    parse_respondent_type,
    to_record,
)
from tests.analysis.survey_factory import make_responses

TODAY = date(2025, 6, 1)


def _valid(**answers: object) -> SurveyResponse:
    base: dict[str, object] = {"veiligheidsgevoel": 7, "benaderd": False, "aanbod": False, "verdacht": False,
                               "melden_bereid": "ja", "leegstand_bekend": False, "eigen_leegstand": False}  # fmt: skip
    base.update(answers)
    return SurveyResponse("agrariër", 1, "7151", date(2025, 3, 1), {k: v for k, v in base.items() if v is not None})


def test_questionnaires_cover_the_issue_and_ids_are_unique() -> None:
    for questionnaire in QUESTIONNAIRES.values():
        ids = [q.id for q in questionnaire.questions]
        assert len(ids) == len(set(ids))
        for q in questionnaire.questions:
            codes = q.codes
            assert len(codes) == len(set(codes)), q.id
            assert q.nl and q.en
            if q.only_if is not None:
                assert questionnaire.question(q.only_if[0]) is not None
    how = {o.code for o in AGRARIERS.question("benaderd_wijze").options}
    assert {"persoonlijk", "telefoon", "brief", "tussenpersoon"} <= how
    to = {o.code for o in AGRARIERS.question("melden_bij").options}
    assert {"politie", "mma", "gemeente", "buren", "niemand"} <= to
    measures = {o.code for o in BEWONERS.question("maatregelen").options}
    assert {"slagbomen", "camera", "verlichting", "alertgroep", "boa_surveillance", "informatieavond", "meldpunt",
            "register_leegstand"} <= measures  # fmt: skip
    assert AGRARIERS.question("veiligheidsgevoel").kind is QuestionKind.SCHAAL
    assert AGRARIERS.question("opmerkingen").open and not AGRARIERS.question("benaderd").open
    assert questionnaire_for("ondernemer") is AGRARIERS and questionnaire_for("bewoner") is BEWONERS
    assert BEWONERS.question("eigen_leegstand") is None


def test_a_valid_response_has_no_problems() -> None:
    response = _valid(benaderd=True, benaderd_wijze=("telefoon", "tussenpersoon"), melden_bij=("politie", "mma"),
                      opmerkingen="<script>alert(1)</script>")  # fmt: skip
    assert validate_response(response, areas={1, 2}, area_postcodes={1: {"7151"}}, today=TODAY) == []


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"veiligheidsgevoel": 11}, "veiligheidsgevoel", ["tussen 1 en 10", "'11'"]),
        ({"veiligheidsgevoel": None}, "veiligheidsgevoel", ["verplicht"]),
        ({"melden_bereid": "misschien"}, "melden_bereid", ["onbekende antwoordcode", "'misschien'"]),
        ({"benaderd": True}, "benaderd_wijze", ["verplicht"]),
        ({"benaderd_wijze": ("telefoon",)}, "benaderd_wijze", ["alleen bij 'benaderd' = ja", "'telefoon'"]),
        ({"melden_bij": ("niemand", "politie")}, "melden_bij", ["'niemand' kan niet samen"]),
        ({"leegstand_bekend": True, "leegstand_aantal": 500}, "leegstand_aantal", ["tussen 0 en 200", "'500'"]),
        ({"schuur": True}, "schuur", ["hoort niet bij de vragenlijst agrariers"]),
    ],
)
def test_problems_name_field_and_value(changes: dict[str, object], field: str, words: list[str]) -> None:
    problems = validate_response(_valid(**changes), today=TODAY)
    mine = [p for p in problems if p.field == field]
    assert len(mine) == 1, problems
    for word in words:
        assert word in mine[0].message
    assert str(mine[0]).startswith(f"veld '{field}'")


def test_meta_fields_are_checked() -> None:
    bad = SurveyResponse("boer", 1, "7151", date(2025, 3, 1), {})
    assert [p.field for p in validate_response(bad, today=TODAY)] == ["respondent_type"]
    assert "onbekende soort respondent 'boer'" in validate_response(bad, today=TODAY)[0].message
    nowhere = SurveyResponse("bewoner", None, None, date(2030, 1, 1), {}, respondent_ref="Jan Jansen")
    problems = {p.field: p.message for p in validate_response(nowhere, today=TODAY)}
    assert "geen naam" in problems["respondent_ref"] and "'Jan Jansen'" in problems["respondent_ref"]
    assert "gebied of een postcode" in problems["gebied"]
    assert "01-01-2030 ligt in de toekomst" in problems["datum"]
    outside = SurveyResponse("bewoner", 1, "9999", date(2025, 3, 1), {})
    problems = {p.field: p.message for p in validate_response(outside, areas={1}, area_postcodes={1: {"7151"}})}
    assert problems["postcode"] == "postcode 9999 ligt niet in PPS-gebied '1'"
    assert "bestaat niet" in {p.field: p.message for p in validate_response(outside, areas={2})}["gebied"]


def test_values_as_tools_write_them() -> None:
    q = AGRARIERS.question
    assert parse_answer(q("benaderd"), "Yes") is True and parse_answer(q("benaderd"), 0) is False
    assert parse_answer(q("benaderd"), " NEE ") is False and parse_answer(q("benaderd"), "") is None
    assert parse_answer(q("veiligheidsgevoel"), "8,0") == 8 and parse_answer(q("veiligheidsgevoel"), 7.0) == 7
    assert parse_answer(q("melden_bereid"), "Waarschijnlijk wel") == "waarschijnlijk"
    assert parse_answer(q("melden_bereid"), "probably not") == "waarschijnlijk_niet"
    several = "Camera's (ook kentekencamera's), verlichting van erven en wegen; SLAGBOMEN"
    assert parse_answer(q("maatregelen"), several) == ("slagbomen", "camera", "verlichting")
    assert parse_answer(q("verdacht_wat"), "gedumpte vaten, jerrycans of ander afval,geur") == ("drugsafval", "geur")
    with pytest.raises(ValueError, match="'7,5' is geen geheel getal"):
        parse_answer(q("veiligheidsgevoel"), "7,5")
    with pytest.raises(ValueError, match="'drie' is geen getal"):
        parse_answer(q("leegstand_aantal"), "drie")
    with pytest.raises(ValueError, match="onbekend antwoord 'drones'"):
        parse_answer(q("maatregelen"), "camera;drones")
    with pytest.raises(ValueError, match="'misschien' is geen ja of nee"):
        parse_answer(q("benaderd"), "misschien")
    assert parse_postcode("7151 AB") == "7151" and parse_postcode(7151.0) == "7151"
    with pytest.raises(ValueError, match="'0151' is geen postcode"):
        parse_postcode("0151")
    assert parse_respondent_type("Agrariër") == "agrariër" and parse_respondent_type("residents") == "bewoner"
    assert parse_date("12-03-2025") == parse_date("2025-03-12 14:03:00") == parse_date(45728) == date(2025, 3, 12)
    with pytest.raises(ValueError, match="'gisteren' is geen datum"):
        parse_date("gisteren")


def test_respondent_type_without_diaeresis_and_plural() -> None:
    assert {parse_respondent_type(t) for t in ("agrarier", "AGRARIËRS", "Farmers", " agrariër ")} == {"agrariër"}
    assert parse_respondent_type("Ondernemers") == "ondernemer"
    with pytest.raises(ValueError, match="onbekende soort respondent 'boer'; kies uit agrariër, bewoner, ondernemer"):
        parse_respondent_type("boer")


def test_store_records_round_trip_through_json() -> None:
    responses = make_responses(["agrariër", "bewoner", "ondernemer"] * 5, seed=3, entered_by="coord")
    for response in responses:
        record = to_record(response)
        assert record["questionnaire"] == questionnaire_for(response.respondent_type).id
        stored = json.loads(json.dumps(record, default=str))  # as the store keeps it: JSON text
        stored["answered_on"] = pd.Timestamp(response.answered_on)  # as a DataFrame gives it back
        stored["area_id"] = math.nan if response.area_id is None else float(response.area_id)
        stored["entered_by"] = "coord"
        assert from_record(stored) == response
