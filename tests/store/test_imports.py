"""Import batches in the store: all-or-nothing, recorded, found again by hash, undone as a whole."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
import shapely

from gis.domain.catalog import Layer
from gis.store import BatchInfo, DumpingQuery, Filters, StoreError


def chunk(n: int, start: int = 0, **extra: object) -> pd.DataFrame:
    return pd.DataFrame({"x": [226_500.0 + i for i in range(n)], "y": 470_500.0, "source_org": "politie",
                         "occurred_on": date(2026, 1, 1), "category": "hennepkwekerij",
                         "reference": [f"PL-{start + i}" for i in range(n)], **extra})  # fmt: skip


INFO = BatchInfo("incidents", "politie_jan.csv", "abc123", "analist", "politie")


def test_batch_is_written_recorded_and_undone(store) -> None:
    area = store.add_area("Proef", shapely.box(226_000, 470_000, 228_000, 471_000))
    seen: list[int] = []
    batch, rows = store.import_batch(INFO, [chunk(3), chunk(2, start=3)], refused=4, progress=seen.append)
    assert rows == 5 and seen == [3, 5]
    assert store.layer_count(Layer.INCIDENTS, Filters(area_id=area)) == 5
    listed = store.batches("incidents").iloc[0]
    assert (listed["rows_imported"], listed["rows_refused"], listed["user_name"]) == (5, 4, "analist")
    assert store.find_batch("incidents", "abc123")["id"] == batch
    assert store.known_references("incidents", ["PL-1", "PL-9"]) == {"PL-1"}
    assert store.undo_batch(batch, "beheerder") == 5
    assert store.layer_count(Layer.INCIDENTS, Filters()) == 0
    assert store.query_df("SELECT count(*) AS n FROM area_members")["n"].iloc[0] == 0
    assert store.find_batch("incidents", "abc123") is None
    with pytest.raises(StoreError, match="al teruggedraaid"):
        store.undo_batch(batch, "beheerder")


def test_a_failing_chunk_leaves_nothing(store) -> None:
    def chunks():
        yield chunk(3)
        raise ValueError("kapot bestand halverwege")

    with pytest.raises(ValueError, match="halverwege"):
        store.import_batch(INFO, chunks())
    assert store.layer_count(Layer.INCIDENTS, Filters()) == 0
    assert store.batches().empty


def test_an_empty_batch_is_refused(store) -> None:
    with pytest.raises(StoreError, match="geen geldige rijen"):
        store.import_batch(INFO, [chunk(0)])
    assert store.batches().empty


def test_dumping_batch_gets_history_and_undo_clears_it(store) -> None:
    rows = pd.DataFrame({"x": [226_500.0], "y": [470_500.0], "found_at": [pd.Timestamp("2026-03-01 08:00")],
                         "status": ["gemeld"]})  # fmt: skip
    batch, _ = store.import_batch(BatchInfo("dumpings", "od.xlsx", "h1", "od"), [rows])
    new_id = int(store.dumping_register(DumpingQuery())["id"].iloc[0])
    assert "ingelezen uit 'od.xlsx'" in store.dumping_history(new_id)["note"].iloc[0]
    store.undo_batch(batch, "x")
    assert store.query_df("SELECT count(*) AS n FROM dumping_history")["n"].iloc[0] == 0


def test_mappings_are_remembered_per_source_and_layer(store) -> None:
    assert store.load_mapping("politie", "incidents") is None
    store.save_mapping("politie", "incidents", {"occurred_on": "Pleegdatum", "x": "X"}, "analist")
    store.save_mapping("politie", "incidents", {"occurred_on": "Datum", "x": "X"}, "analist")
    assert store.load_mapping("politie", "incidents") == {"occurred_on": "Datum", "x": "X"}
    assert store.load_mapping("politie", "barns") is None
