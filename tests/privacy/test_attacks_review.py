"""The attacks a review found against the first design (sums of perturbed base units), replayed: every view
that is not a fixed table only sums cells that are shown anyway, fixed periods and one-or-all filters leave
nothing to subtract, and no side channel tells an exact count."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from gis.domain.catalog import Layer
from gis.domain.roles import SUPPRESSED, PermissionDenied, Principal, Role
from gis.privacy.rules import MIN_SHOWN, coarse_period
from gis.store import BatchInfo, BBox, Filters, Store, open_store
from gis.store.guard import GuardedStore


@pytest.fixture
def shared(demo_db: Path, tmp_path: Path) -> Store:
    db = tmp_path / "review.duckdb"
    shutil.copy(demo_db, db)
    store = open_store(str(db))
    yield store
    store.close()


def _as(store: Store, role: Role, scope: frozenset[str] = frozenset({"*"})) -> GuardedStore:
    return GuardedStore(store, Principal(f"test-{role.value}", role, scope))


def test_a_box_or_a_drawn_shape_only_sums_cells_that_are_shown(shared: Store) -> None:
    group = _as(shared, Role.WORKGROUP)
    cells = group.grid_counts(Layer.INCIDENTS, Filters(), 1000.0)
    rng = np.random.default_rng(1)
    for _ in range(25):
        x0, y0 = rng.uniform(190_000, 260_000), rng.uniform(430_000, 500_000)
        box = BBox(x0, y0, x0 + rng.uniform(1_000, 30_000), y0 + rng.uniform(1_000, 30_000))
        cx, cy = cells["x0"] + 500, cells["y0"] + 500
        snapped = (cx > np.floor(box.minx / 1000) * 1000) & (cx < np.ceil(box.maxx / 1000) * 1000) & (
            cy > np.floor(box.miny / 1000) * 1000) & (cy < np.ceil(box.maxy / 1000) * 1000)  # fmt: skip
        expected = int(cells.loc[snapped, "n"].sum())
        assert group.layer_count(Layer.INCIDENTS, Filters(), box) == (expected if expected >= MIN_SHOWN else SUPPRESSED)
        shape = shapely.Point(x0, y0).buffer(rng.uniform(500, 15_000))
        inside = shapely.contains_xy(shape, cx.to_numpy(), cy.to_numpy())
        total = int(cells.loc[inside, "n"].sum())
        assert group.count_within(Layer.INCIDENTS, shape) == (total if total >= MIN_SHOWN else SUPPRESSED)


def test_hotspot_points_are_only_cells_that_are_shown(shared: Store) -> None:
    source = _as(shared, Role.WORKGROUP).aggregate_source(Layer.INCIDENTS)
    for extra in ((), ("date", "source", "category")):
        pts = source.point_arrays(Layer.INCIDENTS, Filters(), extra)
        keys = pd.DataFrame({"x": pts["x"], "y": pts["y"], **({"d": pts["date"]} if extra else {})})
        sizes = keys.value_counts()
        assert len(sizes) or extra  # the demo is too sparse for cells of one quarter
        assert (sizes >= MIN_SHOWN).all()  # no cell (or cell-quarter) below 5 comes out
        if extra:
            dates = pd.DatetimeIndex(pts["date"])
            assert ((dates.day == 1) & dates.month.isin([1, 4, 7, 10])).all()
        if extra:
            assert set(pts["source"]) == {""} and set(pts["category"]) == {""}  # no split per source
    version = source.data_version(Layer.INCIDENTS)
    exact = shared.data_version(Layer.INCIDENTS)
    assert all(part not in version for part in exact.split("-"))  # the fingerprint tells no count or sum


def test_several_sources_or_categories_count_as_all_and_periods_are_fixed_windows(shared: Store) -> None:
    group = _as(shared, Role.WORKGROUP)
    everything = group.counts_by(Layer.INCIDENTS, Filters(), "municipality")
    sources = tuple(shared.query_df("SELECT DISTINCT source_org FROM incidents")["source_org"])
    assert len(sources) >= 3
    assert group.counts_by(Layer.INCIDENTS, Filters(sources=sources[:2]), "municipality").equals(everything)
    one = group.counts_by(Layer.INCIDENTS, Filters(sources=sources[:1]), "municipality")
    assert not one.equals(everything)
    windows = {coarse_period(date(2025, a, 1), date(2025, b, 28)) for a in range(1, 13) for b in range(a, 13)}
    assert len(windows) == 12 + 4 + 1  # months, quarters, the year: nothing in between to subtract
    assert coarse_period(date(2024, 12, 1), date(2025, 1, 31)) == (None, None)  # across years: all data


def test_a_municipality_chosen_as_filter_takes_whole_cells(shared: Store) -> None:
    """Municipal borders cut 1 km cells; a filter on the record's municipality located records in slivers."""
    group = _as(shared, Role.WORKGROUP)
    munis = shared.municipalities()
    sql = "SELECT municipality_code AS c FROM incidents GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    code = str(shared.query_df(sql)["c"].iloc[0])
    geom = munis.loc[munis["code"] == code].geometry.iloc[0]
    every = group.grid_counts(Layer.INCIDENTS, Filters(), 1000.0)
    inside = every[shapely.contains_xy(geom, every["x0"] + 500, every["y0"] + 500)].reset_index(drop=True)
    filtered = group.grid_counts(Layer.INCIDENTS, Filters(municipality=code), 1000.0)
    merged = filtered.merge(inside, on=["x0", "y0"], suffixes=("", "_all"))
    assert len(merged) == len(filtered) > 0 and (merged["n"] == merged["n_all"]).all()  # the same whole cells


def test_a_scoped_role_gets_released_counts_outside_its_records(shared: Store) -> None:
    coordinator = _as(shared, Role.COORDINATOR, frozenset({"GM0262"}))
    cells = coordinator.grid_counts(Layer.DUMPINGS, Filters(), 1.0)
    exact = _as(shared, Role.ADMIN).grid_counts(Layer.DUMPINGS, Filters(), 1.0)
    assert (exact["n"] < MIN_SHOWN).any()  # to the metre, one by one, for a role that may
    assert ((cells["x0"] % 1000 == 0) & (cells["n"] >= MIN_SHOWN)).all()


def test_the_auditor_reads_no_small_import_count_in_the_audit_log(shared: Store) -> None:
    frame = pd.DataFrame({"x": [226_500.0] * 3, "y": [470_500.0] * 3, "occurred_on": [date(2026, 3, 5)] * 3,
                          "category": ["drugslab"] * 3, "source_org": ["politie"] * 3})  # fmt: skip
    analyst = _as(shared, Role.ANALYST)
    analyst.import_batch(BatchInfo("incidents", "drugslab_Lochem.csv", "a" * 64, "x", "politie"), [frame])
    assert any("3 rijen" in d for d in _as(shared, Role.ADMIN).audit_log()["detail"].dropna())
    seen = _as(shared, Role.AUDITOR).audit_log()
    line = seen[seen["detail"].fillna("").str.contains("drugslab_Lochem")]
    assert len(line) == 1 and "3" not in line["detail"].iloc[0]


def test_a_forged_layer_or_key_says_nothing_else_to_the_store(shared: Store) -> None:
    class Forged(str):
        value = "barns"

        def __str__(self) -> str:
            return "demo"

    coordinator = _as(shared, Role.COORDINATOR)
    with pytest.raises(PermissionDenied):
        coordinator.points(Forged("incidents"), Filters())  # the check sees incidents, as the store would
    with pytest.raises(PermissionDenied):
        coordinator.get_meta(Forged("secret:cell_key"))
    with pytest.raises(PermissionDenied):
        coordinator.layer_count(object(), Filters())
