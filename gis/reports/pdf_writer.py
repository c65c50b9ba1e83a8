"""A ``ReportDocument`` as PDF (fpdf2): A4, DejaVu Sans as in the dumping dossier (``gis.io.dossier``), page
numbers "pagina N van M", tables that break across pages with their header row repeated, figures scaled
to the text width, and a DEMO mark on the title page and a faint watermark on every page when ``is_demo``.

All text is plain text (no markdown, no HTML); characters the font cannot draw become "?".
"""

from __future__ import annotations

import io
from datetime import UTC, datetime, time
from functools import lru_cache

from fontTools.ttLib import TTFont
from fpdf import FPDF, FontFace
from fpdf.enums import XPos, YPos
from PIL import Image

from gis.io.dossier import FONT, FONT_BOLD, FONT_DIR
from gis.reports.document import (
    Bullets,
    Figure,
    Note,
    Paragraph,
    ReportDocument,
    Section,
    Table,
    clean_text,
    column_weights,
)

__all__ = ["CELL_MAX", "pdf_bytes"]

FONT_ITALIC = FONT_DIR / "DejaVuSans-Oblique.ttf"
_FAMILY = "DejaVu"
_ACCENT, _GREY, _LIGHT, _RED = (31, 78, 121), (90, 90, 90), (236, 241, 246), (192, 57, 43)
_HEAD_STYLE = FontFace(emphasis="BOLD", fill_color=_LIGHT)
CELL_MAX = 400  # characters in one table cell, so that a row always fits on a page
BODY_PT, NOTE_PT, TABLE_PT = 10.0, 8.0, 8.5
CELL_PAD_MM = 1.5  # left and right in a table cell
WORD_MAX = 18  # a cell word up to this long is never broken (a longer one may be)


@lru_cache(maxsize=1)
def _glyphs() -> frozenset[int]:
    with TTFont(str(FONT), lazy=True) as font:
        return frozenset(font.getBestCmap())


def _text(value: object) -> str:
    """Clean text with characters the font lacks as '?' (fpdf2 would draw an empty box)."""
    glyphs = _glyphs()
    return "".join(c if c == "\n" or ord(c) in glyphs else "?" for c in clean_text(value))


class _ReportPDF(FPDF):
    def __init__(self, report: ReportDocument) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.report = report
        self.footer_text = _text(f"{report.title} · {report.area_name}")
        self.add_font(_FAMILY, "", str(FONT))
        self.add_font(_FAMILY, "B", str(FONT_BOLD))
        self.add_font(_FAMILY, "I", str(FONT_ITALIC))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=20)

    def header(self) -> None:
        if not self.report.is_demo:
            return
        with self.local_context(fill_opacity=0.12, text_color=_RED):
            self.set_font(_FAMILY, "B", 96)
            with self.rotation(45, self.w / 2, self.h / 2):
                self.text(self.w / 2 - self.get_string_width("DEMO") / 2, self.h / 2 + 12, "DEMO")
        self.set_font(_FAMILY, "B", 8)
        self.set_text_color(*_RED)
        self.set_xy(self.l_margin, 8)
        self.cell(self.epw, 5, _text(self.report.demo_text), align="R")
        self.set_text_color(0, 0, 0)
        self.set_xy(self.l_margin, self.t_margin)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(_FAMILY, size=7.5)
        self.set_text_color(*_GREY)
        self.cell(self.epw * 0.75, 5, _shorten(self, self.footer_text, self.epw * 0.73))
        self.cell(self.epw * 0.25, 5, f"pagina {self.page_no()} van {{nb}}", align="R")
        self.set_text_color(0, 0, 0)


def _shorten(pdf: FPDF, text: str, width: float) -> str:
    """``text`` on one line, cut with "…" to at most ``width`` mm in the current font."""
    text = " ".join(text.split())
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + " …") > width:
        text = text[: max(len(text) - max(len(text) // 8, 1), 0)]
    return text.rstrip() + " …"


def _space(pdf: FPDF, needed: float) -> None:
    """A new page when fewer than ``needed`` mm are left."""
    if pdf.get_y() + needed > pdf.page_break_trigger:
        pdf.add_page()


def _title_page(pdf: _ReportPDF, report: ReportDocument) -> None:
    pdf.add_page()
    pdf.set_y(60)
    if report.is_demo:
        pdf.set_font(_FAMILY, "B", 28)
        pdf.set_text_color(*_RED)
        pdf.cell(0, 14, "DEMO", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(_FAMILY, "B", 11)
        pdf.multi_cell(0, 6, _text(report.demo_text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(6)
    pdf.set_font(_FAMILY, "B", 24)
    pdf.set_text_color(*_ACCENT)
    pdf.multi_cell(0, 11, _text(report.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if subtitle := _text(report.subtitle):
        pdf.set_font(_FAMILY, size=14)
        pdf.set_text_color(*_GREY)
        pdf.multi_cell(0, 8, subtitle, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(8)
    pdf.set_text_color(0, 0, 0)
    for label, value in report.title_lines():
        pdf.set_font(_FAMILY, "B", 11)
        pdf.cell(32, 7, f"{label}:")
        pdf.set_font(_FAMILY, size=11)
        pdf.multi_cell(0, 7, _text(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf: FPDF, text: str, level: int, first_block: float = 25) -> None:
    """A heading kept on the page with ``first_block`` mm of what follows it."""
    _space(pdf, (14 if level == 1 else 10) + first_block)
    pdf.ln(4 if level == 1 else 2)
    size = 14 if level == 1 else 11.5
    pdf.start_section(text, level=level - 1)
    pdf.set_font(_FAMILY, "B", size)
    pdf.set_text_color(*_ACCENT)
    pdf.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if level == 1:
        pdf.set_draw_color(*_ACCENT)
        pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.l_margin + pdf.epw, pdf.get_y() + 0.5)
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(170, 170, 170)
    pdf.ln(3)


def _paragraph(pdf: FPDF, text: str, size: float = BODY_PT, style: str = "", colour: tuple = (0, 0, 0)) -> None:
    pdf.set_font(_FAMILY, style, size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, size * 0.48, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(size * 0.22)


def _bullets(pdf: FPDF, items: list[str]) -> None:
    pdf.set_font(_FAMILY, size=BODY_PT)
    for item in items:
        pdf.set_x(pdf.l_margin + 2)
        pdf.cell(4, BODY_PT * 0.48, "•")
        pdf.multi_cell(pdf.epw - 6, BODY_PT * 0.48, item, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(0.8)
    pdf.ln(1.5)


def _col_widths(pdf: FPDF, headers: list[str], rows: list[list[str]], numeric: set[int]) -> list[float]:
    """Column widths in mm: each at least its longest bold header word and its longest cell word (up to
    ``WORD_MAX`` characters) plus the padding, so no such word is broken; the room left over goes to the columns
    by ``column_weights``. When even the minimums do not fit, they are scaled down alike."""
    pdf.set_font(_FAMILY, "B", TABLE_PT)
    head = [max((pdf.get_string_width(w) for w in h.split()), default=0.0) for h in headers]
    pdf.set_font(_FAMILY, size=TABLE_PT)
    cell = [max((pdf.get_string_width(w[:WORD_MAX]) for r in rows for w in r[j].split()), default=0.0)
            for j in range(len(headers))]  # fmt: skip
    need = [max(h, c) + 2 * CELL_PAD_MM + 0.6 for h, c in zip(head, cell, strict=True)]
    free = pdf.epw - sum(need)
    if free <= 0:
        return need
    weights = column_weights(headers, rows, numeric)
    share = [max(w / sum(weights) * pdf.epw - n, 0.0) for w, n in zip(weights, need, strict=True)]
    total = sum(share)
    return [n + (free * s / total if total else free / len(need)) for n, s in zip(need, share, strict=True)]


def _cut(text: str, where: str, overflow: list[tuple[str, str]]) -> str:
    """At most ``CELL_MAX`` characters in a cell (a row must fit on a page); longer text is cut with a
    reference ``[n]`` and printed whole under the table."""
    if len(text) <= CELL_MAX:
        return text
    overflow.append((f"[{len(overflow) + 1}] {where}", text))
    return f"{text[:CELL_MAX].rstrip()} … [{len(overflow)}]"


def _table(pdf: FPDF, block: Table) -> None:
    headers = [_text(c) for c in block.columns]
    overflow: list[tuple[str, str]] = []
    rows = [[_cut(_text(v), f"{headers[j]}, rij {i}", overflow) for j, v in enumerate(row)]
            for i, row in enumerate(block.text_rows(), start=1)]  # fmt: skip
    _space(pdf, 35)
    if caption := _text(block.caption):
        _paragraph(pdf, caption, 9, "B")
    pdf.set_font(_FAMILY, size=TABLE_PT)
    align = ["RIGHT" if j in block.numeric else "LEFT" for j in range(len(headers))]
    with pdf.table(col_widths=_col_widths(pdf, headers, rows, set(block.numeric)), headings_style=_HEAD_STYLE,
                   borders_layout="HORIZONTAL_LINES", text_align="LEFT", line_height=TABLE_PT * 0.5,
                   padding=(1.0, CELL_PAD_MM), repeat_headings=1) as table:  # fmt: skip
        head = table.row()
        for j, text in enumerate(headers):
            head.cell(text, align=align[j])
        for values in rows:
            row = table.row()
            for j, text in enumerate(values):
                row.cell(text, align=align[j])
    pdf.ln(1.5)
    for where, text in overflow:
        _paragraph(pdf, where, TABLE_PT, "B")
        _paragraph(pdf, text, TABLE_PT)
    if note := _text(block.note):
        _paragraph(pdf, note, NOTE_PT, "I", _GREY)
    pdf.ln(2)


def _figure_size(pdf: FPDF, block: Figure) -> tuple[float, float, float]:
    """Width and height of the image in mm (the text width at most, a page at most), and the caption room."""
    with Image.open(io.BytesIO(block.png)) as img:
        ratio = img.height / img.width
    room = 12.0 if _text(block.caption) else 2.0
    width = min(max(block.width_cm * 10, 10.0), pdf.epw)
    max_height = pdf.page_break_trigger - pdf.t_margin - room - 16
    if width * ratio > max_height:
        width = max_height / ratio
    return width, width * ratio, room


def _figure(pdf: FPDF, block: Figure) -> None:
    caption = _text(block.caption)
    width, height, room = _figure_size(pdf, block)
    ratio = height / width
    _space(pdf, height + room)
    pdf.image(io.BytesIO(block.png), x=pdf.l_margin + (pdf.epw - width) / 2, w=width, h=width * ratio)
    pdf.ln(1.5)
    if caption:
        _paragraph(pdf, caption, 8.5, "I", _GREY)
    pdf.ln(2)


def _section(pdf: FPDF, section: Section) -> None:
    first = section.blocks[0] if section.blocks else None
    needed = 35.0 if isinstance(first, Table) else 15.0
    if isinstance(first, Figure):
        _, height, room = _figure_size(pdf, first)
        needed = height + room
    _heading(pdf, _text(section.heading), section.level, needed)
    for block in section.blocks:
        if isinstance(block, Paragraph):
            _paragraph(pdf, _text(block.text))
        elif isinstance(block, Bullets):
            _bullets(pdf, [_text(item) for item in block.items])
        elif isinstance(block, Table):
            _table(pdf, block)
        elif isinstance(block, Figure):
            _figure(pdf, block)
        elif isinstance(block, Note):
            _paragraph(pdf, _text(block.text), NOTE_PT, "I", _GREY)
        else:
            raise TypeError(f"Sectie '{section.heading}': onbekend blok {type(block).__name__}.")


def pdf_bytes(report: ReportDocument) -> bytes:
    """The report as PDF bytes: a title page, then the sections (each level-1 section on the page where it
    fits, with a bookmark per heading)."""
    pdf = _ReportPDF(report)
    pdf.set_title(_text(report.title))
    pdf.set_subject(_text(f"{report.subtitle} – {report.area_name}".strip(" –")))
    pdf.set_author("Veilig Buitengebied")
    pdf.set_creator("Veilig Buitengebied")
    pdf.set_lang("nl-NL")
    pdf.set_keywords("veiligheidsanalyse; DEMO" if report.is_demo else "veiligheidsanalyse")
    pdf.set_creation_date(datetime.combine(report.generated_on, time(12, 0), tzinfo=UTC))
    _title_page(pdf, report)
    if report.sections:
        pdf.add_page()
    for section in report.sections:
        _section(pdf, section)
    return bytes(pdf.output())
