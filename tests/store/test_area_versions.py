"""Area versions: every save keeps the old boundary; restore adds a version; delete is soft."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely

from gis.domain.catalog import Layer
from gis.store import Filters, StoreError

SMALL = shapely.box(200_000, 450_000, 202_000, 452_000)
LARGE = shapely.box(200_000, 450_000, 206_000, 456_000)


def incidents_at(points: list[tuple[float, float]]) -> pd.DataFrame:
    return pd.DataFrame({"x": [p[0] for p in points], "y": [p[1] for p in points], "source_org": "politie",
                         "occurred_on": pd.Timestamp("2025-01-01")})  # fmt: skip


def test_save_keeps_history_and_refreshes_counts(store) -> None:
    store.insert_points(Layer.INCIDENTS, incidents_at([(201_000, 451_000), (205_000, 455_000)]))
    area = store.add_area("Proef", SMALL, created_by="gemeente.a")
    assert store.layer_count(Layer.INCIDENTS, Filters(area_id=area)) == 1
    v = store.save_area_version(area, LARGE, "Proef groot", "landbouw", "gemeente.b", "uitbreiding oost")
    assert v == 2
    assert store.layer_count(Layer.INCIDENTS, Filters(area_id=area)) == 2
    hist = store.area_versions(area)
    assert hist["version"].tolist() == [2, 1]
    assert hist["changed_by"].tolist() == ["gemeente.b", "gemeente.a"]
    assert hist["reason"].iloc[0] == "uitbreiding oost"
    assert hist.geometry.iloc[1].equals(SMALL) and hist.geometry.iloc[0].equals(LARGE)


def test_restore_adds_a_version(store) -> None:
    area = store.add_area("Proef", SMALL)
    store.save_area_version(area, LARGE, "Proef", "", "a", "groter")
    assert store.restore_area_version(area, 1, "b") == 3
    current = store.areas()
    assert current.geometry.iloc[0].equals(SMALL)
    assert store.area_versions(area)["reason"].iloc[0] == "versie 1 teruggezet"
    with pytest.raises(StoreError, match="geen versie 9"):
        store.restore_area_version(area, 9, "b")


def test_soft_delete_and_undo(store) -> None:
    area = store.add_area("Weg ermee", SMALL)
    store.delete_area(area, "a", "dubbel ingevoerd")
    assert store.areas().empty
    gone = store.deleted_areas()
    assert gone[["name", "deleted_by", "delete_reason"]].values.tolist() == [["Weg ermee", "a", "dubbel ingevoerd"]]
    assert gone.geometry.iloc[0].equals(SMALL)
    with pytest.raises(StoreError, match="al verwijderd"):
        store.delete_area(area, "a", "nogmaals")
    store.undelete_area(area)
    assert store.areas()["name"].tolist() == ["Weg ermee"]
    assert store.deleted_areas().empty


def test_delete_needs_a_reason(store) -> None:
    area = store.add_area("Blijft", SMALL)
    with pytest.raises(StoreError, match="reden"):
        store.delete_area(area, "a", "   ")
    assert store.areas()["name"].tolist() == ["Blijft"]


def test_count_within_an_unsaved_boundary(store) -> None:
    store.insert_points(Layer.INCIDENTS, incidents_at([(201_000, 451_000), (205_000, 455_000), (199_000, 451_000)]))
    assert store.count_within(Layer.INCIDENTS, SMALL) == 1
    assert store.count_within(Layer.INCIDENTS, LARGE) == 2
    assert store.count_within(Layer.BARNS, LARGE) == 0
    assert store.count_within(Layer.INCIDENTS, shapely.Polygon()) == 0


def test_unknown_area_is_refused(store) -> None:
    with pytest.raises(StoreError, match="bestaat niet"):
        store.save_area_version(999, SMALL, "x", "", "a", "b")
