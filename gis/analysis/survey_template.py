"""The Excel template of a survey questionnaire, and the responses as a table for export.

Template: sheet ``Antwoorden`` (row 1 the field ids, row 2 the Dutch question texts, one respondent per row
from row 3, drop-down lists where Excel can check the answer), ``Vragen`` (every question with its allowed
codes), ``Toelichting`` (how to fill it in, first) and a hidden ``Lijsten`` sheet for the drop-downs. All text
is written as text: a leading ``=``, ``+``, ``-`` or ``@`` never becomes a formula.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from gis.analysis.survey import (
    KIND_LABELS,
    META_FIELDS,
    QUESTIONNAIRES,
    RESPONDENT_TYPES,
    QuestionKind,
    Questionnaire,
    SurveyResponse,
    format_answer,
)
from gis.io.upload_guard import format_size
from gis.io.xlsx_export import DATE, table_xlsx
from gis.privacy.survey import SurveyDisclosure, strip_open

__all__ = ["DATA_SHEET", "FORMULA_START", "MAX_BYTES", "MAX_ROWS", "responses_frame", "responses_xlsx", "safe_text",
           "template_xlsx"]  # fmt: skip

MAX_BYTES = 10 * 1024**2  # a survey file larger than 10 MB is refused
MAX_ROWS = 5000  # respondents per file
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DATA_SHEET = "Antwoorden"
_BOLD, _GREY = Font(bold=True), Font(italic=True, color="555555")
_HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
_OPEN_IDS = frozenset(q.id for qn in QUESTIONNAIRES.values() for q in qn.questions if q.open)


def safe_text(cell: Cell, value: str) -> None:
    """Write ``value`` as inert text: never a formula, kept as typed when the cell is edited."""
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"
    if value.startswith(FORMULA_START):
        cell.quotePrefix = True


def _codes_text(questionnaire: Questionnaire, qid: str) -> str:
    q = questionnaire.question(qid)
    if q is None:
        return ""
    if q.kind in (QuestionKind.SCHAAL, QuestionKind.GETAL):
        return f"{q.minimum} t/m {q.maximum}"
    return "; ".join(f"{c} = {q.label(c)}" for c in q.codes)


def template_xlsx(questionnaire: Questionnaire, areas: Mapping[int, str] | None = None) -> bytes:
    """The Excel template of ``questionnaire``; ``areas`` (id -> name) fill the drop-down of the area column."""
    book = Workbook()
    data = book.active
    data.title = DATA_SHEET
    fields = [*META_FIELDS, *(q.id for q in questionnaire.questions)]
    texts = [*META_FIELDS.values(), *(q.nl for q in questionnaire.questions)]
    for j, (name, text) in enumerate(zip(fields, texts, strict=True), start=1):
        safe_text(data.cell(row=1, column=j), name)
        safe_text(data.cell(row=2, column=j), text)
        data.cell(row=1, column=j).font = _BOLD
        data.cell(row=1, column=j).fill = _HEAD_FILL
        data.cell(row=2, column=j).font = _GREY
        data.cell(row=2, column=j).alignment = Alignment(wrap_text=True, vertical="top")
        data.column_dimensions[get_column_letter(j)].width = 16 if j <= len(META_FIELDS) else 22
    data.row_dimensions[2].height = 60
    data.freeze_panes = "B3"
    _lists(book, questionnaire, fields, areas)
    _questions_sheet(book, questionnaire)
    _instructions(book, questionnaire)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _lists(book: Workbook, questionnaire: Questionnaire, fields: list[str], areas: Mapping[int, str] | None) -> None:
    """Drop-down lists from a hidden sheet, and number/date checks, on rows 3..MAX_ROWS+2."""
    data, lists = book[DATA_SHEET], book.create_sheet("Lijsten")
    lists.sheet_state = "hidden"
    last = MAX_ROWS + 2
    choices: dict[str, list[str]] = {
        "respondent_type": [t for t in RESPONDENT_TYPES if t in questionnaire.respondent_types]
    }
    if areas:
        choices["gebied"] = [str(name) for name in areas.values()]
    for q in questionnaire.questions:
        if q.kind in (QuestionKind.JA_NEE, QuestionKind.EEN_KEUZE):
            choices[q.id] = list(q.codes)
    for k, (name, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(k)
        safe_text(lists.cell(row=1, column=k), name)
        for i, value in enumerate(values, start=2):
            safe_text(lists.cell(row=i, column=k), value)
        ref = f"{quote_sheetname('Lijsten')}!${letter}$2:${letter}${len(values) + 1}"
        dv = DataValidation(
            type="list",
            formula1=ref,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Onbekend antwoord",
            error=f"Kies een antwoord uit de lijst ({name}).",
        )
        col = get_column_letter(fields.index(name) + 1)
        dv.add(f"{col}3:{col}{last}")
        data.add_data_validation(dv)
    for q in questionnaire.questions:
        if q.kind in (QuestionKind.SCHAAL, QuestionKind.GETAL):
            dv = DataValidation(
                type="whole",
                operator="between",
                formula1=str(q.minimum),
                formula2=str(q.maximum),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Ongeldig getal",
                error=f"Vul een geheel getal van {q.minimum} tot en met {q.maximum} in.",
            )
            col = get_column_letter(fields.index(q.id) + 1)
            dv.add(f"{col}3:{col}{last}")
            data.add_data_validation(dv)
    col = get_column_letter(fields.index("datum") + 1)
    dv = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="36526",
        allow_blank=True,
        showErrorMessage=True,
        error="Vul een datum in (dd-mm-jjjj).",
    )
    dv.add(f"{col}3:{col}{last}")
    data.add_data_validation(dv)
    for (cell,) in data.iter_rows(
        min_row=3, max_row=3, min_col=fields.index("datum") + 1, max_col=fields.index("datum") + 1
    ):
        cell.number_format = "dd-mm-yyyy"


def _questions_sheet(book: Workbook, questionnaire: Questionnaire) -> None:
    ws = book.create_sheet("Vragen")
    head = ["veld", "vraag", "soort antwoord", "verplicht", "toegestane codes", "alleen als", "vertrouwelijk"]
    for j, text in enumerate(head, start=1):
        safe_text(ws.cell(row=1, column=j), text)
        ws.cell(row=1, column=j).font = _BOLD
    rows = [
        [name, text, "tekst", "ja" if name in ("respondent_type", "datum") else "nee", "", "", "nee"]
        for name, text in META_FIELDS.items()
    ]
    rows[1][4] = "; ".join(t for t in RESPONDENT_TYPES if t in questionnaire.respondent_types)
    rows[2][5] = rows[3][5] = "gebied of postcode is verplicht"
    for q in questionnaire.questions:
        cond = f"{q.only_if[0]} = {format_answer(q.only_if[1])}" if q.only_if else ""
        rows.append(
            [
                q.id,
                q.nl,
                KIND_LABELS[q.kind],
                "ja" if q.required else "nee",
                _codes_text(questionnaire, q.id),
                cond,
                "ja (open antwoord)" if q.open else "nee",
            ]
        )
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            safe_text(ws.cell(row=i, column=j), value)
            ws.cell(row=i, column=j).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFG", (22, 60, 22, 10, 60, 24, 18), strict=True):
        ws.column_dimensions[letter].width = width


def _instructions(book: Workbook, questionnaire: Questionnaire) -> None:
    ws = book.create_sheet("Toelichting", 0)
    lines = [
        questionnaire.title_nl,
        "",
        "Zo vult u dit werkblad in:",
        f"1. Eén respondent per rij op het werkblad '{DATA_SHEET}', vanaf rij 3. Verander rij 1 (de veldnamen) niet.",
        "2. Vul GEEN namen, adressen of telefoonnummers in. Respondentnummer is een nummer uit het "
        "enquêteprogramma, of leeg.",
        f"3. Soort respondent: {', '.join(t for t in RESPONDENT_TYPES if t in questionnaire.respondent_types)}.",
        "4. Vul een PPS-gebied of een postcode van 4 cijfers in (bijvoorbeeld 7151).",
        "5. Ja/nee-vragen: ja of nee. Eén keuze: kies de code uit de lijst. Meerdere keuzes: codes gescheiden "
        "door ; (bijvoorbeeld camera;verlichting). Cijfers: hele getallen van 1 tot en met 10.",
        "6. De codes en de vragen staan op het werkblad 'Vragen'. Vragen met 'alleen als' vult u alleen in als "
        "het eerdere antwoord zo luidt; laat ze anders leeg.",
        "7. Open antwoorden zijn vertrouwelijk: alleen wie de enquête beheert ziet ze.",
        f"8. Ten hoogste {MAX_ROWS} respondenten en {format_size(MAX_BYTES)} per bestand. Een bestand met fouten "
        "wordt in zijn geheel niet ingelezen; u krijgt een lijst met rij, veld en waarde.",
        "",
        "Groepen met minder dan 10 respondenten krijgen in de resultaten geen percentages of gemiddelden.",
    ]
    for i, text in enumerate(lines, start=1):
        safe_text(ws.cell(row=i, column=1), text)
    ws["A1"].font = Font(bold=True, size=13)
    ws.column_dimensions["A"].width = 120


def responses_frame(responses: Sequence[SurveyResponse], questionnaire: Questionnaire,
                    disclosure: SurveyDisclosure) -> pd.DataFrame:  # fmt: skip
    """The responses of ``questionnaire`` as one row each, in the template's columns (answers as codes, several
    choices joined by ``;``); open answers only when ``disclosure.open_answers``. For roles with the survey
    right only: these are individual answers, not aggregates."""
    questions = [q for q in questionnaire.questions if disclosure.open_answers or not q.open]
    rows = []
    for r in responses:
        if r.respondent_type not in questionnaire.respondent_types:
            continue
        answers = r.answers if disclosure.open_answers else strip_open(dict(r.answers), _OPEN_IDS)
        rows.append([r.respondent_ref, r.respondent_type, r.area_id, r.postcode4, r.answered_on,
                     *(format_answer(answers.get(q.id)) or None for q in questions)])  # fmt: skip
    return pd.DataFrame(rows, columns=[*META_FIELDS, *(q.id for q in questions)])


def responses_xlsx(responses: Sequence[SurveyResponse], questionnaire: Questionnaire,
                   disclosure: SurveyDisclosure) -> bytes:  # fmt: skip
    """``responses_frame`` as an .xlsx workbook (every text cell inert: never a formula)."""
    return table_xlsx(responses_frame(responses, questionnaire, disclosure), sheet=DATA_SHEET, formats={"datum": DATE})
