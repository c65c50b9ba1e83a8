"""The attacks of issue 14, replayed against the guarded store as an aggregate-only role.

Each test first shows that the attack finds something with a raw-data role (the analyst), so that its
failure as the working-group member means the protection, not an empty selection. The rule being held:
no incident located closer than a 1 km cell, dated closer than a month, and no count below 5 shown.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
import shapely

from gis.domain.catalog import Layer
from gis.domain.roles import SUPPRESSED, PermissionDenied, Principal, Role
from gis.privacy.rules import MIN_SHOWN
from gis.store import BBox, DumpingQuery, Filters, Store
from gis.store.guard import GuardedStore

AGGREGATE_ROLES = (Role.WORKGROUP, Role.PUBLIC, Role.AUDITOR)


def _as(store: Store, role: Role) -> GuardedStore:
    return GuardedStore(store, Principal(f"test-{role.value}", role, frozenset({"*"})))


def _busiest_month(store: Store) -> date:
    row = store.query_df(
        "SELECT date_trunc('month', occurred_on) AS m, count(*) AS n FROM incidents GROUP BY 1 ORDER BY 2 DESC LIMIT 1"
    )
    return pd.Timestamp(row["m"].iloc[0]).date()


@pytest.mark.parametrize("role", AGGREGATE_ROLES)
def test_differencing_by_day_dates_nothing(shared: Store, role: Role) -> None:
    """Aantallen: tables for periods ending one day apart (92% of incidents were dated this way)."""
    month = _busiest_month(shared)
    days = [month + timedelta(days=i) for i in range(28)]
    analyst, partner = _as(shared, Role.ANALYST), _as(shared, role)
    raw = [analyst.counts_by(Layer.INCIDENTS, Filters(date(2000, 1, 1), d), "municipality") for d in days]
    assert any(not a.equals(b) for a, b in itertools.pairwise(raw))  # the attack works on records
    seen = [partner.counts_by(Layer.INCIDENTS, Filters(date(2000, 1, 1), d), "municipality") for d in days]
    assert all(a.equals(seen[0]) for a in seen)  # ...and tells an aggregate role nothing within the month
    cells = [partner.grid_counts(Layer.INCIDENTS, Filters(d, d + timedelta(days=2)), 1000.0) for d in days[:5]]
    assert all(c.equals(cells[0]) for c in cells)  # the map: every day range is the whole month
    lo, hi = partner.date_span()
    assert lo.day == 1 and (hi + timedelta(days=1)).day == 1  # the data's first and last day are not told


def _record_in_sparse_place(shared: Store) -> pd.Series:
    pts = shared.query_df("SELECT id, x, y FROM incidents")
    x, y = pts["x"].to_numpy(), pts["y"].to_numpy()
    near = np.array([(np.hypot(x - px, y - py) < 400).sum() for px, py in zip(x, y, strict=True)], dtype=float)
    off_centre = (np.abs(x % 1000 - 500) > 60) | (np.abs(y % 1000 - 500) > 60)
    near[~off_centre] = np.inf  # a hole of 50 m around it holds no 1 km cell centre
    return pts.iloc[int(np.argmin(near))]


@pytest.mark.parametrize("role", [Role.WORKGROUP, Role.COORDINATOR])
def test_moving_one_edge_locates_nothing_finer_than_a_cell(shared: Store, role: Role) -> None:
    """Gebieden: a drawn shape whose edge is moved in 25 m steps (each record was located in ~80 runs)."""
    rec = _record_in_sparse_place(shared)
    analyst, partner = _as(shared, Role.ANALYST), _as(shared, role)
    steps = np.arange(rec.x - 1500, rec.x + 1500, 25.0)
    shape = [shapely.box(e, rec.y - 2500, e + 6000, rec.y + 2500) for e in steps]
    raw = [analyst.count_within(Layer.INCIDENTS, s) for s in shape]
    changes = [i for i in range(1, len(steps)) if raw[i] != raw[i - 1]]
    assert any(steps[i - 1] < rec.x <= steps[i] for i in changes)  # records answer the edge exactly
    seen = [partner.count_within(Layer.INCIDENTS, s) for s in shape]
    for i in range(1, len(steps)):
        if seen[i] != seen[i - 1]:  # only when a 1 km cell centre crosses the edge
            assert any(steps[i - 1] < c <= steps[i] for c in np.arange(0, 400_000, 1000) + 500), steps[i]


def test_an_l_shape_counts_whole_cells_only(shared: Store) -> None:
    """Gebieden: an L-shaped cut that holds records but no cell centre changes nothing."""
    rec = _record_in_sparse_place(shared)
    x0, y0 = np.floor(rec.x / 1000) * 1000 - 2000, np.floor(rec.y / 1000) * 1000 - 2000
    whole = shapely.box(x0, y0, x0 + 5000, y0 + 5000)
    ell = shapely.box(x0, y0, x0 + 5000, y0 + 450).union(shapely.box(x0, y0, x0 + 450, y0 + 5000))
    cut = whole.difference(ell)
    for s in (cut, whole):
        assert shapely.contains_xy(s, np.arange(x0 + 500, x0 + 5000, 1000), np.full(5, y0 + 2500)).sum() == 5
    analyst, group = _as(shared, Role.ANALYST), _as(shared, Role.WORKGROUP)
    strip = shapely.box(rec.x - 25, rec.y - 25, rec.x + 25, rec.y + 25)
    moved = whole.difference(strip)  # a hole around one record, no cell centre in it
    assert analyst.count_within(Layer.INCIDENTS, moved) < analyst.count_within(Layer.INCIDENTS, whole)
    assert group.count_within(Layer.INCIDENTS, moved) == group.count_within(Layer.INCIDENTS, whole)
    assert group.count_within(Layer.INCIDENTS, cut) == group.count_within(Layer.INCIDENTS, whole)


@pytest.mark.parametrize("role", [Role.PUBLIC, Role.WORKGROUP])
def test_forged_map_bounds_and_zoom_give_the_same_cells(shared: Store, role: Role) -> None:
    """Kaart: the server accepted any bounds and zoom; cells of 5 or more were exact."""
    rec = _record_in_sparse_place(shared)
    partner = _as(shared, role)
    base = BBox(rec.x - 20_000, rec.y - 20_000, rec.x + 20_000, rec.y + 20_000)
    first = partner.grid_counts(Layer.INCIDENTS, Filters(), 1.0, base)  # forged zoom: 1 m cells asked
    assert len(first) and ((first["x0"] % 1000 == 0) & (first["y0"] % 1000 == 0)).all()
    for dx in (1.0, 137.0, 499.0, 999.0):
        moved = BBox(base.minx + dx, base.miny, base.maxx + dx, base.maxy)
        again = partner.grid_counts(Layer.INCIDENTS, Filters(), 1.0, moved)
        both = first.merge(again, on=["x0", "y0"], suffixes=("", "_moved"))
        inner = (both["x0"] > base.minx + 1000) & (both["x0"] < base.maxx - 2000)
        assert inner.any() and (both.loc[inner, "n"] == both.loc[inner, "n_moved"]).all()
    counts = {partner.layer_count(Layer.INCIDENTS, Filters(), BBox(rec.x - e, rec.y - 3000, rec.x + 3000, rec.y + 3000))
              for e in np.arange(0.0, 400.0, 20.0)}  # fmt: skip
    assert len(counts) <= 2  # one edge moved 400 m crosses at most one cell boundary


def test_hotspot_messages_and_metrics_tell_no_small_count(shared: Store) -> None:
    """Hotspots: the 'zijn maar N meldingen' message and the records metric gave exact counts below 5."""
    from gis.hotspots.analysis import HotspotQuery, run_hotspots
    from gis.hotspots.gistar import HotspotError
    from gis.privacy.hotspots import coarse_hotspot_query

    source = _as(shared, Role.WORKGROUP).aggregate_source(Layer.INCIDENTS)
    month = _busiest_month(shared)
    for cats in (("drugslab",), ("hennep",), ("diefstal",), None):
        q = coarse_hotspot_query(HotspotQuery(date_from=month, date_to=month + timedelta(days=3), categories=cats))
        try:
            result = run_hotspots(source, q)
        except HotspotError as exc:
            assert not any(f" {n} melding" in str(exc) for n in range(1, MIN_SHOWN))
            continue
        assert result.n_events >= MIN_SHOWN


def test_repeating_a_query_averages_nothing_out(shared: Store) -> None:
    group = _as(shared, Role.WORKGROUP)
    answers = {group.layer_count(Layer.INCIDENTS, Filters(categories=("drugslab",))) for _ in range(50)}
    assert len(answers) == 1


def test_adding_one_record_does_not_show_as_exactly_one_more(shared: Store) -> None:
    """Before/after: a cell's released count is not its old count plus one each time a record arrives."""
    from gis.privacy.units import clear_cache

    group = _as(shared, Role.WORKGROUP)
    box = BBox(230_000, 470_000, 231_000, 471_000)
    seen = [group.layer_count(Layer.INCIDENTS, Filters(), box)]
    for i in range(30):
        frame = pd.DataFrame({"x": [230_400.0 + i], "y": [470_400.0], "source_org": ["politie"],
                              "category": ["drugslab"], "occurred_on": [date(2026, 3, 5)]})  # fmt: skip
        shared.insert_points(Layer.INCIDENTS, frame)
        clear_cache()
        seen.append(group.layer_count(Layer.INCIDENTS, Filters(), box))
    steps = [b - a for a, b in itertools.pairwise(seen) if a != SUPPRESSED and b != SUPPRESSED]
    assert len(steps) > 10 and set(steps) != {1}


@pytest.mark.parametrize("role", AGGREGATE_ROLES)
def test_no_count_below_five_whatever_is_asked(shared: Store, role: Role) -> None:
    partner = _as(shared, role)
    month = _busiest_month(shared)
    areas = [None, *shared.areas()["id"].astype(int)]
    shown: list[int] = []
    for layer in Layer:
        for area in areas:
            for period in ((None, None), (month, month), (month, month + timedelta(days=40))):
                f = Filters(*period, area_id=area)
                shown.append(partner.layer_count(layer, f))
                for by in ("municipality", "area", *(() if layer is Layer.BARNS else ("month",))):
                    shown += partner.counts_by(layer, f, by)["n"].tolist()
                shown += partner.grid_counts(layer, f, 1000.0)["n"].tolist()
    for by in ("month", "municipality", "area"):
        shown += partner.dumping_counts(by, DumpingQuery(statuses=("gemeld",)))["n"].tolist()
    assert len(shown) > 100
    assert all(n == SUPPRESSED or n >= MIN_SHOWN for n in shown)


@pytest.mark.parametrize("role", list(Role))
def test_the_secret_of_the_record_keys_is_never_handed_out(shared: Store, role: Role) -> None:
    _as(shared, Role.WORKGROUP).layer_count(Layer.INCIDENTS, Filters())  # makes the secret
    with pytest.raises(PermissionDenied):
        _as(shared, role).get_meta("secret:cell_key")
    assert _as(shared, role).get_meta("demo") == "1"
