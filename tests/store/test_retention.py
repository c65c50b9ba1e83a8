"""Retention: rules per layer with Dutch refusals, a dry run that lists exactly what a run removes, removal
with what hangs on the records, and the audit line; only the administrator may do it."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from gis.domain.catalog import Layer
from gis.domain.retention import CLOSED_STATUSES, check_rule, cutoff
from gis.domain.roles import PermissionDenied, Principal, Role
from gis.store import Filters, Store
from gis.store.guard import GuardedStore


@pytest.fixture
def store(demo_rw: Store) -> Store:
    return demo_rw


def test_rules_are_checked_in_dutch() -> None:
    assert check_rule("incidents", "7", False).years == 7
    assert check_rule("dumpings", 5, True).only_closed and not check_rule("incidents", 5, True).only_closed
    for layer, years, match in (("barns", 5, "Laag 'barns'"), ("incidents", "vijf", "'vijf'"),
                                ("incidents", 0, "1 tot 30"), ("incidents", 31, "1 tot 30")):  # fmt: skip
        with pytest.raises(ValueError, match=match):
            check_rule(layer, years, False)
    assert cutoff(date(2028, 2, 29), 5) == date(2023, 2, 28) and cutoff(date(2026, 11, 28), 5) == date(2021, 11, 28)


def test_dry_run_lists_what_the_run_removes(store) -> None:
    admin = GuardedStore(store, Principal("beheer", Role.ADMIN, frozenset({"*"})))
    old_open = pd.DataFrame({"x": [226500.0], "y": [470500.0], "found_at": [pd.Timestamp("2024-01-05 10:00")],
                             "place_type": ["bos"], "status": ["gemeld"]})  # fmt: skip
    store.insert_points(Layer.DUMPINGS, old_open)
    rule = check_rule("dumpings", 1, True)
    admin.set_retention_rule(rule, "beheer")
    assert admin.retention_rules()[1] == rule
    before = cutoff(date(2026, 11, 28), 1)
    listed = admin.retention_candidates(rule, before)
    everything = store.query_df("SELECT id, CAST(found_at AS DATE) AS d, status FROM dumpings")
    expected = everything[(everything["d"] < pd.Timestamp(before)) & everything["status"].isin(CLOSED_STATUSES)]
    assert len(listed) > 0 and sorted(listed["id"]) == sorted(expected["id"])
    open_old = everything[(everything["d"] < pd.Timestamp(before)) & ~everything["status"].isin(CLOSED_STATUSES)]
    assert len(open_old) > 0  # open reports are kept whatever their age
    ids = listed["id"].astype(int).tolist()
    gone = admin.remove_records(Layer.DUMPINGS, ids, "bewaartermijn 1 jaar")
    assert gone == len(ids)
    left = store.query_df("SELECT id FROM dumpings")["id"]
    assert not set(ids) & set(left) and set(open_old["id"]) <= set(left)
    for table, column in (("dumping_history", "dumping_id"), ("dumping_files", "dumping_id")):
        assert (
            store.query_df(f"SELECT count(*) AS n FROM {table} WHERE {column} IN ({','.join(map(str, ids))})")["n"][0]
            == 0
        )
    orphans = store.query_df("SELECT count(*) AS n FROM area_members WHERE layer = 'dumpings' "
                             "AND record_id NOT IN (SELECT id FROM dumpings)")["n"][0]  # fmt: skip
    assert orphans == 0
    log = store.audit_log(action="delete")
    assert log["resource"].iloc[0] == "retention" and f"{len(ids)} records van dumpings" in log["detail"].iloc[0]
    assert store.layer_count(Layer.DUMPINGS, Filters()) == len(everything) - len(ids)


def test_only_the_administrator_runs_retention(store) -> None:
    rule = check_rule("incidents", 5, False)
    for role in Role:
        g = GuardedStore(store, Principal("x", role, frozenset({"*"})))
        if role is Role.ADMIN:
            g.retention_candidates(rule, date(2020, 1, 1))
            continue
        with pytest.raises(PermissionDenied):
            g.remove_records(Layer.INCIDENTS, [1], "test")
        with pytest.raises(PermissionDenied):
            g.set_retention_rule(rule, "x")
