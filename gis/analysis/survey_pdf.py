"""The printable survey questionnaire (Dutch, A4 PDF) for paper surveys and interviews at the kitchen table.

Every question with its number, its answer boxes (ja/nee, choices, a 1-10 scale, a line for a number, lines for
open text) and, for follow-up questions, when to answer them. DejaVu Sans (as the dumping dossier) prints ë, é
and ü; the respondent number box replaces any name.
"""

from __future__ import annotations

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from gis.analysis.survey import RESPONDENT_TYPE_LABELS, Question, QuestionKind, Questionnaire, format_answer
from gis.io.dossier import A4FooterPDF

__all__ = ["questionnaire_pdf"]

_FAMILY = "DejaVu"
_ACCENT, _GREY = (31, 78, 121), (90, 90, 90)
_BOX = 3.6  # mm, a tick box
_LINE = 6.0


def _box_line(pdf: FPDF, label: str, indent: float = 4.0) -> None:
    """A tick box with its label on one line (wrapped when long)."""
    if pdf.get_y() + _LINE > pdf.page_break_trigger:
        pdf.add_page()
    x, y = pdf.l_margin + indent, pdf.get_y()
    pdf.rect(x, y + 1.0, _BOX, _BOX)
    pdf.set_x(x + _BOX + 2.5)
    pdf.multi_cell(pdf.epw - indent - _BOX - 2.5, 5.4, label, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _write_lines(pdf: FPDF, count: int, indent: float = 4.0) -> None:
    for _ in range(count):
        if pdf.get_y() + 8 > pdf.page_break_trigger:
            pdf.add_page()
        pdf.ln(7)
        y = pdf.get_y()
        pdf.line(pdf.l_margin + indent, y, pdf.l_margin + pdf.epw, y)
    pdf.ln(1)


def _scale(pdf: FPDF, q: Question) -> None:
    low, high = q.minimum or 1, q.maximum or 10
    width = min(12.0, (pdf.epw - 8) / (high - low + 1))
    x0, y = pdf.l_margin + 4, pdf.get_y() + 1
    for i, value in enumerate(range(low, high + 1)):
        x = x0 + i * width
        pdf.rect(x + (width - _BOX) / 2, y, _BOX, _BOX)
        pdf.set_xy(x, y + _BOX + 0.5)
        pdf.cell(width, 4, str(value), align="C")
    pdf.set_xy(pdf.l_margin, y + _BOX + 5.5)


def _question(pdf: FPDF, number: int, q: Question, numbers: dict[str, int]) -> None:
    if pdf.get_y() + 24 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(2.5)
    pdf.set_font(_FAMILY, "B", 10)
    pdf.multi_cell(0, 5.2, f"{number}. {q.nl}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(_FAMILY, size=8.5)
    pdf.set_text_color(*_GREY)
    hints = []
    if q.only_if is not None:
        hints.append(f"Alleen invullen als u bij vraag {numbers[q.only_if[0]]} '{format_answer(q.only_if[1])}' "
                     "antwoordde.")  # fmt: skip
    if q.kind is QuestionKind.MEER_KEUZE:
        hints.append("Meerdere antwoorden mogelijk.")
    elif q.kind is QuestionKind.EEN_KEUZE:
        hints.append("Kies één antwoord.")
    if q.open:
        hints.append("Noem geen namen. Dit antwoord is vertrouwelijk.")
    if hints:
        pdf.multi_cell(0, 4.4, " ".join(hints), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(_FAMILY, size=9.5)
    if q.kind in (QuestionKind.JA_NEE, QuestionKind.EEN_KEUZE, QuestionKind.MEER_KEUZE):
        for code in q.codes:
            _box_line(pdf, q.label(code))
    elif q.kind is QuestionKind.SCHAAL:
        _scale(pdf, q)
    elif q.kind is QuestionKind.GETAL:
        pdf.set_x(pdf.l_margin + 4)
        pdf.cell(0, 7, "Aantal: ______", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        _write_lines(pdf, 4)


def questionnaire_pdf(questionnaire: Questionnaire, area_name: str | None = None) -> bytes:
    """The printable questionnaire; ``area_name`` (a PPS area) is printed in the header when given."""
    footer = f"{questionnaire.title_nl}" + (f" · {area_name}" if area_name else "")
    pdf = A4FooterPDF(footer)
    pdf.add_page()
    pdf.set_font(_FAMILY, "B", 15)
    pdf.set_text_color(*_ACCENT)
    pdf.multi_cell(0, 7.5, questionnaire.title_nl, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    if area_name:
        pdf.set_font(_FAMILY, "B", 10.5)
        pdf.multi_cell(0, 6, f"Gebied: {area_name}", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(_FAMILY, size=9.5)
    pdf.ln(1)
    pdf.multi_cell(0, 5, questionnaire.intro_nl, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    pdf.set_font(_FAMILY, "B", 10)
    pdf.multi_cell(0, 5.2, "Over u", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(_FAMILY, size=9.5)
    for kind in questionnaire.respondent_types:
        _box_line(pdf, RESPONDENT_TYPE_LABELS[kind]["nl"])
    for label in ("Postcode (alleen de 4 cijfers): ________", "Datum: ____ - ____ - ________",
                  "Respondentnummer (in te vullen door de enquêteur): ____________"):  # fmt: skip
        pdf.set_x(pdf.l_margin + 4)
        pdf.cell(0, 7, label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    numbers = {q.id: i for i, q in enumerate(questionnaire.questions, start=1)}
    for q in questionnaire.questions:
        _question(pdf, numbers[q.id], q, numbers)
    pdf.ln(4)
    pdf.set_font(_FAMILY, "B", 10)
    pdf.multi_cell(0, 5.5, "Hartelijk dank voor uw medewerking.", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())
