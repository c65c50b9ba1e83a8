"""Measures and the plan of action in the store (B2–B3), on both backends: catalogue, an area's measures
(decide, place, plan, rank), evidence and objectives; bad input refused in Dutch with nothing written."""

from __future__ import annotations

import hashlib
import io
from datetime import date, timedelta

import pytest
import shapely
from PIL import Image

from gis.store import StoreError
from gis.store.dumpings import StoredFile
from gis.store.errors import ConflictError
from tests.photo_factory import GPS_IFD, jpeg

BOX = shapely.box(250_000, 465_000, 265_000, 478_000)
CODE = "slagboom_zandpad"
NEXT_YEAR = date.today() + timedelta(days=365)
PDF = b"%PDF-1.4 factuur\n%%EOF"


@pytest.fixture
def area(store):
    return store, store.add_area("Testgebied", BOX, created_by="t")


def _chosen(store, area_id: int, code: str = CODE) -> int:
    mid = store.add_area_measure(area_id, code, "co")
    store.decide_measure(mid, "gekozen", "veel dumpingen op zandpaden", "co")
    return mid


def _note(store, mid: int) -> int:
    return store.add_measure_evidence(mid, "notitie", "slagboom geplaatst", date(2026, 1, 5), [], "co")


def test_catalogue_is_seeded_from_the_file(store) -> None:
    from gis.measures.catalogue import load_catalogue

    cat = store.measure_catalogue()
    assert set(cat["code"]) == {m["code"] for m in load_catalogue()}
    row = cat[cat["code"] == CODE].iloc[0]
    assert "drugsafval" in row["problems"] and row["version"] == 1 and row["source"]


def test_catalogue_edit_retire_restore_and_stale_edit(store) -> None:
    row = store.measure_catalogue().set_index("code").loc[CODE].to_dict()
    record = {k: v for k, v in row.items() if k not in ("retired_at", "version")} | {"code": CODE}
    store.save_catalogue_measure({**record, "cost": "hoog"}, "admin", expected_version=1)
    assert store.measure_catalogue().set_index("code").loc[CODE, "cost"] == "hoog"
    with pytest.raises(ConflictError) as err:
        store.save_catalogue_measure({**record, "cost": "laag"}, "admin2", expected_version=1)
    assert err.value.who == "admin" and store.measure_catalogue().set_index("code").loc[CODE, "cost"] == "hoog"
    store.retire_catalogue_measure(CODE, "admin")
    assert CODE not in set(store.measure_catalogue()["code"])
    assert CODE in set(store.measure_catalogue(include_retired=True)["code"])
    store.restore_catalogue_measure(CODE, "admin")
    new = {**record, "code": "eigen_maatregel", "name": "Eigen maatregel"}
    assert store.save_catalogue_measure(new, "admin") == "eigen_maatregel"
    with pytest.raises(StoreError, match="veld 'soort': 'magie' bestaat niet"):
        store.save_catalogue_measure({**new, "kind": "magie"}, "admin")


def test_deleting_a_catalogue_measure_a_plan_uses_names_the_area(area) -> None:
    store, area_id = area
    store.add_area_measure(area_id, CODE, "co")
    with pytest.raises(StoreError, match=r"plan van gebied 'Testgebied'.*niets verwijderd"):
        store.delete_catalogue_measure(CODE, "admin")
    assert CODE in set(store.measure_catalogue()["code"])
    row = store.measure_catalogue().set_index("code").loc[CODE].to_dict()
    record = {k: v for k, v in row.items() if k not in ("retired_at", "version")} | {"code": "weg_ermee"}
    store.save_catalogue_measure(record, "admin")
    store.delete_catalogue_measure("weg_ermee", "admin")
    assert "weg_ermee" not in set(store.measure_catalogue(include_retired=True)["code"])


def test_add_and_decide_a_measure_records_who_and_why(area) -> None:
    store, area_id = area
    mid = _chosen(store, area_id)
    own = store.add_area_measure(area_id, None, "co", title="Extra surveillance bij de kolk")
    got = store.area_measures(area_id).set_index("id")
    assert got.loc[mid, "decision"] == "gekozen" and got.loc[mid, "decided_by"] == "co"
    assert got.loc[mid, "reason"] == "veel dumpingen op zandpaden" and got.loc[mid, "version"] == 2
    assert got.loc[own, "name"] == "Extra surveillance bij de kolk" and got.loc[own, "decision"] == "voorgesteld"
    assert got.loc[mid, "name"].startswith("Slagboom")
    hist = store.measure_history(area_id)
    assert list(hist[hist["measure_id"] == mid]["new_value"]) == ["voorgesteld", "gekozen"]


ADD_REFUSALS = [("bestaat_niet", "", "staat niet in de catalogus"), (None, "", "eigen maatregel een titel"),
                (CODE, "", "staat al op de lijst"), (None, "slag\u202eboom", "stuurteken \\(U\\+202E\\)"),
                ("x" * 1000, "", "staat niet in de catalogus")]  # fmt: skip


def test_add_measure_refusals(area) -> None:
    store, area_id = area
    store.add_area_measure(area_id, CODE, "co")
    for code, title, message in ADD_REFUSALS:
        with pytest.raises(StoreError, match=message):
            store.add_area_measure(area_id, code, "co", title=title)
    assert len(store.area_measures(area_id)) == 1


def test_place_as_road_segment_point_and_zone(area) -> None:
    store, area_id = area
    mid = _chosen(store, area_id)
    road = shapely.LineString([(255_000, 470_000), (256_000, 470_500)])
    store.place_measure(mid, "weg", road, "co")
    got = store.area_measures(area_id).iloc[0]
    assert got["place_kind"] == "weg" and got.geometry.equals(road)
    store.place_measure(mid, "punt", shapely.Point(264_990, 470_000), "co")  # 10 m inside
    store.place_measure(mid, "zone", shapely.box(264_000, 470_000, 265_040, 471_000), "co")  # 40 m out: tolerated
    store.place_measure(mid, "zone", None, "co")
    assert store.area_measures(area_id).geometry.iloc[0] is None


PLACE_REFUSALS = [
    ("weg", shapely.Point(255_000, 470_000), "moet een lijn"),
    ("zone", shapely.LineString([(255_000, 470_000), (255_100, 470_000)]), "moet een vlak"),
    ("punt", shapely.Point(265_100, 470_000), "buiten het gebied"),
    ("punt", shapely.Point(6.5, 52.2), "buiten het gebied"),  # WGS84 by mistake
    ("zone", shapely.Polygon([(255_000, 470_000), (255_100, 470_100), (255_100, 470_000), (255_000, 470_100)]),
     "geen geldige geometrie"),
    ("cirkel", shapely.Point(255_000, 470_000), "'cirkel' bestaat niet"),
]  # fmt: skip


def test_place_refusals_keep_the_old_place(area) -> None:
    store, area_id = area
    mid = _chosen(store, area_id)
    store.place_measure(mid, "punt", shapely.Point(255_000, 470_000), "co")
    for kind, geom, message in PLACE_REFUSALS:
        with pytest.raises(StoreError, match=message):
            store.place_measure(mid, kind, geom, "co")
    got = store.area_measures(area_id).iloc[0]
    assert got["place_kind"] == "punt" and got.geometry.equals(shapely.Point(255_000, 470_000))
    assert got["version"] == 3


def test_plan_partner_dates_status_and_evidence(area) -> None:
    store, area_id = area
    mid = _chosen(store, area_id)
    store.plan_measure(mid, {"partner": "gemeente", "representative": "J. Jansen", "start_on": "2026-01-01",
                             "end_on": date(2026, 6, 30), "status": "gepland"}, "co")  # fmt: skip
    with pytest.raises(StoreError, match="ten minste één bewijsstuk"):
        store.plan_measure(mid, {"status": "uitgevoerd"}, "co")
    _note(store, mid)
    store.plan_measure(mid, {"status": "uitgevoerd"}, "co")
    got = store.area_measures(area_id).iloc[0]
    assert (got["status"], got["partner"], got["start_on"], got["end_on"]) == (
        "uitgevoerd", "gemeente", date(2026, 1, 1), date(2026, 6, 30))  # fmt: skip
    hist = store.measure_history(area_id)
    assert ("gepland", "uitgevoerd") in set(zip(hist["old_value"], hist["new_value"], strict=True))
    with pytest.raises(StoreError, match="is uitgevoerd en blijft gekozen"):
        store.decide_measure(mid, "afgewezen", "toch niet", "co")
    other = _chosen(store, area_id, "cameratoezicht")
    store.plan_measure(other, {"status": "gepland"}, "co")
    store.decide_measure(other, "afgewezen", "te duur", "co")
    assert store.area_measures(area_id).set_index("id").loc[other, "status"] is None


PLAN_REFUSALS = [
    ({"status": "lopend"}, "verantwoordelijke partner"),
    ({"start_on": "2026-05-01", "end_on": "2026-04-01"}, "einddatum 01-04-2026 ligt voor de startdatum 01-05-2026"),
    ({"start_on": "1 mei"}, "'1 mei' is geen datum"),
    ({"status": "klaar"}, "'klaar' bestaat niet"),
    ({"budget": 5}, "'budget' bestaat niet"),
]


def test_plan_refusals_write_nothing(area) -> None:
    store, area_id = area
    mid = _chosen(store, area_id)
    for changes, message in PLAN_REFUSALS:
        with pytest.raises(StoreError, match=message):
            store.plan_measure(mid, changes, "co")
    got = store.area_measures(area_id).iloc[0]
    assert got["version"] == 2 and got["status"] is None and got["start_on"] is None


def test_status_only_for_chosen_measures_and_stale_plan_is_a_named_conflict(area) -> None:
    store, area_id = area
    proposed = store.add_area_measure(area_id, None, "co", title="Camera bij de kolk")
    with pytest.raises(StoreError, match="niet gekozen"):
        store.plan_measure(proposed, {"partner": "politie", "status": "gepland"}, "co")
    mid = _chosen(store, area_id)
    store.plan_measure(mid, {"partner": "gemeente"}, "anna", expected_version=2)
    with pytest.raises(ConflictError) as err:
        store.plan_measure(mid, {"partner": "politie"}, "bert", expected_version=2)
    assert err.value.who == "anna" and "Maatregel" in str(err.value)
    assert store.area_measures(area_id).set_index("id").loc[mid, "partner"] == "gemeente"


def test_rankings_one_per_member_and_withdrawn(area) -> None:
    store, area_id = area
    mid = _chosen(store, area_id)
    store.rank_measure(mid, 2, "goed idee", "wg1")
    store.rank_measure(mid, 1, "beste idee", "wg1")
    store.rank_measure(mid, 3, "", "wg2")
    got = store.measure_rankings(area_id)
    assert list(zip(got["user_name"], got["rank"], strict=True)) == [("wg1", 1), ("wg2", 3)]
    assert got["comment"].iloc[0] == "beste idee"
    with pytest.raises(StoreError, match="'0' is geen geheel getal"):
        store.rank_measure(mid, 0, "", "wg1")
    store.rank_measure(mid, None, "", "wg2")
    assert list(store.measure_rankings(area_id)["user_name"]) == ["wg1"]


def test_evidence_photo_shows_the_copy_without_exif(area) -> None:
    store, area_id = area
    mid = _chosen(store, area_id)
    located = jpeg(gps=(52.1, 6.4))
    photo = StoredFile(
        "foto", "slag/boom\u202e.jpg", "image/jpeg", located, hashlib.sha256(located).hexdigest(), shared=located
    )  # the caller's "copy" still has the GPS position: the store makes its own
    pdf = StoredFile("bestand", "factuur.PDF", "application/octet-stream", PDF, "")
    first = store.add_measure_evidence(mid, "foto", "na plaatsing", date(2026, 2, 1), [photo, pdf], "co")
    got = store.measure_evidence(area_id)
    assert list(got["file_name"]) == ["boom.jpg", "factuur.pdf"] and list(got["mime"]) == [
        "image/jpeg",
        "application/pdf",
    ]
    assert got["evidence_on"].iloc[0] == date(2026, 2, 1)
    name, mime, shown = store.measure_evidence_file(first)
    with Image.open(io.BytesIO(shown)) as img:
        assert (name, mime, img.size) == ("boom.jpg", "image/jpeg", (40, 20)) and not img.getexif().get_ifd(GPS_IFD)
    assert store.measure_evidence_file(int(got["id"].iloc[1]))[2] == PDF
    html = StoredFile("bestand", "bon.pdf", "application/pdf", b"<!doctype html><script>x</script>", "")
    bare = StoredFile("foto", "x.png", "image/png", located, "")
    for files, message in (([html], "geen PDF, JPEG of PNG"), ([bare], "zonder locatiegegevens")):
        with pytest.raises(StoreError, match=message):
            store.add_measure_evidence(mid, "bestand", "", date(2026, 2, 1), files, "co")
    with pytest.raises(StoreError, match="in de toekomst"):
        store.add_measure_evidence(mid, "notitie", "later", NEXT_YEAR, [], "co")
    assert len(store.measure_evidence(area_id)) == 2


def test_objectives_add_change_delete(area) -> None:
    store, area_id = area
    record = {"text": "Minder dumpingen", "indicator": "dumpingen_per_jaar", "baseline": 12,
              "baseline_on": date(2025, 12, 31), "target": 6, "target_on": NEXT_YEAR}  # fmt: skip
    oid = store.save_objective(area_id, record, "co")
    store.save_objective(area_id, {**record, "target": "4,5"}, "co", objective_id=oid, expected_version=1)
    got = store.objectives(area_id).iloc[0]
    assert (got["target"], got["baseline_on"], got["version"]) == (4.5, date(2025, 12, 31), 2)
    with pytest.raises(ConflictError):
        store.save_objective(area_id, {**record, "target": 3}, "bert", objective_id=oid, expected_version=1)
    store.delete_objective(oid, "co")
    assert store.objectives(area_id).empty


OBJECTIVE_REFUSALS = [
    ({"baseline": None}, "'nulmeting' is leeg"),
    ({"target": "veel"}, "'veel' is geen getal"),
    ({"target_on": None}, "'streefdatum' is leeg"),
    ({"target_on": date(2020, 1, 1)}, "ligt niet na de nulmeting"),
    ({"baseline_on": date(2019, 1, 1), "target_on": date(2021, 1, 1)}, "in het verleden"),
    ({"indicator": "geluk"}, "'geluk' bestaat niet"),
    ({"indicator": "aandeel_benaderd", "target": 140}, "100"),
    ({"text": " "}, "'doel' is leeg"),
]


def test_objective_refusals(area) -> None:
    store, area_id = area
    record = {"text": "Minder dumpingen", "indicator": "dumpingen_per_jaar", "baseline": 12,
              "baseline_on": date(2025, 12, 31), "target": 6, "target_on": NEXT_YEAR}  # fmt: skip
    for change, message in OBJECTIVE_REFUSALS:
        with pytest.raises(StoreError, match=message):
            store.save_objective(area_id, {**record, **change}, "co")
    assert store.objectives(area_id).empty
