"""The plan of action read back: the DOCX with python-docx and the PDF with ``tests.pdf_text`` hold every section,
the matrix rows, the objectives' baselines and the task division; hostile text stays literal text; an area
without measures or objectives still gets a document that says so; the DOCX opens in LibreOffice (headless)."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from gis.measures.plan_data import WORKING_METHOD, PlanData, collect_plan
from gis.reports.plan import MATRIX_COLUMNS, PLANNING_COLUMNS, SECTION_TITLES, plan_docx, plan_pdf, plan_report
from tests.pdf_text import pdf_text
from tests.reports.plan_fake import LONG_NAME, SECRET_RANKER, FakePlanStore

TODAY = date(2026, 4, 1)
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
EFFECTS = {11: "Dumpingen bij de slagboom: verhouding 0,4 (95%: 0,2–0,9), meer dan toeval."}


@pytest.fixture(scope="module")
def plan() -> PlanData:
    return collect_plan(FakePlanStore(), 1, effects=EFFECTS, today=TODAY)


@pytest.fixture(scope="module")
def docx_file(plan: PlanData) -> bytes:
    return plan_docx(plan)


@pytest.fixture(scope="module")
def pdf_file(plan: PlanData) -> bytes:
    return plan_pdf(plan)


@pytest.fixture(scope="module")
def empty_plan() -> PlanData:
    return collect_plan(FakePlanStore(empty=True), 1, today=TODAY)


def _docx(data: bytes) -> tuple[list[str], str, list[list[str]]]:
    doc = Document(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    return headings, text, cells


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_docx_holds_every_section_matrix_objectives_and_tasks(docx_file: bytes) -> None:
    headings, text, cells = _docx(docx_file)
    assert [h for h in headings if h in SECTION_TITLES] == list(SECTION_TITLES)
    assert "Uit de 0-meting van 15 januari 2025:" in text and "In 2024 werden 17 dumpingen" in text
    assert "gemeente(n): Westdorp, Oostdorp." in text and "Ver weg" not in text
    assert list(MATRIX_COLUMNS) in cells and list(PLANNING_COLUMNS) in cells
    assert ["1. Cameratoezicht", "dumping van drugsafval", "fysiek", "sterk bewijs; 2 bewijsstukken"] in cells
    assert ["2. Slagboom op onverharde wegen", "dumping van drugsafval, overige afvaldumping", "fysiek",
            "matig bewijs; 0 bewijsstukken"] in cells  # fmt: skip
    assert ["2. Slagboom op onverharde wegen", "gemeente", "Gemeente Oost", "1-3-2026", "30-9-2026", "lopend"] in cells
    assert ["4. Voorlichting aan boeren", "nog niet toegewezen", "–", "–", "–", "–"] in cells
    objectives = [r for r in cells if r[0] in ("1", "2") and len(r) == 7]
    assert objectives == [
        ["1", "Minder dumpingen van drugsafval", "dumpingen per jaar in het gebied", "17", "15-1-2025", "10",
         "31-12-2027"],
        ["2", "Minder boeren benaderd", "aandeel boeren benaderd (enquête, %): agrariër", "23,5", "15-1-2025", "15",
         "30-6-2028"],
    ]  # fmt: skip
    assert ["Partner", "Nr 1", "Nr 2", "Nr 3", "Nr 4"] in cells
    assert ["gemeente", "–", "mrt 2026 – sep 2026", "–", "–"] in cells
    assert ["Cameratoezicht: camera bij de school", "afgewezen", "Te duur voor het effect"] in cells
    assert ["2. Slagboom op onverharde wegen", "2", "1,5", "1"] in cells  # rankings: counts and mean only
    assert "2. Slagboom op onverharde wegen: Dumpingen bij de slagboom: verhouding 0,4" in text
    assert WORKING_METHOD[0] in text and "Nog niet gepland (geen start- en einddatum): 4. Voorlichting" in text
    flat = text + "\n".join("|".join(r) for r in cells)
    assert SECRET_RANKER not in flat and "Belangrijk" not in flat, "who ranked and their comments stay out"


def test_pdf_holds_every_section_and_the_plan(pdf_file: bytes) -> None:
    text = _flat(pdf_text(pdf_file))
    for title in SECTION_TITLES:
        assert title in text, title
    for words in ("Plan van aanpak", "Achterveld <Oost>", "1. Cameratoezicht", "Slagboom op onverharde wegen",
                  "Gemeente Oost", "Minder dumpingen van drugsafval", "23,5", "Te duur voor het effect",
                  "Dumpingen bij de slagboom", "Maatregelen op de kaart", "Planning van de maatregelen",
                  "Taakverdeling per partner", "ten minste vier keer per jaar"):  # fmt: skip
        assert words in text, words
    assert SECRET_RANKER not in text


def test_hostile_text_stays_literal(docx_file: bytes, pdf_file: bytes) -> None:
    data = docx_file
    _headings, text, cells = _docx(data)
    flat = text + "\n" + "\n".join("|".join(r) for r in cells)
    assert "<script>alert('x')</script> =cmd|' /C calc'!A0" in flat  # as text, in the representative's cell
    assert "Achterveld <Oost>" in text
    assert LONG_NAME.strip() in flat, "the whole long name in the first table"
    assert "\x07" not in flat and "\x1b" not in flat and "\u202e" not in flat
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("word/document.xml").decode()
    assert "&lt;script&gt;" in xml and "<script>" not in xml
    pdf = _flat(pdf_text(pdf_file))
    assert "<script>alert('x')</script>" in pdf and "=cmd|' /C calc'!A0" in pdf
    assert _flat(LONG_NAME)[:120] in pdf
    assert "\x07" not in pdf and "\u202e" not in pdf


def test_a_plan_without_measures_or_objectives_says_so(empty_plan: PlanData) -> None:
    report = plan_report(empty_plan)
    assert [s.heading for s in report.sections] == list(SECTION_TITLES[:7]), "no effects: no Effect section"
    assert report.period_text == "nog geen planning"
    _headings, text, cells = _docx(plan_docx(empty_plan))
    pdf = _flat(pdf_text(plan_pdf(empty_plan)))
    for sentence in ("Er zijn nog geen doelen vastgesteld.", "Er zijn nog geen maatregelen gekozen.",
                     "Er is nog niets te plannen", "Er is nog geen taakverdeling",
                     "Er staan nog geen maatregelen op de kaart"):  # fmt: skip
        assert sentence in text, sentence
        assert sentence in pdf, sentence
    assert cells == [], "no empty tables"


def test_the_plan_docx_opens_in_libreoffice(docx_file: bytes, tmp_path: Path) -> None:
    assert Path(SOFFICE).exists(), "LibreOffice ontbreekt: installeer libreoffice-writer-nogui (zie .ci/run)"
    path = tmp_path / "plan.docx"
    path.write_bytes(docx_file)
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path / "out"), str(path)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    out = tmp_path / "out" / "plan.pdf"
    assert done.returncode == 0 and out.exists(), (done.returncode, done.stdout, done.stderr)
    text = _flat(subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                                check=True).stdout)  # fmt: skip
    for title in SECTION_TITLES:
        assert title in text, title
    assert "Achterveld <Oost>" in text and "Westdorp, Oostdorp" in text and "Te duur voor het effect" in text
