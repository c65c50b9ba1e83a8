"""The declaration of intent and the covenant as DOCX, read back with python-docx: parties by name, the area and its
map, objectives, obligations and a signature line per party; a covenant without the police is refused in Dutch;
hostile text stays literal; and the covenant opens in LibreOffice headless (converted to PDF)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from docx import Document

from gis.demo.seed import load_boundaries
from gis.reports.covenant import SIGN_LINE, covenant_docx, declaration_docx
from gis.store import Store, open_store
from gis.store.errors import StoreError
from tests.partnership.build import PAST, USER, build
from tests.reports.test_libreoffice import SOFFICE, _convert, _pdf_text


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(str(tmp_path_factory.mktemp("covenant") / "c.duckdb"))
    load_boundaries(store)
    yield store
    store.close()


def _text(data: bytes) -> tuple[str, list[list[str]]]:
    doc = Document(io.BytesIO(data))
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    return "\n".join(p.text for p in doc.paragraphs), cells


def test_the_declaration_names_the_parties_the_area_and_the_objectives(db: Store) -> None:
    area, parts = build(db, "A4", name="Kiek Uut Zuid")
    db.record_signature(area, "intentieverklaring", parts["gemeente"], PAST, USER, signatory="Burgemeester")
    text, cells = _text(declaration_docx(db, area))
    assert "Intentieverklaring" in text and "Kiek Uut Zuid" in text
    assert "Minder drugsafval in bermen en sloten" in text  # the objective (agreement of kind doel)
    assert "Besluiten bij meerderheid in de stuurgroep" in text  # an agreement on decision-making
    parties = [row[0] for row in cells if row[0] != "Organisatie"]
    for name in ("Gemeente Berkelland", "Politie Oost-Nederland", "LTO Noord afdeling Berkelland"):
        assert name in parties
    signing = {row[0]: row for row in cells if len(row) == 4 and row[0] != "Partij"}
    assert signing["Gemeente Berkelland"][1] == "Burgemeester" and signing["Gemeente Berkelland"][2] != SIGN_LINE
    assert signing["Politie Oost-Nederland"][1:] == [SIGN_LINE, SIGN_LINE, SIGN_LINE]
    doc = Document(io.BytesIO(declaration_docx(db, area)))
    assert len(doc.inline_shapes) == 1  # the area map


def test_the_covenant_lists_obligations_per_party_and_opens_in_libreoffice(db: Store, tmp_path: Path) -> None:
    area, parts = build(db, "B3", name="Kiek Uut West")
    db.save_obligation(area, parts["politie"], "Extra surveillance op zandpaden", USER)
    db.save_obligation(area, parts["gemeente"], "<script>alert(1)</script> Bibob-toets bij verhuur", USER)
    data = covenant_docx(db, area)
    text, _cells = _text(data)
    assert "Verplichtingen per partij" in text and "Extra surveillance op zandpaden" in text
    assert "<script>alert(1)</script> Bibob-toets bij verhuur" in text  # literal text, not markup
    assert "Dit convenant geldt voor 3 jaar" in text
    assert Path(SOFFICE).exists(), "LibreOffice ontbreekt: installeer libreoffice-writer-nogui (zie .ci/run)"
    path = tmp_path / "convenant.docx"
    path.write_bytes(data)
    converted = " ".join(_pdf_text(_convert(path, "pdf", tmp_path)).split())
    for expected in ("Convenant", "Kiek Uut West", "Verplichtingen per partij", "Politie Oost-Nederland",
                     "Extra surveillance op zandpaden", "Ondertekening"):  # fmt: skip
        assert expected in converted


def test_a_covenant_without_police_is_refused_in_dutch(db: Store) -> None:
    area, _ = build(db, "A1", name="Zonder politie")
    db.save_participant(area, {"organisation": "Gemeente Oost Gelre", "kind": "gemeente"}, USER)
    with pytest.raises(StoreError, match=r"Zonder politie.*missen politie\. Voeg"):
        covenant_docx(db, area)
    _, cells = _text(declaration_docx(db, area))  # a declaration needs no police
    assert ["Gemeente Oost Gelre", "gemeente"] in cells
    empty, _ = build(db, "A1", name="Niemand")
    with pytest.raises(StoreError, match="missen gemeente en politie"):
        covenant_docx(db, empty)
    text, _ = _text(declaration_docx(db, empty))
    assert "Er zijn nog geen deelnemers vastgelegd." in text
