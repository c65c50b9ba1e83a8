"""Dumping reports in the store: log with photos, history, status workflow, edits, links, register, counts."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
import shapely

from gis.domain.catalog import Layer
from gis.domain.dumping_workflow import WorkflowError
from gis.store import DumpingQuery, Filters, StoredFile, StoreError

LOCHEM = (226_500.0, 470_500.0)  # in Lochem
HOF = (227_900.0, 470_500.0)  # in Hof van Twente


def record(at: tuple[float, float] = LOCHEM, **extra: object) -> dict[str, object]:
    return {"x": at[0], "y": at[1], "found_at": datetime(2026, 10, 1, 9, 30), "place_type": "bos",
            "waste_type": "vaten", "notes": "<img src=x onerror=alert(1)>", **extra}  # fmt: skip


PHOTO = StoredFile("foto", "vaten.jpg", "image/jpeg", b"original-with-exif", "ab" * 32, shared=b"stripped", lat=52.1,
                   lon=6.4)  # fmt: skip


def test_log_with_photo_writes_history_and_both_copies(store) -> None:
    new = store.add_dumping(record(), "inspecteur", [PHOTO])
    rec = store.dumping(new)
    assert rec["status"] == "gemeld" and rec["created_by"] == "inspecteur"
    assert rec["municipality_name"] == "Lochem"
    assert rec["notes"] == "<img src=x onerror=alert(1)>"  # stored as typed, escaped where shown
    hist = store.dumping_history(new)
    assert hist[["user_name", "from_status", "to_status"]].fillna("—").values.tolist() == [
        ["inspecteur", "—", "gemeld"]
    ]
    files = store.dumping_files(new)
    assert files[["kind", "name", "size"]].values.tolist() == [["foto", "vaten.jpg", len(b"original-with-exif")]]
    fid = int(files["id"].iloc[0])
    assert store.dumping_file(fid)[2] == b"stripped"
    assert store.dumping_file(fid, original=True)[2] == b"original-with-exif"


def test_a_bad_file_kind_writes_nothing(store) -> None:
    bad = StoredFile("video", "x.mp4", "video/mp4", b"x", "00")
    with pytest.raises(StoreError, match="Onbekende soort bijlage 'video'"):
        store.add_dumping(record(), "a", [bad])
    assert store.layer_count(Layer.DUMPINGS, Filters()) == 0
    assert store.query_df("SELECT count(*) AS n FROM dumping_history")["n"].iloc[0] == 0


def test_status_moves_follow_the_workflow(store) -> None:
    new = store.add_dumping(record(), "a")
    with pytest.raises(WorkflowError, match="'gemeld' naar 'gesloten'"):
        store.change_dumping_status(new, "gesloten", "b")
    store.change_dumping_status(new, "in onderzoek", "b", "ter plaatse")
    with pytest.raises(WorkflowError, match="opruimkosten"):
        store.change_dumping_status(new, "geruimd", "b")
    assert store.dumping(new)["status"] == "in onderzoek"
    store.change_dumping_status(new, "geruimd", "c", "", 1250.5, date(2026, 10, 3), today=date(2026, 11, 1))
    rec = store.dumping(new)
    assert (rec["status"], rec["cleanup_cost"], rec["cleanup_date"]) == ("geruimd", 1250.5, date(2026, 10, 3))
    moves = store.dumping_history(new)[["from_status", "to_status", "user_name"]].fillna("—").values.tolist()
    assert moves == [["—", "gemeld", "a"], ["gemeld", "in onderzoek", "b"], ["in onderzoek", "geruimd", "c"]]


def test_edit_and_move_reassigns_municipality_and_logs(store) -> None:
    new = store.add_dumping(record(), "a")
    store.update_dumping(new, {"volume_l": 400.0, "x": HOF[0]}, "b", "verkeerd ingetekend")
    rec = store.dumping(new)
    assert rec["volume_l"] == 400.0 and rec["municipality_name"] == "Hof van Twente"
    assert "gewijzigd: volume_l, x; verkeerd ingetekend" in store.dumping_history(new)["note"].iloc[-1]
    with pytest.raises(StoreError, match="'status' kan hier niet"):
        store.update_dumping(new, {"status": "gesloten"}, "b")


def test_linked_report_is_not_counted_twice(store) -> None:
    first = store.add_dumping(record(), "a")
    second = store.add_dumping(record(), "b", linked_to=first)
    assert store.layer_count(Layer.DUMPINGS, Filters()) == 1
    assert store.counts_by(Layer.DUMPINGS, Filters())["n"].tolist() == [1]
    register = store.dumping_register(DumpingQuery())
    assert register["id"].tolist() == [first] and register["linked_reports"].tolist() == [1]
    assert len(store.dumping_register(DumpingQuery(include_linked=True))) == 2
    assert "gekoppeld" in store.dumping_history(first)["note"].iloc[-1]
    assert store.dumping(second)["linked_to"] == first
    with pytest.raises(StoreError, match="bestaat niet"):
        store.add_dumping(record(), "c", linked_to=999)


def test_register_filters_and_counts(store) -> None:
    store.add_dumping(record(LOCHEM, found_at=datetime(2026, 1, 5)), "a")
    store.add_dumping(record(HOF, found_at=datetime(2026, 2, 7), waste_type="jerrycans"), "a")
    third = store.add_dumping(record(HOF, found_at=datetime(2026, 2, 20)), "a")
    store.change_dumping_status(third, "in onderzoek", "a")
    munis = store.municipalities()
    hof = munis[munis["name"] == "Hof van Twente"]["code"].iloc[0]
    assert len(store.dumping_register(DumpingQuery(municipalities=(hof,)))) == 2
    assert store.dumping_register(DumpingQuery(statuses=("in onderzoek",)))["id"].tolist() == [third]
    assert len(store.dumping_register(DumpingQuery(waste_types=("jerrycans",)))) == 1
    assert len(store.dumping_register(DumpingQuery(date_from=date(2026, 2, 1)))) == 2
    assert len(store.dumping_register(DumpingQuery(statuses=()))) == 0
    months = store.dumping_counts("month")
    assert months["n"].tolist() == [1, 2]
    assert [m.date() for m in pd.to_datetime(months["month"])] == [date(2026, 1, 1), date(2026, 2, 1)]
    assert dict(zip(store.dumping_counts("municipality")["name"], store.dumping_counts("municipality")["n"],
                    strict=True)) == {"Hof van Twente": 2, "Lochem": 1}  # fmt: skip
    area = store.add_area("Oost", shapely.box(227_000, 470_000, 229_000, 471_000))
    assert store.dumping_counts("area")[["id", "n"]].values.tolist() == [[area, 2]]
    assert store.dumping_span() == (date(2026, 1, 5), date(2026, 2, 20))


def test_nearby_reports_for_duplicate_checks(store) -> None:
    a = store.add_dumping(record(LOCHEM), "a")
    store.add_dumping(record((LOCHEM[0] + 500, LOCHEM[1])), "a")
    near = store.open_dumpings_near(LOCHEM[0] + 50, LOCHEM[1], 100)
    assert near["id"].tolist() == [a]
    assert store.open_dumpings_near(LOCHEM[0], LOCHEM[1], 100, exclude_id=a).empty


def test_existing_reports_get_a_first_history_row_on_migration(tmp_path) -> None:
    """A database at schema 3 with a report: migration 4 gives it a history row and the new columns."""
    from gis.store import open_store
    from gis.store.duck import DuckDBStore
    from gis.store.schema import LATEST_VERSION
    from tests.conftest import database_at_version

    path = tmp_path / "v3.duckdb"
    con = database_at_version(path, 3)
    con.execute("INSERT INTO dumpings (x, y, found_at, status) VALUES (226500, 470500, '2025-05-01', 'in onderzoek')")
    con.close()
    s = open_store(str(path))
    try:
        assert isinstance(s, DuckDBStore) and s.schema_version() == LATEST_VERSION
        hist = s.dumping_history(1)
        assert hist[["user_name", "to_status", "note"]].values.tolist() == [
            ["systeem", "in onderzoek", "bestaande melding"]
        ]
        assert s.dumping(1)["linked_to"] is None
    finally:
        s.close()


def test_edits_that_meet_get_a_dutch_conflict_never_a_trace(store) -> None:
    import threading

    import duckdb

    from gis.store import ConflictError, edit_stamp

    new_id = store.add_dumping(
        {"x": 226500.0, "y": 470500.0, "found_at": "2026-05-01 10:00", "place_type": "bos", "waste_type": "vaten",
         "status": "gemeld"}, "a")  # fmt: skip
    seen = edit_stamp(store.dumping(new_id))
    store.update_dumping(new_id, {"notes": "eerst"}, "b", seen=seen)
    with pytest.raises(
        ConflictError, match=rf"Melding {new_id} is intussen gewijzigd door b (op \S+ )?om \d\d:\d\d; laad"
    ):
        store.update_dumping(new_id, {"notes": "later, op oude gegevens"}, "a", seen=seen)
    with pytest.raises(ConflictError):
        store.change_dumping_status(new_id, "in onderzoek", "a", seen=seen)
    assert store.dumping(new_id)["notes"] == "eerst" and store.dumping(new_id)["status"] == "gemeld"
    errors: list[BaseException] = []

    def edit(i: int) -> None:
        try:
            store.update_dumping(new_id, {"notes": f"tegelijk {i}"}, f"u{i}")
        except BaseException as exc:  # collected and checked below
            errors.append(exc)

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert all(isinstance(e, ConflictError) for e in errors), [type(e) for e in errors]
    assert not any(type(e) is duckdb.TransactionException for e in errors)
    history = store.dumping_history(new_id)
    assert len(history) == 1 + 1 + 8 - len(errors)  # every edit that did not conflict is in the history


def test_migration_12_gives_existing_reports_a_version_and_their_last_writer(tmp_path) -> None:
    """A database at schema 11 with a report and its history: migration 12 adds ``version`` (1) and
    ``updated_by`` (the last history line's user), checkpointed into the file; edits then count up."""
    from pathlib import Path

    from gis.store import ConflictError, edit_stamp, open_store
    from tests.conftest import database_at_version

    path = tmp_path / "v11.duckdb"
    con = database_at_version(path, 11)
    con.execute("INSERT INTO dumpings (x, y, geom, found_at, status, created_by) VALUES "
                "(226500, 470500, ST_Point(226500, 470500), '2026-05-01 10:00', 'in onderzoek', 'melder')")  # fmt: skip
    con.execute("INSERT INTO dumping_history (dumping_id, changed_at, user_name, from_status, to_status) VALUES "
                "(1, '2026-05-01 10:05', 'melder', NULL, 'gemeld'), "
                "(1, '2026-05-02 09:00', 'Jan Jansen', 'gemeld', 'in onderzoek')")  # fmt: skip
    con.close()
    s = open_store(str(path))
    try:
        wal = Path(f"{path}.wal")
        assert not wal.exists() or wal.stat().st_size == 0  # ADD COLUMN with a default: in the file, not the log
        record = s.dumping(1)
        assert (record["version"], record["updated_by"], edit_stamp(record)) == (1, "Jan Jansen", "1")
        s.update_dumping(1, {"notes": "na de migratie"}, "ander", seen="1")
        assert s.dumping(1)["version"] == 2
        with pytest.raises(ConflictError, match="Melding 1 is intussen gewijzigd door ander"):
            s.change_dumping_status(1, "geruimd", "derde", cleanup_cost=10.0, seen="1")
    finally:
        s.close()
