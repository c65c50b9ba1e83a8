"""The Keurmerk conditions and the application package on a real DuckDB store: what an area lacks is named in
Dutch (covenant, plan, 0-meting, three measures carried out with evidence); the package is refused while a
condition is missing, and once met holds a cover letter PDF and the whole certification file."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import datetime

import pytest

from gis.demo.seed import load_boundaries
from gis.domain.roles import Principal, Role
from gis.partnership.keurmerk import application_package, keurmerk_conditions, package_filename
from gis.store import Store, open_store
from gis.store.errors import StoreError
from gis.store.guard import GuardedStore
from tests.partnership.build import build
from tests.pdf_text import pdf_text


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(str(tmp_path_factory.mktemp("keurmerk") / "k.duckdb"))
    load_boundaries(store)
    yield store
    store.close()


def test_conditions_name_what_is_missing(db: Store) -> None:
    area, _ = build(db, "A5", name="Halverwege")
    missing = keurmerk_conditions(db, area)
    assert missing[0].startswith("een veiligheidsanalyse: bevroren 0-meting met enquête en schouw (nog nodig: een "
                                 "bevroren 0-meting; een enquête")  # fmt: skip
    assert any(m.startswith("een plan van aanpak") for m in missing)
    assert "een convenant getekend door de gemeente en de politie" in missing
    assert "ten minste 3 uitgevoerde maatregelen met bewijs (nu 0)" in missing
    assert not any(m.startswith(("deelnemers", "een getekende intentieverklaring")) for m in missing)


def test_measures_without_evidence_do_not_count(db: Store) -> None:
    area, _ = build(db, "covenant", name="Bijna")
    assert keurmerk_conditions(db, area) == ["ten minste 3 uitgevoerde maatregelen met bewijs (nu 0)"]
    with pytest.raises(StoreError, match=r"Bijna kan het keurmerk nog niet aanvragen\. Nog nodig: ten minste 3"):
        application_package(db, area)


def test_a_role_that_cannot_read_the_plan_is_told_so(db: Store) -> None:
    area, _ = build(db, "evidence", name="Publiek zicht")
    public = GuardedStore(db, Principal("p", Role.PUBLIC, frozenset({"*"})))
    missing = keurmerk_conditions(public, area)
    assert "deelnemers: de gemeente en ten minste twee andere organisaties: niet zichtbaar voor uw rol" in missing
    assert any(m.endswith("met bewijs: niet zichtbaar voor uw rol") for m in missing)


def test_the_package_holds_a_cover_letter_and_the_audit_file(db: Store) -> None:
    area, _ = build(db, "evidence", name="Klaar")
    assert keurmerk_conditions(db, area) == []
    archive = zipfile.ZipFile(io.BytesIO(application_package(db, area)))
    names = archive.namelist()
    assert names[:2] == ["00_aanvraagbrief.pdf", "auditdossier/00_index.pdf"]
    assert all(n == "00_aanvraagbrief.pdf" or n.startswith("auditdossier/") for n in names)
    inside = {"01_convenant/convenant.docx", "02_deelnemers/deelnemers.csv", "08_plan/plan_van_aanpak.docx",
              "09_bewijs/overzicht.csv"}  # fmt: skip
    assert {f"auditdossier/{n}" for n in inside} <= set(names)
    letter = " ".join(pdf_text(archive.read("00_aanvraagbrief.pdf")).split())
    assert "Aanvraag Keurmerk Veilig Buitengebied – Klaar" in letter
    assert "Namens de 3 partners" in letter and "Stand van het proces: klaar voor audit." in letter
    assert "Ondertekend convenant: aanwezig" in letter and "Notulen van vergaderingen: ontbreekt" in letter
    assert "index.json" not in names  # the machine listing stays with the audit ZIP itself
    name = package_filename("Kiek Uut / Noord", datetime(2026, 3, 1))
    assert name == "aanvraag_keurmerk_kiek-uut-noord_20260301.zip"


def test_conditions_in_english(db: Store) -> None:
    """The same conditions in English (one for one), with the steps' missing items in English too."""
    from tests.partnership.test_progress import assert_english

    area, _ = build(db, "A5", name="Engels halverwege")
    dutch, english = keurmerk_conditions(db, area), keurmerk_conditions(db, area, "en")
    assert len(english) == len(dutch) and english
    for sentence in english:
        assert_english(sentence)
    assert english[0].startswith("a safety analysis: a frozen baseline measurement with a survey and a site walk "
                                 "(still needed: a frozen baseline measurement; a survey")  # fmt: skip
    assert "a covenant signed by the municipality and the police" in english
    assert "at least 3 measures carried out with evidence (now 0)" in english
    public = GuardedStore(db, Principal("p", Role.PUBLIC, frozenset({"*"})))
    hidden = keurmerk_conditions(public, area, "en")
    assert "participants: the municipality and at least two other organisations: not visible to your role" in hidden
    for sentence in hidden:
        assert_english(sentence)
