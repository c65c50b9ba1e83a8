"""Periods of the hotspot analysis: a period that ends before it starts is refused, and the PAI check
falls back to splitting the chosen period when there is nothing before it."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
import shapely

from gis.domain.catalog import Layer
from gis.hotspots.analysis import HotspotQuery, study_area
from gis.hotspots.cells import make_cells
from gis.hotspots.gistar import HotspotError
from gis.hotspots.periods import pai_check, period_of
from gis.store import Store

CLUSTER = (230_000.0, 470_000.0)  # in Overijssel
BOX = shapely.box(CLUSTER[0] - 5_000, CLUSTER[1] - 5_000, CLUSTER[0] + 5_000, CLUSTER[1] + 5_000)


def add_incidents(store: Store, x: np.ndarray, y: np.ndarray, day: date) -> None:
    frame = pd.DataFrame({"x": x, "y": y, "source_org": "politie", "category": "drugslab", "occurred_on": day})
    store.insert_points(Layer.INCIDENTS, frame)


def spread_and_cluster(store: Store, day: date, spread: int, cluster: int, seed: int) -> None:
    """``spread`` incidents over the whole box and ``cluster`` in a tight knot at its centre, on ``day``."""
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = BOX.bounds
    add_incidents(store, rng.uniform(x0 + 1, x1 - 1, spread), rng.uniform(y0 + 1, y1 - 1, spread), day)
    xs = np.clip(rng.normal(CLUSTER[0], 150, cluster), x0 + 1, x1 - 1)
    ys = np.clip(rng.normal(CLUSTER[1], 150, cluster), y0 + 1, y1 - 1)
    add_incidents(store, xs, ys, day)


@pytest.fixture
def one_year(store: Store) -> Store:
    """Incidents only in 2026 (nothing before), with the same cluster in the first and the second half."""
    spread_and_cluster(store, date(2026, 3, 1), 300, 150, seed=1)  # first half: 450
    spread_and_cluster(store, date(2026, 9, 1), 200, 100, seed=2)  # second half: 300
    store.add_area("Proefvak", BOX, created_by="test")
    return store


def query(store: Store, start: date | None, end: date | None) -> HotspotQuery:
    area_id = int(store.areas()["id"].iloc[0])
    return HotspotQuery(area_id=area_id, date_from=start, date_to=end, cell_m=500, distance_m=1000)


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (date(2026, 5, 1), date(2026, 4, 30), "De periode begint (01-05-2026) na het einde (30-04-2026)."),
        (date(2026, 12, 31), date(2026, 1, 1), "De periode begint (31-12-2026) na het einde (01-01-2026)."),
        # no end given: the end is the last date in the data (01-09-2026)
        (date(2027, 1, 1), None, "De periode begint (01-01-2027) na het einde (01-09-2026)."),
        # no start given: the start is the first date in the data (01-03-2026)
        (None, date(2026, 2, 1), "De periode begint (01-03-2026) na het einde (01-02-2026)."),
    ],
)
def test_start_after_end_is_refused(one_year: Store, start, end, message: str) -> None:
    with pytest.raises(HotspotError) as refused:
        period_of(one_year, query(one_year, start, end))
    assert str(refused.value) == message


def test_period_of_fills_in_the_data_span_and_keeps_a_one_day_period(one_year: Store) -> None:
    assert period_of(one_year, query(one_year, None, None)) == (date(2026, 3, 1), date(2026, 9, 1))
    assert period_of(one_year, query(one_year, date(2026, 4, 1), None)) == (date(2026, 4, 1), date(2026, 9, 1))
    day = date(2026, 6, 15)
    assert period_of(one_year, query(one_year, day, day)) == (day, day)  # start == end is no error


def test_pai_splits_the_period_when_there_is_nothing_before_it(one_year: Store) -> None:
    q = query(one_year, date(2026, 1, 1), date(2026, 12, 31))  # before it (2025) there is nothing
    study = study_area(one_year, q)
    cells = make_cells(study.geom, 500)
    check = pai_check(one_year, q, study, cells)
    # 365 days: the first 182 build the hotspots, the last 183 test them
    assert check.build == (date(2026, 1, 1), date(2026, 7, 1))
    assert check.test == (date(2026, 7, 2), date(2026, 12, 31))
    r = check.result
    assert r.test_total == 300  # only the second half's incidents are tested
    assert r.hotspot_cells > 0 and r.pai is not None and r.pai > 5  # the first half's cluster predicts the second


def test_pai_uses_the_period_before_when_it_has_records(one_year: Store) -> None:
    q = query(one_year, date(2026, 7, 1), date(2026, 12, 31))  # 184 days; before it: 2025-12-29..2026-06-30
    study = study_area(one_year, q)
    check = pai_check(one_year, q, study, make_cells(study.geom, 500))
    assert check.build == (date(2025, 12, 29), date(2026, 6, 30)) and check.test == (
        date(2026, 7, 1),
        date(2026, 12, 31),
    )
    assert check.result.test_total == 300


def test_pai_of_a_single_day_with_nothing_before_it_is_refused(one_year: Store) -> None:
    day = date(2026, 3, 1)  # a day cannot be split: the message about the empty day before stands
    q = query(one_year, day, day)
    study = study_area(one_year, q)
    with pytest.raises(HotspotError) as refused:
        pai_check(one_year, q, study, make_cells(study.geom, 500))
    assert str(refused.value) == "Geen meldingen van 28-02-2026 tot en met 28-02-2026 in deze selectie."


def test_pai_split_whose_first_half_is_empty_is_refused(one_year: Store) -> None:
    # 01-02..01-03 (29 days): nothing before it, and its first 14 days are empty too
    q = query(one_year, date(2026, 2, 1), date(2026, 3, 1))
    study = study_area(one_year, q)
    with pytest.raises(HotspotError) as refused:
        pai_check(one_year, q, study, make_cells(study.geom, 500))
    assert str(refused.value) == "Geen meldingen van 01-02-2026 tot en met 14-02-2026 in deze selectie."
