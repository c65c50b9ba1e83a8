"""The page's one-read path (``first_map``) gives the same Gi* result and PAI as ``run_hotspots`` plus
``pai_check``, on the demo data: one layer, three layers (barns have no date), a period with nothing before
it (the PAI splits the period), no period at all, and a selection too small for a map."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from gis.hotspots.analysis import HotspotQuery, run_hotspots, study_area
from gis.hotspots.cells import make_cells
from gis.hotspots.first_map import first_map
from gis.hotspots.gistar import HotspotError
from gis.hotspots.periods import pai_check
from gis.store import Store, open_store


@pytest.fixture
def demo(demo_db: Path) -> Iterator[Store]:
    s = open_store(str(demo_db))
    yield s
    s.close()


def _same(store: Store, q: HotspotQuery) -> None:
    study = study_area(store, q)
    cells = make_cells(study.geom, q.cell_m or 1000.0, q.grid)
    fast = first_map(store, q, study, cells)
    old = run_hotspots(store, q, cells)
    for name in ("counts", "z", "p", "p_adj", "classes", "neighbours"):
        np.testing.assert_array_equal(getattr(fast.result, name), getattr(old, name), err_msg=name)
    assert fast.result.n_events == old.n_events and fast.result.warnings == old.warnings
    assert sorted(fast.result.by_source) == sorted(old.by_source)
    for source, values in old.by_source.items():
        np.testing.assert_array_equal(fast.result.by_source[source], values, err_msg=source)
    assert fast.result.query == old.query and fast.result.distance_m == old.distance_m
    try:
        pai = pai_check(store, q, study, cells)
    except HotspotError as exc:
        assert fast.pai is None and fast.pai_error == str(exc)
        return
    assert fast.pai is not None and fast.pai_error == ""
    assert (fast.pai.build, fast.pai.test) == (pai.build, pai.test)
    assert fast.pai.result == pai.result


LAST_12 = dict(date_from=date(2025, 11, 1), date_to=date(2026, 10, 31))


@pytest.mark.parametrize(
    "q",
    [
        HotspotQuery(cell_m=1000.0, distance_m=2000.0, **LAST_12),  # the page's first map
        HotspotQuery(layers=("incidents", "dumpings", "barns"), cell_m=2000.0, distance_m=5000.0, **LAST_12),
        HotspotQuery(cell_m=1000.0, distance_m=3000.0, correction="holm", grid="square",
                     date_from=date(2023, 11, 1), date_to=date(2024, 10, 31)),  # nothing before: the PAI splits
        HotspotQuery(cell_m=2000.0, distance_m=4000.0),  # no period: the long way
    ],
    ids=["page-default", "three-layers", "split-pai", "no-period"],
)  # fmt: skip
def test_one_read_gives_the_same_hotspots_and_pai(demo: Store, q: HotspotQuery) -> None:
    _same(demo, q)


def test_the_split_case_really_splits(demo: Store) -> None:
    q = HotspotQuery(cell_m=1000.0, distance_m=3000.0, date_from=date(2023, 11, 1), date_to=date(2024, 10, 31))
    study = study_area(demo, q)
    fast = first_map(demo, q, study, make_cells(study.geom, 1000.0))
    assert fast.pai is not None and fast.pai.build == (date(2023, 11, 1), date(2024, 5, 1))


def test_too_few_records_raise_as_before(demo: Store) -> None:
    q = HotspotQuery(cell_m=1000.0, distance_m=2000.0, categories=("vaten",), **LAST_12)
    study = study_area(demo, q)
    with pytest.raises(HotspotError, match="minder dan 10 meldingen"):
        first_map(demo, q, study, make_cells(study.geom, 1000.0))
