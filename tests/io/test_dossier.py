"""Clean-up cost application pack: summary PDF (plain text, Unicode), CSV (guarded), ZIP (fixed order)."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from gis.geo.crs import rd_to_wgs84
from gis.io.attachments import Attachment, check_attachment
from gis.io.dossier import attachment_paths, build_pack, data_csv, pack_filename, summary_pdf
from gis.io.dossier_fields import FIELDS, MISSING, format_value, missing_for_application
from gis.io.dossier_photos import PackPhoto, has_metadata, pack_photo, thumbnail
from tests.pdf_text import pdf_text
from tests.photo_factory import jpeg

HOSTILE = '<script>alert(1)</script> =HYPERLINK("http://evil.example","klik") <b>vet</b> **ster**'
GENERATED = datetime(2025, 4, 2, 10, 30)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def make_record(**overrides: object) -> dict[str, object]:
    record: dict[str, object] = {
        "id": 17,
        "x": 226_400.0,
        "y": 452_300.0,
        "found_at": datetime(2025, 3, 12, 7, 45),
        "municipality_name": "Berkelland",
        "place_type": "bos",
        "waste_type": "vaten",
        "container_count": 14,
        "volume_l": 2800.0,
        "substances": "BMK, zuren",
        "into_soil_water": True,
        "reporter_org": "Omgevingsdienst Achterhoek",
        "status": "geruimd",
        "cleanup_cost": 18450.5,
        "cleanup_date": date(2025, 3, 20),
        "police_report_no": "PL0600-2025031245",
        "landowner": "Fam. Hoëvenaars",
        "owner_type": "particulier",
        "amount_requested": 18450.5,
        "amount_granted": None,
        "notes": HOSTILE,
    }
    record.update(overrides)
    return record


HISTORY = [
    {"at": datetime(2025, 3, 20, 16, 5), "from_status": "in onderzoek", "to_status": "geruimd", "user": "j.devries",
     "note": "Opgeruimd door Jansen Milieu; saneringsverslag volgt."},
    {"at": datetime(2025, 3, 12, 8, 10), "from_status": "gemeld", "to_status": "in onderzoek", "user": "a.bakker",
     "note": None},
]  # fmt: skip


def png_bytes(size: tuple[int, int] = (80, 60)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 220, 200)).save(out, "PNG")
    return out.getvalue()


def attachments() -> list[Attachment]:
    return [
        check_attachment("saneringsverslag", "verslag bodem.pdf", PDF + b"%1"),
        check_attachment("factuur", "Factuur Jansen €.pdf", PDF),
        check_attachment("afvoerbon", "../bon.jpeg", jpeg()),
        check_attachment("factuur", "grondwerk.pdf", PDF + b"%2"),
    ]


def test_summary_pdf_shows_every_field_as_plain_text() -> None:
    data = summary_pdf(make_record(), HISTORY, attachments(), png_bytes(), GENERATED)
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert HOSTILE in text  # written as text, not interpreted as HTML or markdown
    lon, lat = rd_to_wgs84([226_400.0], [452_300.0])
    expected = [
        "Aanvraag vergoeding opruimkosten drugsafval", "gemaakt op 02-04-2025 10:30", "12-03-2025 07:45",
        "226.400 m", "452.300 m", f"{lat[0]:.5f}° N, {lon[0]:.5f}° O".replace(".", ","), "Berkelland", "bos",
        "vaten", "2.800 liter", "BMK, zuren", "ja", "PL0600-2025031245", "Fam. Hoëvenaars", "particulier",
        "€ 18.450,50", "20-03-2025", "geruimd", "Pagina 1 van", "Statusgeschiedenis",
    ]  # fmt: skip
    for piece in expected:
        assert piece in text, piece
    assert "Toegekend bedrag\n—" in text  # missing values show as a dash


def test_summary_pdf_lists_history_by_time_and_attachments_with_hash() -> None:
    atts = attachments()
    text = pdf_text(summary_pdf(make_record(), HISTORY, atts, None, GENERATED))
    assert text.index("a.bakker") < text.index("j.devries")
    assert "Geen kaart meegegeven." in text
    for _path, att in attachment_paths(atts):
        assert att.sha256[:12] in text
    assert "factuur_1_Factuur Jansen €.pdf" in text and "afvoerbon_1_bon.jpg" in text
    assert "Ontbreekt nog" not in text and "Alle gevraagde gegevens en bijlagen zijn aanwezig." in text


def test_long_notes_wrap_inside_the_page_and_stay_whole() -> None:
    note = "Lange toelichting met ë en €. " * 140 + "x" * 400  # 4,600 characters: more than a page in a cell
    history = [{"at": datetime(2025, 3, 13), "user": "a.bakker", "note": note}]
    text = pdf_text(summary_pdf(make_record(notes=note, landowner=note), history, [], None, GENERATED))
    assert max(len(line) for line in text.splitlines()) < 130
    words = " ".join(text.split())  # line breaks fall between words
    assert words.count("Lange toelichting") >= 3 * 140  # the notes, and in full under the tables: owner, history
    assert "[1] Grondeigenaar" in text and "[1] Toelichting, regel 1" in text


def test_an_empty_record_still_gives_a_pdf_with_dashes_and_a_checklist() -> None:
    record = {f.key: None for f in FIELDS}
    text = pdf_text(summary_pdf(record, [], [], None, GENERATED))
    assert text.count(MISSING) >= 20
    assert "Ontbreekt nog: Proces-verbaalnummer" in text and "bijlage saneringsverslag" in text
    assert "Geen statuswijzigingen vastgelegd." in text and "Geen bijlagen." in text


def test_characters_outside_the_font_and_control_characters_are_dropped() -> None:
    text = pdf_text(summary_pdf(make_record(notes="a\x00b\u202ec \U000e0041 d"), [], [], None, GENERATED))
    assert "abc ? d" in text


@pytest.mark.skipif(
    shutil.which("pdftotext") is None and not os.environ.get("CI"),
    reason="poppler's pdftotext is not installed (apt-get install poppler-utils; .ci/run installs it)",
)
def test_poppler_reads_the_same_text(tmp_path: Path) -> None:
    path = tmp_path / "samenvatting.pdf"
    path.write_bytes(summary_pdf(make_record(), HISTORY, attachments(), png_bytes(), GENERATED))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert HOSTILE in text and "€ 18.450,50" in text and "Hoëvenaars" in text


def test_pack_has_fixed_names_in_order_and_the_original_bytes() -> None:
    atts, map_png = attachments(), png_bytes()
    data = build_pack(make_record(), HISTORY, atts, map_png, GENERATED)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == [
            "samenvatting.pdf",
            "gegevens.csv",
            "kaart.png",
            "bijlagen/factuur_1_Factuur Jansen €.pdf",
            "bijlagen/factuur_2_grondwerk.pdf",
            "bijlagen/afvoerbon_1_bon.jpg",
            "bijlagen/saneringsverslag_1_verslag bodem.pdf",
        ]
        assert archive.read("bijlagen/afvoerbon_1_bon.jpg") == atts[2].data
        assert archive.read("kaart.png") == map_png
        assert archive.read("samenvatting.pdf").startswith(b"%PDF-")
        assert {info.date_time for info in archive.infolist()} == {(2025, 4, 2, 10, 30, 0)}
    assert data == build_pack(make_record(), HISTORY, atts, map_png, GENERATED)  # same input, same bytes


def test_pack_without_map_has_no_map_file() -> None:
    with zipfile.ZipFile(io.BytesIO(build_pack(make_record(), [], [], None, GENERATED))) as archive:
        assert archive.namelist() == ["samenvatting.pdf", "gegevens.csv"]


def test_csv_is_two_columns_with_bom_and_guarded_against_formulas() -> None:
    record = make_record(notes='=HYPERLINK("http://evil.example")', landowner="+31 6 1234", reporter_org="@SUM(A1)")
    raw = data_csv(record)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["veld", "waarde"] and all(len(row) == 2 for row in rows)
    values = dict(rows[1:])
    assert values["Opmerkingen"] == '\'=HYPERLINK("http://evil.example")'
    assert values["Grondeigenaar"] == "'+31 6 1234" and values["Melder (organisatie)"] == "'@SUM(A1)"
    assert values["Opruimkosten (€)"] == "18450,50" and values["Toegekend bedrag (€)"] == ""
    assert values["Gevonden op"] == "12-03-2025 07:45" and values["Volume (liter)"] == "2800"
    lon, lat = rd_to_wgs84([226_400.0], [452_300.0])
    assert values["Breedtegraad (WGS84)"] == f"{lat[0]:.6f}".replace(".", ",")
    assert values["Lengtegraad (WGS84)"] == f"{lon[0]:.6f}".replace(".", ",")


@pytest.mark.parametrize(
    ("record", "name"),
    [
        (make_record(), "dossier_dumping_17_20250312.zip"),
        (make_record(id="../a b/c", found_at=None), "dossier_dumping_a-b-c_zonder-datum.zip"),
        (make_record(id=None, found_at=pd.NaT), "dossier_dumping_onbekend_zonder-datum.zip"),
        (make_record(found_at=datetime(2025, 3, 11, 23, 30, tzinfo=UTC)), "dossier_dumping_17_20250312.zip"),
    ],
)
def test_pack_filename(record: dict[str, object], name: str) -> None:
    assert pack_filename(record) == name


@pytest.mark.parametrize(
    ("value", "kind", "pdf", "csv_text"),
    [
        (1234567.5, "money", "€ 1.234.567,50", "1234567,50"),
        (np.int64(12), "int", "12", "12"),
        (2.5, "number", "2,5", "2,5"),
        (float("nan"), "number", MISSING, ""),
        (pd.NaT, "datetime", MISSING, ""),
        ("  ", "text", MISSING, ""),
        (False, "bool", "nee", "nee"),
        (datetime(2025, 6, 1, 12, 0, tzinfo=UTC), "datetime", "01-06-2025 14:00", "01-06-2025 14:00"),
        (date(2025, 6, 1), "date", "01-06-2025", "01-06-2025"),
    ],
)
def test_format_value(value: object, kind: str, pdf: str, csv_text: str) -> None:
    assert format_value(value, kind) == pdf
    assert format_value(value, kind, for_csv=True) == csv_text


def test_missing_for_application() -> None:
    assert missing_for_application(make_record(), attachments()) == []
    missing = missing_for_application(make_record(police_report_no=" ", x=None), attachments()[1:3])
    assert missing == ["Proces-verbaalnummer", "X-coördinaat RD", "bijlage saneringsverslag"]


# -- issue 17.5: photos as stripped copies, names instead of codes, a history that fits the page -------------
def _photos() -> list[PackPhoto]:
    return [pack_photo("IMG_2041.JPG", jpeg(size=(64, 48), gps=(52.1, 6.4)), "a" * 64),
            pack_photo("../map/vaten: dicht?.jpeg", jpeg(size=(30, 60), gps=(52.1, 6.4), orientation=6))]  # fmt: skip


def _no_metadata(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as img:
        return not img.getexif() and "exif" not in img.info and b"Exif" not in data and b"GPS" not in data


def test_pack_carries_the_photos_as_copies_without_exif_or_gps() -> None:
    original = jpeg(size=(64, 48), gps=(52.1, 6.4))
    assert not _no_metadata(original)  # the factory's photo has EXIF with GPS
    photos = _photos()
    data = build_pack(make_record(), HISTORY, attachments(), png_bytes(), GENERATED, photos=photos)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        fotos = [n for n in names if n.startswith("fotos/")]
        assert fotos == ["fotos/foto_1_IMG_2041.jpg", "fotos/foto_2_vaten_ dicht_.jpg"]
        assert names.index(fotos[-1]) < names.index("bijlagen/factuur_1_Factuur Jansen €.pdf")
        for name in fotos:
            assert _no_metadata(archive.read(name)), name
        with Image.open(io.BytesIO(archive.read(fotos[1]))) as upright:
            assert upright.size == (60, 30)  # EXIF orientation 6 applied before it was dropped
        text = pdf_text(archive.read("samenvatting.pdf"))
    assert "foto_1_IMG_2041.jpg" in text and "64 × 48" in text and "a" * 12 in text
    assert "Foto's (kopieën zonder EXIF/GPS, map fotos)" in text


def test_a_shared_copy_that_still_has_metadata_is_stripped_again() -> None:
    with_gps = jpeg(size=(40, 20), gps=(52.1, 6.4))
    assert has_metadata(with_gps)
    photo = pack_photo("x.jpg", with_gps)
    assert _no_metadata(photo.data) and photo.data != with_gps and not has_metadata(photo.data)
    clean = photo.data
    assert pack_photo("x.jpg", clean).data == clean  # a clean copy is kept byte for byte
    assert _no_metadata(thumbnail(photo))


def test_summary_pdf_prints_names_not_codes() -> None:
    history = [
        {"at": datetime(2025, 3, 12, 8, 0), "from_status": None, "to_status": "gemeld", "user": "a",
         "note": "melding aangemaakt"},
        {"at": datetime(2025, 3, 13, 9, 0), "from_status": "gemeld", "to_status": "gemeld", "user": "a",
         "note": "gewijzigd: amount_requested, landowner, owner_type, police_report_no; na telefoon"},
    ]  # fmt: skip
    record = make_record(reporter_org="omgevingsdienst", substances="BMK; zuren")
    text = pdf_text(summary_pdf(record, history, [], None, GENERATED))
    assert "Omgevingsdienst" in text and "omgevingsdienst" not in text
    words = " ".join(text.split())  # a cell wraps over lines
    assert "gewijzigd: Gevraagd bedrag, Grondeigenaar, Soort eigenaar, Proces-verbaalnummer; na telefoon" in words
    for code in ("amount_requested", "landowner", "owner_type", "police_report_no"):
        assert code not in text
    values = dict(list(csv.reader(io.StringIO(data_csv(record).decode("utf-8-sig")), delimiter=";"))[1:])
    assert values["Melder (organisatie)"] == "Omgevingsdienst"


def _words_right_of_the_text_area(pdf: bytes, tmp_path: Path) -> list[tuple[float, str]]:
    path = tmp_path / "samenvatting.pdf"
    path.write_bytes(pdf)
    xml = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True, text=True).stdout
    page_width = float(re.search(r'<page width="([\d.]+)"', xml).group(1))  # type: ignore[union-attr]
    limit = page_width - 18 / 25.4 * 72 + 0.5  # the right margin is 18 mm
    words = re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>', xml)
    assert len(words) > 100
    return [(float(x), w) for x, w in words if float(x) > limit]


@pytest.mark.skipif(
    shutil.which("pdftotext") is None and not os.environ.get("CI"),
    reason="poppler's pdftotext is not installed (apt-get install poppler-utils; .ci/run installs it)",
)
def test_history_with_long_cells_stays_inside_the_page(tmp_path: Path) -> None:
    history = [*HISTORY, {
        "at": datetime(2025, 3, 21, 9, 0), "from_status": "in onderzoek", "to_status": "geruimd",
        "user": "heel.lange.gebruikersnaam.van.iemand@omgevingsdienst-achterhoek.nl",
        "note": "https://example.org/" + "a" * 300 + " en " + "Z" * 90 + " " + "Lange toelichting. " * 40,
    }]  # fmt: skip
    pdf = summary_pdf(make_record(), history, attachments(), png_bytes(), GENERATED, photos=_photos())
    assert _words_right_of_the_text_area(pdf, tmp_path) == []
    lines = pdf_text(pdf).splitlines()
    assert "[1] Toelichting, regel 3" in lines  # the cut cell is printed in full under the table
    assert "Saneringsverslag" in lines and "21-03-2025 09:00" in lines  # short cells are not broken mid-word


def test_dossier_pack_from_the_store_has_photos_maps_and_names(store) -> None:
    from gis.dumpings import dossier_pack, prepare_report, save_report
    from tests.test_dumpings_service import NOW, form

    photos = [("vaten.jpg", jpeg(size=(80, 60), gps=(52.1, 6.4))), ("sloot.jpg", jpeg(size=(60, 80), gps=(52.1, 6.4)))]
    new = save_report(store, prepare_report(store, form(), photos, NOW), "inspecteur")
    store.update_dumping(new, {"landowner": "Fam. Jansen", "amount_requested": 900.0}, "a")
    data = dossier_pack(store, new, NOW)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names[:4] == ["samenvatting.pdf", "gegevens.csv", "kaart.png", "kaart_omgeving.png"]
        assert names[4:6] == ["fotos/foto_1_vaten.jpg", "fotos/foto_2_sloot.jpg"]
        for name in names[4:6]:
            assert _no_metadata(archive.read(name))
        text = pdf_text(archive.read("samenvatting.pdf"))
    assert "Lochem" in text and "Omgevingsdienst" in text and "omgevingsdienst" not in text
    assert "gewijzigd: Gevraagd bedrag, Grondeigenaar" in " ".join(text.split())
    assert "foto_2_sloot.jpg" in text and "Geen kaart meegegeven." not in text
