"""The home map's counts and view are shared between sessions only within one audience: a counts-only
role never gets what an administrator's session computed, and a new record shows at once."""

from __future__ import annotations

import pytest
import streamlit as st

from gis.domain.catalog import Layer
from gis.domain.roles import Principal, Role
from gis.store import Filters, Store
from gis.store.guard import GuardedStore
from gis.ui import cache


def _as(store: Store, role: Role, scope: frozenset[str] = frozenset({"*"}), user: str = "") -> GuardedStore:
    return GuardedStore(store, Principal(user or f"t-{role.value}", role, scope))


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch: pytest.MonkeyPatch, shared: Store) -> None:
    monkeypatch.setattr(cache, "database_url", lambda: str(shared.path))
    st.cache_resource.clear()


def test_a_counts_only_role_gets_its_own_answer_after_an_administrator(shared: Store) -> None:
    area = int(shared.areas()["id"].iloc[0])
    f = Filters(area_id=area)
    exact = cache.shared_counts(_as(shared, Role.ADMIN), f)
    assert exact == {lay: shared.layer_count(lay, f) for lay in Layer}
    werkgroep = _as(shared, Role.WORKGROUP)
    counted = cache.shared_counts(werkgroep, f)
    assert counted == {lay: werkgroep.layer_count(lay, f) for lay in Layer}  # the guard's released answer
    assert counted != exact
    views = cache.shared_overview(werkgroep, Filters(), list(Layer), None, 9, frozenset(), counted)
    assert all(v.mode == "cells" for v in views)  # never the administrator's points
    admin_views = cache.shared_overview(_as(shared, Role.ADMIN), Filters(), list(Layer), None, 9, frozenset(Layer),
                                        exact)  # fmt: skip
    assert admin_views is not views


def test_two_people_of_one_role_share_and_a_new_record_shows_at_once(shared: Store) -> None:
    a, b = _as(shared, Role.ANALYST, user="anna"), _as(shared, Role.ANALYST, user="bert")
    first = cache.shared_counts(a, Filters())
    assert cache.shared_counts(b, Filters()) is first  # one query for the whole meeting
    record = {"x": 226500.0, "y": 470500.0, "found_at": "2026-05-01 10:00", "place_type": "bos",
              "waste_type": "vaten", "status": "gemeld"}  # fmt: skip
    _as(shared, Role.ADMIN).add_dumping(record, "beheer")
    after = cache.shared_counts(b, Filters())
    assert after[Layer.DUMPINGS] == first[Layer.DUMPINGS] + 1  # the data version is in the key
    assert after[Layer.INCIDENTS] == first[Layer.INCIDENTS]


def test_scope_is_part_of_the_audience(shared: Store) -> None:
    code = str(shared.query_df("SELECT municipality_code AS c FROM dumpings LIMIT 1")["c"].iloc[0])
    layers = [Layer.DUMPINGS]

    def points(store: GuardedStore) -> int:
        totals = cache.shared_counts(store, Filters())
        (view,) = cache.shared_overview(store, Filters(), layers, None, 9, frozenset(layers), totals)
        assert view.mode == "points"
        return len(view.points)

    everywhere = points(_as(shared, Role.INSPECTOR))
    local = points(_as(shared, Role.INSPECTOR, frozenset({code})))
    assert 0 < local < everywhere  # the scoped inspector never gets the region-wide session's points
