"""PDFs of the certification file: the index (``00_index.pdf``: every item, present or "ontbreekt" in red, where
it lives in the app and its files) and the cover letter of a Keurmerk application. A4 with footer (DejaVu Sans).

All text is user input as far as this module knows: cleaned (``clean_text``), characters the font lacks as "?".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from fontTools.ttLib import TTFont
from fpdf import FontFace
from fpdf.enums import XPos, YPos

from gis.io.dossier import FONT, A4FooterPDF
from gis.reports.document import clean_text, fmt_date_nl

__all__ = ["MISSING_WORD", "index_pdf", "letter_pdf"]

FAMILY = "DejaVu"  # registered by A4FooterPDF
RED, GREEN, GREY, LIGHT = (192, 57, 43), (30, 120, 60), (90, 90, 90), (236, 241, 246)
MISSING_WORD = {"nl": "ontbreekt", "en": "missing"}
PRESENT_WORD = {"nl": "aanwezig", "en": "present"}
HEADS = {"nl": ("Nr", "Onderdeel", "Status", "Waar in het dashboard", "Toelichting en bestanden"),
         "en": ("No", "Item", "Status", "Where in the dashboard", "Notes and files")}  # fmt: skip
TITLES = {"nl": "Auditdossier Keurmerk Veilig Buitengebied", "en": "Audit file Keurmerk Veilig Buitengebied"}


@lru_cache(maxsize=1)
def _glyphs() -> frozenset[int]:
    with TTFont(str(FONT), lazy=True) as font:
        return frozenset(font.getBestCmap())


def pdf_text(value: object, limit: int = 1500) -> str:
    """Clean text the font can draw (others as '?'), at most ``limit`` characters."""
    glyphs = _glyphs()
    text = "".join(c if c == "\n" or ord(c) in glyphs else "?" for c in clean_text(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _start(footer: str, title: str, when: datetime) -> A4FooterPDF:
    pdf = A4FooterPDF(pdf_text(footer, 120))
    pdf.set_title(pdf_text(title, 200))
    pdf.set_author("Veilig Buitengebied")
    pdf.set_creator("Veilig Buitengebied")
    pdf.set_lang("nl")
    pdf.add_page()
    return pdf


def _title(pdf: A4FooterPDF, title: str, lines: Sequence[str], demo: bool) -> None:
    if demo:
        pdf.set_font(FAMILY, "B", 10)
        pdf.set_text_color(*RED)
        pdf.cell(0, 6, "DEMO – verzonnen gegevens, niet voor gebruik", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.set_font(FAMILY, "B", 15)
    pdf.multi_cell(0, 8, pdf_text(title, 200), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, size=9.5)
    for line in lines:
        pdf.multi_cell(0, 5, pdf_text(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)


def index_pdf(area_name: str, items: Sequence[Any], when: datetime, lang: str = "nl", demo: bool = False) -> bytes:
    """The index of the certification file: per item its number, title, status ("aanwezig" in green,
    "ontbreekt" in red), where it lives in the app, and its note and files in the ZIP."""
    lang = "en" if lang == "en" else "nl"
    title = f"{TITLES[lang]} – {area_name}"
    pdf = _start(f"Veilig Buitengebied · auditdossier · {area_name}", title, when)
    missing = [i for i in items if not i.present]
    summary = (f"{len(items) - len(missing)} van {len(items)} onderdelen aanwezig; {len(missing)} ontbreken."
               if lang == "nl" else f"{len(items) - len(missing)} of {len(items)} items present; "
               f"{len(missing)} missing.")  # fmt: skip
    _title(pdf, title, [f"{'Gemaakt op' if lang == 'nl' else 'Made on'} {fmt_date_nl(when.date())}", summary], demo)
    head = FontFace(emphasis="BOLD", fill_color=LIGHT)
    with pdf.table(col_widths=(10, 42, 22, 36, 64), headings_style=head, borders_layout="HORIZONTAL_LINES",
                   text_align="LEFT", line_height=4.6, padding=(1.2, 1.5)) as table:  # fmt: skip
        table.row(list(HEADS[lang]))
        for number, item in enumerate(items, start=1):
            row = table.row()
            row.cell(str(number))
            row.cell(pdf_text(item.title, 200))
            colour = GREEN if item.present else RED
            word = PRESENT_WORD[lang] if item.present else MISSING_WORD[lang]
            row.cell(word, style=FontFace(emphasis="BOLD", color=colour))
            row.cell(pdf_text(item.where, 200))
            files = "\n".join(item.files[:12]) + (f"\n… (+{len(item.files) - 12})" if len(item.files) > 12 else "")
            detail = item.detail_en if lang == "en" and item.detail_en else item.detail
            row.cell(pdf_text(f"{detail}\n{files}".strip(), 1200))
    return bytes(pdf.output())


def letter_pdf(area_name: str, paragraphs: Sequence[str], enclosed: Sequence[str], when: datetime,
               demo: bool = False) -> bytes:  # fmt: skip
    """The cover letter of a Keurmerk application: addressee, subject, ``paragraphs`` and the list of
    ``enclosed`` items."""
    subject = f"Aanvraag Keurmerk Veilig Buitengebied – {area_name}"
    pdf = _start(f"Veilig Buitengebied · aanvraag keurmerk · {area_name}", subject, when)
    _title(pdf, subject, ["Aan: de certificerende instelling (auditor Keurmerk Veilig Buitengebied)",
                          f"Datum: {fmt_date_nl(when.date())}"], demo)  # fmt: skip
    pdf.set_font(FAMILY, size=10)
    for text in paragraphs:
        pdf.multi_cell(0, 5.2, pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
    pdf.set_font(FAMILY, "B", 10)
    pdf.cell(0, 6, "Bijlagen (map auditdossier)", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FAMILY, size=9.5)
    for line in enclosed:
        pdf.multi_cell(0, 4.8, pdf_text(f"• {line}", 300), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(*GREY)
    pdf.ln(4)
    pdf.multi_cell(0, 4.6, "Met vriendelijke groet, namens de partners van de samenwerking.",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)  # fmt: skip
    pdf.set_text_color(0, 0, 0)
    return bytes(pdf.output())
