"""Survey files: the Excel template round trip, CSV as survey tools write it, broken and hostile files, the PDF."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from openpyxl import load_workbook

from gis.analysis.survey import AGRARIERS, BEWONERS, META_FIELDS, Questionnaire, SurveyResponse, format_answer
from gis.analysis.survey_io import MAX_ROWS, ImportResult, import_responses, responses_xlsx, template_xlsx
from gis.analysis.survey_pdf import questionnaire_pdf
from gis.privacy.survey import SurveyDisclosure
from tests.analysis.survey_factory import make_responses
from tests.pdf_text import pdf_text

AREAS = {1: "Achterhoek Oost", 2: "Twente Noord"}
TODAY = date(2025, 12, 31)


def _fill(template: bytes, responses: list[SurveyResponse], questionnaire: Questionnaire = AGRARIERS) -> bytes:
    book = load_workbook(io.BytesIO(template))
    ws = book["Antwoorden"]
    fields = [c.value for c in ws[1]]
    assert fields == [*META_FIELDS, *(q.id for q in questionnaire.questions)]
    for i, r in enumerate(responses, start=3):
        meta = {"respondent_ref": r.respondent_ref, "respondent_type": r.respondent_type,
                "gebied": AREAS.get(r.area_id) if r.area_id else None, "postcode": r.postcode4,
                "datum": r.answered_on}  # fmt: skip
        for j, name in enumerate(fields, start=1):
            value = meta[name] if name in meta else (format_answer(r.answers.get(name)) or None)
            if isinstance(value, str):
                ws.cell(row=i, column=j).value = value
                ws.cell(row=i, column=j).data_type = "s"  # as typed in Excel: '=1+1' stays text
            else:
                ws.cell(row=i, column=j, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(lines: list[str], encoding: str = "utf-8") -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _messages(result: ImportResult) -> list[str]:
    return [str(p) for p in result.problems]


@pytest.mark.parametrize("questionnaire", [AGRARIERS, BEWONERS])
def test_template_round_trip(questionnaire: Questionnaire) -> None:
    kinds = [t for t in questionnaire.respondent_types for _ in range(20)]
    responses = make_responses(kinds, seed=len(kinds))
    data = _fill(template_xlsx(questionnaire, AREAS), responses, questionnaire)
    result = import_responses(data, "antwoorden.xlsx", questionnaire, entered_by="tester", areas=AREAS, today=TODAY)
    assert result.problems == []
    assert result.ok and result.rows == len(responses)
    assert result.responses == responses
    assert result.summary() == f"{len(responses)} respondenten gelezen zonder problemen; klaar om in te lezen."
    responses_out, problems = result  # unpacks as (responses, problems)
    assert responses_out == responses and problems == []


def test_template_sheets_lists_and_inert_text() -> None:
    hostile = {1: '=HYPERLINK("http://x","klik")', 2: "@SUM(A1)"}
    book = load_workbook(io.BytesIO(template_xlsx(AGRARIERS, hostile)))
    assert book.sheetnames == ["Toelichting", "Antwoorden", "Lijsten", "Vragen"]
    assert book["Lijsten"].sheet_state == "hidden"
    names = [c for row in book["Lijsten"].iter_rows() for c in row if c.value in hostile.values()]
    assert len(names) == 2 and all(c.data_type == "s" and c.quotePrefix for c in names)
    ws = book["Antwoorden"]
    assert ws["B2"].value == META_FIELDS["respondent_type"]
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert kinds == {"list", "whole", "date"}
    vragen = {row[0]: row for row in book["Vragen"].iter_rows(min_row=2, values_only=True)}
    assert "mma = Meld Misdaad Anoniem (0800-7000)" in vragen["melden_bij"][4]
    assert vragen["veiligheidsgevoel"][4] == "1 t/m 10" and vragen["opmerkingen"][6] == "ja (open antwoord)"


def test_csv_semicolon_bom_dutch_headers_and_labels() -> None:
    q = AGRARIERS.question
    header = ["Respondent ID", "Soort respondent", "Postcode", "Datum", q("veiligheidsgevoel").nl.upper(),
              "  " + q("benaderd").nl + " ", q("benaderd_wijze").nl, q("aanbod").nl, q("verdacht").nl,
              q("verdacht_wat").nl, q("melden_bereid").nl, q("melden_bij").nl, q("leegstand_bekend").nl,
              q("eigen_leegstand").nl, "IP-adres"]  # fmt: skip
    rows = [
        ";".join('"' + h.replace('"', '""') + '"' for h in header),
        '17;Agrariër;7151 AB;12-03-2025;"8,0";Ja;"Telefonisch, via een tussenpersoon of kennis";nee;1;geur;'
        'Waarschijnlijk wel;"politie (112 of 0900-8844); Meld Misdaad Anoniem (0800-7000)";0;nee;10.0.0.1',
        "18;ondernemer;7161;2025-03-13;6;no;;no;no;;nee;niemand;yes;yes;10.0.0.2",
    ]
    result = import_responses(b"\xef\xbb\xbf" + _csv(rows), "export.csv", AGRARIERS, today=TODAY)
    assert result.problems == []
    first, second = result.responses
    assert (first.respondent_ref, first.respondent_type, first.postcode4, first.answered_on) == (
        "17", "agrariër", "7151", date(2025, 3, 12))  # fmt: skip
    assert first.answers["benaderd_wijze"] == ("telefoon", "tussenpersoon")
    assert first.answers["melden_bij"] == ("politie", "mma") and first.answers["veiligheidsgevoel"] == 8
    assert (
        first.answers["verdacht"] is True
        and first.answers["verdacht_wat"] == ("geur",)
        and first.answers["melden_bereid"] == "waarschijnlijk"
    )
    assert second.answers["melden_bij"] == ("niemand",) and second.answers["benaderd"] is False
    assert any("'IP-adres'" in note and "niet gelezen" in note for note in result.notes)


def test_csv_comma_cp1252_english_headers() -> None:
    q = BEWONERS.question
    header = ",".join(['"' + t + '"' for t in ["respondent_ref", "type", "zip", "date", q("veiligheidsgevoel").en,
                       q("benaderd").en, q("aanbod").en, q("verdacht").en, q("verdacht_wat").en,
                       q("melden_bereid").en, q("leegstand_bekend").en, q("opmerkingen").en]])  # fmt: skip
    row = (
        'a1,bewoner,7151,12/03/2025,7,no,no,yes,"Strange smell (aniseed, chemical, cannabis),drugsafval",ja,no,'
        '"Één café"'
    )
    result = import_responses(_csv([header, row], "cp1252"), "bewoners.csv", BEWONERS, today=TODAY)
    assert result.problems == []
    (response,) = result.responses
    assert response.answers["verdacht_wat"] == ("drugsafval", "geur")
    assert response.answers["opmerkingen"] == "Één café"
    assert any("cp1252" in note for note in result.notes)


def _header(questionnaire: Questionnaire = AGRARIERS) -> str:
    return ";".join([*META_FIELDS, *(q.id for q in questionnaire.questions)])


def _row(ref: str, **answers: str) -> str:
    values = {"respondent_ref": ref, "respondent_type": "agrariër", "gebied": "1", "postcode": "7151",
              "datum": "01-03-2025", "veiligheidsgevoel": "7", "benaderd": "nee", "aanbod": "nee", "verdacht": "nee",
              "melden_bereid": "ja", "leegstand_bekend": "nee", "eigen_leegstand": "nee"}  # fmt: skip
    values.update(answers)
    return ";".join(values.get(f, "") for f in [*META_FIELDS, *(q.id for q in AGRARIERS.questions)])


def test_bad_rows_are_all_reported_and_nothing_is_read() -> None:
    lines = [
        _header(),
        _row("r1"),
        _row("r2", melden_bereid="misschien"),
        _row("r3", veiligheidsgevoel="11"),
        _row("r4", leegstand_bekend="ja", leegstand_aantal="drie"),
        _row("r5", veiligheidsgevoel=""),
        _row("r1"),
        _row("r7", respondent_type=""),
        _row("r8", postcode="9999"),
        _row("r9", gebied="Nergenshuizen"),
    ]
    result = import_responses(_csv(lines), "fouten.csv", AGRARIERS, areas={1: "Oost"}, existing_refs={"r9"},
                              area_postcodes={1: {"7151"}}, today=TODAY)  # fmt: skip
    got = _messages(result)
    expected = [
        "Rij 3, veld 'melden_bereid': onbekend antwoord 'misschien'; kies uit ja, waarschijnlijk, twijfel, "
        "waarschijnlijk_niet, nee",
        "Rij 4, veld 'veiligheidsgevoel': het getal moet tussen 1 en 10 liggen (gevonden: '11')",
        "Rij 5, veld 'leegstand_aantal': 'drie' is geen getal",
        "Rij 6, veld 'veiligheidsgevoel': deze vraag is verplicht en is niet beantwoord",
        "Rij 7, veld 'respondent_ref': respondentnummer 'r1' staat ook in rij 2",
        "Rij 8, veld 'respondent_type': soort respondent ontbreekt; vul agrariër, bewoner of ondernemer in",
        "Rij 9, veld 'postcode': postcode 9999 ligt niet in PPS-gebied '1'",
        "Rij 10, veld 'gebied': onbekend PPS-gebied 'Nergenshuizen'; bekend zijn: Oost",
    ]
    assert got == expected
    assert not result.ok
    assert result.summary() == ("8 problemen in 8 rijen van 9 gelezen respondenten: er is niets ingelezen. "
                                "Verbeter het bestand en lees het opnieuw in.")  # fmt: skip
    again = import_responses(_csv([_header(), _row("r9")]), "nog.csv", AGRARIERS, existing_refs={"r9"}, today=TODAY)
    assert _messages(again) == ["Rij 2, veld 'respondent_ref': respondentnummer 'r9' is al eerder ingelezen"]


def test_missing_columns_and_merged_headers() -> None:
    lines = [_header().replace("veiligheidsgevoel", "cijfer"), _row("r1")]
    result = import_responses(_csv(lines), "a.csv", AGRARIERS, today=TODAY)
    assert "Rij 1, veld 'veiligheidsgevoel': de kolom voor verplichte vraag 'veiligheidsgevoel' ontbreekt" in _messages(
        result
    )
    book = load_workbook(io.BytesIO(template_xlsx(AGRARIERS)))
    ws = book["Antwoorden"]
    ws.delete_rows(2)
    ws["Z1"], ws["AA1"] = "Toelichting", None
    ws.merge_cells("Z1:AA1")
    for j, value in enumerate(_row("r1").split(";"), start=1):
        ws.cell(row=2, column=j, value=value or None)
    ws["Z2"], ws["AA2"] = "iets", "nog iets"
    out = io.BytesIO()
    book.save(out)
    merged = import_responses(out.getvalue(), "samengevoegd.xlsx", AGRARIERS, today=TODAY)
    assert _messages(merged) == ["Rij 2, veld 'kolom AA': deze kolom heeft geen kop (samengevoegde kopcellen?); "
                                 "geef elke kolom een eigen kop"]  # fmt: skip


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024**2))
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "leeg.csv", "'leeg.csv' is leeg"),
        (b"\xef\xbb\xbf\r\n", "bom.csv", "'bom.csv' is leeg"),
        (b"%PDF-1.4", "antwoorden.pdf", "'antwoorden.pdf' is geen .xlsx- of .csv-bestand"),
        (b"just text, no zip", "nep.xlsx", "een Excel-werkboek (.xlsx) is een zip-bestand"),
        (b"PK\x03\x04 broken", "stuk.xlsx", "beschadigd zip-bestand"),
        (_bomb(), "bom.xlsx", "dat lijkt een zip-bom"),
        (b"a;b\n" + b"x" * (10 * 1024**2), "groot.csv", "de grens is 10 MB per bestand"),
        (b"PK\x03\x04" + b"\0" * 100, "zip.csv", "geen tekstbestand"),
    ],
    # names, never the bytes: a zip made at collection time carries its time, and workers must collect the same ids
    ids=["leeg", "alleen-bom", "pdf", "geen-zip", "kapotte-zip", "zip-bom", "te-groot", "zip-als-csv"],
)
def test_broken_files_are_refused_in_dutch(data: bytes, name: str, words: str) -> None:
    result = import_responses(data, name, AGRARIERS, today=TODAY)
    assert result.responses == [] and len(result.problems) == 1
    assert result.problems[0].field == "bestand"
    assert words in result.problems[0].message
    assert result.summary().startswith("Het bestand is niet ingelezen: ") and words in result.summary()


def test_row_cap_and_no_respondents() -> None:
    lines = [_header(), *(_row(f"r{i}") for i in range(MAX_ROWS + 1))]
    result = import_responses(_csv(lines), "veel.csv", AGRARIERS, today=TODAY)
    assert result.responses == [] or not result.ok
    assert any(f"meer dan {MAX_ROWS} respondenten; de grens is {MAX_ROWS} per bestand" in m for m in _messages(result))
    empty = import_responses(_csv([_header()]), "kop.csv", AGRARIERS, today=TODAY)
    assert empty.problems == [] and not empty.ok
    assert empty.summary() == "Het bestand bevat geen respondenten; er is niets ingelezen."
    other = import_responses(_csv(["naam;adres", "Jan;Dorpsstraat 1"]), "lijst.csv", AGRARIERS, today=TODAY)
    assert "de kopregel noemt geen vragen van de vragenlijst 'agrariers'" in _messages(other)[0]


def test_hostile_text_stays_text_and_is_inert_when_written() -> None:
    script, formula = "<script>alert('x')</script>", '=HYPERLINK("http://evil","klik")'
    lines = [_header(), _row("r1", opmerkingen=script, maatregelen_toelichting=formula.replace('"', '""'))]
    lines[1] = lines[1].replace(formula.replace('"', '""'), '"' + formula.replace('"', '""') + '"')
    result = import_responses(_csv(lines), "h.csv", AGRARIERS, today=TODAY)
    assert result.problems == []
    (response,) = result.responses
    assert response.answers["opmerkingen"] == script and response.answers["maatregelen_toelichting"] == formula
    allowed = load_workbook(io.BytesIO(responses_xlsx([response], AGRARIERS, SurveyDisclosure(open_answers=True))))
    cells = {c.value: c for row in allowed.active.iter_rows() for c in row if c.value in (script, formula)}
    assert set(cells) == {script, formula}
    assert cells[formula].data_type == "s" and cells[formula].quotePrefix
    refused = load_workbook(io.BytesIO(responses_xlsx([response], AGRARIERS, SurveyDisclosure())))
    values = {c.value for row in refused.active.iter_rows() for c in row}
    assert script not in values and formula not in values and "opmerkingen" not in values


@pytest.mark.parametrize("questionnaire", [AGRARIERS, BEWONERS])
def test_pdf_text_layer_holds_every_question(questionnaire: Questionnaire) -> None:
    data = questionnaire_pdf(questionnaire, area_name="Achterhoek Oost")
    assert data.startswith(b"%PDF")
    text = " ".join(pdf_text(data).split())
    assert questionnaire.title_nl in text and "Gebied: Achterhoek Oost" in text
    for number, q in enumerate(questionnaire.questions, start=1):
        assert f"{number}. {' '.join(q.nl.split())}" in text
        for code in q.codes:
            assert q.label(code) in text
    assert "Alleen invullen als u bij vraag 3 'ja' antwoordde." in text


def test_respondent_type_from_the_caller_when_the_tool_has_no_column() -> None:
    fields = [f for f in [*META_FIELDS, *(q.id for q in BEWONERS.questions)] if f != "respondent_type"]
    values = {"respondent_ref": "55", "postcode": "7151", "datum": "2025-03-01", "veiligheidsgevoel": "6",
              "benaderd": "nee", "aanbod": "nee", "verdacht": "nee", "melden_bereid": "twijfel",
              "leegstand_bekend": "nee"}  # fmt: skip
    data = _csv([";".join(fields), ";".join(values.get(f, "") for f in fields)])
    without = import_responses(data, "b.csv", BEWONERS, today=TODAY)
    assert _messages(without) == ["Rij 2, veld 'respondent_type': soort respondent ontbreekt; vul agrariër, bewoner "
                                  "of ondernemer in"]  # fmt: skip
    given = import_responses(data, "b.csv", BEWONERS, respondent_type="bewoner", entered_by="coord", today=TODAY)
    assert given.problems == [] and given.responses[0].respondent_type == "bewoner"
    assert given.responses[0].entered_by == "coord" and given.responses[0].source == "import"
    wrong = import_responses(data, "b.csv", BEWONERS, respondent_type="agrariër", today=TODAY)
    assert _messages(wrong) == ["Rij 2, veld 'respondent_type': een agrariër hoort niet bij de vragenlijst 'bewoners'"]


def test_semicolon_file_whose_quoted_headers_hold_more_commas() -> None:
    fields = [*META_FIELDS, *(q.id for q in AGRARIERS.questions)]
    header = ";".join(fields) + ';"Notitie' + ", x" * 30 + '"'
    values = _row("r1").split(";")
    result = import_responses(_csv([header, ";".join([*values, "x"])]), "puntkomma.csv", AGRARIERS, today=TODAY)
    assert header.count(",") > header.count(";")
    assert result.problems == [] and len(result.responses) == 1
