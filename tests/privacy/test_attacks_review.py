"""The attacks a review found against the first design (sums of perturbed base units), replayed: every view
that is not a fixed table only sums cells that are shown anyway, fixed periods and one-or-all filters leave
nothing to subtract, and no side channel tells an exact count."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd
import pytest
import shapely

from gis.domain.catalog import Layer
from gis.domain.roles import SUPPRESSED, PermissionDenied, Principal, Role
from gis.privacy.rules import MIN_SHOWN, coarse_period
from gis.store import BatchInfo, BBox, Filters, Store
from gis.store.guard import GuardedStore


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
    assert re.fullmatch(r"[0-9a-f]{24}\|vrijgegeven", version), version  # an opaque hash, no count or sum
    assert version == source.data_version(Layer.INCIDENTS) and exact.split("-")[0] not in version.split("|")[1]


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
    assert not seen["detail"].fillna("").str.contains("drugslab_Lochem").any()
    assert not seen["resource"].isin(["incidents", "barns", "dumpings", "imports", "retention"]).any()
    analyst.log("export", "counts", None, "aantallen per gemeente")
    kept = _as(shared, Role.AUDITOR).audit_log()
    assert "aantallen per gemeente" in kept["detail"].tolist()  # exports, sign-ins and refusals stay


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


def test_saved_areas_only_sum_shown_cells_so_many_areas_tell_nothing(shared: Store) -> None:
    """Second review: a coordinator saved 40 pairs of areas differing by one 1 km cell and averaged the
    differences (9 of 12 small counts exact). An area now sums shown 1 km cells only."""
    coordinator = _as(shared, Role.COORDINATOR)
    cells = coordinator.grid_counts(Layer.INCIDENTS, Filters(), 1000.0)
    sql = (
        "SELECT floor(x / 1000) * 1000 AS x0, floor(y / 1000) * 1000 AS y0 FROM incidents GROUP BY 1, 2 "
        "HAVING count(*) BETWEEN 1 AND 4 LIMIT 1"
    )
    target = shared.query_df(sql).iloc[0]
    x0, y0 = float(target["x0"]), float(target["y0"])
    rng = np.random.default_rng(7)
    diffs = set()
    for i in range(6):
        block = [(x0 + dx * 1000, y0 + dy * 1000) for dx in range(-5, 6) for dy in range(-5, 6) if (dx, dy) != (0, 0)]
        keep = [c for c in block if rng.random() < 0.8]
        a = shapely.union_all([shapely.box(cx + 1, cy + 1, cx + 999, cy + 999) for cx, cy in keep])
        b = a.union(shapely.box(x0 + 1, y0 + 1, x0 + 999, y0 + 999))
        ids = [coordinator.add_area(f"A{i}", a, created_by="x"), coordinator.add_area(f"B{i}", b, created_by="x")]
        table = coordinator.counts_by(Layer.INCIDENTS, Filters(), "area").set_index("id")["n"]
        diffs.add(int(table[ids[1]]) - int(table[ids[0]]) if min(table[ids]) >= 0 else None)
        inside = shapely.contains_xy(a, cells["x0"] + 500, cells["y0"] + 500)
        total = int(cells.loc[inside, "n"].sum())
        assert table[ids[0]] == (total if total >= MIN_SHOWN else SUPPRESSED)  # only shown cells
    assert diffs <= {0, None}  # the hidden cell never shows in a difference


def test_every_month_is_listed_so_absence_is_not_told(shared: Store) -> None:
    public = _as(shared, Role.PUBLIC)
    one = tuple(shared.query_df("SELECT category FROM incidents GROUP BY 1 ORDER BY count(*) LIMIT 1")["category"])
    table = public.counts_by(Layer.INCIDENTS, Filters(categories=one), "month")
    first, last = shared.date_span()
    months = pd.date_range(pd.Timestamp(first).replace(day=1), pd.Timestamp(last), freq="MS")
    assert list(pd.to_datetime(table["month"])) == list(months)
    assert ((table["n"] == SUPPRESSED) | (table["n"] >= MIN_SHOWN)).all()


def test_a_scoped_inspector_cannot_pad_cells_outside_the_scope(shared: Store) -> None:
    """Second review: adding own reports outside the scope re-drew the noise of a hidden cell each time."""
    lochem = _as(shared, Role.INSPECTOR, frozenset({"GM0262"}))
    report = {"x": 205_000.0, "y": 445_000.0, "found_at": "2026-05-01 10:00", "place_type": "bos",
              "waste_type": "vaten", "status": "gemeld"}  # fmt: skip
    with pytest.raises(PermissionDenied, match="eigen werkgebied"):
        lochem.add_dumping(report, "x")
    assert lochem.add_dumping({**report, "x": 226_500.0, "y": 470_500.0}, "x") > 0  # inside Lochem


def test_the_demo_seed_is_not_given_to_counts_only_roles(shared: Store) -> None:
    with pytest.raises(PermissionDenied):
        _as(shared, Role.PUBLIC).get_meta("demo_seed")
    assert _as(shared, Role.ADMIN).get_meta("demo_seed")
