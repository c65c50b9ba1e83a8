"""The certification file on a real DuckDB store: the ZIP holds every present item's files and its index lists
every item (missing ones as "ontbreekt"); names from user text cannot leave their folder; contact details never
enter it; an area without participants still gives a ZIP; the auditor (counts only) gets released figures."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator

import pytest
from docx import Document

from gis.demo.seed import load_boundaries
from gis.domain.roles import Principal, Role
from gis.partnership.audit_file import ITEMS, audit_checklist, audit_zip
from gis.store import Store, open_store
from gis.store.guard import GuardedStore
from tests.partnership.build import PAST, USER, build, stored
from tests.pdf_text import pdf_text

HOSTILE = "../../../etc/passwd"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = open_store(str(tmp_path_factory.mktemp("audit") / "a.duckdb"))
    load_boundaries(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def full(db: Store) -> int:
    """A certified area with minutes (a hostile title and file name), an evaluation and a representative."""
    area, parts = build(db, "B4", name="Volledig")
    meeting = db.save_meeting(area, {"held_on": PAST, "title": HOSTILE, "minutes": "Stuurgroep: plan besproken",
                                     "decisions": "Plan vastgesteld"}, USER)  # fmt: skip
    db.save_action_item(meeting, {"text": "Slagboom bestellen", "owner": "gemeente", "due_on": PAST}, USER)
    db.add_partnership_file(area, stored(HOSTILE, b"getekende scan"), USER, topic="convenant getekend")
    db.add_partnership_file(area, stored("..\\..\\bijlage.pdf", b"presentatie"), USER, meeting_id=meeting)
    db.save_evaluation(area, PAST, "Eerste evaluatie: op koers", USER)
    db.save_representative(parts["gemeente"], {"name": "Jan Jansen", "email": "jan.jansen@example.nl",
                                               "phone": "0612345678"}, USER)  # fmt: skip
    return area


@pytest.fixture(scope="module")
def full_zip(db: Store, full: int) -> bytes:
    """The full area's ZIP, built once for the tests that read it."""
    return audit_zip(db, full)


def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_every_present_item_is_in_the_zip_and_the_index_lists_all(db: Store, full: int, full_zip: bytes) -> None:
    items = audit_checklist(db, full)
    assert [i.key for i in items] == list(ITEMS) and all(i.present for i in items), items
    archive = _zip(full_zip)
    names = archive.namelist()
    index = json.loads(archive.read("index.json"))["onderdelen"]
    assert [i["onderdeel"] for i in index] == [i.title for i in items]
    for number, entry in enumerate(index, start=1):
        assert entry["aanwezig"] and entry["bestanden"], entry
        assert all(n in names and n.startswith(f"{number:02d}_") for n in entry["bestanden"])
    expected = {"02_deelnemers/deelnemers.csv", "03_kaart/kaart.png", "03_kaart/gebied.geojson",
                "04_analyse/veiligheidsanalyse.docx", "06_incidenten/incidentcijfers.csv",
                "07_maatregelen/maatregelenmatrix.csv", "08_plan/plan_van_aanpak.docx",
                "10_evaluaties/evaluaties.csv"}  # fmt: skip
    assert expected <= set(names)
    assert archive.read("03_kaart/kaart.png").startswith(b"\x89PNG")
    text = " ".join(pdf_text(archive.read("00_index.pdf")).split())
    for item in items:
        assert item.title in text
    assert "ontbreekt" not in text and "11 van 11 onderdelen aanwezig" in text
    covenant = Document(io.BytesIO(archive.read("01_convenant/convenant.docx")))
    assert "Politie Oost-Nederland" in "\n".join(c.text for t in covenant.tables for r in t.rows for c in r.cells)
    evidence = [n for n in names if n.startswith("09_bewijs/maatregel_")]
    assert len(evidence) == 1 and archive.read(evidence[0]).startswith(b"%PDF")
    minutes = next(n for n in names if n.endswith("_notulen.txt"))
    assert "Slagboom bestellen (wie: gemeente" in archive.read(minutes).decode()


def test_no_entry_leaves_its_folder_and_no_contact_details(full_zip: bytes) -> None:
    archive = _zip(full_zip)
    for name in archive.namelist():
        assert ".." not in name.split("/") and not name.startswith("/") and "\\" not in name, name
        assert name.count("/") <= 1 and ":" not in name, name
    attached = [n for n in archive.namelist() if "bijlage_" in n]
    assert {n.split("/")[0] for n in attached} == {"01_convenant", "11_notulen"}
    assert any(n.endswith("passwd.pdf") for n in attached)  # the hostile name kept only as a plain file name
    blob = b"".join(archive.read(n) for n in archive.namelist() if not n.endswith((".png", ".docx", ".pdf")))
    for private in (b"jan.jansen@example.nl", b"0612345678", b"Jan Jansen"):
        assert private not in blob
    people = archive.read("02_deelnemers/deelnemers.csv").decode("utf-8-sig").splitlines()[0]
    assert people.split(";") == ["organisatie", "soort", "deelnemer_sinds", "uitgetreden_op"]


def test_an_area_without_participants_still_gives_a_zip_that_says_what_is_missing(db: Store) -> None:
    area, _ = build(db, "A1", name="Leeg gebied")
    items = audit_checklist(db, area)
    missing = [i for i in items if not i.present]
    assert {i.key for i in missing} >= {"convenant", "deelnemers", "analyse", "schouw", "bewijs", "notulen"}
    assert next(i for i in items if i.key == "deelnemers").detail == (
        "nog nodig: een deelnemer namens de gemeente; nog 2 andere organisatie(s) als deelnemer"
    )
    archive = _zip(audit_zip(db, area))
    assert not any(n.startswith(("01_", "02_")) for n in archive.namelist())
    text = " ".join(pdf_text(archive.read("00_index.pdf")).split())
    assert text.count("ontbreekt") == len(missing)
    for item in items:
        assert item.title in text
    listed = json.loads(archive.read("index.json"))["onderdelen"]
    assert [e["aanwezig"] for e in listed] == [i.present for i in items]


def test_the_checklist_agrees_with_the_progress_steps(db) -> None:
    """One participant, or chosen measures without partner and period, are not yet a participant list or a
    measures matrix: the checklist is red exactly where Voortgang says the step (A2, B3) is missing."""
    from gis.partnership.progress import area_progress

    for upto in ("A1", "B2", "B3"):
        area, _ = build(db, upto, name=f"Lijst {upto}")
        if upto == "A1":
            db.save_participant(area, {"organisation": "Gemeente Berkelland", "kind": "gemeente"}, "t")
        items = {i.key: i for i in audit_checklist(db, area)}
        steps = area_progress(db, area)
        assert items["deelnemers"].present == steps.step("A2").done
        assert items["maatregelen"].present == items["plan"].present == steps.step("B3").done
        assert items["maatregelen"].present == (upto == "B3")  # B3: every chosen measure has partner and period
        assert items["deelnemers"].present == (upto != "A1")  # the municipality alone is no participant list


def test_the_auditor_gets_released_counts_and_no_contacts(db: Store, full: int) -> None:
    auditor = GuardedStore(db, Principal("audit", Role.AUDITOR, frozenset({"*"})))
    items = {i.key: i for i in audit_checklist(auditor, full)}
    assert items["deelnemers"].present and items["convenant"].present
    assert "vrijgegeven aantallen" in items["incidenten"].detail
    with pytest.raises(PermissionError):
        auditor.representatives(full)  # not a member: no contact details, and the file does not ask for them


def test_the_checklist_says_every_detail_in_english_too(db: Store, full: int) -> None:
    """Each item's detail has an English twin (also for a bare area, a half-planned one and the auditor's view)."""
    from tests.partnership.test_progress import assert_english

    bare, _ = build(db, "A1", name="Engels leeg")
    half, _ = build(db, "B2", name="Engels half")
    auditor = GuardedStore(db, Principal("audit", Role.AUDITOR, frozenset({"*"})))
    public = GuardedStore(db, Principal("p", Role.PUBLIC, frozenset({"*"})))
    for store, area in ((db, full), (db, bare), (db, half), (auditor, full), (public, full)):
        items = audit_checklist(store, area, "en")
        assert [i.title for i in items] == [item[1] for item in ITEMS.values()]
        for item in items:
            assert item.detail and item.detail_en, item
            assert_english(item.detail_en)
    english = {i.key: i.detail_en for i in audit_checklist(db, bare, "en")}
    assert english["deelnemers"] == (
        "still needed: a participant on behalf of the municipality; 2 more organisations as participants"
    )
    assert english["convenant"] == "not signed yet on behalf of the municipality and the police"
    assert english["analyse"] == "still needed: a frozen baseline measurement and a survey"
    assert {i.key: i.detail_en for i in audit_checklist(public, full, "en")}["deelnemers"] == (
        "participants: not visible to your role"
    )


def test_the_english_index_gives_the_english_details(db) -> None:
    area, _ = build(db, "A1", name="Leeg gebied en")
    items = audit_checklist(db, area, "en")
    archive = _zip(audit_zip(db, area, "en"))
    text = " ".join(pdf_text(archive.read("00_index.pdf")).split())
    detail = next(i for i in items if i.key == "deelnemers").detail_en
    assert detail and " ".join(detail.split())[:40] in text
    assert "nog nodig" not in text
