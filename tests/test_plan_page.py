"""The Plan van aanpak page: the pure parts (Gantt and "wie doet wat wanneer" frames, file names, evidence files,
zone measures) on hand-made frames, and the page in AppTest on the demo: a coordinator writes an objective (and is
refused one without a target), plans a measure, records evidence and marks it done, and downloads the plan;
a working-group member reads without controls; one flow on PostGIS."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import shapely
from PIL import Image

from gis.io.attachments import AttachmentError
from gis.io.photos import PhotoError
from gis.ui.plan_effect import zone_measures
from gis.ui.plan_measures import evidence_files
from gis.ui.plan_page import file_stem, plan_file_names
from gis.ui.plan_schedule import gantt_frame, who_what_when

APP = str(Path(__file__).resolve().parents[1] / "dashboard.py")


def _png(size: tuple[int, int] = (8, 6)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def _measures() -> pd.DataFrame:
    return pd.DataFrame({
        "id": [1, 2, 3], "name": ["Camera's", "Slagbomen", "Buurtpreventie"], "title": ["", "", ""],
        "partner": ["gemeente", "Stichting Wegwijs", None], "representative": ["A", "", None],
        "start_on": [date(2027, 1, 1), pd.Timestamp("2027-03-01"), None],
        "end_on": [date(2027, 6, 30), pd.Timestamp("2027-04-30"), None],
        "status": ["lopend", "uitgevoerd", None], "place_kind": ["punt", "zone", "zone"],
        "geometry": [shapely.Point(0, 0), shapely.box(0, 0, 10, 10), shapely.box(0, 0, 5, 5)],
    })  # fmt: skip


def test_gantt_frame_has_the_dated_measures_by_start_with_the_end_day_included() -> None:
    frame = gantt_frame(_measures())
    assert list(frame["measure"]) == ["Camera's", "Slagbomen"]  # the undated one is left out
    assert frame["end"].iloc[1] == pd.Timestamp("2027-05-01")  # 30 April is a planned day
    assert list(frame["status"]) == ["lopend", "uitgevoerd"]
    assert frame["partner"].iloc[0] == "gemeente" and frame["partner"].iloc[1] == "Stichting Wegwijs"
    assert frame["period"].iloc[0] == "1 januari 2027 tot en met 30 juni 2027"


def test_who_what_when_puts_each_period_in_its_partners_row() -> None:
    matrix = who_what_when(_measures())
    assert list(matrix["Partner"]) == ["gemeente", "Stichting Wegwijs", "(nog niet gekozen)"]
    assert matrix.loc[0, "Camera's"] == "1 januari 2027 tot en met 30 juni 2027"
    assert matrix.loc[1, "Camera's"] == "" and matrix.loc[1, "Slagbomen"] == "1 maart 2027 tot en met 30 april 2027"
    assert matrix.loc[2, "Buurtpreventie"] == "geen datum tot en met geen datum"
    english = who_what_when(_measures(), "en")
    assert "municipality" in set(english["Partner"])


def test_file_names_are_dutch_and_safe() -> None:
    assert file_stem("KIEK UUT Achterhoek-Oost", 3) == "KIEK_UUT_Achterhoek_Oost"
    assert file_stem("Één/../<script>", 3) == "Een_script"
    assert file_stem("???", 7) == "gebied_7"
    docx, pdf = plan_file_names("Grensstreek ’t Woud", 1)
    assert docx.startswith("plan_van_aanpak_Grensstreek_t_Woud_") and docx.endswith(".docx")
    assert pdf == docx[:-5] + ".pdf"


def test_evidence_files_check_what_is_uploaded() -> None:
    assert evidence_files("notitie", "hek geplaatst", None) == []
    with pytest.raises(ValueError, match="vul de notitie in"):
        evidence_files("notitie", "  ", None)
    with pytest.raises(ValueError, match="Kies een bestand bij soort 'foto'"):
        evidence_files("foto", "", None)
    (photo,) = evidence_files("foto", "", ("hek.png", _png()))
    assert photo.kind == "foto" and photo.mime == "image/png" and photo.shared  # a copy without EXIF to share
    (doc,) = evidence_files("bestand", "", ("bon.jpg", _png()))
    assert doc.kind == "bestand" and doc.name == "bon.png" and doc.shared  # the type is what the bytes are
    with pytest.raises(PhotoError, match="geen JPEG of PNG"):
        evidence_files("foto", "", ("x.png", b"%PDF-1.4 nep"))
    with pytest.raises(AttachmentError, match="geen PDF, JPEG of PNG"):
        evidence_files("bestand", "", ("x.pdf", b"MZ\x90\x00"))


def test_only_carried_out_zone_measures_get_an_effect() -> None:
    zones = zone_measures(_measures())
    assert list(zones["id"]) == [2]


def test_partner_choice_offers_the_partnership_then_the_kinds_and_keeps_free_text() -> None:
    from gis.ui.plan_measures import partner_choice

    options, index, free = partner_choice("Politie Oost-Nederland", ["Politie Oost-Nederland", "LTO Noord"])
    assert options[:3] == ["", "Politie Oost-Nederland", "LTO Noord"] and "gemeente" in options
    assert (index, free) == (1, "")
    assert partner_choice("politie", [])[1:] == (options.index("politie") - 2, "")
    assert partner_choice("Stichting Wegwijs", [])[1:] == (0, "Stichting Wegwijs")
