"""The dumping form's API (gis.dumpings): checks, bad input, duplicates, linking, photos, dossier pack."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time

import pytest

from gis.domain.dumping_form import FormError
from gis.dumpings import add_attachment, add_photos, change_status, dossier_pack, prepare_report, save_report
from gis.io.attachments import AttachmentError
from gis.io.photos import PhotoError
from tests.photo_factory import jpeg

NOW = datetime(2026, 11, 28, 14, 0)
HOSTILE = '<img src=x onerror=alert(1)> =HYPERLINK("http://x")'


def form(**extra: object) -> dict[str, object]:
    values = {"found_date": date(2026, 11, 27), "found_time": time(10, 15), "x": 226_500.0, "y": 470_500.0,
              "place_type": "sloot/water", "waste_type": "IBC-containers", "container_count": 3, "volume_l": 3000,
              "substances": ["BMK"], "into_soil_water": True, "reporter_org": "omgevingsdienst", "status": "gemeld",
              "notes": HOSTILE}  # fmt: skip
    return {**values, **extra}


def test_a_good_report_is_saved_with_its_photo(store) -> None:
    prepared = prepare_report(store, form(), [("vaten.jpg", jpeg(gps=(52.1, 6.4)))], NOW)
    assert prepared.duplicates.empty
    new = save_report(store, prepared, "inspecteur")
    rec = store.dumping(new)
    assert rec["notes"] == HOSTILE and rec["substances"] == "BMK" and rec["found_at"] == datetime(2026, 11, 27, 10, 15)
    files = store.dumping_files(new)
    assert files["kind"].tolist() == ["foto"] and files["lat"].iloc[0] == pytest.approx(52.1, abs=1e-4)
    shown = store.dumping_file(int(files["id"].iloc[0]))[2]
    assert b"Exif" not in shown and shown != store.dumping_file(int(files["id"].iloc[0]), original=True)[2]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"found_date": date(2026, 12, 24)}, "toekomst"),
        ({"x": 150_000.0, "y": 360_000.0}, "buiten Nederland"),
        ({"volume_l": -5}, "Volume"),
        ({"container_count": 2.5}, "geheel getal"),
        ({"place_type": "<script>"}, "Soort plek"),
    ],
)
def test_bad_input_is_refused_with_a_dutch_message_and_nothing_saved(store, change, message) -> None:
    with pytest.raises(FormError) as err:
        prepare_report(store, form(**change), [], NOW)
    assert any(message in e for e in err.value.errors), err.value.errors
    assert store.query_df("SELECT count(*) AS n FROM dumpings")["n"].iloc[0] == 0


def test_bad_photos_are_refused_together_with_form_errors(store) -> None:
    pdf = b"%PDF-1.7\n" + b"0" * 100
    with pytest.raises(FormError) as err:
        big = b"\xff\xd8\xff" + b"0" * (11 << 20)
        prepare_report(store, form(volume_l=-1), [("foto.jpg", pdf), ("groot.jpg", big)], NOW)
    text = " ".join(err.value.errors)
    assert "'foto.jpg' is geen JPEG of PNG (het is een PDF)" in text
    assert "groot.jpg" in text and "Volume" in text


def test_duplicate_within_100_m_and_14_days_can_be_linked(store) -> None:
    first = save_report(store, prepare_report(store, form(), [], NOW), "a")
    again = prepare_report(store, form(x=226_560.0, found_date=date(2026, 11, 28), found_time=time(9, 0)), [], NOW)
    assert again.duplicates["id"].tolist() == [first]
    assert again.duplicates["distance_m"].iloc[0] == pytest.approx(60.0)
    linked = save_report(store, again, "b", link_to=first)
    assert store.dumping(linked)["linked_to"] == first
    far = prepare_report(store, form(x=226_700.0), [], NOW)
    assert far.duplicates.empty  # 200 m away: another site


def test_status_change_needs_a_user_and_follows_the_workflow(store) -> None:
    new = save_report(store, prepare_report(store, form(), [], NOW), "a")
    with pytest.raises(FormError, match="uw naam"):
        change_status(store, new, "in onderzoek", "  ")
    change_status(store, new, "in onderzoek", "b")
    assert store.dumping(new)["status"] == "in onderzoek"


def test_photos_are_limited_to_five_per_report(store) -> None:
    new = save_report(
        store, prepare_report(store, form(), [(f"f{i}.jpg", jpeg(size=(40 + i, 20))) for i in range(4)], NOW), "a"
    )
    assert add_photos(store, new, [("f5.jpg", jpeg(size=(60, 20)))], "a") == 1
    with pytest.raises(PhotoError, match=r"^Maximaal 5 foto's per melding; dit worden er 6 \(er zijn er al 5\)\.$"):
        add_photos(store, new, [("f6.jpg", jpeg(size=(61, 20)))], "a")
    assert (store.dumping_files(new)["kind"] == "foto").sum() == 5  # the sixth was not stored


def test_dossier_pack_has_summary_map_data_and_documents(store) -> None:
    new = save_report(store, prepare_report(store, form(notes='=HYPERLINK("http://x")'), [], NOW), "a")
    owner = {"landowner": "Fam. Jansen", "owner_type": "particulier", "police_report_no": "PL0600-2026"}
    store.update_dumping(new, owner, "a")
    add_attachment(store, new, "factuur", "factuur.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n", "a")
    with pytest.raises(AttachmentError):
        add_attachment(store, new, "afvoerbon", "bon.pdf", b"MZ\x90\x00 not a pdf", "a")
    pack = zipfile.ZipFile(io.BytesIO(dossier_pack(store, new, NOW)))
    names = pack.namelist()
    assert names[:3] == ["samenvatting.pdf", "gegevens.csv", "kaart.png"]
    assert any(n.startswith("bijlagen/factuur_1_") for n in names)
    assert pack.read("samenvatting.pdf").startswith(b"%PDF")
    assert pack.read("kaart.png").startswith(b"\x89PNG")
    csv = pack.read("gegevens.csv").decode("utf-8-sig")
    assert "'=HYPERLINK" in csv and "Fam. Jansen" in csv
