"""Survey responses, site walks with findings and photos, and frozen measurements in the store (both backends)."""

from __future__ import annotations

from datetime import date

import pytest
import shapely

from gis.domain.catalog import Layer
from gis.store import Filters, StoreError
from gis.store.analysis import FindingFile

ENSCHEDE = (258_000.0, 471_500.0)


@pytest.fixture
def with_area(store):
    area_id = store.add_area("Testgebied", shapely.box(250_000, 465_000, 265_000, 478_000), created_by="t")
    return store, area_id


def test_survey_responses_go_in_all_or_nothing_and_an_import_can_be_undone(with_area) -> None:
    store, area_id = with_area
    good = {"respondent_type": "agrariër", "area_id": area_id, "answers": {"benaderd": "ja", "veilig": 6},
            "answered_on": date(2026, 3, 1), "respondent_ref": "R1"}  # fmt: skip
    hostile = {"respondent_type": "bewoner", "postcode4": "7511",
               "answers": {"open": "<script>alert(1)</script> =cmd|' /C calc'!A0"}}  # fmt: skip
    bad = {"respondent_type": "boer", "area_id": area_id, "answers": {}}
    with pytest.raises(StoreError, match="respondent 3: soort respondent 'boer'"):
        store.add_survey_responses([good, hostile, bad], "ana", file_name="enquete.xlsx", file_bytes=b"x")
    assert store.survey_responses().empty and store.survey_imports().empty
    import_id = store.add_survey_responses([good, hostile], "ana", file_name="enquete.xlsx", file_bytes=b"x")
    got = store.survey_responses()
    assert len(got) == 2 and got["answers"].iloc[0] == {"benaderd": "ja", "veilig": 6}
    assert got["answers"].iloc[1]["open"].startswith("<script>")  # kept as text; shown escaped by the page
    assert list(store.survey_responses(area_id)["respondent_ref"]) == ["R1"]
    store.add_survey_responses([{**good, "source": "interview"}], "ana")  # by hand: not an import
    assert store.undo_survey_import(import_id, "ana") == 2
    assert len(store.survey_responses()) == 1
    with pytest.raises(StoreError, match="al teruggedraaid"):
        store.undo_survey_import(import_id, "ana")


@pytest.mark.parametrize(
    ("change", "message"),
    [({"postcode4": "751", "area_id": None}, "postcode '751'"), ({"area_id": None}, "PPS-gebied of een postcode"),
     ({"source": "telefoon"}, "bron 'telefoon'")],
)  # fmt: skip
def test_survey_shape_errors_are_dutch(with_area, change, message) -> None:
    store, area_id = with_area
    row = {"respondent_type": "bewoner", "area_id": area_id, "answers": {}, **change}
    with pytest.raises(StoreError, match=message):
        store.add_survey_responses([row], "ana")


def test_walk_findings_photos_and_what_a_finding_became(with_area) -> None:
    store, area_id = with_area
    route = shapely.LineString([(255_000, 470_000), (258_000, 471_500), (260_000, 472_000)])
    walk = store.add_walk(area_id, date(2026, 2, 1), "nacht", "gemeente, politie, LTO", route, "koud", "ana")
    photo = FindingFile("erf.jpg", "image/jpeg", b"\xff\xd8original-with-exif", b"\xff\xd8stripped")
    fid = store.add_finding(walk, *ENSCHEDE, "onverlicht erf", "geen lamp", "ana", [photo])
    walks = store.walks(area_id)
    assert len(walks) == 1 and walks.iloc[0]["daypart"] == "nacht"
    assert walks.geometry.iloc[0].equals_exact(route, 1e-6)
    found = store.findings(area_id)
    assert list(found["id"]) == [fid] and found["photos"].iloc[0] == 1
    assert found["municipality_code"].iloc[0] == "GM0153"  # Enschede, assigned when written
    assert store.finding_file(fid)[2] == b"\xff\xd8stripped"
    assert store.finding_file(fid, original=True)[2] == b"\xff\xd8original-with-exif"
    store.mark_finding(fid, "dumpings:12")
    assert store.findings(walk_id=walk)["became"].iloc[0] == "dumpings:12"
    with pytest.raises(StoreError, match="al omgezet"):
        store.mark_finding(fid, "barns:3")


def test_walk_and_finding_input_errors(with_area) -> None:
    store, area_id = with_area
    with pytest.raises(StoreError, match="Dagdeel 'avond'"):
        store.add_walk(area_id, date(2026, 2, 1), "avond", "", None, "", "ana")
    with pytest.raises(StoreError, match="lijn zijn, geen Polygon"):
        store.add_walk(area_id, date(2026, 2, 1), "dag", "", shapely.box(0, 0, 1, 1), "", "ana")
    with pytest.raises(StoreError, match="Gebied 999"):
        store.add_walk(999, date(2026, 2, 1), "dag", "", None, "", "ana")
    walk = store.add_walk(area_id, date(2026, 2, 1), "dag", "", None, "", "ana")
    assert store.walks(area_id).geometry.iloc[0] is None  # a walk without a route lists (DuckDB gives pd.NA)
    with pytest.raises(StoreError, match="Soort bevinding 'ufo'"):
        store.add_finding(walk, *ENSCHEDE, "ufo", "", "ana")
    with pytest.raises(StoreError, match="Schouw 999"):
        store.add_finding(999, *ENSCHEDE, "overig", "", "ana")
    assert store.findings().empty


def test_snapshots_keep_data_and_map(with_area) -> None:
    store, area_id = with_area
    data = {"profiel": [{"laag": "dumpingen", "gebied": 14}], "tekst": "In 2025 …"}
    sid = store.save_snapshot(area_id, "0-meting", date(2026, 1, 15), (date(2025, 1, 1), date(2025, 12, 31)), data,
                              b"\x89PNG map", "ana")  # fmt: skip
    later = store.save_snapshot(area_id, "1-meting", date(2027, 1, 15), (None, None), data, None, "ana")
    listed = store.snapshots(area_id)
    assert list(listed["id"]) == [sid, later] and list(listed["kind"]) == ["0-meting", "1-meting"]
    got = store.snapshot(sid)
    assert got["data"] == data and got["map_png"] == b"\x89PNG map"
    assert store.snapshot(later)["map_png"] is None
    with pytest.raises(StoreError, match="Soort meting 'nulmeting'"):
        store.save_snapshot(area_id, "nulmeting", date(2026, 1, 1), (None, None), {}, None, "ana")


def test_a_finding_becomes_a_barn_or_a_report_in_one_write(with_area) -> None:
    store, area_id = with_area
    walk = store.add_walk(area_id, date(2026, 2, 1), "dag", "", None, "", "ana")
    barn_finding = store.add_finding(walk, *ENSCHEDE, "leegstaande schuur", "", "ana")
    dump_finding = store.add_finding(walk, ENSCHEDE[0] + 50, ENSCHEDE[1], "spoor van dumping", "", "ana")
    barn = store.add_barn({"x": ENSCHEDE[0], "y": ENSCHEDE[1], "address": "Erf 1"}, "ana", from_finding=barn_finding)
    found = store.findings(area_id).set_index("id")
    assert found.loc[barn_finding, "became"] == f"barns:{barn}"
    barns = store.query_df("SELECT id, status, municipality_code FROM barns")
    assert list(barns["id"]) == [barn] and barns["status"].iloc[0] == "geregistreerd"
    assert barns["municipality_code"].iloc[0] == "GM0153"
    # a second conversion of the same finding: refused, and the second barn is not written either
    with pytest.raises(StoreError, match="al omgezet"):
        store.add_barn({"x": ENSCHEDE[0], "y": ENSCHEDE[1]}, "ana", from_finding=barn_finding)
    assert len(store.query_df("SELECT id FROM barns")) == 1
    record = {"x": ENSCHEDE[0] + 50, "y": ENSCHEDE[1], "found_at": date(2026, 2, 1), "waste_type": "vaten"}
    report = store.add_dumping(record, "ana", from_finding=dump_finding)
    assert store.findings(area_id).set_index("id").loc[dump_finding, "became"] == f"dumpings:{report}"
    with pytest.raises(StoreError, match="al omgezet"):
        store.add_dumping(record, "ana", from_finding=dump_finding)
    assert store.layer_count(Layer.DUMPINGS, Filters()) == 1
    with pytest.raises(StoreError, match="plaats nodig"):
        store.add_barn({"address": "zonder plek"}, "ana")
    with pytest.raises(StoreError, match="Status 'weg'"):
        store.add_barn({"x": 1.0, "y": 2.0, "status": "weg"}, "ana")
    with pytest.raises(StoreError, match="veld 'owner'"):
        store.add_barn({"x": 1.0, "y": 2.0, "owner": "x"}, "ana")


def test_area_denominators_round_trip(with_area) -> None:
    store, area_id = with_area
    assert store.area_denominators(area_id) == {}
    store.set_area_denominators(area_id, 120, 3500, "ana")
    assert store.area_denominators(area_id) == {"farms": 120, "residents": 3500}
    store.set_area_denominators(area_id, None, 3600, "ana")
    assert store.area_denominators(area_id) == {"residents": 3600}


def test_area_postcodes_are_checked_and_kept(with_area) -> None:
    store, area_id = with_area
    assert store.area_postcodes(area_id) == []
    store.set_area_postcodes(area_id, ["7512", " 7511", "", "7512"], "ana")
    assert store.area_postcodes(area_id) == ["7511", "7512"]
    with pytest.raises(StoreError, match="'751' is geen postcode"):
        store.set_area_postcodes(area_id, ["7511", "751"], "ana")
    assert store.area_postcodes(area_id) == ["7511", "7512"]  # unchanged
