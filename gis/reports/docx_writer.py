"""A ``ReportDocument`` as DOCX (python-docx), for municipalities to edit in Word or LibreOffice.

Only built-in Word styles carry the structure (Title, Subtitle, Heading 1/2, List Bullet, Table Grid,
Caption), plus one paragraph style "Toelichting" (small, italic) for method and disclosure notes, so
a user can restyle the whole report at once. A4, Dutch proofing language (nl-NL) and core properties, page
numbers as fields ("pagina N van M"), no macros. All text goes through ``clean_text``: HTML stays literal
text and characters XML cannot hold are dropped.
"""

from __future__ import annotations

import io
from datetime import datetime, time

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from PIL import Image

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

__all__ = ["NOTE_STYLE", "docx_bytes"]

NOTE_STYLE = "Toelichting"
DEMO_RED = RGBColor(0xC0, 0x39, 0x2B)
MARGIN_CM = 2.2
AUTHOR = "Veilig Buitengebied"


def _prop(text: str, limit: int = 255) -> str:
    """A core property value: one line, at most ``limit`` characters (python-docx refuses more)."""
    line = " ".join(clean_text(text).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _language(doc: DocxDocument, lang: str = "nl-NL") -> None:
    """Set the proofing language of the document defaults (and so of every style) to ``lang``."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))  # type: ignore[union-attr]
    node = rpr.find(qn("w:lang"))
    if node is None:
        node = OxmlElement("w:lang")
        rpr.append(node)
    node.set(qn("w:val"), lang)
    node.set(qn("w:eastAsia"), lang)


def _page_setup(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(MARGIN_CM))


def _note_style(doc: DocxDocument) -> None:
    style = doc.styles.add_style(NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(8.5)
    style.font.italic = True
    style.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    style.paragraph_format.space_after = Pt(6)


def _field(paragraph: DocxParagraph, code: str) -> None:
    """A simple field (PAGE, NUMPAGES) that Word and LibreOffice fill in."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), ("instr", code), ("separate", None), ("result", "1"), ("end", None)):
        if kind == "instr":
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = f" {text} "
        elif kind == "result":
            node = OxmlElement("w:t")
            node.text = text
        else:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        run._r.append(node)


def _header_footer(doc: DocxDocument, report: ReportDocument) -> None:
    section = doc.sections[0]
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.style = doc.styles[NOTE_STYLE]
    footer.add_run(f"{_prop(report.title, 70)} · {_prop(report.area_name, 50)} · pagina ")
    _field(footer, "PAGE")
    footer.add_run(" van ")
    _field(footer, "NUMPAGES")
    if report.is_demo:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = header.add_run(report.demo_text)
        run.bold, run.font.color.rgb, run.font.size = True, DEMO_RED, Pt(9)


def _title_page(doc: DocxDocument, report: ReportDocument) -> None:
    if report.is_demo:
        mark = doc.add_paragraph()
        run = mark.add_run("DEMO")
        run.bold, run.font.size, run.font.color.rgb = True, Pt(28), DEMO_RED
        mark.add_run("\n" + report.demo_text).font.color.rgb = DEMO_RED
    doc.add_paragraph(clean_text(report.title), style="Title")
    if subtitle := clean_text(report.subtitle):
        doc.add_paragraph(subtitle, style="Subtitle")
    for label, value in report.title_lines():
        line = doc.add_paragraph()
        line.add_run(f"{label}: ").bold = True
        line.add_run(value)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _repeat_header(row: object) -> None:
    """Mark a table row as header row: Word repeats it at the top of every page the table runs onto."""
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    node = OxmlElement("w:tblHeader")
    node.set(qn("w:val"), "true")
    trpr.append(node)


def _widths(table: DocxTable, weights: list[float], text_width_cm: float) -> None:
    """Fixed column widths by ``weights`` over the text width, written in the table's grid and in every cell
    (Word reads the one, LibreOffice the other; without them both give every column the same width)."""
    table.autofit = False
    total = sum(weights) or 1.0
    for column, weight in zip(table.columns, weights, strict=True):
        width = Cm(text_width_cm * weight / total)
        column.width = width
        for cell in column.cells:
            cell.width = width


def _table(doc: DocxDocument, block: Table, text_width_cm: float) -> DocxTable:
    if caption := clean_text(block.caption):
        doc.add_paragraph(caption, style="Caption").paragraph_format.keep_with_next = True
    rows = block.text_rows()
    table = doc.add_table(rows=1 + len(rows), cols=len(block.columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_header(table.rows[0])
    for j, name in enumerate(block.columns):
        para = table.rows[0].cells[j].paragraphs[0]
        para.add_run(clean_text(name)).bold = True
        if j in block.numeric:
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for i, values in enumerate(rows, start=1):
        cells = table.rows[i].cells
        for j, text in enumerate(values):
            para = cells[j].paragraphs[0]
            para.add_run(text)
            if j in block.numeric:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.space_after = Pt(0)
    headers = [clean_text(c) for c in block.columns]
    _widths(table, column_weights(headers, [list(r) for r in rows], set(block.numeric)), text_width_cm)
    if note := clean_text(block.note):
        doc.add_paragraph(note, style=NOTE_STYLE)
    else:
        doc.add_paragraph()
    return table


def _figure(doc: DocxDocument, block: Figure, text_width_cm: float) -> None:
    with Image.open(io.BytesIO(block.png)) as img:
        img.verify()  # a broken image raises here, not halfway through Word
    width = Cm(min(max(block.width_cm, 1.0), text_width_cm))
    doc.add_picture(io.BytesIO(block.png), width=width)
    picture = doc.paragraphs[-1]
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    if caption := clean_text(block.caption):
        doc.add_paragraph(caption, style="Caption")


def _section(doc: DocxDocument, section: Section, text_width_cm: float) -> None:
    doc.add_heading(clean_text(section.heading), level=section.level)
    for block in section.blocks:
        if isinstance(block, Paragraph):
            for part in clean_text(block.text).split("\n\n"):
                doc.add_paragraph(part)
        elif isinstance(block, Bullets):
            for item in block.items:
                doc.add_paragraph(clean_text(item), style="List Bullet")
        elif isinstance(block, Table):
            _table(doc, block, text_width_cm)
        elif isinstance(block, Figure):
            _figure(doc, block, text_width_cm)
        elif isinstance(block, Note):
            doc.add_paragraph(clean_text(block.text), style=NOTE_STYLE)
        else:
            raise TypeError(f"Sectie '{section.heading}': onbekend blok {type(block).__name__}.")


def docx_bytes(report: ReportDocument) -> bytes:
    """The report as DOCX bytes: a title page (title, subtitle, area, period, date, and a DEMO mark when
    ``report.is_demo``, also in every page header), then the sections in order."""
    doc = Document()
    _page_setup(doc)
    _language(doc)
    _note_style(doc)
    props = doc.core_properties
    props.title = _prop(report.title)
    props.subject = _prop(f"{report.subtitle} – {report.area_name}".strip(" –"))
    props.language = "nl-NL"
    props.author = props.last_modified_by = AUTHOR
    props.keywords = "veiligheidsanalyse; Veilig Buitengebied" + ("; DEMO" if report.is_demo else "")
    props.comments = _prop(report.demo_text) if report.is_demo else ""
    stamp = datetime.combine(report.generated_on, time(12, 0))
    props.created = props.modified = stamp
    props.revision = 1
    _header_footer(doc, report)
    _title_page(doc, report)
    text_width = 21.0 - 2 * MARGIN_CM
    for section in report.sections:
        _section(doc, section, text_width)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
