"""The report's DOCX opens in LibreOffice (headless) without error: converted to PDF, whose text holds the
headings, tables and hidden-count markers. LibreOffice is what many
municipalities edit with; .ci/run installs it (libreoffice-writer-nogui). A missing soffice fails this test."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from gis.reports.docx_writer import docx_bytes
from tests.reports.sample import sample_document

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"


def _convert(path: Path, target: str, tmp_path: Path) -> Path:
    """``soffice --headless --convert-to`` with a profile of its own (parallel workers must not share one)."""
    profile = (tmp_path / "lo-profile").as_uri()
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target, "--outdir",
         str(tmp_path / "out"), str(path)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    out = tmp_path / "out" / (path.stem + "." + target.split(":")[0])
    assert done.returncode == 0 and out.exists(), (done.returncode, done.stdout, done.stderr)
    return out


def _pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_the_report_docx_opens_in_libreoffice(tmp_path: Path) -> None:
    assert Path(SOFFICE).exists(), "LibreOffice ontbreekt: installeer libreoffice-writer-nogui (zie .ci/run)"
    report = sample_document(is_demo=True)
    path = tmp_path / "analyse.docx"
    path.write_bytes(docx_bytes(report))
    text = _pdf_text(_convert(path, "pdf", tmp_path))
    assert report.title in text
    for section in report.sections:
        assert section.heading in text
    assert "<5" in text and "<10" in text and "DEMO" in text


def test_the_area_analysis_report_opens_in_libreoffice(shared, tmp_path: Path) -> None:
    from datetime import date

    from gis.analysis.report import build_report
    from gis.domain.roles import Principal, Role
    from gis.store.guard import GuardedStore

    store = GuardedStore(shared, Principal("c", Role.COORDINATOR, frozenset({"*"})))
    area = shared.areas().iloc[0]
    report = build_report(store, int(area["id"]), (date(2025, 1, 1), date(2025, 12, 31)), date(2026, 2, 1))
    path = tmp_path / "gebied.docx"
    path.write_bytes(docx_bytes(report))
    text = " ".join(_pdf_text(_convert(path, "pdf", tmp_path)).split())
    assert str(area["name"]) in text
    for section in report.sections:
        assert " ".join(section.heading.split()) in text, section.heading
