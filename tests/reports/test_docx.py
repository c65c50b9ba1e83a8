"""The DOCX read back with python-docx: structure in Word styles, table cells and alignment, images, core
properties, the DEMO mark, and hostile text that stays literal."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from gis.reports.docx_writer import NOTE_STYLE, docx_bytes
from tests.reports.sample import HEADINGS, HOSTILE, LONG_ROWS, LONG_WORD, sample_document


@pytest.fixture(scope="module")
def demo_docx() -> bytes:
    return docx_bytes(sample_document(is_demo=True))


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def test_headings_use_word_heading_styles(demo_docx: bytes) -> None:
    doc = _open(demo_docx)
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [("Heading 1", "Samenvatting"), ("Heading 2", "Enquête"),
                        ("Heading 1", "Dumpingen per maand"), ("Heading 1", "Kaarten en grafieken")]  # fmt: skip
    assert [h for _, h in headings] == list(HEADINGS)
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Subtitle", "List Bullet", "Caption", NOTE_STYLE} <= styles
    assert next(p.text for p in doc.paragraphs if p.style.name == "List Bullet") == "Dumpingen vooral langs zandwegen"


def test_title_page_names_area_period_date(demo_docx: bytes) -> None:
    texts = [p.text for p in _open(demo_docx).paragraphs]
    title_at = texts.index("Veiligheidsanalyse Gebied Oost")
    assert texts[0] == "DEMO\nDEMO – verzonnen gegevens, niet voor gebruik"
    assert "Gebied: Gebied Oost (Berkelland)" in texts[title_at:]
    assert "Periode: 1 januari 2025 – 31 december 2025" in texts
    assert "Gemaakt op: 14 maart 2026" in texts


def test_tables_cells_hidden_counts_and_right_aligned_numbers(demo_docx: bytes) -> None:
    doc = _open(demo_docx)
    assert len(doc.tables) == 2
    survey, months = doc.tables
    assert survey.style.name == "Table Grid"
    rows = [[c.text for c in r.cells] for r in survey.rows]
    assert rows == [
        ["Groep", "Respondenten", "Aandeel", "95%-interval"],
        ["Agrariër", "60", "0,233", "15–33%"],
        ["Bewoner", "120", "0,083", "4–15%"],
        ["Ondernemer", "<10", "–", "–"],
    ]
    for row in survey.rows:
        aligns = [c.paragraphs[0].alignment for c in row.cells]
        assert aligns[0] is None  # text column: left (the style's default)
        assert aligns[1:] == [WD_ALIGN_PARAGRAPH.RIGHT] * 3
    assert len(months.rows) == 1 + len(LONG_ROWS)
    assert [c.text for c in months.rows[4].cells] == ["Maand 004", "<5", "4.938,3", "–"]
    assert [c.text for c in months.rows[5].cells] == ["Maand 005", "10", "6.172,8", "–"]
    header = months.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None and header.get(qn("w:val")) == "true"  # repeated on every page in Word


def test_columns_are_as_wide_as_their_text_and_fill_the_text_width(demo_docx: bytes) -> None:
    """Fixed widths in the grid and in every cell (LibreOffice gave every column the same width without them):
    the group names get more room than the 95%-interval, and the columns fill the text width."""
    doc = _open(demo_docx)
    page = doc.sections[0]
    text_width_cm = (page.page_width - page.left_margin - page.right_margin) / 360_000
    survey = doc.tables[0]
    assert survey.autofit is False
    grid = [int(c.get(qn("w:w"))) for c in survey._tbl.tblGrid.findall(qn("w:gridCol"))]  # twentieths of a point
    cells = [[c.width for c in row.cells] for row in survey.rows]
    assert all(row == cells[0] for row in cells)  # every row the same widths
    assert [round(w / 635) for w in cells[0]] == grid  # cells (EMU) and grid (twips) agree
    assert grid[0] > grid[2]  # "Ondernemer" / "Respondenten" need more than "0,233"
    assert abs(sum(grid) / 1440 * 2.54 - text_width_cm) < 0.02
    assert len(set(grid)) > 1


def test_captions_and_notes(demo_docx: bytes) -> None:
    doc = _open(demo_docx)
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions[:3] == ["Tabel 1. Benaderd door criminelen per groep", "Tabel 2. Dumpingen per maand",
                            "Figuur 1. Het gebied"]  # fmt: skip
    notes = [p.text for p in doc.paragraphs if p.style.name == NOTE_STYLE]
    assert "Methode: aantallen onder 5 worden getoond als <5." in notes
    assert "Groepen onder 10 respondenten: geen percentages." in notes
    style = doc.styles[NOTE_STYLE]
    assert style.font.italic is True and style.font.size.pt < 10


def test_images_scaled_to_text_width(demo_docx: bytes) -> None:
    doc = _open(demo_docx)
    shapes = doc.inline_shapes
    assert len(shapes) == 2
    section = doc.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert abs(shapes[0].width - text_width) < 12700  # asked 30 cm: narrowed to the text width (within 1 pt)
    assert abs(shapes[0].height - text_width / 2) < 2 * 12700  # aspect ratio kept (within 2 pt)
    assert round(shapes[1].width.cm, 2) == 8.0
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7  # A4


def test_core_properties_are_dutch(demo_docx: bytes) -> None:
    doc = _open(demo_docx)
    props = doc.core_properties
    assert props.title == "Veiligheidsanalyse Gebied Oost"
    assert props.subject.startswith("0-meting <script>") and props.subject.endswith("Gebied Oost (Berkelland)")
    assert props.language == "nl-NL"
    assert props.author == "Veilig Buitengebied"
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "nl-NL"


def test_demo_mark_in_header_and_not_in_a_real_report(demo_docx: bytes) -> None:
    doc = _open(demo_docx)
    assert doc.sections[0].header.paragraphs[0].text == "DEMO – verzonnen gegevens, niet voor gebruik"
    assert "DEMO" in doc.core_properties.keywords
    real = _open(docx_bytes(sample_document(is_demo=False)))
    assert not any("DEMO" in p.text for p in real.paragraphs)
    assert not any("DEMO" in p.text for p in real.sections[0].header.paragraphs)
    assert "DEMO" not in real.core_properties.keywords
    footer = real.sections[0].footer.paragraphs[0]
    instructions = [n.text.strip() for n in footer._p.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert "pagina" in footer.text and " van " in footer.text


def test_hostile_text_stays_literal_and_valid_xml(demo_docx: bytes) -> None:
    doc = _open(demo_docx)
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "<script>alert('x')</script> <b>vet</b> &amp; [31m omgekeerd" in body
    assert LONG_WORD in body
    for bad in ("\x00", "\x07", "\x1b", "\x0b", "\ufffe", "\u202e"):
        assert bad not in body
    with zipfile.ZipFile(io.BytesIO(demo_docx)) as archive:
        names = archive.namelist()
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "<script>" not in xml and "&lt;script&gt;" in xml  # escaped, never markup
    assert not any(name.endswith(".bin") or "vbaProject" in name for name in names)  # no macros
    assert HOSTILE not in body  # the raw text, with its control characters, never got in


def test_same_input_same_document() -> None:
    report = sample_document()
    one, two = _open(docx_bytes(report)), _open(docx_bytes(report))
    assert [p.text for p in one.paragraphs] == [p.text for p in two.paragraphs]
    assert one.core_properties.created == two.core_properties.created
    assert one.core_properties.created.date().isoformat() == "2026-03-14"
