"""The partnership (A2–A5) and its certification (B4) in the store, on both backends: participants and their
representatives (erased on request), signatures, agreements, meetings, action items, files, obligations,
evaluations, audits, Keurmerk applications and the list of holders; bad input refused in Dutch, nothing half
written."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pandas as pd
import pytest
import shapely
from PIL import Image

from gis.clock import now_nl
from gis.store import StoreError, open_store
from gis.store.copy import copy_database
from gis.store.dumpings import StoredFile
from gis.store.errors import ConflictError
from tests.partnership.build import pdf

BOX = shapely.box(250_000, 465_000, 265_000, 478_000)  # around Enschede
PDF = pdf("Verslag van de startbijeenkomst")


def _gps_jpeg() -> bytes:
    """A small JPEG carrying a GPS position in its EXIF (what a phone sends)."""
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 10.0, 0.0), 3: "E", 4: (6.0, 40.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (120, 160, 90)).save(out, "JPEG", exif=exif)
    return out.getvalue()


GPS_JPEG = _gps_jpeg()


@pytest.fixture
def area(make_store):
    """A store (without boundaries: not needed here) with one area and two participants (municipality, police)."""
    store = make_store()
    area_id = store.add_area("Buitengebied Oost", BOX, created_by="t")
    gm = store.save_participant(area_id, {"organisation": "Gemeente Enschede", "kind": "gemeente"}, "coo")
    pol = store.save_participant(area_id, {"organisation": "Politie Oost-Nederland", "kind": "politie"}, "coo")
    return store, area_id, gm, pol


def _tomorrow() -> date:
    return now_nl().date() + timedelta(days=1)


def test_participants_are_added_changed_with_versions_and_hold_no_personal_data(area) -> None:
    store, area_id, gm, _ = area
    got = store.participants(area_id)
    assert list(got["organisation"]) == ["Gemeente Enschede", "Politie Oost-Nederland"]
    assert {"name", "email", "phone"}.isdisjoint(got.columns)
    assert int(got.loc[got["id"] == gm, "version"].iloc[0]) == 1
    record = {"organisation": "Gemeente Enschede", "kind": "gemeente", "joined_on": date(2025, 9, 1)}
    store.save_participant(area_id, record, "coo", participant_id=gm, expected_version=1)
    row = store.participants(area_id).set_index("id").loc[gm]
    assert int(row["version"]) == 2 and str(row["joined_on"])[:10] == "2025-09-01"
    with pytest.raises(ConflictError):  # someone else saved version 2 meanwhile
        store.save_participant(area_id, {**record, "kind": "overig"}, "coo", participant_id=gm, expected_version=1)
    assert store.participants(area_id).set_index("id").loc[gm, "kind"] == "gemeente"


BAD_PARTICIPANTS = [
    ({"organisation": "  ", "kind": "gemeente"}, "Organisatie is leeg"),
    ({"organisation": "Boerenclub", "kind": "boeren"}, "Soort organisatie 'boeren' bestaat niet"),
    ({"organisation": "gemeente enschede", "kind": "gemeente"}, "doet al mee"),
    ({"organisation": "X" * 201, "kind": "overig"}, "Organisatie is te lang"),
]


def test_bad_participants_are_refused_in_dutch(area) -> None:
    store, area_id, *_ = area
    for record, message in BAD_PARTICIPANTS:
        with pytest.raises(StoreError, match=message):
            store.save_participant(area_id, record, "coo")
    assert len(store.participants(area_id)) == 2


def test_unknown_area_is_refused(make_store) -> None:
    store = make_store()
    with pytest.raises(StoreError, match="Gebied 999 bestaat niet"):
        store.save_participant(999, {"organisation": "Gemeente", "kind": "gemeente"}, "coo")
    with pytest.raises(StoreError, match="Gebied 999 bestaat niet"):
        store.save_meeting(999, {"held_on": date(2026, 1, 5), "title": "Start"}, "coo")


def test_representatives_are_checked_and_erased_on_request_for_good(area) -> None:
    store, area_id, gm, pol = area
    with pytest.raises(StoreError, match=r"E-mailadres 'jan\.gemeente\.nl' is geen e-mailadres"):
        store.save_representative(gm, {"name": "Jan", "email": "jan.gemeente.nl"}, "coo")
    with pytest.raises(StoreError, match="Naam is leeg"):
        store.save_representative(gm, {"name": "", "email": "jan@enschede.nl"}, "coo")
    jan = store.save_representative(
        gm, {"name": "Jan de Vries", "role_title": "wethouder", "email": "jan@enschede.nl", "phone": "053 123 45 67"},
        "coo",
    )  # fmt: skip
    piet = store.save_representative(pol, {"name": "Piet", "role_title": "wijkagent"}, "coo")
    store.record_signature(area_id, "intentieverklaring", gm, date(2026, 1, 5), "coo", signatory="jan de vries")
    store.record_signature(area_id, "intentieverklaring", pol, date(2026, 1, 5), "coo", signatory="Jan de Vries")
    meeting = store.save_meeting(area_id, {"held_on": date(2026, 1, 5), "title": "Start"}, "coo")
    store.save_action_item(meeting, {"text": "Bellen", "owner": "Jan de Vries en Piet"}, "coo")
    store.save_action_item(meeting, {"text": "Mailen", "owner": "Jan de Vriesland"}, "coo")
    store.erase_representative(jan, "coo")
    got = store.representatives(area_id).set_index("id")
    assert got.loc[jan, ["name", "role_title", "email", "phone"]].isna().all() and got.loc[jan, "erased_at"] is not None
    assert got.loc[piet, "name"] == "Piet" and got.loc[piet, "role_title"] == "wijkagent"  # nothing else lost
    signed = store.signatures(area_id).set_index("participant_id")["signatory"]
    assert signed[gm] == "(verwijderd op verzoek)" and signed[pol] == "Jan de Vries"  # only the person's own party
    owners = sorted(store.action_items(area_id)["owner"])
    assert owners == ["(verwijderd op verzoek) en Piet", "Jan de Vriesland"]  # whole words only
    with pytest.raises(StoreError, match="op verzoek gewist"):
        store.save_representative(gm, {"name": "Jan de Vries"}, "coo", representative_id=jan)
    with pytest.raises(StoreError, match="al gewist"):
        store.erase_representative(jan, "coo")
    assert store.representatives(area_id).set_index("id").loc[jan, ["name"]].isna().all()


def test_signatures_refuse_future_dates_strangers_and_doubles(area) -> None:
    store, area_id, gm, pol = area
    other = store.add_area("Elders", shapely.box(200_000, 400_000, 205_000, 405_000), created_by="t")
    stranger = store.save_participant(other, {"organisation": "Waterschap Vechtstromen", "kind": "waterschap"}, "c")
    with pytest.raises(StoreError, match="ligt in de toekomst"):
        store.record_signature(area_id, "convenant", gm, _tomorrow(), "coo")
    with pytest.raises(StoreError, match=f"is geen deelnemer van gebied {area_id}"):
        store.record_signature(area_id, "convenant", stranger, date(2026, 1, 10), "coo")
    with pytest.raises(StoreError, match="Document 'contract' bestaat niet"):
        store.record_signature(area_id, "contract", gm, date(2026, 1, 10), "coo")
    store.record_signature(area_id, "intentieverklaring", gm, date(2026, 1, 10), "coo", signatory="J. de Vries")
    store.record_signature(area_id, "convenant", pol, "2026-02-01", "coo")
    with pytest.raises(StoreError, match="staat er al"):
        store.record_signature(area_id, "convenant", pol, date(2026, 2, 1), "coo")
    got = store.signatures(area_id)
    assert list(got["organisation"]) == ["Gemeente Enschede", "Politie Oost-Nederland"]
    assert list(got["document"]) == ["intentieverklaring", "convenant"] and list(got["kind"]) == ["gemeente", "politie"]
    assert set(got["recorded_by"]) == {"coo"} and store.signatures(other).empty


def test_a_covenant_signatory_cannot_be_removed_others_can(area) -> None:
    store, area_id, gm, pol = area
    store.record_signature(area_id, "intentieverklaring", gm, date(2026, 1, 10), "coo")
    store.record_signature(area_id, "convenant", pol, date(2026, 3, 2), "coo")
    with pytest.raises(StoreError, match=r"heeft het convenant ondertekend op 02-03-2026"):
        store.remove_participant(pol, "coo", "stopt")
    with pytest.raises(StoreError, match="Reden is leeg"):
        store.remove_participant(gm, "coo", "")
    store.remove_participant(gm, "coo", "gaat op in de regio")  # signed the declaration only
    got = store.participants(area_id).set_index("id")
    assert pd.isna(got.loc[pol, "removed_at"]) and not pd.isna(got.loc[gm, "removed_at"])
    assert got.loc[gm, "removed_reason"] == "gaat op in de regio" and int(got.loc[gm, "version"]) == 2
    with pytest.raises(StoreError, match="geen deelnemer meer"):
        store.record_signature(area_id, "convenant", gm, date(2026, 3, 3), "coo")
    with pytest.raises(StoreError, match="al uit de samenwerking"):
        store.remove_participant(gm, "coo", "nogmaals")


def test_agreements_are_saved_changed_and_deleted(area) -> None:
    store, area_id, *_ = area
    with pytest.raises(StoreError, match="Soort afspraak 'geheim' bestaat niet"):
        store.save_agreement(area_id, {"kind": "geheim", "text": "x"}, "coo")
    with pytest.raises(StoreError, match="Tekst van de afspraak is leeg"):
        store.save_agreement(area_id, {"kind": "doel", "text": " "}, "coo")
    objective = store.save_objective(
        area_id, {"text": "Minder dumpingen", "indicator": "dumpingen_per_jaar", "baseline": 40,
                  "baseline_on": date(2025, 1, 1), "target": 20, "target_on": date(2030, 1, 1)}, "coo",
    )  # fmt: skip
    with pytest.raises(StoreError, match=f"Doelstelling {objective + 1} bestaat niet"):
        store.save_agreement(area_id, {"kind": "doel", "text": "x", "objective_id": objective + 1}, "coo")
    goal = store.save_agreement(area_id, {"kind": "doel", "text": "Minder dumpingen", "objective_id": objective}, "coo")
    talk = store.save_agreement(area_id, {"kind": "extern", "text": "Eén woordvoerder"}, "coo")
    store.save_agreement(area_id, {"kind": "extern", "text": "De gemeente woordvoert"}, "coo", agreement_id=talk)
    got = store.agreements(area_id).set_index("id")
    assert got.loc[goal, "objective_id"] == objective and got.loc[talk, "text"] == "De gemeente woordvoert"
    store.delete_agreement(goal, "coo")
    assert list(store.agreements(area_id)["id"]) == [talk]
    with pytest.raises(StoreError, match=f"Afspraak {goal} bestaat niet"):
        store.delete_agreement(goal, "coo")


def test_meetings_with_minutes_and_action_items_that_need_an_owner(area) -> None:
    store, area_id, *_ = area
    with pytest.raises(StoreError, match="Verslag is te lang"):
        store.save_meeting(area_id, {"held_on": date(2026, 1, 5), "title": "Start", "minutes": "x" * 20_001}, "coo")
    with pytest.raises(StoreError, match="Datum van het overleg 'morgen' is geen datum"):
        store.save_meeting(area_id, {"held_on": "morgen", "title": "Start"}, "coo")
    first = store.save_meeting(area_id, {"held_on": date(2026, 1, 5), "title": "Start", "minutes": "Kennismaking",
                                         "decisions": "Convenant opstellen"}, "coo")  # fmt: skip
    planned = store.save_meeting(area_id, {"held_on": _tomorrow(), "title": "Tweede overleg"}, "coo")
    with pytest.raises(StoreError, match="Eigenaar van het actiepunt is leeg"):
        store.save_action_item(first, {"text": "Concept convenant", "owner": ""}, "coo")
    with pytest.raises(StoreError, match="Overleg 999 bestaat niet"):
        store.save_action_item(999, {"text": "Concept", "owner": "Jan"}, "coo")
    item = store.save_action_item(
        first, {"text": "Concept convenant", "owner": "Jan", "due_on": date(2026, 2, 1)}, "coo"
    )
    store.save_action_item(first, {"text": "Concept convenant", "owner": "Jan", "due_on": date(2026, 2, 1),
                                   "done_on": date(2026, 1, 30)}, "coo", item_id=item)  # fmt: skip
    assert list(store.meetings(area_id)["id"]) == [planned, first]  # newest first
    items = store.action_items(area_id)
    assert len(items) == 1 and str(items["done_on"].iloc[0])[:10] == "2026-01-30" and items["owner"].iloc[0] == "Jan"
    assert store.meetings(area_id).set_index("id").loc[first, "decisions"] == "Convenant opstellen"


def test_files_are_checked_by_their_bytes_and_photos_served_without_exif(area) -> None:
    store, area_id, *_ = area
    meeting = store.save_meeting(area_id, {"held_on": date(2026, 1, 5), "title": "Start"}, "coo")
    other = store.add_area("Elders", shapely.box(200_000, 400_000, 205_000, 405_000), created_by="t")
    pdf = StoredFile("document", "../verslag.PDF", "application/octet-stream", PDF, "x")
    photo = StoredFile("foto", "schouw.jpg", "image/jpeg", GPS_JPEG, "y", shared=GPS_JPEG)  # a forged "copy"
    with pytest.raises(StoreError, match=f"Overleg {meeting} bestaat niet in gebied {other}"):
        store.add_partnership_file(other, pdf, "coo", meeting_id=meeting)
    refused = {
        "is leeg": StoredFile("document", "leeg.pdf", "application/pdf", b"", "z"),
        "Soort bestand": StoredFile("a\x00b", "a.pdf", "application/pdf", PDF, "z"),
        "Windows-programma": StoredFile("bestand", "notulen.pdf", "application/pdf", b"MZ\x90" + PDF, "z"),
        "maximaal 20 MB": StoredFile("bestand", "groot.pdf", "application/pdf", PDF + b"0" * (21 * 2**20), "z"),
        "kopie zonder locatiegegevens": StoredFile("foto", "erf.jpg", "image/jpeg", GPS_JPEG, "z"),
        "stuurteken": StoredFile("bestand", "a\x00.pdf", "application/pdf", PDF, "z"),
    }
    for message, bad in refused.items():
        with pytest.raises(StoreError, match=message):
            store.add_partnership_file(area_id, bad, "coo")
    a = store.add_partnership_file(area_id, pdf, "coo", meeting_id=meeting, topic="verslag")
    b = store.add_partnership_file(area_id, photo, "coo")
    assert store.partnership_file(a) == ("verslag.pdf", "application/pdf", PDF)
    name, mime, served = store.partnership_file(b)
    assert (name, mime) == ("schouw.jpg", "image/jpeg") and served != GPS_JPEG
    assert not Image.open(io.BytesIO(served)).getexif() and Image.open(io.BytesIO(GPS_JPEG)).getexif()
    listed = store.partnership_files(area_id).set_index("id")
    assert "original" not in listed.columns and int(listed.loc[a, "size"]) == len(PDF)
    assert listed.loc[a, "meeting_id"] == meeting and listed.loc[a, "topic"] == "verslag"
    assert store.partnership_files(other).empty and len(listed) == 2  # nothing of the refused ones


def test_obligations_and_evaluations(area) -> None:
    store, area_id, gm, pol = area
    ob = store.save_obligation(area_id, pol, "Extra surveillance in de nacht", "coo")
    store.save_obligation(area_id, gm, "Verlichting bij bushokjes", "coo")
    assert list(store.obligations(area_id)["organisation"]) == ["Gemeente Enschede", "Politie Oost-Nederland"]
    store.delete_obligation(ob, "coo")
    assert len(store.obligations(area_id)) == 1
    with pytest.raises(StoreError, match="ligt in de toekomst"):
        store.save_evaluation(area_id, _tomorrow(), "Goed jaar", "coo")
    with pytest.raises(StoreError, match="Samenvatting is leeg"):
        store.save_evaluation(area_id, date(2026, 1, 5), "", "coo")
    store.save_evaluation(area_id, date(2026, 1, 5), "Minder dumpingen dan verwacht", "coo")
    assert list(store.evaluations(area_id)["summary"]) == ["Minder dumpingen dan verwacht"]


def test_audits_applications_and_the_list_of_keurmerk_holders(store) -> None:
    area_id = store.add_area("Buitengebied Oost", BOX, created_by="t")
    refused = store.add_area("Buitengebied West", shapely.box(252_000, 466_000, 254_000, 468_000), created_by="t")
    with pytest.raises(StoreError, match="Uitslag van de audit 'geslaagd' bestaat niet"):
        store.record_audit(area_id, date(2026, 3, 1), "geslaagd", "", "aud")
    with pytest.raises(StoreError, match="ligt in de toekomst"):
        store.record_audit(area_id, _tomorrow(), "toegekend", "", "aud")
    with pytest.raises(StoreError, match="geen sha256"):
        store.apply_keurmerk(area_id, "coo", "abc")
    assert store.keurmerk_overview().empty
    store.apply_keurmerk(area_id, "coo", "AB" * 32)
    assert store.keurmerk_applications(area_id)["package_sha256"].iloc[0] == "ab" * 32
    store.record_audit(area_id, date(2024, 2, 29), "voorwaardelijk", "verlichting nog niet af", "aud")
    store.record_audit(refused, date(2024, 3, 1), "toegekend", "", "aud")
    got = store.keurmerk_overview(today=date(2026, 1, 1))
    assert list(got.columns) == ["area_id", "area_name", "municipalities", "granted_on", "expires_on"]
    assert list(got["area_id"]) == [area_id, refused]
    row = got.iloc[0]
    assert row["granted_on"] == date(2024, 2, 29) and row["expires_on"] == date(2027, 2, 28)
    assert "Enschede" in row["municipalities"] and row["area_name"] == "Buitengebied Oost"
    assert list(store.keurmerk_overview(today=date(2027, 2, 28))["area_id"]) == [refused]  # the other expired
    store.record_audit(area_id, date(2025, 3, 1), "afgewezen", "", "aud")
    store.record_audit(refused, date(2025, 3, 1), "afgewezen", "", "aud")
    assert store.keurmerk_overview(today=date(2026, 1, 1)).empty  # the latest audit counts: refused
    store.record_audit(area_id, date(2026, 1, 15), "toegekend", "", "aud")
    again = store.keurmerk_overview().iloc[0]
    assert again["granted_on"] == date(2026, 1, 15) and again["expires_on"] == date(2029, 1, 15)
    assert len(store.audits()) == 5 and store.audits(area_id)["result"].iloc[0] == "toegekend"
    assert set(store.audits(area_id)["auditor"]) == {"aud"}


def test_a_copy_to_postgis_keeps_the_partnership_files_bytes_and_ids(tmp_path, pg_url) -> None:
    source = open_store(str(tmp_path / "bron.duckdb"))
    try:
        area_id = source.add_area("Buitengebied Oost", BOX, created_by="t")
        gm = source.save_participant(area_id, {"organisation": "Gemeente Enschede", "kind": "gemeente"}, "coo")
        rep = source.save_representative(gm, {"name": "Jan", "email": "jan@enschede.nl"}, "coo")
        source.erase_representative(rep, "coo")
        body = PDF + bytes(range(256)) * 4 + b"%%EOF\n"
        source.add_partnership_file(area_id, StoredFile("document", "b.pdf", "application/pdf", body, "s"), "coo")
        source.record_audit(area_id, date(2026, 1, 15), "toegekend", "", "aud")
    finally:
        source.close()
    checks = copy_database(str(tmp_path / "bron.duckdb"), pg_url, say=lambda _: None)
    assert all(c.ok for c in checks)
    target = open_store(pg_url)
    try:
        file_id = int(target.partnership_files(area_id)["id"].iloc[0])
        assert target.partnership_file(file_id)[2] == body
        assert target.representatives(area_id)["name"].isna().all()  # erased stays erased in a copy
        assert target.keurmerk_overview()["granted_on"].tolist() == [date(2026, 1, 15)]
        assert target.save_participant(area_id, {"organisation": "Politie", "kind": "politie"}, "coo") == gm + 1
    finally:
        target.close()


def test_hostile_input_is_refused_in_dutch_and_nothing_is_written(area) -> None:
    store, area_id, gm, _ = area
    cases = [
        (lambda: store.save_meeting(area_id, {"held_on": date(2026, 1, 5), "title": "a\x00b"}, "c"), "stuurteken"),
        (lambda: store.save_meeting(area_id, {"held_on": date(2026, 1, 5), "title": "a\ud800"}, "c"), "stuurteken"),
        (lambda: store.save_meeting(area_id, ["niet", "een", "formulier"], "c"), "geen formulier"),
        (lambda: store.save_meeting(area_id, {"held_on": float("nan"), "title": "x"}, "c"), "ontbreekt"),
        (lambda: store.save_meeting(area_id, {"held_on": date(1, 1, 1), "title": "x"}, "c"), "jaartal 1"),
        (lambda: store.save_agreement(area_id, {"kind": "doel", "text": "x", "objective_id": "vier"}, "c"), "'vier'"),
        (lambda: store.save_representative("1; DROP TABLE x", {"name": "Jan"}, "c"), "geen geheel getal"),
        (lambda: store.save_representative(2**40, {"name": "Jan"}, "c"), "bestaat niet"),
        (lambda: store.save_representative(gm, {"name": "Jan", "phone": "bel me"}, "c"), "Telefoonnummer 'bel me'"),
        (lambda: store.erase_representative(12345, "c"), "Vertegenwoordiger 12345 bestaat niet"),
        (lambda: store.participants(None), "Gebied 'None' is geen geheel getal"),
    ]
    for call, message in cases:
        with pytest.raises(StoreError, match=message):
            call()
    assert store.meetings(area_id).empty and store.agreements(area_id).empty and store.representatives(area_id).empty


def test_two_people_adding_the_same_organisation_at_once_give_one_participant(area, backend, monkeypatch) -> None:
    """Two saves of the same new organisation at the same moment: one wins, the other is refused (a conflict,
    or 'doet al mee'), never a second copy. Each save waits (up to 2 s) at its duplicate check for the other,
    so without a guard both would pass the check. On PostgreSQL the process lock is taken away, as if the two
    came from two app processes: the claimed area row must hold them apart on its own."""
    import contextlib
    import threading

    from gis.store import partnership as module

    store, area_id, _, _ = area
    both_checked = threading.Barrier(2, timeout=2)
    real = module.area_row

    def meet(cur, area):
        found = real(cur, area)
        with contextlib.suppress(threading.BrokenBarrierError):  # the other save is held back: fine
            both_checked.wait()
        return found

    monkeypatch.setattr(module, "area_row", meet)
    if backend == "postgis":
        monkeypatch.setattr(module, "process_lock", lambda *a, **k: contextlib.nullcontext())
    outcomes: list[object] = []

    def add() -> None:
        try:
            outcomes.append(store.save_participant(area_id, {"organisation": "Waterschap Vechtstromen",
                                                             "kind": "waterschap"}, "coo"))  # fmt: skip
        except StoreError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=add) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert len(outcomes) == 2
    assert sum(isinstance(o, int) for o in outcomes) == 1, outcomes
    assert list(store.participants(area_id)["organisation"]).count("Waterschap Vechtstromen") == 1
