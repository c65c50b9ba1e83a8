"""The PDF read back through its text layer (tests/pdf_text.py): headings, table cells with hidden counts,
"pagina N van M" on every page, the table header repeated on every page a long table runs onto, the DEMO
mark, hostile text."""

from __future__ import annotations

import re

import pytest

from gis.reports.document import ReportDocument, Section, Table
from gis.reports.pdf_writer import CELL_MAX, pdf_bytes
from tests.pdf_text import pdf_text
from tests.reports.sample import HEADINGS, LONG_ROWS, sample_document

FOOTER = re.compile(r"^pagina (\d+) van (\d+)$")


def _pages(data: bytes) -> list[list[str]]:
    """The text lines per page: every page ends with its footer line."""
    pages: list[list[str]] = [[]]
    for line in pdf_text(data).splitlines():
        pages[-1].append(line)
        if FOOTER.match(line):
            pages.append([])
    assert pages[-1] == [], f"text after the last footer: {pages[-1][:3]}"
    return pages[:-1]


@pytest.fixture(scope="module")
def demo_pdf() -> bytes:
    return pdf_bytes(sample_document(is_demo=True))


def test_a4_and_metadata(demo_pdf: bytes) -> None:
    assert demo_pdf.startswith(b"%PDF-")
    assert b"/MediaBox [0 0 595.28 841.89]" in demo_pdf
    assert b"/Lang (nl-NL)" in demo_pdf
    assert b"/JavaScript" not in demo_pdf


def test_page_numbers_on_every_page(demo_pdf: bytes) -> None:
    pages = _pages(demo_pdf)
    count = demo_pdf.count(b"/Type /Page\n") or len(re.findall(rb"/Type /Page\b(?!s)", demo_pdf))
    assert len(pages) == count >= 5
    for number, lines in enumerate(pages, start=1):
        assert lines[-1] == f"pagina {number} van {len(pages)}"


def test_title_page_and_every_heading(demo_pdf: bytes) -> None:
    pages = _pages(demo_pdf)
    first = pages[0]
    assert "Veiligheidsanalyse Gebied Oost" in first
    assert first[first.index("Gebied:") + 1] == "Gebied Oost (Berkelland)"
    assert first[first.index("Periode:") + 1] == "1 januari 2025 – 31 december 2025"
    assert first[first.index("Gemaakt op:") + 1] == "14 maart 2026"
    lines = [line for page in pages for line in page]
    for heading in HEADINGS:
        assert heading in lines
    assert lines.index("Samenvatting") < lines.index("Enquête") < lines.index("Dumpingen per maand")


def test_table_cells_with_hidden_counts(demo_pdf: bytes) -> None:
    lines = pdf_text(demo_pdf).splitlines()
    at = lines.index("Ondernemer")
    assert lines[at : at + 4] == ["Ondernemer", "<10", "–", "–"]
    at = lines.index("Agrariër")
    assert lines[at : at + 4] == ["Agrariër", "60", "0,233", "15–33%"]
    at = lines.index("Maand 004")
    assert lines[at : at + 4] == ["Maand 004", "<5", "4.938,3", "–"]
    assert "Groepen onder 10 respondenten: geen percentages." in lines


def test_long_table_repeats_its_header_on_every_page(demo_pdf: bytes) -> None:
    pages = _pages(demo_pdf)
    spanned = [i for i, page in enumerate(pages) if any(line.startswith("Maand ") for line in page)]
    assert len(spanned) >= 3  # 130 rows run over several pages
    assert spanned == list(range(spanned[0], spanned[-1] + 1))
    for i in spanned:
        page = pages[i]
        first_row = next(j for j, line in enumerate(page) if line.startswith("Maand "))
        assert page[first_row - 4 : first_row] == ["Maand", "Aantal", "Per 1.000 ha", "Opmerking"], i
    shown = [line for page in pages for line in page if re.fullmatch(r"Maand \d{3}", line)]
    assert shown == [row[0] for row in LONG_ROWS]  # every row once, in order


def test_demo_mark_on_every_page_and_absent_in_a_real_report(demo_pdf: bytes) -> None:
    pages = _pages(demo_pdf)
    assert pages[0][:2] == ["DEMO", "DEMO – verzonnen gegevens, niet voor gebruik"]
    for page in pages:
        assert "DEMO – verzonnen gegevens, niet voor gebruik" in page
    real = pdf_bytes(sample_document(is_demo=False))
    assert "DEMO" not in pdf_text(real)


def test_hostile_text_is_plain_and_long_words_wrap(demo_pdf: bytes) -> None:
    text = pdf_text(demo_pdf)
    assert "<script>alert('x')</script> <b>vet</b> &amp; [31m omgekeerd" in text
    for bad in ("\x00", "\x07", "\x1b", "\u202e"):
        assert bad not in text
    pieces = [line for line in text.splitlines() if re.fullmatch(r"(Drugsafvaldumpingsonderzoeksrapportage)+\w*|\w*"
                                                                 r"Drugsafval\w+", line)]  # fmt: skip
    assert len(pieces) >= 3  # the 304-character word is broken over several lines, not cut off
    joined = "".join(line.strip() for line in text.splitlines() if "Drugsafval" in line or "rapportage" in line)
    assert joined.count("Drugsafvaldumpingsonderzoeksrapportage") >= 7


def test_images_are_embedded_and_a_heading_stays_with_its_figure(demo_pdf: bytes) -> None:
    assert len(re.findall(rb"/Subtype /Image", demo_pdf)) == 2
    page = next(p for p in _pages(demo_pdf) if "Kaarten en grafieken" in p)
    assert "Figuur 1. Het gebied" in page  # no heading alone at the foot of a page


def test_overlong_cells_are_cut_in_the_table_and_printed_whole_under_it() -> None:
    answer = " ".join(f"woord{i}" for i in range(300))
    report = ReportDocument("Rapport", "", "Gebied", "2025", sample_document().generated_on, sections=(
        Section("Open antwoorden", (Table("Antwoorden", ["Nr", "Antwoord"], [[1, answer], [2, "kort"]], numeric={0}),)),
    ))  # fmt: skip
    lines = pdf_text(pdf_bytes(report)).splitlines()
    cut = next(i for i, line in enumerate(lines) if line.endswith("… [1]"))  # the mark may wrap to a line of its own
    assert len(" ".join(lines[lines.index("1") + 1 : cut + 1])) <= CELL_MAX + 8
    assert lines[cut + 1 : cut + 3] == ["2", "kort"]
    assert lines[cut + 3] == "[1] Antwoord, rij 1"
    assert " ".join(lines[cut + 4 :]).startswith(answer[:200])
    assert "woord299" in " ".join(lines[cut + 4 :])


def test_header_words_and_short_words_are_never_broken_in_a_wide_table() -> None:
    """The plan's planning table: short columns (Start, Eind, Status) beside long text got a share of the width
    too small for their bold header ("Sta rt", "Vertegenwoordi ger", "organisatori sch" in a UX review)."""
    long = "Plaatsen van slagbomen op de zandwegen bij de natuurgebieden, met sleutels bij de boeren " * 2
    columns = ["Maatregel", "Eigenaar/partner", "Vertegenwoordiger", "Start", "Eind", "Status", "Soort"]
    rows = [[long, "Gemeente Berkelland", "J. Jansen", "–", "–", "gepland", "organisatorisch"]] * 3
    report = ReportDocument("Rapport", "", "Gebied", "2025", sample_document().generated_on, sections=(
        Section("Planning", (Table("Planning", columns, rows),)),
    ))  # fmt: skip
    words = set(pdf_text(pdf_bytes(report)).split())
    assert {"Vertegenwoordiger", "Start", "Eind", "Status", "organisatorisch", "Eigenaar/partner"} <= words, words
